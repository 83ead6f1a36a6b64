"""W3C Web Annotation export: what each exported annotation says (selectors in code
points, bodies, ids, determinism, revisions, JSON Lines, the exact bytes), and reading
an export back. The suite's MUST assertions on the same export: ``test_w3c_suite.py``;
importing into a store: ``test_w3c_import.py``."""

from __future__ import annotations

import json
import uuid
from typing import Any

import orjson
import pytest
from sqlalchemy import select, update

from curator.domain import CuratorError, DateValue, ValidationError
from curator.exchange.w3c import (
    NAMESPACE,
    anchor,
    annotation_iri,
    curator_record,
    name_uuid,
    read_w3c,
    source_iri,
)
from curator.services.exchange import write_w3c
from curator.services import annotations as A
from curator.services.corpus import load_document
from curator.store.models import Annotation, Document, Revision
from curator.text import Utf16Map, sha256_hex

from .w3c_corpus import export, span
from .w3c_harness import GOOD, SUITE_DIR, needs_suite


# ------------------------------------------------------------------------------------
# What the annotations say
# ------------------------------------------------------------------------------------


def by_id(store, data) -> dict[int, dict[str, Any]]:
    """Exported items keyed by their Curator id, matched through the TextPositionSelector."""
    rows = {}
    for doc in (1, 2):
        for row in A.list_annotations(store, doc):
            rows[(source_iri(load_document(store, doc).sha256), row.start, row.end, row.label.value)] = row.id
    found = {}
    for item in data["first"]["items"]:
        pos = item["target"]["selector"][1]
        found[rows[(item["target"]["source"], pos["start"], pos["end"], curator_record(item)["label"])]] = (
            item
        )
    return found


def test_selectors_count_code_points_and_carry_exact_prefix_and_suffix(store, corpus, tmp_path):
    data, _ = export(store, tmp_path)
    items = by_id(store, data)
    texts = {
        source_iri(sha256_hex(corpus.text1)): corpus.text1,
        source_iri(sha256_hex(corpus.text2)): corpus.text2,
    }
    for item in items.values():
        quote, position = item["target"]["selector"]
        text = texts[item["target"]["source"]]
        start, end = position["start"], position["end"]
        assert text[start:end] == quote["exact"]
        assert quote.get("prefix", "") == text[max(0, start - 32) : start]
        assert quote.get("suffix", "") == text[end : end + 32]
    # after an emoji, code points and UTF-16 units differ: the export uses code points
    date = items[corpus.ids["date_range"]]["target"]["selector"][1]
    assert date["start"] == corpus.text1.index("1945년")
    assert Utf16Map.of(corpus.text1).to_utf16(date["start"]) == date["start"] + 1
    first = items[corpus.ids["figure_start"]]["target"]["selector"][0]
    assert "prefix" not in first and first["exact"] == "5억 7,600만 루블"
    assert "suffix" not in items[corpus.ids["emoji_end"]]["target"]["selector"][0]
    assert "\r" not in corpus.text1  # CRLF was canonicalised before offsets were taken


def test_bodies_motivation_creator_and_evidence_links(store, corpus, tmp_path):
    data, _ = export(store, tmp_path)
    items = by_id(store, data)
    date = items[corpus.ids["date_range"]]
    assert date["motivation"] == "identifying"
    assert date["creator"] == {"type": "Person", "name": "김민지"}
    values = {(b["purpose"], b.get("format")): b.get("value") for b in date["body"]}
    assert values[("tagging", None)] == "date"
    assert values[("identifying", "text/plain")] == "1945/1956 (EDTF)"
    assert values[("commenting", "text/plain")] == "Korean range; 까지 inclusive"
    assert curator_record(date) == {
        "label": "date",
        "origin": "manual",
        "status": "draft",
        "value": {"edtf": "1945/1956"},
    }
    figure = curator_record(items[corpus.ids["figure_start"]])
    assert figure["value"] == {"amount": "576000000", "unit": "RUB"}
    assert curator_record(items[corpus.ids["ext_b"]])["value"] is None
    claim = items[corpus.ids["claim"]]
    assert claim["motivation"] == "describing"
    links = [b["source"] for b in claim["body"] if b["purpose"] == "linking"]
    assert links == [items[corpus.ids["figure_start"]]["id"], items[corpus.ids["date_range"]]["id"]]
    assert curator_record(claim)["value"] == {"summary": "Aid was granted over a decade", "evidence": links}
    assert len({item["id"] for item in items.values()}) == len(items)


def test_ids_are_name_based_uuids_of_document_id_and_creation_time(store, corpus, tmp_path):
    assert name_uuid("annotation/x/1/t") == str(uuid.uuid5(NAMESPACE, "annotation/x/1/t"))
    data, _ = export(store, tmp_path)
    with store.read() as s:
        raw = dict(s.exec(select(Document.id, Document.raw_sha256)).all())
        created = dict(s.exec(select(Annotation.id, Annotation.created)).all())
    for ann_id, item in by_id(store, data).items():
        row = A.get_annotation(store, ann_id)
        assert item["id"] == annotation_iri(raw[row.document_id], ann_id, created[ann_id])
        assert uuid.UUID(item["id"].removeprefix("urn:uuid:")).version == 5


