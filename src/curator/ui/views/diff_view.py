"""Compare with original: revision 1 and the current text side by side, every change
highlighted.

How the changed ranges are found: exactly, from the accepted corrections, not by
diffing. Each accept turned revision *k* into *k+1* with a known set of edits, so

* on the current text, the replacements of each batch are located on the revision they
  made and carried forward through the later batches' :class:`EditMap`;
* on the original, each batch's replaced ranges are carried backwards through the
  inverse edits of the earlier batches (an inverse edit puts the original back).

A later correction that rewrites an earlier one's text simply widens the range. The
cost is linear in the number of corrections (no text comparison), so the view opens as
fast as two ``setPlainText`` calls. Highlights are ExtraSelections: fine for the few
hundred ranges a document's corrections make.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

from curator.services import corpus
from curator.services.corrections import list_corrections, revision_text
from curator.services.stores import Store
from curator.text.edits import Edit, EditMap
from curator.text.offsets import Utf16Map
from curator.ui.plain import window_title

Range = tuple[int, int]
REMOVED_BG = "#f9c9c9"
ADDED_BG = "#c6ecc6"


@dataclass(frozen=True)
class Comparison:
    title: str
    original: str  # revision 1
    current: str
    current_number: int
    original_ranges: list[Range]  # code points into ``original``
    current_ranges: list[Range]  # code points into ``current``; removals leave none
    corrections: int  # accepted corrections between the two


def _carry(edit_map: EditMap, start: int, end: int) -> Range:
    """Carry a changed range through later (or, inverted, earlier) edits. Edits that
    overlap it widen it to their whole replacement; unlike ``EditMap.carry`` (made for
    annotations, which must never vanish) a range whose text is all removed becomes
    empty, since nothing of it is left to show."""
    new_start = edit_map.map_position(start, after_insertion=True, end_of_edit=False)
    new_end = edit_map.map_position(end, after_insertion=False, end_of_edit=True)
    return (new_start, max(new_start, new_end))


def _merge(ranges: list[Range]) -> list[Range]:
    """Sorted, with overlapping or touching non-empty ranges joined; empty ones dropped."""
    out: list[Range] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def changed_ranges(original_length: int, batches: list[list[tuple[int, int, str, str]]]) -> tuple[list[Range], list[Range]]:
    """Ranges changed between a text and the result of applying ``batches`` in turn.

    Each batch is the edits ``(start, end, original, replacement)`` of one accept, in
    offsets of the text the previous batches made. Returns (ranges in the first text,
    ranges in the last text), merged and sorted."""
    forward: list[EditMap] = []
    inverse: list[EditMap] = []
    length = original_length
    for batch in batches:
        ordered = sorted(batch, key=lambda e: (e[0], e[1]))
        fwd = EditMap(length, [Edit(s, e, rep) for s, e, _orig, rep in ordered])
        shift, back = 0, []
        for s, e, orig, rep in ordered:
            back.append(Edit(s + shift, s + shift + len(rep), orig))
            shift += len(rep) - (e - s)
        forward.append(fwd)
        inverse.append(EditMap(fwd.edited_length, back))
        length = fwd.edited_length
    before: list[Range] = []
    after: list[Range] = []
    for k, batch in enumerate(batches):
        for edit in inverse[k].edits:  # the replacement, on the text batch k made
            rng: Range = (edit.start, edit.end)
            for later in forward[k + 1:]:
                rng = _carry(later, *rng)
            after.append(rng)
        for edit in forward[k].edits:  # the replaced range, on the text batch k changed
            rng = (edit.start, edit.end)
            for earlier in reversed(inverse[:k]):
                rng = _carry(earlier, *rng)
            before.append(rng)
    return _merge(before), _merge(after)


def load_comparison(store: Store, doc_id: int) -> Comparison:
    """Revision 1 and the current text of a document with their changed ranges."""
    doc = corpus.load_document(store, doc_id)
    accepted = [c for c in list_corrections(store, doc_id, "accepted") if c.applied_revision_id is not None]
    by_base: dict[int, list] = {}
    made = set()
    for c in accepted:
        by_base.setdefault(c.revision_id, []).append(c)
        made.add(c.applied_revision_id)
    if not by_base:
        return Comparison(doc.title, doc.text, doc.text, doc.revision_number, [], [], 0)
    (first,) = [rev for rev in by_base if rev not in made]  # revision 1: made by no accept
    batches, rev = [], first
    while rev in by_base:
        batch = by_base[rev]
        batches.append([(c.start, c.end, c.original, c.replacement) for c in batch])
        rev = batch[0].applied_revision_id
    original = revision_text(store, first)
    before, after = changed_ranges(len(original), batches)
    return Comparison(doc.title, original, doc.text, doc.revision_number, before, after, len(accepted))


class _Side(QPlainTextEdit):
    """One read-only text with its changed ranges on a coloured background."""

    def __init__(self, background: str, strike: bool) -> None:
        super().__init__()
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self._format = QTextCharFormat()
        self._format.setBackground(QColor(background))
        self._format.setFontStrikeOut(strike)
        self._map = Utf16Map.of("")

    def show_text(self, text: str, ranges: list[Range]) -> None:
        self._map = Utf16Map.of(text)
        self.setPlainText(text)
        selections = []
        for start, end in ranges:
            cursor = QTextCursor(self.document())
            cursor.setPosition(self._map.to_utf16(start))
            cursor.setPosition(self._map.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor  # type: ignore[attr-defined]
            selection.format = self._format  # type: ignore[attr-defined]
            selections.append(selection)
        self.setExtraSelections(selections)

    def highlighted(self) -> list[Range]:
        """The highlighted ranges as painted, back in code points (for checking)."""
        return [
            (self._map.to_cp(s.cursor.selectionStart()), self._map.to_cp(s.cursor.selectionEnd()))
            for s in self.extraSelections()
        ]


class DiffView(QWidget):
    """Original (revision 1) | current text, scrolling together."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compare with original")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.left_caption = QLabel("<b>Original</b> (revision 1)")
        self.right_caption = QLabel("<b>Current</b>")
        self.original = _Side(REMOVED_BG, strike=True)
        self.original.setObjectName("diffOriginal")
        self.current = _Side(ADDED_BG, strike=False)
        self.current.setObjectName("diffCurrent")
        columns = QHBoxLayout()
        for caption, side in ((self.left_caption, self.original), (self.right_caption, self.current)):
            column = QVBoxLayout()
            column.addWidget(caption)
            column.addWidget(side)
            columns.addLayout(column)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(columns)
        self._syncing = False
        self.original.verticalScrollBar().valueChanged.connect(lambda v: self._sync(self.original, self.current))
        self.current.verticalScrollBar().valueChanged.connect(lambda v: self._sync(self.current, self.original))
        self.comparison: Comparison | None = None
        # Escape and Ctrl+W (the platform's Close) close the window
        self.close_shortcuts = [QShortcut(seq, self, self.close) for seq in
                                (QKeySequence(Qt.Key.Key_Escape), QKeySequence(QKeySequence.StandardKey.Close),
                                 QKeySequence("Ctrl+W"))]

    def set_comparison(self, comparison: Comparison) -> None:
        self.comparison = comparison
        self.setWindowTitle(f"Compare with original — {window_title(comparison.title)}")
        self.right_caption.setText(f"<b>Current</b> (revision {comparison.current_number})")
        self.original.show_text(comparison.original, comparison.original_ranges)
        self.current.show_text(comparison.current, comparison.current_ranges)
        if comparison.corrections:
            self.summary.setText(
                f"{comparison.corrections} accepted correction{'s' if comparison.corrections != 1 else ''}: "
                f"removed or replaced text is struck through in red on the left, new text is green on the right."
            )
        else:
            self.summary.setText("No correction has been accepted: the text is as imported.")

    def _sync(self, source: QPlainTextEdit, target: QPlainTextEdit) -> None:
        """Scroll ``target`` to the same proportion of its length (the texts differ
        only by corrections, so their lines stay close)."""
        if self._syncing:
            return
        self._syncing = True
        try:
            src, dst = source.verticalScrollBar(), target.verticalScrollBar()
            fraction = src.value() / src.maximum() if src.maximum() else 0.0
            dst.setValue(round(fraction * dst.maximum()))
        finally:
            self._syncing = False
