"""Native dataset: schema, offsets, determinism, lossless round trip, refusals, atomicity."""

from __future__ import annotations

import json
import re

import jsonschema
import orjson
import pytest
from sqlalchemy import select, update

from curator.domain import ClaimValue, CuratorError, DateValue, FigureValue, ValidationError
from curator.domain.labels import Label
from curator.exchange import native
from curator.services import exchange as exchange_svc
from curator.store import dataset_snapshot
from curator.services import annotations as ann
from curator.services import corrections
from curator.services.corpus import import_files, list_documents, load_document
from curator.services.metadata import get_metadata
from curator.store import open_store
from curator.store.models import Annotation, AnnotationSpan, Revision
from tests.exchange.native_data import KOREAN, _counts, _export, _span



def test_export_is_valid_and_carries_every_field(store, tmp_path):
    summary = exchange_svc.export_dataset(store, tmp_path / "out.json")
    assert (summary.documents, summary.annotations, summary.stale_annotations) == (2, 7, 0)
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(native.load_schema()).validate(data)
    assert native.validate_dataset(data) == native.DatasetStats(2, 7)
    ko = next(d for d in data["documents"] if d["source_name"] == "ko.txt")
    by_quote = {a["quote"]: a for a in ko["annotations"]}
    fig = by_quote["5억 7,600만 루블"]
    assert fig["value"] == {"amount": "576000000", "unit": "RUB"}
    assert (fig["origin"], fig["creator"], fig["status"]) == ("suggestion", "lee", "draft")
    claim = by_quote["북한 정부는 😀 제1차"]
    assert claim["value"] == {"summary": "정부가 계획을 채택", "evidence": sorted(
        [by_quote["1957-1961"]["id"], fig["id"]])}
    assert claim["note"] == "근거 두 개" and claim["creator"] == "김민수"
    assert by_quote["𠀀𠀁𠀂"]["value"] is None
    assert by_quote["1945-1956"]["status"] == "needs_review"
    en = next(d for d in data["documents"] if d["source_name"] == "en.txt")
    assert [a["value"] for a in en["annotations"]] == [{"amount": "576000000.5", "unit": "RUB"}, None]
    # text order inside a document: start, then longer first
    starts = [(a["start"], -a["end"]) for a in ko["annotations"]]
    assert starts == sorted(starts)


def test_offsets_are_code_points_and_quotes_match(store, tmp_path):
    data = orjson.loads(_export(store, tmp_path / "out.json"))
    ko = next(d for d in data["documents"] if d["source_name"] == "ko.txt")
    for doc in data["documents"]:
        for a in doc["annotations"]:
            assert doc["text"][a["start"]:a["end"]] == a["quote"]
    # after the emoji and the Ext-B characters code points and UTF-16 units differ
    late = next(a for a in ko["annotations"] if a["quote"] == "1945-1956")
    assert late["start"] == KOREAN.index("1945-1956")
    assert len(KOREAN[: late["start"]].encode("utf-16-le")) // 2 == late["start"] + 4
    assert (tmp_path / "out.json").read_bytes().count("𠀀".encode()) >= 2  # not \u-escaped


def test_export_is_deterministic(store, tmp_path):
    assert _export(store, tmp_path / "a.json") == _export(store, tmp_path / "b.json")


def _round_trip(source, tmp_path):
    """``source`` exported and imported into an empty store, which must export the same
    bytes and hold the same annotations and texts; the empty store and the summary."""
    first = _export(source, tmp_path / "a.json")
    empty = open_store(tmp_path / "b.db")
    summary = exchange_svc.import_dataset(empty, tmp_path / "a.json")
    assert _export(empty, tmp_path / "b.json") == first
    for doc in list_documents(source):
        assert ann.list_annotations(empty, doc.id) == ann.list_annotations(source, doc.id)
        assert load_document(empty, doc.id).text == load_document(source, doc.id).text
    return empty, summary


