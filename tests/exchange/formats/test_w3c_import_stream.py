"""The W3C import reads the layouts ``write_w3c`` writes as a stream, in batches, and any
other layout whole; both must leave the same store and report the same first problem.

Files are made large by replicating a real export under fresh IRIs (shuffled, so claims
often come before their evidence), and the batch size is made small, so a few hundred
annotations cross many batches."""

from __future__ import annotations

import random
import re
import tracemalloc
from pathlib import Path

import orjson
import pytest
from sqlalchemy import text

from curator.domain import ValidationError
from curator.exchange import w3c_read
from curator.services import w3c_import
from curator.exchange.textfile import decode_bytes
from curator.exchange.w3c import read_w3c
from curator.services.exchange import write_w3c
from curator.services.w3c_import import import_w3c
from curator.services.corpus import import_decoded
from curator.store import open_store

from .w3c_corpus import TEXT_1, TEXT_2, build_corpus

IRI = re.compile(rb"urn:uuid:[0-9a-f-]{36}")


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> list[bytes]:
    """The JSON Lines export of the shared W3C corpus, one annotation a line."""
    tmp = tmp_path_factory.mktemp("source")
    store = open_store(tmp / "source.db")
    build_corpus(store)
    write_w3c(store, tmp / "a.jsonl", lines=True)
    store.close()
    return (tmp / "a.jsonl").read_bytes().splitlines()


def replicated(lines: list[bytes], copies: int, seed: int = 3) -> list[bytes]:
    """``copies`` copies of each annotation, each copy's IRIs (its id and its evidence
    links) suffixed with the copy's number; shuffled."""
    out = [IRI.sub(lambda m: m.group(0) + b"-%d" % k, line) for k in range(copies) for line in lines]
    random.Random(seed).shuffle(out)
    return out


def collection(lines: list[bytes]) -> bytes:
    """The collection layout of ``write_w3c``: head line, one item a line, ``]}}``."""
    head = orjson.dumps({"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:x:c",
                         "type": "AnnotationCollection", "total": len(lines),
                         "first": {"id": "urn:x:p", "type": "AnnotationPage", "startIndex": 0, "items": []}})
    return head[:-len(b"[]}}")] + b"[\n" + b",\n".join(lines) + b"\n]}}\n"


def json_lines(lines: list[bytes]) -> bytes:
    return b"\n".join(lines) + b"\n"


def as_array(lines: list[bytes]) -> bytes:
    """The same annotations as one JSON array on one line: a layout read whole."""
    return b"[" + b",".join(lines) + b"]"


def fresh_store(path: Path):
    """A store with the corpus's two documents (and an unrelated one first), no annotations."""
    s = open_store(path)
    import_decoded(s, "first.txt", decode_bytes("An unrelated text about 1960.".encode("utf-8")))
    import_decoded(s, "aid.txt", decode_bytes(TEXT_1.encode("utf-8")))
    import_decoded(s, "second.txt", decode_bytes(TEXT_2.encode("utf-16")))
    return s


def dump(store) -> dict[str, list[tuple]]:
    """Every row an import writes (a curator's creation time aside)."""
    queries = {
        "annotation": "SELECT * FROM annotation ORDER BY id",
        "annotation_span": "SELECT * FROM annotation_span ORDER BY annotation_id",
        "claim_evidence": "SELECT * FROM claim_evidence ORDER BY claim_id, evidence_id",
        "curator": "SELECT id, name FROM curator ORDER BY id",
    }
    with store.engine.connect() as conn:
        return {name: [tuple(r) for r in conn.execute(text(sql))] for name, sql in queries.items()}


def outcome(tmp_path: Path, name: str, content: bytes, **kw) -> tuple[str, dict[str, list[tuple]]]:
    """Import ``content`` into a fresh store: the summary or error message, and the rows."""
    path = tmp_path / name
    path.write_bytes(content)
    store = fresh_store(tmp_path / f"{name}.db")
    before = dump(store)
    try:
        result = repr(import_w3c(store, path, creator="someone", **kw))
    except ValidationError as exc:
        result = "error: " + str(exc)
        assert dump(store) == before, "a refused import changed the store"
    rows = dump(store)
    store.close()
    return result, rows


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(w3c_import, "_BATCH", 7)


@pytest.fixture
def whole_reads(monkeypatch) -> list[Path]:
    """The files read whole (by ``read_w3c``) during the test."""
    seen: list[Path] = []

    def spy(path, texts=None):
        seen.append(Path(path))
        return read_w3c(path, texts)

    monkeypatch.setattr(w3c_import, "read_w3c", spy)
    return seen


