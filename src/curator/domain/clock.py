"""The one clock every stored timestamp comes from.

Timestamps are ISO 8601 UTC strings (``2026-11-22T10:00:00.000000Z``). An undoable
action runs its first ``do`` and every later redo under :func:`pinned` with the time of
its first run, so a redo writes exactly the timestamps the action wrote the first time
and undo-then-redo leaves the store (and every export) byte-identical.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone

_pinned: ContextVar[str | None] = ContextVar("curator_pinned_clock", default=None)


def utcnow() -> str:
    """Now, or the pinned time inside :func:`pinned`."""
    at = _pinned.get()
    if at is not None:
        return at
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@contextmanager
def pinned(at: str) -> Iterator[str]:
    """Every :func:`utcnow` inside the block returns ``at``."""
    token = _pinned.set(at)
    try:
        yield at
    finally:
        _pinned.reset(token)
