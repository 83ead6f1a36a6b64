"""Where Curator keeps things, and every preference it remembers, declared once.

Each remembered value is an :class:`Option` below: its key, type, default and what it is
for. Nothing else in Curator names a settings key, so a key is spelled in one place, has
one type and one default, and a change of key is an upgrade step, not a silent loss.
(Picard's ``options.py`` works the same way.)

:class:`Settings` reads and writes them over any store with QSettings' four methods
(``value``/``setValue``/``remove``/``contains``): QSettings in the GUI, a dict in tests.
Reading converts what the store gives back to the declared type — QSettings' INI files on
Linux give strings (``"true"``, ``"12"``), a one-item list as a bare string and an empty
list as nothing — and falls back to the default for what cannot be read. Writing refuses an
undeclared key or a value of the wrong type, so a typo fails where it is made.

The settings carry a :data:`VERSION`; :func:`upgrade` (run once at start-up, before
anything reads) takes older settings through the :data:`UPGRADES` in order, keeping the
user's values, and leaves settings from a newer Curator alone.

No Qt here: the command line imports this module too.
"""

from __future__ import annotations

import getpass
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from platformdirs import user_data_dir

from curator.domain.labels import Label

APP_NAME = "Curator"
APP_AUTHOR = "Curator"

log = logging.getLogger(__name__)
T = TypeVar("T")
TYPES = (bool, int, float, str, list, bytes)
_TRUE, _FALSE = ("true", "1", "yes", "on"), ("false", "0", "no", "off", "")


# --------------------------------------------------------------------------- paths and name
def data_dir() -> Path:
    override = os.environ.get("CURATOR_DATA_DIR")
    return Path(override) if override else Path(user_data_dir(APP_NAME, APP_AUTHOR))


def default_db_path() -> Path:
    """The store a user gets without ``--db``: ``curator.db`` in the user data directory."""
    return data_dir() / "curator.db"


def login_name() -> str:
    """The login name, or ``curator`` where the system has none (a container without a
    password entry for the uid)."""
    try:
        return getpass.getuser() or "curator"
    except (KeyError, OSError):
        return os.environ.get("USER") or "curator"


def curator_name() -> str:
    """The name recorded as creator of annotations: ``$CURATOR_USER`` or the login name."""
    return os.environ.get("CURATOR_USER") or login_name()


# --------------------------------------------------------------------------- conversion
def _checked(kind: type, value: Any) -> Any:
    """``value`` as stored for an option of type ``kind``, or None when it is not one."""
    if kind is bool:
        return value if isinstance(value, bool) else None
    if kind is int:
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    if kind is float:
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
    if kind is str:
        return value if isinstance(value, str) else None
    if kind is list:
        ok = isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
        return list(value) if ok else None
    return bytes(value) if isinstance(value, bytes | bytearray) else None


def convert(kind: type[T], raw: Any) -> T:
    """What a settings store gave back, as a ``kind``; ValueError when it cannot be one."""
    if kind is bool:
        if isinstance(raw, bool):
            return raw  # type: ignore[return-value]
        text = str(raw).strip().lower()
        if text in _TRUE or text in _FALSE:
            return text in _TRUE  # type: ignore[return-value]
    elif kind is int:
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw  # type: ignore[return-value]
        if isinstance(raw, str | float):
            number = float(raw)
            if number.is_integer():
                return int(number)  # type: ignore[return-value]
    elif kind is float:
        if isinstance(raw, int | float | str) and not isinstance(raw, bool):
            return float(raw)  # type: ignore[return-value]
    elif kind is str:
        if isinstance(raw, str):
            return raw  # type: ignore[return-value]
        if isinstance(raw, list | tuple):  # an INI value with unquoted commas reads as a list
            return ",".join(map(str, raw))  # type: ignore[return-value]
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return str(raw)  # type: ignore[return-value]
    elif kind is list:
        if isinstance(raw, str):  # QSettings' INI gives a one-item list back as its item
            return [raw]  # type: ignore[return-value]
        if isinstance(raw, list | tuple):
            return [str(v) for v in raw]  # type: ignore[return-value]
    elif kind is bytes:
        if isinstance(raw, bytes | bytearray):
            return bytes(raw)  # type: ignore[return-value]
        if not isinstance(raw, str):
            try:  # QByteArray, or any other buffer, without naming Qt
                return memoryview(raw).tobytes()  # type: ignore[return-value]
            except TypeError:
                pass
    raise ValueError(f"not a {kind.__name__}: {raw!r}")


