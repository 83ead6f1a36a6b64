"""Counts in messages a curator reads."""

from __future__ import annotations


def plural(n: int, word: str) -> str:
    """``plural(1, "annotation")`` is "1 annotation"; ``plural(1200, "document")`` is
    "1,200 documents"."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"
