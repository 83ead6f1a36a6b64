"""The annotation panel: a sortable table of the document's annotations and an editor
for the selected one.

The table's model is lazy (see :mod:`curator.ui.models.annotation_model`): opening a
document hands it the lean spans the document view paints, and full rows are read
only for the rows on screen, the current one, and a claim's evidence list.

The panel never writes to the store. It validates what the user typed (an invalid value
is shown in red under its field and goes no further) and emits :attr:`editRequested`
with the changed fields; the window turns that into one undoable command.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from curator.domain.errors import ValidationError
from curator.domain.labels import Label, Status
from curator.domain.limits import NOTE_MAX
from curator.domain.values import ClaimValue, DateValue, FigureValue, Value, format_amount
from curator.services.annotations import AnnotationRow
from curator.suggest.reading import read_figure
from curator.ui.edit_guard import unsaved_question
from curator.ui.icons import icon
from curator.ui.models.annotation_model import (
    COL_QUOTE,
    AnnotationTableModel,
    Lean,
    RowSource,
    one_line,
    value_summary,
)
from curator.ui.plain import elide
from curator.ui.views.list_panel import select_table_row

ERROR_STYLE = "color: #b00020;"
EVIDENCE_ROLE = Qt.ItemDataRole.UserRole


def _error_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # may quote what was typed
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def _show_error(label: QLabel, message: str) -> None:
    label.setText(message)
    label.setVisible(bool(message))


class _UndoPassThrough(QObject):
    """Lets Ctrl+Z / Ctrl+Shift+Z reach the window's undo stack from a line edit that
    has nothing of its own to undo (e.g. right after its value was saved); while the
    user is typing, the field's own text undo keeps working."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(watched, QLineEdit):
            assert isinstance(event, QKeyEvent)
            if event.matches(QKeySequence.StandardKey.Undo) and not watched.isUndoAvailable():
                event.ignore()
                return True
            if event.matches(QKeySequence.StandardKey.Redo) and not watched.isRedoAvailable():
                event.ignore()
                return True
        return False


class _TableKeys(QObject):
    """Enter (or the keypad's Enter) on a row of the annotation list moves the focus
    into the value editor of that row."""

    def __init__(self, editor: AnnotationEditor) -> None:
        super().__init__(editor)
        self._editor = editor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.NoModifier
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
                return self._editor.focus_value(select_all=True)
        return False


