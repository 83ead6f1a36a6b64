"""Hostile datasets and W3C files: nesting thousands of levels deep, invalid UTF-8, a file
cut short, a selector offset given as a string, an id clash under ``skip``. Each is
refused with a :class:`ValidationError` that names the real problem and the real place,
by the streamed and the whole-file readers alike, and the store is left as it was."""

from __future__ import annotations

import orjson
import pytest

from curator.domain import ValidationError
from curator.exchange import native
from curator.services import exchange as exchange_svc
from curator.exchange.json_limits import MAX_DEPTH, describe_json_error, json_path, locate_depth
from curator.services.exchange import write_w3c
from curator.services.w3c_import import import_w3c
from curator.services.corpus import import_files
from curator.store import open_store
from curator.text import sha256_hex
from tests.exchange.native_data import _counts, _export
from tests.exchange.test_native import _layout

DEEP = "documents[0].annotations[0].value.evidence[0]"


def _with_deep_claim(data: dict, depth: int) -> dict:
    """The first annotation of the first document made a claim whose evidence nests
    ``depth`` arrays deep."""
    a = data["documents"][0]["annotations"][0]
    nested: list = []
    for _ in range(depth - 1):
        nested = [nested]
    a["label"], a["value"] = "claim", {"summary": "deep", "evidence": nested}
    return data


def _raw_deep(data: dict, depth: int, streamed: bool) -> bytes:
    """As _with_deep_claim, written as bytes (orjson cannot write beyond 255 levels)."""
    marker = "@@deep@@"
    a = data["documents"][0]["annotations"][0]
    a["label"], a["value"] = "claim", {"summary": "deep", "evidence": marker}
    raw = _layout(data) if streamed else orjson.dumps(data)
    return raw.replace(f'"{marker}"'.encode(), b"[" * depth + b"]" * depth)


@pytest.mark.parametrize("streamed", [True, False], ids=["streamed", "whole"])
@pytest.mark.parametrize("depth", [70, 400, 1000, 1100, 5000])
def test_deep_nesting_in_a_dataset_is_refused_with_its_path(store, tmp_path, depth, streamed):
    data = orjson.loads(_export(store, tmp_path / "a.json"))
    bad = tmp_path / "deep.json"
    bad.write_bytes(_raw_deep(data, depth, streamed))
    target = open_store(tmp_path / "t.db")
    import_files(target, [tmp_path / "src" / "en.txt"])
    before = _counts(target)
    for attempt in (lambda: exchange_svc.import_dataset(target, bad, on_conflict="new-ids"),
                    lambda: native.validate_file(bad)):
        with pytest.raises(ValidationError) as err:  # never a RecursionError
            attempt()
        message = str(err.value)
        assert message.startswith(("not valid JSON: " + DEEP, DEEP)), message
        assert f"nested more than {MAX_DEPTH} levels deep (the limit is {MAX_DEPTH})" in message
        assert len(message) < 300
    assert _counts(target) == before


def test_nesting_within_the_limit_is_judged_by_the_schema(store, tmp_path):
    data = _with_deep_claim(orjson.loads(_export(store, tmp_path / "a.json")), 3)
    (tmp_path / "b.json").write_bytes(orjson.dumps(data))
    with pytest.raises(ValidationError, match=r"value\.evidence\[0\]: \[\[\]\] is not of type 'integer'"):
        native.validate_file(tmp_path / "b.json")


def test_json_paths_and_depth_scanner():
    assert json_path(["documents", 0, "annotations", 2, "value"]) == "documents[0].annotations[2].value"
    assert json_path(["a", *[0] * 70]) == "a[0]×70"
    assert json_path([]) == "(top level)"
    raw = b'{"a": [1, {"b\\"c": [[' + b"[" * 70 + b"]" * 72 + b"}]}"
    path, offset = locate_depth(raw, 10)
    assert path == ["a", 1, 'b"c', 0, 0, 0, 0, 0, 0, 0] and raw[offset:offset + 1] == b"["
    assert locate_depth(b'{"x": "[[[[[[[[[[[[[[[["}', 3) is None  # brackets inside a string


def test_invalid_utf8_is_reported_at_its_line_and_byte(store, tmp_path):
    raw = _export(store, tmp_path / "a.json")
    lines = raw.split(b"\n")
    k = max(i for i, x in enumerate(lines) if b'"note":"' in x)  # the last annotation line
    at = lines[k].index(b'"note":"') + len(b'"note":"')
    lines[k] = lines[k][:at] + b"\xff\xfe" + lines[k][at:]
    bad = b"\n".join(lines)
    (tmp_path / "bad.json").write_bytes(bad)
    byte = bad.index(b"\xff")
    with pytest.raises(ValidationError) as err:
        exchange_svc.import_dataset(open_store(tmp_path / "t.db"), tmp_path / "bad.json")
    assert str(err.value) == (f"not valid JSON: byte {byte} (line {k + 1}, column {at + 1}) is not valid "
                              "UTF-8 (0xff: invalid start byte)")


