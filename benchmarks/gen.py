"""Generate the benchmark corpus: a ~2 MB document and 20,000 annotations on it.

Deterministic (seeded). The text has 30,000 lines, about 40 % of them Korean, with a
few emoji and a CJK Extension B character, so UTF-16 and code-point offsets differ.
The annotations mix the three labels; some are nested (a date or figure inside a
claim), some overlap, and a few claims run over thousands of characters.

``build_store`` writes everything through the bulk path (SQLAlchemy Core inserts in one
transaction) after ``open_store`` has created the schema. Other benchmarks reuse it::

    from benchmarks.gen import build_store
    store, doc_id, text = build_store(tmp_path / "bench.sqlite")

or from a shell: ``python benchmarks/gen.py /tmp/bench.sqlite``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from sqlalchemy import insert

from curator.store import open_store
from curator.store.engine import Store
from curator.store.models import Annotation, AnnotationSpan, Curator, Document, Revision, utcnow
from curator.text.canonical import canonicalize, sha256_hex

EN_WORDS = (
    "the factory production steel workers union government ministry export plan "
    "year month reported increase tons percent village council minutes agreement "
    "cooperative fertilizer rice harvest railway bridge school committee budget "
    "won dollars machinery imported loan bank delegation visit conference archive"
).split()
KO_WORDS = (
    "공장 생산 노동자 정부 수출 계획 보고 증가 농촌 협동조합 비료 쌀 수확 철도 "
    "다리 학교 위원회 예산 기계 수입 차관 은행 대표단 방문 회의 기록 마을 개발"
).split()
RARE = ["😀", "📈", "🏭", "𠀀", "🇰🇷"]
LABELS = ("claim", "date", "figure")


def generate_text(lines: int = 30_000, seed: int = 1958) -> str:
    """Canonical text (NFC, ``\\n``) of ``lines`` lines, ~2 MB of UTF-8 at 30,000."""
    rnd = random.Random(seed)
    out: list[str] = []
    for i in range(lines):
        if i % 12 == 11:
            out.append("")  # paragraph break
            continue
        if rnd.random() < 0.4:
            words = [rnd.choice(KO_WORDS) for _ in range(rnd.randint(5, 10))]
            words.insert(rnd.randrange(len(words)), f"{rnd.randint(1945, 1989)}년")
            words.insert(rnd.randrange(len(words)), f"{rnd.randint(1, 99)}억 {rnd.randint(1, 9)},{rnd.randint(100, 999)}만 원")
        else:
            words = [rnd.choice(EN_WORDS) for _ in range(rnd.randint(5, 8))]
            words.insert(rnd.randrange(len(words)), f"in {rnd.randint(1945, 1989)}")
            words.insert(rnd.randrange(len(words)), f"{rnd.randint(1, 999)},{rnd.randint(100, 999)} tons")
        if i % 997 == 0:
            words.insert(rnd.randrange(len(words)), rnd.choice(RARE))
        line = " ".join(words)
        out.append(line[0].upper() + line[1:] + ".")
    return canonicalize("\n".join(out)).text


def generate_spans(text: str, count: int = 20_000, seed: int = 1958) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` code-point spans over ``text``.

    About half are claims over a line or part of it; dates and figures fall mostly
    inside a claim (nesting), some overlap their neighbours, and 20 claims cover
    long stretches (2,000–60,000 characters).
    """
    rnd = random.Random(seed)
    line_starts = [0]
    pos = text.find("\n")
    while pos != -1:
        line_starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    n = len(text)
    spans: list[tuple[int, int, str]] = []
    for _ in range(20):  # long claims
        start = rnd.randrange(0, n - 70_000)
        spans.append((start, start + rnd.randint(2_000, 60_000), "claim"))
    while len(spans) < count:
        li = rnd.randrange(len(line_starts))
        ls = line_starts[li]
        le = line_starts[li + 1] - 1 if li + 1 < len(line_starts) else n
        if le - ls < 12:
            continue
        kind = rnd.random()
        if kind < 0.35:  # a claim over part of the line, with one nested value
            a = ls + rnd.randrange(0, (le - ls) // 3)
            b = le - rnd.randrange(0, (le - ls) // 3)
            spans.append((a, b, "claim"))
            if b - a > 10 and len(spans) < count:
                c = rnd.randrange(a, b - 6)
                spans.append((c, c + rnd.randint(3, 6), rnd.choice(("date", "figure"))))
        else:  # a date or figure; ~1 in 5 overlaps the next one
            a = rnd.randrange(ls, le - 8)
            b = a + rnd.randint(3, 8)
            spans.append((a, b, rnd.choice(("date", "figure"))))
            if rnd.random() < 0.2 and b + 4 < le and len(spans) < count:
                spans.append((b - 2, b + 4, rnd.choice(LABELS)))
    return spans[:count]


def build_store(
    path: str | Path,
    *,
    lines: int = 30_000,
    count: int = 20_000,
    seed: int = 1958,
) -> tuple[Store, int, str]:
    """Create a store at ``path`` holding one generated document and its annotations.

    Returns the open store, the document id and the text."""
    text = generate_text(lines, seed)
    spans = generate_spans(text, count, seed)
    store = open_store(path)  # creates the schema through the migrations
    now = utcnow()
    with store.engine.begin() as conn:
        curator_id = conn.execute(insert(Curator.__table__).values(name="bench", created=now)).inserted_primary_key[0]
        doc_id = conn.execute(
            insert(Document.__table__).values(
                title="Benchmark document", source_name="bench.txt", raw_sha256=sha256_hex(text),
                encoding="utf-8", import_notes="generated", created=now,
            )
        ).inserted_primary_key[0]
        rev_id = conn.execute(
            insert(Revision.__table__).values(
                document_id=doc_id, number=1, text=text, sha256=sha256_hex(text),
                note="generated", created=now,
            )
        ).inserted_primary_key[0]
        insert_annotations(
            conn,
            [
                {
                    "id": n, "document_id": doc_id, "revision_id": rev_id, "label": label, "start": s,
                    "end": e, "quote": text[s:e], "value_json": None, "note": "",
                    "status": "draft", "origin": "import", "creator_id": curator_id,
                    "created": now, "modified": now,
                }
                for n, (s, e, label) in enumerate(spans, start=1)  # a fresh store: ids from 1
            ],
        )
    return store, doc_id, text


_SPAN_KEYS = ("revision_id", "start", "end")


def insert_annotations(conn, rows: list[dict]) -> None:
    """Bulk-insert annotation dicts (with explicit ``id``) holding their span's columns
    too: the span goes to ``annotation_span``, the rest to ``annotation``."""
    conn.execute(insert(Annotation.__table__), [
        {k: v for k, v in r.items() if k not in _SPAN_KEYS} for r in rows
    ])
    conn.execute(insert(AnnotationSpan.__table__), [
        {"annotation_id": r["id"], "document_id": r["document_id"], **{k: r[k] for k in _SPAN_KEYS}}
        for r in rows
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, help="SQLite file to create (must not exist)")
    parser.add_argument("--lines", type=int, default=30_000)
    parser.add_argument("--count", type=int, default=20_000)
    args = parser.parse_args(argv)
    if args.db.exists():
        print(f"error: {args.db} exists already", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    store, doc_id, text = build_store(args.db, lines=args.lines, count=args.count)
    store.close()
    print(
        f"document {doc_id}: {len(text):,} code points, {len(text.encode()):,} UTF-8 bytes, "
        f"{text.count(chr(10)) + 1:,} lines, {args.count:,} annotations "
        f"in {time.perf_counter() - t0:.1f} s -> {args.db}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
