"""Copies of a SQLite store: one taken on demand (File ▸ Back up store…) and the
automatic ones :func:`curator.store.engine.open_store` makes before an upgrade
(``NAME.bak-<revision>-<time>`` beside the store).

A copy is made with SQLite's online backup API, page by page from a connection of its
own: the app may keep reading and writing meanwhile (a writer that commits during the
copy makes SQLite restart it, so the copy is always one consistent state), and the WAL
file is included. The copy is a complete store: opening it (``curator --db COPY``, or
File ▸ Open store…) is the way back.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from curator.domain.errors import CuratorError
from curator.store.engine import Store

_STAMP = "%Y%m%dT%H%M%SZ"


class BackupError(CuratorError):
    """The store cannot be copied there."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    revision: str  # the schema revision the copy holds
    taken: datetime  # UTC


def backup_store(store: Store, dest: Path) -> Path:
    """Copy the open SQLite ``store`` to ``dest`` (replaced if it exists) with the online
    backup API; returns ``dest``. The copy is written beside ``dest`` first and renamed,
    so a failed backup never leaves half a file under the name."""
    src = store.path
    if src is None:
        raise BackupError("only a SQLite file can be backed up here; back up a server's database with its own tools")
    dest = Path(dest).expanduser()
    if dest.exists() and dest.resolve() == src.resolve():
        raise BackupError("a store cannot be backed up onto itself")
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        source = sqlite3.connect(src, timeout=5)
        try:
            target = sqlite3.connect(partial)
            try:
                source.backup(target, pages=1024)
                target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                target.close()
        finally:
            source.close()
        partial.replace(dest)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"the backup to {dest} failed: {exc}") from exc
    return dest


def parse_backup_name(store_name: str, name: str) -> tuple[str, datetime] | None:
    """``(revision, time)`` of an automatic backup's file name, or None."""
    match = re.fullmatch(re.escape(store_name) + r"\.bak-(\w+?)-(\d{8}T\d{6}Z)", name)
    if match is None:
        return None
    taken = datetime.strptime(match.group(2), _STAMP).replace(tzinfo=timezone.utc)
    return match.group(1), taken


def list_backups(store: Store) -> list[BackupInfo]:
    """The automatic pre-upgrade backups beside a SQLite store, newest first."""
    src = store.path
    if src is None or not src.parent.is_dir():
        return []
    found = []
    for path in src.parent.glob(f"{glob_escape(src.name)}.bak-*"):
        parsed = parse_backup_name(src.name, path.name)
        if parsed is not None and path.is_file():
            found.append(BackupInfo(path, *parsed))
    return sorted(found, key=lambda b: (b.taken, b.revision), reverse=True)


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)
