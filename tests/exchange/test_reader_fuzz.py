"""Fuzzing the dataset and W3C readers: valid files mutated (wrong types, missing and
extra fields, huge numbers, deep nesting, bad UTF-8, truncation) are either imported or
refused with a :class:`CuratorError`, never another exception, and a refusal leaves the
store exactly as it was (its export is byte-identical before and after). Derandomised
with the other property tests (tests/conftest.py), with a bounded number of examples."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.domain import CuratorError
from curator.exchange import native
from curator.services import exchange as exchange_svc
from curator.services.exchange import write_w3c
from curator.services.w3c_import import ON_CONFLICT as W3C_POLICIES
from curator.services.w3c_import import import_w3c
from curator.services import annotations as ann
from curator.services.corpus import import_files
from curator.store import open_store
from tests.exchange.formats.w3c_corpus import build_corpus
from tests.exchange.native_data import ENGLISH, KOREAN, _span
from tests.exchange.test_native import _layout

EXAMPLES = 120
_FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

_ODD = st.sampled_from([
    None, True, 0, -1, 7.5, 10**30, -(10**30), 1e308, "", "x", "3", "\x00", "😀" * 3, "<b>x</b>",
    [], {}, [1, [2]], {"a": {"b": None}}, "9" * 400,
])


def _paths(value, prefix=()):
    """Every (path, value) of a parsed JSON value, containers included."""
    yield prefix, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


def _at(data, path):
    for step in path:
        data = data[step]
    return data


@st.composite
def _mutated(draw, base: bytes, layout) -> bytes:
    """``base`` (a valid file) with one to three mutations, as bytes."""
    data = orjson.loads(base)
    raw_ops = []
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["replace", "delete", "add", "deep", "bad-utf8", "truncate"]))
        paths = [p for p, _v in _paths(data) if p]
        if not paths:  # everything deleted already
            break
        # half the time inside an annotation (of a dataset) or an item (W3C): where
        # the readers' fast paths are
        inner = [p for p in paths if len(p) > 3 and p[2] in ("annotations", "body", "target")
                 or len(p) > 2 and p[0] == "items"]
        path = draw(st.sampled_from(inner if inner and draw(st.booleans()) else paths))
        parent, key = _at(data, path[:-1]), path[-1]
        if op == "replace":
            parent[key] = draw(_ODD)
        elif op == "delete":
            if isinstance(parent, dict):
                del parent[key]
            else:
                parent.pop(key)
        elif op == "add":
            if isinstance(parent, dict):
                parent[draw(st.sampled_from(["extra", "id", "type", "value", "start"]))] = draw(_ODD)
            else:
                parent.append(draw(_ODD))
        elif op == "deep":
            parent[key] = "@@deep@@"
            raw_ops.append(("deep", draw(st.sampled_from([70, 1_000, 1_100, 3_000]))))
        else:
            raw_ops.append((op, draw(st.floats(0, 1))))
    try:  # the exporter's layout, when the mutated structure still has its shape
        raw = layout(data)
    except (TypeError, AttributeError, KeyError):  # else (or a 100-bit integer) plain JSON
        raw = json.dumps(data, ensure_ascii=False).encode()
    for op, arg in raw_ops:
        if op == "deep":
            raw = raw.replace(b'"@@deep@@"', b"[" * arg + b"]" * arg, 1)
        elif op == "bad-utf8":
            at = int(arg * len(raw))
            raw = raw[:at] + b"\xff\xc3" + raw[at:]
        else:
            raw = raw[: int(arg * len(raw))]
    return raw


def _native_base(tmp: Path) -> tuple[bytes, Path]:
    src = tmp / "src"
    src.mkdir()
    (src / "ko.txt").write_text(KOREAN, encoding="utf-8")
    (src / "en.txt").write_text(ENGLISH, encoding="utf-8")
    s = open_store(tmp / "base.db")
    en, ko = (o.document_id for o in import_files(s, [src / "en.txt", src / "ko.txt"]))
    from curator.services.corpus import load_document

    kt = load_document(s, ko).text
    ann.create_annotation(s, ko, "date", *_span(kt, "1957-1961"), creator="kim")
    ann.create_annotation(s, en, "claim", 0, 10, creator="lee")
    exchange_svc.export_dataset(s, tmp / "base.json")
    s.close()
    return (tmp / "base.json").read_bytes(), src


def _dump(store, tmp: Path) -> bytes:
    exchange_svc.export_dataset(store, tmp / "dump.json")
    return (tmp / "dump.json").read_bytes()


_NATIVE: dict = {}
_W3C: dict = {}


@pytest.fixture
def native_case(tmp_path_factory):
    if not _NATIVE:
        tmp = tmp_path_factory.mktemp("native-fuzz")
        base, src = _native_base(tmp)
        target = open_store(tmp / "target.db")
        import_files(target, [src / "en.txt"])  # one document in common, with another id
        _NATIVE.update(base=base, target=target, tmp=tmp)
    return _NATIVE


@pytest.mark.parametrize("streamed", [True, False], ids=["streamed", "whole"])
def test_mutated_datasets_are_imported_or_refused_cleanly(native_case, streamed):
    base, target, tmp = native_case["base"], native_case["target"], native_case["tmp"]
    layout = _layout if streamed else orjson.dumps

    @_FUZZ
    @given(_mutated(base, layout), st.sampled_from(native.ON_CONFLICT))
    def check(raw, policy):
        path = tmp / "fuzz.json"
        path.write_bytes(raw)
        before = _dump(target, tmp)
        try:
            exchange_svc.import_dataset(target, path, on_conflict=policy)
        except CuratorError as exc:
            assert str(exc) and len(str(exc)) < 2_000
            assert _dump(target, tmp) == before
        try:
            native.validate_file(path)
        except CuratorError:
            pass

    check()


@pytest.fixture
def w3c_case(tmp_path_factory):
    if not _W3C:
        tmp = tmp_path_factory.mktemp("w3c-fuzz")
        store = open_store(tmp / "w3c.db")
        build_corpus(store)
        write_w3c(store, tmp / "base.jsonld")
        write_w3c(store, tmp / "base.jsonl", lines=True)
        _W3C.update(store=store, tmp=tmp, collection=(tmp / "base.jsonld").read_bytes(),
                    lines=(tmp / "base.jsonl").read_bytes())
    return _W3C


def _collection_layout(data) -> bytes:
    items = data.get("first", {}).get("items") if isinstance(data.get("first"), dict) else None
    if not isinstance(items, list):
        return orjson.dumps(data)
    head = dict(data, first=dict(data["first"], items=[]))
    opening = orjson.dumps(head)[: -len(b"]}}")]
    return opening + b"\n" + b",\n".join(orjson.dumps(i) for i in items) + b"\n]}}\n"


def _lines_layout(data) -> bytes:
    return b"\n".join(orjson.dumps(i) for i in data["items"]) + b"\n"


@pytest.mark.parametrize("kind", ["collection", "lines"])
def test_mutated_w3c_files_are_imported_or_refused_cleanly(w3c_case, kind):
    store, tmp = w3c_case["store"], w3c_case["tmp"]
    if kind == "collection":
        base, layout, suffix = w3c_case["collection"], _collection_layout, ".jsonld"
    else:  # as one object, so the mutations can reach every item
        items = [orjson.loads(x) for x in w3c_case["lines"].splitlines() if x.strip()]
        base, layout, suffix = orjson.dumps({"items": items}), _lines_layout, ".jsonl"
    assert layout(orjson.loads(base))  # the layout helper mirrors the writer

    @_FUZZ
    @given(_mutated(base, layout), st.sampled_from(W3C_POLICIES))
    def check(raw, policy):
        path = tmp / f"fuzz{suffix}"
        path.write_bytes(raw)
        before = _dump(store, tmp)
        try:
            import_w3c(store, path, on_conflict=policy)
        except CuratorError as exc:
            assert str(exc) and len(str(exc)) < 2_000
            assert _dump(store, tmp) == before

    check()
