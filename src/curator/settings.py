"""Where Curator keeps things, and the few preferences the core needs.

Window geometry and splitter sizes are the GUI's business (QSettings in ``curator.ui``);
this module holds what the command line needs too, with no Qt.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "Curator"
APP_AUTHOR = "Curator"


def data_dir() -> Path:
    override = os.environ.get("CURATOR_DATA_DIR")
    return Path(override) if override else Path(user_data_dir(APP_NAME, APP_AUTHOR))


def default_db_path() -> Path:
    """The store a user gets without ``--db``: ``curator.db`` in the user data directory."""
    return data_dir() / "curator.db"


def curator_name() -> str:
    """The name recorded as creator of annotations: ``$CURATOR_USER`` or the login name."""
    from curator.services.corpus import default_user

    return os.environ.get("CURATOR_USER") or default_user()