def test_export_is_deterministic_and_ids_are_stable(store, corpus, tmp_path):
    a, b = tmp_path / "a.jsonld", tmp_path / "b.jsonld"
    write_w3c(store, a)
    write_w3c(store, b)
    assert a.read_bytes() == b.read_bytes()
    A.update_annotation(store, corpus.ids["emoji_end"], note="changed")
    write_w3c(store, b)
    assert a.read_bytes() != b.read_bytes()
    ids_a = [i["id"] for i in json.loads(a.read_text())["first"]["items"]]
    ids_b = [i["id"] for i in json.loads(b.read_text())["first"]["items"]]
    assert ids_a == ids_b


def test_annotation_on_an_older_revision_targets_that_revision(store, corpus, tmp_path):
    corrected = corpus.text2.replace("Second", "2nd")
    with store.unit() as s:
        s.add(
            Revision(
                document_id=corpus.doc2,
                number=2,
                parent_id=None,
                text=corrected,
                sha256=sha256_hex(corrected),
            )
        )
    new = A.create_annotation(
        store, corpus.doc2, "date", *span(corrected, "1950-07"), creator="kim", value=DateValue("1950-07")
    )
    data, _ = export(store, tmp_path)
    sources = {i["target"]["source"] for i in data["first"]["items"]}
    assert source_iri(sha256_hex(corpus.text2)) in sources and source_iri(sha256_hex(corrected)) in sources
    texts = {source_iri(sha256_hex(t)): t for t in (corpus.text1, corpus.text2, corrected)}
    out = tmp_path / "out" / "annotations.jsonld"
    assert len(read_w3c(out, texts)) == len(corpus.ids) + 1
    assert new.quote == "1950-07"


def test_progress_and_json_lines(store, corpus, tmp_path):
    calls = []
    out = tmp_path / "a.jsonl"
    n = write_w3c(store, out, progress=lambda done, total: calls.append((done, total)), lines=True)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert n == len(lines) == len(corpus.ids)
    assert calls[-1] == (n, n)
    assert [a["id"] for a in read_w3c(out)] == [json.loads(line)["id"] for line in lines]
    assert [json.loads(line)["id"] for line in lines] == [
        i["id"] for i in export(store, tmp_path)[0]["first"]["items"]
    ]


def expected_item(store, row, texts: dict[int, str], raw: dict[int, str], items: dict[int, Any]) -> dict:
    """The W3C object the module docstring describes for one annotation, built from the
    services' view of the store (the oracle for the exporter's hand-joined JSON)."""
    text = texts[row.document_id]
    iri = annotation_iri(raw[row.document_id], row.id, A.get_annotation(store, row.id).created)
    value = None if row.value is None else row.value.to_json()
    links = []
    if row.label.value == "claim":
        links = [items[e]["id"] for e in row.value.evidence] if row.value is not None else []
        if value is not None:
            value["evidence"] = links
    motivation = "describing" if row.label.value == "claim" else "identifying"
    body = [{"type": "TextualBody", "purpose": "tagging", "value": row.label.value}]
    human = {"date": lambda v: f"{v['edtf']} (EDTF)", "figure": lambda v: f"{v['amount']} {v['unit']}",
             "claim": lambda v: v["summary"]}[row.label.value](value) if value else None
    if human:
        body.append({"type": "TextualBody", "purpose": motivation, "format": "text/plain", "value": human})
    record = {"label": row.label.value, "origin": row.origin, "status": row.status.value, "value": value}
    body.append({"type": "TextualBody", "purpose": "describing", "format": "application/json",
                 "value": orjson.dumps(record, option=orjson.OPT_SORT_KEYS).decode()})
    if row.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "format": "text/plain", "value": row.note})
    body += [{"type": "SpecificResource", "purpose": "linking", "source": link} for link in links]
    quote = {"type": "TextQuoteSelector", "exact": text[row.start : row.end]}
    if row.start:
        quote["prefix"] = text[max(0, row.start - 32) : row.start]
    if row.end < len(text):
        quote["suffix"] = text[row.end : row.end + 32]
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld", "id": iri, "type": "Annotation",
        "motivation": motivation, "created": row.created, "modified": row.modified,
        "creator": {"type": "Person", "name": row.creator}, "body": body,
        "target": {"source": source_iri(sha256_hex(text)), "selector": [
            quote, {"type": "TextPositionSelector", "start": row.start, "end": row.end}]},
    }


