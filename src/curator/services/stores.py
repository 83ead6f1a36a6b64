"""Opening, naming and backing up stores: what the window and the command line need of
the store itself, so that they reach the data layer only through services.

Re-exports from :mod:`curator.store`; nothing here imports a database library into
the caller. Database errors come out as :class:`~curator.domain.errors.StoreError`
(opening a store: :class:`StoreOpenError` or :class:`StoreVersionError`).
"""

from __future__ import annotations

from curator.domain.errors import StoreError
from curator.store.backup import backup_store, list_backups
from curator.store.engine import (
    Store,
    StoreOpenError,
    StoreVersionError,
    current_revision,  # the schema revision (Alembic) a store's engine is at
    display_name,
    head_revision,
    is_url,
    location,
    needs_password,
    open_store,
    translated_errors,
    with_password,
    without_password,
)

__all__ = [
    "Store",
    "StoreError",
    "StoreOpenError",
    "StoreVersionError",
    "backup_store",
    "current_revision",
    "display_name",
    "head_revision",
    "is_url",
    "list_backups",
    "location",
    "needs_password",
    "open_store",
    "translated_errors",
    "with_password",
    "without_password",
]
