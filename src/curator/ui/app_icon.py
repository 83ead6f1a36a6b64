"""The application's own icon (window, task bar, desktop entry), shipped as package
data in ``curator/ui/data``: an SVG and PNGs from 16 to 256 pixels rendered from it by
``packaging/make_icons.py``."""

from __future__ import annotations

from functools import cache
from importlib import resources

from PySide6.QtGui import QIcon, QPixmap

APP_ID = "io.github.curator.Curator"  # the desktop entry's and AppStream's id
SIZES = (16, 24, 32, 48, 64, 128, 256)


def data_file(name: str):
    """A file shipped in ``curator/ui/data`` (a Traversable; ``str()`` is its path)."""
    return resources.files("curator.ui") / "data" / name


@cache
def app_icon() -> QIcon:
    icon = QIcon()
    for size in SIZES:
        pixmap = QPixmap()
        if pixmap.loadFromData(data_file(f"{APP_ID}-{size}.png").read_bytes(), "PNG"):
            icon.addPixmap(pixmap)
    return icon
