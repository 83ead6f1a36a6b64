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
