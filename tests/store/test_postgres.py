"""The team store: every PostgreSQL branch, run against a real server.

Runs only when ``CURATOR_TEST_POSTGRES_URL`` names a server database whose role may
create databases, e.g. ``postgresql+psycopg://curator:curator@localhost/curator_test``.
Each test works in fresh databases it creates and drops.

The same steps are run on SQLite and on PostgreSQL, and their exports must match once
timestamps (and the W3C ids made from them) are put aside: the two backends give the
same ids to the same sequence of actions (neither reuses an id here).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

URL = os.environ.get("CURATOR_TEST_POSTGRES_URL")
if not URL:
    pytest.skip(
        "CURATOR_TEST_POSTGRES_URL is not set (a PostgreSQL URL whose role may create databases)",
        allow_module_level=True,
    )

from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.exc import DBAPIError  # noqa: E402

from curator.domain import ClaimValue, DateValue, FigureValue, ValidationError  # noqa: E402
from curator.services.exchange import write_csv  # noqa: E402
from curator.services.exchange import write_jsonl  # noqa: E402
from curator.exchange.native import validate_file  # noqa: E402
from curator.services.exchange import export_dataset, import_dataset  # noqa: E402
from curator.services.exchange import write_w3c  # noqa: E402
from curator.services.w3c_import import import_w3c  # noqa: E402
from curator.services.annotations import (  # noqa: E402
    create_annotation, delete_annotation, get_annotation, list_annotations, restore_annotation,
    update_annotation,
)
from curator.services.corpus import ensure_seeded, list_documents, load_document  # noqa: E402
from curator.services.corrections import (  # noqa: E402
    accept_corrections, propose_correction, undo_accept,
)
from curator.services.suggestions import (  # noqa: E402
    accept_suggestions, record_verdict, reject_suggestions, run_detectors,
)
from curator.store import open_store  # noqa: E402
from curator.store.engine import Store, StoreVersionError, current_revision, head_revision  # noqa: E402
from curator.store.models import SQLModel  # noqa: E402

TABLES = sorted(SQLModel.metadata.tables)


@pytest.fixture
def new_db(pg_db) -> Callable[..., str]:
    """Makes fresh, empty databases (URLs); drops them all at the end (tests/conftest.py)."""
    return pg_db


@pytest.fixture
def opened() -> Iterator[Callable[[str | Path], Store]]:
    stores: list[Store] = []

    def open_(target: str | Path) -> Store:
        stores.append(open_store(target))
        return stores[-1]

    yield open_
    for s in stores:
        s.close()


# ------------------------------------------------------------------ the shared steps


def curate(store: Store) -> None:
    """What a curator does in a session: seeds, annotations (created, changed, deleted and
    restored), a correction proposed, accepted, undone and accepted again, detectors'
    suggestions accepted and rejected, a verdict on a finding."""
    ensure_seeded(store)
    docs = sorted(d.id for d in list_documents(store))
    ko = next(d for d in list_documents(store) if d.source_name.startswith("003")).id
    text0 = load_document(store, ko).text
    at = text0.index("5억 7,600만 루블")
    fig = create_annotation(store, ko, "figure", at, at + 12, creator="kim",
                            value=FigureValue.parse("576000000", "RUB"), status="confirmed")
    date = create_annotation(store, ko, "date", 0, 4, creator="lee", value=DateValue("1950"))
    doomed = create_annotation(store, ko, "date", 5, 8, creator="park", value=DateValue("1951"))
    create_annotation(store, ko, "claim", 0, at + 12, creator="kim",
                      value=ClaimValue("the plan got less aid", (fig.id, date.id)))
    update_annotation(store, date.id, note="year only", status="needs_review")
    restore_annotation(store, delete_annotation(store, fig.id))
    delete_annotation(store, doomed.id)  # not the newest id: neither backend reuses it
    where = text0.index("북한")
    proposal = propose_correction(store, ko, where, where + 2, "北韓", reason="hanja", author="kim")
    undo_accept(store, accept_corrections(store, [proposal.id], by="lee"))
    accept_corrections(store, [proposal.id], by="lee")
    for doc in docs:
        found = run_detectors(store, doc)
        if found:
            accept_suggestions(store, [s.id for s in found[:2]], by="kim")
        if len(found) > 2:
            reject_suggestions(store, [found[2].id], by="kim")
    record_verdict(store, docs[0], "Zeta|ko:-|en:-", "rounding", "upper case first in code points", by="lee")
    record_verdict(store, docs[0], "alpha|ko:-|en:-", "other", by="kim")


_STAMP = re.compile(rb'"\d{4}-\d\d-\d\dT[0-9:.]+Z?"')
_UUID = re.compile(rb"urn:uuid:[0-9a-f-]{36}")


def normalised(path: Path) -> bytes:
    """The file with its timestamps (and W3C ids, made from them) blanked."""
    return _UUID.sub(b"urn:uuid:-", _STAMP.sub(b'"T"', path.read_bytes()))


def renumbered(path: Path) -> dict:
    """A native dataset with its annotations and corrections numbered 1, 2, … in file order."""
    data = json.loads(path.read_bytes())
    docs = data["documents"]
    anns = {a["id"]: n for n, a in enumerate((a for d in docs for a in d["annotations"]), 1)}
    fixes = {c["id"]: n for n, c in enumerate((c for d in docs for c in d["corrections"]), 1)}
    for doc in docs:
        for c in doc["corrections"]:
            c["id"] = fixes[c["id"]]
        for a in doc["annotations"]:
            a["id"] = anns[a["id"]]
            if a["label"] == "claim" and a["value"]:
                a["value"]["evidence"] = sorted(anns[e] for e in a["value"]["evidence"])
    return data


def export_all(store: Store, out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    files = {name: out / name for name in ("native.json", "w3c.jsonld", "w3c.jsonl", "a.jsonl", "a.csv")}
    export_dataset(store, files["native.json"])
    write_w3c(store, files["w3c.jsonld"])
    write_w3c(store, files["w3c.jsonl"], lines=True)
    write_jsonl(store, files["a.jsonl"])
    write_csv(store, files["a.csv"])
    return files


def curated_dataset(tmp_path: Path, store: Store) -> Path:
    """``store`` curated (:func:`curate`) and exported as a native dataset."""
    curate(store)
    dataset = tmp_path / "native.json"
    export_dataset(store, dataset)
    return dataset


def counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES}


def sequences(store: Store) -> dict[str, int]:
    """Where each id sequence stands (the next value it would hand out)."""
    out = {}
    with store.engine.connect() as conn:
        for table in ("curator", "document", "revision", "annotation", "correction", "suggestion"):
            seq = conn.execute(text(f"SELECT pg_get_serial_sequence('{table}', 'id')")).scalar_one()
            out[table] = conn.execute(text(
                f"SELECT last_value + CASE WHEN is_called THEN 1 ELSE 0 END FROM {seq}")).scalar_one()
    return out


# ------------------------------------------------------------------------ the tests


def test_an_empty_database_is_migrated_to_head_and_a_newer_one_is_refused(new_db, opened):
    url = new_db()
    store = opened(url)
    assert current_revision(store.engine) == head_revision()
    assert not store.is_sqlite and store.path is None and store.backup is None
    with store.engine.connect() as conn:
        names = set(conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
    assert set(TABLES) <= names
    assert current_revision(opened(url).engine) == head_revision()  # opening again: no change
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreVersionError, match="newer Curator"):
        open_store(url)
    foreign = new_db()
    engine = create_engine(foreign)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE other (x int)"))
    engine.dispose()
    with pytest.raises(StoreVersionError, match="not a Curator store"):
        open_store(foreign)


def test_the_same_session_gives_the_same_exports_on_postgresql_and_sqlite(tmp_path, new_db, opened):
    files = {}
    for name, target in (("sqlite", tmp_path / "s.db"), ("pg", new_db())):
        store = opened(target)
        curate(store)
        files[name] = export_all(store, tmp_path / name)
        assert validate_file(files[name]["native.json"]).annotations == len(
            [a for d in list_documents(store) for a in list_annotations(store, d.id)])
    for key, sqlite_file in files["sqlite"].items():
        assert normalised(files["pg"][key]) == normalised(sqlite_file), key
    native = json.loads(files["pg"]["native.json"].read_bytes())
    ko = next(d for d in native["documents"] if d["source_name"].startswith("003"))
    assert "北韓" in ko["text"] and ko["revision"] == 2 and len(ko["corrections"]) == 1
    claim = next(a for a in ko["annotations"] if a["label"] == "claim" and a["creator"] == "kim"
                 and a["origin"] == "manual")
    assert len(claim["value"]["evidence"]) == 2
    # findings in code point order ("Z" < "a"), whatever the server's collation
    assert [f["key"][0] for f in native["documents"][0]["findings"]] == ["Z", "a"]


@pytest.mark.parametrize("policy", ["refuse", "skip", "new-ids", "merge"])
def test_a_native_export_imports_into_an_empty_server_database(tmp_path, new_db, opened, policy):
    original = curated_dataset(tmp_path, opened(new_db()))
    target = opened(new_db())
    summary = import_dataset(target, original, on_conflict=policy)
    assert (summary.documents, summary.skipped_documents) == (3, 0)
    back = tmp_path / "back.json"
    export_dataset(target, back)
    if policy in ("new-ids", "merge"):  # fresh ids, in the same order, without the gap of a deletion
        assert renumbered(back) == renumbered(original) and back.read_bytes() != original.read_bytes()
    else:
        assert back.read_bytes() == original.read_bytes()  # ids and timestamps kept
    again = import_dataset(target, original, on_conflict="skip")
    assert (again.documents, again.skipped_documents) == (0, 3)


def test_a_colleagues_dataset_merges_through_corrections_made_here(tmp_path, new_db, opened):
    theirs = opened(new_db())
    ensure_seeded(theirs)
    ko = next(d for d in list_documents(theirs) if d.source_name.startswith("003")).id
    text0 = load_document(theirs, ko).text
    north, aid = text0.index("북한"), text0.index("5억 7,600만 루블")
    create_annotation(theirs, ko, "claim", north, north + 2, creator="park")
    create_annotation(theirs, ko, "figure", aid, aid + 12, creator="park", value=FigureValue.parse("576000000", "RUB"))
    dataset = tmp_path / "theirs.json"
    export_dataset(theirs, dataset)
    ours = opened(new_db())
    curate(ours)  # among others, corrects the first 북한 to 北韓 and annotates the same figure
    before = counts(ours)

    summary = import_dataset(ours, dataset, on_conflict="merge")

    assert (summary.merged_documents, summary.documents, summary.merged_annotations) == (3, 0, 1)
    assert (summary.skipped_annotations, summary.flagged_annotations) == (1, 1)  # kim's figure is the same
    current = load_document(ours, next(d.id for d in list_documents(ours) if d.source_name.startswith("003")))
    (claim,) = [r for r in list_annotations(ours, current.id) if r.creator == "park"]
    assert (claim.quote, claim.status.value) == ("北韓", "needs_review")
    assert current.text[claim.start:claim.end] == claim.quote and claim.revision_id == current.revision_id
    after = counts(ours)
    assert after["annotation"] == before["annotation"] + 1 and after["document"] == before["document"]


def test_ids_keep_increasing_after_an_import_with_explicit_ids(tmp_path, new_db, opened):
    dataset = curated_dataset(tmp_path, opened(new_db()))
    store = opened(new_db())
    import_dataset(store, dataset)
    with store.engine.connect() as conn:
        top = {t: conn.execute(text(f"SELECT max(id) FROM {t}")).scalar_one()
               for t in ("annotation", "correction", "revision")}
    doc = list_documents(store)[0].id
    fresh = create_annotation(store, doc, "date", 0, 4, creator="newcomer", value=DateValue("1945"))
    assert fresh.id == top["annotation"] + 1  # no unique violation, no gap
    proposal = propose_correction(store, doc, 0, 1, "#", reason="test", author="newcomer")
    assert proposal.id == top["correction"] + 1
    assert accept_corrections(store, [proposal.id], by="newcomer").new_revision_id == top["revision"] + 1


def test_an_import_never_gives_again_the_id_of_a_revision_an_undo_deleted(tmp_path, new_db, opened):
    """Revision texts are cached by id: a reused id would show another text."""
    seeds = opened(new_db())
    ensure_seeded(seeds)
    dataset = tmp_path / "seeds.json"
    export_dataset(seeds, dataset)
    store = opened(new_db())
    ensure_seeded(store)
    doc = list_documents(store)[0].id
    proposal = propose_correction(store, doc, 0, 1, "@", reason="test", author="kim")
    undone = accept_corrections(store, [proposal.id], by="kim")
    assert load_document(store, doc).text.startswith("@")  # the new revision's text is cached
    undo_accept(store, undone)
    before = sequences(store)
    import_dataset(store, dataset, on_conflict="new-ids")
    texts = {d["source_name"]: d["text"] for d in json.loads(dataset.read_bytes())["documents"]}
    for info in list_documents(store):
        loaded = load_document(store, info.id)
        assert loaded.revision_id != undone.new_revision_id
        assert loaded.text == texts[info.source_name]
    after = sequences(store)
    assert all(after[t] >= before[t] for t in before)  # no sequence moved back
    again = accept_corrections(store, [proposal.id], by="kim")
    assert again.new_revision_id > undone.new_revision_id


def test_a_refused_import_leaves_the_database_unchanged(tmp_path, new_db, opened):
    dataset = curated_dataset(tmp_path, opened(new_db()))
    store = opened(new_db())
    import_dataset(store, dataset)
    before, seq_before = counts(store), sequences(store)
    snapshot = tmp_path / "before.json"
    export_dataset(store, snapshot)
    with pytest.raises(ValidationError, match="the store already has its text"):
        import_dataset(store, dataset)  # every document is here already
    # a file whose second document is broken: the first one must not stay behind
    data = json.loads(dataset.read_bytes())
    data["documents"][1]["annotations"][0]["quote"] += "!"
    broken = tmp_path / "broken.json"
    broken.write_bytes(json.dumps(data, ensure_ascii=False).encode())
    with pytest.raises(ValidationError):
        import_dataset(store, broken, on_conflict="new-ids")
    w3c = tmp_path / "w3c.jsonl"
    write_w3c(store, w3c, lines=True)
    with pytest.raises(ValidationError, match="already exists"):
        import_w3c(store, w3c)  # every annotation is there already
    assert counts(store) == before
    # ids are drawn from the sequences when they are written (another session may be
    # writing too): a rolled-back import leaves a gap, as any rolled-back insert does,
    # and never moves a sequence back
    seq_after = sequences(store)
    assert all(seq_after[t] >= seq_before[t] for t in seq_before)
    after = tmp_path / "after.json"
    export_dataset(store, after)
    assert after.read_bytes() == snapshot.read_bytes()


def test_w3c_annotations_come_back_through_returning(tmp_path, new_db, opened):
    source = opened(new_db())
    curate(source)
    native, w3c = tmp_path / "native.json", tmp_path / "w3c.jsonld"
    export_dataset(source, native)
    written = write_w3c(source, w3c)
    store = opened(new_db())
    import_dataset(store, native)
    for info in list_documents(store):
        for row in list_annotations(store, info.id):
            delete_annotation(store, row.id)
    summary = import_w3c(store, w3c)
    assert summary.annotations == written
    assert import_w3c(store, w3c, on_conflict="skip").annotations == 0
    back = tmp_path / "back.json"
    export_dataset(store, back)
    old, new = (json.loads(p.read_bytes())["documents"] for p in (native, back))
    ids = {}  # annotation ids are new: compare through them
    for d_old, d_new in zip(old, new):
        for a, b in zip(d_old["annotations"], d_new["annotations"], strict=True):
            ids[a["id"]] = b["id"]
    for d_old, d_new in zip(old, new):
        for a, b in zip(d_old["annotations"], d_new["annotations"]):
            if a["label"] == "claim" and a["value"]:
                a["value"]["evidence"] = sorted(ids[e] for e in a["value"]["evidence"])
            a["id"] = b["id"]
            a.pop("review_reason"), b.pop("review_reason")  # W3C has no place for it
            assert a == b
    fresh = create_annotation(store, new[0]["id"], "date", 0, 4, creator="kim", value=DateValue("1950"))
    assert fresh.id == max(ids.values()) + 1


def test_two_connections_see_each_others_committed_changes(new_db, opened):
    url = new_db()
    first, second = opened(url), opened(url)
    ensure_seeded(first)
    doc = list_documents(second)[0].id  # the seeds, committed by the first
    made = create_annotation(first, doc, "date", 0, 4, creator="kim", value=DateValue("1950"))
    assert [a.id for a in list_annotations(second, doc)] == [made.id]
    update_annotation(second, made.id, status="confirmed", note="checked by lee")
    seen = get_annotation(first, made.id)
    assert (seen.status.value, seen.note) == ("confirmed", "checked by lee")
    delete_annotation(first, made.id)
    assert list_annotations(second, doc) == []


def test_an_export_is_one_snapshot_while_others_commit(tmp_path, new_db, opened):
    """PostgreSQL's default isolation gives each query its own snapshot; an export
    reads in REPEATABLE READ so a colleague's commit halfway through is not half in it."""
    url = new_db()
    store, colleague = opened(url), opened(url)
    ensure_seeded(store)
    docs = sorted(d.id for d in list_documents(store))
    for doc in docs:
        create_annotation(store, doc, "date", 0, 4, creator="kim", value=DateValue("1950"))
    quiet = tmp_path / "quiet.json"
    export_dataset(store, quiet)

    def interrupt(fired: list, start: int) -> Callable[[int, int], None]:
        def progress(_done: int, _total: int) -> None:
            if not fired:
                fired.append(True)  # a colleague's date on another span each time (no duplicates)
                create_annotation(colleague, docs[-1], "date", start, 4, creator="lee", value=DateValue("1951"))
        return progress

    busy = tmp_path / "busy.json"
    summary = export_dataset(store, busy, progress=interrupt([], 1))
    assert (summary.annotations, summary.stale_annotations) == (3, 0)
    assert busy.read_bytes() == quiet.read_bytes()
    lines = tmp_path / "busy.jsonl"
    assert write_jsonl(store, lines, progress=interrupt([], 2)) == 4  # 3 + the first interruption
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(SQLModel.metadata.tables["annotation"])
                            ).scalar_one() == 5