def test_a_dataset_cut_short_is_reported_where_it_ends(store, tmp_path):
    raw = _export(store, tmp_path / "a.json")
    cut = raw[: raw.rindex(b"\n", 0, len(raw) - 10)]  # ends at the end of a line, inside the documents
    (tmp_path / "cut.json").write_bytes(cut)
    last_line = cut.count(b"\n") + 1
    with pytest.raises(ValidationError, match=f"not valid JSON: the file ends early, at line {last_line}, "):
        exchange_svc.import_dataset(open_store(tmp_path / "t.db"), tmp_path / "cut.json")


def test_describe_json_error_places_a_stray_character():
    raw = b'{\n  "a": 1,\n  "b": x\n}'
    with pytest.raises(orjson.JSONDecodeError) as err:
        orjson.loads(raw)
    assert describe_json_error(raw, err.value).startswith("line 3, column 8: unexpected character")


def test_skip_refused_says_what_clashes_and_which_policies_work(store, tmp_path):
    """Under skip, a document whose id is taken by another text is refused; the message
    says so and names the policies that would import it, not skip itself."""
    data = orjson.loads(_export(store, tmp_path / "a.json"))
    doc = data["documents"][0]
    doc["original_text"] = doc["text"] = doc["text"] + "Another line.\n"
    doc["sha256"] = sha256_hex(doc["text"])
    data["documents"] = [doc]
    (tmp_path / "b.json").write_bytes(orjson.dumps(data))
    before = _counts(store)
    with pytest.raises(ValidationError) as err:
        exchange_svc.import_dataset(store, tmp_path / "b.json", on_conflict="skip")
    message = str(err.value)
    assert f"its id {doc['id']} is taken here by another document, with another text" in message
    assert "skip leaves out only documents whose text is already here" in message
    assert message.endswith("(use on-conflict new-ids or merge)")
    assert _counts(store) == before
    assert exchange_svc.import_dataset(store, tmp_path / "b.json", on_conflict="merge").documents == 1


# --------------------------------------------------------------------------- W3C


@pytest.fixture
def w3c_files(store, tmp_path):
    from curator.services import annotations as ann

    en = import_files(store, [tmp_path / "src" / "en.txt"])  # the fixture's store has it: skipped
    assert en[0].status != "imported"
    collection, lines = tmp_path / "a.jsonld", tmp_path / "a.jsonl"
    write_w3c(store, collection)
    write_w3c(store, lines, lines=True)
    assert ann  # the fixture's annotations are what is written
    return collection, lines


def _w3c_dump(store, tmp_path) -> bytes:
    return _export(store, tmp_path / "dump.json")


@pytest.mark.parametrize("which", ["collection", "lines"])
def test_w3c_deep_nesting_is_refused_with_its_place(store, tmp_path, w3c_files, which):
    path = w3c_files[0 if which == "collection" else 1]
    raw = path.read_bytes()
    before = _w3c_dump(store, tmp_path)
    for depth in (100, 1100, 5000):
        bad = tmp_path / f"deep{depth}{path.suffix}"
        deep = b"[" * depth + b"]" * depth
        bad.write_bytes(raw.replace(b'"purpose":"tagging"', b'"purpose":"tagging","x":' + deep, 1))
        with pytest.raises(ValidationError) as err:  # never a RecursionError, nor imported
            import_w3c(store, bad, on_conflict="new-ids")
        message = str(err.value)
        assert f"nested more than {MAX_DEPTH} levels deep (the limit is {MAX_DEPTH})" in message, message
        assert "body[0].x[0]×" in message and len(message) < 300
        place = "first.items[0].body" if which == "collection" else "line 1"
        assert place in message, message
    assert _w3c_dump(store, tmp_path) == before


def test_w3c_record_value_nested_deep_is_refused(store, tmp_path, w3c_files):
    items = [orjson.loads(x) for x in w3c_files[1].read_bytes().splitlines() if x.strip()]
    body = next(b for b in items[0]["body"] if b.get("purpose") == "describing")
    record = orjson.loads(body["value"])
    nested: list = []
    for _ in range(200):
        nested = [nested]
    record["value"] = {"summary": "x", "evidence": nested}
    body["value"] = orjson.dumps(record).decode()
    bad = tmp_path / "deep.jsonl"
    bad.write_bytes(b"\n".join(orjson.dumps(i) for i in items) + b"\n")
    before = _w3c_dump(store, tmp_path)
    with pytest.raises(ValidationError, match=r"annotation 1 \(.*\): its Curator record's value\.evidence\[0\]×"
                                              rf".*nested more than {MAX_DEPTH} levels deep"):
        import_w3c(store, bad, on_conflict="new-ids")
    assert _w3c_dump(store, tmp_path) == before


