"""The document view: a read-only text with annotation highlights painted per frame.

Why painting and not Qt's text formats: with 20,000 spans, ExtraSelections take ~1.8 s
to open a 2 MB document and char formats bloat memory and make every edit slow (see
DESIGN.md). Here the spans live in plain sorted arrays (:class:`SpanIndex`) and only
those meeting the visible blocks are drawn, under the text, in the viewport's paint
event. Opening a document (:meth:`DocumentView.open_document`) costs one
``setPlainText`` plus the spans of the first screen: the rest are read and indexed
just after the first frame.

Detectors' suggestions live in a second index of the same kind and are drawn in the
same pass as dashed outlines in the label's hue, with no fill, so a proposal is never
mistaken for an accepted annotation. The find bar's matches (:meth:`DocumentView.set_found`)
are one more such index: a light yellow fill under the annotations and a thin outline
over them, so a match inside a claim still shows.

Offsets: the public interface speaks code points into the canonical text (as the
store does). The Qt document is that text with a block separator inserted into every
paragraph longer than :data:`~curator.ui.views.display_map.LIMIT` (so a 1.5 MB line
lays out and scrolls block by block); :class:`~curator.ui.views.display_map.DisplayMap`
converts both ways (code points ↔ UTF-16 ↔ display positions). Where such a display
break ends a line, a faint "↩" is drawn after it, as editors mark a soft wrap, so a
line that ends early is not mistaken for a line break of the text; copying a
selection gives the canonical text, without those breaks.

An accepted correction batch is applied in place (:meth:`DocumentView.apply_edits`):
the edits go into the Qt document in one edit block and the spans move in their
arrays, instead of reloading 2 MB and 20,000 spans.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QTextBlock,
    QTextCursor,
    QTextLine,
    QTextOption,
)
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget

from curator.text.edits import Edit, EditMap
from curator.text.offsets import Utf16Map
from curator.ui.views.display_map import (
    LIMIT,
    DisplayMap,
    breaks_for_regions,
    choose_breaks,
    display_text,
    edited_utf16_map,
    scan_text,
    shift_breaks,
    visible_controls,
)
from curator.ui.views.span_index import Lean, Span, SpanIndex, as_tuple
from curator.ui.views.span_paint import (
    SpanPainting,
    count_lines,
    strong,
)

__all__ = ["DocumentView", "Span"]

_SpanIndex = SpanIndex  # the name the tests and older code know
_as_tuple = as_tuple


_DEFAULT_COLORS = {"claim": "#cde6f7", "date": "#fbdfa6", "figure": "#b9e8d5"}


class DocumentView(SpanPainting, QPlainTextEdit):
    """Read-only plain text with annotation highlights.

    Every span gets a translucent fill in its label's colour (overlaps blend) and an
    underline in a lane of its own at the bottom of the line, so a date inside a claim
    shows both. The current annotation is outlined.
    """

    annotationClicked = Signal(int)
    cpSelectionChanged = Signal(int, int)
    suggestionClicked = Signal(int)  # a click on a suggestion where no annotation is
    break_limit = LIMIT  # longest displayed block, code points (small in some tests)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setUndoRedoEnabled(False)
        # Always there: a scroll bar appearing once a long text is set narrows the
        # viewport and makes Qt lay every block out again, after a caller may already
        # have scrolled by line numbers (set_current_annotation right after opening).
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self._text = ""
        self._map = Utf16Map.of("")
        self._dmap = DisplayMap(self._map, [])
        self._editing = False  # apply_edits is changing the Qt document
        self._idx = SpanIndex()  # the annotations; read through _index (below)
        # after open_document: (read_spans, bound) while only the spans starting before
        # bound are in _idx (enough for the first screen); the rest are read on demand
        self._pending: tuple[Callable[[int | None], Iterable], int] | None = None
        self._completion_queued = False
        self._suggestions = SpanIndex()
        self._marks = SpanIndex()  # e.g. low-confidence OCR words: a dotted underline
        self._mark_color = QColor(200, 30, 30)
        self._found = SpanIndex()  # matches of the find bar: a light fill and outline
        self._current: int | None = None
        self._fill: dict[str, QColor] = {}
        self._line: dict[str, QColor] = {}
        self._last_sel: tuple[int, int] = (-1, -1)
        self._press_pos: QPointF | None = None
        self._click_stack: tuple[int, ...] = ()
        self._click_next = 0
        self._click_cp: int | None = None  # where the last click was, in code points
        # the last click's choice: (index, count) among the spans under the pointer
        self.click_depth: tuple[int, int] = (0, 0)
        self.set_label_colors({k: QColor(v) for k, v in _DEFAULT_COLORS.items()})
        self.selectionChanged.connect(self._on_selection_changed)
        # Repaint the whole viewport on scroll (not only the strip Qt scrolls in), so
        # every frame's highlights come from one computation of the lanes.
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)

    @property
    def _index(self) -> SpanIndex:
        """Every annotation span: completes a partial read (:meth:`open_document`) first."""
        if self._pending is not None:
            self._complete_spans()
        return self._idx

    # ----- content -------------------------------------------------------------------

    @property
    def text_map(self) -> Utf16Map:
        """Code points ↔ UTF-16 units of the canonical text (not of the Qt document,
        which may hold display breaks: see :meth:`display_position`)."""
        return self._map

    @property
    def display_map(self) -> DisplayMap:
        return self._dmap

    def text(self) -> str:
        """The canonical text shown (kept here, updated by :meth:`apply_edits`)."""
        return self._text

    def display_position(self, cp: int, *, before_break: bool = False) -> int:
        """The Qt document position of code point offset ``cp``."""
        return self._dmap.to_display(cp, before_break=before_break)

    def set_label_colors(self, colors: dict[str, QColor]) -> None:
        for label, color in colors.items():
            fill = QColor(color)
            fill.setAlpha(150 if color.lightness() > 180 else 80)
            self._fill[str(label)] = fill
            self._line[str(label)] = strong(color)
        self.viewport().update()

    def set_document(
        self, text: str, spans: Iterable[Span | tuple[int, int, int, str]]
    ) -> None:
        """Show ``text`` (canonical: NFC, ``\\n`` line endings) with its spans."""
        if "\r" in text:
            raise ValueError("document text must use \\n line endings (found \\r)")
        text_map, controls = scan_text(text)
        self._idx.load(spans, text_map.length)  # first: raises before anything changes
        self._pending = None
        self._suggestions.load((), text_map.length)  # they belong to the old text
        self._marks.load((), text_map.length)
        self._found.load((), text_map.length)
        self._current = None
        self._click_stack = ()
        cursor = self.textCursor()
        if cursor.hasSelection():  # under the old map: listeners hear (-1, -1)
            cursor.clearSelection()
            self.setTextCursor(cursor)
        breaks = choose_breaks(text, limit=self.break_limit)
        self._text, self._map, self._dmap = text, text_map, DisplayMap(text_map, breaks)
        self.setPlainText(display_text(text, breaks, controls=controls))

    def open_document(self, text: str, read_spans: Callable[[int | None], Iterable[Span | Lean]]) -> None:
        """Show ``text`` reading at first only the spans its first screen shows.

        ``read_spans(before)`` gives the spans starting before code point ``before``
        (``None``: every span), in text order, as ``list_spans`` reads them. The text is
        laid out, the spans of the lines on screen are read (a few dozen rows instead of
        every annotation), and the view paints; the rest are read just after the first
        paint, or as soon as anything needs them (a click, a scroll past the first
        screen, :meth:`span_count`, :meth:`apply_edits`...). A caller holding every
        span may hand them over earlier with :meth:`set_spans`. ``read_spans`` must read
        the revision shown. A bad span raises with the text shown and no spans.
        """
        self.set_document(text, ())
        bound = self._first_screen_bound()
        if bound is None or bound > len(text):  # not laid out, or all of it on screen
            self._idx.load(read_spans(None), self._map.length)
            return
        self._idx.load(read_spans(bound), self._map.length)
        self._pending = (read_spans, bound)

    def _first_screen_bound(self) -> int | None:
        """One past the last code point the viewport shows now (as :meth:`_paint_spans`
        bounds it), laying out the blocks on screen; None when nothing is laid out."""
        shown = self._visible_blocks()
        if not shown:
            return None
        return self._dmap.to_cp(min(shown[-1].pos + shown[-1].b, self._dmap.length)) + 1

    def _complete_spans(self) -> None:
        """Read every span after a partial :meth:`open_document`."""
        pending, self._pending = self._pending, None
        if pending is not None:
            try:
                self._idx.load(pending[0](None), self._map.length)
            finally:
                self._click_stack = ()
                self.viewport().update()

    def clear_document(self) -> None:
        self.set_document("", ())

    def set_spans(self, spans: Iterable[Span | tuple[int, int, int, str]]) -> None:
        """Replace every span of the shown text at once (a batch of thousands added or
        removed); the text, its layout and the current annotation, if kept, stay."""
        self._idx.load(spans, self._map.length)
        self._pending = None
        if self._current is not None and self._current not in self._index.spans:
            self._current = None
        self._click_stack = ()
        self.viewport().update()

    def add_span(self, span: Span) -> None:
        sid, start, end, label = _as_tuple(span)
        if not 0 <= start < end <= self._map.length:
            raise ValueError(f"span {sid} ({start}-{end}) lies outside the text")
        self._index.add(sid, start, end, label)
        self._click_stack = ()
        self.viewport().update()

    def update_span(self, span: Span) -> None:
        self.add_span(span)  # add replaces a span with the same id

    def remove_span(self, span_id: int) -> None:
        if self._index.remove(span_id):
            if self._current == span_id:
                self._current = None
            self._click_stack = ()
            self.viewport().update()

    def span(self, span_id: int) -> Span | None:
        """The span with this id, or None."""
        found = self._index.spans.get(span_id)
        return None if found is None else Span(*found)

    def span_count(self) -> int:
        return len(self._index.spans)

    def spans_at(self, cp: int) -> list[int]:
        return self._index.at(cp)

    # ----- suggestions (dashed outlines) ------------------------------------------------

    def set_suggestions(self, spans: Iterable[Span | tuple[int, int, int, str]]) -> None:
        """Replace the suggestions shown (ids are suggestion ids, offsets code points
        into the shown text). Cleared by :meth:`set_document`."""
        self._suggestions.load(spans, self._map.length)
        self.viewport().update()

    def add_suggestion(self, span: Span) -> None:
        sid, start, end, label = _as_tuple(span)
        if not 0 <= start < end <= self._map.length:
            raise ValueError(f"suggestion {sid} ({start}-{end}) lies outside the text")
        self._suggestions.add(sid, start, end, label)
        self.viewport().update()

    def remove_suggestion(self, suggestion_id: int) -> None:
        if self._suggestions.remove(suggestion_id):
            self.viewport().update()

    def suggestion(self, suggestion_id: int) -> Span | None:
        found = self._suggestions.spans.get(suggestion_id)
        return None if found is None else Span(*found)

    def suggestion_count(self) -> int:
        return len(self._suggestions.spans)

    def suggestions_at(self, cp: int) -> list[int]:
        """Suggestion ids covering code point ``cp``, innermost first."""
        return self._suggestions.at(cp)

    # ----- marks (low-confidence OCR words) ----------------------------------------------

    def set_marks(self, spans: Iterable[tuple[int, int, int]], color: QColor | None = None) -> None:
        """Underline the ranges ``(id, start, end)`` (code points) with a dotted line,
        replacing the marks shown before; drawn for the visible lines only."""
        self._marks.load(((i, start, end, "mark") for i, start, end in spans), self._map.length)
        if color is not None:
            self._mark_color = QColor(color)
        self.viewport().update()

    def mark_count(self) -> int:
        return len(self._marks.spans)

    # ----- found (the find bar's matches) ------------------------------------------------

    def set_found(self, spans: Iterable[tuple[int, int]]) -> None:
        """Highlight the ranges ``(start, end)`` (code points) as find matches, replacing
        those shown before; drawn for the visible lines only, like every layer here.
        Cleared by :meth:`set_document`; moved (touched ones dropped) by :meth:`apply_edits`."""
        self._found.load(((i, start, end, "found") for i, (start, end) in enumerate(spans)), self._map.length)
        self.viewport().update()

    def found_count(self) -> int:
        return len(self._found.spans)

    # ----- an accepted correction batch -------------------------------------------------

    def apply_edits(
        self,
        edits: Sequence[tuple[int, int, str]],
        spans_update: Mapping[int, tuple[int, int, str]] | None = None,
    ) -> None:
        """Apply accepted edits to the shown text in place, with the spans following.

        ``edits`` are ``(start, end, replacement)`` in the current text's code points,
        non-overlapping (one accepted batch, as :class:`~curator.text.edits.EditMap`
        takes them). ``spans_update`` maps annotation ids to their new ``(start, end,
        label)`` as the store set them: the spans an edit touched (the store flags
        those for review). Every other span moves by the rule the store uses for
        untouched annotations; a touched span missing from ``spans_update`` is
        carried with :meth:`EditMap.carry` (or dropped when all its text was removed:
        the store orphans it), and a touched suggestion is dropped (the store leaves it
        on the old revision). The scroll position stays, the
        selection follows its text, and the view repaints once.

        Raises ValidationError for overlapping or out-of-range edits and ValueError
        for a span update outside the new text; nothing changes then.
        """
        edit_map = EditMap(len(self._text), [Edit(s, e, r) for s, e, r in edits])
        ordered = edit_map.edits
        if any("\r" in e.replacement for e in ordered):
            raise ValueError("replacement text must use \\n line endings (found \\r)")
        new_text = edit_map.apply(self._text)
        if not new_text and self._index.spans:
            raise ValueError("the edits remove the whole text, and the annotations with it")
        updates: dict[int, Lean] = {}
        for sid, (start, end, label) in (spans_update or {}).items():
            if not 0 <= start < end <= len(new_text):
                raise ValueError(f"span {sid} ({start}-{end}) lies outside the edited text (0-{len(new_text)})")
            updates[sid] = (sid, start, end, str(label))
        if not ordered:
            return
        bar = self.verticalScrollBar()
        top_value = bar.value()
        top_cp = self._dmap.to_cp(self.cursorForPosition(QPoint(0, 0)).position())
        self._editing = True
        try:
            self._edit_document(edit_map, new_text)
        finally:
            self._editing = False
        for sid, start, end, label in self._index.apply_edits(ordered, updates):
            carried = edit_map.carry(start, end)
            if not carried.removed:  # all its text gone: orphaned by the store, drawn nowhere
                self._index.add(sid, carried.start, carried.end, label)
        self._suggestions.apply_edits(ordered, {})  # the touched ones are dropped
        self._marks.apply_edits(ordered, {})
        self._found.apply_edits(ordered, {})
        if self._current is not None and self._current not in self._index.spans:
            self._current = None
        self._click_stack = ()
        if ordered[0].start < top_cp:  # the text above the top line changed
            new_top = edit_map.map_position(top_cp, after_insertion=True, end_of_edit=True)
            line = self._line_number(self._dmap.to_display(new_top))
            bar.setValue(top_value if line is None else line)
        else:
            bar.setValue(top_value)
        self._on_selection_changed()
        self.viewport().update()

    def _edit_document(self, edit_map: EditMap, new_text: str) -> None:
        """The Qt side of :meth:`apply_edits`: replace the display ranges from the last
        edit to the first (earlier positions stay valid), then cut any display line
        that grew past the limit, all in one edit block with undo off."""
        ordered, old = edit_map.edits, self._dmap
        doc = self.document()
        if doc.isUndoRedoEnabled():
            doc.setUndoRedoEnabled(False)
        # a display break at an edit's boundary goes with it (see shift_breaks): from
        # before a break at the start to after a break at the end
        ranges = [(old.to_display(e.start, before_break=True), old.to_display(e.end)) for e in ordered]
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        try:
            for (a, b), e in zip(reversed(ranges), reversed(ordered)):
                cursor.setPosition(a)
                cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
                if e.replacement:
                    cursor.insertText(visible_controls(e.replacement))
                elif b > a:
                    cursor.removeSelectedText()
            text_map = edited_utf16_map(
                self._map, ((e.start, e.end, e.replacement) for e in ordered), len(new_text)
            )
            breaks = shift_breaks(old.breaks, [(e.start, e.end, e.delta) for e in ordered])
            dmap = DisplayMap(text_map, breaks)
            regions, shift = [], 0
            for e in ordered:
                regions.append((e.start + shift, e.start + shift + len(e.replacement)))
                shift += e.delta
            extra = breaks_for_regions(new_text, breaks, regions, self.break_limit)
            for b in reversed(extra):
                cursor.setPosition(dmap.to_display(b))
                cursor.insertBlock()
            if extra:
                dmap = DisplayMap(text_map, sorted(breaks + extra))
        finally:
            cursor.endEditBlock()
        self._text, self._map, self._dmap = new_text, text_map, dmap

    def spans_in_text_order(self) -> list[Lean]:
        """The annotation spans as ``(id, start, end, label)`` in the order of
        ``list_spans`` (by start, longer first, then id)."""
        return self._index.in_text_order()

    # ----- current annotation ----------------------------------------------------------

    def set_current_annotation(self, span_id: int | None) -> None:
        """Outline the span and scroll it into view (the text selection is untouched)."""
        found = None if span_id is None else self._index.spans.get(span_id)
        self._current = span_id if found is not None else None
        if found is not None:
            self._scroll_to_position(self._dmap.to_display(found[1]))
        self.viewport().update()

    def current_annotation(self) -> int | None:
        return self._current

    def _line_number(self, pos: int, lines_above: int = 0) -> int | None:
        """The visual line holding display position ``pos``, counted as the vertical
        scroll bar of a QPlainTextEdit counts. That count takes a block not laid out
        yet as one line, so the block and enough blocks above it to fill
        ``lines_above`` lines are laid out first (each is at most a display line of
        :data:`LIMIT` code points: ~2 ms)."""
        block = self.document().findBlock(pos)
        if not block.isValid():
            return None
        layout_of = self.document().documentLayout().blockBoundingRect  # lays out
        layout_of(block)
        above, prev = 0, block.previous()
        while above < lines_above and prev.isValid():
            layout_of(prev)
            above += prev.lineCount()
            prev = prev.previous()
        line = block.layout().lineForTextPosition(pos - block.position())
        return block.firstLineNumber() + (line.lineNumber() if line.isValid() else 0)

    def _scroll_to_position(self, pos: int) -> None:
        """Scroll so the visual line holding display position ``pos`` is in view (a
        third down the viewport), leaving the text cursor alone."""
        spacing = max(1, self.fontMetrics().lineSpacing())
        visible = max(1, self.viewport().height() // spacing)
        target = self._line_number(pos, visible // 3)
        if target is None:
            return
        bar = self.verticalScrollBar()
        top = bar.value()
        if not top <= target < top + visible - 1:
            bar.setValue(max(0, target - visible // 3))

    # ----- selection --------------------------------------------------------------------

    def selection_cp(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self._dmap.to_cp(cursor.selectionStart())
        end = self._dmap.to_cp(cursor.selectionEnd())
        return (start, end) if end > start else None

    def select_cp(self, start: int, end: int) -> None:
        """Select code points ``[start, end)`` (the caret ends at ``end``)."""
        if start > end:
            start, end = end, start
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._dmap.to_display(start))
        if end > start:  # at a display break: up to the end of the line before it
            cursor.setPosition(self._dmap.to_display(end, before_break=True), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def createMimeDataFromSelection(self) -> QMimeData:
        """Copy (Ctrl+C) and drag give the canonical text of the selection: no display
        break, ``\n`` line ends."""
        mime = QMimeData()
        sel = self.selection_cp()
        mime.setText("" if sel is None else self._text[sel[0] : sel[1]])
        return mime

    def _on_selection_changed(self) -> None:
        if self._editing:  # positions are between two maps: apply_edits reports after
            return
        sel = self.selection_cp() or (-1, -1)
        if sel != self._last_sel:
            self._last_sel = sel
            self.cpSelectionChanged.emit(*sel)

    # ----- clicks -----------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_pos = event.position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        press, self._press_pos = self._press_pos, None
        if event.button() != Qt.MouseButton.LeftButton or press is None:
            return
        moved = (event.position() - press).manhattanLength()
        if moved >= QApplication.startDragDistance() or self.textCursor().hasSelection():
            return
        pos = self._char_at(event.position())
        cp = None if pos is None else self._dmap.to_cp(pos)
        ids = () if cp is None else tuple(self._index.at(cp))
        if not ids:
            self._click_stack = ()
            suggested = [] if cp is None else self._suggestions.at(cp)
            if suggested:
                self.suggestionClicked.emit(suggested[0])
            return
        # first click: the innermost (shortest) span; another click at the same spot,
        # while the one it chose is still the current annotation, the next one outward
        again = (ids == self._click_stack and cp == self._click_cp
                 and self._current == self._click_stack[self._click_next])
        self._click_next = (self._click_next + 1) % len(ids) if again else 0
        self._click_stack, self._click_cp = ids, cp
        self.click_depth = (self._click_next, len(ids))
        self.annotationClicked.emit(ids[self._click_next])

    def _char_at(self, point: QPointF) -> int | None:
        """Display position of the character drawn under viewport ``point``, if any."""
        block = self.cursorForPosition(point.toPoint()).block()
        layout = block.layout()
        if layout is None or layout.lineCount() == 0:
            return None
        local = point - self._block_origin(block)
        n = layout.lineCount()
        index = count_lines(layout, n, lambda ln: ln.y() + ln.height() <= local.y())
        if index >= n:
            return None
        line = layout.lineAt(index)
        if not (line.y() <= local.y() and line.x() <= local.x() < line.x() + line.naturalTextWidth()):
            return None
        rel = line.xToCursor(local.x(), QTextLine.CursorPosition.CursorOnCharacter)
        if rel >= line.textStart() + line.textLength() or rel >= block.length() - 1:
            return None
        return block.position() + rel

    def _block_origin(self, block: QTextBlock) -> QPointF:
        geo = self.blockBoundingGeometry(block).translated(self.contentOffset())
        return geo.topLeft() + block.layout().position()

    # ----- painting ---------------------------------------------------------------------

    def _on_scrolled(self, _value: int) -> None:
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._pending is not None and not self._completion_queued:
            # the rest of a partial open: read once this first frame is on screen
            self._completion_queued = True
            QTimer.singleShot(0, self, self._complete_queued)
        if self._idx.spans or self._suggestions.spans or self._marks.spans or self._found.spans \
                or self._dmap.breaks:
            painter = QPainter(self.viewport())
            try:
                shown = self._visible_blocks()
                if shown:
                    self._paint_spans(painter, shown)
                    if self._dmap.breaks:
                        self._paint_break_marks(painter, shown)
            finally:
                painter.end()
        super().paintEvent(event)

    def _complete_queued(self) -> None:
        self._completion_queued = False
        self._complete_spans()
