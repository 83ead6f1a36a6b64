"""Importing (menus, drops, a worker thread with Stop, the summary table), the Document
menu (metadata, re-decoding, each an undo step) and exporting every format from the
File menu, driven through the real window."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from curator.domain import DateValue
from curator.exchange.textfile import decode_as
from curator.services import annotations as ann_svc
from curator.services import corpus
from curator.services import metadata as meta_svc
from curator.exchange.formats import EXPORT, EXPORTS

KOREAN = "1958년 3월 조선로동당은 5억 7,600만 루블의 원조를 받았다.\n북한 경제 계획.\n"


def _slow_reads(monkeypatch, seconds: float) -> None:
    """Make every file read take ``seconds`` (on the worker thread)."""
    real = corpus.read_text_file

    def slow(path):
        time.sleep(seconds)
        return real(path)

    monkeypatch.setattr(corpus, "read_text_file", slow)


def _drop(window, paths: list[Path]) -> bool:
    """Drag ``paths`` over the window and drop them, as a file manager does."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    accepted = enter.isAccepted()
    drop = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    return accepted and drop.isAccepted()


def _titles(store) -> set[str]:
    return {d.source_name for d in corpus.list_documents(store)}


# ----------------------------------------------------------------------------- import


def test_dropped_folder_imports_the_good_file_and_gives_each_reason(qtbot, window, store, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text("Grain deliveries rose in 1957 across the province.\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00\xff" * 20)
    before = _titles(store)
    with qtbot.waitSignal(window.importer.finished, timeout=10000) as blocker:
        assert _drop(window, [folder])
    job = blocker.args[0]
    assert _titles(store) - before == {"good.txt"}
    summary = window.last_message_box
    assert summary is window.importer.summary and summary.isVisible()
    rows = {name: (status, reason) for status, name, reason in summary.rows()}
    assert rows["good.txt"] == ("imported", "")
    assert rows["empty.txt"] == ("refused", "the file is empty")
    assert rows["binary.txt"][0] == "refused" and "binary" in rows["binary.txt"][1]
    assert summary.table.rowCount() == 3
    assert summary.rows()[-1][1] == "good.txt"  # problems are listed first
    assert "Imported 1, skipped 0, refused 2 of 3 files" in summary.text()
    summary.copy_all()
    copied = QGuiApplication.clipboard().text()
    assert "empty.txt\tthe file is empty" in copied and copied.startswith("status\tfile\treason")
    # the list shows the new document, and it is the one on screen
    assert window.current_doc.id == job.imported[0]
    assert window.current_doc.source_name == "good.txt"
    assert window.doc_model.row_of(job.imported[0]) == window.doc_list.currentIndex().row()


def test_a_drop_of_something_else_is_refused(window):
    mime = QMimeData()
    mime.setText("just text")
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    enter.ignore()
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()
    assert window.importer.worker is None


def test_stop_in_the_middle_leaves_only_whole_documents(qtbot, window, store, tmp_path, monkeypatch):
    folder = tmp_path / "twenty"
    folder.mkdir()
    texts = {}
    for i in range(20):
        name = f"doc{i:02}.txt"
        texts[name] = f"Report number {i} on grain deliveries.\n" + ("Line of text. " * 200 + "\n") * 5
        (folder / name).write_text(texts[name], encoding="utf-8")
    _slow_reads(monkeypatch, 0.1)
    job = window.importer.start([folder])
    assert job is not None
    assert window.importer.start([folder]) is None  # one import at a time
    qtbot.waitUntil(lambda: len(job.outcomes) >= 3, timeout=10000)
    with qtbot.waitSignal(window.importer.finished, timeout=10000):
        window.importer.progress.stop_button.click()
    imported = {o.source for o in job.outcomes if o.status == "imported"}
    assert 3 <= len(imported) < 20
    assert len(imported) + len(job.not_started) == 20
    assert set(job.not_started).isdisjoint(imported)
    # every imported document is whole; no file that was not reached is in the store
    docs = {d.source_name: d.id for d in corpus.list_documents(store)}
    for name in texts:
        if name in imported:
            assert corpus.load_document(store, docs[name]).text == texts[name]
        else:
            assert name not in docs
    rows = window.last_message_box.rows()
    assert sum(status == "not imported" for status, _n, _r in rows) == len(job.not_started)
    assert "Stopped" in window.last_message_box.text()


def test_the_window_keeps_responding_while_files_are_imported(qtbot, window, tmp_path, monkeypatch):
    for i in range(4):
        (tmp_path / f"slow{i}.txt").write_text(f"Slow file {i} about grain.\n", encoding="utf-8")
    _slow_reads(monkeypatch, 0.25)
    ticks: list[bool] = []  # per tick: was the import still running?
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(window.importer.running))
    timer.start()
    with qtbot.waitSignal(window.importer.finished, timeout=10000):
        window.actions_.import_files.triggered.disconnect()
        monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                            lambda *a, **k: ([str(tmp_path / f"slow{i}.txt") for i in range(4)], ""))
        window.importer.choose_files()
    timer.stop()
    # a blocking import would have let no tick through before it ended
    assert sum(ticks) >= 5, ticks
    assert window.current_doc.source_name == "slow0.txt"