@pytest.mark.parametrize("which", ["collection", "lines"])
def test_w3c_string_offset_is_named_as_a_type_problem(store, tmp_path, w3c_files, which):
    path = w3c_files[0 if which == "collection" else 1]
    raw = path.read_bytes()
    assert b'"start":' in raw
    bad = tmp_path / f"str{path.suffix}"
    start = raw.index(b'"start":') + len(b'"start":')
    end = raw.index(b",", start)
    bad.write_bytes(raw[:start] + b'"' + raw[start:end] + b'"' + raw[end:])
    with pytest.raises(ValidationError, match=rf"a TextPositionSelector's start must be an integer, got string "
                                              rf'"{int(raw[start:end])}"'):
        import_w3c(store, bad, on_conflict="new-ids")


@pytest.mark.parametrize("which", ["collection", "lines"])
def test_w3c_file_cut_short_is_reported_where_it_ends(store, tmp_path, w3c_files, which):
    path = w3c_files[0 if which == "collection" else 1]
    raw = path.read_bytes()
    cut = raw[: len(raw) - 40]
    bad = tmp_path / f"cut{path.suffix}"
    bad.write_bytes(cut)
    line = cut.count(b"\n") + 1
    with pytest.raises(ValidationError) as err:
        import_w3c(store, bad, on_conflict="new-ids")
    message = str(err.value)
    assert "line 1," not in message or line == 1
    if which == "collection":
        assert message.startswith(f"cut.jsonld is not valid JSON: the file ends early, at line {line}, ")
    else:
        assert message.startswith(f"cut.jsonl is not valid JSON Lines: line {line}, column ")
        assert message.endswith("unexpected end of data")


@pytest.mark.parametrize("which", ["collection", "lines"])
def test_w3c_invalid_utf8_is_reported_at_its_line(store, tmp_path, w3c_files, which):
    path = w3c_files[0 if which == "collection" else 1]
    lines = path.read_bytes().split(b"\n")
    k = len(lines) // 2
    lines[k] = lines[k][:5] + b"\xc3\x28" + lines[k][5:]
    bad = tmp_path / f"bad{path.suffix}"
    bad.write_bytes(b"\n".join(lines))
    with pytest.raises(ValidationError) as err:
        import_w3c(store, bad, on_conflict="new-ids")
    message = str(err.value)
    assert f"line {k + 1}, column 6" in message and "not valid UTF-8" in message, message


def test_the_command_line_refuses_deep_nesting_in_one_line(store, tmp_path, capsys):
    from curator import cli

    data = orjson.loads(_export(store, tmp_path / "a.json"))
    bad = tmp_path / "deep.json"
    bad.write_bytes(_raw_deep(data, 3000, streamed=True))
    db = tmp_path / "cli.db"
    capsys.readouterr()
    assert cli.main(["import-json", str(bad), "--db", str(db), "--on-conflict", "new-ids"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "RecursionError" not in err and err.count("\n") == 1
    assert f"nested more than {MAX_DEPTH} levels deep" in err
    assert cli.main(["validate", str(bad)]) == 1
    assert f"nested more than {MAX_DEPTH} levels deep" in capsys.readouterr().err


def test_w3c_notes_and_names_beyond_the_dataset_limits_are_refused(store, tmp_path, w3c_files):
    """What a W3C import stores, a dataset export must be able to carry."""
    from curator.domain import limits

    items = [orjson.loads(x) for x in w3c_files[1].read_bytes().splitlines() if x.strip()]
    items[0]["body"].append({"type": "TextualBody", "purpose": "commenting", "value": "n" * (limits.NOTE_MAX + 1)})
    bad = tmp_path / "long.jsonl"
    bad.write_bytes(b"\n".join(orjson.dumps(i) for i in items) + b"\n")
    before = _w3c_dump(store, tmp_path)
    with pytest.raises(ValidationError, match=r"annotation 1 \(.*\): its note is 10,001 characters long; "
                                              r"the limit is 10,000"):
        import_w3c(store, bad, on_conflict="new-ids")
    items[0]["body"].pop()
    items[1]["creator"] = {"type": "Person", "name": "c" * (limits.NAME_MAX + 1)}
    bad.write_bytes(b"\n".join(orjson.dumps(i) for i in items) + b"\n")
    with pytest.raises(ValidationError, match=r"annotation 2 \(.*\): its creator's name is 201 characters long"):
        import_w3c(store, bad, on_conflict="new-ids")
    assert _w3c_dump(store, tmp_path) == before
