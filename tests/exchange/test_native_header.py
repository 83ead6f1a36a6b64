"""The fast check of a document's header (msgspec structs made from the schema's
definitions) accepts exactly what the JSON Schema accepts: on valid headers and on
headers broken in every field, their corrections and their findings. It may only be
stricter where msgspec is (an integral float such as 7.0 for an integer): the header
then takes the ``jsonschema`` path, which judges it."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from curator.exchange import native_validate
from curator.exchange.native_schema import header_conforms

_TS = "2026-11-22T10:00:00.000000Z"
_CORRECTIONS = [
    {"id": 1, "revision": 1, "start": 0, "end": 3, "original": "abc", "replacement": "abd", "kind": "edit",
     "reason": "", "status": "accepted", "origin": "manual", "author": "kim", "created": _TS,
     "decided": _TS, "decided_by": "lee", "applied_revision": 2},
    {"id": 2, "revision": 2, "start": 4, "end": 6, "original": "de", "replacement": "", "kind": "noise",
     "reason": "running header", "status": "proposed", "origin": "suggestion", "author": "lee", "created": _TS,
     "decided": None, "decided_by": None, "applied_revision": None},
    {"id": 3, "revision": 2, "start": 0, "end": 1, "original": "a", "replacement": "b", "kind": "edit",
     "reason": "", "status": "rejected", "origin": "manual", "author": "lee", "created": _TS,
     "decided": _TS, "decided_by": "kim", "applied_revision": None},
]
_BASE = {
    "id": 3, "title": "보고서", "source_name": "r.txt", "authors": "Kim, M.", "year": 1958, "source": "",
    "languages": ["ko", "en-GB"], "sha256": "a" * 64, "raw_sha256": "b" * 64, "encoding": "utf-8",
    "import_notes": "", "created": _TS, "revision": 2, "original_text": "abc de", "text": "abd de",
    "corrections": _CORRECTIONS,
    "findings": [{"key": "figure|1|2", "verdict": "rounding", "note": "", "curator": "lee", "created": _TS,
                  "modified": _TS}],
    "annotations": [],
}
_values = st.sampled_from([
    None, True, False, 0, 1, -1, 2, 7.0, 7.5, -10_000, 10_000, 2**53, 2**53 - 1, "", "x", "ko", "en-GB", "EN",
    "edit", "noise", "proposed", "accepted", "rejected", "rounding", "other", "manual", _TS,
    "2026-11-22T10:00:00Z\n", "2026-11-22 10:00:00Z", "a" * 64, "A" * 64, "a" * 63, "t" * 501, "n" * 4001,
    "😀" * 500, "😀" * 501, "c" * 201, [], ["ko"], ["ko"] * 21, ["x" * 36], [1], {}, {"k": 1},
])
_TOP = [k for k in _BASE if k != "annotations"]
_CORRECTION_KEYS = list(_CORRECTIONS[0])
_FINDING_KEYS = list(_BASE["findings"][0])


@st.composite
def _headers(draw):
    h = copy.deepcopy(_BASE)
    for _ in range(draw(st.integers(0, 3))):
        where = draw(st.sampled_from(["top", "correction", "finding", "language", "drop", "extra"]))
        if where == "top":
            h[draw(st.sampled_from(_TOP))] = draw(_values)
        elif where == "correction" and isinstance(h.get("corrections"), list) and h["corrections"]:
            c = h["corrections"][draw(st.integers(0, len(h["corrections"]) - 1))]
            if isinstance(c, dict):
                c[draw(st.sampled_from([*_CORRECTION_KEYS, "extra"]))] = draw(_values)
        elif where == "finding" and isinstance(h.get("findings"), list) and h["findings"]:
            f = h["findings"][0]
            if isinstance(f, dict):
                f[draw(st.sampled_from([*_FINDING_KEYS, "extra"]))] = draw(_values)
        elif where == "language" and isinstance(h.get("languages"), list) and h["languages"]:
            h["languages"][0] = draw(_values)
        elif where == "drop":
            h.pop(draw(st.sampled_from(list(h))), None)
        else:
            h[draw(st.sampled_from(["extra", "annotations"]))] = draw(_values)
    return h


def _has_float(x) -> bool:
    if isinstance(x, float):
        return True
    if isinstance(x, dict):
        return any(map(_has_float, x.values()))
    if isinstance(x, list):
        return any(map(_has_float, x))
    return False


def test_a_valid_header_passes_both():
    assert native_validate._validator("document").is_valid(_BASE)
    assert header_conforms(copy.deepcopy(_BASE))


@settings(max_examples=1500, deadline=None)
@given(_headers())
def test_the_fast_header_check_agrees_with_the_json_schema(header):
    by_schema = native_validate._validator("document").is_valid(header)
    fast = header_conforms(header)
    if fast:
        assert by_schema
    elif by_schema:
        assert _has_float(header)  # 7.0 for an integer: the jsonschema path accepts it


def test_a_header_refused_by_the_structs_is_named_by_the_schema(tmp_path):
    """The import's message is still the JSON Schema's, with its JSON path."""
    import pytest

    from curator.domain.errors import ValidationError

    doc = copy.deepcopy(_BASE)
    doc["corrections"][1]["decided_by"] = "kim"  # a proposed correction was decided by nobody
    with pytest.raises(ValidationError, match=r"^documents\[0\]\.corrections\[1\]\.decided_by: "):
        native_validate.Checker().document(0, doc)