def test_findings_are_exported_in_code_point_order_under_a_language_collation(tmp_path, new_db, opened):
    """Server databases usually sort text by a language's rules (``a`` before ``Z``);
    the native export orders findings by code point, as on SQLite, so its bytes match."""
    try:
        url = new_db("TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'")
    except DBAPIError as exc:  # PostgreSQL < 15, or built without ICU
        pytest.skip(f"this server cannot create an ICU en-US database: {exc}")
    files = {}
    for name, target in (("sqlite", tmp_path / "s.db"), ("pg", url)):
        store = opened(target)
        ensure_seeded(store)
        doc = list_documents(store)[0].id
        for key in ("alpha|ko:-|en:-", "Zeta|ko:-|en:-", "beta|ko:-|en:-"):
            record_verdict(store, doc, key, "other", by="kim")
        files[name] = tmp_path / f"{name}.json"
        export_dataset(store, files[name])
    keys = [f["key"] for f in json.loads(files["pg"].read_bytes())["documents"][0]["findings"]]
    assert keys == ["Zeta|ko:-|en:-", "alpha|ko:-|en:-", "beta|ko:-|en:-"]
    assert normalised(files["pg"]) == normalised(files["sqlite"])


def test_lean_span_reads_and_a_batch_of_corrections_move_spans_alike(tmp_path, new_db, opened):
    """list_spans(before=...) and the one-UPDATE move of an accepted batch (three edits,
    an insertion among them) and its undo give the same spans on both backends."""
    from curator.services.annotations import list_spans

    def run(store: Store) -> list:
        ensure_seeded(store)
        doc = list_documents(store)[0].id
        text0 = load_document(store, doc).text
        for i in range(0, min(len(text0) - 12, 600), 37):
            create_annotation(store, doc, "date", i, i + 9, creator="k")
            create_annotation(store, doc, "claim", i + 3, i + 40 if i + 40 <= len(text0) else len(text0), creator="k")
        before = list_spans(store, doc)
        edits = [(50, 52, "xyz"), (200, 200, "++"), (401, 410, "")]
        ids = [propose_correction(store, doc, s, e, r, reason="t", author="k").id for s, e, r in edits]
        result = accept_corrections(store, ids, by="k")
        moved = list_spans(store, doc), list_spans(store, doc, before=300)
        assert moved[1] == [r for r in moved[0] if r[1] < 300]
        undo_accept(store, result)
        assert list_spans(store, doc) == before
        return [moved, result.moved, result.flagged]

    sqlite = open_store(tmp_path / "lean.db")
    try:
        assert run(opened(new_db())) == run(sqlite)
    finally:
        sqlite.close()