def test_round_trip_is_byte_identical_and_lossless(store, tmp_path):
    _, summary = _round_trip(store, tmp_path)
    assert (summary.documents, summary.annotations, summary.curators_created) == (2, 7, 2)


def test_export_to_an_open_file_and_progress(store, tmp_path):
    calls = []
    with open(tmp_path / "x.json", "wb") as fh:
        summary = exchange_svc.export_dataset(store, fh, progress=lambda done, total: calls.append((done, total)))
    assert summary.path is None
    assert calls and calls[-1] == (7, 7)
    assert (tmp_path / "x.json").read_bytes() == _export(store, tmp_path / "y.json")


def _mutations():
    def bad_label(d):
        d["documents"][0]["annotations"][0]["label"] = "person"

    def outside(d):
        doc = d["documents"][0]
        doc["annotations"][0]["end"] = len(doc["text"]) + 1

    def empty_span(d):
        a = d["documents"][0]["annotations"][0]
        a["end"] = a["start"]

    def quote(d):
        d["documents"][1]["annotations"][2]["quote"] = "not the text"

    def evidence(d):
        claim = next(a for a in d["documents"][1]["annotations"] if a["label"] == "claim")
        claim["value"]["evidence"] = [999]

    def sha(d):
        d["documents"][1]["text"] += "x"

    def float_amount(d):
        fig = next(a for a in d["documents"][0]["annotations"] if a["label"] == "figure")
        fig["value"]["amount"] = 576000000.5

    def edtf(d):
        date = next(a for a in d["documents"][1]["annotations"] if a["value"] and a["label"] == "date")
        date["value"]["edtf"] = "1950-13-45"

    def dup_id(d):
        d["documents"][1]["annotations"][1]["id"] = d["documents"][0]["annotations"][0]["id"]

    def extra_key(d):
        d["documents"][0]["annotations"][1]["colour"] = "red"

    return [
        (bad_label, "documents[0].annotations[0].label: 'person' is not one of"),
        (outside, "documents[0].annotations[0]: span"),
        (empty_span, "is not a non-empty range"),
        (quote, "documents[1].annotations[2]: quote does not match text["),
        (evidence, "annotation 999 is not a date or figure of the same document"),
        (sha, "documents[1].sha256: does not match"),
        (float_amount, "value.amount: 576000000.5 is not of type 'string'"),
        (edtf, "documents[1].annotations[1].value: '1950-13-45' is not a valid EDTF date"),
        (dup_id, "appears twice"),
        (extra_key, "documents[0].annotations[1]: Additional properties are not allowed"),
    ]


@pytest.mark.parametrize("mutate,message", _mutations(), ids=lambda m: getattr(m, "__name__", ""))
def test_malformed_datasets_are_refused_and_store_untouched(store, tmp_path, mutate, message):
    data = orjson.loads(_export(store, tmp_path / "a.json"))
    mutate(data)
    bad = tmp_path / "bad.json"
    bad.write_bytes(orjson.dumps(data))
    target = open_store(tmp_path / "t.db")
    import_files(target, [tmp_path / "src" / "en.txt"])
    before = _counts(target)
    with pytest.raises(ValidationError) as err:
        exchange_svc.import_dataset(target, bad, on_conflict="new-ids")
    assert message in str(err.value)
    with pytest.raises(ValidationError):
        native.validate_file(bad)
    assert _counts(target) == before


