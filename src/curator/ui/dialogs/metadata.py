"""Document ▸ Edit metadata… and Document ▸ Re-decode with encoding….

Both dialogs check what is typed as it is typed (through the service's own
:func:`~curator.services.metadata.clean_field`, so the rules live in one place), show
a problem under the field it belongs to, and keep Save disabled until every field is
acceptable. Saving goes through a ``save`` callback (the controller pushes an undo
command); a refusal from the store (e.g. re-decoding a document with annotations) comes
back as a message shown in the dialog, which then stays open.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from curator.domain.errors import ValidationError
from curator.services.metadata import ImportDetails, Metadata, clean_field
from curator.ui.plain import elide, plain_label

# (what the callback gets) -> an error message to show, or None when saved
SaveCallback = Callable[[dict[str, object]], "str | None"]

COMMON_ENCODINGS = ("utf-8", "cp949", "euc-kr", "utf-16", "latin-1", "cp1252", "shift_jis", "gb18030", "big5")
_ERROR_STYLE = "color: #b00020;"


def _error_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # may quote what was typed
    label.setStyleSheet(_ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def _show(label: QLabel, message: str | None) -> None:
    label.setText(message or "")
    label.setVisible(bool(message))


def _read_only(text: str) -> QLabel:
    label = plain_label(QLabel(), text or "—")  # a file name or notes: never markup
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class MetadataDialog(QDialog):
    """Title, authors, year, source/DOI and languages of one document; the encoding
    and the import notes shown read-only. ``save`` receives only the changed fields."""

    FIELDS = (
        ("title", "&Title", ""),
        ("authors", "&Authors", "e.g. Kim, Y.; Zhang, Chao"),
        ("year", "&Year", "e.g. 1958 (empty if unknown)"),
        ("source", "&Source / DOI", "e.g. https://doi.org/10.1234/abcd"),
        ("languages", "&Languages", "codes separated by commas, e.g. ko, en"),
    )

    def __init__(
        self, meta: Metadata, details: ImportDetails, save: SaveCallback, parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("metadataDialog")
        self.setWindowTitle("Document metadata")
        self._save = save
        self._initial = {
            "title": meta.title,
            "authors": meta.authors,
            "year": "" if meta.year is None else str(meta.year),
            "source": meta.source,
            "languages": ", ".join(meta.languages),
        }
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for name, text, hint in self.FIELDS:
            edit = QLineEdit(self._initial[name])
            edit.setObjectName(f"metadata_{name}")
            edit.setPlaceholderText(hint)
            edit.textChanged.connect(self._validate)
            error = _error_label()
            error.setObjectName(f"metadata_{name}_error")
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(edit)
            box.addWidget(error)
            label = QLabel(text)
            label.setBuddy(edit)
            form.addRow(label, box)
            self.edits[name], self.errors[name] = edit, error
        form.addRow("File", _read_only(details.source_name))
        self.encoding_label = _read_only(details.encoding)
        form.addRow("Encoding", self.encoding_label)
        notes = _read_only(details.import_notes)
        notes.setObjectName("metadata_notes")
        form.addRow("Import notes", notes)

        self.save_error = _error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save_error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self._validate()

    @property
    def save_button(self):
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def problems(self) -> dict[str, str]:
        """Field name -> why its text cannot be stored."""
        found = {}
        for name, edit in self.edits.items():
            try:
                clean_field(name, edit.text())
            except ValidationError as exc:
                found[name] = str(exc)
        return found

    def changes(self) -> dict[str, object]:
        """The fields whose stored form would differ from what the dialog opened with."""
        out: dict[str, object] = {}
        for name, edit in self.edits.items():
            if clean_field(name, edit.text()) != clean_field(name, self._initial[name]):
                out[name] = edit.text()
        return out

    def _validate(self) -> bool:
        problems = self.problems()
        for name, label in self.errors.items():
            _show(label, problems.get(name))
        _show(self.save_error, None)
        self.save_button.setEnabled(not problems)
        return not problems

    def accept(self) -> None:
        if not self._validate():
            return  # Enter in a field with a problem: nothing is saved
        changes = self.changes()
        if changes:
            error = self._save(changes)
            if error:
                _show(self.save_error, error)
                return
        super().accept()


class EncodingDialog(QDialog):
    """Choose another encoding for the imported bytes; ``save`` gets ``{"encoding": name}``."""

    def __init__(self, details: ImportDetails, save: SaveCallback, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("encodingDialog")
        self.setWindowTitle("Re-decode with encoding")
        self._save = save
        self._current = details.encoding
        self.intro = intro = QLabel(
            f"<b>{escape(elide(details.source_name))}</b> was read as <b>{escape(details.encoding or 'unknown')}</b>."
            "<br>Curator kept the file's bytes: decoding them again replaces the text of this document. "
            "This is refused once the document has annotations or corrections. "
            "Undo (Ctrl+Z) decodes it back with the previous encoding."
        )
        intro.setWordWrap(True)
        notes = plain_label(QLabel(), f"Import notes: {details.import_notes or '—'}")
        notes.setWordWrap(True)
        notes.setStyleSheet("color: #555555;")

        self.combo = QComboBox()
        self.combo.setObjectName("encodingCombo")
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.addItems(COMMON_ENCODINGS)
        self.combo.setCurrentText(details.encoding if details.encoding in COMMON_ENCODINGS else COMMON_ENCODINGS[0])
        self.combo.currentTextChanged.connect(self._validate)
        self.combo.setToolTip("Any encoding Python knows, e.g. iso-2022-kr, koi8-r, mac-roman")
        self.error = _error_label()
        self.error.setObjectName("encodingError")

        form = QFormLayout()
        form.addRow("&Encoding", self.combo)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton("&Re-decode", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(notes)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self._validate()

    def encoding(self) -> str:
        return self.combo.currentText().strip()

    def problem(self) -> str | None:
        name = self.encoding()
        if not name:
            return "type or choose an encoding"
        try:
            codecs.lookup(name)
        except LookupError:
            return f"'{name}' is not an encoding Python knows"
        return None

    def _validate(self) -> bool:
        problem = self.problem()
        _show(self.error, problem)
        self.ok.setEnabled(problem is None)
        return problem is None

    def accept(self) -> None:
        if not self._validate():
            return
        error = self._save({"encoding": self.encoding()})
        if error:
            _show(self.error, error)
            return
        super().accept()
