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
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic import command
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.engine import make_url
from sqlmodel import Session

from curator.domain.errors import CuratorError


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
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA cache_size=-65536")
    cur.close()


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


def _url_for(target: str | Path) -> str:
    text = str(target)
    if "://" in text:
        return text
    path = Path(text).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


class Store:
    """One open database: an engine and the session factory for units of work."""

    def __init__(self, engine: Engine, backup: Path | None = None):
        self.engine = engine
        self.backup = backup  # where the pre-upgrade copy went, if an upgrade ran

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> Path | None:
        db = self.engine.url.database
        return Path(db) if self.is_sqlite and db and db != ":memory:" else None

    @contextmanager
    def unit(self) -> Iterator[Session]:
        """One user action: commits on success, rolls back everything on any error."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
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

    cfg = _alembic_config()
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    current = current_revision(engine)
    backup = None
    if current == head:
        return Store(engine)
    if current is not None:
        known = {rev.revision for rev in script.walk_revisions()}
        if current not in known:
            engine.dispose()
            raise StoreVersionError(
                f"this database has schema revision {current}, written by a newer Curator; "
                f"this version knows revisions up to {head}. Update Curator to open it."
            )
        if sqlite:
            backup = _backup_sqlite(engine, current)
    elif _has_tables(engine):
        engine.dispose()
        raise StoreVersionError(
            "this database has tables but no Curator schema revision; it is not a Curator store"
        )
    _upgrade(engine, cfg, sqlite)
    return Store(engine, backup=backup)


def _upgrade(engine: Engine, cfg: Config, sqlite: bool) -> None:
    """Run the migrations in one transaction. On SQLite, foreign keys are off while
    they run: batch migrations recreate tables, and dropping the old table would
    otherwise cascade (deleting claim evidence, emptying suggestion links). Every
    reference is checked before the upgrade commits."""
    with engine.connect() as conn:
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")  # no effect inside a transaction
            conn.commit()
        with conn.begin():
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            if sqlite:
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise StoreVersionError(
                        f"upgrading left {len(broken)} broken references (first: {tuple(broken[0])}); "
                        "nothing was changed"
                    )
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()


def _has_tables(engine: Engine) -> bool:
    from sqlalchemy import inspect

    return bool(inspect(engine).get_table_names())