# --------------------------------------------------------------------------- declaration
@dataclass(frozen=True)
class Option(Generic[T]):
    """One remembered value: its key in the settings, type, default and purpose."""

    key: str
    type: type[T]
    default: T
    doc: str

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise TypeError(f"{self.key}: settings hold {', '.join(t.__name__ for t in TYPES)}, not {self.type}")
        if _checked(self.type, self.default) is None:
            raise TypeError(f"{self.key}: default {self.default!r} is not a {self.type.__name__}")


OPTIONS: dict[str, Option[Any]] = {}


def _declare(key: str, kind: type[T], default: T, doc: str) -> Option[T]:
    if key in OPTIONS:
        raise ValueError(f"settings key declared twice: {key}")
    option = Option(key, kind, default, doc)
    OPTIONS[key] = option
    return option


SETTINGS_VERSION = _declare("settings/version", int, 0, "The version of these settings (0: before versions).")

# the window's layout, as Qt saves it (opaque bytes)
WINDOW_GEOMETRY = _declare("mainWindow/geometry", bytes, b"", "The main window's place and size.")
WINDOW_STATE = _declare("mainWindow/state", bytes, b"", "Where the docks and toolbars are; absent until the first close.")
DOCUMENT_SPLITTER = _declare("mainWindow/splitter", bytes, b"", "The document list | text | panel widths.")
PANEL_SPLITTER = _declare("mainWindow/panelSplitter", bytes, b"", "The annotation table | editor heights.")
ANNOTATION_COLUMNS = _declare("mainWindow/annotationColumns", bytes, b"", "The annotation table's column widths and order.")
LAST_DOCUMENT = _declare("mainWindow/document", int, 0, "The document shown at the last close (0: none).")

# the document text
TEXT_FONT = _declare("documentView/font", str, "", "The text's font, QFont.toString() ('': Qt's default).")
TEXT_ZOOM = _declare("documentView/zoom", int, 0, "Points added to the text's font size by View ▸ Zoom.")

# the folders the file dialogs open in
IMPORT_DIR = _declare("paths/import", str, "", "Where Import text files… last looked ('': the current folder).")
EXPORT_DIR = _declare("paths/exportDir", str, "", "Where the last export went ('': the home folder).")
ANNOTATION_IMPORT_DIR = _declare("paths/annotationImport", str, "", "Where Import annotations… last looked.")

# features
OCR_THRESHOLD = _declare("ocr/threshold", int, 80, "OCR words below this confidence (percent) are listed for review.")
OCR_DOCK_SHOWN = _declare("ocr/dockShown", bool, True, "Show the Low-confidence words dock for OCR documents.")
SUGGEST_ON_OPEN = _declare("suggestions/onOpen", bool, False, "Run the detectors when a document opens.")
RECENT_STORES = _declare("stores/recent", list, [], "Stores opened lately, newest first (URLs without passwords).")

# Edit ▸ Preferences
CURATOR_NAME = _declare("curator/name", str, "", "The name recorded on the curator's annotations ('': the login name).")
LANGUAGE = _declare("ui/language", str, "", "Qt's own texts in this locale ('': the system's).")
LABEL_COLORS: dict[Label, Option[str]] = {
    label: _declare(f"colors/{label.value}", str, "", f"Highlight of {label.value}s, #rrggbb ('': the default tint).")
    for label in Label
}


# --------------------------------------------------------------------------- access
class Backend(Protocol):
    """What :class:`Settings` needs of a store (QSettings has it; see :class:`DictBackend`)."""

    def value(self, key: str, /) -> Any: ...
    def setValue(self, key: str, value: Any, /) -> None: ...  # QSettings' name
    def remove(self, key: str, /) -> None: ...
    def contains(self, key: str, /) -> bool: ...


