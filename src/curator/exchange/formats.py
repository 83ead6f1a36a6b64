"""The one registry of the file formats Curator writes and reads, for the window's
menus and the command line alike (``curator export --format NAME``,
``curator import-json --format NAME``; the names are public).

An export format names its writer, a pure function of a snapshot reader and a binary
file (:mod:`curator.services.exchange` opens both, and writes through a temporary file
renamed into place); ``source`` says which reader it takes: the native dataset's
(:class:`curator.store.dataset_snapshot.DatasetReader`) or the annotation stream
(:class:`curator.store.snapshot.ExportReader`). An import format names what the
curator sees, the file suffixes it is recognised by and its on-conflict policies; its
reader is in this package (:func:`curator.exchange.native.checked_documents`,
:func:`curator.exchange.w3c_read.streamed_items`) and its use-case in
:mod:`curator.services.exchange`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, BinaryIO, Literal

from curator.exchange.output import Progress

# the on-conflict policies of each import, the default first
NATIVE_ON_CONFLICT = ("refuse", "skip", "new-ids", "merge")
W3C_ON_CONFLICT = ("refuse", "skip", "new-ids")


@dataclass(frozen=True)
class Exported:
    """What an export wrote."""

    annotations: int
    documents: int | None = None  # the native dataset's documents
    left_out: int = 0  # orphaned annotations (their text was removed), not written


@dataclass(frozen=True)
class ExportFormat:
    name: str  # the command line's --format, and the window's key
    label: str  # the menu entry and the file dialog's filter name
    suffix: str
    source: Literal["dataset", "annotations"]  # the snapshot reader the writer takes
    write: Callable[[Any, BinaryIO, Progress | None], Exported]
    what: str = "annotations"  # what it counts, in a message
    note: str = ""  # said after the count on the command line

    @property
    def file_filter(self) -> str:
        return f"{self.label} (*{self.suffix})"


@dataclass(frozen=True)
class ImportFormat:
    name: str  # the command line's import-json --format
    label: str
    suffixes: tuple[str, ...]
    on_conflict: tuple[str, ...]  # the policies it knows, the command line's default first

    @property
    def file_filter(self) -> str:
        return f"{self.label} ({' '.join('*' + s for s in self.suffixes)})"


# The writers' modules are imported when an export starts, not when the window or the
# command line starts (the dataset's brings msgspec, its schema and the checks).


def _dataset(reader: Any, fh: BinaryIO, progress: Progress | None) -> Exported:
    from curator.exchange.native import write_dataset

    summary = write_dataset(reader, fh, progress)
    return Exported(summary.annotations, summary.documents, summary.stale_annotations)


def _w3c(reader: Any, fh: BinaryIO, progress: Progress | None, *, lines: bool = False) -> Exported:
    from curator.exchange.w3c import write_w3c

    return Exported(write_w3c(reader, fh, progress=progress, lines=lines))


def _jsonl(reader: Any, fh: BinaryIO, progress: Progress | None, *, offsets: str = "codepoint") -> Exported:
    from curator.exchange.jsonl import write_jsonl

    return Exported(write_jsonl(reader, fh, progress=progress, offsets=offsets))  # type: ignore[arg-type]


def _csv(reader: Any, fh: BinaryIO, progress: Progress | None) -> Exported:
    from curator.exchange.csv_export import write_csv

    return Exported(write_csv(reader, fh, progress=progress))


EXPORTS: tuple[ExportFormat, ...] = (
    ExportFormat("native", "Curator dataset JSON", ".json", "dataset", _dataset),
    ExportFormat("w3c", "W3C Web Annotation JSON-LD", ".jsonld", "annotations", _w3c),
    ExportFormat("w3c-jsonl", "W3C Web Annotation JSON Lines", ".jsonl", "annotations", partial(_w3c, lines=True)),
    ExportFormat("jsonl", "JSONL for NLP tools", ".jsonl", "annotations", _jsonl),
    ExportFormat("doccano", "JSONL for doccano (UTF-16 offsets)", ".jsonl", "annotations",
                 partial(_jsonl, offsets="utf16"), note=" (offsets in UTF-16 units, as doccano counts)"),
    ExportFormat("csv", "CSV of dates and figures", ".csv", "annotations", _csv,
                 what="dates and figures", note=" (dates and figures)"),
)
EXPORT = {f.name: f for f in EXPORTS}

IMPORTS: tuple[ImportFormat, ...] = (
    ImportFormat("native", "Curator dataset", (".json",), NATIVE_ON_CONFLICT),
    ImportFormat("w3c", "W3C Web Annotation", (".jsonld", ".jsonl"), W3C_ON_CONFLICT),
)
IMPORT = {f.name: f for f in IMPORTS}

__all__ = ["EXPORT", "EXPORTS", "IMPORT", "IMPORTS", "ExportFormat", "Exported", "ImportFormat"]
