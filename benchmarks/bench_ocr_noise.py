"""Time ``propose_cleanups`` on generated OCR-like text of 2 MB and 20 MB (UTF-8 bytes).

The text mimics the seeds: English prose wrapped at ~70 characters with the odd merged
word ("Inregard"), split word ("indus try") and line-end hyphen, Korean paragraphs, a
garbled running header with a page number every ~45 lines, lone page numbers and web
boilerplate at the start and end.

    .venv/bin/python benchmarks/bench_ocr_noise.py [sizes in MB, default: 2 20]
"""

from __future__ import annotations

import random
import sys
import time
import resource

from curator.suggest.ocr_noise import lexicon, propose_cleanups

ENGLISH = (
    "This study covers the process of industrialization promotion in North Korea from "
    "1945 to 1956 and analyzes how the development route of industrialization is related "
    "to the socialist industrialization of the Soviet Union under the historical conditions "
    "of the postwar period when heavy industry and consumer goods competed for capital"
).split()
KOREAN = "본 연구는 북한의 제1차 5개년계획 채택과 시행 과정을 검토하였다 1958년 3월 공업 생산 목표를".split()
NOISE = ["S5to| KA £3Yst Mein UM £}} FH|(1945~1956) {page}", "{page}", "— {page} —"]


def generate(target_bytes: int, seed: int = 7) -> str:
    rnd = random.Random(seed)
    out = ["본문 바로가기\n  • Home\n\n"]
    size, page, line_no = 0, 1, 0
    while size < target_bytes:
        if rnd.random() < 0.25:
            line = " ".join(rnd.choice(KOREAN) for _ in range(rnd.randint(8, 14))) + "."
        else:
            words = [rnd.choice(ENGLISH) for _ in range(rnd.randint(9, 12))]
            r = rnd.random()
            if r < 0.02:
                words[0] = "Inregard"
            elif r < 0.04:
                words.insert(3, "indus try")
            line = " ".join(words)
            if rnd.random() < 0.03:
                line += " indus-"
            if rnd.random() < 0.1:
                line += "."
        out.append(line + "\n")
        line_no += 1
        if line_no % 45 == 0:
            page += 1
            out.append("\n" + rnd.choice(NOISE).format(page=page) + "\n\n")
        if line_no % 200 == 0:
            out.append("\n")
        size += len(line.encode()) + 1
    out.append("\nCitation status\n\n* References for papers published after 2023 are currently being built.")
    return "".join(out)


def main(sizes: list[float]) -> None:
    t = time.perf_counter()
    lexicon()
    print(f"lexicon load (once per process): {time.perf_counter() - t:.2f} s")
    for mb in sizes:
        text = generate(int(mb * 1_000_000))
        t = time.perf_counter()
        found = propose_cleanups(text)
        elapsed = time.perf_counter() - t
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
        kinds = {k: sum(c.kind == k for c in found) for k in ("noise", "edit")}
        print(
            f"{mb:g} MB ({len(text):,} chars, {text.count(chr(10)):,} lines): {elapsed:.2f} s, "
            f"{len(text) / elapsed / 1e6:.2f} M chars/s, {len(found):,} proposals {kinds}, "
            f"process peak RSS so far {peak / 1e6:.0f} MB"
        )


if __name__ == "__main__":
    main([float(a) for a in sys.argv[1:]] or [2, 20])
