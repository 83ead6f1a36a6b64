"""The PyInstaller bundle, built once per session and run as a historian would run it:
offscreen, with a fresh home folder. Slow (about a minute, most of it the build), so it
is one module; skipped, saying why, when PyInstaller is not installed.

- first launch: the window starts, a store is created at the newest schema and seeded;
- an older store (revision 0006) is backed up and upgraded;
- the command line of the bundle: import, clean-up (the word frequencies), export, and the
  export validates, all without loading Qt;
- the tarball and its install script put the program, the entry and the icons under a
  user's ~/.local.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from curator import __version__
from curator.store import head_revision, open_store

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
APP_ID = "io.github.curator.Curator"

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.skipif(
        importlib.util.find_spec("PyInstaller") is None,
        reason="PyInstaller is not installed (pip install -e '.[test]' brings it): the bundle cannot be built",
    ),
]


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> Path:
    """``pyinstaller packaging/curator.spec`` into a temporary folder; the folder of
    the built program (``…/curator``), removed at the end of the session."""
    base = tmp_path_factory.mktemp("bundle")
    started = time.perf_counter()
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(base / "dist"), "--workpath", str(base / "build"),
         str(ROOT / "packaging" / "curator.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    seconds = time.perf_counter() - started
    assert build.returncode == 0, build.stderr[-4000:]
    print(f"\nbundle built in {seconds:.1f} s", file=sys.stderr)
    yield base / "dist" / "curator"
    shutil.rmtree(base, ignore_errors=True)


def fresh_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a user who never ran Curator: a new HOME, no XDG or Curator
    overrides, no Python path of this checkout."""
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("XDG_", "CURATOR_", "PYTHON")) and k not in {"VIRTUAL_ENV"}}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8", **extra)
    return env


def run(program: Path, *args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(program), *args], env=env, capture_output=True, text=True, timeout=timeout)


def revision_of(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def count_documents(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM document").fetchone()[0]


def test_first_launch_shows_the_window_on_a_new_seeded_store(bundle, tmp_path):
    home = tmp_path / "home"
    result = run(bundle / "curator", "--smoke-quit-after-start", env=fresh_env(home))
    assert result.returncode == 0, result.stderr[-4000:]
    assert "window shown" in result.stdout
    db = home / ".local" / "share" / "Curator" / "curator.db"
    assert db.exists()
    assert revision_of(db) == head_revision()
    assert count_documents(db) == len(list(SEEDS.glob("*.txt")))
    assert "Traceback" not in result.stderr


def test_an_older_store_is_backed_up_and_upgraded(bundle, tmp_path):

    from curator.services.corpus import ensure_seeded

    db = tmp_path / "old.db"
    store = open_store(db)
    ensure_seeded(store, SEEDS)
    from tests.conftest import downgrade_sqlite

    downgrade_sqlite(store, "0006")
    store.close()
    assert revision_of(db) == "0006"

    result = run(bundle / "curator", "--db", str(db), "--smoke-quit-after-start", env=fresh_env(tmp_path / "home"))
    assert result.returncode == 0, result.stderr[-4000:]
    assert "window shown" in result.stdout
    assert revision_of(db) == head_revision()
    assert count_documents(db) == len(list(SEEDS.glob("*.txt")))
    backups = list(tmp_path.glob("old.db.bak-0006-*"))
    assert len(backups) == 1
    assert revision_of(backups[0]) == "0006"
    assert count_documents(backups[0]) == len(list(SEEDS.glob("*.txt")))


def loaded_libraries(result: subprocess.CompletedProcess) -> str:
    """What the dynamic loader opened, from ``LD_DEBUG=files`` (on stderr)."""
    return "\n".join(line for line in result.stderr.splitlines() if "file=" in line)


def test_the_command_line_of_the_bundle_imports_cleans_exports_and_validates(bundle, tmp_path):
    env = fresh_env(tmp_path / "home", LD_DEBUG="files")
    db, out = tmp_path / "cli.db", tmp_path / "dataset.json"
    program = bundle / "curator"

    version = run(program, "--version", env=env)
    assert version.stdout.strip() == f"curator {__version__}"
    imported = run(program, "import", str(SEEDS), "--db", str(db), env=env)
    assert imported.returncode == 0, imported.stderr[-4000:]
    assert revision_of(db) == head_revision()
    # the OCR clean-up reads symspellpy's English frequencies (package data)
    cleaned = run(program, "clean-up", "--db", str(db), env=env)
    assert cleaned.returncode == 0, cleaned.stderr[-4000:]
    exported = run(program, "export", "--db", str(db), "--out", str(out), env=env)
    assert exported.returncode == 0, exported.stderr[-4000:]
    checked = run(program, "validate", str(out), env=env)
    assert checked.returncode == 0, checked.stderr[-4000:]
    # and the installed (pip) Curator agrees the export is valid
    from curator.exchange.native import validate_file

    validate_file(out)
    for result in (imported, cleaned, exported, checked):
        libraries = loaded_libraries(result)
        assert "libpython" in libraries  # LD_DEBUG did report
        assert "libQt6" not in libraries and "shiboken" not in libraries


def test_the_tarball_installs_for_one_user(bundle, tmp_path):
    tarball = tmp_path / "curator.tar.gz"
    made = subprocess.run(["bash", str(ROOT / "packaging" / "make-tarball.sh"), str(bundle), str(tarball)],
                          env={**os.environ, "CURATOR_GZIP_LEVEL": "1"}, capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    unpacked = tmp_path / "unpacked"
    with tarfile.open(tarball) as tar:
        tar.extractall(unpacked, filter="tar")
    (top,) = unpacked.iterdir()
    home = tmp_path / "home"
    env = fresh_env(home)
    installed = subprocess.run(["sh", str(top / "install.sh")], env=env, capture_output=True, text=True, timeout=120)
    assert installed.returncode == 0, installed.stderr

    local = home / ".local"
    launcher = local / "bin" / "curator"
    assert (local / "opt" / "curator" / "curator").is_file()
    assert run(launcher, "--version", env=env).stdout.strip() == f"curator {__version__}"
    entry = local / "share" / "applications" / f"{APP_ID}.desktop"
    assert f"Exec={launcher}" in entry.read_text().splitlines()
    assert (local / "share" / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert (local / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    for size in (16, 32, 48, 64, 128, 256):
        assert (local / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    if shutil.which("desktop-file-validate"):
        checked = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    # the installed program starts its window
    started = run(launcher, "--smoke-quit-after-start", env=env)
    assert started.returncode == 0, started.stderr[-4000:]
    assert "window shown" in started.stdout

    uninstalled = subprocess.run(["sh", str(local / "opt" / "curator" / "install.sh"), "--uninstall"],
                                 env=env, capture_output=True, text=True, timeout=60)
    assert uninstalled.returncode == 0, uninstalled.stderr
    assert not launcher.exists() and not entry.exists() and not (local / "opt" / "curator").exists()
