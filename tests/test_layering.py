"""The layers hold: the core never imports Qt (only curator.ui and curator.app may), and
import-linter's contracts in pyproject.toml pass, and can fail."""

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import curator

PACKAGE = Path(curator.__file__).parent
QT_ROOTS = {"PySide6", "qtawesome", "qtpy", "PyQt5", "PyQt6", "shiboken6"}
GUI_ALLOWED = {"ui", "app.py"}


def core_modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] in GUI_ALLOWED:
            continue
        yield rel, path


def imported_roots(path):
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0]
            if node.module == "curator":
                yield from (f"curator.{a.name}" for a in node.names)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("curator.ui"):
            yield "curator.ui"


def test_no_core_module_imports_qt_or_the_ui():
    offenders = []
    for rel, path in core_modules():
        roots = set(imported_roots(path))
        bad = roots & QT_ROOTS or ({"curator.ui"} & roots if rel.name != "cli.py" else set())
        if bad:
            offenders.append(f"{rel}: {sorted(bad)}")
    assert offenders == []


def test_importing_the_whole_core_loads_no_qt():
    names = [
        "curator." + ".".join(rel.with_suffix("").parts).removesuffix(".__init__")
        for rel, _ in core_modules()
        if rel.name != "__main__.py" and "migrations" not in rel.parts
    ]
    code = (
        "import importlib, sys\n"
        f"for n in {names!r}: importlib.import_module(n)\n"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{sorted(QT_ROOTS)!r})\n"
        "print(qt); sys.exit(1 if qt else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert len(names) > 10


ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "pyproject.toml"


def lint_imports(src: Path) -> subprocess.CompletedProcess:
    """import-linter's contracts of pyproject.toml over the package found in ``src``."""
    code = (
        "import sys\n"
        "from importlinter.cli import lint_imports\n"
        f"sys.exit(lint_imports(config_filename={str(CONFIG)!r}, no_cache=True, no_logo=True))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=src)


def test_the_layer_contracts_hold():
    """ui | cli -> services -> exchange -> suggest | store -> text -> settings -> domain,
    no database library outside store/ and services/, the window and the command line
    reach the store through services, no Qt in the core (pyproject.toml)."""
    proc = lint_imports(PACKAGE.parent)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "4 kept, 0 broken" in proc.stdout


def test_a_backward_import_or_a_database_import_outside_the_store_breaks_the_contracts(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(PACKAGE, copy / "curator", ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "curator" / "store" / "upward.py").write_text("from curator.services import corpus\n")
    (copy / "curator" / "text" / "sql.py").write_text("import sqlalchemy\n")
    proc = lint_imports(copy)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    out = " ".join(proc.stdout.split())
    assert "curator.store is not allowed to import curator.services" in out
    assert "curator.store.upward -> curator.services.corpus" in out
    assert "curator.text is not allowed to import sqlalchemy" in out
    assert "2 kept, 2 broken" in out
