"""Documents: import files and folders, seed a new store, list and read documents.

The reads themselves are the store's (:mod:`curator.store.documents`); this module is
the use-cases around them, one transaction each.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from curator.domain.errors import ValidationError
from curator.exchange.textfile import read_text_file
from curator.services.importing import ImportOutcome, import_decoded
from curator.services.ocr import import_ocr_file, is_ocr_file
from curator.store.documents import (
    DocumentInfo,
    DocumentText,
    document_infos,
    document_text,
    has_documents,
)
from curator.store.engine import Store

__all__ = [
    "DocumentInfo", "DocumentText", "ImportOutcome", "TEXT_SUFFIXES", "default_seeds_dir",
    "ensure_seeded", "expand_paths", "import_decoded", "import_files", "is_empty", "list_documents",
    "load_document",
]

TEXT_SUFFIXES = {".txt", ".text", ".md"}


def expand_paths(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(
                p for p in path.rglob("*")
                if p.is_file() and (p.suffix.lower() in TEXT_SUFFIXES or is_ocr_file(p))
            ))
        else:
            files.append(path)
    return files


def import_files(store: Store, paths: list[Path]) -> list[ImportOutcome]:
    """Import files and folders; each file is its own transaction, so one bad file
    is refused with a reason while the rest of the batch goes on."""
    outcomes = []
    for path in expand_paths(paths):
        if is_ocr_file(path):  # ALTO, hOCR, PAGE XML: the words keep their confidences
            outcomes.append(import_ocr_file(store, path))
            continue
        try:
            decoded = read_text_file(path)
        except ValidationError as exc:
            outcomes.append(ImportOutcome(path.name, None, "refused", str(exc)))
            continue
        except OSError as exc:
            outcomes.append(ImportOutcome(path.name, None, "refused", exc.strerror or str(exc)))
            continue
        outcomes.append(import_decoded(store, path.name, decoded))
    return outcomes


def default_seeds_dir() -> Path | None:
    """The bundled sample corpus: ``$CURATOR_SEEDS``, a source checkout's ``seeds/``,
    or the folder a frozen (PyInstaller) build carries."""
    candidates = []
    if os.environ.get("CURATOR_SEEDS"):
        candidates.append(Path(os.environ["CURATOR_SEEDS"]))
    candidates.append(Path(__file__).resolve().parents[3] / "seeds")
    if getattr(sys, "_MEIPASS", None):
        candidates.append(Path(sys._MEIPASS) / "seeds")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return None


def is_empty(store: Store) -> bool:
    with store.read() as s:
        return not has_documents(s)


def ensure_seeded(store: Store, seeds_dir: Path | None = None) -> list[ImportOutcome]:
    """First launch: an empty store gets the bundled sample documents."""
    if not is_empty(store):
        return []
    seeds_dir = seeds_dir or default_seeds_dir()
    if seeds_dir is None:
        return []
    return import_files(store, [seeds_dir])


def list_documents(store: Store) -> list[DocumentInfo]:
    with store.read() as s:
        return document_infos(s)


def load_document(store: Store, doc_id: int) -> DocumentText:
    with store.read() as s:
        return document_text(s, doc_id)
