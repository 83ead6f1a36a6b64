"""Seed 000, played as a curator would: a date tagged inside the garbled running header,
then the header removed as noise. The date must not land on the next word: it is
orphaned, listed in the panel (not drawn), left out of the export, and Ctrl+J on a
selection places it again; undo and redo are exact."""

from __future__ import annotations

import io

import orjson
from PySide6.QtCore import Qt

from curator.domain import Status
from curator.services.exchange import export_dataset
from curator.services import annotations as ann_svc
from curator.services import corrections as corr
from curator.services.corpus import list_documents
from tests.ui.conftest import CTRL, SHIFT, key, select_cp
from tests.ui.test_suggestions_ui import text_menu_action


def test_a_date_inside_removed_noise_is_orphaned_and_can_be_placed_again(qtbot, manual_settings, make_window, store):
    win = make_window()
    doc = next(d.id for d in list_documents(store) if d.source_name.startswith("000"))
    win.show_document(doc)
    text = win.current_doc.text
    at = text.index("1945~1956")
    select_cp(win, at, at + 9)
    key(win, Qt.Key.Key_2, CTRL)  # tag as date
    date = win.panel.current_id()
    assert ann_svc.get_annotation(win.store, date).quote == "1945~1956"

    text_menu_action(win, "Suggest clean-ups").trigger()
    zone = next(c for c in corr.list_corrections(store, doc, "proposed")
                if c.kind == "noise" and c.start <= at and at + 9 <= c.end)
    assert win.review.panel.select_correction(zone.id)
    win.review.panel.table.setFocus()
    qtbot.waitUntil(win.review.panel.table.hasFocus, timeout=2000)
    key(win, Qt.Key.Key_A)  # accept the noise zone

    row = ann_svc.get_annotation(store, date)
    assert row.status is Status.ORPHANED and row.quote == "1945~1956"
    assert win.view.span(date) is None  # drawn nowhere, not on the "K" of the next word
    assert win.panel.model.get(date).status is Status.ORPHANED  # but listed
    out = io.BytesIO()
    export_dataset(store, out)
    quotes = [a["quote"] for d in orjson.loads(out.getvalue())["documents"] for a in d["annotations"]]
    assert "1945~1956" not in quotes and all(q.strip() for q in quotes)
    orphaned = out.getvalue()

    # the curator finds the years again in the abstract and places the date there
    win.panel.select_annotation(date)
    assert "Orphaned" in win.panel.editor.review_label.text()
    new_text = win.current_doc.text
    years = new_text.index("1945 to 1956")
    select_cp(win, years, years + 12)
    key(win, Qt.Key.Key_J, CTRL)
    placed = ann_svc.get_annotation(store, date)
    assert placed.status is Status.DRAFT and placed.quote == "1945 to 1956"
    assert win.view.span(date) is not None

    key(win, Qt.Key.Key_Z, CTRL)  # undo the placing
    assert ann_svc.get_annotation(store, date) == row and win.view.span(date) is None
    out = io.BytesIO()
    export_dataset(store, out)
    assert out.getvalue() == orphaned
    key(win, Qt.Key.Key_Z, CTRL)  # undo the accept: the date is back on the header
    assert ann_svc.get_annotation(store, date).status is Status.DRAFT
    assert win.view.span(date) is not None
    key(win, Qt.Key.Key_Z, CTRL | SHIFT)
    assert ann_svc.get_annotation(store, date) == row
    key(win, Qt.Key.Key_Z, CTRL | SHIFT)
    assert ann_svc.get_annotation(store, date) == placed