def test_not_json_is_refused(store, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "curator-dataset", ', encoding="utf-8")
    before = _counts(store)
    with pytest.raises(ValidationError, match="not valid JSON"):
        exchange_svc.import_dataset(store, bad)
    with pytest.raises(ValidationError, match="not valid JSON"):
        native.validate_file(bad)
    with pytest.raises(ValidationError, match="'version' is a required property"):
        native.validate_dataset({"format": "curator-dataset", "schema": native.SCHEMA_ID, "documents": []})
    assert _counts(store) == before


def test_clashing_ids_are_refused_by_default(store, tmp_path):
    data = orjson.loads(_export(store, tmp_path / "a.json"))
    before = _counts(store)
    with pytest.raises(ValidationError, match=r"\(id \d+\): the store already has its text, as document \d+ "
                                              r"\(use on-conflict skip, merge or new-ids\)"):
        exchange_svc.import_dataset(store, tmp_path / "a.json")
    for i, doc in enumerate(data["documents"]):  # fresh document ids, same annotation ids
        doc["id"] = 100 + i
    (tmp_path / "b.json").write_bytes(orjson.dumps(data))
    first_ann = min(a["id"] for a in data["documents"][0]["annotations"])  # checked in file order
    with pytest.raises(ValidationError, match=f"annotation id {first_ann} of document .* is taken here by an "
                                              r"annotation of document \d+ \(use on-conflict new-ids or merge\)"):
        exchange_svc.import_dataset(store, tmp_path / "b.json")
    assert _counts(store) == before


def test_on_conflict_skip_and_new_ids(store, tmp_path):
    _export(store, tmp_path / "a.json")
    before = _counts(store)
    skipped = exchange_svc.import_dataset(store, tmp_path / "a.json", on_conflict="skip")
    assert (skipped.documents, skipped.skipped_documents, skipped.skipped_annotations) == (0, 2, 7)
    assert _counts(store) == before

    fresh = exchange_svc.import_dataset(store, tmp_path / "a.json", on_conflict="new-ids")
    assert (fresh.documents, fresh.annotations) == (2, 7)
    docs = list_documents(store)
    assert len(docs) == 4
    old_ko, new_ko = sorted(d.id for d in docs if d.source_name == "ko.txt")
    old, new = ann.list_annotations(store, old_ko), ann.list_annotations(store, new_ko)
    assert [(a.quote, a.value if a.label is not Label.CLAIM else None) for a in new] == [
        (a.quote, a.value if a.label is not Label.CLAIM else None) for a in old
    ]
    new_ids = {a.id for a in new}
    assert not new_ids & {a.id for a in old}
    claim = next(a for a in new if a.label is Label.CLAIM and a.value)
    assert claim.evidence and set(claim.evidence) <= new_ids  # evidence remapped
    with pytest.raises(ValidationError, match="on_conflict must be one of"):
        exchange_svc.import_dataset(store, tmp_path / "a.json", on_conflict="mix")


def test_failed_export_leaves_the_target_alone(store, tmp_path, monkeypatch):
    real = native._document_header
    seen: list[int] = []

    def failing(reader, doc):
        seen.append(doc["id"])
        if len(seen) > 1:  # after the first document has been written
            raise RuntimeError("disk on fire")
        return real(reader, doc)

    monkeypatch.setattr(native, "_document_header", failing)
    target = tmp_path / "out.json"
    target.write_text("old content", encoding="utf-8")
    with pytest.raises(RuntimeError):
        exchange_svc.export_dataset(store, target)
    assert target.read_text(encoding="utf-8") == "old content"
    seen.clear()
    with pytest.raises(RuntimeError):
        exchange_svc.export_dataset(store, tmp_path / "new.json")
    assert not (tmp_path / "new.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".part")) == []


def test_annotations_on_an_older_revision_are_counted_not_written(store, tmp_path):
    doc = next(d for d in list_documents(store) if d.source_name == "en.txt")
    text = load_document(store, doc.id).text
    corrections.correct_directly(store, doc.id, len(text), len(text), "Added line.\n", reason="", author="lee")
    with store.unit() as s:  # a damaged store: annotations left behind on revision 1
        first = s.exec(select(Revision.id).where(Revision.document_id == doc.id, Revision.number == 1)).one()[0]
        s.exec(update(AnnotationSpan).where(AnnotationSpan.document_id == doc.id).values(revision_id=first))
    summary = exchange_svc.export_dataset(store, tmp_path / "a.json")
    assert (summary.annotations, summary.stale_annotations) == (5, 2)
    data = orjson.loads((tmp_path / "a.json").read_bytes())
    en = next(d for d in data["documents"] if d["id"] == doc.id)
    assert (en["revision"], en["text"], en["annotations"]) == (2, text + "Added line.\n", [])
    native.validate_dataset(data)


# ------------------------------------------- corrections log, metadata, verdicts, paths


def _ko(data: dict) -> dict:
    return next(d for d in data["documents"] if d["source_name"] == "ko.txt")


def test_corrections_log_rebuilds_the_curated_text(curated, tmp_path):
    data = orjson.loads(_export(curated, tmp_path / "a.json"))
    jsonschema.Draft202012Validator(native.load_schema()).validate(data)
    native.validate_dataset(data)
    ko = _ko(data)
    assert ko["original_text"] == KOREAN
    assert ko["text"] == load_document(curated, ko["id"]).text != KOREAN
    assert ko["revision"] == 4
    assert native.rebuild_text(ko["original_text"], ko["corrections"]) == ko["text"]
    assert [t for _, t in native.iter_revisions(ko["original_text"], ko["corrections"])][-2] != ko["text"]
    log = [(c["status"], c["kind"], c["revision"], c["applied_revision"]) for c in ko["corrections"]]
    # ordered by (applied revision or own revision, start, id); the pair shares revision 3
    assert log == [
        ("proposed", "edit", 1, None), ("accepted", "edit", 1, 2), ("accepted", "edit", 2, 3),
        ("accepted", "noise", 2, 3), ("proposed", "edit", 4, None), ("accepted", "edit", 3, 4),
        ("rejected", "edit", 4, None),
    ]
    accepted = ko["corrections"][1]
    assert (accepted["author"], accepted["decided_by"], accepted["reason"]) == ("김민수", "김민수", "현대 표기")
    assert ko["corrections"][0]["decided"] is None and ko["corrections"][6]["decided_by"] == "김민수"
    assert (ko["authors"], ko["year"], ko["source"], ko["languages"]) == (
        "김민수; Lee, J.", 1961, "https://doi.org/10.1234/ko.1", ["ko", "en"])
    assert [(f["key"], f["verdict"], f["note"], f["curator"]) for f in ko["findings"]] == [
        ("figure|576000000|5억", "rounding", "\"반올림\" \\ ok", "lee")]
    figure = next(a for a in ko["annotations"] if a["label"] == "figure")
    assert figure["status"] == "needs_review" and "7,600만" in figure["review_reason"]
    assert figure["quote"] == "5억 7,600 만 루블"
    en = next(d for d in data["documents"] if d["source_name"] == "en.txt")
    assert (en["original_text"], en["corrections"], en["revision"]) == (en["text"], [], 1)


def _tamper_original(d):
    _ko(d)["corrections"][2]["original"] = "원조"


def _tamper_replacement(d):
    _ko(d)["corrections"][1]["replacement"] = "채택하다"


def _tamper_split_pair(d):
    _ko(d)["corrections"][3]["applied_revision"] = 4


def _tamper_gap(d):
    for c in _ko(d)["corrections"]:
        if c["applied_revision"] == 4:
            c["applied_revision"], c["revision"] = 5, 4


def _tamper_pending(d):
    _ko(d)["corrections"][4]["revision"] = 9


def _tamper_overlap(d):
    c = _ko(d)["corrections"]
    c[3]["start"] = c[2]["start"]


@pytest.mark.parametrize("tamper,message", [
    (_tamper_original, "documents[1].corrections[2]: original does not match revision 2 at "),
    (_tamper_replacement, "documents[1].text: original_text with the accepted corrections replayed"),
    (_tamper_split_pair, "documents[1].corrections[3]: accepted into revision 4 but counts in revision 2"),
    (_tamper_gap, "revision 5 follows revision 3: a revision is missing"),
    (_tamper_pending, "documents[1].corrections[4].revision: the log makes no revision 9"),
    (_tamper_overlap, "documents[1].corrections[3]: range"),
], ids=lambda x: getattr(x, "__name__", ""))
def test_a_tampered_corrections_log_is_refused(curated, tmp_path, tamper, message):
    data = orjson.loads(_export(curated, tmp_path / "a.json"))
    tamper(data)
    ko = _ko(data)
    if tamper is _tamper_pending:  # proposals change no text: only the validator sees it
        assert native.rebuild_text(ko["original_text"], ko["corrections"]) == ko["text"]
    elif tamper is _tamper_replacement:  # replays, to another text
        assert native.rebuild_text(ko["original_text"], ko["corrections"]) != ko["text"]
    else:
        with pytest.raises(ValueError, match=r"^corrections\[\d\]: "):
            native.rebuild_text(ko["original_text"], ko["corrections"])
    bad = tmp_path / "bad.json"
    bad.write_bytes(orjson.dumps(data))
    target = open_store(tmp_path / "t.db")
    with pytest.raises(ValidationError) as err:
        exchange_svc.import_dataset(target, bad)
    assert message in str(err.value)
    assert _counts(target) == (0, 0, 0, 0, 0)


def test_round_trip_with_corrections_verdicts_and_metadata(curated, tmp_path):
    empty, summary = _round_trip(curated, tmp_path)
    assert (summary.documents, summary.annotations, summary.corrections) == (2, 7, 7)
    for doc in list_documents(curated):
        assert get_metadata(empty, doc.id) == get_metadata(curated, doc.id)
        mine, theirs = corrections.list_corrections(curated, doc.id), corrections.list_corrections(empty, doc.id)
        assert [(c.id, c.revision_number, c.status, c.stale, c.author) for c in theirs] == [
            (c.id, c.revision_number, c.status, c.stale, c.author) for c in mine]
    ko = next(d for d in list_documents(empty) if d.source_name == "ko.txt").id
    with empty.read() as s:  # a chain of revisions, each the parent of the next
        revs = s.exec(select(Revision.number, Revision.id, Revision.parent_id).where(
            Revision.document_id == ko).order_by(Revision.number)).all()
    assert [r[0] for r in revs] == [1, 2, 3, 4] and [r[2] for r in revs] == [None, *[r[1] for r in revs[:-1]]]
    # the imported history works: the pending proposal can still be accepted
    pending = next(c for c in corrections.list_corrections(empty, ko, "proposed") if not c.stale)
    corrections.accept_corrections(empty, [pending.id], by="lee")
    assert "조선" in load_document(empty, ko).text


def test_correction_ids_conflict_and_get_fresh_ids(curated, tmp_path):
    data = orjson.loads(_export(curated, tmp_path / "a.json"))
    for i, doc in enumerate(data["documents"]):  # fresh document and annotation ids
        doc["id"] = 100 + i
        for a in doc["annotations"]:
            a["id"] += 1000
            if a["label"] == "claim" and a["value"]:
                a["value"]["evidence"] = [e + 1000 for e in a["value"]["evidence"]]
    (tmp_path / "b.json").write_bytes(orjson.dumps(data))
    before = _counts(curated)
    first = _ko(data)["corrections"][0]["id"]
    with pytest.raises(ValidationError, match=f"correction id {first} of document .* is taken here by a correction"):
        exchange_svc.import_dataset(curated, tmp_path / "b.json")
    assert _counts(curated) == before
    fresh = exchange_svc.import_dataset(curated, tmp_path / "a.json", on_conflict="new-ids")
    assert (fresh.documents, fresh.corrections) == (2, 7)
    old_ko, new_ko = sorted(d.id for d in list_documents(curated) if d.source_name == "ko.txt")
    old, new = corrections.list_corrections(curated, old_ko), corrections.list_corrections(curated, new_ko)
    assert not {c.id for c in old} & {c.id for c in new}
    assert sorted((c.start, c.original, c.status) for c in new) == sorted((c.start, c.original, c.status) for c in old)
    assert load_document(curated, new_ko).text == load_document(curated, old_ko).text


def _layout(data: dict) -> bytes:
    """``data`` laid out as export_dataset lays it out (so it is read document by document)."""
    envelope = {k: v for k, v in data.items() if k != "documents"}
    out = [orjson.dumps(envelope)[:-1] + b',"documents":[']
    for k, doc in enumerate(data["documents"]):
        head = {k2: v for k2, v in doc.items() if k2 != "annotations"}
        out.append(orjson.dumps(head)[:-1] + b',"annotations":[')
        out += [orjson.dumps(a) + (b"," if j < len(doc["annotations"]) - 1 else b"")
                for j, a in enumerate(doc["annotations"])]
        out.append(b"]}," if k < len(data["documents"]) - 1 else b"]}")
    return b"\n".join([*out, b"]}", b""])


@pytest.mark.parametrize("mutate,message", _mutations(), ids=lambda m: getattr(m, "__name__", ""))
def test_streamed_reading_refuses_the_same_and_rolls_back(store, tmp_path, monkeypatch, mutate, message):
    data = orjson.loads(_export(store, tmp_path / "a.json"))
    assert _layout(data) == (tmp_path / "a.json").read_bytes()  # the helper mirrors the exporter
    mutate(data)
    bad = tmp_path / "bad.json"
    bad.write_bytes(_layout(data))

    def whole(path):
        raise AssertionError("read whole instead of one document at a time")

    monkeypatch.setattr(native, "read_dataset", whole)
    target = open_store(tmp_path / "t.db")
    import_files(target, [tmp_path / "src" / "en.txt"])
    before = _counts(target)
    with pytest.raises(ValidationError) as err:
        exchange_svc.import_dataset(target, bad, on_conflict="new-ids")
    assert message in str(err.value)
    with pytest.raises(ValidationError, match=re.escape(message)):
        native.validate_file(bad)
    assert _counts(target) == before


def test_other_layouts_are_read_whole(curated, tmp_path):
    first = _export(curated, tmp_path / "a.json")
    data = orjson.loads(first)
    for name, raw in (("pretty", json.dumps(data, indent=1, ensure_ascii=False).encode()),
                      ("compact", orjson.dumps(data))):
        (tmp_path / f"{name}.json").write_bytes(raw)
        assert native.validate_file(tmp_path / f"{name}.json") == native.DatasetStats(2, 7)
        target = open_store(tmp_path / f"{name}.db")
        exchange_svc.import_dataset(target, tmp_path / f"{name}.json")
        assert _export(target, tmp_path / f"{name}.out") == first
    # looks like the layout up to its last line, which adds a key the schema forbids
    (tmp_path / "extra.json").write_bytes(first[: -len(b"]}\n")] + b'],"extra":1}\n')
    with pytest.raises(ValidationError, match="Additional properties are not allowed"):
        native.validate_file(tmp_path / "extra.json")
    (tmp_path / "cut.json").write_bytes(first[: len(first) // 2])
    with pytest.raises(ValidationError, match="not valid JSON"):
        exchange_svc.import_dataset(open_store(tmp_path / "cut.db"), tmp_path / "cut.json")


NASTY = ("탭\t여기 \x01 제어 \u2028 줄 \"인용\" \\역슬래시\\ 😀 𠀀𠀁 끝 1950년 \x7f 5억 원\n"
         "둘째 줄 \"quoted\" 1960\n")


def test_sqlite_json_and_orjson_paths_write_the_same_bytes(tmp_path, monkeypatch):
    src = tmp_path / "nasty.txt"
    src.write_text(NASTY, encoding="utf-8")
    s = open_store(tmp_path / "n.db")
    doc = import_files(s, [src])[0].document_id
    text = load_document(s, doc).text
    assert "\x01" in text and "\u2028" in text and "\t" in text
    d = ann.create_annotation(s, doc, "date", *_span(text, "1950년"), creator="김\t민수",
                              value=DateValue("1950"), note="note \"q\" \\ \x01 \u2028 😀 𠀀")
    f = ann.create_annotation(s, doc, "figure", *_span(text, "5억 원"), creator="lee",
                              value=FigureValue.parse("500000000", "KRW\\\"😀"))
    ann.create_annotation(s, doc, "claim", *_span(text, "\t여기 \x01 제어 \u2028 줄 \"인용\" \\역슬래시\\ 😀 𠀀"),
                          creator="lee", value=ClaimValue("요약 \"s\" \\ \t \x01 \u2028 𠀀", (f.id, d.id)))
    ann.create_annotation(s, doc, "claim", *_span(text, "둘째"), creator="lee", value=ClaimValue("", ()))
    ann.create_annotation(s, doc, "claim", *_span(text, "quoted"), creator="lee")
    corrections.correct_directly(s, doc, *_span(text, "1960"), "1961", reason="\"typo\" \\ \x01", author="lee")
    with s.unit() as u:  # a review reason with every kind of character
        u.exec(update(Annotation).where(Annotation.id == d.id).values(review_reason="왜 \"\\\x01\u2028😀"))

    calls = []
    real = native._annotations_orjson
    monkeypatch.setattr(native, "_annotations_orjson", lambda *a: calls.append(1) or real(*a))
    in_sql = _export(s, tmp_path / "sql.json")
    assert calls == []  # SQLite built the annotations' JSON
    monkeypatch.setattr(dataset_snapshot, "sql_builds_json", lambda conn: False)
    assert _export(s, tmp_path / "orjson.json") == in_sql
    assert calls
    data = orjson.loads(in_sql)
    native.validate_dataset(data)
    anns = data["documents"][0]["annotations"]
    # U+2028 written escaped (one record a line for str.splitlines()), the rest as it is
    assert b"\\u0001" in in_sql and b"\\u2028" in in_sql and "\u2028".encode() not in in_sql
    assert "𠀀".encode() in in_sql
    assert [a["value"] for a in anns if a["label"] == "claim"] == [
        {"summary": "요약 \"s\" \\ \t \x01 \u2028 𠀀", "evidence": sorted([d.id, f.id])},
        {"summary": "", "evidence": []}, None]


@pytest.mark.parametrize("in_sql", [True, False])
def test_a_quote_that_no_longer_matches_stops_the_export(store, tmp_path, monkeypatch, in_sql):
    monkeypatch.setattr(dataset_snapshot, "sql_builds_json", lambda conn: in_sql)
    with store.unit() as s:
        victim = s.exec(select(Annotation.id).where(Annotation.quote == "1945-1956")).one()[0]
        s.exec(update(Annotation).where(Annotation.id == victim).values(quote="1945-1957"))
    with pytest.raises(CuratorError, match=f"annotation {victim} of document \\d+: its quote does not match"):
        exchange_svc.export_dataset(store, tmp_path / "a.json")
    assert not (tmp_path / "a.json").exists()


def test_an_empty_store_round_trips(tmp_path):
    first = _export(open_store(tmp_path / "a.db"), tmp_path / "a.json")
    assert native.validate_file(tmp_path / "a.json") == native.DatasetStats(0, 0)
    target = open_store(tmp_path / "b.db")
    assert exchange_svc.import_dataset(target, tmp_path / "a.json").documents == 0
    assert _export(target, tmp_path / "b.json") == first


def test_the_writers_columns_are_the_tables():
    from curator.store import bulk
    from curator.store.models import SQLModel

    for table, columns in bulk.TABLES.items():
        assert set(columns) <= set(SQLModel.metadata.tables[table].columns.keys()), table
        for column in SQLModel.metadata.tables[table].columns:  # one left out: generated or nullable
            if column.name not in columns:
                generated = column.primary_key and column.autoincrement in (True, "auto")
                assert column.nullable or column.default is not None or generated, (table, column.name)
