"""File ▸ Import annotations… driven through the real window: the file dialog (patched)
and the policy dialog (driven like a user), a worker thread with Stop, the message at
the end and the reloaded list and panel."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from curator.domain import ClaimValue, DateValue, FigureValue
from curator.services import exchange as exchange_svc
from curator.services.exchange import export_dataset, write_w3c
from curator.services import annotations as ann_svc
from curator.services import corpus
from curator.store import open_store
from curator.ui.annotation_import import (
    ALL_FILTER,
    NATIVE_FILTER,
    W3C_FILTER,
    PolicyDialog,
    format_for,
    plain_reason,
)

from .conftest import SEEDS

KOREAN = "1958년 3월 조선로동당은 5억 7,600만 루블의 원조를 받았다.\n북한 경제 계획 😀 채택.\n"


def _snapshot(store) -> list[tuple]:
    """Everything a curator sees: each document's text and its annotations."""
    out = []
    for info in corpus.list_documents(store):
        doc = corpus.load_document(store, info.id)
        rows = [(r.id, r.label.value, r.start, r.end, r.quote, r.value)
                for r in ann_svc.list_annotations(store, doc.id)]
        out.append((doc.id, doc.title, doc.sha256, rows))
    return sorted(out)  # by id: the list is sorted by title


def _annotate(store, doc_id: int, text: str) -> list[int]:
    """A date, a figure and a claim citing both, on ``text`` (the document's text)."""
    d0, d1 = text.index("1958년 3월"), text.index("1958년 3월") + len("1958년 3월")
    f0, f1 = text.index("5억 7,600만 루블"), text.index("5억 7,600만 루블") + len("5억 7,600만 루블")
    date = ann_svc.create_annotation(store, doc_id, "date", d0, d1, creator="colleague", value=DateValue("1958-03"))
    figure = ann_svc.create_annotation(store, doc_id, "figure", f0, f1, creator="colleague",
                                       value=FigureValue(Decimal("576000000"), "ruble"))
    claim = ann_svc.create_annotation(store, doc_id, "claim", 0, text.index("\n"), creator="colleague",
                                      value=ClaimValue("aid agreed", (date.id, figure.id)))
    return [date.id, figure.id, claim.id]


@pytest.fixture
def colleague_dataset(tmp_path) -> Path:
    """A dataset exported from another curator's store: one Korean document, 3 annotations."""
    other = open_store(tmp_path / "colleague.db")
    source = tmp_path / "plan.txt"
    source.write_text(KOREAN, encoding="utf-8")
    (outcome,) = corpus.import_files(other, [source])
    _annotate(other, outcome.document_id, corpus.load_document(other, outcome.document_id).text)
    path = tmp_path / "colleague.json"
    export_dataset(other, path)
    other.close()
    return path


@pytest.fixture
def empty_window(qtbot, tmp_path):
    from curator.ui.main_window import MainWindow

    store = open_store(tmp_path / "empty.db")
    window = MainWindow(store, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                        creator="tester")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    store.close()


