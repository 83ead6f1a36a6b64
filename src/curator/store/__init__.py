"""Persistence: sqlmodel tables, engine set-up, migrations and the unit of work."""

from curator.store.engine import Store, StoreOpenError, StoreVersionError, head_revision, open_store

__all__ = ["Store", "StoreOpenError", "StoreVersionError", "head_revision", "open_store"]
