"""JSON Lines for NLP tools: one text per line with its labelled spans.

Each line follows doccano's sequence-labelling import format, ``{"text": ...,
"label": [[start, end, "DATE"], ...]}``, with character offsets that are Python
code-point offsets into the text — so ``text[start:end]`` is the quote and spaCy's
``Doc.char_span(start, end)`` finds the span. Extra keys (``id``, ``meta``, ``spans``)
are kept by doccano as metadata.

* One line per document revision that has annotations (offsets count into the
  revision they were made on), plus the current text of every document that has none,
  so unannotated documents are there as negative examples.
* ``spans`` repeats the spans with Curator's annotation id, value and status.
* Lines are ordered by document id and revision number, spans by position: the output
  is deterministic.

doccano's annotation view counts UTF-16 code units (JavaScript string indices), not code
points (doccano issue #2290; ``v-annotator``'s ``Text``), so after a character above
U+FFFF (emoji, CJK Extension B) code-point offsets land one unit early per such
character. ``offsets="utf16"`` writes ``label`` and ``spans`` offsets in UTF-16 units
for doccano (sequence labelling without grapheme mode) and marks ``meta.offsets``; on
text with no such character both units agree and the lines differ only by that mark.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, BinaryIO, Literal

import orjson

from curator.domain.errors import ValidationError
from curator.domain.labels import Label
from curator.exchange.output import Progress, checked_quote, escape_line_separators
from curator.text.offsets import Utf16Map

if TYPE_CHECKING:
    from curator.store.snapshot import DocumentMeta, ExportReader, RevisionText

OffsetUnit = Literal["codepoint", "utf16"]


def write_jsonl(
    reader: ExportReader, handle: BinaryIO, *, progress: Progress | None = None, offsets: OffsetUnit = "codepoint"
) -> int:
    """Write one JSON line per annotated revision (and per unannotated document);
    returns the number of annotations written. ``offsets`` is the unit of every span
    offset: ``"codepoint"`` (Python, spaCy) or ``"utf16"`` (doccano's view)."""
    if offsets not in ("codepoint", "utf16"):
        raise ValidationError(f"unknown offset unit '{offsets}': use 'codepoint' or 'utf16'")
    written = 0
    total = reader.count_annotations()
    for doc in reader.documents():
        by_revision: dict[int, list[dict[str, Any]]] = {}
        for batch in reader.annotations(document_id=doc.id):
            for row in batch:
                # unpacked by position: a Row attribute costs about a microsecond
                ann_id, _doc, rev_id, label, start, end, _q, value_json, _n, status = row[:10]
                checked_quote(row, reader.revision(rev_id))
                value = None if value_json is None else orjson.loads(value_json)
                if label == Label.CLAIM:
                    value = _claim_value(reader, ann_id, value)
                by_revision.setdefault(rev_id, []).append(
                    {
                        "start": start,
                        "end": end,
                        "label": label.upper(),
                        "id": ann_id,
                        "value": value,
                        "status": status,
                    }
                )
        if not by_revision:
            handle.write(_line(doc, reader.current_revision(doc.id), [], offsets))
            continue
        revisions = sorted((reader.revision(rev_id) for rev_id in by_revision), key=lambda r: r.number)
        for rev in revisions:
            spans = by_revision[rev.id]
            handle.write(_line(doc, rev, spans, offsets))
            written += len(spans)
        if progress is not None:
            progress(written, total)
    if progress is not None:
        progress(written, total)
    return written


def _claim_value(reader: ExportReader, claim_id: int, value: dict[str, Any] | None) -> dict[str, Any] | None:
    """A claim's value as Curator's JSON; its evidence ids come from its links."""
    evidence = [link.evidence_id for link in reader.evidence(claim_id)]
    if value is None and not evidence:
        return None
    return {"summary": (value or {}).get("summary", ""), "evidence": evidence}


def _line(doc: DocumentMeta, rev: RevisionText, spans: list[dict[str, Any]], offsets: OffsetUnit) -> bytes:
    if offsets == "utf16":
        spans = _in_utf16(rev.text, spans)
    record: dict[str, Any] = {
        "id": f"{doc.id}-r{rev.number}",
        "text": rev.text,
        "label": [[s["start"], s["end"], s["label"]] for s in spans],
        "meta": {
            "document_id": doc.id,
            "title": doc.title,
            "source_name": doc.source_name,
            "revision": rev.number,
            "sha256": rev.sha256,
        },
        "spans": spans,
    }
    if offsets == "utf16":
        record["meta"]["offsets"] = "utf16"
    return escape_line_separators(orjson.dumps(record)) + b"\n"


def _in_utf16(text: str, spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The spans with their offsets counted in UTF-16 code units of ``text``."""
    units = Utf16Map.of(text)
    if not units.astral:
        return spans
    return [{**s, "start": units.to_utf16(s["start"]), "end": units.to_utf16(s["end"])} for s in spans]
