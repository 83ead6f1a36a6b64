"""Native dataset: schema, offsets, determinism, lossless round trip, refusals, atomicity."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, insert, select

from curator.domain import ClaimValue, DateValue, FigureValue, ValidationError, parse_value
from curator.domain.labels import Label
from curator.exchange import native
from curator.services import annotations as ann
from curator.services.annotations import _encode_value
from curator.services.corpus import import_files, list_documents, load_document
from curator.store import open_store
from curator.store.models import Annotation, ClaimEvidence, Curator, Document, Revision

KOREAN = (
    "1950년 7월 북한 정부는 😀 제1차 5개년계획(1957-1961)을 채택하였다. "
    "원조액은 5억 7,600만 루블이었다. 𠀀𠀁𠀂 희귀 한자.\n두 번째 줄: 1945-1956."
)
ENGLISH = "The amount of aid needed was 576 million rubles in the late 1950s (1954-56).\n"


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


@pytest.fixture
def store(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "ko.txt").write_text(KOREAN, encoding="utf-8")
    (src / "en.txt").write_text(ENGLISH, encoding="utf-8")
    s = open_store(tmp_path / "a.db")
    outcomes = import_files(s, [src / "en.txt", src / "ko.txt"])
    assert [o.status for o in outcomes] == ["imported", "imported"]
    en, ko = (load_document(s, o.document_id) for o in outcomes)
    d = ann.create_annotation(s, ko.id, "date", *_span(ko.text, "1957-1961"), creator="김민수",
                              value=DateValue("1957/1961"), status="confirmed")
    f = ann.create_annotation(s, ko.id, "figure", *_span(ko.text, "5억 7,600만 루블"), creator="lee",
                              value=FigureValue.parse("576000000", "RUB"), origin="suggestion")
    ann.create_annotation(s, ko.id, "claim", *_span(ko.text, "북한 정부는 😀 제1차"), creator="김민수",
                          value=ClaimValue("정부가 계획을 채택", (d.id, f.id)), note="근거 두 개")
    ann.create_annotation(s, ko.id, "date", *_span(ko.text, "𠀀𠀁𠀂"), creator="lee")  # no value yet
    ann.create_annotation(s, ko.id, "date", *_span(ko.text, "1945-1956"), creator="lee",
                          value=DateValue("1945/1956"), status="needs_review")
    ann.create_annotation(s, en.id, "figure", *_span(en.text, "576 million rubles"), creator="lee",
                          value=FigureValue.parse("576000000.50", "RUB"))
    ann.create_annotation(s, en.id, "claim", *_span(en.text, "late 1950s"), creator="lee")
    yield s
    s.close()


def _counts(store) -> tuple[int, ...]:
    with store.read() as s:
        return tuple(
            s.exec(select(func.count()).select_from(t)).one()[0]
            for t in (Document, Revision, Annotation, ClaimEvidence, Curator)
        )


def _export(store, path: Path) -> bytes:
    native.export_dataset(store, path)
    return path.read_bytes()


def test_export_is_valid_and_carries_every_field(store, tmp_path):
    summary = native.export_dataset(store, tmp_path / "out.json")
    assert (summary.documents, summary.annotations, summary.stale_annotations) == (2, 7, 0)
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(native.load_schema()).validate(data)
    assert native.validate_dataset(data) == native.DatasetStats(2, 7)
    ko = next(d for d in data["documents"] if d["source"] == "ko.txt")
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
    en = next(d for d in data["documents"] if d["source"] == "en.txt")
    assert [a["value"] for a in en["annotations"]] == [{"amount": "576000000.5", "unit": "RUB"}, None]
    # text order inside a document: start, then longer first
    starts = [(a["start"], -a["end"]) for a in ko["annotations"]]
    assert starts == sorted(starts)


def test_offsets_are_code_points_and_quotes_match(store, tmp_path):
    data = orjson.loads(_export(store, tmp_path / "out.json"))
    ko = next(d for d in data["documents"] if d["source"] == "ko.txt")
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


def test_round_trip_is_byte_identical_and_lossless(store, tmp_path):
    first = _export(store, tmp_path / "a.json")
    empty = open_store(tmp_path / "b.db")
    summary = native.import_dataset(empty, tmp_path / "a.json")
    assert (summary.documents, summary.annotations, summary.curators_created) == (2, 7, 2)
    assert _export(empty, tmp_path / "b.json") == first
    for doc in list_documents(store):
        assert ann.list_annotations(empty, doc.id) == ann.list_annotations(store, doc.id)
        assert load_document(empty, doc.id).text == load_document(store, doc.id).text


def test_export_to_an_open_file_and_progress(store, tmp_path):
    calls = []
    with open(tmp_path / "x.json", "wb") as fh:
        summary = native.export_dataset(store, fh, progress=lambda done, total: calls.append((done, total)))
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
        native.import_dataset(target, bad, on_conflict="new-ids")
    assert message in str(err.value)
    with pytest.raises(ValidationError):
        native.validate_file(bad)
    assert _counts(target) == before


def test_not_json_is_refused(store, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "curator-dataset", ', encoding="utf-8")
    before = _counts(store)
    with pytest.raises(ValidationError, match="not valid JSON"):
        native.import_dataset(store, bad)
    with pytest.raises(ValidationError, match="not valid JSON"):
        native.validate_file(bad)
    with pytest.raises(ValidationError, match="'version' is a required property"):
        native.validate_dataset({"format": "curator-dataset", "schema": native.SCHEMA_ID, "documents": []})
    assert _counts(store) == before


def test_clashing_ids_are_refused_by_default(store, tmp_path):
    data = orjson.loads(_export(store, tmp_path / "a.json"))
    before = _counts(store)
    with pytest.raises(ValidationError, match=r"document id \d+ already exists"):
        native.import_dataset(store, tmp_path / "a.json")
    for i, doc in enumerate(data["documents"]):  # fresh document ids, same annotation ids
        doc["id"] = 100 + i
    (tmp_path / "b.json").write_bytes(orjson.dumps(data))
    first_ann = min(a["id"] for d in data["documents"] for a in d["annotations"])
    with pytest.raises(ValidationError, match=f"annotation id {first_ann} already exists"):
        native.import_dataset(store, tmp_path / "b.json")
    assert _counts(store) == before


def test_on_conflict_skip_and_new_ids(store, tmp_path):
    _export(store, tmp_path / "a.json")
    before = _counts(store)
    skipped = native.import_dataset(store, tmp_path / "a.json", on_conflict="skip")
    assert (skipped.documents, skipped.skipped_documents, skipped.skipped_annotations) == (0, 2, 7)
    assert _counts(store) == before

    fresh = native.import_dataset(store, tmp_path / "a.json", on_conflict="new-ids")
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
        native.import_dataset(store, tmp_path / "a.json", on_conflict="merge")


def test_failed_export_leaves_the_target_alone(store, tmp_path, monkeypatch):
    real = native._stream
    seen: list[int] = []

    def failing(conn, stmt, **params):
        if stmt is native._ANNS:
            seen.append(params["doc"])
            if len(seen) > 1:  # after the first document has been written
                raise RuntimeError("disk on fire")
        return real(conn, stmt, **params)

    monkeypatch.setattr(native, "_stream", failing)
    target = tmp_path / "out.json"
    target.write_text("old content", encoding="utf-8")
    with pytest.raises(RuntimeError):
        native.export_dataset(store, target)
    assert target.read_text(encoding="utf-8") == "old content"
    seen.clear()
    with pytest.raises(RuntimeError):
        native.export_dataset(store, tmp_path / "new.json")
    assert not (tmp_path / "new.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".part")) == []


def test_annotations_on_an_older_revision_are_counted_not_written(store, tmp_path):
    doc = next(d for d in list_documents(store) if d.source_name == "en.txt")
    text = load_document(store, doc.id).text + "Added line.\n"
    with store.unit() as s:
        s.exec(insert(Revision).values(document_id=doc.id, number=2, text=text,
                                       sha256=native.sha256_hex(text), note="", created="2026-01-01T00:00:00Z"))
    summary = native.export_dataset(store, tmp_path / "a.json")
    assert (summary.annotations, summary.stale_annotations) == (5, 2)
    data = orjson.loads((tmp_path / "a.json").read_bytes())
    en = next(d for d in data["documents"] if d["id"] == doc.id)
    assert (en["revision"], en["text"], en["annotations"]) == (2, text, [])
    native.validate_dataset(data)


# ------------------------------------------------- the fast paths agree with the slow ones

_TS = "2026-11-22T10:00:00.000000Z"
_BASE = {"id": 7, "label": "figure", "start": 1, "end": 5, "quote": "abcd",
         "value": {"amount": "12", "unit": "RUB"}, "note": "", "status": "draft",
         "origin": "manual", "creator": "kim", "created": _TS, "modified": _TS}
_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 10**16) | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["", "x", "date", "claim", "figure", "confirmed", "import", "-1.5", "1950",
                       _TS, "2026-11-22T10:00:00Z\n", "12 345"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["edtf", "amount", "unit", "summary", "evidence", "x"]), inner, max_size=3),
    max_leaves=6,
)


@st.composite
def _annotations(draw):
    a = dict(_BASE)
    a["label"] = draw(st.sampled_from(["figure", "date", "claim"]))
    a["value"] = draw(st.sampled_from([
        None, {"amount": "12", "unit": "RUB"}, {"edtf": "1950"}, {"summary": "s", "evidence": [1, 2]},
    ]))
    for _ in range(draw(st.integers(0, 3))):
        key = draw(st.sampled_from([*_BASE, "extra"]))
        if draw(st.booleans()) and key in a:
            del a[key]
        else:
            a[key] = draw(_json_values)
    if draw(st.booleans()) and isinstance(a.get("value"), dict):
        a["value"] = dict(a["value"])
        a["value"][draw(st.sampled_from(["edtf", "amount", "unit", "summary", "evidence", "x"]))] = draw(_json_values)
    return a


@settings(max_examples=400, deadline=None)
@given(_annotations())
def test_fast_annotation_check_agrees_with_jsonschema(a):
    assert native.annotation_conforms(a) == native._validator("annotation").is_valid(a)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["figure", "claim", "date"]),
       st.text(alphabet=st.sampled_from(list("0123456789.-, \n\t\"\\Xx/:~?ab\u00e9\u2028\x01한😀")), max_size=14),
       st.text(alphabet=st.sampled_from(list("RUBt% \n\"\\\x01\x7f한😀0")), max_size=8))
def test_fast_value_encoding_matches_the_domain(label, first, second):
    value = {"figure": {"amount": first, "unit": second}, "claim": {"summary": first + second, "evidence": []},
             "date": {"edtf": first}}[label]
    try:
        expected = _encode_value(parse_value(Label(label), value))
    except ValidationError:
        expected = None
    try:
        got = native._Values().stored_json(label, value)
    except ValidationError:
        got = None
    assert got == expected


@settings(max_examples=200, deadline=None)
@given(st.from_regex(native._PLAIN_EDTF, fullmatch=True))
def test_plain_edtf_shortcut_only_takes_valid_dates(edtf):
    assert DateValue(edtf).edtf == edtf


def test_amounts_stay_exact():
    stored = native._Values().stored_json("figure", {"amount": "12345678901234567890.000000001", "unit": "KPW"})
    assert json.loads(stored) == {"amount": "12345678901234567890.000000001", "unit": "KPW"}
    assert FigureValue.parse("12345678901234567890.000000001", "KPW").amount == Decimal("12345678901234567890.000000001")


def test_schema_enums_follow_the_domain():
    from curator.domain.labels import Status

    props = native.load_schema()["$defs"]["annotation"]["properties"]
    assert set(props["label"]["enum"]) == {label.value for label in Label}
    assert set(props["status"]["enum"]) == {status.value for status in Status}
    jsonschema.Draft202012Validator.check_schema(native.load_schema())
