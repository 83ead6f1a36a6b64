"""Find in the shown document (Edit ▸ Find…, Ctrl+F): the find bar under the text.

Typing searches at once. The query is NFC-normalised first (the stored text is NFC, so
a Korean query pasted as conjoining jamo still finds it); matching is case-insensitive
unless "Match case" is on. Case-insensitive matching uses ``re.IGNORECASE`` over the
original text, never ``str.casefold`` of it: casefolding can change lengths ("ß" →
"ss") and every offset after it would be wrong. Offsets are code points throughout.

The current match is the view's selection (so Escape, then Ctrl+1/2/3, tags it); every
match is highlighted through :meth:`DocumentView.set_found`. A common letter in a 2 MB
text matches ~100,000 times, so :class:`Search` collects the first :data:`LIMIT` only
("10,000+") and reads further matches lazily, as Next walks past them. The search
follows the shown document: a document switch or a text change runs it again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from curator.text.search import Search
from curator.ui.actions import tipped_action
from curator.ui.controllers import FeatureController
from curator.ui.views.find_bar import FindBar

if TYPE_CHECKING:
    from curator.ui.main_window import MainWindow

WRAPPED = "Search wrapped"


class FindController(FeatureController):
    """Edit ▸ Find…, Find next (F3), Find previous (Shift+F3) and the find bar."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.bar = FindBar()
        self.bar.hide()
        # under the text, above the legend
        centre = window.view.parentWidget().layout()
        centre.insertWidget(centre.indexOf(window.legend), self.bar)
        self.search: Search | None = None
        self.current: int | None = None  # index of the selected match in search.spans
        self._anchor = 0  # where an edited query looks for its first match

        self.find_action = tipped_action(window, "&Find…", "find", QKeySequence.StandardKey.Find,
                                         "Find text in this document")
        self.next_action = tipped_action(window, "Find &next", "find_next", "F3", "Go to the next match")
        self.previous_action = tipped_action(window, "Find pre&vious", "find_previous", "Shift+F3",
                                             "Go to the previous match")
        self.find_action.triggered.connect(self.open)
        self.next_action.triggered.connect(lambda: self.step(+1))
        self.previous_action.triggered.connect(lambda: self.step(-1))
        self.bar.queryChanged.connect(lambda _q: self._research(keep_place=False))
        self.bar.matchCaseChanged.connect(lambda _on: self._research(keep_place=False))
        self.bar.nextRequested.connect(lambda: self.step(+1))
        self.bar.previousRequested.connect(lambda: self.step(-1))
        self.bar.closeRequested.connect(self.close)

    def edit_actions(self) -> list[QAction]:
        """The Edit menu entries."""
        return [self.find_action, self.next_action, self.previous_action]

    # ------------------------------------------------------------------ bar
    def is_open(self) -> bool:
        return not self.bar.isHidden()

    def open(self) -> None:
        """Ctrl+F: show the bar (searching again) and focus the query, text selected."""
        if self.window.current_doc is None:
            self.report_error("Open a document to search in it.")
            return
        if not self.is_open():
            self.bar.show()
            sel = self.window.view.selection_cp()
            self._anchor = sel[0] if sel is not None else self._caret()
            self._research(keep_place=True)
        self.bar.focus_query()

    def close(self) -> None:
        """Escape: hide the bar and its highlights; the focus returns to the text with
        the current match still selected, ready to be tagged."""
        self.bar.hide()
        self.window.view.set_found(())
        self.window.view.setFocus()

    # ------------------------------------------------------------------ window hooks
    def document_shown(self, _doc_id: int | None) -> None:
        """Another document (or none) is shown: search it from its start."""
        self._anchor = 0
        self._text_changed()

    def text_reloaded(self, doc_id: int) -> None:
        """The shown text changed (a correction accepted or undone): search it again."""
        if self._doc_id() == doc_id:
            self._text_changed()

    def _text_changed(self) -> None:
        if self.is_open():
            self._research(keep_place=True)
        else:  # searched again on the next F3
            self.search, self.current = None, None

    # ------------------------------------------------------------------ searching
    def _caret(self) -> int:
        view = self.window.view
        return view.display_map.to_cp(view.textCursor().position())

    def _fresh_search(self) -> Search | None:
        doc = self.window.current_doc
        query = self.bar.query()
        if doc is None or not query:
            return None
        return Search(self.window.view.text(), query, match_case=self.bar.match_case.isChecked())

    def _research(self, *, keep_place: bool) -> None:
        """Search again (query, case or text changed) and show the result. A changed
        query selects its first match from the anchor on (typing narrows in place);
        ``keep_place`` (the text or the document changed) only makes the selection the
        current match if it is one, and moves nothing."""
        self.search, self.current = self._fresh_search(), None
        search, view = self.search, self.window.view
        if search is None or not search.spans:
            view.set_found(())
            if search is not None and not keep_place:  # nothing to tag: no selection left
                view.select_cp(self._anchor, self._anchor)
            self.bar.show_count("" if search is None else "No matches", no_match=search is not None)
            return
        view.set_found(search.highlighted())
        if keep_place:
            sel = view.selection_cp()
            self.current = None if sel is None else search.index_of(*sel)
            self._show_count()
        else:
            found = search.at_or_after(self._anchor)
            self._go(0 if found is None else found, move_anchor=False)

    def step(self, direction: int) -> None:
        """Next (``+1``) or previous (``-1``) match, wrapping around the text with a note."""
        if self.search is None or self.search.text is not self.window.view.text():
            self.search, self.current = self._fresh_search(), None
            if self.search is not None and self.is_open():
                self.window.view.set_found(self.search.highlighted())
        search = self.search
        if search is None:
            self.open()
            return
        if not search.spans:
            self.bar.show_count("No matches", no_match=True)
            self._status(f"No matches for “{search.query}”")
            return
        sel = self.window.view.selection_cp()
        current = self.current if self.current is not None and sel == search.spans[self.current] else None
        if current is None and sel is not None:
            current = search.index_of(*sel)
        if direction > 0:
            pos = search.spans[current][1] if current is not None else (sel[1] if sel else self._caret())
            found, wrapped = search.at_or_after(pos), False
            if found is None:
                found, wrapped = 0, True
        else:
            pos = search.spans[current][0] if current is not None else (sel[0] if sel else self._caret())
            found, wrapped = search.before(pos), False
            if found is None:
                found, wrapped = search.last(), True
        self._go(found)
        if wrapped:
            self._status(WRAPPED)
        elif not self.is_open():
            self._status(f"“{search.query}”: {search.count_text(self.current)}")

    def _go(self, index: int | None, *, move_anchor: bool = True) -> None:
        """Select match ``index`` in the text (scrolled into view)."""
        search = self.search
        if search is None or index is None:
            return
        self.current = index
        start, end = search.spans[index]
        if move_anchor:
            self._anchor = start
        view = self.window.view
        view.select_cp(start, end)
        view.ensureCursorVisible()
        self._show_count()

    def _show_count(self) -> None:
        if self.search is not None:
            self.bar.show_count(self.search.count_text(self.current))
