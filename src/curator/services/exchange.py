"""The use-cases of the file formats: export the store to a file, import a native
dataset into it in one transaction (W3C annotations: :mod:`curator.services.w3c_import`).

Each calls the pure parsing and serialising of :mod:`curator.exchange` and the store's
streaming snapshots (:mod:`curator.store.snapshot`) and bulk writes
(:mod:`curator.store.bulk`). Database errors come out as the project's own
(:class:`~curator.domain.errors.StoreError`), so the window and the command line catch
those alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from curator.domain.errors import ValidationError
from curator.exchange.formats import EXPORT, IMPORT, Exported
from curator.exchange.native import (
    ON_CONFLICT,
    Checker,
    ExportSummary,
    ImportSummary,
    NotStreamable,
    Progress,
    checked_documents,
    gc_paused,
)
from curator.exchange.output import atomic_output
from curator.store.bulk import BulkDb, WriteConflict, fix_sequences, store_errors
from curator.store.bulk_dataset import Writer
from curator.store.bulk_merge import Merger
from curator.store.dataset_snapshot import DatasetReader
from curator.store.engine import Store
from curator.store.snapshot import ExportReader, snapshot

_ATTEMPTS = 3


# ----------------------------------------------------------------------------- export


@contextmanager
def _reader(store: Store, source: str) -> Iterator[Any]:
    """The snapshot reader an export format takes, in one read transaction."""
    with snapshot(store) as conn:
        yield DatasetReader(conn) if source == "dataset" else ExportReader(conn)


def export(store: Store, name: str, out: Path | str | BinaryIO, *, progress: Progress | None = None) -> Exported:
    """Write the store in the export format ``name`` (:data:`curator.exchange.formats.EXPORT`).
    A path is written through a temporary file beside it and renamed into place at the
    end, so a failure leaves the target as it was; an open binary file is written as it
    goes."""
    fmt = EXPORT[name]
    with store_errors(f"could not read the store for the {fmt.label} export"):
        if not isinstance(out, (str, Path)):
            with _reader(store, fmt.source) as reader:
                return fmt.write(reader, out, progress)
        with atomic_output(Path(out), binary=True) as fh, _reader(store, fmt.source) as reader:
            return fmt.write(reader, fh, progress)


def export_dataset(store: Store, out: Path | str | BinaryIO, *, progress: Progress | None = None) -> ExportSummary:
    """The whole store as a native dataset (see :func:`export`)."""
    done = export(store, "native", out, progress=progress)
    path = Path(out) if isinstance(out, (str, Path)) else None
    return ExportSummary(done.documents or 0, done.annotations, path, done.left_out)


def write_w3c(store: Store, out: Path | str, *, progress: Progress | None = None, lines: bool = False) -> int:
    """Every annotation as W3C Web Annotations (JSON Lines with ``lines``); how many."""
    return export(store, "w3c-jsonl" if lines else "w3c", out, progress=progress).annotations


def write_jsonl(store: Store, out: Path | str, *, progress: Progress | None = None, offsets: str = "codepoint") -> int:
    """JSON Lines for NLP tools (offsets in code points, or UTF-16 units for doccano)."""
    if offsets not in ("codepoint", "utf16"):
        raise ValidationError(f"unknown offset unit '{offsets}': use 'codepoint' or 'utf16'")
    return export(store, "doccano" if offsets == "utf16" else "jsonl", out, progress=progress).annotations


def write_csv(store: Store, out: Path | str, *, progress: Progress | None = None) -> int:
    """The dates and figures as CSV; how many rows."""
    return export(store, "csv", out, progress=progress).annotations


# ----------------------------------------------------------------------------- import


def import_dataset(
    store: Store, path: Path | str, *, on_conflict: str = "refuse", progress: Progress | None = None
) -> ImportSummary:
    """Import a dataset file in ONE transaction, one document at a time: each document
    is checked fully before it is written, and the first problem anywhere rolls the
    whole transaction back, so the store is left exactly as it was (a file is read once:
    a separate checking pass would double the time). Memory holds one document and a
    batch of rows.

    Ids, curators, timestamps, statuses, origins, evidence links, the corrections log
    (revision numbers kept, revision ids the store's own), verdicts and metadata are
    kept. When ids already exist in the store: ``refuse`` (default) stops, naming the
    first one; ``skip`` leaves out documents whose text (sha256) the store already has,
    with everything of theirs, and keeps the ids of the rest (a clash among those is
    still refused); ``new-ids`` gives every document, annotation and correction a fresh
    id, remapping evidence; ``merge`` adds the annotations of each document whose text
    the store has to that document, leaving out those it has already, and imports the
    other documents with new ids (:mod:`curator.store.bulk_merge`).
    ``progress(done, total)``: see :func:`curator.exchange.native.checked_documents`."""
    if on_conflict not in ON_CONFLICT:
        raise ValidationError(f"on_conflict must be one of {', '.join(ON_CONFLICT)}, not {on_conflict!r}")
    for attempt in range(_ATTEMPTS):
        try:
            with store_errors(f"could not import {Path(path).name}"):
                return _import_dataset(store, path, on_conflict, progress)
        except WriteConflict as exc:
            # ids kept from the file, taken by another writer between the check and the
            # write (PostgreSQL): rolled back; the next attempt checks them again
            if attempt == _ATTEMPTS - 1:
                raise ValidationError(
                    f"another writer changed the store during the import ({exc.reason}); nothing was imported"
                ) from exc
    raise AssertionError("unreachable")


def _import_dataset(store: Store, path: Path | str, on_conflict: str, progress: Progress | None) -> ImportSummary:
    with gc_paused():
        for streamed in (True, False):
            checker = Checker()
            try:
                with store.begin() as conn:
                    writer = Writer(BulkDb(conn), on_conflict)
                    merger = Merger(writer) if on_conflict == "merge" else None
                    add = writer.add if merger is None else merger.add
                    try:
                        for checked in checked_documents(path, checker, streamed, progress):
                            add(checked.doc, checked.revisions, checked.columns, checked.evidence)
                    except (ValidationError, NotStreamable):
                        # a document taken before the one that failed may clash: that comes first
                        writer.settle()
                        raise
                    written = writer.finish()
                    fix_sequences(conn)
            except NotStreamable:
                continue  # rolled back; read the file whole
            merged = (0, 0, 0, 0) if merger is None else (
                merger.documents, merger.annotations, merger.flagged, merger.left_out)
            return ImportSummary(
                written.documents, written.annotations, checker.documents - written.documents - merged[0],
                checker.annotations - written.annotations, written.curators_created, written.corrections, *merged,
            )
    raise AssertionError("unreachable: the whole-file reader never raises NotStreamable")


def import_annotations(
    store: Store, fmt: str, path: Path | str, *, on_conflict: str = "refuse", creator: str | None = None,
    progress: Progress | None = None,
) -> Any:
    """Import ``path`` in the import format ``fmt`` (:data:`curator.exchange.formats.IMPORT`):
    a native dataset (:func:`import_dataset`) or W3C annotations onto the documents here
    (:func:`curator.services.w3c_import.import_w3c`, whose new annotations without a
    creator of their own are ``creator``'s). The summary :func:`describe_import` words."""
    if fmt == "w3c":
        from curator.services.w3c_import import import_w3c

        return import_w3c(store, Path(path), on_conflict=on_conflict, creator=creator, progress=progress)
    if fmt != "native":
        raise ValidationError(f"unknown import format {fmt!r}: expected one of {', '.join(IMPORT)}")
    return import_dataset(store, path, on_conflict=on_conflict, progress=progress)


def describe_import(fmt: str, summary: Any, name: str) -> str:
    """What an import of format ``fmt`` did, in sentences a curator reads."""
    if fmt == "w3c":
        from curator.exchange.w3c_read import describe_import as described
    else:
        from curator.exchange.native import describe_import as described
    return described(summary, name)
