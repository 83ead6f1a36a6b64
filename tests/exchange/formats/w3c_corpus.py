"""The corpus the W3C tests (and the JSONL/CSV export tests) annotate: two documents
with every label, Korean, emoji, a CJK Extension B ideograph, a CRLF and a UTF-16
source file, and a claim with evidence; plus an export helper."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from curator.domain import ClaimValue, DateValue, FigureValue
from curator.exchange.textfile import decode_bytes
from curator.services.exchange import write_w3c
from curator.services import annotations as A
from curator.services.corpus import import_decoded, load_document

TEXT_1 = (
    "5억 7,600만 루블 were granted 😀 in the years 1945년부터 1956년까지.\r\n"
    '공장 𠀀𡈽 no. 65 produced 12억 900만 units; "quoted", commas\nand the end 😀'
)
TEXT_2 = "Second document 👩‍👩‍👧 from 1950-07 to 1950-10, the late 1950s.\n"


@dataclass
class Corpus:
    doc1: int
    doc2: int
    text1: str
    text2: str
    ids: dict[str, int]


def span(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def build_corpus(store) -> Corpus:
    doc1 = import_decoded(store, "aid.txt", decode_bytes(TEXT_1.encode("utf-8"))).document_id
    doc2 = import_decoded(store, "second.txt", decode_bytes(TEXT_2.encode("utf-16"))).document_id
    texts = {doc1: load_document(store, doc1).text, doc2: load_document(store, doc2).text}
    ids: dict[str, int] = {}
    # fmt: off
    plan = [  # key, document, phrase, label, value (or a function of the ids so far), options
        ("figure_start", doc1, "5억 7,600만 루블", "figure", FigureValue(Decimal("576000000"), "RUB"), {}),
        ("date_range", doc1, "1945년부터 1956년까지", "date", DateValue("1945/1956"),
         {"note": "Korean range; 까지 inclusive"}),
        ("ext_b", doc1, "𠀀𡈽 no. 65", "figure", None, {"status": "needs_review", "creator": "lee"}),
        ("figure_lines", doc1, '12억 900만 units; "quoted", commas\nand', "figure",
         FigureValue(Decimal("1209000000"), "units"), {}),
        ("emoji_end", doc1, "end 😀", "date", None, {}),
        ("claim", doc1, "were granted 😀 in the years", "claim",
         lambda ids: ClaimValue("Aid was granted over a decade", (ids["figure_start"], ids["date_range"])),
         {"status": "confirmed"}),
        ("claim_bare", doc1, "공장", "claim", None, {}),
        ("doc2_date", doc2, "from 1950-07 to 1950-10", "date", DateValue("1950-07/1950-10"), {}),
        ("doc2_decade", doc2, "the late 1950s", "date", DateValue("1955/1959"), {}),
        ("doc2_family", doc2, "👩‍👩‍👧", "claim", ClaimValue("a family", ()), {}),
    ]
    # fmt: on
    for key, doc, phrase, label, value, options in plan:
        value = value(ids) if callable(value) else value
        options = {"creator": "김민지", **options}
        ids[key] = A.create_annotation(
            store, doc, label, *span(texts[doc], phrase), value=value, **options
        ).id
    return Corpus(doc1, doc2, texts[doc1], texts[doc2], ids)


def export(store, tmp_path: Path, **kw) -> tuple[dict[str, Any], int]:
    out = tmp_path / "out" / "annotations.jsonld"
    n = write_w3c(store, out, **kw)
    return json.loads(out.read_text(encoding="utf-8")), n
