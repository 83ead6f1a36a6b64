"""Starting the app as a user does: ``curator`` with a fresh home folder, the window's
icon, and the start-up check the bundle's smoke test relies on."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSize

from curator.store import head_revision

REPO = Path(__file__).resolve().parents[2]
SIZES = (16, 24, 32, 48, 64, 128, 256)


def test_app_icon_has_every_size_and_is_the_window_icon(qapp):
    from curator import app
    from curator.ui.app_icon import app_icon

    icon = app_icon()
    assert not icon.isNull()
    assert {QSize(s, s) for s in SIZES} <= set(icon.availableSizes())
    app._application()
    assert set(qapp.windowIcon().availableSizes()) == set(icon.availableSizes())
    assert qapp.desktopFileName() == "io.github.curator.Curator"


def test_quit_after_start_shows_the_window_then_quits(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "CURATOR_"))}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO / "src"))
    proc = subprocess.run([sys.executable, "-m", "curator", "--smoke-quit-after-start"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "window shown" in proc.stdout
    assert "Curator" in proc.stdout  # the window's title
    db = home / ".local" / "share" / "Curator" / "curator.db"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (head_revision(),)
        assert conn.execute("SELECT count(*) FROM document").fetchone()[0] == len(list((REPO / "seeds").glob("*.txt")))