def test_closing_the_window_waits_for_the_current_file(qtbot, window, store, tmp_path, monkeypatch):
    for i in range(5):
        (tmp_path / f"c{i}.txt").write_text(f"Closing file {i} on grain.\n", encoding="utf-8")
    _slow_reads(monkeypatch, 0.2)
    job = window.importer.start([tmp_path])
    qtbot.waitUntil(lambda: window.importer.progress.bar.maximum() == 5, timeout=5000)
    window.close()
    assert window.importer.worker is None or window.importer.worker.isFinished()
    assert len(job.outcomes) < 5
    names = _titles(store)
    assert all((f"c{i}.txt" in names) == (i < len(job.outcomes)) for i in range(5))


# ----------------------------------------------------------------------------- metadata


def test_metadata_edit_is_one_undo_step(qtbot, window, store):
    doc_id = window.current_doc.id
    before = meta_svc.get_metadata(store, doc_id)
    window.actions_.edit_metadata.trigger()
    dialog = window.importer.dialog
    assert dialog.isVisible()
    assert dialog.edits["title"].text() == before.title
    assert dialog.encoding_label.text() == "utf-8"
    dialog.edits["title"].setText("Grain in the fifties")
    dialog.edits["year"].setText("1958")
    dialog.edits["languages"].setText("en, ko")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    after = meta_svc.get_metadata(store, doc_id)
    assert (after.title, after.year, after.languages) == ("Grain in the fifties", 1958, ("en", "ko"))
    assert after.authors == before.authors  # untouched fields stay
    row = window.doc_model.row_of(doc_id)
    assert window.doc_model.index(row, 0).data() == "Grain in the fifties"
    assert window.doc_list.currentIndex().row() == row
    assert window.windowTitle().startswith("Grain in the fifties")
    assert window.undo_stack.undoText() == "Edit metadata"

    window.undo_action.trigger()
    assert meta_svc.get_metadata(store, doc_id) == before
    assert window.doc_model.index(window.doc_model.row_of(doc_id), 0).data() == before.title
    window.redo_action.trigger()
    assert meta_svc.get_metadata(store, doc_id) == after


def test_invalid_metadata_is_shown_inline_and_not_saved(qtbot, window, store):
    doc_id = window.current_doc.id
    before = meta_svc.get_metadata(store, doc_id)
    dialog = window.importer.edit_metadata()
    dialog.edits["year"].setText("19x8")
    error = dialog.errors["year"]
    assert error.isVisible() and "'19x8' is not a year" in error.text()
    assert not dialog.save_button.isEnabled()
    dialog.edits["languages"].setText("korean!")
    assert "not a language code" in dialog.errors["languages"].text()
    dialog.edits["title"].setText("Changed title")
    dialog.accept()  # Enter in a field: refused while anything is wrong
    assert dialog.isVisible()
    assert meta_svc.get_metadata(store, doc_id) == before
    assert window.undo_stack.count() == 0
    dialog.edits["year"].setText("1958")
    dialog.edits["languages"].setText("ko")
    assert not error.isVisible() and dialog.save_button.isEnabled()
    dialog.reject()
    assert meta_svc.get_metadata(store, doc_id) == before


# ----------------------------------------------------------------------------- encoding


@pytest.fixture
def latin1_doc(window, store) -> int:
    """A cp949 file imported as latin-1 (mojibake), shown in the window."""
    raw = KOREAN.encode("cp949")
    outcome = corpus.import_decoded(store, "korean-cp949.txt", decode_as(raw, "latin-1"))
    window.reload_documents(select=outcome.document_id)
    assert window.current_doc.id == outcome.document_id
    assert "조선" not in window.view.toPlainText()
    return outcome.document_id


def test_redecode_shows_korean_and_undo_goes_back(qtbot, window, store, latin1_doc):
    window.actions_.redecode.trigger()
    dialog = window.importer.dialog
    assert "read as <b>latin-1</b>" in dialog.intro.text()
    assert dialog.combo.currentText() == "latin-1"
    dialog.combo.setCurrentText("cp949")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert "조선로동당은" in window.view.toPlainText()
    assert window.current_doc.text == KOREAN
    assert "cp949" in window.doc_info.text()
    assert corpus.load_document(store, latin1_doc).encoding == "cp949"
    # the title guessed from the mojibake is guessed again; the list shows it
    row = window.doc_model.row_of(latin1_doc)
    assert window.doc_model.index(row, 0).data().startswith("1958년 3월")
    assert window.doc_list.currentIndex().row() == row

    window.undo_action.trigger()
    assert window.current_doc.text == KOREAN.encode("cp949").decode("latin-1")
    assert "년" not in window.doc_model.index(window.doc_model.row_of(latin1_doc), 0).data()
    assert corpus.load_document(store, latin1_doc).encoding == "latin-1"
    window.redo_action.trigger()
    assert "조선로동당은" in window.view.toPlainText()


