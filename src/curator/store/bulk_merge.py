"""Merging a colleague's dataset into the documents already here (``on_conflict="merge"``).

Two curators who annotated copies of the same corpus each have their own ids: the
colleague's document 1 is the same text as ours, or another one. Merging goes by text,
never by id:

- A document of the file whose curated text is the text of one of our revisions is
  merged into that document: its annotations are added with new ids, except those
  identical to one already there (same label, span and value), which stand for the one
  here (a claim's evidence is linked to it). If our text has been corrected since that
  revision, each annotation is carried through our accepted corrections the way an
  accepted correction carries ours (:class:`~curator.text.edits.EditMap`): an annotation
  a correction touched is flagged for review with the quote it had, never shifted
  silently.
- Its pending corrections are added when they are on the very text we show (else they
  are counted as left out: they were made on a text we no longer have); its accepted and
  rejected corrections are the history of a text we already have, and are left out.
- Its verdicts on parallel-text findings are added where we have none on the same
  finding (they are keyed by quotes and values, not offsets); where we have one, ours
  stays.
- A document whose text we do not have is imported as a new document with new ids.

Everything is written through the :class:`~curator.store.bulk_dataset.Writer`'s
buffers and id counters, inside the import's one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from curator.domain.labels import Status
from curator.store.bulk import CORR_COLS, VERDICT_COLS
from curator.store.bulk_dataset import Writer
from curator.store.models import utcnow
from curator.text.edits import Edit, EditMap


@dataclass(frozen=True)
class _Target:
    doc_id: int
    revision_id: int  # our current revision
    text: str  # its text
    # from the matched revision to ours: each step's edits, its correction ids, and the
    # revision the step starts from
    maps: tuple[tuple[EditMap, str, int], ...]


def _target(writer: Writer, doc: dict) -> _Target | None:
    """Our document whose revision has the file document's text: one whose current
    revision has it first, then the lowest document id."""
    db = writer.db
    found = db.rows(
        "SELECT r.document_id, r.number, (SELECT MAX(c.number) FROM revision c WHERE c.document_id = r.document_id)"
        " FROM revision r WHERE r.sha256 = :sha ORDER BY r.document_id",
        {"sha": doc["sha256"]},
    )
    if not found:
        return None
    doc_id, number, _current = min(found, key=lambda r: (r[1] != r[2], r[0]))
    later = db.rows(
        "SELECT id, number, text FROM revision WHERE document_id = :d AND number >= :n ORDER BY number",
        {"d": doc_id, "n": number},
    )
    maps = []
    for (parent_id, _pn, parent_text), (rev_id, _n, _text) in zip(later, later[1:]):
        accepted = db.rows(
            'SELECT id, start, "end", replacement FROM correction'
            " WHERE applied_revision_id = :r AND revision_id = :p AND status = 'accepted' ORDER BY start",
            {"r": rev_id, "p": parent_id},
        )
        edits = [Edit(start, end, replacement) for _id, start, end, replacement in accepted]
        maps.append((EditMap(len(parent_text), edits), ", ".join(f"#{cid}" for cid, *_ in accepted), parent_id))
    rev_id, _n, text = later[-1]
    return _Target(doc_id, rev_id, text, tuple(maps))


class Merger:
    """Merges checked documents into ours through ``writer`` (whose ``on_conflict`` is
    ``merge``: what is not merged is written with new ids)."""

    def __init__(self, writer: Writer):
        self.writer = writer
        self.documents = 0  # documents of the file merged into one here
        self.annotations = 0  # their annotations added
        self.flagged = 0  # their annotations a correction here touched: needs review
        self.left_out = 0  # their corrections and verdicts not brought over

    def add(self, doc: dict, revisions: list[str], columns: tuple[tuple, ...], evidence: list) -> None:
        """Merge the checked document into ours if we have its text (see the module's
        docstring), else write it as a new document."""
        self.writer.flush_documents()  # a document written earlier in this import may be the one
        target = _target(self.writer, doc)
        if target is None:
            self.writer.add(doc, revisions, columns, evidence)
            return
        before = self.writer.annotations
        self.flagged += _annotations(self.writer, target, columns, evidence)
        self.annotations += self.writer.annotations - before
        self.left_out += _corrections(self.writer, target, doc) + _verdicts(self.writer, target.doc_id, doc["findings"])
        self.documents += 1


def _annotations(writer: Writer, target: _Target, columns: tuple[tuple, ...], evidence: list) -> int:
    """Add the annotations we do not have; how many of them were flagged."""
    db = writer.db
    ids, labels, starts, ends, quotes, stored, notes, statuses, origins, creators, created, \
        modified, reasons = columns
    ours = {
        (label, start, end, value): aid
        for aid, label, start, end, value in db.rows(
            'SELECT a.id, a.label, s.start, s."end", a.value_json FROM annotation a'
            " JOIN annotation_span s ON s.annotation_id = a.id"
            " WHERE s.document_id = :d AND s.revision_id = :r",
            {"d": target.doc_id, "r": target.revision_id},
        )
    }
    writer.add_creators(creators, created)
    flagged = 0
    same: dict[Any, int] = {}  # the file's id -> ours, for an annotation we already have
    new: dict[Any, int] = {}  # the file's id -> the new id
    text = target.text
    anns, spans, now = [], [], utcnow()
    for k, aid in enumerate(ids):
        start, end, status, reason, changed = starts[k], ends[k], statuses[k], reasons[k], modified[k]
        touched, revision_id = False, target.revision_id
        for edit_map, correction_ids, parent_id in target.maps:
            carried = edit_map.carry(start, end)
            if carried.removed:  # a correction here removed all its text: kept as an orphan there
                touched, revision_id = "removed", parent_id
                reason = f"its text «{quotes[k]}» was removed by correction {correction_ids} here"
                break
            if carried.touched:
                touched = True
                reason = f"text changed by correction {correction_ids} here: was «{quotes[k]}»"
            start, end = carried.start, carried.end
        if touched:
            status = Status.ORPHANED.value if touched == "removed" else Status.NEEDS_REVIEW.value
            changed = now
            flagged += 1
        # an orphan's offsets count into an older revision: no ours to be identical to
        key = (labels[k], start, end, stored[k]) if revision_id == target.revision_id else ("orphan", aid)
        if key in ours:
            same[aid] = ours[key]
            writer.skipped_annotations += 1
            continue
        # a new one's id is its row's place (-1, -2, ...) until the ids are taken below;
        # a second identical one in the file is this one
        new_id = new[aid] = ours[key] = -1 - len(anns)
        anns.append((new_id, target.doc_id, labels[k], quotes[k] if revision_id != target.revision_id
                     else text[start:end], stored[k], notes[k], status, origins[k],
                     writer.curators[creators[k]], created[k], changed, reason))
        spans.append((new_id, target.doc_id, revision_id, start, end))
    fresh = writer.ids.take("annotation", len(anns))
    anns = [(fresh[k], *row[1:]) for k, row in enumerate(anns)]
    spans = [(fresh[k], *row[1:]) for k, row in enumerate(spans)]
    new = {aid: fresh[-1 - slot] for aid, slot in new.items()}
    same = {aid: fresh[-1 - v] if v < 0 else v for aid, v in same.items()}
    # a claim we had already keeps its own evidence
    links = [(new[aid], new.get(e) or same[e]) for aid, evidence_ids in evidence if aid in new for e in evidence_ids]
    writer.queue(anns, spans, links)
    writer.annotations += len(new)
    return flagged


def _corrections(writer: Writer, target: _Target, doc: dict) -> int:
    """Add the pending corrections we do not have; how many corrections were left out."""
    pending = [c for c in doc["corrections"] if c["status"] == "proposed" and c["revision"] == doc["revision"]]
    history = len(doc["corrections"]) - len(pending)
    if target.maps:  # made on a text we have corrected since
        return history + len(pending)
    ours = set(writer.db.rows(
        'SELECT start, "end", replacement FROM correction WHERE revision_id = :r',
        {"r": target.revision_id},
    ))
    rows = []
    for c in pending:
        if (c["start"], c["end"], c["replacement"]) in ours:
            continue
        ours.add((c["start"], c["end"], c["replacement"]))
        rows.append((
            None, target.doc_id, target.revision_id, c["start"], c["end"], c["original"], c["replacement"],
            c["kind"], c["reason"], "proposed", c["origin"], writer.curator_id(c["author"], c["created"]),
            c["created"], None, None, None,
        ))
    rows = [(cid, *row[1:]) for cid, row in zip(writer.ids.take("correction", len(rows)), rows)]
    writer.db.insert("correction", CORR_COLS, rows)
    writer.corrections += len(rows)
    return history


def _verdicts(writer: Writer, doc_id: int, findings: list[dict]) -> int:
    """Add the verdicts on findings we have none on; how many were left out (ours stay)."""
    left_out = 0
    ours = {key for (key,) in writer.db.rows("SELECT key FROM finding_verdict WHERE document_id = :d", {"d": doc_id})}
    rows = []
    for f in findings:
        if f["key"] in ours:
            left_out += 1
            continue
        ours.add(f["key"])
        rows.append((doc_id, f["key"], f["verdict"], f["note"], writer.curator_id(f["curator"], f["created"]),
                     f["created"], f["modified"]))
    writer.db.insert("finding_verdict", VERDICT_COLS, rows)
    return left_out
