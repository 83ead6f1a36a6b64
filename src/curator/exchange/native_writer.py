"""Writing checked documents of a native dataset into a store, through any database
connection that can run a query and insert rows (see :class:`Db`; ``native_import`` has
the SQLAlchemy one). The tables are named here as plain SQL, and a test checks these
column lists against the models.

Every id is given explicitly. New ids come from the database at the time they are taken
(:class:`Ids`), never from a ``max(id) + 1`` read earlier, so another process writing
at the same time cannot be handed the same ones: on SQLite the import holds the write
lock (BEGIN IMMEDIATE) from its first statement; on PostgreSQL they are drawn from the
tables' sequences (``nextval``), and ids kept from the file move the sequences past
them before they are written (and once more at the end). A rolled-back import leaves
a gap in PostgreSQL's sequences, as any rolled-back insert does: an id is never reused.
Annotations, their spans and evidence links are buffered into batches across documents.
"""

from __future__ import annotations

from itertools import repeat
from collections.abc import Iterable
from typing import Any, NamedTuple, Protocol

from curator.domain.errors import ValidationError
from curator.text.canonical import sha256_hex

BATCH = 10_000

DOC_COLS = ("id", "title", "source_name", "raw_sha256", "encoding", "import_notes", "created",
            "authors", "year", "source", "languages")
REV_COLS = ("id", "document_id", "number", "parent_id", "text", "sha256", "note", "created")
ANN_COLS = ("id", "document_id", "label", "quote", "value_json", "note", "status", "origin",
            "creator_id", "created", "modified", "review_reason")
SPAN_COLS = ("annotation_id", "document_id", "revision_id", "start", "end")
CORR_COLS = ("id", "document_id", "revision_id", "start", "end", "original", "replacement", "kind",
             "reason", "status", "origin", "author_id", "created", "decided_by_id", "decided",
             "applied_revision_id")
VERDICT_COLS = ("document_id", "key", "verdict", "note", "curator_id", "created", "modified")
EVIDENCE_COLS = ("claim_id", "evidence_id")
CURATOR_COLS = ("id", "name", "created")
# every table the writer inserts into, with the columns it gives
TABLES = {
    "document": DOC_COLS, "revision": REV_COLS, "annotation": ANN_COLS, "annotation_span": SPAN_COLS,
    "correction": CORR_COLS, "finding_verdict": VERDICT_COLS, "claim_evidence": EVIDENCE_COLS,
    "curator": CURATOR_COLS,
}
# the tables whose ids an import may give explicitly (a clash is looked up here)
_ID_TABLES = frozenset({"document", "annotation", "correction", "revision", "curator"})


