"""The native import's fast paths (columns, msgspec structs, canonical values) accept
nothing the item-by-item checks and the JSON Schema would refuse, and give the same rows."""

from __future__ import annotations

import json
from decimal import Decimal

import jsonschema
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.domain import DateValue, FigureValue, ValidationError, parse_value
from curator.domain.labels import Label
from curator.exchange import native, native_validate, native_values
from curator.services import exchange as exchange_svc
from curator.store.values import encode_value
from tests.exchange.native_data import _export


_TS = "2026-11-22T10:00:00.000000Z"
_BASE = {"id": 7, "label": "figure", "start": 1, "end": 5, "quote": "abcd",
         "value": {"amount": "12", "unit": "RUB"}, "note": "", "status": "draft", "review_reason": None,
         "origin": "manual", "creator": "kim", "created": _TS, "modified": _TS}
_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 10**16) | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["", "x", "date", "claim", "figure", "confirmed", "import", "-1.5", "1950",
                       _TS, "2026-11-22T10:00:00Z\n", "12 345", "n" * 10_001, "c" * 201, "r" * 1_001]),
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
    assert native.annotation_conforms(a) == native_validate._validator("annotation").is_valid(a)


@settings(max_examples=400, deadline=None)
@given(st.lists(_annotations(), min_size=1, max_size=4), st.booleans())
def test_column_check_agrees_with_the_item_by_item_one(anns, fresh_ids):
    for k, a in enumerate(anns):
        if fresh_ids and a.get("id") == 7:
            a["id"] = k + 1
    doc = {"text": "xabcdefgh", "annotations": anns}
    fast = native_validate.Checker()._fast_columns(doc)
    try:
        rows = native_validate.Checker()._annotations(0, doc)
    except ValidationError:
        rows = None
    assert fast is None or (rows is not None and fast == tuple(zip(*rows)))


@settings(max_examples=400, deadline=None)
@given(st.lists(_annotations(), min_size=1, max_size=4), st.booleans())
def test_struct_check_agrees_with_the_item_by_item_one(anns, fresh_ids):
    """What msgspec decodes and the columns then accept, the item-by-item check (which
    agrees with the JSON Schema) accepts too, with the same rows."""
    for k, a in enumerate(anns):
        if fresh_ids and a.get("id") == 7:
            a["id"] = k + 1
    raw = orjson.dumps(anns)
    structs = native_validate.decode_annotations(raw)
    if structs is None:
        return
    assert [a["id"] for a in orjson.loads(raw)] == [s.id for s in structs]
    fast = native_validate.Checker()._fast_columns({"text": "xabcdefgh", "annotations": structs})
    try:
        rows = native_validate.Checker()._annotations(0, {"text": "xabcdefgh", "annotations": orjson.loads(raw)})
    except ValidationError:
        rows = None
    assert fast is None or (rows is not None and fast == tuple(zip(*rows)))


def test_structs_take_what_is_plainly_valid_and_leave_the_rest():
    good = [dict(_BASE, id=1), dict(_BASE, id=2, label="date", value={"edtf": "1950"})]
    structs = native_validate.decode_annotations(orjson.dumps(good))
    assert [(s.id, s.label, s.value) for s in structs] == [(1, "figure", _BASE["value"]), (2, "date", {"edtf": "1950"})]
    columns = native_validate.Checker()._fast_columns({"text": "xabcdefgh", "annotations": structs})
    assert columns[5] == ('{"amount":"12","unit":"RUB"}', '{"edtf":"1950"}')  # the stored value JSON
    for bad in (dict(_BASE, id=7.0), dict(_BASE, extra=1), dict(_BASE, status="done"), dict(_BASE, quote=""),
                dict(_BASE, id=2**53), dict(_BASE, start=True), {k: v for k, v in _BASE.items() if k != "note"}):
        assert native_validate.decode_annotations(orjson.dumps([bad])) is None, bad
    # a key given twice: the last one counts, as for orjson and Python's json
    twice = orjson.dumps([_BASE]).replace(b'{"id":7', b'{"id":3,"id":7')
    assert native_validate.decode_annotations(twice)[0].id == json.loads(twice)[0]["id"] == 7


def test_a_streamed_export_is_read_into_structs(curated, tmp_path):
    _export(curated, tmp_path / "a.json")
    with open(tmp_path / "a.json", "rb") as fh:
        docs = list(native.streamed_documents(fh))[1:]
    assert [type(d["annotations"][0]) for d in docs] == [native_validate._ANNOTATION] * len(docs)
    checker = native_validate.Checker()
    assert all(checker._fast_columns(doc) is not None for doc in docs)


