"""Undoable annotation commands.

Every command's ``redo`` and ``undo`` each call exactly ONE service function (one store
transaction) and then tell the :class:`Refresher` what changed, so the window updates
one span, one table row and one document count instead of reloading.

Commands are document-agnostic: they carry annotation ids and snapshots, never widgets,
so the stack keeps working after the user switches documents (the refresher decides
what to show). Undoing a creation deletes the annotation; redoing it restores the same
id from the snapshot, so claims that cite it stay linked.

A service error during undo/redo (the store changed behind our back) is reported and
the command is made obsolete, which drops it from the stack instead of crashing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack

from curator.domain.clock import pinned, utcnow

from curator.domain.errors import CuratorError, ValidationError
from curator.domain.labels import Label
from curator.domain.values import Value
from curator.services import annotations as svc
from curator.services import corrections as corr
from curator.services import suggestions as sugg
from curator.services.annotations import AnnotationRow
from curator.services.stores import Store
from curator.text.wording import plural

ADJUST_MERGE_ID = 0x5A01


class Refresher(Protocol):
    def annotation_added(self, row: AnnotationRow) -> None: ...
    def annotation_changed(self, row: AnnotationRow) -> None: ...
    def annotation_removed(self, row: AnnotationRow) -> None: ...
    def report_error(self, message: str) -> None: ...


class _Command(QUndoCommand):
    """Runs its first ``do`` before being pushed, so a refused action never enters
    the stack; :func:`push` is the way to execute one.

    The first ``do`` and every redo run with the clock pinned to the time of the first
    run (:func:`curator.domain.clock.pinned`), and commands give back the ids they made,
    so a redo after an undo restores exactly what the undo removed, timestamps included.
    A redo that cannot be done exactly is not pretended: it is reported, and it and the
    redo steps after it (which built on it) leave the stack."""

    def __init__(self, store: Store, refresher: Refresher, text: str) -> None:
        super().__init__(text)
        self.store = store
        self.refresher = refresher
        self._first = True
        self.at: str | None = None  # the time of the first run
        self.stack: QUndoStack | None = None

    def do(self) -> None:
        raise NotImplementedError

    def undo_(self) -> None:
        raise NotImplementedError

    def run(self) -> None:
        if self.at is None:
            self.at = utcnow()
        with pinned(self.at):
            self.do()

    def redo(self) -> None:
        if self._first:  # already done by push()
            self._first = False
            return
        if self.stack is not None and self.stack.property(_DROPPING):
            self.setObsolete(True)  # an earlier redo failed: this one built on it
            return
        try:
            self.run()
        except CuratorError as exc:
            self.setObsolete(True)
            later = self._drop_later_redos()
            dropped = f"; {plural(later, 'later step')} that built on it also left the redo list" if later else ""
            self.refresher.report_error(f"Cannot redo {self.text()[0].lower()}{self.text()[1:]}: {exc}{dropped}")

    def undo(self) -> None:
        try:
            self.undo_()
        except CuratorError as exc:
            self.setObsolete(True)
            self.refresher.report_error(f"Cannot undo {self.text()[0].lower()}{self.text()[1:]}: {exc}")

    def _drop_later_redos(self) -> int:
        """Clear the redo steps after this one, once the stack has removed this one."""
        stack = self.stack
        if stack is None:
            return 0
        later = stack.count() - stack.index() - 1
        if later > 0:
            stack.setProperty(_DROPPING, True)
            QTimer.singleShot(0, lambda: _truncate_redo(stack))
        return max(later, 0)


_DROPPING = "curatorDroppingRedos"


def _truncate_redo(stack: QUndoStack) -> None:
    """Pushing an obsolete command clears the redo steps and adds nothing."""
    stack.setProperty(_DROPPING, False)
    if stack.canRedo():
        marker = QUndoCommand("")
        marker.setObsolete(True)
        stack.push(marker)


def push(stack: QUndoStack, command: _Command) -> bool:
    """Do ``command`` now; on success put it on ``stack`` (True), else report (False)."""
    try:
        command.run()
    except CuratorError as exc:
        command.refresher.report_error(str(exc))
        return False
    command.stack = stack
    stack.push(command)
    return True


class CreateAnnotation(_Command):
    def __init__(
        self, store: Store, refresher: Refresher, doc_id: int, label: Label, start: int, end: int,
        *, creator: str, value: Value | None = None, revision_id: int | None = None,
    ) -> None:
        super().__init__(store, refresher, f"Tag {label.value}")
        self.args = (doc_id, label, start, end)
        self.creator = creator
        self.value = value
        self.revision_id = revision_id  # the revision the offsets count into
        self.snapshot: AnnotationRow | None = None

    @property
    def annotation_id(self) -> int | None:
        return None if self.snapshot is None else self.snapshot.id

    def do(self) -> None:
        if self.snapshot is None:
            row = svc.create_annotation(self.store, *self.args, creator=self.creator, value=self.value,
                                        revision_id=self.revision_id)
        else:
            row = svc.restore_annotation(self.store, self.snapshot)
        self.snapshot = row
        self.refresher.annotation_added(row)

    def undo_(self) -> None:
        assert self.snapshot is not None
        # only the very annotation this step made, as it made it
        self.snapshot = svc.delete_annotation(self.store, self.snapshot.id, expect=self.snapshot)
        self.refresher.annotation_removed(self.snapshot)


class DeleteAnnotation(_Command):
    def __init__(self, store: Store, refresher: Refresher, ann_id: int, label: Label) -> None:
        super().__init__(store, refresher, f"Delete {label.value}")
        self.ann_id = ann_id
        self.snapshot: AnnotationRow | None = None

    def do(self) -> None:
        self.snapshot = svc.delete_annotation(self.store, self.ann_id, expect=self.snapshot)
        self.refresher.annotation_removed(self.snapshot)

    def undo_(self) -> None:
        assert self.snapshot is not None
        self.refresher.annotation_added(svc.restore_annotation(self.store, self.snapshot))


def _describe(changes: dict[str, Any], label: Label) -> str:
    if "review_reason" in changes and changes["review_reason"] is None:
        return f"Mark {label.value} reviewed"
    if "label" in changes:
        return f"Change {label.value} to {Label(changes['label']).value}"
    names = [name for name in ("value", "note", "status") if name in changes]
    return f"Edit {label.value} {' and '.join(names)}"


class _ChangeAnnotation(_Command):
    """A change to one annotation. The first run calls the service that makes the
    change; undo and redo put the whole annotation back as it was before and after it
    (:func:`~curator.services.annotations.put_annotation`), refusing if it changed since."""

    def __init__(self, store: Store, refresher: Refresher, ann_id: int, text: str) -> None:
        super().__init__(store, refresher, text)
        self.ann_id = ann_id
        self.before: AnnotationRow | None = None
        self.after: AnnotationRow | None = None

    def change(self) -> AnnotationRow:
        raise NotImplementedError

    def do(self) -> None:
        if self.after is None:
            if self.before is None:
                self.before = svc.get_annotation(self.store, self.ann_id)
            self.after = self.change()
        else:
            assert self.before is not None
            self.after = svc.put_annotation(self.store, self.after, expect=self.before)
        self.refresher.annotation_changed(self.after)

    def undo_(self) -> None:
        assert self.before is not None and self.after is not None
        self.refresher.annotation_changed(svc.put_annotation(self.store, self.before, expect=self.after))


EDITABLE = {"label", "value", "note", "status", "review_reason", "prior_status"}


class EditAnnotation(_ChangeAnnotation):
    """Change any of label, value, note, status (and the review trail with them)."""

    def __init__(self, store: Store, refresher: Refresher, before: AnnotationRow, changes: dict[str, Any]) -> None:
        if not changes or set(changes) - EDITABLE:
            raise ValueError(f"not an annotation edit: {sorted(changes)}")
        super().__init__(store, refresher, before.id, _describe(changes, before.label))
        self.changes = dict(changes)  # ``before`` is read from the store on the first run

    def change(self) -> AnnotationRow:
        return svc.update_annotation(self.store, self.ann_id, **self.changes)


class AdjustSpan(_ChangeAnnotation):
    """Move an annotation's boundaries. Consecutive nudges of the same annotation
    (Shift+Alt+arrows) merge into one undo step."""

    def __init__(
        self, store: Store, refresher: Refresher, ann_id: int, label: Label,
        old: tuple[int, int], new: tuple[int, int], *, nudge: bool = False, revision_id: int | None = None,
    ) -> None:
        super().__init__(store, refresher, ann_id, f"Adjust {label.value} span")
        self.old = old
        self.new = new
        self.nudge = nudge
        self.revision_id = revision_id  # the revision ``new`` counts into

    def id(self) -> int:
        return ADJUST_MERGE_ID if self.nudge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, AdjustSpan) or not other.nudge or other.ann_id != self.ann_id:
            return False
        self.new = other.new
        self.after = other.after
        return True

    def change(self) -> AnnotationRow:
        return svc.adjust_span(self.store, self.ann_id, *self.new, revision_id=self.revision_id)


class PlaceAnnotation(_ChangeAnnotation):
    """Give an orphaned annotation a place again on a selection of the current text."""

    def __init__(self, store: Store, refresher: Refresher, ann_id: int, label: Label, start: int, end: int,
                 *, revision_id: int | None = None) -> None:
        super().__init__(store, refresher, ann_id, f"Place orphaned {label.value}")
        self.span = (start, end)
        self.revision_id = revision_id  # the revision the span counts into

    def change(self) -> AnnotationRow:
        return svc.place_annotation(self.store, self.ann_id, *self.span, revision_id=self.revision_id)


# ---------------------------------------------------------------------- corrections
class CorrectionRefresher(Protocol):
    def text_changed(self, doc_id: int, what: str, flagged: int = 0) -> None: ...
    def corrections_changed(self, doc_id: int, message: str = "") -> None: ...
    def report_error(self, message: str) -> None: ...
    def run_store_work(self, title: str, work: Callable[[Any], Any], count: int, *, stoppable: bool) -> Any: ...



class AcceptCorrections(_Command):
    """Accept proposals of one document: one new revision. Undo takes it back."""

    def __init__(self, store: Store, refresher: CorrectionRefresher, doc_id: int, ids: list[int], *, by: str) -> None:
        super().__init__(store, refresher, f"Accept {plural(len(ids), 'correction')}")
        self.doc_id, self.ids, self.by = doc_id, list(ids), by
        self.result: corr.AcceptResult | None = None

    def do(self) -> None:
        # many corrections: on a worker thread (bulk.py); Stop only the first time
        again = self.result
        self.result = self.refresher.run_store_work(
            self.text(), lambda progress: corr.accept_corrections(self.store, self.ids, by=self.by, again=again,
                                                                  progress=progress),
            len(self.ids), stoppable=again is None)
        self.refresher.text_changed(self.doc_id, f"Accepted {plural(len(self.ids), 'correction')}",
                                    len(self.result.flagged))

    def undo_(self) -> None:
        assert self.result is not None
        result = self.result
        self.refresher.run_store_work(f"Undo: {self.text()}", lambda _progress: corr.undo_accept(self.store, result),
                                      len(self.ids), stoppable=False)
        self.refresher.text_changed(self.doc_id, f"Undid accepting {plural(len(self.ids), 'correction')}")


class DirectCorrection(_Command):
    """The curator's own correction of a selection, accepted at once. Undo removes the
    correction with the revision; a redo brings both back with their ids."""

    def __init__(self, store: Store, refresher: CorrectionRefresher, doc_id: int, start: int, end: int,
                 replacement: str, *, reason: str, author: str, kind: str = "edit",
                 revision_id: int | None = None) -> None:
        super().__init__(store, refresher, "Mark as noise" if kind == "noise" else "Correct text")
        self.args = (doc_id, start, end, replacement)
        self.reason, self.author, self.kind = reason, author, kind
        self.revision_id = revision_id  # the revision the selection counts into
        self.result: corr.AcceptResult | None = None

    def do(self) -> None:
        self.result = corr.correct_directly(self.store, *self.args, reason=self.reason, author=self.author,
                                            kind=self.kind, again=self.result, revision_id=self.revision_id)
        what = "Removed noise" if self.kind == "noise" else "Corrected the text"
        self.refresher.text_changed(self.args[0], what, len(self.result.flagged))

    def undo_(self) -> None:
        assert self.result is not None
        corr.undo_accept(self.store, self.result, withdraw=True)
        self.refresher.text_changed(self.args[0], f"Undid: {self.text().lower()}")


class RejectCorrections(_Command):
    def __init__(self, store: Store, refresher: CorrectionRefresher, doc_id: int, ids: list[int], *, by: str) -> None:
        super().__init__(store, refresher, f"Reject {plural(len(ids), 'correction')}")
        self.doc_id, self.ids, self.by = doc_id, list(ids), by

    def do(self) -> None:
        corr.reject_corrections(self.store, self.ids, by=self.by)
        self.refresher.corrections_changed(self.doc_id, f"Rejected {plural(len(self.ids), 'correction')}")

    def undo_(self) -> None:
        corr.reopen_corrections(self.store, self.ids)
        self.refresher.corrections_changed(self.doc_id, f"{plural(len(self.ids), 'correction')} pending again")


class ReviseCorrection(_Command):
    """Change a proposal's replacement (and reason, kind); undo puts the old ones back."""

    def __init__(self, store: Store, refresher: CorrectionRefresher, before: corr.CorrectionRow,
                 replacement: str, reason: str) -> None:
        super().__init__(store, refresher, "Edit correction")
        self.before = before
        kind = "edit" if before.kind == "noise" and replacement else before.kind
        self.new = (replacement, reason, kind)

    def do(self) -> None:
        replacement, reason, kind = self.new
        corr.revise_correction(self.store, self.before.id, replacement, reason=reason, kind=kind)
        self.refresher.corrections_changed(self.before.document_id, f"Correction #{self.before.id} edited")

    def undo_(self) -> None:
        b = self.before
        corr.revise_correction(self.store, b.id, b.replacement, reason=b.reason, kind=b.kind)
        self.refresher.corrections_changed(b.document_id, f"Correction #{b.id} restored")