def test_each_line_is_the_orjson_text_of_the_documented_object(store, corpus, tmp_path, monkeypatch):
    """The exporter joins each annotation's JSON from pieces: every line must be exactly
    ``orjson.dumps`` of the object the module docstring describes, also for strings
    that need escaping, an edited annotation (modified != created) and when the cache
    of value bodies is cleared on every row."""
    A.update_annotation(store, corpus.ids["ext_b"], note='a "quoted" note\\ with\nbreak, tab\t, \x01 and 😀')
    A.update_annotation(store, corpus.ids["doc2_date"], status="confirmed")
    A.create_annotation(store, corpus.doc1, "date", *span(corpus.text1, "1945년"), creator='o"brien\\',
                        value=DateValue("1945"))
    out = tmp_path / "a.jsonl"
    write_w3c(store, out, lines=True)
    lines = out.read_bytes().splitlines()
    texts = {corpus.doc1: corpus.text1, corpus.doc2: corpus.text2}
    with store.read() as s:
        raw = dict(s.exec(select(Document.id, Document.raw_sha256)).all())
    parsed = {}
    rows = [r for doc in (corpus.doc1, corpus.doc2) for r in A.list_annotations(store, doc)]
    by_span = {(sha256_hex(texts[r.document_id]), r.start, r.end, r.label.value): r for r in rows}
    for line in lines:
        item = orjson.loads(line)
        pos = item["target"]["selector"][1]
        key = (item["target"]["source"].removeprefix("nih:sha-256;"), pos["start"], pos["end"])
        parsed[by_span[(*key, curator_record(item)["label"])].id] = item
    assert len(parsed) == len(rows) == len(lines)
    edited = A.get_annotation(store, corpus.ids["ext_b"])
    assert edited.modified != edited.created
    for line, item in zip(lines, parsed.values()):
        assert orjson.dumps(orjson.loads(line)) == line
    for row in rows:
        assert parsed[row.id] == expected_item(store, row, texts, raw, parsed), row
        assert orjson.dumps(expected_item(store, row, texts, raw, parsed)) in lines
    import curator.exchange.w3c as w3c

    monkeypatch.setattr(w3c, "_BODY_CACHE_SIZE", 1)
    again = tmp_path / "b.jsonl"
    write_w3c(store, again, lines=True)
    assert again.read_bytes() == out.read_bytes()


def test_a_failed_export_leaves_no_file_behind(store, corpus, tmp_path):
    out = tmp_path / "a.jsonld"
    out.write_text("previous export")
    with store.unit() as s:  # corrupt one stored quote behind the services' back
        s.exec(update(Annotation).where(Annotation.id == corpus.ids["claim_bare"]).values(quote="xx"))
    with pytest.raises(CuratorError, match="quote no longer matches"):
        write_w3c(store, out)
    assert out.read_text() == "previous export"
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")]


# ------------------------------------------------------------------------------------
# Reading back
# ------------------------------------------------------------------------------------


def test_read_back_validates_every_selector_against_the_texts(store, corpus, tmp_path):
    export(store, tmp_path)
    out = tmp_path / "out" / "annotations.jsonld"
    texts = {
        source_iri(sha256_hex(corpus.text1)): corpus.text1,
        source_iri(sha256_hex(corpus.text2)): corpus.text2,
    }
    items = read_w3c(out, texts)
    assert len(items) == len(corpus.ids)
    with pytest.raises(ValidationError, match="unknown source"):
        read_w3c(out, {source_iri(sha256_hex(corpus.text1)): corpus.text1})
    shifted = corpus.text1.replace("5억", "55억")
    with pytest.raises(ValidationError, match="selects"):
        read_w3c(out, {**texts, source_iri(sha256_hex(corpus.text1)): shifted})


def test_anchor_by_quote_alone_and_its_failures():
    text = "in 1950 and again in 1950 😀 end"
    quote = {"type": "TextQuoteSelector", "exact": "1950", "prefix": "again in "}
    found = anchor({"source": "x:t", "selector": quote}, text)
    assert (found.start, found.end) == (21, 25)
    with pytest.raises(ValidationError, match="occurs 2 times"):
        anchor({"source": "x:t", "selector": {"type": "TextQuoteSelector", "exact": "1950"}}, text)
    with pytest.raises(ValidationError, match="not in the text"):
        anchor({"source": "x:t", "selector": {"type": "TextQuoteSelector", "exact": "1951"}}, text)
    with pytest.raises(ValidationError, match="not a range"):
        anchor({"source": "x:t", "selector": {"type": "TextPositionSelector", "start": 3, "end": 99}}, text)
    position = {"type": "TextPositionSelector", "start": 26, "end": 27}
    assert anchor({"source": "x:t", "selector": position}, text).exact == "😀"


@needs_suite
def test_reads_the_suite_samples_and_refuses_non_annotations(tmp_path):
    sample = SUITE_DIR / "samples" / "correct" / "anno1.json"
    assert read_w3c(sample)[0]["type"] == "Annotation"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"type": "Annotation", "body": "x:y"}))
    with pytest.raises(ValidationError, match="has no target"):
        read_w3c(bad)
    bad.write_text("{not json\n")
    with pytest.raises(ValidationError, match="bad.json is not valid JSON: line 1, column 2: unexpected character"):
        read_w3c(bad)
    page = tmp_path / "page.json"
    page.write_bytes(orjson.dumps({"type": "AnnotationPage", "items": [GOOD, GOOD]}))
    assert len(read_w3c(page)) == 2
