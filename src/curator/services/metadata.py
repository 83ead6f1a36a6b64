"""Document metadata: guesses at import, edits by curators, re-decoding the raw bytes."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
from curator.text.canonical import canonicalize

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff\U00020000-\U0002a6df]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_STOPWORDS = {
    "en": {"the", "of", "and", "to", "in", "is", "was", "that", "with"},
    "de": {"der", "die", "das", "und", "ist", "nicht", "mit", "von"},
    "fr": {"le", "la", "les", "et", "est", "des", "une", "dans"},
}
_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+")
DOI_SCAN_CHARS = 200_000
# languages are guessed from the first million characters: a 20 MB text in one script is
# one block, whose regex scans held the GIL for seconds (the window froze during imports)
LANGUAGE_SCAN_CHARS = 1_000_000
_NOT_AUTHORS = {"abstract", "accredited", "keywords", "home", "introduction", "초록", "요약"}


@dataclass(frozen=True)
class Metadata:
    title: str
    authors: str
    year: int | None
    source: str
    languages: tuple[str, ...]


def _script(line: str) -> str | None:
    counts = {
        "ko": len(_HANGUL.findall(line)),
        "ja": len(_KANA.findall(line)),
        "zh": len(_HAN.findall(line)),
        "ru": len(_CYRILLIC.findall(line)),
        "latin": len(_LATIN.findall(line)),
    }
    script, n = max(counts.items(), key=lambda kv: kv[1])
    if not n:
        return None
    return "ja" if script == "zh" and counts["ja"] else script


def block_language(block: str) -> str | None:
    """The language of a run of text in one script; None when too short to say
    (a title line, a page number, a menu item) or an unrecognised Latin language."""
    script = _script(block)
    letters = len(_LATIN.findall(block)) if script == "latin" else len(block.strip())
    if script is None or letters < 20:
        return None
    if script != "latin":
        return script
    words = set(re.findall(r"[a-zà-ÿ]+", block.lower()))
    scores = {lang: len(words & stop) for lang, stop in _STOPWORDS.items()}
    lang, hits = max(scores.items(), key=lambda kv: kv[1])
    return lang if hits >= 2 else None


def guess_languages(text: str) -> tuple[str, ...]:
    """Languages present, most text first: consecutive lines in one script form a
    block (a Korean abstract followed by its English version are two blocks even with
    no blank line between), and each block is classified by script, and for Latin
    script by common words."""
    weight: dict[str, int] = {}
    block: list[str] = []
    block_script: str | None = None

    def close() -> None:
        lang = block_language("\n".join(block))
        if lang:
            weight[lang] = weight.get(lang, 0) + sum(len(b) for b in block)

    for line in text.split("\n"):
        script = _script(line)
        if script is None:
            continue
        if script != block_script and block:
            close()
            block = []
        block_script = script
        block.append(line)
    if block:
        close()
    return tuple(sorted(weight, key=lambda k: -weight[k]))


def guess_authors(text: str, title: str) -> str:
    """A short name line among the few lines after the title, e.g. "Zhang, Chao(Seoul
    National University)" -> "Zhang, Chao"; "Soo-Ryong Jo 1" -> "Soo-Ryong Jo".
    Empty when no line looks like a name: a wrong guess is worse than none."""
    seen_title = False
    candidates = 0
    for raw in text.split("\n")[:40]:
        line = " ".join(raw.split())
        if not line:
            continue
        if line in title and not candidates:
            seen_title = True
            continue
        if not seen_title:
            continue
        candidates += 1
        if candidates > 4 or len(line) > 80 or line.lower() in _NOT_AUTHORS:
            return ""
        name = re.sub(r"\s*\(.*\)\s*$", "", line)  # affiliation in brackets
        name = re.sub(r"\s+\d{1,2}$", "", name)  # footnote marker
        parts = [p for p in re.split(r"[,\s]+", name) if p]
        if 2 <= len(parts) <= 6 and all(p[:1].isupper() for p in parts) and not re.search(r"\d", name):
            return name
    return ""


def guess_metadata(text: str, title: str) -> Metadata:
    # the head only: an article's own DOI is on its first pages (one in the references
    # is another work's), and one regex call over 20 MB holds the GIL for half a second
    doi = _DOI.search(text, 0, DOI_SCAN_CHARS)
    return Metadata(
        title=title,
        authors=guess_authors(text, title),
        year=None,
        source=f"https://doi.org/{doi.group(0).rstrip('.,;')}" if doi else "",
        languages=guess_languages(text[:LANGUAGE_SCAN_CHARS]),
    )


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
    from pathlib import PurePath

    from curator.services.corpus import guess_title  # corpus imports this module

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
