"""What every subcommand shares: opening the store, choosing documents, printing."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from curator.domain.errors import CuratorError, NotFound
from curator.services.stores import Store, display_name, is_url, open_store


class StoreProblem(CuratorError):
    """The store cannot be opened or used: exit code 2."""


def store_name(db: str | Path) -> str:
    """How a store is named to the curator: a file's path, or a URL with its password
    masked (``postgresql+psycopg://kim:***@host/team``)."""
    return display_name(db)


def open_db(db: str | Path, *, must_exist: bool = False) -> Store:
    """The store at ``db`` (a SQLite file's path or a database URL)."""
    if must_exist and not is_url(db) and not Path(db).exists():
        raise StoreProblem(f"no store at {store_name(db)}")
    try:
        return open_store(db)
    except CuratorError as exc:  # StoreVersionError, StoreOpenError
        raise StoreProblem(f"cannot open store {store_name(db)}: {exc}") from exc


@contextmanager
def store_at(db: str | Path, *, must_exist: bool = True) -> Iterator[Store]:
    """An open store, closed afterwards; by default it must already exist."""
    store = open_db(db, must_exist=must_exist)
    try:
        yield store
    finally:
        store.close()


def documents(store: Store, ids: list[int] | None) -> list[tuple[int, str]]:
    """``(id, source name)`` of the documents asked for, or of every document."""
    from curator.services.corpus import list_documents

    known = {d.id: d.source_name for d in list_documents(store)}
    if not ids:
        return sorted(known.items())
    for doc_id in ids:
        if doc_id not in known:
            raise NotFound(f"document {doc_id} does not exist")
    return [(doc_id, known[doc_id]) for doc_id in dict.fromkeys(ids)]


def print_json_line(obj: Any) -> None:
    """One JSON object on one line (Decimal amounts as strings, text as UTF-8)."""
    sys.stdout.write(orjson.dumps(obj, default=str).decode("utf-8") + "\n")


def shorten(text: str, width: int = 40) -> str:
    """``text`` on one line for a table: line breaks shown as ⏎, cut with an ellipsis."""
    flat = text.replace("\n", "⏎")
    return flat if len(flat) <= width else flat[: width - 1] + "…"


class Percent:
    """``importing 45%`` on a terminal, at most 5 times a second (for work measured in
    bytes of a file, or items)."""

    def __init__(self, verb: str) -> None:
        self.verb = verb
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last >= 0.2 or done >= total:
            self.last = now
            percent = 100 * done // total if total else 100
            print(f"\r{self.verb} {percent}%", end="", file=sys.stderr, flush=True)


class Progress:
    """``exported 120,000/1,000,000 annotations`` on a terminal, at most 5 times a second."""

    def __init__(self, verb: str) -> None:
        self.verb = verb
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last >= 0.2 or done == total:
            self.last = now
            print(f"\r{self.verb} {done:,}/{total:,} annotations", end="", file=sys.stderr, flush=True)
