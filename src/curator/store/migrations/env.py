"""Alembic environment. Curator runs migrations itself (``curator.store.engine``),
passing its open connection in ``config.attributes["connection"]``."""

from alembic import context

from curator.store.models import SQLModel

config = context.config
target_metadata = SQLModel.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # `alembic` command line, for developers
        from sqlalchemy import create_engine

        engine = create_engine(config.get_main_option("sqlalchemy.url"))
        with engine.begin() as conn:
            _run(conn)
    else:
        _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        # every migration in the caller's one transaction (Curator's engine emits BEGIN
        # itself on SQLite, so DDL is inside it too): all of an upgrade, or nothing
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