class AnnotationEditor(QWidget):
    """Fields of one annotation; Enter in a field or Apply saves them as one edit.
    Label and status apply as soon as they are chosen. Escape hands the focus back
    (:attr:`leaveRequested`); what was saved stays saved."""

    editRequested = Signal(int, object)  # (annotation id, {field: new value})
    leaveRequested = Signal()  # Escape in the editor: back to the list

    def __init__(self, model: AnnotationTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._row: AnnotationRow | None = None

        self.heading = QLabel("Select an annotation, or select text and tag it.")
        self.heading.setWordWrap(True)
        # why a correction put this annotation up for review, and the way out of it
        self.review_label = QLabel()
        self.review_label.setTextFormat(Qt.TextFormat.PlainText)  # the reason quotes the text
        self.review_label.setObjectName("reviewReason")
        self.review_label.setTextFormat(Qt.TextFormat.PlainText)  # quotes document text
        self.review_label.setWordWrap(True)
        self.review_label.setStyleSheet("color: #8a4500;")
        self.reviewed_button = QPushButton(icon("accepted"), "Mark reviewed")
        self.reviewed_button.setToolTip("The annotation still fits the corrected text: give it back the status "
                                        "it had before the correction")
        review_row = QHBoxLayout()
        review_row.addWidget(self.review_label, 1)
        review_row.addWidget(self.reviewed_button, 0, Qt.AlignmentFlag.AlignTop)
        self.review_box = QWidget()
        self.review_box.setLayout(review_row)
        review_row.setContentsMargins(0, 0, 0, 0)
        self.label_combo = QComboBox()
        for label in Label:
            self.label_combo.addItem(icon(label.value), label.title, label.value)
        self.status_combo = QComboBox()
        for status in Status:
            self.status_combo.addItem(status.value.replace("_", " "), status.value)
        # only a correction orphans an annotation: shown, never chosen
        self.status_combo.model().item(self.status_combo.findData(Status.ORPHANED.value)).setEnabled(False)

        # date page
        self.edtf_edit = QLineEdit()
        self.edtf_edit.setPlaceholderText("EDTF, e.g. 1958-03, 1954/1956, 195X")
        self.date_error = _error_label()
        # figure page
        self.amount_edit = QLineEdit()
        self.amount_edit.setPlaceholderText("exact amount, e.g. 576000000")
        self.unit_edit = QLineEdit()
        self.unit_edit.setPlaceholderText("unit, e.g. RUB, percent, tons")
        self.figure_error = _error_label()
        # claim page
        self.summary_edit = QLineEdit()
        self.summary_edit.setPlaceholderText("what the passage claims, in a few words")
        self.evidence_list = QListWidget()
        self.evidence_list.setToolTip("Dates and figures of this document that support the claim")
        self.evidence_list.setMinimumHeight(110)
        self.evidence_list.setIconSize(QSize(14, 14))
        self.claim_error = _error_label()

        self.pages = QStackedWidget()
        self._page_index: dict[Label, int] = {}
        for label, rows in (
            (Label.DATE, [("EDTF date", self.edtf_edit), (None, self.date_error)]),
            (Label.FIGURE, [("Amount", self.amount_edit), ("Unit", self.unit_edit), (None, self.figure_error)]),
            (Label.CLAIM, [("Summary", self.summary_edit), ("Evidence", self.evidence_list),
                           (None, self.claim_error)]),
        ):
            page = QWidget()
            form = QFormLayout(page)
            form.setContentsMargins(0, 0, 0, 0)
            for caption, widget in rows:
                if caption is None:
                    form.addRow(widget)
                else:
                    form.addRow(caption, widget)
            self._page_index[label] = self.pages.addWidget(page)

        self.note_edit = QLineEdit()
        self.note_edit.setMaxLength(NOTE_MAX)  # what a dataset may carry
        self.note_edit.setPlaceholderText("note for other curators")
        self.general_error = _error_label()
        self.apply_button = QPushButton(icon("apply"), "Apply")
        self.apply_button.setToolTip("Save the value and note (Enter in a field does the same)")

        top = QFormLayout()
        top.addRow("Label", self.label_combo)
        top.addRow("Status", self.status_combo)
        bottom = QFormLayout()
        bottom.addRow("Note", self.note_edit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.review_box)
        layout.addLayout(top)
        layout.addWidget(self.pages)
        layout.addLayout(bottom)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)
        layout.addStretch(1)

        self._undo_filter = _UndoPassThrough(self)
        for edit in (self.edtf_edit, self.amount_edit, self.unit_edit, self.summary_edit, self.note_edit):
            edit.returnPressed.connect(self.apply)
            edit.installEventFilter(self._undo_filter)
        self.apply_button.clicked.connect(self.apply)
        self.label_combo.activated.connect(self._label_chosen)
        self.status_combo.activated.connect(self._status_chosen)
        self.reviewed_button.clicked.connect(self.mark_reviewed)
        self.set_row(None)

    # --- showing ---------------------------------------------------------------------
    @property
    def row(self) -> AnnotationRow | None:
        return self._row

    def set_row(self, row: AnnotationRow | None) -> None:
        """Show ``row`` (or nothing); pending edits of the previous row are dropped."""
        self._row = row
        for error in (self.date_error, self.figure_error, self.claim_error, self.general_error):
            _show_error(error, "")
        enabled = row is not None
        for widget in (self.label_combo, self.status_combo, self.pages, self.note_edit, self.apply_button):
            widget.setEnabled(enabled)
        self.pages.setVisible(enabled)
        needs_review = row is not None and row.status is Status.NEEDS_REVIEW
        orphaned = row is not None and row.status is Status.ORPHANED
        self.review_box.setVisible(needs_review or orphaned)
        self.reviewed_button.setVisible(needs_review)
        self.status_combo.setEnabled(enabled and not orphaned)
        if needs_review:
            reason = row.review_reason  # type: ignore[union-attr]
            # no reason: a curator chose the status, nothing is known of why
            self.review_label.setText(elide(f"⚠ Needs review: {reason}") if reason else "⚠ Needs review")
        elif orphaned:
            self.review_label.setText(
                f"⚠ Orphaned: {elide(row.review_reason or 'its text was removed')}. It is not shown in the "  # type: ignore[union-attr]
                "text nor exported: select where it belongs and press Ctrl+J to place it again, or delete it.")
        if row is None:
            self.heading.setText("Select an annotation, or select text and tag it.")
            for edit in (self.edtf_edit, self.amount_edit, self.unit_edit, self.summary_edit, self.note_edit):
                edit.clear()
            self.evidence_list.clear()
            return
        where = "orphaned" if orphaned else f"at {row.start}–{row.end}"
        self.heading.setText(
            f"<b>{row.label.title}</b> {where}: “{escape(one_line(row.quote, 90))}”"
        )
        self.label_combo.setCurrentIndex(self.label_combo.findData(row.label.value))
        self.status_combo.setCurrentIndex(self.status_combo.findData(row.status.value))
        self._show_page(row.label)
        value = row.value
        self.edtf_edit.setText(value.edtf if isinstance(value, DateValue) else "")
        self.amount_edit.setText(format_amount(value.amount) if isinstance(value, FigureValue) else "")
        self.unit_edit.setText(value.unit if isinstance(value, FigureValue) else "")
        self.summary_edit.setText(value.summary if isinstance(value, ClaimValue) else "")
        self.note_edit.setText(row.note)
        self.refresh_evidence()

    def focus_value(self, *, select_all: bool = False) -> bool:
        """Put the keyboard focus in the first value field of the shown label (the EDTF
        date, the amount, the summary), its text selected if ``select_all`` (Enter on
        a row: typing replaces it); False when no annotation is shown."""
        row = self._row
        if row is None:
            return False
        field = {Label.DATE: self.edtf_edit, Label.FIGURE: self.amount_edit, Label.CLAIM: self.summary_edit}[row.label]
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        if select_all:
            field.selectAll()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Escape reaches here from any field (line edits, closed combos and the
        # evidence list leave it to their parent)
        if event.key() == Qt.Key.Key_Escape:
            self.leaveRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def _show_page(self, label: Label) -> None:
        """Show the fields of ``label``; hidden pages take no room, so the short date
        page does not keep the height of the claim page with its evidence list."""
        current = self._page_index[label]
        for i in range(self.pages.count()):
            policy = QSizePolicy.Policy.Preferred if i == current else QSizePolicy.Policy.Ignored
            self.pages.widget(i).setSizePolicy(policy, policy)
        self.pages.setCurrentIndex(current)
        self.pages.adjustSize()

    def refresh_evidence(self) -> None:
        """List the document's dates and figures, checking those the claim cites.
        Their full rows are fetched here, when a claim is shown, not when the
        document opens."""
        self.evidence_list.clear()
        row = self._row
        if row is None or row.label is not Label.CLAIM:
            return
        cited = set(row.evidence)
        for candidate in self._model.evidence_candidates():
            summary = value_summary(candidate) or "no value yet"
            item = QListWidgetItem(
                icon(candidate.label.value),
                f"{candidate.label.title} “{one_line(candidate.quote, 40)}” — {summary}",
            )
            item.setData(EVIDENCE_ROLE, candidate.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if candidate.id in cited else Qt.CheckState.Unchecked)
            self.evidence_list.addItem(item)

    def show_error(self, message: str) -> None:
        """A message from the store (e.g. a refused edit), under the fields."""
        _show_error(self.general_error, message)

    # --- editing -----------------------------------------------------------------------
    def checked_evidence(self) -> tuple[int, ...]:
        items = (self.evidence_list.item(i) for i in range(self.evidence_list.count()))
        return tuple(
            item.data(EVIDENCE_ROLE) for item in items if item.checkState() == Qt.CheckState.Checked
        )

    def _typed_value(self, row: AnnotationRow) -> Value | None:
        """The value in the fields of ``row``'s label; None when they are left empty
        and there was no value. Raises ValidationError for an invalid entry."""
        if row.label is Label.DATE:
            text = self.edtf_edit.text()
            return None if not text.strip() and row.value is None else DateValue(text)
        if row.label is Label.FIGURE:
            amount, unit = self.amount_edit.text(), self.unit_edit.text()
            if not amount.strip() and not unit.strip() and row.value is None:
                return None
            shown = row.value
            if isinstance(shown, FigureValue) and (amount.strip(), unit.strip()) == (
                    format_amount(shown.amount), shown.unit):
                return shown  # as stored (a unit outside the table stays as it is)
            # read as the detectors read: "1.29 billion", "12억 900만", "rubles" -> RUB
            return read_figure(amount, unit)
        summary, evidence = self.summary_edit.text(), self.checked_evidence()
        if not summary.strip() and not evidence and row.value is None:
            return None
        return ClaimValue(summary, evidence)

    def _error_label(self, row: AnnotationRow) -> QLabel:
        return {Label.DATE: self.date_error, Label.FIGURE: self.figure_error,
                Label.CLAIM: self.claim_error}[row.label]

    def pending(self) -> tuple[dict[str, Any], str | None]:
        """What the curator typed and has not saved: the valid changes (value, note)
        and, when the typed value is invalid, why (the value is then left out)."""
        row = self._row
        if row is None:
            return {}, None
        changes: dict[str, Any] = {}
        error = None
        try:
            value = self._typed_value(row)
        except ValidationError as exc:
            error = str(exc)
        else:
            if value != row.value:
                changes["value"] = value
        if self.note_edit.text() != row.note:
            changes["note"] = self.note_edit.text()
        return changes, error

    def typed_value_text(self) -> str:
        """The value fields as typed, in one line (for a question about them)."""
        row = self._row
        if row is None:
            return ""
        if row.label is Label.DATE:
            return self.edtf_edit.text().strip()
        if row.label is Label.FIGURE:
            return " ".join(t for t in (self.amount_edit.text().strip(), self.unit_edit.text().strip()) if t)
        return self.summary_edit.text().strip()

    def apply(self) -> None:
        row = self._row
        if row is None:
            return
        changes, error = self.pending()
        _show_error(self._error_label(row), error or "")
        if error:
            return
        _show_error(self.general_error, "")
        if changes:
            self.editRequested.emit(row.id, changes)

    def _with_typed(self, row: AnnotationRow, changes: dict[str, Any]) -> None:
        """Save ``changes`` (a status or label chosen) with what was typed, as one
        edit. A typed value that is not valid is not saved, but stays in its field,
        marked, for the curator to fix."""
        pending, error = self.pending()
        if "label" in changes:
            pending.pop("value", None)  # a new label drops the value anyway
        if error is None:
            self.editRequested.emit(row.id, {**pending, **changes})
            return
        edits = (self.edtf_edit, self.amount_edit, self.unit_edit, self.summary_edit)
        typed = [edit.text() for edit in edits]
        self.editRequested.emit(row.id, {**pending, **changes})
        current = self._row
        if current is not None and current.id == row.id and current.label is row.label:
            for edit, text in zip(edits, typed):
                edit.setText(text)
            _show_error(self._error_label(current), error)

    def _label_chosen(self, index: int) -> None:
        row = self._row
        label = Label(self.label_combo.itemData(index))
        if row is not None and label is not row.label:
            self._with_typed(row, {"label": label})

    def mark_reviewed(self) -> None:
        """The annotation was checked against the corrected text: it takes back the
        status it had before the correction flagged it (draft if that is not known)."""
        row = self._row
        if row is not None and row.status is Status.NEEDS_REVIEW:
            self._with_typed(row, {"status": row.prior_status or Status.DRAFT, "review_reason": None,
                                   "prior_status": None})

    def _status_chosen(self, index: int) -> None:
        row = self._row
        status = Status(self.status_combo.itemData(index))
        if row is not None and status is not row.status:
            self._with_typed(row, {"status": status})


class AnnotationPanel(QWidget):
    """Table of annotations above the editor of the current one."""

    currentChanged = Signal(object)  # annotation id, or None
    editRequested = Signal(int, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AnnotationTableModel(self)
        self.proxy = self.model  # the former sort proxy's name: the model sorts itself
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_QUOTE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setWordWrap(False)
        # keyboard: Tab leaves the list (no walk through its cells), Enter edits the
        # row's value, Escape in the editor comes back (see _TableKeys)
        self.table.setTabKeyNavigation(False)
        rows = self.table.verticalHeader()
        rows.hide()
        # fixed row heights: Qt never measures (and so never fetches) rows off screen
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_QUOTE, QHeaderView.ResizeMode.Stretch)
        # wide enough for a typical label, figure and status in this font (the quote
        # takes the rest); the curator's own widths are kept by the window's settings
        fm, pad = self.table.fontMetrics(), 16
        header.resizeSection(0, fm.horizontalAdvance("Figure") + pad + 16)  # and the colour mark
        header.resizeSection(2, fm.horizontalAdvance("1,209,000,000 RUB") + pad)
        header.resizeSection(3, fm.horizontalAdvance("needs review") + pad + 20)  # and the warning mark
        self.editor = AnnotationEditor(self.model)
        self.count_label = QLabel()

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("annotationPanelSplitter")
        splitter.addWidget(self.table)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.count_label)
        layout.addWidget(splitter)

        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.editor.editRequested.connect(self.editRequested)
        # the window says when one of its commands (or an undo) is running: the
        # selection it moves then needs no saving (typed edits were saved before it)
        self.commands_running: Callable[[], bool] = lambda: False
        self._leaving = False  # saving the typed edits of the annotation being left
        self.question: QMessageBox | None = None  # the open unsaved-edit question
        self.editor.leaveRequested.connect(self.focus_list)
        self._table_keys = _TableKeys(self.editor)
        self.table.installEventFilter(self._table_keys)
        self._update_count()

    def focus_list(self) -> None:
        """The focus to the annotation list (Escape in the editor)."""
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- queries ----------------------------------------------------------------------
    def current_id(self) -> int | None:
        row = self.editor.row
        return None if row is None else row.id

    def current_row(self) -> AnnotationRow | None:
        return self.editor.row

    def proxy_row_of(self, ann_id: int) -> int:
        """The table row of ``ann_id`` (-1 if absent); the name predates the model
        sorting itself."""
        return self.model.row_of(ann_id)

    # --- updates from the window ---------------------------------------------------------
    def set_spans(self, spans: list[Lean], source: RowSource) -> None:
        """A document was opened: ``spans`` are its lean ``(id, start, end, label)``
        tuples in text order, as ``list_spans`` gives them (and the document view
        got them); ``source`` reads full rows on demand."""
        self.model.set_spans(spans, source, text_order=True)
        self.editor.set_row(None)
        self._update_count()

    def set_annotations(self, rows: list[AnnotationRow]) -> None:
        """Show rows already in memory (no document: ``[]``)."""
        self.model.set_rows(rows)
        self.editor.set_row(None)
        self._update_count()

    def add_annotation(self, row: AnnotationRow) -> None:
        self.model.add_row(row)
        self._evidence_may_have_changed(row)
        self._update_count()

    def update_annotation(self, row: AnnotationRow) -> None:
        self.model.update_row(row)
        if self.current_id() == row.id:
            self.editor.set_row(row)
        else:
            self._evidence_may_have_changed(row)

    def remove_annotation(self, ann_id: int) -> None:
        was_current = self.current_id() == ann_id
        label = self.model.label_of(ann_id)
        self.model.remove_id(ann_id)
        if was_current:
            self.select_annotation(None)
        elif label in (Label.DATE, Label.FIGURE):
            self._refresh_claim_editor()
        self._update_count()

    def select_annotation(self, ann_id: int | None) -> None:
        """Make ``ann_id`` the current row (scrolling to it) or clear the selection.
        Typed edits of the annotation left are saved first (or the curator is asked)."""
        if self._leaving:
            return  # saving the annotation being left re-selects it: it stays left
        if ann_id != self.current_id() and not self._may_leave(ann_id):
            return
        row = -1 if ann_id is None else self.model.row_of(ann_id)
        self._leaving = True  # left already: the table's signal has nothing to save
        try:
            found = select_table_row(self.table, row)
        finally:
            self._leaving = False
        self._set_current(self.model.get(ann_id) if found else None)

    def leave_current(self, then: Callable[[], None] | None = None) -> bool:
        """May the shown annotation be left (for another one, another document, the
        window closing)? Valid typed edits are saved first, as one undo step, and True
        is returned. An invalid typed value opens a question and returns False: on
        Discard (or Save, which keeps what is valid: the note) ``then`` runs; Cancel
        stays, to fix it."""
        row = self.editor.row
        if row is None or self.commands_running():
            return True
        if self.question is not None:
            self.question.raise_()
            return False
        changes, error = self.editor.pending()
        if error is not None:
            self._ask(row, changes, error, then)
            return False
        if changes:
            self._save_left(row.id, changes)
        return True

    def _save_left(self, ann_id: int, changes: dict[str, Any]) -> None:
        self._leaving = True
        try:
            self.editRequested.emit(ann_id, changes)
        finally:
            self._leaving = False

    def _ask(self, row: AnnotationRow, changes: dict[str, Any], error: str,
             then: Callable[[], None] | None) -> None:
        box = unsaved_question(self.window(), row.label.value, one_line(row.quote, 60),
                               self.editor.typed_value_text(), error, note="note" in changes)
        box.finished.connect(lambda _r: self._answered(box, row.id, changes, then))
        self.question = box
        box.open()

    def _answered(self, box: QMessageBox, ann_id: int, changes: dict[str, Any],
                  then: Callable[[], None] | None) -> None:
        self.question = None
        box.deleteLater()
        choice = box.standardButton(box.clickedButton()) if box.clickedButton() else None
        if choice not in (QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Save):
            self.editor.focus_value()
            return
        if choice == QMessageBox.StandardButton.Save and "note" in changes:
            self._save_left(ann_id, {"note": changes["note"]})
        row = self.editor.row
        if row is not None and row.id == ann_id:
            self.editor.set_row(row)  # the typed value goes
        if then is not None:
            then()

    def _may_leave(self, target: int | None) -> bool:
        return self.leave_current(lambda: self.select_annotation(target))

    def show_error(self, message: str) -> None:
        self.editor.show_error(message)

    # --- internals ---------------------------------------------------------------------
    def _current_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._leaving:
            return
        row = self.model.row_at(current.row()) if current.isValid() else None
        before = self.current_id()
        if before is not None and (row is None or row.id != before) and not self._may_leave(
                None if row is None else row.id):
            self._leaving = True  # a question is open: the table shows the annotation kept
            try:
                select_table_row(self.table, self.model.row_of(before))
            finally:
                self._leaving = False
            return
        self._set_current(row)

    def _set_current(self, row: AnnotationRow | None) -> None:
        before = self.current_id()
        if row is not None and before == row.id and self.editor.row == row:
            return
        self.editor.set_row(row)
        if before != self.current_id():
            self.currentChanged.emit(self.current_id())

    def _evidence_may_have_changed(self, row: AnnotationRow) -> None:
        if row.label in (Label.DATE, Label.FIGURE):
            self._refresh_claim_editor()

    def _refresh_claim_editor(self) -> None:
        current = self.editor.row
        if current is not None and current.label is Label.CLAIM:
            self.editor.refresh_evidence()

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(f" {n} annotation{'s' if n != 1 else ''} in this document")
