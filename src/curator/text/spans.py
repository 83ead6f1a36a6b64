"""Spans chosen by hand, made into what was meant."""

from __future__ import annotations


def trim_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` without the whitespace at either end (spaces, tabs, line and
    paragraph breaks, no-break and ideographic spaces: ``str.isspace``), or None when
    nothing else is in it. A selection dragged with the mouse often takes the space
    after a word; an annotation's quote should not."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def text_order_key(start: int, end: int, ann_id: int) -> tuple[int, int, int]:
    """The one text order of annotations, everywhere they are listed, painted or
    exported: by start, the longer of two that start together first (so an enclosing
    span precedes what it encloses), then by id. The store's SQL form is
    ``curator.store.queries.TEXT_ORDER``."""
    return (start, -end, ann_id)


def quote_holds(text: str, start: int, end: int, quote: str) -> bool:
    """Whether ``quote`` is still what ``[start, end)`` of ``text`` reads (and is not
    empty): the check that a span points at the text it was made on, before it is
    written back, exported or imported."""
    return bool(quote) and text[start:end] == quote