class ProposeCorrections(_Command):
    """Store proposals (suggested clean-ups, or the same fix everywhere). The first run
    calls ``propose`` (the detector or :func:`apply_everywhere`); a redo stores the same
    proposals again with :func:`propose_many` (with their ids); undo withdraws them.
    Nothing proposed refuses the command, so an empty step never enters the stack."""

    def __init__(self, store: Store, refresher: CorrectionRefresher, doc_id: int, text: str,
                 propose: Callable[[], list[corr.CorrectionRow]], *, author: str, nothing: str) -> None:
        super().__init__(store, refresher, text)
        self.doc_id, self.propose, self.author, self.nothing = doc_id, propose, author, nothing
        self.rows: list[corr.CorrectionRow] = []

    def do(self) -> None:
        if not self.rows:
            rows = self.propose()
            if not rows:
                raise ValidationError(self.nothing)
        else:  # redo: the same proposals, grouped per document, one transaction each
            # (a redo of a corpus-wide apply touches several documents)
            rows = []
            for doc in dict.fromkeys(r.document_id for r in self.rows):
                mine = [r for r in self.rows if r.document_id == doc]
                rows += corr.propose_many(
                    self.store, doc, [(r.start, r.end, r.replacement, r.kind, r.reason) for r in mine],
                    author=self.author, origin=mine[0].origin, revision_id=mine[0].revision_id,
                    ids=[r.id for r in mine])
        self.rows = rows
        docs = {r.document_id for r in rows}
        where = f" in {plural(len(docs), 'document')}" if len(docs) > 1 else ""
        self.refresher.corrections_changed(self.doc_id, f"Proposed {plural(len(rows), 'correction')}{where}")

    def undo_(self) -> None:
        corr.withdraw_corrections(self.store, [r.id for r in self.rows])
        self.refresher.corrections_changed(self.doc_id, f"Withdrew {plural(len(self.rows), 'proposal')}")


