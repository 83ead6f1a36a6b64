"""Opening a store: engine set-up, schema migrations, the unit of work.

``open_store`` accepts a SQLite file path or a SQLAlchemy URL (``postgresql+psycopg://…``
for a team's shared server). On open the schema is brought to the newest revision the
installed Curator knows:

* a new, empty database is created by running every migration;
* an older database is first copied to ``NAME.bak-<revision>-<time>`` and then upgraded;
* a database written by a newer Curator (a revision this version does not know) is
  refused with :class:`StoreVersionError` and left untouched.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic import command
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.engine import make_url
from sqlmodel import Session

from curator.domain.errors import CuratorError, StoreError


class StoreVersionError(CuratorError):
    """The database was written by a newer Curator, or its schema is unknown."""


class StoreOpenError(CuratorError):
    """The target cannot be opened as a database at all (not a database file, no
    permission, a server that does not answer)."""


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("curator.store") / "migrations"))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    for attempt in range(100):
        # a new file's first connections (two processes creating one store) race to
        # switch it to WAL; SQLite answers "locked" at once there, without waiting
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == 99:
                raise
            time.sleep(0.05)
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA cache_size=-65536")
    cur.close()
    # pysqlite opens transactions by itself, and only before INSERT/UPDATE/DELETE: a
    # unit's reads ran outside any transaction and DDL escaped the migrations'. Off here;
    # SQLAlchemy's "begin" emits BEGIN (_sqlite_begin), so every transaction is explicit.
    dbapi_conn.isolation_level = None


def _sqlite_begin(conn) -> None:
    """A write (``Store.unit``, ``Store.begin``, an upgrade) takes the write lock at once
    (BEGIN IMMEDIATE): what it reads before writing (the current revision, the next
    ids) cannot change under it, and a second writer waits (busy_timeout) instead of
    failing halfway. Reads take a snapshot (BEGIN)."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "BEGIN")


BUSY_MS = 5000  # how long a writer waits for another one's transaction
UPGRADE_BUSY_MS = 600_000  # how long an open waits for another process's upgrade
WRITE_OPTION = "curator_write"
# PostgreSQL: the advisory lock (per database) that serialises creating and upgrading
UPGRADE_LOCK = 0x43757261746F72  # "Curator"


def is_url(target: str | Path) -> bool:
    """A database URL (``postgresql+psycopg://…``, ``sqlite:///…``) rather than a file path."""
    return isinstance(target, str) and "://" in target


def display_name(target: str | Path) -> str:
    """``target`` as it may be shown or logged: a URL's password is masked."""
    if not is_url(target):
        return str(target)
    try:
        return make_url(str(target)).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL: show its scheme only
        return str(target).split("://", 1)[0] + "://…"


def without_password(url: str) -> str:
    """The URL with no password in it (what a list of recent stores or a keyring key
    may hold). ``URL.set(password=None)`` would keep the password."""
    return make_url(url)._replace(password=None).render_as_string(hide_password=False)


def needs_password(url: str) -> bool:
    """A server URL (not SQLite) that names a host but carries no password."""
    parsed = make_url(url)
    return parsed.get_backend_name() != "sqlite" and parsed.password is None and bool(parsed.host)


def with_password(url: str, password: str) -> str:
    return make_url(url).set(password=password).render_as_string(hide_password=False)


def location(store: Store) -> str:
    """Where a store lives: its file, or its URL with the password masked."""
    return str(store.path) if store.path is not None else store.engine.url.render_as_string(hide_password=True)


def _url_for(target: str | Path) -> str:
    text = str(target)
    if "://" in text:
        return text
    path = Path(text).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _database_errors() -> tuple[type[BaseException], ...]:
    """The errors a database library raises: SQLAlchemy's own and, for the lean reads
    and bulk writes on a raw cursor, the DB-API drivers' (psycopg only when loaded)."""
    found: list[type[BaseException]] = [SQLAlchemyError, sqlite3.Error]
    psycopg = sys.modules.get("psycopg")
    if psycopg is not None:
        found.append(psycopg.Error)
    return tuple(found)


def store_error(exc: BaseException) -> StoreError:
    """A database library's error as :class:`StoreError`: the driver's reason on one line."""
    reason = " ".join(str(getattr(exc, "orig", None) or exc).split())
    return StoreError(f"store error: {reason}")


@contextmanager
def translated_errors(*, keep: tuple[type[BaseException], ...] = ()) -> Iterator[None]:
    """Raise the database library's errors as :class:`StoreError` (the original is its
    ``__cause__``), so callers above the store catch the project's errors only.
    ``keep``: errors let through as they are, for a caller in the data layer that
    handles them itself."""
    try:
        yield
    except keep:
        raise
    except Exception as exc:
        if isinstance(exc, _database_errors()):
            raise store_error(exc) from exc
        raise


