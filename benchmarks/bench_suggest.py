"""Quality and speed of the suggestion detectors.

Quality: precision, recall and value accuracy per kind against the hand-made gold set
``benchmarks/gold/seeds.json`` (offsets are code points into the seed files).
A date or figure counts as found when a suggestion of that kind has exactly the gold
span; value accuracy is the share of found items whose value equals the gold value.
A claim counts as found when a suggested claim overlaps the gold sentence by at least
half of the longer of the two spans.

Speed: all detectors (``suggest``) and the parallel check on generated documents of
2, 10 and 20 MB (UTF-8), built from the seed texts with varied numbers and years.

    .venv/bin/python benchmarks/bench_suggest.py [--sizes 2,10,20] [--no-speed]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from curator.suggest import check_parallel, suggest

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "benchmarks" / "gold" / "seeds.json"
SEEDS = ROOT / "seeds"


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def evaluate(gold: dict) -> dict[str, dict[str, float]]:
    totals = {k: {"tp": 0, "fp": 0, "fn": 0, "value_ok": 0} for k in ("date", "figure", "claim")}
    for name, entry in gold["files"].items():
        text = (SEEDS / name).read_text(encoding="utf-8")
        got = suggest(text)
        for kind in ("date", "figure"):
            want = {(g["start"], g["end"]): g for g in entry[kind + "s"]}
            for g in want.values():
                assert text[g["start"] : g["end"]] == g["quote"], (name, g)
            have = {(s.start, s.end): s for s in got if s.label == kind}
            t = totals[kind]
            for span, s in have.items():
                if span in want:
                    t["tp"] += 1
                    t["value_ok"] += int(s.value == want[span]["value"])
                else:
                    t["fp"] += 1
            t["fn"] += sum(1 for span in want if span not in have)
        gold_claims = [(c["start"], c["end"]) for c in entry["claims"]]
        got_claims = [(s.start, s.end) for s in got if s.label == "claim"]
        t = totals["claim"]
        matched: set[int] = set()
        for span in got_claims:
            hit = next((i for i, g in enumerate(gold_claims) if i not in matched
                        and _overlap(span, g) * 2 >= max(span[1] - span[0], g[1] - g[0])), None)
            if hit is None:
                t["fp"] += 1
            else:
                matched.add(hit)
                t["tp"] += 1
                t["value_ok"] += 1
        t["fn"] += len(gold_claims) - len(matched)
    report = {}
    for kind, t in totals.items():
        p = t["tp"] / (t["tp"] + t["fp"]) if t["tp"] + t["fp"] else 1.0
        r = t["tp"] / (t["tp"] + t["fn"]) if t["tp"] + t["fn"] else 1.0
        v = t["value_ok"] / t["tp"] if t["tp"] else 1.0
        report[kind] = {"precision": p, "recall": r, "value_accuracy": v, **t}
    return report


def generate(megabytes: float, seed: int = 7) -> str:
    """A document of about ``megabytes`` MB of UTF-8 from the seeds, numbers varied."""
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    target = int(megabytes * 1_000_000)
    parts: list[str] = []
    size = 0
    while size < target:
        base = rng.choice(texts)
        year = str(rng.randint(1900, 1999))
        piece = base.replace("1950", year).replace("576", str(rng.randint(100, 999)))
        parts.append(piece)
        size += len(piece.encode("utf-8")) + 2
    return "\n\n".join(parts)


def time_it(text: str) -> tuple[float, int, float, int, float, float]:
    """Wall-clock seconds and counts of suggest() and check_parallel(), then the CPU seconds
    of each (this process only: steadier than the wall clock on a shared machine)."""
    c0, t0 = time.process_time(), time.perf_counter()
    found = suggest(text)
    c1, t1 = time.process_time(), time.perf_counter()
    findings = check_parallel(text)
    c2, t2 = time.process_time(), time.perf_counter()
    return t1 - t0, len(found), t2 - t1, len(findings), c1 - c0, c2 - c1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="2,10,20", help="document sizes in MB, comma-separated")
    ap.add_argument("--no-speed", action="store_true")
    args = ap.parse_args(argv)
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    print("quality on the gold set (benchmarks/gold/seeds.json)")
    print(f"{'kind':8} {'precision':>9} {'recall':>7} {'value acc':>9}   tp  fp  fn")
    for kind, r in evaluate(gold).items():
        print(f"{kind:8} {r['precision']:9.3f} {r['recall']:7.3f} {r['value_accuracy']:9.3f}"
              f"  {r['tp']:3d} {r['fp']:3d} {r['fn']:3d}")
    if args.no_speed:
        return 0
    print("\nspeed: suggest() with all kinds, then check_parallel(), on generated documents")
    for mb in (float(x) for x in args.sizes.split(",")):
        text = generate(mb)
        secs, n, psecs, nf, cpu, pcpu = time_it(text)
        print(f"{mb:5.0f} MB ({len(text):,} chars): suggest {secs:6.2f} s (cpu {cpu:5.2f} s, {n:,} suggestions), "
              f"check_parallel {psecs:6.2f} s (cpu {pcpu:5.2f} s, {nf:,} findings)")
    print("\nlinearity on pathological input (time for n and 4n repetitions; ratio ~4 is linear)")
    for unit in ("9", "억", "1,", "1950-", "5억 ", "from ", ". "):
        small, large = unit * 20_000, unit * 80_000
        t_small = sum(time_it(small)[0:3:2])
        t_large = sum(time_it(large)[0:3:2])
        print(f"  {unit!r:>9} x20k {t_small:6.2f} s  x80k {t_large:6.2f} s  ratio {t_large / max(t_small, 1e-6):5.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
