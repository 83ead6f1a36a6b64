import atexit
import os
import shutil
import tempfile

from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The app's own settings (QSettings() under the user's config folder, upgraded at start by
# curator.app.run) go to a folder of this run, never to the curator's real ones.
_CONFIG = tempfile.mkdtemp(prefix="curator-tests-config-")
os.environ["XDG_CONFIG_HOME"] = _CONFIG
atexit.register(shutil.rmtree, _CONFIG, ignore_errors=True)

# The test command (README, .ci/run) is a gate: the same tree must pass or fail the same
# way every time, so property tests draw the same examples on every run. To explore new
# examples while developing, run with HYPOTHESIS_PROFILE=explore; a failure it finds
# prints the reproduce_failure blob to pin it with.
settings.register_profile("gate", derandomize=True, print_blob=True)
settings.register_profile("explore", print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "gate"))


def downgrade_sqlite(store, revision: str) -> None:
    """Take a SQLite store's schema back to ``revision`` as Curator runs migrations:
    foreign keys off (0009 recreates referenced tables, which would cascade), one
    transaction."""
    from alembic import command

    from curator.store.engine import _alembic_config

    with store.engine.connect() as conn:
        conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        with conn.begin():
            cfg = _alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, revision)
        conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


import uuid  # noqa: E402

import pytest  # noqa: E402

PG_URL = os.environ.get("CURATOR_TEST_POSTGRES_URL")


@pytest.fixture
def pg_db():
    """Makes fresh, empty PostgreSQL databases (their URLs) and drops them at the end;
    skips the test when ``CURATOR_TEST_POSTGRES_URL`` is not set."""
    if not PG_URL:
        pytest.skip("CURATOR_TEST_POSTGRES_URL is not set (a PostgreSQL URL whose role may create databases)")
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    admin, made = create_engine(PG_URL, isolation_level="AUTOCOMMIT"), []

    def make(options: str = "") -> str:  # options: e.g. a collation of the new database
        name = f"curator_t_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}" {options}')
        made.append(name)
        return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)

    yield make
    with admin.connect() as conn:
        for name in made:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()
