"""U+2028 and U+2029 in a text: every JSON Lines export (spaCy, doccano, W3C) and the W3C
collection escape them, so a consumer splitting with ``str.splitlines()`` still gets one
record a line; the values are unchanged and a W3C round trip restores every annotation."""

from __future__ import annotations

import json

import pytest

from curator.services import exchange as exchange_svc
from curator.services.exchange import write_jsonl
from curator.exchange.textfile import decode_bytes
from curator.services.exchange import write_w3c
from curator.services.w3c_import import import_w3c
from curator.services import annotations as A
from curator.services.corpus import import_decoded, load_document
from curator.store import open_store

TEXT = "First\u2028line with a separator, 1950.\u2029Next paragraph: 576 million rubles.\n"


@pytest.fixture
def separated(tmp_path):
    s = open_store(tmp_path / "sep.db")
    doc = import_decoded(s, "sep.txt", decode_bytes(TEXT.encode())).document_id
    text = load_document(s, doc).text
    assert "\u2028" in text and "\u2029" in text  # kept by canonicalisation
    start = text.index("First")
    A.create_annotation(s, doc, "date", start, text.index("1950") + 4, creator="lee", note="a\u2028note")
    A.create_annotation(s, doc, "figure", text.index("\u2029") - 1, text.index("576"), creator="lee")
    yield s, doc, text
    s.close()


@pytest.mark.parametrize("kind", ["spacy", "doccano", "w3c-jsonl", "w3c"])
def test_exports_have_one_record_a_line_for_splitlines(separated, tmp_path, kind):
    store, _doc, text = separated
    out = tmp_path / f"out.{kind}"
    if kind in ("spacy", "doccano"):
        write_jsonl(store, out, offsets="utf16" if kind == "doccano" else "codepoint")
    else:
        write_w3c(store, out, lines=kind == "w3c-jsonl")
    raw = out.read_bytes()
    assert "\u2028".encode() not in raw and "\u2029".encode() not in raw
    content = raw.decode("utf-8")
    assert content.splitlines() == content.split("\n")[:-1]  # no other line break
    if kind == "w3c":
        data = json.loads(content)
        assert len(data["first"]["items"]) == 2
        quotes = [i["target"]["selector"][0]["exact"] for i in data["first"]["items"]]
    else:
        records = [json.loads(line) for line in content.splitlines()]
        if kind.startswith("w3c"):
            assert len(records) == 2
            quotes = [r["target"]["selector"][0]["exact"] for r in records]
        else:
            assert len(records) == 1 and records[0]["text"] == text
            quotes = [s["quote"] for s in records[0]["spans"]] if "quote" in records[0]["spans"][0] else None
    if quotes is not None:
        assert any("\u2028" in q for q in quotes) and any("\u2029" in q for q in quotes)


@pytest.mark.parametrize("lines", [True, False])
def test_w3c_round_trip_with_separators(separated, tmp_path, lines):
    store, doc, _text = separated
    out = tmp_path / ("a.jsonl" if lines else "a.jsonld")
    write_w3c(store, out, lines=lines)
    before = [(a.start, a.end, a.quote, a.note) for a in A.list_annotations(store, doc)]
    result = import_w3c(store, out, on_conflict="new-ids")
    assert result.annotations == 2
    after = [(a.start, a.end, a.quote, a.note) for a in A.list_annotations(store, doc)]
    assert sorted(after) == sorted(before * 2)


def test_the_native_dataset_escapes_them_too_and_round_trips(separated, tmp_path):
    from curator.exchange import native

    store, _doc, text = separated
    out = tmp_path / "a.json"
    exchange_svc.export_dataset(store, out)
    raw = out.read_bytes()
    assert "\u2028".encode() not in raw and "\u2029".encode() not in raw
    content = raw.decode("utf-8")
    assert content.splitlines() == content.split("\n")[:-1]
    assert json.loads(content)["documents"][0]["text"] == text
    other = open_store(tmp_path / "b.db")
    exchange_svc.import_dataset(other, out)
    exchange_svc.export_dataset(other, tmp_path / "b.json")
    assert (tmp_path / "b.json").read_bytes() == raw
    other.close()
