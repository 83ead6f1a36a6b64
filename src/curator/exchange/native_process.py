"""A large native import on two cores: this process checks, a writer process writes.

Checking a document (parsing, schema, quotes, values) and writing it (binding rows,
B-trees, foreign keys) each take about half of an import's time, and both hold Python's
GIL, so threads would not overlap them. :class:`WriterProcess` starts
``python -m curator.exchange.native_process`` and sends it each checked document; the
child runs :class:`~curator.exchange.native_writer.Writer` in ONE transaction, through
APSW (3x less time than the ``sqlite3`` module to bind a row's strings), and commits
only when told that the whole file passed. Any problem on either side rolls the
transaction back: the store is left exactly as it was.

Two SQLite libraries (``sqlite3``'s and APSW's own) must never open one database in
one process: POSIX locks are per process, so they would not see each other's locks. Here
they are in different processes, which SQLite is made for.

Frames on the pipes are an 8-byte length and a pickle; both ends are this module.
"""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any, BinaryIO

from curator.domain.errors import CuratorError, ValidationError
from curator.exchange.native_writer import Written, Writer

_HEADER = struct.Struct("<Q")
_PRAGMAS = ("foreign_keys=ON", "synchronous=NORMAL", "cache_size=-65536")  # as curator.store.engine


def _send(fh: BinaryIO, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    fh.write(_HEADER.pack(len(data)))
    fh.write(data)


def _receive(fh: BinaryIO) -> Any:
    """The next message, or None when the other end has closed the pipe."""
    head = fh.read(_HEADER.size)
    if len(head) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(head)
    data = fh.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)


# ------------------------------------------------------------------------- the child


class ApswDb:
    """:class:`curator.exchange.native_writer.Db` over an APSW connection."""

    dialect = "sqlite"

    def __init__(self, conn: Any):
        self.conn = conn
        self._sql: dict[tuple[str, tuple[str, ...]], str] = {}

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple]:
        return list(self.conn.execute(sql, params or ()))

    def insert(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        if not rows:
            return
        sql = self._sql.get((table, columns))
        if sql is None:
            names = ", ".join(f'"{c}"' for c in columns)
            sql = self._sql[(table, columns)] = (
                f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
            )
        self.conn.executemany(sql, rows)


def _write(db_path: str, on_conflict: str, inbox: BinaryIO, outbox: BinaryIO) -> None:
    """The child's work: documents from ``inbox`` into the store, in one transaction."""
    import apsw

    conn = apsw.Connection(db_path, flags=apsw.SQLITE_OPEN_READWRITE)
    try:
        conn.set_busy_timeout(5000)
        for pragma in _PRAGMAS:
            conn.execute(f"PRAGMA {pragma}")
        conn.execute("BEGIN IMMEDIATE")
        try:
            writer = Writer(ApswDb(conn), on_conflict)
            while (message := _receive(inbox)) is not None and message[0] == "document":
                writer.add(*message[1:])
            if message is None or message[0] != "finish":
                return  # aborted (or the parent is gone): rolled back below
            written = writer.finish()
            conn.execute("COMMIT")
            _send(outbox, ("written", written))
        finally:
            if not conn.get_autocommit():  # still in the transaction: something failed
                conn.execute("ROLLBACK")
    finally:
        conn.close()


def main() -> None:
    """``python -m curator.exchange.native_process DB ON_CONFLICT``; stdin and stdout
    carry the frames. A refusal (an id that exists) or a database error is sent back
    as one line; then the rest of the input is read and dropped, so the parent never
    blocks on a full pipe."""
    import apsw

    db_path, on_conflict = sys.argv[1:3]
    inbox, outbox = sys.stdin.buffer, sys.stdout.buffer
    try:
        _write(db_path, on_conflict, inbox, outbox)
    except ValidationError as exc:
        _send(outbox, ("refused", str(exc)))
    except apsw.Error as exc:
        _send(outbox, ("failed", f"{type(exc).__name__}: {exc}"))
    else:
        return
    finally:
        outbox.flush()
    while _receive(inbox) is not None:
        pass


# ------------------------------------------------------------------------ the parent


def available() -> bool:
    """Whether a writer process can be started here: APSW installed, and a Python to
    run it (a frozen application has none)."""
    if getattr(sys, "frozen", False):
        return False
    try:
        import apsw  # noqa: F401
    except ImportError:
        return False
    return True


class WriterProcess:
    """The parent's end: send checked documents, then :meth:`finish` (commit) or
    :meth:`close` without finishing (roll back). A refusal or failure in the child
    is raised at the next :meth:`add` or at :meth:`finish`."""

    def __init__(self, db_path: Path, on_conflict: str):
        package_root = str(Path(__file__).resolve().parents[2])  # the folder holding curator/
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        self._stderr = tempfile.TemporaryFile()
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "curator.exchange.native_process", str(db_path), on_conflict],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, env=env,
        )
        self._reply: Any = None
        self._replied = threading.Event()
        self._reader = threading.Thread(target=self._read_reply, name="native-import-reply", daemon=True)
        self._reader.start()

    def _read_reply(self) -> None:
        self._reply = _receive(self._proc.stdout)
        self._replied.set()

    def _raise_reply(self) -> None:
        reply = self._reply
        if reply is not None and reply[0] == "refused":
            raise ValidationError(reply[1])
        if reply is not None and reply[0] == "failed":
            raise CuratorError(f"the import could not write to the store: {reply[1]}; nothing was imported")
        self._stderr.seek(0)
        lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
        why = f": {lines[-1]}" if lines else ""
        raise CuratorError(f"the import's writer process stopped{why}; nothing was imported")

    def add(self, doc: dict, revisions: list[str], columns: tuple, evidence: list) -> None:
        if self._replied.is_set():  # the child stopped early: a refusal or a failure
            self._raise_reply()
        slim = {k: v for k, v in doc.items() if k not in ("annotations", "text", "original_text")}
        try:
            _send(self._proc.stdin, ("document", slim, revisions, columns, evidence))
        except BrokenPipeError:
            self._replied.wait()
            self._raise_reply()

    def finish(self) -> Written:
        try:
            _send(self._proc.stdin, ("finish",))
            self._proc.stdin.close()
        except BrokenPipeError:
            pass
        self._replied.wait()
        self._proc.wait()
        if self._reply is not None and self._reply[0] == "written":
            return self._reply[1]
        self._raise_reply()
        raise AssertionError("unreachable")

    def close(self) -> None:
        """End the child; unless :meth:`finish` returned, its transaction rolls back."""
        if self._proc.poll() is None:
            try:
                _send(self._proc.stdin, ("abort",))
                self._proc.stdin.close()
            except (BrokenPipeError, ValueError):
                pass
            try:
                self._proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self._proc.kill()  # SQLite rolls back an unfinished transaction on the next open
                self._proc.wait()
        self._reader.join(timeout=5)
        for fh in (self._proc.stdin, self._proc.stdout, self._stderr):
            try:
                fh.close()
            except BrokenPipeError:  # what was still buffered for a child that is gone
                pass

    def __enter__(self) -> WriterProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


if __name__ == "__main__":
    main()
