"""How well the date and figure detectors and the Korean/English check do on text they were
not written from: the hand-made corpus in ``benchmarks/gold/abstracts`` (see its README).

For each category of the corpus and each language it prints recall (gold items found with
their span), exact-value accuracy (found items whose value equals the gold value) and
precision (suggestions that are gold items; a wrong suggestion counts against the categories
of the gold items it overlaps, or against "(none)" when it overlaps none). Then the dates
and figures suggested on identifiers, and the parallel check's true, false and missed
findings. A span matches when it equals the gold span, a final full stop aside ("1961. 6.
10." and "1961. 6. 10").

    .venv/bin/python benchmarks/eval_detectors.py [-v]    # -v: list every miss and error
"""

from __future__ import annotations

import argparse
import inspect
import json
import re
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from curator.suggest import check_parallel, suggest

CORPUS = Path(__file__).resolve().parent / "gold" / "abstracts"
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[A-Za-z]")


def locate(text: str, span: str, at: int | str) -> tuple[int, int]:
    """Offsets of a gold span: its ``at``-th occurrence, or its first occurrence inside the
    first occurrence of the context string ``at``."""
    if isinstance(at, int):
        pos = -1
        for _ in range(at):
            pos = text.find(span, pos + 1)
            if pos < 0:
                raise ValueError(f"{span!r} has no occurrence {at}")
    else:
        ctx = text.find(at)
        pos = text.find(span, ctx) if ctx >= 0 else -1
        if ctx < 0 or pos < 0 or pos + len(span) > ctx + len(at):
            raise ValueError(f"{span!r} not found inside {at!r}")
    return pos, pos + len(span)


