"""CSV of dates and figures, for spreadsheets and statistics.

One row per date or figure annotation (claims are prose and are left out), ordered by
document and position. ``value`` is the EDTF string of a date or the exact amount of a
figure (plain decimal notation, never an exponent or a rounded float); ``unit`` is the
figure's unit. ``start``/``end`` are code-point offsets into the revision the
annotation was made on, as everywhere in Curator.

Written with the ``csv`` module: RFC 4180 quoting (fields with commas, quotes or line
breaks are quoted, quotes doubled), ``\\r\\n`` between records, and line breaks inside a
quoted field kept as they are in the text (``\\n``).
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, BinaryIO

import orjson

from curator.domain.labels import Label
from curator.exchange.output import Progress, checked_quote

if TYPE_CHECKING:
    from curator.store.snapshot import ExportReader

COLUMNS = (
    "document_id",
    "document_title",
    "annotation_id",
    "label",
    "quote",
    "start",
    "end",
    "value",
    "unit",
    "status",
    "creator",
)
LABELS = (Label.DATE.value, Label.FIGURE.value)


def write_csv(reader: ExportReader, out: BinaryIO, *, progress: Progress | None = None) -> int:
    """Write the dates and figures as CSV to ``out``; returns the number of rows written."""
    written = 0
    # UTF-8 with a byte-order mark: without it Excel reads a CSV in the machine's ANSI
    # code page and shows Korean (and any non-Latin text) as mojibake. newline="" lets
    # the csv module write RFC 4180 "\r\n" and keep "\n" inside quoted fields untouched.
    handle = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=False)
    try:
        handle.write("\ufeff")
        writer = csv.writer(handle, dialect="excel", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(COLUMNS)
        total = reader.count_annotations(LABELS)
        for batch in reader.annotations(labels=LABELS):
            rows = []
            for row in batch:
                # unpacked by position: a Row attribute costs about a microsecond
                ann_id, doc_id, rev_id, label, start, end, _q, value_json, _n, status, creator = row[:11]
                doc = reader.document(doc_id)
                quote = checked_quote(row, reader.revision(rev_id))
                value = unit = ""
                data = None if value_json is None else orjson.loads(value_json)
                if data is not None and label == Label.DATE:
                    value = data["edtf"]
                elif data is not None:
                    value, unit = data["amount"], data["unit"]
                rows.append(
                    (doc_id, doc.title, ann_id, label, quote, start, end, value, unit, status, creator)
                )
            writer.writerows(rows)
            written += len(rows)
            if progress is not None:
                progress(written, total)
        if progress is not None:
            progress(written, total)
        handle.flush()
    finally:
        handle.detach()  # the caller's file stays open
    return written
