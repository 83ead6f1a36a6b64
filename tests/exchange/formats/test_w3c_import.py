"""Importing a W3C Web Annotation export into a store: a round trip restores every
annotation, documents are found by their text, conflicts are refused, skipped or given
new ids, bad input changes nothing, and a foreign annotation is read by its tagging
body. (The export: ``test_w3c.py``.)"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import select

from curator.domain import ClaimValue, ValidationError
from curator.exchange.textfile import decode_bytes
from curator.exchange.w3c import curator_record, source_iri
from curator.services.exchange import write_w3c
from curator.services import annotations as A
from curator.services.corpus import import_decoded, load_document
from curator.store import open_store
from curator.store.models import Annotation, Revision
from curator.text import sha256_hex

from .w3c_corpus import TEXT_1, TEXT_2


# ------------------------------------------------------------------------------------
# Importing into a store
# ------------------------------------------------------------------------------------


@pytest.fixture
def other(tmp_path):
    """A second store holding the same two documents (same bytes), no annotations;
    a third document comes first so document ids differ from the exporting store."""
    s = open_store(tmp_path / "other.db")
    import_decoded(s, "first.txt", decode_bytes("An unrelated text about 1960.".encode("utf-8")))
    import_decoded(s, "aid.txt", decode_bytes(TEXT_1.encode("utf-8")))
    import_decoded(s, "second.txt", decode_bytes(TEXT_2.encode("utf-16")))
    yield s
    s.close()


def comparable(store, doc_id: int) -> list[tuple]:
    """An annotation's content; a claim's evidence as the spans of its evidence."""
    rows = A.list_annotations(store, doc_id)
    spans = {r.id: (r.start, r.end, r.label.value) for r in rows}
    out = []
    for r in rows:
        value = r.value
        if isinstance(value, ClaimValue):
            value = (value.summary, tuple(sorted(spans[e] for e in value.evidence)))
        out.append((r.label.value, r.start, r.end, r.quote, value, r.status.value, r.origin, r.note, r.creator))
    return sorted(out, key=repr)


def counts(store) -> tuple[int, ...]:
    from sqlalchemy import func

    from curator.store.models import ClaimEvidence, Curator

    with store.read() as s:
        return tuple(s.exec(select(func.count()).select_from(t)).one()[0] for t in (Annotation, ClaimEvidence, Curator))


def test_import_round_trip_restores_every_annotation(store, corpus, other, tmp_path):
    from curator.services.w3c_import import import_w3c

    for lines in (False, True):
        path = tmp_path / f"a{lines}.jsonld"
        write_w3c(store, path, lines=lines)
        target = open_store(tmp_path / f"b{lines}.db")
        for name, raw in (("aid.txt", TEXT_1.encode()), ("second.txt", TEXT_2.encode("utf-16"))):
            import_decoded(target, name, decode_bytes(raw))
        summary = import_w3c(target, path)
        assert (summary.annotations, summary.skipped, summary.documents) == (len(corpus.ids), 0, 2)
        assert comparable(target, 1) == comparable(store, corpus.doc1)
        assert comparable(target, 2) == comparable(store, corpus.doc2)
        target.close()
    # documents are found by their text, not their id
    path = tmp_path / "aFalse.jsonld"
    import_w3c(other, path)
    assert comparable(other, 2) == comparable(store, corpus.doc1)
    assert comparable(other, 3) == comparable(store, corpus.doc2)
    assert A.list_annotations(other, 1) == []

    before = counts(other)
    with pytest.raises(ValidationError, match=r"identical figure annotation at 0-12 already exists in document 2"):
        import_w3c(other, path)
    assert counts(other) == before
    skipped = import_w3c(other, path, on_conflict="skip")
    assert (skipped.annotations, skipped.skipped) == (0, len(corpus.ids)) and counts(other) == before
    added = import_w3c(other, path, on_conflict="new-ids")
    assert added.annotations == len(corpus.ids)
    assert counts(other)[0] == before[0] + len(corpus.ids)
    with pytest.raises(ValidationError, match="on_conflict"):
        import_w3c(other, path, on_conflict="merge")


def test_import_with_skip_links_a_new_claim_to_skipped_evidence(store, corpus, other, tmp_path):
    from curator.services.w3c_import import import_w3c

    path = tmp_path / "a.jsonld"
    write_w3c(store, path)
    A.delete_annotation(store, corpus.ids["claim"])
    import_w3c(other, path)
    A.delete_annotation(other, next(r.id for r in A.list_annotations(other, 2) if r.quote.startswith("were")))
    assert import_w3c(other, path, on_conflict="skip").annotations == 1
    claim = next(r for r in A.list_annotations(other, 2) if r.quote.startswith("were"))
    quotes = {r.id: r.quote for r in A.list_annotations(other, 2)}
    assert sorted(quotes[e] for e in claim.value.evidence) == ["1945년부터 1956년까지", "5억 7,600만 루블"]


def _write(path: Path, items: list[dict[str, Any]]) -> Path:
    path.write_bytes(b"\n".join(orjson.dumps(i) for i in items))
    return path


def test_import_refuses_bad_input_and_leaves_the_store_as_it_was(store, corpus, other, tmp_path):
    from curator.services.w3c_import import import_w3c

    good_path = tmp_path / "a.jsonl"
    write_w3c(store, good_path, lines=True)
    good = [json.loads(line) for line in good_path.read_text(encoding="utf-8").splitlines()]
    last = good[-1]

    def broken(change) -> list[dict[str, Any]]:
        bad = copy.deepcopy(last)
        change(bad)
        return [*good[:-1], bad]

    def set_position(a, start, end):
        a["target"]["selector"][1].update(start=start, end=end)

    cases = [
        ("bad JSON", b"{not json", "is not valid JSON: line 1, column 2"),
        ("not W3C", [*good[:-1], {"type": "Note", "target": "x:y"}], "is not of type Annotation"),
        ("outside", broken(lambda a: set_position(a, 5, 99999)), "is not a range inside the text"),
        ("mismatch", broken(lambda a: a["target"]["selector"][0].update(exact="nope")), "not the quote 'nope'"),
        ("source", broken(lambda a: a["target"].update(source="nih:sha-256;" + "0" * 64)),
         "which is not the current text of any document"),
        ("no label", broken(lambda a: a.update(body=[{"type": "TextualBody", "value": "hello"}])),
         "no Curator record and no tagging body"),
        ("bad value", broken(lambda a: a["body"][-1].update(
            value=json.dumps({"label": "date", "value": {"edtf": "not a date"}, "status": "draft", "origin": "x"}))),
         "EDTF"),
        ("bad status", broken(lambda a: a["body"][-1].update(
            value=json.dumps({"label": "date", "value": None, "status": "final", "origin": "x"}))),
         "status 'final'"),
    ]
    # a claim whose evidence is not in the file: found after the rows were inserted
    orphan = copy.deepcopy(good)
    claim = next(a for a in orphan if (curator_record(a) or {}).get("value") and curator_record(a)["label"] == "claim"
                 and curator_record(a)["value"]["evidence"])
    record = curator_record(claim)
    record["value"]["evidence"][0] = "urn:uuid:00000000-0000-5000-8000-000000000000"
    next(b for b in claim["body"] if b.get("format") == "application/json")["value"] = json.dumps(record)
    cases.append(("orphan", orphan, "evidence urn:uuid:00000000-0000-5000-8000-000000000000 is not an annotation"))
    before = counts(other)
    for name, content, message in cases:
        path = tmp_path / f"{name}.jsonl"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            _write(path, content)
        with pytest.raises(ValidationError, match=message) as caught:
            import_w3c(other, path)
        if not isinstance(content, bytes) and name not in ("not W3C", "orphan"):
            assert last["id"] in str(caught.value), name  # names the annotation
        assert counts(other) == before, name


def test_import_of_a_foreign_annotation_by_its_tagging_body(other, tmp_path):
    from curator.services.w3c_import import import_w3c

    text = load_document(other, 2).text
    source = source_iri(sha256_hex(text))
    foreign = {
        "@context": "http://www.w3.org/ns/anno.jsonld", "id": "http://example.org/anno/7", "type": "Annotation",
        "creator": {"type": "Person", "nickname": "hypothesis-user"},
        "body": [{"type": "TextualBody", "purpose": "tagging", "value": "Date"},
                 {"type": "TextualBody", "purpose": "commenting", "value": "a range"}],
        "target": {"source": source, "selector": {"type": "TextQuoteSelector", "exact": "1945년부터 1956년까지"}},
    }
    summary = import_w3c(other, _write(tmp_path / "f.jsonl", [foreign]))
    assert (summary.annotations, summary.documents) == (1, 1)
    (row,) = A.list_annotations(other, 2)
    assert (row.label.value, row.quote, row.value, row.status.value, row.origin, row.creator, row.note) == (
        "date", "1945년부터 1956년까지", None, "draft", "import", "hypothesis-user", "a range",
    )
    assert text[row.start:row.end] == row.quote


def test_import_refuses_annotations_on_a_text_that_is_no_longer_current(store, corpus, other, tmp_path):
    from curator.services.w3c_import import import_w3c

    path = tmp_path / "a.jsonld"
    write_w3c(store, path)
    corrected = load_document(other, 3).text.replace("Second", "2nd")
    with other.unit() as s:
        s.add(Revision(document_id=3, number=2, parent_id=None, text=corrected, sha256=sha256_hex(corrected)))
    before = counts(other)
    with pytest.raises(ValidationError, match=f"targets nih:sha-256;{sha256_hex(corpus.text2)}, which is not"):
        import_w3c(other, path)
    assert counts(other) == before
