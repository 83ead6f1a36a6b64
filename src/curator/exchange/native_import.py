"""Writing checked documents of a native dataset into the store (see ``native.py``).

Rows go in through the DB-API ``executemany`` with the dialect's own SQL for a Core
insert (~3x SQLAlchemy's per-row parameter processing; the ORM would be 30x slower).
Every id is given explicitly — including curators', so a rolled-back import consumes
no PostgreSQL sequence value — and the sequences are moved past them at the end.
"""

from __future__ import annotations

from itertools import repeat
from typing import Any

from sqlalchemy import Connection, bindparam, func, select

from curator.domain.errors import ValidationError
from curator.exchange.native_validate import CheckedDocument
from curator.store.models import (
    Annotation,
    AnnotationSpan,
    ClaimEvidence,
    Correction,
    Curator,
    Document,
    FindingVerdict,
    Revision,
)
from curator.text.canonical import sha256_hex

BATCH = 10_000

_A = Annotation.__table__
_P = AnnotationSpan.__table__
_D = Document.__table__
_R = Revision.__table__
_C = Curator.__table__
_E = ClaimEvidence.__table__
_K = Correction.__table__
_V = FindingVerdict.__table__

_DOC_COLS = ("id", "title", "source_name", "raw_sha256", "encoding", "import_notes", "created",
             "authors", "year", "source", "languages")
_REV_COLS = ("id", "document_id", "number", "parent_id", "text", "sha256", "note", "created")
# in the tables' column order, so rows need no reordering for positional parameters
_ANN_COLS = ("id", "document_id", "label", "quote", "value_json", "note", "status", "origin",
             "creator_id", "created", "modified", "review_reason")
_SPAN_COLS = ("annotation_id", "document_id", "revision_id", "start", "end")
_CORR_COLS = ("id", "document_id", "revision_id", "start", "end", "original", "replacement", "kind",
              "reason", "status", "origin", "author_id", "created", "decided_by_id", "decided",
              "applied_revision_id")
_VERDICT_COLS = ("document_id", "key", "verdict", "note", "curator_id", "created", "modified")
_IDS_BETWEEN = {
    t.name: select(t.c.id).where(t.c.id.between(bindparam("lo"), bindparam("hi"))).order_by(t.c.id)
    for t in (_D, _A, _K)
}
_INSERTS: dict[tuple[str, tuple[str, ...], str], Any] = {}


def _max_id(conn: Connection, table) -> int:
    return conn.execute(select(func.max(table.c.id))).scalar() or 0


def _first_existing(conn: Connection, table, ids: list[int]) -> int | None:
    """The smallest of ``ids`` already present in ``table``; scans only the id range
    they cover, so an empty or disjoint store costs one index probe."""
    if not ids:
        return None
    wanted = set(ids)
    for (i,) in conn.execute(_IDS_BETWEEN[table.name], {"lo": min(ids), "hi": max(ids)}):
        if i in wanted:
            return i
    return None


def _executemany(conn: Connection, table, columns: tuple[str, ...], rows: list[tuple]) -> None:
    if not rows:
        return
    key = (table.name, columns, conn.dialect.name)
    if key not in _INSERTS:
        _INSERTS[key] = table.insert().compile(dialect=conn.dialect, column_keys=list(columns))
    compiled = _INSERTS[key]
    params: list[Any] = rows
    if compiled.positional:
        order = [columns.index(name) for name in compiled.positiontup]
        if order != list(range(len(columns))):
            params = [tuple(r[i] for i in order) for r in rows]
    else:
        params = [dict(zip(columns, r)) for r in rows]
    cursor = conn.connection.cursor()
    try:
        cursor.executemany(str(compiled), params)
    finally:
        cursor.close()


def _fix_sequences(conn: Connection) -> None:
    """Explicit ids bypass PostgreSQL's sequences; move them past the new rows."""
    if conn.dialect.name != "postgresql":
        return
    for table in ("curator", "document", "revision", "annotation", "correction", "finding_verdict"):
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        )


