"""What the document view draws: control characters as visible symbols (the text and its
offsets untouched), and a warning when characters of the shown document cannot be drawn
by any installed font."""

from __future__ import annotations

from PySide6.QtCore import Qt

from curator.text.offsets import Utf16Map
from curator.ui import font_coverage
from curator.ui.views.display_map import CONTROL_PICTURES, DisplayMap, display_text, visible_controls

from .conftest import activate, drag_select, key

CONTROLS = "line\fpage and\vtab, bell\x07 del\x7f esc\x1b end 😀 1958\n둘째 줄\tend\n"


def test_control_pictures_keep_every_offset():
    shown = visible_controls(CONTROLS)
    assert len(shown) == len(CONTROLS)
    assert Utf16Map.of(shown).length == Utf16Map.of(CONTROLS).length
    assert "line␌page" in shown and "and␋tab" in shown and "bell␇" in shown and "del␡" in shown
    assert "\n" in shown and "\t" in shown  # line feed and tab are left to Qt
    assert all(0x2400 <= v <= 0x2421 for v in CONTROL_PICTURES.values())
    text = "x\fy" * 3000  # one long paragraph: display breaks too
    dmap = DisplayMap(Utf16Map.of(text), [2000, 4000])
    assert display_text(text, [2000, 4000]).replace("\n", "") == visible_controls(text)
    assert [dmap.to_cp(dmap.to_display(cp)) for cp in (0, 1, 2, 1999, 2000, 8999)] == [0, 1, 2, 1999, 2000, 8999]


def test_form_feed_and_vertical_tab_are_visible_and_the_text_unchanged(qtbot, window, tmp_path):
    path = tmp_path / "controls.txt"
    path.write_text(CONTROLS, encoding="utf-8")
    (outcome,) = window.import_paths([path])
    box = window.last_message_box
    if box is not None:
        box.close()
    activate(qtbot, window)
    window.show_document(outcome.document_id)
    text = window.current_doc.text
    assert "\f" in text and "\v" in text  # the stored text keeps them
    shown = window.view.toPlainText()
    assert shown.startswith("line␌page and␋tab, bell␇ del␡ esc␛ end")
    # a selection made with the mouse over the symbols gives canonical offsets and text
    start, end = text.index("page"), text.index("tab,") + 3
    drag_select(window, start, end)
    assert window.view.selection_cp() == (start, end)
    # what Ctrl+C puts on the clipboard (asked directly: a copy through the clipboard
    # leaves a QMimeData that crashes the interpreter at exit, see test_document_view_edits)
    assert window.view.createMimeDataFromSelection().text() == "page and\vtab"
    key(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # tag it as a date
    row = window.panel.current_row()
    assert (row.start, row.end, row.quote) == (start, end, "page and\vtab")


def test_characters_no_font_can_draw_are_counted_and_warned(qtbot, window, tmp_path):
    font_coverage.forget()
    nowhere = "\U000f0000"  # a private-use character of plane 15: no font has it
    assert not font_coverage.drawable(nowhere) and font_coverage.drawable("A")
    path = tmp_path / "rare.txt"
    path.write_text(f"A rare sign {nowhere} twice {nowhere} and Korean 한국.\n", encoding="utf-8")
    (outcome,) = window.import_paths([path])
    box = window.last_message_box
    if box is not None:
        box.close()
    window.show_document(outcome.document_id)
    qtbot.waitUntil(lambda: "cannot be drawn" in window.statusBar().currentMessage(), timeout=3000)
    message = window.statusBar().currentMessage()
    cov = font_coverage.coverage(window.current_doc.text)
    assert nowhere in cov.distinct and cov.missing >= 2
    assert message.startswith(f"{cov.missing} characters of this document cannot be drawn by any installed font")
    assert "U+F0000" in message
    # a document whose every character can be drawn: no warning
    window.statusBar().clearMessage()
    plain = tmp_path / "plain.txt"
    plain.write_text("Plain text about 1958.\n", encoding="utf-8")
    (other,) = window.import_paths([plain])
    box = window.last_message_box
    if box is not None:
        box.close()
    window.show_document(other.document_id)
    qtbot.wait(50)
    assert "cannot be drawn" not in window.statusBar().currentMessage()
    assert font_coverage.coverage("plain ascii").missing == 0