def test_streamed_and_whole_file_reading_give_the_same_store(exported, small_batches, whole_reads, tmp_path):
    lines = replicated(exported, 12)
    streamed = [outcome(tmp_path, "c.jsonld", collection(lines)), outcome(tmp_path, "l.jsonl", json_lines(lines))]
    assert whole_reads == []  # both layouts were streamed
    whole = outcome(tmp_path, "w", as_array(lines))
    assert whole_reads == [tmp_path / "w"]
    assert streamed[0] == streamed[1] == whole
    summary, rows = whole
    assert summary == f"W3CImportSummary(annotations={len(lines)}, skipped=0, documents=2)"
    assert len(rows["annotation"]) == len(rows["annotation_span"]) == len(lines)
    # the corpus's claim has two supporting annotations: every copy keeps both links
    assert len(rows["claim_evidence"]) == 2 * 12
    # annotations are inserted in file order, ids counting on from the store's
    quotes = [orjson.loads(line)["target"]["selector"][0]["exact"] for line in lines]
    assert [r[3] for r in rows["annotation"]] == quotes
    assert [r[0] for r in rows["annotation"]] == list(range(1, len(lines) + 1))


def test_skip_and_new_ids_stream_like_the_whole_file(exported, small_batches, whole_reads, tmp_path):
    """Half the annotations are already in the store: skipped ones still serve as
    evidence of new claims, by IRI; new-ids adds them all again."""
    lines = replicated(exported, 6)
    half = [line for line in exported[::2] if b'"purpose":"linking"' not in line]
    (tmp_path / "half.jsonl").write_bytes(json_lines(half))
    for mode in ("skip", "new-ids"):
        results = []
        for name, content in (("c", collection(lines)), ("l", json_lines(lines)), ("w", as_array(lines))):
            path = tmp_path / f"{mode}{name}"
            path.write_bytes(content)
            store = fresh_store(tmp_path / f"{mode}{name}.db")
            import_w3c(store, tmp_path / "half.jsonl", creator="first")
            results.append((repr(import_w3c(store, path, on_conflict=mode, creator="second")), dump(store)))
            store.close()
        assert results[0] == results[1] == results[2], mode
        skipped = 6 * len(half) if mode == "skip" else 0
        added = len(lines) - skipped
        assert results[0][0] == f"W3CImportSummary(annotations={added}, skipped={skipped}, documents=2)"
        if mode == "skip":  # the skipped annotations of a file stand as evidence: no link lost
            assert len(results[0][1]["claim_evidence"]) == 2 * 6
    assert whole_reads == [tmp_path / "skipw", tmp_path / "new-idsw"]  # the arrays only


def test_evidence_may_come_later_in_the_file_than_its_claim(exported, monkeypatch, tmp_path):
    monkeypatch.setattr(w3c_import, "_BATCH", 1)  # the claim is inserted before its evidence is read
    claims = [line for line in exported if b'"purpose":"linking"' in line]
    assert claims, "the corpus has a claim with evidence"
    others = [line for line in exported if line not in claims]
    summary, rows = outcome(tmp_path, "forward.jsonl", json_lines(claims + others))
    assert summary.startswith(f"W3CImportSummary(annotations={len(exported)},")
    quote = {ann[0]: ann[3] for ann in rows["annotation"]}
    linked = sorted(quote[evidence] for _, evidence in rows["claim_evidence"])
    assert linked == ["1945년부터 1956년까지", "5억 7,600만 루블"]
    assert all(claim == 1 for claim, _ in rows["claim_evidence"])  # the claim came first


def test_a_bad_annotation_late_in_a_large_file_rolls_everything_back(
    exported, small_batches, monkeypatch, tmp_path
):
    flushed: list[int] = []
    real_flush = w3c_import._Run._flush

    def flush(run) -> None:
        flushed.append(len(run.batch))
        real_flush(run)

    monkeypatch.setattr(w3c_import._Run, "_flush", flush)
    lines = replicated(exported, 30)
    bad = orjson.loads(lines[-3])
    bad["target"]["selector"][0]["exact"] = "nowhere"
    lines[-3] = orjson.dumps(bad)
    for name, content in (("late.jsonld", collection(lines)), ("late.jsonl", json_lines(lines))):
        flushed.clear()
        result, rows = outcome(tmp_path, name, content)  # asserts the store is unchanged
        assert result.startswith(f"error: annotation {len(lines) - 2} ({bad['id']}): TextPositionSelector")
        assert "not the quote 'nowhere'" in result
        assert sum(flushed) > len(lines) // 2, "batches were inserted before the problem was met"
        assert rows["annotation"] == [] and rows["curator"] == []  # new curators rolled back too