class DictBackend(dict):
    """Settings kept in a dict, with QSettings' method names (tests, the command line)."""

    def value(self, key: str, default: Any = None) -> Any:
        return self.get(key, default)

    def setValue(self, key: str, value: Any) -> None:  # QSettings' name
        self[key] = value

    def remove(self, key: str) -> None:
        self.pop(key, None)

    def contains(self, key: str) -> bool:
        return key in self


class UndeclaredSetting(KeyError):
    """A key that no :class:`Option` declares."""


class Settings:
    """Typed access to the declared options over a :class:`Backend`.

    ``wrap_bytes`` turns bytes into what the backend stores (QByteArray for QSettings,
    which would otherwise pickle a Python ``bytes``)."""

    def __init__(self, backend: Backend, *, options: Mapping[str, Option[Any]] = OPTIONS,
                 wrap_bytes: Callable[[bytes], Any] | None = None) -> None:
        self.backend = backend
        self.options = options
        self._wrap_bytes = wrap_bytes

    def option(self, option: Option[T] | str) -> Option[T]:
        """The declared option for ``option`` (an Option or its key); UndeclaredSetting if none."""
        key = option if isinstance(option, str) else option.key
        declared = self.options.get(key)
        if declared is None or (isinstance(option, Option) and declared != option):
            raise UndeclaredSetting(key)
        return declared

    def get(self, option: Option[T] | str) -> T:
        """The stored value as the declared type; the default when absent or unreadable."""
        opt = self.option(option)
        raw = self.backend.value(opt.key)
        if raw is not None:
            try:
                return convert(opt.type, raw)
            except (TypeError, ValueError):
                log.info("setting %s: unreadable %r, using the default", opt.key, raw)
        return list(opt.default) if opt.type is list else opt.default  # type: ignore[return-value]

    def set(self, option: Option[T] | str, value: T) -> None:
        opt = self.option(option)
        stored = _checked(opt.type, value)
        if stored is None:
            raise TypeError(f"setting {opt.key} holds a {opt.type.__name__}, not {value!r}")
        if opt.type is bytes and self._wrap_bytes is not None:
            stored = self._wrap_bytes(stored)
        self.backend.setValue(opt.key, stored)

    def remove(self, option: Option[Any] | str) -> None:
        """Forget the stored value: the default applies again."""
        self.backend.remove(self.option(option).key)

    def contains(self, option: Option[Any] | str) -> bool:
        """True when a value is stored (even one equal to the default)."""
        return bool(self.backend.contains(self.option(option).key))

    def sync(self) -> None:
        """Write to disk now, where the backend buffers (QSettings)."""
        sync = getattr(self.backend, "sync", None)
        if sync is not None:
            sync()


# --------------------------------------------------------------------------- versions
def _rename(backend: Backend, old: str, new: str) -> None:
    """Move a stored value to a new key, as it is; a value already under ``new`` wins."""
    if backend.contains(old):
        if not backend.contains(new):
            backend.setValue(new, backend.value(old))
        backend.remove(old)


def _to_version_1(backend: Backend) -> None:
    """Unversioned settings (Curator before settings were declared): the keys stay as they
    were, but the text's font moves from ``text/font`` to ``documentView/font``, beside
    the zoom that applies on top of it."""
    _rename(backend, "text/font", TEXT_FONT.key)


# UPGRADES[n] takes settings from version n to n + 1; append a step for each new version
UPGRADES: tuple[Callable[[Backend], None], ...] = (_to_version_1,)
VERSION = len(UPGRADES)


def stored_version(backend: Backend) -> int:
    return Settings(backend).get(SETTINGS_VERSION)


def upgrade(backend: Backend) -> int:
    """Bring ``backend``'s settings to :data:`VERSION`; returns the version they are at.

    Each step is recorded as it completes, so an interrupted upgrade resumes where it
    stopped and a second run does nothing. Settings written by a newer Curator are left
    untouched (with a warning): this version reads the keys it knows and ignores the rest.
    """
    found = stored_version(backend)
    if found > VERSION:
        log.warning("settings are version %d, newer than this Curator's %d: left as they are", found, VERSION)
        return found
    settings = Settings(backend)
    for version in range(found, VERSION):
        UPGRADES[version](backend)
        settings.set(SETTINGS_VERSION, version + 1)
    if found < VERSION:
        settings.sync()
        log.info("settings upgraded from version %d to %d", found, VERSION)
    return VERSION
