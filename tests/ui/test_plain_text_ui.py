"""Markup in data is shown as text: a title ``<img src=…>`` (and ``<b>``) in the document
list, its tooltip, the window title and the status bar; a file name in the import
summary and the message boxes; a quote, a note and a review reason in the annotation
table and editor; the metadata dialog. Every widget shows the angle brackets, and no
image resource is ever loaded. Long text is elided."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QLabel, QMessageBox

from curator.domain import DateValue
from curator.services import annotations as ann_svc
from curator.services import corpus

from .conftest import activate


class _Recording(QTextDocument):
    """A rich-text document that notes every resource Qt asks it to load."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []

    def loadResource(self, kind: int, name: QUrl):  # noqa: N802 - Qt's name
        self.loaded.append(name.toString())
        return super().loadResource(kind, name)


def rendered(text: str, fmt: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """What a curator reads where Qt shows ``text`` in format ``fmt`` (tooltips are
    AutoText); fails if rendering it loaded any resource (an image)."""
    rich = fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text))
    if not rich:
        return text
    doc = _Recording()
    doc.setHtml(text)
    doc.setTextWidth(400)
    doc.size()  # lays it out: images would be loaded now
    assert doc.loaded == [], doc.loaded
    return doc.toPlainText().replace("\u2029", "\n").replace("\u2028", "\n")


def label_shows(label: QLabel) -> str:
    return rendered(label.text(), label.textFormat())


@pytest.fixture
def image(tmp_path) -> Path:
    path = tmp_path / "x.png"
    picture = QImage(40, 40, QImage.Format.Format_RGB32)
    picture.fill(0xFF0000)
    assert picture.save(str(path))
    return path


@pytest.fixture
def marked(qtbot, window, tmp_path, image):
    """A document imported through the window from ``<b>bold<i> & more.txt``, whose first
    line (so its title) is markup, with an annotation whose quote, note and review
    reason are markup."""
    title = f'<img src="{image}"> <b>x</b> report'
    path = tmp_path / "<b>bold<i> & more.txt"  # a file name holds no slash
    path.write_text(f"{title}\n\nThe <i>aid</i> came in <b>1958</b>.\n", encoding="utf-8")
    outcomes = window.import_paths([path])
    assert outcomes[0].status == "imported", outcomes
    doc_id = outcomes[0].document_id
    text = corpus.load_document(window.store, doc_id).text
    start = text.index("<b>1958</b>")
    row = ann_svc.create_annotation(window.store, doc_id, "date", start, start + len("<b>1958</b>"),
                                    creator="lee", value=DateValue("1958"), note="<b>see</b> <img src=x>",
                                    status="needs_review")
    window.current_doc = None
    window.show_document(doc_id)  # with the annotation made through the service
    return doc_id, title, path.name, row.id


def test_document_list_title_tooltip_and_status_bar_show_markup_as_text(qtbot, window, marked, image):
    doc_id, title, name, _ann = marked
    box = window.last_message_box
    if box is not None:
        box.close()
    activate(qtbot, window)
    model = window.doc_model
    row = model.row_of(doc_id)
    assert model.index(row, 0).data() == title
    tip = model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    shown = rendered(tip)
    assert title in shown and name in shown
    window.show_document(doc_id)
    assert window.windowTitle().startswith(title)
    assert label_shows(window.doc_info).startswith(name)
    window.statusBar().showMessage(f"Opened {title}")
    assert window.statusBar().currentMessage() == f"Opened {title}"  # painted as plain text


def label_shows_box(box: QMessageBox) -> str:
    return rendered(box.text(), box.textFormat())


def test_import_summary_shows_file_names_and_reasons_literally(qtbot, window, tmp_path, image):
    bad = tmp_path / f'<img src="{image.name}">.txt'
    bad.write_bytes(b"")
    window.import_paths([bad])
    dialog = window.importer.summary
    table = dialog.table
    (r,) = [r for r in range(table.rowCount()) if table.item(r, 1).text() == bad.name]
    assert rendered(table.item(r, 1).toolTip()) == bad.name
    assert rendered(table.item(r, 2).toolTip()) == "the file is empty"


def test_annotation_table_editor_and_review_reason_are_plain(qtbot, window, marked):
    doc_id, _title, _name, ann_id = marked
    window.show_document(doc_id)
    panel = window.panel
    panel.select_annotation(ann_id)
    model = panel.table.model()
    (index,) = [model.index(r, 1) for r in range(model.rowCount())
                if model.index(r, 0).data(Qt.ItemDataRole.UserRole) == ann_id]
    assert index.data() == "<b>1958</b>"
    assert "Date" in rendered(index.data(Qt.ItemDataRole.ToolTipRole))
    assert "<b>1958</b>" in rendered(index.data(Qt.ItemDataRole.ToolTipRole))
    editor = panel.editor
    assert "“<b>1958</b>”" in label_shows(editor.heading)
    assert editor.note_edit.text() == "<b>see</b> <img src=x>"
    assert editor.review_label.textFormat() == Qt.TextFormat.PlainText


def test_message_boxes_are_plain_text(qtbot, window, tmp_path, image, monkeypatch):
    from curator.ui import dialogs

    box = dialogs.error(window, "Import", f'<img src="{image}"> was not imported: <b>why</b>')
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert label_shows_box(box) == f'<img src="{image}"> was not imported: <b>why</b>'
    about = dialogs.about(window)
    assert about.textFormat() == Qt.TextFormat.RichText and "<b>" not in label_shows_box(about)
    long = dialogs.info(window, "Import", "x" * 100_000)
    assert len(long.text()) <= 2_000 and long.text().endswith("…")


def test_metadata_dialog_shows_the_file_name_and_notes_as_text(qtbot, window, marked):
    doc_id, _title, name, _ann = marked
    window.show_document(doc_id)
    dialog = window.importer.edit_metadata()
    shown = [label_shows(label) for label in dialog.findChildren(QLabel)]
    assert name in shown
    assert any(s.startswith("encoding utf-8") for s in shown)


def test_long_titles_are_elided_in_the_list_and_tips(qtbot, window, store):
    doc_id = window.current_doc.id
    with store.unit() as s:  # a title written before the limits (or by another tool)
        from curator.store.models import Document

        s.get(Document, doc_id).title = "T" * 5_000_000
    window.reload_documents(select=doc_id)
    row = window.doc_model.row_of(doc_id)
    shown = window.doc_model.index(row, 0).data()
    assert len(shown) <= 300 and shown.endswith("…")
    assert len(window.doc_model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)) < 1_200
    window.show_document(doc_id)
    assert len(window.windowTitle()) < 200
    window.statusBar().showMessage("T" * 1_000_000)
    assert len(window.statusBar().currentMessage()) <= 300
    assert isinstance(QModelIndex(), QModelIndex)


def test_every_row_list_model_shows_cells_and_tips_as_text(qtbot):
    """The docks' tables (corrections, suggestions, findings, OCR words) and the
    document list share RowListModel: its string cells are elided, its tips escaped."""
    from dataclasses import dataclass

    from curator.ui.models.row_list_model import RowListModel

    @dataclass(frozen=True)
    class Row:
        id: int
        text: str

    class Model(RowListModel[Row]):
        HEADERS = ("Text",)

        def cell(self, row, col, role):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return row.text
            return None

    model = Model()
    markup = '<img src="x.png"><b>bold</b> & more\nsecond line'
    model.set_rows([Row(1, markup), Row(2, "y" * 10_000)])
    assert model.index(0, 0).data() == markup
    assert rendered(model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)) == markup
    assert len(model.index(1, 0).data()) == 300 and model.index(1, 0).data().endswith("…")
