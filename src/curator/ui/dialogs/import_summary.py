"""The summary at the end of an import: one row per file (imported, skipped, refused,
or not imported because the curator stopped the import), with the reason, in a table
the curator can copy (Ctrl+C on a selection, or the Copy button for every row)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from curator.services.corpus import ImportOutcome
from curator.ui.icons import icon
from curator.ui.plain import one_line, tooltip

STOPPED = "not imported"
STOPPED_REASON = "the import was stopped before this file"
_ICONS = {"imported": "accepted", "skipped": "pending", "refused": "rejected", STOPPED: "warning"}
_ORDER = {"refused": 0, STOPPED: 1, "skipped": 2, "imported": 3}  # problems first


def summary_text(outcomes: list[ImportOutcome], not_started: int = 0) -> str:
    """One sentence: the counts, and whether the import was stopped."""
    counts = {status: sum(o.status == status for o in outcomes) for status in ("imported", "skipped", "refused")}
    total = len(outcomes) + not_started
    text = (
        f"Imported {counts['imported']}, skipped {counts['skipped']}, refused {counts['refused']} "
        f"of {total} file{'s' if total != 1 else ''}."
    )
    if not_started:
        text += f" Stopped: {not_started} file{'s were' if not_started != 1 else ' was'} not imported."
    return text


class ImportSummaryDialog(QDialog):
    """Non-blocking (opened with :meth:`open`); :meth:`text` is the headline and
    :meth:`rows` the table's ``(status, file, reason)`` rows, for tests and copying."""

    def __init__(
        self, outcomes: list[ImportOutcome], not_started: list[str] | None = None, parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importSummary")
        self.setWindowTitle("Import")
        not_started = not_started or []
        self._text = summary_text(outcomes, len(not_started))
        rows = [(o.status, o.source, o.reason) for o in outcomes]
        rows += [(STOPPED, name, STOPPED_REASON) for name in not_started]
        # a stable sort: problems first, each group in the order the files were read
        self._rows = sorted(rows, key=lambda r: _ORDER.get(r[0], 9))

        headline = QLabel(f"<b>{escape(self._text)}</b>")
        headline.setWordWrap(True)
        headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.table = QTableWidget(len(self._rows), 3)
        self.table.setObjectName("importSummaryTable")
        self.table.setHorizontalHeaderLabels(["Status", "File", "Reason"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        for r, (status, source, reason) in enumerate(self._rows):
            first = QTableWidgetItem(icon(_ICONS.get(status, "warning")), status)
            self.table.setItem(r, 0, first)
            # file names and reasons are data: shown elided, tips escaped (never markup)
            name = QTableWidgetItem(one_line(source))
            name.setToolTip(tooltip(source))
            self.table.setItem(r, 1, name)
            item = QTableWidgetItem(one_line(reason))
            item.setToolTip(tooltip(reason))
            self.table.setItem(r, 2, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.resizeColumnToContents(1)
        header.resizeSection(1, min(max(header.sectionSize(1), 160), 320))
        rows_header = self.table.verticalHeader()
        rows_header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows_header.setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setCurrentItem(None)  # no focus frame on the first cell
        QShortcut(QKeySequence.StandardKey.Copy, self.table, activated=self.copy_selection)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("&Copy table")
        copy.setToolTip("Copy every row as tab-separated text (paste into a spreadsheet)")
        copy.clicked.connect(self.copy_all)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(headline)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, min(150 + (self.fontMetrics().height() + 8) * len(self._rows), 520))

    def text(self) -> str:
        return self._text

    def rows(self) -> list[tuple[str, str, str]]:
        return list(self._rows)

    def as_tsv(self, rows: list[int] | None = None) -> str:
        chosen = range(len(self._rows)) if rows is None else rows
        lines = ["status\tfile\treason"] + ["\t".join(self._rows[i]) for i in chosen]
        return "\n".join(lines) + "\n"

    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText(self.as_tsv())

    def copy_selection(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedIndexes()})
        QGuiApplication.clipboard().setText(self.as_tsv(rows or None))