def _norm(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in ". \n":
        end -= 1
    return start, end


def _lang(text: str, pos: int) -> str:
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return "ko" if len(_HANGUL.findall(line)) >= len(_LATIN.findall(line)) else "en"


def _same_value(kind: str, got: dict | None, want: dict) -> bool:
    if got is None:
        return False
    if kind == "figure":
        got = dict(got)
        want = dict(want)
        try:
            if Decimal(got.get("amount", "x")) != Decimal(want["amount"]):
                return False
        except ArithmeticError:
            return False
        got.pop("amount")
        want.pop("amount")
    return got == want


def _accepts(fn, name: str) -> bool:
    return name in inspect.signature(fn).parameters


def _context(doc: dict, text: str) -> dict:
    """Keyword arguments of the document's context, for the detectors that take them."""
    kw: dict = {}
    if _accepts(suggest, "country"):
        kw["country"] = doc["country"]
    if _accepts(suggest, "excluded"):
        kw["excluded"] = [locate(text, n["text"], n["at"]) for n in doc.get("noise", [])]
    return kw


def load() -> list[tuple[str, str, dict]]:
    docs = []
    for gold in sorted(CORPUS.glob("*.gold.json")):
        name = gold.name[: -len(".gold.json")]
        docs.append((name, (CORPUS / f"{name}.txt").read_text(encoding="utf-8"),
                     json.loads(gold.read_text(encoding="utf-8"))))
    return docs


class Tally:
    def __init__(self) -> None:
        self.n = self.found = self.value_ok = self.fp = 0

    def row(self, name: str) -> str:
        r = self.found / self.n if self.n else float("nan")
        v = self.value_ok / self.found if self.found else float("nan")
        p = self.found / (self.found + self.fp) if self.found + self.fp else float("nan")
        return (f"{name:22} {self.n:4d} {self.found:5d} {r:7.1%} {self.value_ok:5d} {v:7.1%}"
                f" {self.fp:4d} {p:7.1%}")


def evaluate(verbose: bool = False) -> int:
    by_cat: dict[str, Tally] = defaultdict(Tally)
    by_lang: dict[str, Tally] = defaultdict(Tally)
    by_kind: dict[str, Tally] = defaultdict(Tally)
    total = Tally()
    on_identifiers: list[str] = []
    notes: list[str] = []
    check_true = check_false = check_missed = 0
    check_lines: list[str] = []
    for name, text, doc in load():
        kw = _context(doc, text)
        got = [s for s in suggest(text, ("date", "figure"), **kw) if s.label in ("date", "figure")]
        gold = []
        for it in doc["items"]:
            start, end = locate(text, it["text"], it["at"])
            gold.append((it, _norm(text, start, end)))
        by_span = {(it["kind"], span): it for it, span in gold}
        matched: set[tuple[str, tuple[int, int]]] = set()
        for s in got:
            key = (s.label, _norm(text, s.start, s.end))
            it = by_span.get(key)
            lang = _lang(text, s.start)
            if it is not None and key not in matched:
                matched.add(key)
                ok = _same_value(it["kind"], s.value, it["value"])
                for t in [total, by_lang[lang], by_kind[it["kind"]]] + [by_cat[c] for c in it["categories"]]:
                    t.found += 1
                    t.value_ok += ok
                if not ok:
                    notes.append(f"  value  {name}: {s.quote!r} = {s.value}, gold {it['value']}")
                continue
            cats = {c for it, (a, b) in gold if a < s.end and s.start < b for c in it["categories"]}
            for t in [total, by_lang[lang], by_kind[s.label]] + [by_cat[c] for c in (cats or {"(none)"})]:
                t.fp += 1
            notes.append(f"  wrong  {name}: {s.label} {s.quote!r} = {s.value} ({s.reason})")
        for it, span in gold:
            lang = _lang(text, span[0])
            for t in [total, by_lang[lang], by_kind[it["kind"]]] + [by_cat[c] for c in it["categories"]]:
                t.n += 1
            if (it["kind"], span) not in matched:
                notes.append(f"  missed {name}: {it['kind']} {it['text']!r} {it['value']}")
        for ident in doc.get("identifiers", []):
            a, b = locate(text, ident["text"], ident["at"])
            for s in got:
                if s.start < b and a < s.end:
                    on_identifiers.append(f"  {name}: {s.label} {s.quote!r} on {ident['category']} {ident['text']!r}")
        if doc.get("check") is None:
            continue
        want = []
        for f in doc["check"]["findings"]:
            sides = {lang: (locate(text, *f[lang]) if f[lang] else None) for lang in ("ko", "en")}
            want.append((f, sides))
        found_check = check_parallel(text, **({"country": doc["country"]} if _accepts(check_parallel, "country") else {}))
        hit: set[int] = set()
        for finding in found_check:
            if finding.kind not in ("mismatch", "only_in_one"):
                check_lines.append(f"  note   {name}: {finding.message}")
                continue
            match = None
            for i, (f, sides) in enumerate(want):
                if i in hit or f["kind"] != finding.kind or f["label"] != finding.label:
                    continue
                ok = True
                for lang in ("ko", "en"):
                    side, gold_side = getattr(finding, lang), sides[lang]
                    if (side is None) != (gold_side is None) or (
                            side is not None and not (side.start < gold_side[1] and gold_side[0] < side.end)):
                        ok = False
                if ok:
                    match = i
                    break
            if match is None:
                check_false += 1
                check_lines.append(f"  FALSE  {name}: {finding.message}")
            else:
                hit.add(match)
                check_true += 1
                check_lines.append(f"  true   {name}: {finding.message}")
        for i, (f, _) in enumerate(want):
            if i not in hit:
                check_missed += 1
                check_lines.append(f"  MISSED {name}: {f['kind']} {f['label']} ko={f['ko']} en={f['en']}")
    head = f"{'':22} {'gold':>4} {'found':>5} {'recall':>7} {'value':>5} {'exact':>7} {'fp':>4} {'precis.':>7}"
    print("dates and figures on benchmarks/gold/abstracts")
    print(head)
    print(total.row("all"))
    for kind in sorted(by_kind):
        print(by_kind[kind].row(kind))
    print("by language")
    for lang in sorted(by_lang):
        print(by_lang[lang].row(lang))
    print("by category")
    for cat in sorted(by_cat):
        print(by_cat[cat].row(cat))
    print(f"\ndates or figures on identifiers: {len(on_identifiers)}")
    print("\n".join(on_identifiers))
    print(f"\nKorean/English check: {check_true} true, {check_false} false, {check_missed} missed")
    print("\n".join(check_lines))
    if verbose:
        print("\nmisses, wrong values and wrong suggestions")
        print("\n".join(notes))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    return evaluate(args.verbose)


if __name__ == "__main__":
    sys.exit(main())