@pytest.mark.parametrize("early, late, reported", [
    # a conflict, then an annotation that does not fit its text: the text problem
    ("conflict", "quote", "late"),
    # an annotation that does not fit its text, then an item that is no annotation
    ("quote", "not annotation", "late"),
    # a claim whose evidence is missing, then an annotation that does not fit its text
    ("orphan", "quote", "late"),
    # two problems of one stage: the first
    ("quote", "quote", "early"),
])
def test_the_first_problem_reported_is_the_whole_file_reading_s(
    exported, small_batches, whole_reads, tmp_path, early, late, reported
):
    """The whole-file import met problems stage by stage (each item's shape, its fit to
    its text, conflicts, evidence): a streamed import reports the same one."""
    lines = replicated(exported, 10)
    linking = [b'"purpose":"linking"' in line for line in lines]
    at = {"early": linking.index(early == "orphan"), "late": len(lines) - 2}
    assert at["early"] < at["late"]
    for where, how in (("early", early), ("late", late)):
        item = orjson.loads(lines[at[where]])
        if how == "quote":
            item["target"]["selector"][0]["exact"] = "elsewhere"
        elif how == "not annotation":
            item["type"] = "Note"
        elif how == "orphan":  # its first piece of evidence is nowhere in the file
            own = item["id"].encode()
            cited = next(m.group(0) for m in IRI.finditer(lines[at[where]]) if m.group(0) not in own)
            item = orjson.loads(lines[at[where]].replace(cited, b"urn:uuid:" + b"0" * 36))
        lines[at[where]] = orjson.dumps(item)
    (tmp_path / "one.jsonl").write_bytes(lines[at["early"]])
    results = []
    layouts = (("c.jsonld", collection(lines)), ("l.jsonl", json_lines(lines)), ("w.json", as_array(lines)))
    for name, content in layouts:
        path = tmp_path / name
        path.write_bytes(content)
        store = fresh_store(tmp_path / f"{name}.db")
        if early == "conflict":
            import_w3c(store, tmp_path / "one.jsonl")
        before = dump(store)
        with pytest.raises(ValidationError) as caught:
            import_w3c(store, path)
        assert dump(store) == before
        store.close()
        results.append(str(caught.value))
    assert results[0] == results[1] == results[2]
    assert whole_reads[-1] == tmp_path / "w.json"
    problem = {"quote": "not the quote 'elsewhere'", "not annotation": "is not of type Annotation"}
    assert results[0].startswith(f"annotation {at[reported] + 1} ("), results[0]
    assert problem[{"early": early, "late": late}[reported]] in results[0]


def test_a_broken_line_anywhere_is_reported_before_any_other_problem(exported, small_batches, tmp_path):
    lines = replicated(exported, 10)
    item = orjson.loads(lines[2])
    item["type"] = "Note"  # a problem early on ...
    lines[2] = orjson.dumps(item)
    lines[-4] = lines[-4][:-5]  # ... and broken JSON near the end
    result, _ = outcome(tmp_path, "broken.jsonl", json_lines(lines))
    assert result.startswith(f"error: broken.jsonl is not valid JSON Lines: line {len(lines) - 3}, column ")
    result, _ = outcome(tmp_path, "broken.jsonld", collection(lines))
    with pytest.raises(ValidationError) as whole:
        read_w3c(tmp_path / "broken.jsonld")
    assert result == "error: " + str(whole.value)


def _pretty(lines: list[bytes]) -> bytes:
    data = orjson.loads(collection(lines))
    return orjson.dumps(data, option=orjson.OPT_INDENT_2)


@pytest.mark.parametrize("layout", [
    "pretty collection", "minified collection", "two items a line", "page", "array",
    "one annotation", "one line of JSON Lines", "trailing comma", "items after the end",
])
def test_other_layouts_are_read_whole_with_the_same_result(exported, small_batches, whole_reads, tmp_path, layout):
    lines = replicated(exported, 3)
    streamed = outcome(tmp_path, "streamed.jsonld", collection(lines))
    pairs = [b",".join(lines[i:i + 2]) for i in range(0, len(lines), 2)]
    content = {
        "pretty collection": _pretty(lines),
        "minified collection": orjson.dumps(orjson.loads(collection(lines))),
        "two items a line": collection(pairs),
        "page": orjson.dumps({"type": "AnnotationPage", "items": [orjson.loads(x) for x in lines]}),
        "array": as_array(lines),
        "one annotation": lines[0],
        # a collection on one line followed by blank lines is JSON, not one item of JSON Lines
        "one line of JSON Lines": orjson.dumps(orjson.loads(collection(lines))) + b"\n\n  \n",
        "trailing comma": collection(lines).replace(b"\n]}}", b",\n]}}"),
        "items after the end": collection(lines) + b"\n" + lines[0] + b"\n",
    }[layout]
    result = outcome(tmp_path, "other", content)
    assert whole_reads[-1] == tmp_path / "other"
    if layout == "one annotation":
        assert result[0] == "W3CImportSummary(annotations=1, skipped=0, documents=1)"
        assert result[1]["annotation"][0][3] == orjson.loads(lines[0])["target"]["selector"][0]["exact"]
    elif layout in ("trailing comma", "items after the end"):
        with pytest.raises(ValidationError) as whole:
            read_w3c(tmp_path / "other")
        assert result[0] == "error: " + str(whole.value)
        assert "is not valid JSON: line " in result[0]
    else:
        assert result == streamed


