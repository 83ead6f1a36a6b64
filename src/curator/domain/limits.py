"""How long the short fields of a document or an annotation may be.

A title is a line, not a text: a 50 MB title (which the dataset schema once allowed)
froze the window for ~24 s at every repaint of the document list. The dataset schema
(``exchange/schemas/curator-dataset-1.schema.json``) states the same numbers as
``maxLength`` (a test keeps them equal), the importer's fast checks and the metadata
service enforce them, and the views elide whatever is long anyway.
"""

from __future__ import annotations

TITLE_MAX = 500  # the metadata service has always cut titles here
SOURCE_NAME_MAX = 1_000  # the file name first imported
AUTHORS_MAX = 1_000
SOURCE_MAX = 2_000  # a URL or DOI
ENCODING_MAX = 64
IMPORT_NOTES_MAX = 4_000
LANGUAGES_MAX = 20  # language codes of one document
LANGUAGE_CODE_MAX = 35  # BCP 47's longest practical tag
NOTE_MAX = 10_000  # an annotation's or a verdict's note
NAME_MAX = 200  # a curator's name: creator, author, decided_by
REASON_MAX = 1_000  # a correction's reason, an annotation's review reason
ORIGIN_MAX = 64
FINDING_KEY_MAX = 1_000
UNIT_MAX = 32  # a figure's unit (the schema had it already)
SUMMARY_MAX = 500  # a claim's summary (the schema had it already)

# JSON Schema property -> limit, per definition of the dataset schema
SCHEMA_LIMITS: dict[str, dict[str, int]] = {
    "document": {"title": TITLE_MAX, "source_name": SOURCE_NAME_MAX, "authors": AUTHORS_MAX,
                 "source": SOURCE_MAX, "encoding": ENCODING_MAX, "import_notes": IMPORT_NOTES_MAX},
    "correction": {"reason": REASON_MAX, "origin": ORIGIN_MAX, "author": NAME_MAX, "decided_by": NAME_MAX},
    "finding": {"key": FINDING_KEY_MAX, "note": NOTE_MAX, "curator": NAME_MAX},
    "annotation": {"note": NOTE_MAX, "review_reason": REASON_MAX, "creator": NAME_MAX},
}


def too_long(what: str, value: str, limit: int) -> str | None:
    """A refusal for a ``value`` longer than ``limit`` characters, or None."""
    if len(value) <= limit:
        return None
    return f"{what} is {len(value):,} characters long; the limit is {limit:,}"