class Db(Protocol):
    """What the writer needs of a connection inside the caller's transaction."""

    dialect: str  # "sqlite" or "postgresql"

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple]:
        """Run a query with ``:name`` parameters; its rows."""

    def insert(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        """Insert ``rows`` (tuples in ``columns`` order) into ``table``."""

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> int:
        """Run a statement with ``:name`` parameters; the number of rows it changed."""


class Written(NamedTuple):
    documents: int
    annotations: int
    skipped_documents: int
    skipped_annotations: int
    curators_created: int
    corrections: int


def _max_id(db: Db, table: str) -> int:
    assert table in _ID_TABLES
    return db.rows(f"SELECT max(id) FROM {table}")[0][0] or 0


def sequence_of(db: Db, table: str) -> str:
    """PostgreSQL: the name of the sequence behind ``table.id`` (quoted as needed)."""
    assert table in _ID_TABLES or table == "finding_verdict"
    return db.rows("SELECT pg_get_serial_sequence(:t, 'id')", {"t": table})[0][0]


def sequence_next(db: Db, table: str) -> int:
    """PostgreSQL: the value the sequence behind ``table.id`` hands out next."""
    seq = sequence_of(db, table)  # a catalog name, not user input
    return db.rows(f"SELECT last_value + CASE WHEN is_called THEN 1 ELSE 0 END FROM {seq}")[0][0]


def _next_id(db: Db, table: str) -> int:
    """SQLite: the first id past every row and past every id the table ever handed out
    (its AUTOINCREMENT counter): the id of a row deleted since never comes back."""
    top = _max_id(db, table) + 1
    found = db.rows("SELECT seq FROM sqlite_sequence WHERE name = :t", {"t": table})
    return max(top, (found[0][0] if found else 0) + 1)


class Ids:
    """New ids for the tables an import writes, taken when they are needed.

    SQLite: the writer's transaction holds the write lock (``Store.begin``: BEGIN
    IMMEDIATE), so the next id, read once per table, stays valid to the end of it.
    PostgreSQL: each request draws exactly as many values from the table's sequence,
    atomically (``nextval``), whatever other sessions insert meanwhile."""

    def __init__(self, db: Db):
        self.db = db
        self._next: dict[str, int] = {}
        self._seq: dict[str, str] = {}

    def take(self, table: str, n: int) -> list[int]:
        if n <= 0:
            return []
        if self.db.dialect == "postgresql":
            rows = self.db.rows("SELECT nextval(CAST(:seq AS regclass)) FROM generate_series(1, :n)",
                                {"seq": self._sequence(table), "n": n})
            return sorted(r[0] for r in rows)
        first = self._next.get(table)
        if first is None:
            first = _next_id(self.db, table)
        self._next[table] = first + n
        return list(range(first, first + n))

    def claim(self, table: str, ids: Iterable[int]) -> None:
        """Ids kept from a file are about to be written: no id handed out later (here,
        or by the database to another session) may be one of them."""
        top = max(ids, default=None)
        if top is None:
            return
        if self.db.dialect == "postgresql":
            self.db.rows("SELECT setval(CAST(:seq AS regclass), GREATEST(nextval(CAST(:seq AS regclass)), :top))",
                         {"seq": self._sequence(table), "top": top})
        elif table in self._next:
            self._next[table] = max(self._next[table], top + 1)

    def _sequence(self, table: str) -> str:
        if table not in self._seq:
            self._seq[table] = sequence_of(self.db, table)
        return self._seq[table]


def _first_existing(db: Db, table: str, ids: list[int]) -> int | None:
    """The smallest of ``ids`` already present in ``table``; scans only the id range
    they cover, so an empty or disjoint store costs one index probe."""
    if not ids:
        return None
    assert table in _ID_TABLES
    wanted = set(ids)
    found = db.rows(f"SELECT id FROM {table} WHERE id BETWEEN :lo AND :hi ORDER BY id",
                    {"lo": min(ids), "hi": max(ids)})
    return next((i for (i,) in found if i in wanted), None)


def _shown(title: str, limit: int = 60) -> str:
    """A title quoted for a message, cut short."""
    return "“" + (title if len(title) <= limit else title[: limit - 1] + "…") + "”"


class Writer:
    """Inserts checked documents, one at a time, inside the caller's transaction.

    ``on_conflict``: ``refuse`` stops at the first id that exists; ``skip`` leaves out
    documents whose text the store already has; ``new-ids`` gives fresh ids; ``merge``
    gives fresh ids to what :class:`curator.exchange.native_merge.Merger` does not merge."""

    def __init__(self, db: Db, on_conflict: str):
        self.db = db
        self.on_conflict = on_conflict
        self.fresh = on_conflict in ("new-ids", "merge")
        self.ids = Ids(db)
        self.curators: dict[str, int] = dict(db.rows("SELECT name, id FROM curator"))
        self.curators_created = 0
        self.documents = self.annotations = self.corrections = 0
        self.skipped_documents = self.skipped_annotations = 0
        self._anns: list[tuple] = []
        self._spans: list[tuple] = []
        self._links: list[tuple[int, int]] = []

    def curator_id(self, name: str, created: str) -> int:
        """The id of the curator ``name``, created (at ``created``) if new."""
        found = self.curators.get(name)
        if found is None:
            # another process may be creating the same curator right now: whoever comes
            # second uses the first one's row
            self.curators_created += self.db.execute(
                "INSERT INTO curator (id, name, created) VALUES (:i, :n, :c) ON CONFLICT (name) DO NOTHING",
                {"i": self.ids.take("curator", 1)[0], "n": name, "c": created},
            )
            found = self.curators[name] = self.db.rows("SELECT id FROM curator WHERE name = :n", {"n": name})[0][0]
        return found

    def add_creators(self, creators: tuple[str, ...], created: tuple[str, ...]) -> None:
        """Create the curators of ``creators`` not here yet (each at the time of its first
        annotation, ``created`` being the annotations' times)."""
        for name in sorted(set(creators) - self.curators.keys()):
            self.curator_id(name, created[creators.index(name)])

    def _refuse_clashes(self, doc: dict, annotation_ids: tuple) -> None:
        """Refuse ids the store has, saying what clashes and which policies would work."""
        clash = _first_existing(self.db, "document", [int(doc["id"])])
        if clash is not None:
            same = self.db.rows("SELECT document_id FROM revision WHERE sha256 = :sha LIMIT 1",
                                {"sha": doc["sha256"]})
            title = _shown(doc["title"] or doc["source_name"])
            if same:  # only under refuse: skip would have left it out
                raise ValidationError(
                    f"document {title} (id {clash}): the store already has its text, as document "
                    f"{same[0][0]} (use on-conflict skip, merge or new-ids)")
            raise ValidationError(
                f"document {title}: its id {clash} is taken here by another document, with another text"
                + ("; skip leaves out only documents whose text is already here" if self.on_conflict == "skip"
                   else "")
                + " (use on-conflict new-ids or merge)")
        corrections = [int(c["id"]) for c in doc["corrections"]]
        for table, ids in (("annotation", list(annotation_ids)), ("correction", corrections)):
            clash = _first_existing(self.db, table, ids)
            if clash is not None:
                owner = self.db.rows(f"SELECT document_id FROM {table} WHERE id = :id", {"id": clash})
                raise ValidationError(
                    f"{table} id {clash} of document {_shown(doc['title'] or doc['source_name'])} is taken here "
                    f"by {'an' if table == 'annotation' else 'a'} {table} of document {owner[0][0]}"
                    + ("; skip leaves out only documents whose text is already here"
                       if self.on_conflict == "skip" else "")
                    + " (use on-conflict new-ids or merge)")

    def add(self, doc: dict, revisions: list[str], columns: tuple[tuple, ...], evidence: list) -> None:
        """Write one checked document: ``doc`` (its annotations and texts may be left
        out), the texts of its revisions, its annotations' columns (``ANNOTATION_ROW``)
        and its claims' evidence, as :class:`~curator.exchange.native_validate.Checker`
        gives them."""
        db = self.db
        if self.on_conflict == "skip" and db.rows(
            "SELECT id FROM revision WHERE sha256 = :sha LIMIT 1", {"sha": doc["sha256"]}
        ):
            self.skipped_documents += 1
            self.skipped_annotations += len(columns[0])
            return
        if self.fresh:
            did = self.ids.take("document", 1)[0]
        else:
            self._refuse_clashes(doc, columns[0])
            did = int(doc["id"])
            self.ids.claim("document", [did])
            self.ids.claim("annotation", map(int, columns[0]))
            self.ids.claim("correction", (int(c["id"]) for c in doc["corrections"]))
        db.insert("document", DOC_COLS, [(
            did, doc["title"], doc["source_name"], doc["raw_sha256"], doc["encoding"], doc["import_notes"],
            doc["created"], doc["authors"], None if doc["year"] is None else int(doc["year"]),
            doc["source"], ",".join(doc["languages"]),
        )])
        corr_ids = self._correction_ids(doc["corrections"])
        rev_ids = self._revisions(did, doc, revisions, corr_ids)
        self._corrections(did, doc["corrections"], corr_ids, rev_ids)
        db.insert("finding_verdict", VERDICT_COLS, [
            (did, f["key"], f["verdict"], f["note"], self.curator_id(f["curator"], f["created"]),
             f["created"], f["modified"]) for f in doc["findings"]
        ])
        self._annotations(did, rev_ids[-1], columns, evidence)
        self.documents += 1

    def _correction_ids(self, corrections: list[dict]) -> list[int]:
        if not self.fresh:
            return [int(c["id"]) for c in corrections]
        return self.ids.take("correction", len(corrections))

    def _revisions(self, did: int, doc: dict, texts: list[str], corr_ids: list[int]) -> list[int]:
        """Revision 1 from ``original_text``, then one per accepted group, as replayed."""
        groups: dict[int, list[tuple[int, dict]]] = {}
        for cid, c in zip(corr_ids, doc["corrections"]):
            if c["status"] == "accepted":
                groups.setdefault(c["applied_revision"], []).append((cid, c))
        rows, ids = [], []
        for number, (text, rid) in enumerate(zip(texts, self.ids.take("revision", len(texts))), 1):
            if number == 1:
                note, created = "imported from a Curator dataset", doc["created"]
            else:
                group = groups[number]
                note = "corrections " + ", ".join(f"#{cid}" for cid, _ in group)
                created = max(c["decided"] for _, c in group)
            rows.append((rid, did, number, ids[-1] if ids else None, text, sha256_hex(text), note, created))
            ids.append(rid)
        self.db.insert("revision", REV_COLS, rows)
        return ids

    def _corrections(self, did: int, corrections: list[dict], ids: list[int], rev_ids: list[int]) -> None:
        rows = []
        for cid, c in zip(ids, corrections):
            applied = c["applied_revision"]
            decider = c["decided_by"]
            rows.append((
                cid, did, rev_ids[c["revision"] - 1], c["start"], c["end"], c["original"], c["replacement"],
                c["kind"], c["reason"], c["status"], c["origin"], self.curator_id(c["author"], c["created"]),
                c["created"], None if decider is None else self.curator_id(decider, c["decided"]), c["decided"],
                None if applied is None else rev_ids[applied - 1],
            ))
        self.db.insert("correction", CORR_COLS, rows)
        self.corrections += len(rows)

    def _annotations(self, did: int, rid: int, columns: tuple[tuple, ...], evidence: list) -> None:
        """Rows built column by column (zip, map), no Python code per annotation."""
        ids, labels, starts, ends, quotes, stored, notes, statuses, origins, creators, created, \
            modified, reasons = columns
        self.add_creators(creators, created)
        ann_map: dict[Any, int] = {}
        if self.fresh:
            ann_map = dict(zip(ids, self.ids.take("annotation", len(ids))))
        new_ids = list(map(ann_map.__getitem__, ids)) if ann_map else ids
        self.queue(
            zip(new_ids, repeat(did), labels, quotes, stored, notes, statuses, origins,
                map(self.curators.__getitem__, creators), created, modified, reasons),
            zip(new_ids, repeat(did), repeat(rid), starts, ends),
            ((ann_map.get(aid, int(aid)), ann_map.get(e, int(e))) for aid, links in evidence for e in links),
        )
        self.annotations += len(ids)

    def queue(self, annotations: Iterable[tuple], spans: Iterable[tuple], links: Iterable[tuple[int, int]]) -> None:
        """Buffer rows of ``annotation`` (ANN_COLS), ``annotation_span`` (SPAN_COLS) and
        ``claim_evidence``; written in batches."""
        self._anns.extend(annotations)
        self._spans.extend(spans)
        self._links.extend(links)
        if len(self._anns) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        self.db.insert("annotation", ANN_COLS, self._anns)
        self.db.insert("annotation_span", SPAN_COLS, self._spans)
        self.db.insert("claim_evidence", EVIDENCE_COLS, self._links)
        self._anns, self._spans, self._links = [], [], []

    def finish(self) -> Written:
        """Write what is buffered; what was written and skipped."""
        self._flush()
        return Written(self.documents, self.annotations, self.skipped_documents, self.skipped_annotations,
                       self.curators_created, self.corrections)