def test_redecode_keeps_a_title_the_curator_wrote(qtbot, window, store, latin1_doc):
    meta_svc.update_metadata(store, latin1_doc, title="Party aid, March 1958")
    dialog = window.importer.choose_encoding()
    dialog.combo.setCurrentText("euc-kr")
    dialog.accept()
    assert window.current_doc.text == KOREAN
    assert meta_svc.get_metadata(store, latin1_doc).title == "Party aid, March 1958"
    assert meta_svc.get_metadata(store, latin1_doc).languages == ("ko",)


def test_redecode_refusals_are_shown_in_the_dialog(qtbot, window, store, latin1_doc):
    dialog = window.importer.choose_encoding()
    dialog.combo.setCurrentText("klingon")
    assert "not an encoding" in dialog.error.text() and not dialog.ok.isEnabled()
    dialog.combo.setCurrentText("utf-8")
    dialog.accept()  # the bytes are not UTF-8
    assert dialog.isVisible() and "not valid utf-8" in dialog.error.text()
    ann_svc.create_annotation(store, latin1_doc, "claim", 0, 4, creator="tester")
    dialog.combo.setCurrentText("cp949")
    dialog.accept()
    assert dialog.isVisible() and "annotations" in dialog.error.text()
    assert window.undo_stack.count() == 0
    assert corpus.load_document(store, latin1_doc).encoding == "latin-1"


# ----------------------------------------------------------------------------- export


def _export_action(window, fmt):
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    submenu = next(a.menu() for a in file_menu.actions() if a.menu() is not None and a.text() == "Export &as")
    return next(a for a in submenu.actions() if a.text().startswith(fmt.label))


@pytest.mark.parametrize("fmt", EXPORTS, ids=[f.name for f in EXPORTS])
def test_each_export_format_from_the_menu_writes_a_file_that_parses(qtbot, window, store, tmp_path, monkeypatch,
                                                                   fmt):
    doc = window.current_doc
    at = doc.text.index("19")  # a year in the first seed
    ann = ann_svc.create_annotation(store, doc.id, "date", at, at + 4, creator="tester",
                                    value=DateValue(doc.text[at:at + 4]))
    target = tmp_path / "out"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), fmt.file_filter))
    with qtbot.waitSignal(window.exporter.finished, timeout=20000):
        _export_action(window, fmt).trigger()
    written = tmp_path / f"out{fmt.suffix}"
    assert written.exists(), window.statusBar().currentMessage()
    assert str(written) in window.statusBar().currentMessage()
    raw = written.read_text(encoding="utf-8-sig")
    if fmt.suffix == ".csv":
        rows = list(csv.DictReader(io.StringIO(raw)))
        found = [r for r in rows if r["quote"] == ann.quote]
    elif fmt.suffix == ".jsonl":
        found = [line for line in map(json.loads, raw.splitlines()) if ann.quote in json.dumps(line, ensure_ascii=False)]
    else:
        data = json.loads(raw)
        found = [ann.quote] if ann.quote in json.dumps(data, ensure_ascii=False) else []
    assert found, raw[:500]


def test_ctrl_e_exports_the_dataset_and_a_failure_is_shown(qtbot, window, tmp_path, monkeypatch):
    target = tmp_path / "missing-folder" / "sub" / "x.json"
    target.parent.parent.write_text("a file, not a folder", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(window.exporter.finished, timeout=20000):
        window.actions_.export.trigger()
    box = window.last_message_box
    assert isinstance(box, QMessageBox) and "Could not export" in box.text()
    box.close()
    good = tmp_path / "ok.json"
    assert "Exported 3 documents" in window.export_to(good)
    assert json.loads(good.read_text(encoding="utf-8"))


@pytest.mark.parametrize("key", ["native", "w3c", "csv"])
def test_a_stopped_export_leaves_the_target_as_it_was(window, store, tmp_path, key):
    from curator.ui.exporter import ExportWorker

    doc = window.current_doc
    at = doc.text.index("19")
    ann_svc.create_annotation(store, doc.id, "date", at, at + 4, creator="tester", value=DateValue(doc.text[at:at + 4]))
    target = tmp_path / f"kept{EXPORT[key].suffix}"
    target.write_text("the previous export", encoding="utf-8")
    worker = ExportWorker(store, EXPORT[key], target)
    worker.stop()
    worker.run()  # on this thread: the first progress report ends it
    assert worker.stopped and not worker.message
    assert target.read_text(encoding="utf-8") == "the previous export"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".kept")] == []
