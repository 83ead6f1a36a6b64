"""Writing checked documents of a native dataset into a store (the import's bulk
writes), inside the caller's transaction, through :class:`~curator.store.bulk.BulkDb`.

Documents arrive one at a time, checked (:class:`curator.exchange.native_validate.Checker`),
but are written in batches: their ids are looked up in the store a batch at a time
(three queries per batch on the raw cursor, not three per document through SQLAlchemy),
then their rows — documents, revisions, corrections, verdicts, annotations, spans and
evidence links — are buffered and inserted with one ``executemany`` per table and batch.
The outcome is the same as writing them one by one: the ids of a file are unique within
it (the checker proves it), so a clash is always with a row that was in the store before,
and documents are judged in file order, so the first clash refused is the first in the
file. A text written earlier in the same import counts as "already here" for ``skip``.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain, repeat
from typing import NamedTuple

from curator.domain.errors import ValidationError
from curator.store.bulk import (
    ANN_COLS,
    CORR_COLS,
    DOC_COLS,
    EVIDENCE_COLS,
    REV_COLS,
    SPAN_COLS,
    VERDICT_COLS,
    BulkDb,
    Ids,
)
from curator.text.canonical import sha256_hex

BATCH = 10_000  # annotations buffered before they are written
DOC_BATCH = 500  # documents whose ids are looked up together


class Written(NamedTuple):
    documents: int
    annotations: int
    skipped_documents: int
    skipped_annotations: int
    curators_created: int
    corrections: int


def _shown(title: str, limit: int = 60) -> str:
    """A title quoted for a message, cut short."""
    return "“" + (title if len(title) <= limit else title[: limit - 1] + "…") + "”"


class Writer:
    """Inserts checked documents inside the caller's transaction.

    ``on_conflict``: ``refuse`` stops at the first id that exists; ``skip`` leaves out
    documents whose text the store already has; ``new-ids`` gives fresh ids; ``merge``
    gives fresh ids to what :class:`curator.store.bulk_merge.Merger` does not merge."""

    def __init__(self, db: BulkDb, on_conflict: str):
        self.db = db
        self.on_conflict = on_conflict
        self.fresh = on_conflict in ("new-ids", "merge")
        self.ids = Ids(db)
        self.curators: dict[str, int] = dict(db.rows("SELECT name, id FROM curator"))
        self.curators_created = 0
        self.documents = self.annotations = self.corrections = 0
        self.skipped_documents = self.skipped_annotations = 0
        self._pending: list[tuple[dict, list[str], tuple[tuple, ...], list]] = []  # ids not looked up yet
        self._pending_annotations = 0
        self._shas: dict[str, int] = {}  # the texts this import wrote -> their document
        self._docs: list[tuple] = []
        self._revs: list[tuple] = []
        self._corrs: list[tuple] = []
        self._verdicts: list[tuple] = []
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

    # ----------------------------------------------------------------- documents

    def add(self, doc: dict, revisions: list[str], columns: tuple[tuple, ...], evidence: list) -> None:
        """Take one checked document: ``doc`` (its annotations and texts may be left
        out), the texts of its revisions, its annotations' columns (``ANNOTATION_ROW``)
        and its claims' evidence, as :class:`~curator.exchange.native_validate.Checker`
        gives them. Written at once with fresh ids; else once its batch is settled."""
        if self.fresh:
            self._write(doc, revisions, columns, evidence)
            return
        self._pending.append((doc, revisions, columns, evidence))
        self._pending_annotations += len(columns[0])
        if len(self._pending) >= DOC_BATCH or self._pending_annotations >= BATCH:
            self.settle()

    def settle(self) -> None:
        """Judge the documents taken since the last call against the store, in file
        order: leave out (``skip``) or refuse what is already here, write the rest. Call
        it before reporting a problem met after them: theirs comes first."""
        pending, self._pending, self._pending_annotations = self._pending, [], 0
        if not pending:
            return
        db = self.db
        skip = self.on_conflict == "skip"
        # texts are looked up (revision.sha256 has no index: a scan) only where they decide
        here = db.documents_with_texts(doc["sha256"] for doc, *_ in pending) if skip else {}
        kept = [p for p in pending if not (skip and p[0]["sha256"] in here)]
        # the checker gives annotation and correction ids as int (a document's may be 7.0)
        ids = {
            "document": [int(doc["id"]) for doc, *_ in kept],
            "annotation": list(chain.from_iterable(columns[0] for _d, _r, columns, _e in kept)),
            "correction": [c["id"] for doc, *_ in kept for c in doc["corrections"]],
        }
        taken = {table: db.existing(table, found) for table, found in ids.items()}
        # ids kept from the file: no id handed out from now on may be one of them
        for table, found in ids.items():
            self.ids.claim(table, found)
        for doc, revisions, columns, evidence in pending:
            if skip and (doc["sha256"] in here or doc["sha256"] in self._shas):
                self.skipped_documents += 1
                self.skipped_annotations += len(columns[0])
                continue
            self._refuse_clashes(doc, columns[0], taken, here)
            self._write(doc, revisions, columns, evidence)

    def _refuse_clashes(self, doc: dict, annotation_ids: tuple, taken: dict[str, dict[int, int]],
                        here: dict[str, int]) -> None:
        """Refuse ids the store has, saying what clashes and which policies would work."""
        skip_hint = ("; skip leaves out only documents whose text is already here"
                     if self.on_conflict == "skip" else "")
        title = _shown(doc["title"] or doc["source_name"])
        did = int(doc["id"])
        if did in taken["document"]:
            if not here:  # refuse: the message says whether the store has the same text
                here = self.db.documents_with_texts([doc["sha256"]])
            same = [d for d in (here.get(doc["sha256"]), self._shas.get(doc["sha256"])) if d is not None]
            if same:  # only under refuse: skip would have left it out
                raise ValidationError(
                    f"document {title} (id {did}): the store already has its text, as document "
                    f"{min(same)} (use on-conflict skip, merge or new-ids)")
            raise ValidationError(
                f"document {title}: its id {did} is taken here by another document, with another text"
                + skip_hint + " (use on-conflict new-ids or merge)")
        for table, ids in (("annotation", annotation_ids), ("correction", [c["id"] for c in doc["corrections"]])):
            owners = taken[table]
            clash = min(owners.keys() & set(ids), default=None) if owners else None
            if clash is not None:
                raise ValidationError(
                    f"{table} id {clash} of document {title} is taken here "
                    f"by {'an' if table == 'annotation' else 'a'} {table} of document {owners[clash]}"
                    + skip_hint + " (use on-conflict new-ids or merge)")

    def _write(self, doc: dict, revisions: list[str], columns: tuple[tuple, ...], evidence: list) -> None:
        """Buffer the rows of one document, ids given (fresh ones or the file's)."""
        did = self.ids.take("document", 1)[0] if self.fresh else int(doc["id"])
        self._docs.append((
            did, doc["title"], doc["source_name"], doc["raw_sha256"], doc["encoding"], doc["import_notes"],
            doc["created"], doc["authors"], None if doc["year"] is None else int(doc["year"]),
            doc["source"], ",".join(doc["languages"]),
        ))
        corr_ids = self._correction_ids(doc["corrections"])
        rev_ids = self._revisions(did, doc, revisions, corr_ids)
        self._corrections(did, doc["corrections"], corr_ids, rev_ids)
        self._verdicts.extend(
            (did, f["key"], f["verdict"], f["note"], self.curator_id(f["curator"], f["created"]),
             f["created"], f["modified"]) for f in doc["findings"]
        )
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
        ids: list[int] = []
        for number, (text, rid) in enumerate(zip(texts, self.ids.take("revision", len(texts))), 1):
            if number == 1:
                note, created = "imported from a Curator dataset", doc["created"]
            else:
                group = groups[number]
                note = "corrections " + ", ".join(f"#{cid}" for cid, _ in group)
                created = max(c["decided"] for _, c in group)
            # the current text's hash was checked against the file's: not computed again
            sha = doc["sha256"] if number == len(texts) else sha256_hex(text)
            self._revs.append((rid, did, number, ids[-1] if ids else None, text, sha, note, created))
            self._shas.setdefault(sha, did)
            ids.append(rid)
        return ids

    def _corrections(self, did: int, corrections: list[dict], ids: list[int], rev_ids: list[int]) -> None:
        for cid, c in zip(ids, corrections):
            applied = c["applied_revision"]
            decider = c["decided_by"]
            self._corrs.append((
                cid, did, rev_ids[c["revision"] - 1], c["start"], c["end"], c["original"], c["replacement"],
                c["kind"], c["reason"], c["status"], c["origin"], self.curator_id(c["author"], c["created"]),
                c["created"], None if decider is None else self.curator_id(decider, c["decided"]), c["decided"],
                None if applied is None else rev_ids[applied - 1],
            ))
        self.corrections += len(corrections)

    def _annotations(self, did: int, rid: int, columns: tuple[tuple, ...], evidence: list) -> None:
        """Rows built column by column (zip, map), no Python code per annotation."""
        ids, labels, starts, ends, quotes, stored, notes, statuses, origins, creators, created, \
            modified, reasons = columns
        self.add_creators(creators, created)
        if self.fresh:
            ann_map = dict(zip(ids, self.ids.take("annotation", len(ids))))
            new_ids = list(map(ann_map.__getitem__, ids))
            links = [(ann_map[aid], ann_map[e]) for aid, found in evidence for e in found]
        else:  # evidence ids are the file's (int; 7.0 only on the item-by-item path)
            new_ids = ids
            links = [(int(aid), int(e)) for aid, found in evidence for e in found]
        self.queue(
            zip(new_ids, repeat(did), labels, quotes, stored, notes, statuses, origins,
                map(self.curators.__getitem__, creators), created, modified, reasons),
            zip(new_ids, repeat(did), repeat(rid), starts, ends),
            links,
        )
        self.annotations += len(ids)

    # ------------------------------------------------------------------- buffers

    def queue(self, annotations: Iterable[tuple], spans: Iterable[tuple], links: Iterable[tuple[int, int]]) -> None:
        """Buffer rows of ``annotation`` (ANN_COLS), ``annotation_span`` (SPAN_COLS) and
        ``claim_evidence``; written in batches."""
        self._anns.extend(annotations)
        self._spans.extend(spans)
        self._links.extend(links)
        if len(self._anns) >= BATCH:
            self.flush()

    def flush_documents(self) -> None:
        """Write the buffered documents, revisions, corrections and verdicts (a lookup
        by text or document is about to follow)."""
        db = self.db
        db.insert("document", DOC_COLS, self._docs)
        db.insert("revision", REV_COLS, self._revs)
        db.insert("correction", CORR_COLS, self._corrs)
        db.insert("finding_verdict", VERDICT_COLS, self._verdicts)
        self._docs, self._revs, self._corrs, self._verdicts = [], [], [], []

    def flush(self) -> None:
        """Write everything buffered, parents first."""
        self.flush_documents()
        self.db.insert("annotation", ANN_COLS, self._anns)
        self.db.insert("annotation_span", SPAN_COLS, self._spans)
        self.db.insert("claim_evidence", EVIDENCE_COLS, self._links)
        self._anns, self._spans, self._links = [], [], []

    def finish(self) -> Written:
        """Settle and write what is pending; what was written and skipped."""
        self.settle()
        self.flush()
        return Written(self.documents, self.annotations, self.skipped_documents, self.skipped_annotations,
                       self.curators_created, self.corrections)
