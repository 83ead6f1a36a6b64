"""Small dialogs of the main window. They are opened window-modal but non-blocking
(``QMessageBox.open``), so nothing waits on them and tests can inspect them."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QMessageBox, QWidget

from curator import __version__ as _version
from curator.services.corpus import ImportOutcome


def _box(parent: QWidget, icon: QMessageBox.Icon, title: str, text: str, details: str = "") -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    box.setObjectName("curatorMessage")
    box.open()
    return box


def import_summary(parent: QWidget, outcomes: list[ImportOutcome]) -> QMessageBox:
    """Counts of imported, skipped and refused files, with every reason."""
    counts = {status: sum(o.status == status for o in outcomes) for status in ("imported", "skipped", "refused")}
    lines = [f"{o.status}: {o.source}" + (f" — {o.reason}" if o.reason else "") for o in outcomes]
    problems = [o for o in outcomes if o.status != "imported"]
    text = (
        f"Imported {counts['imported']}, skipped {counts['skipped']}, refused {counts['refused']} "
        f"of {len(outcomes)} file{'s' if len(outcomes) != 1 else ''}."
    )
    if problems:
        text += "<ul>" + "".join(
            f"<li>{escape(o.source)}: {o.status} — {escape(o.reason)}</li>" for o in problems[:8]
        ) + "</ul>"
    icon = QMessageBox.Icon.Warning if counts["refused"] else QMessageBox.Icon.Information
    return _box(parent, icon, "Import", text, "\n".join(lines))


def error(parent: QWidget, title: str, message: str) -> QMessageBox:
    return _box(parent, QMessageBox.Icon.Critical, title, message)


def info(parent: QWidget, title: str, message: str) -> QMessageBox:
    return _box(parent, QMessageBox.Icon.Information, title, message)


def about(parent: QWidget) -> QMessageBox:
    return info(
        parent,
        "About Curator",
        f"<b>Curator {escape(_version)}</b><p>Annotate claims, dates (EDTF) and figures "
        "(exact amounts with units) in historical documents. Every action is saved at once; "
        "offsets are Unicode code points into the stored text.</p>",
    )