def test_a_document_the_structs_refuse_is_named_by_the_slow_path(curated, tmp_path):
    raw = _export(curated, tmp_path / "a.json")
    (tmp_path / "b.json").write_bytes(raw.replace(b'"status":"confirmed"', b'"status":"approved"', 1))
    with pytest.raises(ValidationError, match=r"documents\[\d\]\.annotations\[\d+\]\.status: 'approved' is not one of"):
        native.validate_file(tmp_path / "b.json")


def test_exported_documents_take_the_column_check(curated, tmp_path):
    data = orjson.loads(_export(curated, tmp_path / "a.json"))
    checker = native_validate.Checker()
    assert all(checker._fast_columns(doc) is not None for doc in data["documents"])


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["figure", "claim", "date"]),
       st.text(alphabet=st.sampled_from(list("0123456789.-, \n\t\"\\Xx/:~?ab\u00e9\u2028\x01한😀")), max_size=14),
       st.text(alphabet=st.sampled_from(list("RUBt% \n\"\\\x01\x7f한😀0")), max_size=8))
def test_fast_value_encoding_matches_the_domain(label, first, second):
    value = {"figure": {"amount": first, "unit": second}, "claim": {"summary": first + second, "evidence": []},
             "date": {"edtf": first}}[label]
    try:
        expected = encode_value(parse_value(Label(label), value))
    except ValidationError:
        expected = None
    try:
        got = native_values.Values().stored_json(label, value)
    except ValidationError:
        got = None
    assert got == expected
    fast = native_values.Values().fast_json(label, value)  # the column check's one-call version
    assert fast is native_values.SLOW or fast == expected


@settings(max_examples=200, deadline=None)
@given(st.from_regex(native_values._PLAIN_EDTF, fullmatch=True))
def test_plain_edtf_shortcut_only_takes_valid_dates(edtf):
    try:
        expected = encode_value(DateValue(edtf))
    except ValidationError:  # e.g. a reversed interval, 1950/1949
        expected = None
    try:
        got = native_values.Values().stored_json("date", {"edtf": edtf})
    except ValidationError:
        got = None
    assert got == expected


def test_amounts_stay_exact():
    stored = native_values.Values().stored_json("figure", {"amount": "12345678901234567890.000000001", "unit": "KPW"})
    assert json.loads(stored) == {"amount": "12345678901234567890.000000001", "unit": "KPW"}
    assert FigureValue.parse("12345678901234567890.000000001", "KPW").amount == Decimal("12345678901234567890.000000001")


def test_schema_enums_follow_the_domain():
    from curator.domain.labels import Status

    props = native.load_schema()["$defs"]["annotation"]["properties"]
    assert set(props["label"]["enum"]) == {label.value for label in Label}
    # an orphaned annotation (its text removed by a correction) is never exported
    assert set(props["status"]["enum"]) == {status.value for status in Status} - {"orphaned"}
    jsonschema.Draft202012Validator.check_schema(native.load_schema())



def test_import_progress_counts_bytes_when_streamed_and_documents_when_whole(curated, tmp_path):
    from curator.store import open_store

    raw = _export(curated, tmp_path / "a.json")
    calls: list[tuple[int, int]] = []
    exchange_svc.import_dataset(open_store(tmp_path / "b.db"), tmp_path / "a.json", progress=lambda *a: calls.append(a))
    assert calls[-1] == (len(raw), len(raw)) and len(calls) == 3  # two documents, then the end
    assert [d for d, _ in calls] == sorted(d for d, _ in calls) and calls[0][0] < len(raw)
    (tmp_path / "c.json").write_text(json.dumps(json.loads(raw), indent=2), encoding="utf-8")  # read whole
    calls.clear()
    exchange_svc.import_dataset(open_store(tmp_path / "c.db"), tmp_path / "c.json", progress=lambda *a: calls.append(a))
    assert calls == [(1, 2), (2, 2)]


def test_a_claim_whose_evidence_holds_a_list_is_refused_not_a_crash(store, tmp_path):
    """Found by the hypothesis test above: ``set()`` of ``[[]]`` raised TypeError."""
    bad = {"summary": "s", "evidence": [[]]}
    assert native_values.Values().fast_json("claim", bad) is native_values.SLOW
    raw = _export(store, tmp_path / "a.json")
    data = orjson.loads(raw)
    claim = next(a for d in data["documents"] for a in d["annotations"] if a["label"] == "claim" and a["value"])
    claim["value"]["evidence"] = [[]]
    (tmp_path / "b.json").write_bytes(orjson.dumps(data))
    with pytest.raises(ValidationError, match=r"annotations\[\d+\]\.value"):
        native.validate_file(tmp_path / "b.json")
