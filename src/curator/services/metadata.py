"""Document metadata: guesses at import, edits by curators, re-decoding the raw bytes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from sqlalchemy import delete, func, select

from curator.domain.errors import NotFound, ValidationError
from curator.domain.limits import (
    AUTHORS_MAX,
    LANGUAGE_CODE_MAX,
    LANGUAGES_MAX,
    SOURCE_MAX,
    TITLE_MAX,
    too_long,
)
from curator.exchange.textfile import decode_as
from curator.store.engine import Store
from curator.store.models import (
    Annotation,
    Correction,
    Document,
    DocumentSource,
    OcrWord,
    Revision,
    Suggestion,
)
from curator.suggest.metadata import Metadata, guess_metadata, guess_title
from curator.text.canonical import canonicalize


def get_metadata(store: Store, doc_id: int) -> Metadata:
    with store.read() as s:
        doc = s.get(Document, doc_id)
        if doc is None:
            raise NotFound(f"document {doc_id} does not exist")
        langs = tuple(x for x in doc.languages.split(",") if x)
        return Metadata(doc.title, doc.authors, doc.year, doc.source, langs)


@dataclass(frozen=True)
class ImportDetails:
    """How a document's file was read: for the curator to judge the decoding."""

    source_name: str
    encoding: str
    import_notes: str
    has_raw: bool  # the imported bytes were kept, so it can be re-decoded


def get_import_details(store: Store, doc_id: int) -> ImportDetails:
    with store.read() as s:
        doc = s.get(Document, doc_id)
        if doc is None:
            raise NotFound(f"document {doc_id} does not exist")
        has_raw = s.exec(select(func.count()).select_from(DocumentSource)
                         .where(DocumentSource.document_id == doc_id)).one()[0] > 0
        return ImportDetails(doc.source_name, doc.encoding, doc.import_notes, has_raw)


METADATA_FIELDS = ("title", "authors", "year", "source", "languages")


def clean_field(name: str, value: object) -> object:
    """The stored form of one metadata field, or :class:`ValidationError` saying in one
    line why ``value`` cannot be stored. Pure, so a dialog can check a field as typed."""
    if name == "title":
        title = " ".join(str(value).split())
        if not title:
            raise ValidationError("a document needs a title")
        return title[:TITLE_MAX]
    if name == "authors":
        authors = " ".join(str(value).split())
        problem = too_long("the authors field", authors, AUTHORS_MAX)
        if problem:
            raise ValidationError(problem)
        return authors
    if name == "year":
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            year = int(value.strip() if isinstance(value, str) else value)  # type: ignore[arg-type]
        except (TypeError, ValueError) as exc:
            raise ValidationError(f"'{value}' is not a year") from exc
        if not -9999 <= year <= 9999:
            raise ValidationError(f"{year} is not a year Curator can store")
        return year
    if name == "source":
        source = str(value).strip()
        problem = too_long("the source", source, SOURCE_MAX)
        if problem:
            raise ValidationError(problem)
        return source
    if name == "languages":
        langs = [x.strip() for x in value.split(",")] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
        langs = [x.lower() for x in langs if x]
        bad = [x for x in langs if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{2,8})*", x)]
        if bad:
            raise ValidationError(f"'{bad[0]}' is not a language code such as ko or en")
        if len(langs) > LANGUAGES_MAX or any(len(x) > LANGUAGE_CODE_MAX for x in langs):
            raise ValidationError(f"at most {LANGUAGES_MAX} language codes of up to {LANGUAGE_CODE_MAX} characters")
        return ",".join(langs)
    raise ValidationError(f"unknown metadata field: {name}")


def update_metadata(store: Store, doc_id: int, **fields) -> Metadata:
    """Change any of title, authors, year, source, languages (one transaction)."""
    unknown = set(fields) - set(METADATA_FIELDS)
    if unknown:
        raise ValidationError(f"unknown metadata field(s): {', '.join(sorted(unknown))}")
    cleaned = {name: clean_field(name, value) for name, value in fields.items()}
    with store.unit() as s:
        doc = s.get(Document, doc_id)
        if doc is None:
            raise NotFound(f"document {doc_id} does not exist")
        for name, value in cleaned.items():
            setattr(doc, name, value)
        s.add(doc)
    return get_metadata(store, doc_id)


def _reguess(doc: Document, old_text: str, new_text: str) -> None:
    """Fields still holding what was guessed from the wrongly decoded text (a title in
    mojibake) are guessed again from the new text; a curator's own values stay."""
    stem = PurePath(doc.source_name).stem
    old_title, new_title = guess_title(old_text, stem), guess_title(new_text, stem)
    old, new = guess_metadata(old_text, old_title), guess_metadata(new_text, new_title)
    if doc.title == old_title:
        doc.title = new_title
    if doc.authors == old.authors:
        doc.authors = new.authors
    if doc.source == old.source:
        doc.source = new.source
    if doc.languages == ",".join(old.languages):
        doc.languages = ",".join(new.languages)


def redecode(store: Store, doc_id: int, encoding: str) -> str:
    """Decode the imported bytes again with ``encoding`` and make that the document's
    text. Refused once curators have worked on it (annotations or corrections would lose
    their text); the raw bytes themselves are never changed. Returns the new text."""
    with store.unit() as s:
        doc = s.get(Document, doc_id)
        if doc is None:
            raise NotFound(f"document {doc_id} does not exist")
        src = s.get(DocumentSource, doc_id)
        if src is None:
            raise ValidationError("this document's original bytes were not kept; import the file again")
        if s.exec(select(func.count()).select_from(OcrWord).where(OcrWord.document_id == doc_id)).one()[0]:
            raise ValidationError("this document was read from an OCR file (its text is the XML's words); "
                                  "it has no encoding to choose")
        worked = s.exec(select(func.count()).select_from(Annotation).where(Annotation.document_id == doc_id)).one()[0]
        worked += s.exec(select(func.count()).select_from(Correction).where(Correction.document_id == doc_id)).one()[0]
        if worked:
            raise ValidationError(
                "this document has annotations or corrections; re-decoding would change the text "
                "under them. Import the file again as a new document instead."
            )
        canonical = canonicalize(decode_as(src.raw, encoding).text)
        revisions = s.exec(select(Revision).where(Revision.document_id == doc_id)).all()
        if len(revisions) != 1:
            raise ValidationError("this document has corrected revisions; it cannot be re-decoded")
        rev = revisions[0][0]
        _reguess(doc, rev.text, canonical.text)
        # the detectors' proposals were for the text being replaced (an accepted one made
        # an annotation, refused above); they would also hold the revision's foreign key
        s.exec(delete(Suggestion).where(Suggestion.revision_id == rev.id))
        # a new revision row (ids are never reused, so cached texts stay right)
        s.delete(rev)
        s.flush()
        s.add(Revision(document_id=doc_id, number=1, text=canonical.text, sha256=canonical.sha256,
                       note=f"re-decoded as {encoding}"))
        doc.encoding = encoding
        doc.import_notes = "; ".join([f"encoding {encoding} (chosen by a curator)", *canonical.notes])
        s.add(doc)
        return canonical.text
