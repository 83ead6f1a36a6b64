"""Render the application icon's PNG sizes from its SVG (run after editing the SVG):

    QT_QPA_PLATFORM=offscreen python packaging/make_icons.py

The PNGs sit beside the SVG in ``src/curator/ui/data`` (the window icon and the
desktop entry's icons under ``hicolor/NxN``: see ``install.sh``)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 24, 32, 48, 64, 128, 256)
DATA = Path(__file__).resolve().parents[1] / "src" / "curator" / "ui" / "data"
APP_ID = "io.github.curator.Curator"


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 (QSvgRenderer needs one)
    renderer = QSvgRenderer(str(DATA / f"{APP_ID}.svg"))
    if not renderer.isValid():
        print("the SVG does not render", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(DATA / f"{APP_ID}-{size}.png"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
