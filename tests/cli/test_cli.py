"""The ``curator`` command line, in-process and once as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest
from sqlalchemy import text

from curator import __version__, cli
from curator.services.annotations import create_annotation
from curator.services.corpus import default_seeds_dir, list_documents, load_document
from curator.domain import DateValue
from curator.store import open_store

SEEDS = default_seeds_dir()
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def folder(tmp_path):
    """The repository's seeds plus an empty file and a binary file."""
    assert SEEDS is not None
    d = tmp_path / "in"
    d.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (d / seed.name).write_bytes(seed.read_bytes())
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 4)
    return d


def test_import_folder_reports_each_file(folder, tmp_path, capsys):
    db = tmp_path / "c.db"
    seeds = sorted(p.name for p in SEEDS.glob("*.txt"))
    assert cli.main(["import", str(folder), "--db", str(db)]) == 1  # some refused
    out = capsys.readouterr().out.splitlines()
    for name in seeds:
        assert any(line.startswith("imported") and name in line for line in out)
    assert any(line.startswith("refused") and "empty.txt: the file is empty" in line for line in out)
    assert any(line.startswith("refused") and "binary.txt" in line and "binary" in line.split(":", 1)[1]
               for line in out)
    assert out[-1] == f"imported {len(seeds)}, skipped 0, refused 2"
    assert len(list_documents(open_store(db))) == len(seeds)

    assert cli.main(["import", *map(str, sorted(SEEDS.glob("*.txt"))), "--db", str(db)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert all(line.startswith("skipped") and "same content as document" in line for line in out[:-1])
    assert out[-1] == f"imported 0, skipped {len(seeds)}, refused 0"


def test_export_validate_import_round_trip(folder, tmp_path, capsys):
    db, db2 = tmp_path / "a.db", tmp_path / "b.db"
    cli.main(["import", str(folder), "--db", str(db)])
    store = open_store(db)
    doc = load_document(store, list_documents(store)[0].id)
    create_annotation(store, doc.id, "date", 0, 5, creator="kim", value=DateValue("1950"))
    store.close()
    capsys.readouterr()
    out1, out2 = tmp_path / "one.json", tmp_path / "two.json"

    assert cli.main(["export", "--db", str(db), "--out", str(out1)]) == 0
    n_docs = len(list(SEEDS.glob("*.txt")))
    assert capsys.readouterr().out.strip() == f"exported 1 annotations (native) to {out1}"
    assert cli.main(["validate", str(out1)]) == 0
    assert capsys.readouterr().out.strip() == f"{out1}: valid ({n_docs} documents, 1 annotations)"
    assert cli.main(["import-json", str(out1), "--db", str(db2)]) == 0
    assert capsys.readouterr().out.strip() == f"Imported {n_docs} documents and 1 annotation from {out1}."
    assert cli.main(["--db", str(db2), "export", "--out", str(out2), "--format", "native"]) == 0
    assert out1.read_bytes() == out2.read_bytes()

    # again: refused by default (exit 1, one line), accepted with skip
    assert cli.main(["import-json", str(out1), "--db", str(db2)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "the store already has its text" in err
    assert cli.main(["import-json", str(out1), "--db", str(db2), "--on-conflict", "skip"]) == 0
    assert f"Skipped {n_docs} documents already here (with 1 annotation)" in capsys.readouterr().out
    # merged: the same texts are found, the one annotation is here already
    assert cli.main(["import-json", str(out1), "--db", str(db2), "--on-conflict", "merge"]) == 0
    assert capsys.readouterr().out.strip() == (
        f"Added 0 annotations to {n_docs} documents already here from {out1}; "
        "1 annotation identical to one here was left out.")


def test_validate_reports_the_first_problem(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "curator-dataset", "version": 2, "schema": "x", "documents": []}))
    assert cli.main(["validate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"curator: {bad}: ") and "version" in err and "Traceback" not in err
    bad.write_text("{nope")
    assert cli.main(["validate", str(bad)]) == 1
    assert "not valid JSON" in capsys.readouterr().err


def test_list_plain_and_json(folder, tmp_path, capsys):
    db = tmp_path / "a.db"
    cli.main(["import", str(folder), "--db", str(db)])
    capsys.readouterr()
    assert cli.main(["list", "--db", str(db), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted(r["source"] for r in rows) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert all(r["annotations"] == 0 for r in rows)
    assert cli.main(["list", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[2] for line in lines] == [r["source"] for r in rows]


def test_store_problems_exit_2_with_one_line(tmp_path, capsys):
    newer = tmp_path / "newer.db"
    store = open_store(newer)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num='9999'"))
    store.close()
    for argv in (["list", "--db", str(newer)], ["export", "--db", str(newer), "--out", str(tmp_path / "x.json")],
                 ["import", str(tmp_path), "--db", str(newer)]):
        assert cli.main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "newer Curator" in err and "Traceback" not in err
    assert not (tmp_path / "x.json").exists()

    assert cli.main(["list", "--db", str(tmp_path / "missing.db")]) == 2
    assert "no store at" in capsys.readouterr().err
    assert not (tmp_path / "missing.db").exists()

    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    assert cli.main(["list", "--db", str(junk)]) == 2
    assert "cannot open store" in capsys.readouterr().err


def test_usage_errors_and_version(capsys):
    assert cli.main(["export"]) == 2  # --out is required
    assert "--out" in capsys.readouterr().err
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"curator {__version__}"


def test_no_command_opens_the_app(monkeypatch, tmp_path):
    calls = []
    fake = types.ModuleType("curator.app")
    fake.main = lambda argv=None: calls.append(argv) or 7
    monkeypatch.setitem(sys.modules, "curator.app", fake)
    assert cli.main(["--db", str(tmp_path / "x.db")]) == 7
    assert calls == [["--db", str(tmp_path / "x.db")]]


def test_default_db_comes_from_the_data_dir(folder, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CURATOR_DATA_DIR", str(tmp_path / "data"))
    assert cli.main(["import", str(folder / "empty.txt")]) == 1
    assert (tmp_path / "data" / "curator.db").exists()


def test_subprocess_never_imports_qt(folder, tmp_path):
    db = tmp_path / "a.db"
    assert cli.main(["import", str(folder), "--db", str(db)]) == 1
    out = tmp_path / "out.json"
    code = (
        "import sys, curator.cli\n"
        f"rc = curator.cli.main(['export', '--db', {str(db)!r}, '--out', {str(out)!r}])\n"
        "assert rc == 0, rc\n"
        "for argv in (['suggest'], ['check'], ['clean-up'], ['corrections'], ['meta', '1'],\n"
        f"             ['export', '--format', 'w3c', '--out', {str(tmp_path / 'w3c.jsonld')!r}]):\n"
        f"    assert curator.cli.main([*argv, '--db', {str(db)!r}]) == 0, argv\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'qtawesome', 'curator.ui', 'curator.app'))]\n"
        "assert not bad, bad\n"
    )
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "curator-dataset"
    proc = subprocess.run([sys.executable, "-m", "curator", "validate", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.strip().endswith("annotations)")