def _drive_policy(choice: str | None, seen: dict) -> None:
    """When the policy dialog is up, record its default, then pick ``choice`` and press
    Import (None: press Escape)."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PolicyDialog):
            QTimer.singleShot(20, act)
            return
        seen["default"] = dialog.policy()
        seen["choices"] = [b.text() for b in dialog.buttons.values()]
        if choice is None:
            QTest.keyClick(dialog, Qt.Key.Key_Escape)
            return
        dialog.buttons[choice].click()
        dialog.import_button.click()

    QTimer.singleShot(0, act)


def _import_through_menu(qtbot, window, monkeypatch, path: Path, chosen_filter: str, choice: str | None) -> dict:
    """File ▸ Import annotations…, the file dialog answering ``path``; wait for the end."""
    asked: dict = {}

    def fake_open(parent, caption, folder, filters):
        asked["filters"] = filters
        return str(path), chosen_filter

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(fake_open))
    _drive_policy(choice, asked)
    action = window.annotation_importer.action
    assert action in window.menuBar().actions()[0].menu().actions()
    if choice is None:
        action.trigger()
        return asked
    with qtbot.waitSignal(window.annotation_importer.finished, timeout=15000):
        action.trigger()
    return asked


# ----------------------------------------------------------------------------- tests


def test_format_follows_the_suffix_then_the_filter():
    assert format_for(Path("a.jsonl"), NATIVE_FILTER) == "w3c"
    assert format_for(Path("a.JSONLD"), ALL_FILTER) == "w3c"
    assert format_for(Path("a.json"), W3C_FILTER) == "w3c"
    assert format_for(Path("a.json"), NATIVE_FILTER) == "native"
    assert format_for(Path("export"), ALL_FILTER) == "native"


def test_refusals_name_the_dialogs_choices_not_the_command_line_options():
    assert plain_reason("w3c", "annotation 3 already exists in document 2 (use on-conflict skip or new-ids)") == (
        "annotation 3 already exists in document 2. "
        "To import it anyway, import it again and choose “Skip identical annotations” or “Add them anyway”."
    )
    assert plain_reason("native", "line 4: not JSON") == "line 4: not JSON."


def test_policy_dialog_from_the_keyboard(qtbot):
    dialog = PolicyDialog("native", Path("colleague.json"))
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # keys move the focus only in the active window
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    assert dialog.policy() == "merge"
    for _ in range(3):
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Down)
    assert dialog.policy() == "new-ids"
    QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # Enter imports, not cancels
    assert dialog.result() == PolicyDialog.DialogCode.Accepted


def test_colleagues_dataset_comes_in_through_the_menu(qtbot, empty_window, colleague_dataset, monkeypatch):
    w = empty_window
    assert w.doc_model.rowCount() == 0 and w.current_doc is None
    asked = _import_through_menu(qtbot, w, monkeypatch, colleague_dataset, NATIVE_FILTER, "merge")
    assert asked["filters"].split(";;") == [NATIVE_FILTER, W3C_FILTER, ALL_FILTER]
    assert asked["default"] == "merge"
    assert asked["choices"] == ["Merge with the documents here", "Refuse the file", "Skip documents already here",
                                "Give everything new ids"]
    # the list shows the document, the view its text, the panel its three annotations
    assert [d.source_name for d in w.doc_model.documents()] == ["plan.txt"]
    assert w.current_doc is not None and w.current_doc.text == KOREAN
    assert w.panel.model.rowCount() == 3
    assert w.count_info.text() == "3 annotations"
    shown = {w.panel.model.row_at(r).label.value: w.panel.model.row_at(r) for r in range(3)}
    assert shown["figure"].value == FigureValue(Decimal("576000000"), "ruble")
    assert shown["figure"].quote == "5억 7,600만 루블"
    assert set(shown["claim"].value.evidence) == {shown["date"].id, shown["figure"].id}
    box = w.last_message_box
    assert isinstance(box, QMessageBox) and box.icon() == QMessageBox.Icon.Information
    assert box.text() == "Imported 1 document and 3 annotations from colleague.json."
    assert w.statusBar().currentMessage() == box.text()
    assert not w.undo_stack.canUndo()  # like importing text files, not an undo step
    assert w.annotation_importer.worker is None


def test_w3c_lines_from_a_colleague_land_on_the_shown_document(qtbot, window, store, tmp_path, monkeypatch):
    shown = window.current_doc
    assert shown is not None and window.panel.model.rowCount() == 0
    # a colleague with the same seed texts annotates the document shown here
    other = open_store(tmp_path / "colleague.db")
    corpus.ensure_seeded(other, SEEDS)
    (twin,) = [d for d in corpus.list_documents(other) if corpus.load_document(other, d.id).sha256 == shown.sha256]
    text = corpus.load_document(other, twin.id).text
    words = [i for i, ch in enumerate(text) if ch.isalpha()][:2]
    ann_svc.create_annotation(other, twin.id, "claim", words[0], words[0] + 1, creator="colleague",
                              value=ClaimValue("first word"))
    ann_svc.create_annotation(other, twin.id, "claim", words[1], words[1] + 1, creator="colleague")
    path = tmp_path / "colleague.jsonl"
    assert write_w3c(other, path, lines=True) == 2
    other.close()

    asked = _import_through_menu(qtbot, window, monkeypatch, path, ALL_FILTER, "refuse")  # the suffix says W3C
    assert asked["choices"] == ["Skip identical annotations", "Refuse the file", "Add them anyway"]
    assert asked["default"] == "skip"
    assert window.current_doc.id == shown.id
    assert window.panel.model.rowCount() == 2
    rows = ann_svc.list_annotations(store, shown.id)
    assert [(r.start, r.end, r.creator) for r in rows] == [(words[0], words[0] + 1, "colleague"),
                                                            (words[1], words[1] + 1, "colleague")]
    assert window.last_message_box.text() == "Imported 2 annotations onto 1 document from colleague.jsonl."

    # the same file again: refused by default (naming the dialog's choices), or skipped
    _import_through_menu(qtbot, window, monkeypatch, path, W3C_FILTER, "refuse")
    assert window.last_message_box.icon() == QMessageBox.Icon.Critical
    assert "choose “Skip identical annotations” or “Add them anyway”" in window.last_message_box.text()
    assert len(ann_svc.list_annotations(store, shown.id)) == 2
    _import_through_menu(qtbot, window, monkeypatch, path, W3C_FILTER, "skip")
    assert window.panel.model.rowCount() == 2
    assert "Skipped 2 annotations identical to ones already here" in window.last_message_box.text()


def test_by_default_a_dataset_merges_into_the_documents_here(qtbot, window, store, tmp_path, monkeypatch):
    doc = window.current_doc
    _exported_with_one(store, doc.id, tmp_path / "ours.json", "claim", 5)
    # the colleague's copy has one more annotation on the shown document
    ann_svc.create_annotation(store, doc.id, "date", 6, 10, creator="colleague")
    export_dataset(store, tmp_path / "theirs.json")
    ann_svc.delete_annotation(store, ann_svc.list_annotations(store, doc.id)[-1].id)
    before = _snapshot(store)
    asked = _import_through_menu(qtbot, window, monkeypatch, tmp_path / "theirs.json", NATIVE_FILTER, "merge")
    assert asked["default"] == "merge"
    after = _snapshot(store)
    assert [(i, t, sha) for i, t, sha, _r in after] == [(i, t, sha) for i, t, sha, _r in before]  # no copies
    rows = ann_svc.list_annotations(store, doc.id)
    assert [(r.start, r.end, r.creator) for r in rows] == [(0, 5, "tester"), (6, 10, "colleague")]
    assert window.panel.model.rowCount() == 2  # the shown document was reloaded
    n = len(before)
    assert window.last_message_box.text() == (
        f"Added 1 annotation to {n} documents already here from theirs.json; "
        "1 annotation identical to one here was left out.")


def _exported_with_one(store, doc_id: int, path: Path, label: str, end: int) -> Path:
    """``path`` after exporting the store with one more annotation, ``[0, end)`` of ``doc_id``."""
    ann_svc.create_annotation(store, doc_id, label, 0, end, creator="tester")
    export_dataset(store, path)
    return path


def test_refuse_on_a_clash_changes_nothing(qtbot, window, store, tmp_path, monkeypatch):
    path = _exported_with_one(store, window.current_doc.id, tmp_path / "ours.json", "claim", 5)
    before = _snapshot(store)
    _import_through_menu(qtbot, window, monkeypatch, path, NATIVE_FILTER, "refuse")
    assert _snapshot(store) == before
    box = window.last_message_box
    assert isinstance(box, QMessageBox) and box.icon() == QMessageBox.Icon.Critical
    first = min(i for i, *_ in before)
    title = next(t for i, t, *_ in before if i == first)
    shown = title if len(title) <= 60 else title[:59] + "…"
    assert box.text() == (
        f"ours.json was not imported, nothing was changed: document “{shown}” (id {first}): the store already "
        f"has its text, as document {first}. To import it anyway, import it again and choose "
        "“Skip documents already here” or “Merge with the documents here” or “Give everything new ids”."
    )
    assert window.doc_model.rowCount() == len(before)


def test_new_ids_imports_a_second_copy(qtbot, window, store, tmp_path, monkeypatch):
    doc = window.current_doc
    path = _exported_with_one(store, doc.id, tmp_path / "ours.json", "date", 4)
    before = _snapshot(store)
    _import_through_menu(qtbot, window, monkeypatch, path, NATIVE_FILTER, "new-ids")
    after = _snapshot(store)
    assert after[: len(before)] == before
    copies = after[len(before):]
    assert [(t, sha) for _i, t, sha, _r in copies] == [(t, sha) for _i, t, sha, _r in before]
    assert {i for i, *_ in copies}.isdisjoint({i for i, *_ in before})
    # the copy of the annotated document carries a copy of its annotation, with a new id
    (original,) = [rows for i, _t, _s, rows in before if i == doc.id]
    (copy,) = [rows for _i, _t, sha, rows in copies if sha == doc.sha256]
    assert [r[1:] for r in copy] == [r[1:] for r in original] and copy[0][0] != original[0][0]
    assert window.doc_model.rowCount() == 2 * len(before)
    assert window.current_doc.id == min(i for i, *_ in copies)  # the first new document is shown
    n = len(before)
    assert window.last_message_box.text() == f"Imported {n} documents and 1 annotation from ours.json."


def test_escape_in_the_policy_dialog_imports_nothing(qtbot, window, store, tmp_path, monkeypatch):
    path = tmp_path / "ours.json"
    export_dataset(store, path)
    before = _snapshot(store)
    asked = _import_through_menu(qtbot, window, monkeypatch, path, NATIVE_FILTER, None)
    assert asked["default"] == "merge"
    assert window.annotation_importer.worker is None and window.last_message_box is None
    assert _snapshot(store) == before


def test_stop_rolls_back_a_slow_import(qtbot, window, store, tmp_path, monkeypatch):
    path = tmp_path / "ours.json"
    export_dataset(store, path)
    before = _snapshot(store)
    assert len(before) >= 3  # stopped after the first document, before the last
    real = exchange_svc.import_dataset
    written: list[int] = []

    def slow(store_, path_, *, on_conflict, progress):
        def slow_progress(done: int, total: int) -> None:
            written.append(done)
            time.sleep(0.3)
            progress(done, total)

        return real(store_, path_, on_conflict=on_conflict, progress=slow_progress)

    monkeypatch.setattr(exchange_svc, "import_dataset", slow)
    importer = window.annotation_importer
    assert importer.start(path, "native", "new-ids")
    qtbot.waitUntil(lambda: "%" in window.statusBar().currentMessage(), timeout=5000)
    importer.progress.stop_button.click()
    with qtbot.waitSignal(importer.finished, timeout=15000) as blocker:
        pass
    assert blocker.args == [""]
    assert written and written[0] >= 1  # a document was written inside the transaction
    assert _snapshot(store) == before
    assert window.statusBar().currentMessage() == "Import stopped; nothing was imported from ours.json."
    assert window.doc_model.rowCount() == len(before)
