"""``--db`` takes a PostgreSQL URL wherever it takes a SQLite file, and the password of
a URL never shows: not in a file name, an output line or an error message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from curator import cli
from curator.cli_commands.common import store_name
from curator.services.corpus import default_seeds_dir

SEEDS = default_seeds_dir()


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def _run(argv: list[str], capsys, password: str) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    assert password not in out and password not in err, (out, err)
    assert "Traceback" not in err
    return code, out, err


def test_every_command_works_on_a_postgresql_url(pg_db, tmp_path, capsys, monkeypatch):
    url, other = pg_db(), pg_db()
    password = make_url(url).password
    assert password
    monkeypatch.chdir(tmp_path)
    seeds = sorted(str(p) for p in SEEDS.glob("*.txt"))
    before = _files(tmp_path)

    code, out, _ = _run(["import", *seeds, "--db", url], capsys, password)
    assert code == 0 and out.splitlines()[-1] == f"imported {len(seeds)}, skipped 0, refused 0"
    code, out, _ = _run(["list", "--db", url, "--json"], capsys, password)
    docs = json.loads(out)
    assert code == 0 and len(docs) == len(seeds)
    code, out, _ = _run(["--db", url, "list"], capsys, password)  # --db before the command
    assert code == 0 and len(out.splitlines()) == len(seeds)
    first = str(docs[0]["id"])
    for argv in (["meta", "--db", url, first, "--year", "1958"], ["suggest", "--db", url, "--json"],
                 ["check", "--db", url], ["clean-up", "--db", url], ["corrections", "--db", url, "--json"]):
        code, _, err = _run(argv, capsys, password)
        assert code == 0, (argv, err)
    dataset = tmp_path / "out.json"
    code, out, _ = _run(["export", "--db", url, "--out", str(dataset)], capsys, password)
    assert code == 0 and dataset.exists()
    code, out, _ = _run(["import-json", str(dataset), "--db", other, "--on-conflict", "new-ids"], capsys, password)
    assert code == 0 and f"Imported {len(seeds)} documents" in out
    code, out, _ = _run(["list", "--db", other, "--json"], capsys, password)
    assert [d["source"] for d in json.loads(out)] == [d["source"] for d in docs]
    # no SQLite file was made anywhere after the URL's name
    assert _files(tmp_path) - before == {"out.json"}


def test_a_url_that_cannot_be_opened_is_one_line_without_the_password(pg_db, tmp_path, capsys, monkeypatch):
    url = make_url(pg_db())
    monkeypatch.chdir(tmp_path)
    secret = "s3cret-never-shown"
    wrong_password = url.set(password=secret).render_as_string(hide_password=False)
    no_server = url.set(port=1, password=secret).render_as_string(hide_password=False)
    for target in (wrong_password, no_server):
        for argv in (["list", "--db", target], ["import", str(SEEDS), "--db", target],
                     ["export", "--db", target, "--out", "x.json"]):
            code, _, err = _run(argv, capsys, secret)
            assert code == 2 and err.count("\n") == 1, err
            assert "***" in err  # the store is named, its password masked
    assert _files(tmp_path) == set()


def test_a_store_is_named_without_its_password():
    assert store_name("postgresql+psycopg://kim:pw@db.example/team") == "postgresql+psycopg://kim:***@db.example/team"
    assert store_name(Path("/data/a.db")) == "/data/a.db"
    assert store_name("relative/b.db") == "relative/b.db"


@pytest.mark.parametrize("target", ["postgresql+psycopg://kim:pw@localhost:1/nowhere"])
def test_the_app_names_a_refused_store_without_its_password(target, monkeypatch):
    pytest.importorskip("PySide6")
    from PySide6.QtWidgets import QMessageBox

    from curator import app

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    assert app.run(target) == app.EXIT_STORE_REFUSED
    assert shown and ":pw@" not in shown[0] and "kim:***@localhost:1/nowhere" in shown[0]