class Writer:
    """Inserts checked documents inside the caller's transaction, one at a time;
    annotations and evidence links are buffered into batches across documents."""

    def __init__(self, conn: Connection, on_conflict: str):
        self.conn = conn
        self.on_conflict = on_conflict
        self.fresh = on_conflict == "new-ids"
        self.next_doc = _max_id(conn, _D) + 1
        self.next_ann = _max_id(conn, _A) + 1
        self.next_corr = _max_id(conn, _K) + 1
        # revision.id is AUTOINCREMENT on SQLite: never reuse an id a deleted row had
        seq = 0
        if conn.dialect.name == "sqlite":
            seq = conn.exec_driver_sql("SELECT seq FROM sqlite_sequence WHERE name = 'revision'").scalar() or 0
        self.next_rev = max(_max_id(conn, _R), seq) + 1
        self.next_curator = _max_id(conn, _C) + 1
        self.curators: dict[str, int] = dict(conn.execute(select(_C.c.name, _C.c.id)).all())
        self.curators_created = 0
        self.documents = self.annotations = self.corrections = 0
        self.skipped_documents = self.skipped_annotations = 0
        self._anns: list[tuple] = []
        self._spans: list[tuple] = []
        self._links: list[tuple[int, int]] = []

    def _curator(self, name: str, created: str) -> int:
        found = self.curators.get(name)
        if found is None:
            found = self.curators[name] = self.next_curator
            self.next_curator += 1
            self.curators_created += 1
            self.conn.execute(_C.insert(), {"id": found, "name": name, "created": created})
        return found

    def _refuse_clashes(self, doc: dict) -> None:
        clash = _first_existing(self.conn, _D, [int(doc["id"])])
        if clash is not None:
            raise ValidationError(
                f"document id {clash} already exists in the store (use on-conflict new-ids or skip)"
            )
        for table, key, what in ((_A, "annotations", "annotation"), (_K, "corrections", "correction")):
            clash = _first_existing(self.conn, table, [int(x["id"]) for x in doc[key]])
            if clash is not None:
                raise ValidationError(f"{what} id {clash} already exists in the store (use on-conflict new-ids)")

    def add(self, checked: CheckedDocument) -> None:
        doc, conn = checked.doc, self.conn
        if self.on_conflict == "skip" and conn.execute(
            select(_R.c.id).where(_R.c.sha256 == doc["sha256"]).limit(1)
        ).first() is not None:
            self.skipped_documents += 1
            self.skipped_annotations += len(doc["annotations"])
            return
        if self.fresh:
            did, self.next_doc = self.next_doc, self.next_doc + 1
        else:
            self._refuse_clashes(doc)
            did = int(doc["id"])
        _executemany(conn, _D, _DOC_COLS, [(
            did, doc["title"], doc["source_name"], doc["raw_sha256"], doc["encoding"], doc["import_notes"],
            doc["created"], doc["authors"], None if doc["year"] is None else int(doc["year"]),
            doc["source"], ",".join(doc["languages"]),
        )])
        corr_ids = self._correction_ids(doc["corrections"])
        rev_ids = self._revisions(did, doc, checked.revisions, corr_ids)
        self._corrections(did, doc["corrections"], corr_ids, rev_ids)
        _executemany(conn, _V, _VERDICT_COLS, [
            (did, f["key"], f["verdict"], f["note"], self._curator(f["curator"], f["created"]),
             f["created"], f["modified"]) for f in doc["findings"]
        ])
        self._annotations(did, rev_ids[-1], checked)
        self.documents += 1

    def _correction_ids(self, corrections: list[dict]) -> list[int]:
        if not self.fresh:
            return [int(c["id"]) for c in corrections]
        first, self.next_corr = self.next_corr, self.next_corr + len(corrections)
        return list(range(first, self.next_corr))

    def _revisions(self, did: int, doc: dict, texts: list[str], corr_ids: list[int]) -> list[int]:
        """Revision 1 from ``original_text``, then one per accepted group, as replayed."""
        groups: dict[int, list[tuple[int, dict]]] = {}
        for cid, c in zip(corr_ids, doc["corrections"]):
            if c["status"] == "accepted":
                groups.setdefault(c["applied_revision"], []).append((cid, c))
        rows, ids = [], []
        for number, text in enumerate(texts, 1):
            rid, self.next_rev = self.next_rev, self.next_rev + 1
            if number == 1:
                note, created = "imported from a Curator dataset", doc["created"]
            else:
                group = groups[number]
                note = "corrections " + ", ".join(f"#{cid}" for cid, _ in group)
                created = max(c["decided"] for _, c in group)
            rows.append((rid, did, number, ids[-1] if ids else None, text, sha256_hex(text), note, created))
            ids.append(rid)
        _executemany(self.conn, _R, _REV_COLS, rows)
        return ids

    def _corrections(self, did: int, corrections: list[dict], ids: list[int], rev_ids: list[int]) -> None:
        rows = []
        for cid, c in zip(ids, corrections):
            applied = c["applied_revision"]
            decider = c["decided_by"]
            rows.append((
                cid, did, rev_ids[c["revision"] - 1], c["start"], c["end"], c["original"], c["replacement"],
                c["kind"], c["reason"], c["status"], c["origin"], self._curator(c["author"], c["created"]),
                c["created"], None if decider is None else self._curator(decider, c["decided"]), c["decided"],
                None if applied is None else rev_ids[applied - 1],
            ))
        _executemany(self.conn, _K, _CORR_COLS, rows)
        self.corrections += len(rows)

    def _annotations(self, did: int, rid: int, checked: CheckedDocument) -> None:
        """Rows built column by column (zip, map), no Python code per annotation."""
        ids, labels, starts, ends, quotes, stored, notes, statuses, origins, creators, created, \
            modified, reasons = checked.columns
        for name in sorted(set(creators) - self.curators.keys()):
            self._curator(name, created[creators.index(name)])
        ann_map: dict[Any, int] = {}
        if self.fresh:
            first, self.next_ann = self.next_ann, self.next_ann + len(ids)
            ann_map = dict(zip(ids, range(first, self.next_ann)))
        new_ids = list(map(ann_map.__getitem__, ids)) if ann_map else ids
        self._anns.extend(zip(
            new_ids, repeat(did), labels, quotes, stored, notes, statuses, origins,
            map(self.curators.__getitem__, creators), created, modified, reasons,
        ))
        self._spans.extend(zip(new_ids, repeat(did), repeat(rid), starts, ends))
        for aid, evidence in checked.evidence:
            aid = ann_map.get(aid, int(aid))
            self._links.extend((aid, ann_map.get(e, int(e))) for e in evidence)
        self.annotations += len(ids)
        if len(self._anns) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        _executemany(self.conn, _A, _ANN_COLS, self._anns)
        _executemany(self.conn, _P, _SPAN_COLS, self._spans)
        _executemany(self.conn, _E, ("claim_id", "evidence_id"), self._links)
        self._anns, self._spans, self._links = [], [], []

    def finish(self, documents: int, annotations: int):
        """Write what is buffered; the summary (``documents``/``annotations``: how many
        the file holds)."""
        from curator.exchange.native import ImportSummary

        self._flush()
        _fix_sequences(self.conn)
        return ImportSummary(
            self.documents, self.annotations, documents - self.documents, annotations - self.annotations,
            self.curators_created, self.corrections,
        )
