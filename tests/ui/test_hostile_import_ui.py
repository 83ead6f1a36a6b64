"""Import annotations… with hostile files: the import always ends, with the refusal
shown, whatever the reader meets, a RecursionError included, and the store unchanged."""

from __future__ import annotations

import orjson
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from curator.services import exchange as exchange_svc
from curator.services.exchange import export_dataset

from .test_annotation_import_ui import NATIVE_FILTER, W3C_FILTER, _import_through_menu, _snapshot


def _deep(path, depth: int) -> None:
    """``path`` with a claim's evidence nested ``depth`` arrays deep (exporter layout)."""
    lines = path.read_bytes().split(b"\n")
    k = next(i for i, line in enumerate(lines) if b'"value":' in line and line.startswith(b'{"id":'))
    item = orjson.loads(lines[k].rstrip(b","))
    comma = b"," if lines[k].endswith(b",") else b""
    item["label"], item["value"] = "claim", {"summary": "s", "evidence": "@@"}
    lines[k] = orjson.dumps(item).replace(b'"@@"', b"[" * depth + b"]" * depth) + comma
    path.write_bytes(b"\n".join(lines))


@pytest.mark.parametrize("depth", [1_000, 5_000])
def test_a_deeply_nested_dataset_is_refused_and_the_import_ends(qtbot, window, store, tmp_path, monkeypatch,
                                                                depth):
    from curator.services import annotations as ann_svc

    ann_svc.create_annotation(store, window.current_doc.id, "date", 0, 4, creator="lee")
    path = tmp_path / "deep.json"
    export_dataset(store, path)
    _deep(path, depth)
    before = _snapshot(store)
    _import_through_menu(qtbot, window, monkeypatch, path, NATIVE_FILTER, "new-ids")
    assert window.annotation_importer.worker is None and window.annotation_importer.progress is None
    box = window.last_message_box
    assert isinstance(box, QMessageBox) and box.icon() == QMessageBox.Icon.Critical
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert box.text().startswith("deep.json was not imported, nothing was changed: ")
    assert "nested more than 64 levels deep (the limit is 64)" in box.text()
    assert window.statusBar().currentMessage() == "deep.json was not imported."
    assert _snapshot(store) == before


@pytest.mark.parametrize("error", [RecursionError("maximum recursion depth exceeded"), RuntimeError("boom"),
                                   KeyError("documents")])
def test_any_failure_of_the_worker_ends_the_import_with_a_message(qtbot, window, store, tmp_path, monkeypatch,
                                                                  error):
    path = tmp_path / "ours.json"
    export_dataset(store, path)

    def failing(*args, **kwargs):
        raise error

    monkeypatch.setattr(exchange_svc, "import_dataset", failing)
    _import_through_menu(qtbot, window, monkeypatch, path, NATIVE_FILTER, "new-ids")
    assert window.annotation_importer.worker is None
    text = window.last_message_box.text()
    assert text.startswith("ours.json was not imported, nothing was changed: an unexpected error "
                           f"({type(error).__name__}")
    assert "Importing" not in window.statusBar().currentMessage()


def test_a_w3c_file_cut_short_is_refused_where_it_ends(qtbot, window, store, tmp_path, monkeypatch):
    from curator.services.exchange import write_w3c
    from curator.services import annotations as ann_svc

    doc = window.current_doc
    ann_svc.create_annotation(store, doc.id, "date", 0, 4, creator="lee")
    path = tmp_path / "cut.jsonld"
    write_w3c(store, path)
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) - 30])
    _import_through_menu(qtbot, window, monkeypatch, path, W3C_FILTER, "refuse")
    text = window.last_message_box.text()
    last = raw[: len(raw) - 30].count(b"\n") + 1
    assert f"the file ends early, at line {last}, column" in text, text


def test_text_file_import_and_export_end_whatever_fails(qtbot, window, store, tmp_path, monkeypatch):
    from curator.services import corpus

    (tmp_path / "a.txt").write_text("A text about 1958.\n", encoding="utf-8")
    real = corpus.import_files

    def failing(store_, paths):
        if paths[0].name == "a.txt":
            raise RuntimeError("boom")
        return real(store_, paths)

    monkeypatch.setattr(corpus, "import_files", failing)
    outcomes = window.import_paths([tmp_path / "a.txt"])
    assert [(o.status, o.reason) for o in outcomes] == [
        ("refused", "not stored: an unexpected error (RuntimeError: boom)")]

    def unlistable(paths):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(corpus, "expand_paths", unlistable)
    outcomes = window.import_paths([tmp_path])
    assert [(o.status, o.reason) for o in outcomes] == [("refused", "not listed: Permission denied")]

    from curator.exchange import native as native_module

    def broken(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(native_module, "write_dataset", broken)
    message = window.export_to(tmp_path / "out.json")
    assert "an unexpected error (RecursionError" in message or \
        "an unexpected error (RecursionError" in window.last_message_box.text()
