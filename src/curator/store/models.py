"""The tables. Timestamps are ISO 8601 UTC strings (``2026-11-22T10:00:00.000000Z``):
portable between SQLite and PostgreSQL, sortable, and exported as they are.

A document's text lives in :class:`Revision` rows; revision 1 is the imported text and
is never overwritten. An annotation's span (:class:`AnnotationSpan`) points at the revision
its offsets count into.
"""

from __future__ import annotations

from typing import Optional

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Text,
    UniqueConstraint,
    false,
)
from sqlmodel import Field, SQLModel

from curator.domain.clock import utcnow  # noqa: F401  (re-exported: the one clock)


class Curator(SQLModel, table=True):
    __tablename__ = "curator"
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    created: str = Field(default_factory=utcnow, sa_column=Column(Text, nullable=False))


class Document(SQLModel, table=True):
    __tablename__ = "document"
    # AUTOINCREMENT (here and on every table whose ids are handed around): an id is never
    # given again after its row was deleted (migration 0009)
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str = Field(sa_column=Column(Text, nullable=False))
    source_name: str = Field(sa_column=Column(Text, nullable=False))
    raw_sha256: str = Field(sa_column=Column(Text, nullable=False, index=True))
    encoding: str = Field(default="utf-8", sa_column=Column(Text, nullable=False))
    import_notes: str = Field(default="", sa_column=Column(Text, nullable=False))
    created: str = Field(default_factory=utcnow, sa_column=Column(Text, nullable=False))
    # bibliographic metadata, editable by curators and exported
    authors: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    year: Optional[int] = Field(default=None, sa_column=Column(Integer, nullable=True))
    source: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    # languages present, as comma-separated ISO 639-1 codes ("ko,en")
    languages: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class DocumentSource(SQLModel, table=True):
    """The bytes of the imported file, kept so the text can be decoded again with
    another encoding, and so the raw sha256 can always be checked."""

    __tablename__ = "document_source"
    document_id: int = Field(
        sa_column=Column(Integer, ForeignKey("document.id", ondelete="CASCADE"), primary_key=True)
    )
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class Revision(SQLModel, table=True):
    __tablename__ = "revision"
    # AUTOINCREMENT: a revision id is never reused, even after an undo deleted the newest
    # revision, so texts may be cached by revision id (revisions are immutable).
    __table_args__ = (UniqueConstraint("document_id", "number"), {"sqlite_autoincrement": True})
    id: Optional[int] = Field(default=None, primary_key=True)
    document_id: int = Field(
        sa_column=Column(Integer, ForeignKey("document.id", ondelete="CASCADE"), nullable=False)
    )
    number: int = Field(sa_column=Column(Integer, nullable=False))
    parent_id: Optional[int] = Field(
        default=None, sa_column=Column(Integer, ForeignKey("revision.id"), nullable=True)
    )
    text: str = Field(sa_column=Column(Text, nullable=False))
    sha256: str = Field(sa_column=Column(Text, nullable=False))
    note: str = Field(default="", sa_column=Column(Text, nullable=False))
    created: str = Field(default_factory=utcnow, sa_column=Column(Text, nullable=False))


class Annotation(SQLModel, table=True):
    __tablename__ = "annotation"
    """What an annotation says. Where it is (revision, start, end) lives in
    :class:`AnnotationSpan`, so a correction shifting thousands of annotations rewrites
    narrow rows only."""

    __table_args__ = (Index("ix_annotation_document", "document_id"), {"sqlite_autoincrement": True})
    id: Optional[int] = Field(default=None, primary_key=True)
    document_id: int = Field(
        sa_column=Column(Integer, ForeignKey("document.id", ondelete="CASCADE"), nullable=False)
    )
    label: str = Field(sa_column=Column(Text, nullable=False))
    quote: str = Field(sa_column=Column(Text, nullable=False))
    value_json: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))
    note: str = Field(default="", sa_column=Column(Text, nullable=False))
    status: str = Field(default="draft", sa_column=Column(Text, nullable=False))
    # "manual" (selected by a curator), "suggestion" (an accepted detector proposal),
    # "import" (read from a dataset file)
    origin: str = Field(
        default="manual", sa_column=Column(Text, nullable=False, server_default="manual")
    )
    creator_id: int = Field(
        sa_column=Column(Integer, ForeignKey("curator.id"), nullable=False)
    )
    created: str = Field(default_factory=utcnow, sa_column=Column(Text, nullable=False))
    modified: str = Field(default_factory=utcnow, sa_column=Column(Text, nullable=False))
    # why the annotation needs review (set with status needs_review by a correction)
    review_reason: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))
    # the status it had before a correction flagged or orphaned it (given back on review)
    prior_status: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))


