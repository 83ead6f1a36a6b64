"""JSONL for NLP tools and CSV of dates and figures: the contract (offsets are Python
code-point offsets and ``text[start:end]`` is the quote). Loading the JSONL into spaCy
and doccano's UTF-16 variant: ``test_jsonl_spacy.py``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import update

from curator.domain import CuratorError, DateValue
from curator.exchange.csv_export import COLUMNS
from curator.services.exchange import write_csv
from curator.services.exchange import write_jsonl
from curator.exchange.textfile import decode_bytes
from curator.services import annotations as A
from curator.services.corpus import import_decoded, load_document
from curator.store.models import Annotation, Revision
from curator.text import sha256_hex

from .w3c_corpus import span


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# ------------------------------------------------------------------------------------ JSONL


def test_jsonl_lines_are_doccano_records_whose_offsets_slice_the_quotes(store, corpus, tmp_path):
    out = tmp_path / "nlp.jsonl"
    n = write_jsonl(store, out)
    lines = read_lines(out)
    assert n == len(corpus.ids) == sum(len(line["label"]) for line in lines)
    assert [line["meta"]["document_id"] for line in lines] == [corpus.doc1, corpus.doc2]
    rows = {row.id: row for doc in (corpus.doc1, corpus.doc2) for row in A.list_annotations(store, doc)}
    for line in lines:
        text = line["text"]
        assert line["meta"]["sha256"] == sha256_hex(text)
        assert text == load_document(store, line["meta"]["document_id"]).text
        assert len(line["label"]) == len(line["spans"])
        for (start, end, label), sp in zip(line["label"], line["spans"]):
            row = rows[sp["id"]]
            assert (start, end) == (sp["start"], sp["end"]) == (row.start, row.end)
            assert text[start:end] == row.quote
            assert label == sp["label"] == row.label.value.upper()
            assert sp["value"] == row.value_json and sp["status"] == row.status.value
        starts = [s[0] for s in line["label"]]
        assert starts == sorted(starts)
    # offsets are code points: after the emoji, UTF-16 positions would be one further on
    first = lines[0]
    date = next(s for s in first["spans"] if s["id"] == corpus.ids["date_range"])
    assert first["text"][date["start"] : date["end"]] == "1945년부터 1956년까지"
    assert (
        first["text"].encode("utf-16-le")[2 * date["start"] : 2 * date["end"]].decode("utf-16-le")
        != "1945년부터 1956년까지"
    )
    claim = next(s for s in first["spans"] if s["id"] == corpus.ids["claim"])
    assert claim["value"]["evidence"] == sorted([corpus.ids["figure_start"], corpus.ids["date_range"]])


def test_jsonl_keeps_unannotated_documents_and_older_revisions(store, corpus, tmp_path):
    empty = import_decoded(
        store, "empty.txt", decode_bytes("Nothing marked here. 한국어".encode())
    ).document_id
    corrected = corpus.text2.replace("Second", "2nd")
    with store.unit() as s:
        s.add(Revision(document_id=corpus.doc2, number=2, text=corrected, sha256=sha256_hex(corrected)))
    A.create_annotation(
        store, corpus.doc2, "date", *span(corrected, "1950-10"), creator="kim", value=DateValue("1950-10")
    )
    out = tmp_path / "nlp.jsonl"
    n = write_jsonl(store, out)
    lines = read_lines(out)
    assert n == len(corpus.ids) + 1
    assert [line["id"] for line in lines] == [
        f"{corpus.doc1}-r1",
        f"{corpus.doc2}-r1",
        f"{corpus.doc2}-r2",
        f"{empty}-r1",
    ]
    assert lines[2]["text"] == corrected and lines[2]["label"] == [
        [corrected.index("1950-10"), corrected.index("1950-10") + 7, "DATE"]
    ]
    assert lines[3]["label"] == [] and lines[3]["text"] == "Nothing marked here. 한국어"


def test_jsonl_is_deterministic_and_reports_progress(store, corpus, tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    calls = []
    write_jsonl(store, a, progress=lambda done, total: calls.append((done, total)))
    write_jsonl(store, b)
    assert a.read_bytes() == b.read_bytes()
    assert calls[-1] == (len(corpus.ids), len(corpus.ids))


# ------------------------------------------------------------------------------------ CSV


def read_csv(path: Path) -> tuple[bytes, list[dict[str, str]]]:
    raw = path.read_bytes()
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return raw, list(csv.DictReader(handle))


def test_csv_holds_dates_and_figures_with_exact_values(store, corpus, tmp_path):
    out = tmp_path / "values.csv"
    n = write_csv(store, out)
    raw, rows = read_csv(out)
    assert raw.startswith(b"\xef\xbb\xbf" + ",".join(COLUMNS).encode() + b"\r\n")
    expected = [
        r
        for doc in (corpus.doc1, corpus.doc2)
        for r in A.list_annotations(store, doc)
        if r.label.value in ("date", "figure")
    ]
    assert n == len(rows) == len(expected) == 7
    by_id = {int(r["annotation_id"]): r for r in rows}
    for ann in expected:
        row = by_id[ann.id]
        text = load_document(store, ann.document_id).text
        assert row["quote"] == text[int(row["start"]) : int(row["end"])] == ann.quote
        assert (row["label"], row["status"], row["creator"]) == (
            ann.label.value,
            ann.status.value,
            ann.creator,
        )
        assert row["document_title"] == load_document(store, ann.document_id).title
    assert (by_id[corpus.ids["figure_start"]]["value"], by_id[corpus.ids["figure_start"]]["unit"]) == (
        "576000000",
        "RUB",
    )
    assert (
        by_id[corpus.ids["date_range"]]["value"] == "1945/1956"
        and by_id[corpus.ids["date_range"]]["unit"] == ""
    )
    assert by_id[corpus.ids["ext_b"]]["value"] == "" and by_id[corpus.ids["ext_b"]]["quote"] == "𠀀𡈽 no. 65"
    assert by_id[corpus.ids["doc2_decade"]]["value"] == "1955/1959"
    assert corpus.ids["claim"] not in by_id


def test_csv_quotes_commas_quotes_and_keeps_newlines_inside_fields(store, corpus, tmp_path):
    out = tmp_path / "values.csv"
    write_csv(store, out)
    raw, rows = read_csv(out)
    row = next(r for r in rows if int(r["annotation_id"]) == corpus.ids["figure_lines"])
    assert row["quote"] == '12억 900만 units; "quoted", commas\nand'
    # RFC 4180: the field is quoted, its quotes doubled, its line break kept as "\n"
    assert '"12억 900만 units; ""quoted"", commas\nand"'.encode() in raw
    assert raw.count(b"\r\n") == len(rows) + 1
    assert next(csv.reader(io.StringIO(raw.decode("utf-8-sig")))) == list(COLUMNS)


def test_csv_amounts_are_never_floats(store, corpus, tmp_path):
    from decimal import Decimal

    from curator.domain import FigureValue

    A.create_annotation(
        store,
        corpus.doc2,
        "figure",
        *span(corpus.text2, "Second"),
        creator="kim",
        value=FigureValue(Decimal("12345678901234567890.125"), "KRW"),
    )
    out = tmp_path / "values.csv"
    write_csv(store, out)
    _, rows = read_csv(out)
    assert any(r["value"] == "12345678901234567890.125" and r["unit"] == "KRW" for r in rows)


def test_failed_exports_leave_the_previous_file(store, corpus, tmp_path):
    with store.unit() as s:
        s.exec(update(Annotation).where(Annotation.id == corpus.ids["date_range"]).values(quote="nope"))
    for writer, name in ((write_csv, "values.csv"), (write_jsonl, "nlp.jsonl")):
        out = tmp_path / name
        out.write_text("previous")
        with pytest.raises(CuratorError, match="quote no longer matches"):
            writer(store, out)
        assert out.read_text() == "previous"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