class Store:
    """One open database: an engine and the session factory for units of work. Every
    unit, read and write transaction raises database errors as :class:`StoreError`."""

    def __init__(self, engine: Engine, backup: Path | None = None):
        self.engine = engine
        self.backup = backup  # where the pre-upgrade copy went, if an upgrade ran
        # the same engine (pool, events) whose transactions begin as writes
        self._writer = engine.execution_options(**{WRITE_OPTION: True})

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> Path | None:
        db = self.engine.url.database
        return Path(db) if self.is_sqlite and db and db != ":memory:" else None

    @contextmanager
    def unit(self) -> Iterator[Session]:
        """One user action: commits on success, rolls back everything on any error.
        On SQLite it holds the write lock from its first statement (BEGIN IMMEDIATE)."""
        with translated_errors(), Session(self._writer, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A Core connection in one write transaction (BEGIN IMMEDIATE on SQLite), for
        bulk writers: committed on success, rolled back on any error. An
        ``IntegrityError`` is let through: the native import retries on it."""
        with translated_errors(keep=(IntegrityError,)), self._writer.begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Session]:
        with translated_errors(), Session(self.engine, expire_on_commit=False) as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _backup_sqlite(engine: Engine, revision: str) -> Path | None:
    db = engine.url.database
    if not db or db == ":memory:":
        return None
    src = Path(db)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    dest = src.with_name(f"{src.name}.bak-{revision}-{stamp}")
    with sqlite3.connect(src) as source, sqlite3.connect(dest) as target:
        source.backup(target)  # consistent even with a WAL file beside it
    return dest


def open_store(target: str | Path, *, echo: bool = False) -> Store:
    try:
        return _open(target, echo)
    except (SQLAlchemyError, OSError) as exc:
        reason = str(getattr(exc, "orig", None) or exc)
        password = make_url(str(target)).password if is_url(target) else None
        if password:
            reason = reason.replace(str(password), "***")
        reason = " ".join(line.strip() for line in reason.splitlines() if line.strip())  # one line
        raise StoreOpenError(f"not usable as a Curator store: {reason}") from exc


def _open(target: str | Path, echo: bool) -> Store:
    url = _url_for(target)
    sqlite = make_url(url).get_backend_name() == "sqlite"
    engine = create_engine(url, echo=echo)
    if sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    try:
        if current_revision(engine) == head_revision():
            return Store(engine)
        backup = _upgrade(engine, sqlite)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine, backup=backup)


def _check_revision(current: str | None, conn: Connection) -> None:
    script = ScriptDirectory.from_config(_alembic_config())
    if current is not None:
        if current not in {rev.revision for rev in script.walk_revisions()}:
            raise StoreVersionError(
                f"this database has schema revision {current}, written by a newer Curator; "
                f"this version knows revisions up to {script.get_current_head()}. Update Curator to open it."
            )
    elif _has_tables(conn):
        raise StoreVersionError(
            "this database has tables but no Curator schema revision; it is not a Curator store"
        )


def _upgrade(engine: Engine, sqlite: bool) -> Path | None:
    """Create or upgrade the schema in ONE transaction, DDL included, holding the write
    lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock): a second process
    opening the store at the same time waits, then finds it done; a failure or a kill
    halfway leaves the store as it was. Returns the backup made of an older store.

    On SQLite, foreign keys are off while the migrations run (they can only be switched
    outside a transaction): batch migrations recreate tables, and dropping the old table
    would otherwise cascade (deleting claim evidence, emptying suggestion links). Every
    reference is checked before the upgrade commits. Tables an upgrade by an older
    Curator (whose DDL escaped its transaction) left behind, ``_alembic_tmp_*``, are
    dropped first."""
    backup = None
    with engine.connect() as conn:
        raw = conn.connection.driver_connection  # outside any transaction
        if sqlite:
            raw.execute("PRAGMA foreign_keys=OFF")
            raw.execute(f"PRAGMA busy_timeout={UPGRADE_BUSY_MS}")
        conn.execution_options(**{WRITE_OPTION: True})
        try:
            with conn.begin():
                if not sqlite:
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": UPGRADE_LOCK})
                current = MigrationContext.configure(conn).get_current_revision()
                if current == head_revision():
                    return None  # another process did it while this one waited
                _check_revision(current, conn)
                if sqlite and current is not None:
                    backup = _backup_sqlite(engine, current)
                try:
                    _migrate(conn, sqlite)
                except SQLAlchemyError as exc:
                    reason = " ".join(str(getattr(exc, "orig", None) or exc).split())
                    kept = f"; a copy made before it is {backup}" if backup else ""
                    raise StoreVersionError(
                        f"upgrading the store from schema revision {current} failed ({reason}); "
                        f"the store was left as it was{kept}"
                    ) from exc
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys=ON")
                raw.execute(f"PRAGMA busy_timeout={BUSY_MS}")
    return backup


def _migrate(conn: Connection, sqlite: bool) -> None:
    if sqlite:
        debris = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '\\_alembic\\_tmp\\_%' ESCAPE '\\'"
        ).scalars().all()
        for name in debris:
            conn.exec_driver_sql(f'DROP TABLE "{name}"')
    cfg = _alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")
    if sqlite:
        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise StoreVersionError(
                f"upgrading left {len(broken)} broken references (first: {tuple(broken[0])}); "
                "nothing was changed"
            )


def _has_tables(conn: Connection) -> bool:
    from sqlalchemy import inspect

    return bool(inspect(conn).get_table_names())