class AnnotationSpan(SQLModel, table=True):
    """Where an annotation is: code points into ``revision_id``'s text.

    Kept apart from :class:`Annotation` because accepting a correction shifts every
    later annotation: on these narrow rows that is ~15 ms for 20,000 annotations, on the
    wide ``annotation`` rows (quote, value, note, timestamps) ~110 ms. Indexed by
    document only: an index on ``start`` would be rewritten by every shift. The quote
    stays on ``annotation``: an untouched carried annotation's quote does not change.
    """

    __tablename__ = "annotation_span"
    __table_args__ = (Index("ix_annotation_span_document", "document_id"),)
    annotation_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("annotation.id", ondelete="CASCADE"), primary_key=True,
            autoincrement=False,
        )
    )
    document_id: int = Field(
        sa_column=Column(Integer, ForeignKey("document.id", ondelete="CASCADE"), nullable=False)
    )
    revision_id: int = Field(sa_column=Column(Integer, ForeignKey("revision.id"), nullable=False))
    start: int = Field(sa_column=Column(Integer, nullable=False))
    end: int = Field(sa_column=Column(Integer, nullable=False))


class Correction(SQLModel, table=True):
    """A proposed, accepted or rejected edit of a document's text.

    ``start``/``end`` count code points in the text of ``revision_id`` (the revision the
    edit was made on; rebased onto newer revisions while it is pending and untouched).
    Accepting it produces ``applied_revision_id``. A noise zone (running header, page
    number, site navigation) is a correction of kind ``noise`` with an empty replacement:
    the original revision keeps the text, the curated text leaves it out.
    """

    __tablename__ = "correction"
    __table_args__ = (Index("ix_correction_doc_status", "document_id", "status"), {"sqlite_autoincrement": True})
    id: Optional[int] = Field(default=None, primary_key=True)
    document_id: int = Field(
        sa_column=Column(Integer, ForeignKey("document.id", ondelete="CASCADE"), nullable=False)
    )
    revision_id: int = Field(sa_column=Column(Integer, ForeignKey("revision.id"), nullable=False))
    start: int = Field(sa_column=Column(Integer, nullable=False))
    end: int = Field(sa_column=Column(Integer, nullable=False))
    original: str = Field(sa_column=Column(Text, nullable=False))
    replacement: str = Field(sa_column=Column(Text, nullable=False))
    kind: str = Field(default="edit", sa_column=Column(Text, nullable=False))
    reason: str = Field(default="", sa_column=Column(Text, nullable=False))
    status: str = Field(default="proposed", sa_column=Column(Text, nullable=False))
    origin: str = Field(default="manual", sa_column=Column(Text, nullable=False))
    author_id: int = Field(sa_column=Column(Integer, ForeignKey("curator.id"), nullable=False))
    created: str = Field(default_factory=utcnow, sa_column=Column(Text, nullable=False))
    decided_by_id: Optional[int] = Field(
        default=None, sa_column=Column(Integer, ForeignKey("curator.id"), nullable=True)
    )
    decided: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))
    applied_revision_id: Optional[int] = Field(
        default=None, sa_column=Column(Integer, ForeignKey("revision.id"), nullable=True)
    )


class ClaimEvidence(SQLModel, table=True):
    """A claim annotation supported by a date or figure annotation of the same document."""

    __tablename__ = "claim_evidence"
    claim_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("annotation.id", ondelete="CASCADE"), primary_key=True
        )
    )
    evidence_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("annotation.id", ondelete="CASCADE"), primary_key=True
        )
    )