# ---------------------------------------------------------------------- suggestions
class SuggestionRefresher(Protocol):
    def annotation_added(self, row: AnnotationRow) -> None: ...
    def annotation_removed(self, row: AnnotationRow) -> None: ...
    def annotations_added(self, rows: list[AnnotationRow]) -> None: ...
    def annotations_removed(self, rows: list[AnnotationRow]) -> None: ...
    def run_store_work(self, title: str, work: Callable[[Any], Any], count: int, *, stoppable: bool) -> Any: ...
    def suggestions_changed(self, doc_id: int, message: str = "") -> None: ...
    def findings_changed(self, doc_id: int, message: str = "") -> None: ...
    def report_error(self, message: str) -> None: ...


class RunDetectors(_Command):
    """Store the detectors' new suggestions for a document. Undo withdraws them; a redo
    puts the same ones back with their ids (later steps name them). Nothing new refuses
    the command, so an empty step never enters the stack."""

    def __init__(self, store: Store, refresher: SuggestionRefresher, doc_id: int,
                 kinds: tuple[str, ...] = ("date", "figure", "claim")) -> None:
        super().__init__(store, refresher, "Suggest dates, figures and claims")
        self.doc_id, self.kinds = doc_id, tuple(kinds)
        self.rows: list[sugg.SuggestionRow] = []

    def do(self) -> None:
        if not self.rows:
            rows = sugg.run_detectors(self.store, self.doc_id, self.kinds)
            if not rows:
                raise ValidationError("No new date, figure or claim to suggest in this document.")
            self.rows = rows
        else:
            sugg.restore_suggestions(self.store, self.rows)
        self.refresher.suggestions_changed(self.doc_id, f"Suggested {plural(len(self.rows), 'annotation')}")

    def undo_(self) -> None:
        sugg.withdraw_suggestions(self.store, [r.id for r in self.rows])
        self.refresher.suggestions_changed(self.doc_id, f"Withdrew {plural(len(self.rows), 'suggestion')}")


class AcceptSuggestions(_Command):
    """Pending suggestions become annotations with their values. Undo removes those
    annotations and makes the suggestions pending again; a redo gives the annotations
    back their ids."""

    def __init__(self, store: Store, refresher: SuggestionRefresher, doc_id: int, ids: list[int], *,
                 by: str, what: str = "suggestion") -> None:
        super().__init__(store, refresher, f"Accept {plural(len(ids), what)}")
        self.doc_id, self.ids, self.by = doc_id, list(ids), by
        self.rows: list[AnnotationRow] = []

    def do(self) -> None:
        again = [r.id for r in self.rows] if self.rows else None
        # many suggestions: on a worker thread (bulk.py); Stop only the first time
        self.rows = self.refresher.run_store_work(
            self.text(), lambda progress: sugg.accept_suggestions(
                self.store, self.ids, by=self.by, annotation_ids=again, progress=progress),
            len(self.ids), stoppable=again is None)
        # first: the refresher adds them only where already shown
        self.refresher.annotations_added(self.rows)
        self.refresher.suggestions_changed(self.doc_id, f"Accepted {plural(len(self.rows), 'suggestion')}")

    def undo_(self) -> None:
        rows = self.rows
        self.refresher.run_store_work(
            f"Undo: {self.text()}",
            lambda progress: sugg.unaccept_suggestions(self.store, self.ids, expect=rows, progress=progress),
            len(self.ids), stoppable=False)
        self.refresher.annotations_removed(self.rows)
        self.refresher.suggestions_changed(self.doc_id, f"{plural(len(self.ids), 'suggestion')} pending again")


class RejectSuggestions(_Command):
    def __init__(self, store: Store, refresher: SuggestionRefresher, doc_id: int, ids: list[int], *,
                 by: str) -> None:
        super().__init__(store, refresher, f"Reject {plural(len(ids), 'suggestion')}")
        self.doc_id, self.ids, self.by = doc_id, list(ids), by

    def do(self) -> None:
        sugg.reject_suggestions(self.store, self.ids, by=self.by)
        self.refresher.suggestions_changed(self.doc_id, f"Rejected {plural(len(self.ids), 'suggestion')}")

    def undo_(self) -> None:
        sugg.reopen_suggestions(self.store, self.ids)
        self.refresher.suggestions_changed(self.doc_id, f"{plural(len(self.ids), 'suggestion')} pending again")


class RecordVerdict(_Command):
    """A verdict (and note) on a parallel-text finding; undo puts back the previous
    verdict and note, or none."""

    def __init__(self, store: Store, refresher: SuggestionRefresher, doc_id: int, key: str,
                 verdict: str | None, note: str, *, previous: tuple[str | None, str], by: str) -> None:
        super().__init__(store, refresher, "Clear verdict" if verdict is None else "Record verdict")
        self.doc_id, self.key, self.by = doc_id, key, by
        self.new = (verdict, note if verdict is not None else "")
        self.previous = previous

    def do(self) -> None:
        sugg.record_verdict(self.store, self.doc_id, self.key, *self.new, by=self.by)
        self.refresher.findings_changed(self.doc_id, "Verdict recorded" if self.new[0] else "Verdict cleared")

    def undo_(self) -> None:
        verdict, note = self.previous
        sugg.record_verdict(self.store, self.doc_id, self.key, verdict, note if verdict else "", by=self.by)
        self.refresher.findings_changed(self.doc_id, "Verdict restored" if verdict else "Verdict cleared")