def test_json_lines_of_collections_are_items_not_collections(exported, whole_reads, tmp_path):
    """Two lines each holding a whole collection: JSON Lines whose items are not annotations."""
    one = orjson.dumps(orjson.loads(collection(exported)))
    result, _ = outcome(tmp_path, "two.jsonl", one + b"\n" + one + b"\n")
    assert result == "error: annotation 1 (urn:x:c) is not of type Annotation"
    assert whole_reads == []


def test_the_store_is_written_the_same_without_sqlite_s_shortcut(exported, small_batches, monkeypatch, tmp_path):
    """Other databases get their ids from RETURNING; SQLite's are given: the same ids."""
    lines = json_lines(replicated(exported, 4))
    given = outcome(tmp_path, "given.jsonl", lines)

    class Elsewhere(w3c_import.BulkDb):
        def __init__(self, conn):
            super().__init__(conn)
            self.dialect = "elsewhere"

    monkeypatch.setattr(w3c_import, "BulkDb", Elsewhere)
    returned = outcome(tmp_path, "returned.jsonl", lines)
    assert returned == given


def _traced_peak(tmp_path: Path, name: str, content: bytes) -> int:
    """The peak of Python's allocations while ``content`` is imported into a fresh store."""
    path = tmp_path / name
    path.write_bytes(content)
    store = fresh_store(tmp_path / f"{name}.db")
    tracemalloc.start()
    try:
        import_w3c(store, path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        store.close()


def test_the_file_is_read_as_it_is_imported(exported, small_batches, tmp_path):
    """The streamed reader holds a line at a time: after the first item, most of the file
    is still unread; an import's traced peak is a small part of the file's size, and of
    the peak of reading the same annotations whole (their parsed objects take several
    times the file)."""
    lines = replicated(exported, 300)
    whole = _traced_peak(tmp_path, "w.json", as_array(lines))
    for name, content in (("c.jsonld", collection(lines)), ("l.jsonl", json_lines(lines))):
        (tmp_path / name).write_bytes(content)
        with open(tmp_path / name, "rb") as fh:
            items = w3c_read.streamed_items(fh, name)
            assert next(items) == orjson.loads(lines[0])
            assert fh.tell() < len(content) // 4
        peak = _traced_peak(tmp_path, name, content)
        assert peak < len(content) // 2 and peak < whole // 10, (name, peak, whole, len(content))


def test_an_unreadable_file_is_refused_in_one_line(tmp_path):
    store = fresh_store(tmp_path / "s.db")
    with pytest.raises(ValidationError, match=r"^cannot read missing\.jsonl: No such file or directory$"):
        import_w3c(store, tmp_path / "missing.jsonl")
    store.close()


def test_progress_follows_the_file_or_the_items(exported, tmp_path):
    lines = replicated(exported, 150)  # over a thousand items: several reports
    for name, content, total in (("c.jsonld", collection(lines), None), ("w", as_array(lines), len(lines))):
        path = tmp_path / name
        path.write_bytes(content)
        calls: list[tuple[int, int]] = []
        import_w3c(fresh_store(tmp_path / f"{name}.db"), path, creator="someone",
                   progress=lambda *a: calls.append(a))
        total = total or len(content)  # bytes when streamed, items when read whole
        assert len(calls) >= 3 and calls[-1] == (total, total)
        assert [d for d, _ in calls] == sorted(d for d, _ in calls) and calls[0][0] < total


def test_iris_are_kept_compactly_and_given_back_exactly():
    """What the import keeps per annotation IRI (1M of them in a big file) is two
    integers; an IRI that is not a lower-case urn:uuid is kept as it is, so every
    message names the IRI exactly as the file wrote it."""
    import uuid

    from curator.services.w3c_import import _iri, _key, _packed, _unpacked

    for iri in (f"urn:uuid:{uuid.uuid4()}", "urn:uuid:00000000-0000-5000-8000-000000000000"):
        assert type(_key(iri)) is int and _iri(_key(iri)) == iri
    for iri in ("urn:uuid:" + str(uuid.uuid4()).upper(), "https://example.org/anno/1", "urn:uuid:not-a-uuid", None):
        assert _key(iri) == iri and _iri(_key(iri)) == iri
    for doc_id, evidence, store_id in ((1, True, None), (2**40, False, 7), (3, False, 2**53 - 1)):
        assert _unpacked(_packed(doc_id, evidence, store_id)) == (doc_id, evidence, store_id)
