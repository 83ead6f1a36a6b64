"""The declared settings (:mod:`curator.settings`) over QSettings, for the window.

The one Qt detail the declaration cannot know: QSettings must be given bytes as a
QByteArray (a Python ``bytes`` would be pickled into the INI file)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from curator.settings import Settings


def typed_settings(backend: QSettings | Settings | None = None) -> Settings:
    """Typed access over ``backend`` (the application's QSettings when None); a
    :class:`Settings` is returned as it is, so windows can hand theirs on."""
    if isinstance(backend, Settings):
        return backend
    return Settings(backend if backend is not None else QSettings(), wrap_bytes=QByteArray)