class Suggestion(SQLModel, table=True):
    """A detector's proposal of an annotation, waiting for a curator's decision.

    Offsets count code points in ``revision_id``'s text. Accepted ones point at the
    annotation they became; rejected ones are kept so they are never proposed again.
    """

    __tablename__ = "suggestion"
    __table_args__ = (Index("ix_suggestion_doc_status", "document_id", "status"), {"sqlite_autoincrement": True})
    id: Optional[int] = Field(default=None, primary_key=True)
    document_id: int = Field(
        sa_column=Column(Integer, ForeignKey("document.id", ondelete="CASCADE"), nullable=False)
    )
    revision_id: int = Field(sa_column=Column(Integer, ForeignKey("revision.id"), nullable=False))
    label: str = Field(sa_column=Column(Text, nullable=False))
    start: int = Field(sa_column=Column(Integer, nullable=False))
    end: int = Field(sa_column=Column(Integer, nullable=False))
    quote: str = Field(sa_column=Column(Text, nullable=False))
    value_json: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))
    reason: str = Field(default="", sa_column=Column(Text, nullable=False))
    score: float = Field(default=1.0, sa_column=Column(Float, nullable=False))
    status: str = Field(default="pending", sa_column=Column(Text, nullable=False))
    annotation_id: Optional[int] = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("annotation.id", ondelete="SET NULL"), nullable=True),
    )
    created: str = Field(default_factory=utcnow, sa_column=Column(Text, nullable=False))
    decided: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))
    decided_by_id: Optional[int] = Field(
        default=None, sa_column=Column(Integer, ForeignKey("curator.id"), nullable=True)
    )


class FindingVerdict(SQLModel, table=True):
    """A curator's verdict on a parallel-text finding (e.g. a translation error).

    Findings are recomputed from the text; ``key`` names one stably by its label and the
    quotes and values of its two sides, so a verdict survives re-checking."""

    __tablename__ = "finding_verdict"
    __table_args__ = (UniqueConstraint("document_id", "key"), {"sqlite_autoincrement": True})
    id: Optional[int] = Field(default=None, primary_key=True)
    document_id: int = Field(
        sa_column=Column(Integer, ForeignKey("document.id", ondelete="CASCADE"), nullable=False)
    )
    key: str = Field(sa_column=Column(Text, nullable=False))
    verdict: str = Field(sa_column=Column(Text, nullable=False))
    note: str = Field(default="", sa_column=Column(Text, nullable=False))
    curator_id: int = Field(sa_column=Column(Integer, ForeignKey("curator.id"), nullable=False))
    created: str = Field(default_factory=utcnow, sa_column=Column(Text, nullable=False))
    modified: str = Field(default_factory=utcnow, sa_column=Column(Text, nullable=False))


class OcrWord(SQLModel, table=True):
    """A word of an imported OCR file (ALTO, hOCR, PAGE) with its confidence.

    ``start``/``end`` count code points in ``revision_id``'s text: the imported revision
    1, never moved. Where a word is in a later revision is computed by carrying the span
    through the accepted corrections (``services.ocr``), so corrections never rewrite
    these rows. ``confidence`` is normalised to 0..1 (1 = sure); ``raw_confidence`` and
    ``raw_kind`` (WC, CC, x_wconf, conf) keep what the file said.
    """

    __tablename__ = "ocr_word"
    __table_args__ = (Index("ix_ocr_word_doc_confidence", "document_id", "confidence"), {"sqlite_autoincrement": True})
    id: Optional[int] = Field(default=None, primary_key=True)
    document_id: int = Field(
        sa_column=Column(Integer, ForeignKey("document.id", ondelete="CASCADE"), nullable=False)
    )
    revision_id: int = Field(sa_column=Column(Integer, ForeignKey("revision.id"), nullable=False))
    start: int = Field(sa_column=Column(Integer, nullable=False))
    end: int = Field(sa_column=Column(Integer, nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    confidence: Optional[float] = Field(default=None, sa_column=Column(Float, nullable=True))
    raw_confidence: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))
    raw_kind: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))
    reviewed: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )
