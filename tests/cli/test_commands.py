"""The curation commands: export formats, import --encoding, W3C import, corrections,
clean-up, suggest, check, meta and redecode, run in-process on the repository's seeds."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from curator import cli
from curator.domain import DateValue, FigureValue
from curator.services.annotations import create_annotation, list_annotations
from curator.services.corpus import default_seeds_dir, list_documents, load_document
from curator.services.corrections import list_corrections
from curator.services.suggestions import list_suggestions
from curator.store import open_store
from curator.store.models import Annotation, Correction, Suggestion

SEEDS = default_seeds_dir()
KO = "1950년 3월 공장은 5억 7,600만 루블을 받았다.\n"


@pytest.fixture
def db(tmp_path, capsys) -> Path:
    """A store holding the seeds (000, 001, 003)."""
    assert SEEDS is not None
    path = tmp_path / "c.db"
    assert cli.main(["import", str(SEEDS), "--db", str(path)]) == 0
    capsys.readouterr()
    return path


def doc_id(db: Path, seed: str) -> int:
    store = open_store(db)
    try:
        return next(d.id for d in list_documents(store) if d.source_name.startswith(seed))
    finally:
        store.close()


def json_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def count(db: Path, table) -> int:
    store = open_store(db)
    try:
        with store.read() as s:
            return s.exec(select(func.count()).select_from(table)).one()[0]
    finally:
        store.close()


def run(capsys, *argv) -> tuple[int, str, str]:
    rc = cli.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


def annotate(db: Path) -> dict[str, int]:
    """A date and a figure on seed 003 (figure "5억 7,600만 루블")."""
    store = open_store(db)
    try:
        doc = load_document(store, doc_id(db, "003"))
        start = doc.text.index("5억 7,600만 루블")
        fig = create_annotation(store, doc.id, "figure", start, start + 12, creator="kim",
                                value=FigureValue.parse("576000000", "RUB"), status="confirmed")
        date = create_annotation(store, doc.id, "date", 0, 3, creator="lee", value=DateValue("1950"))
        return {"figure": fig.id, "date": date.id}
    finally:
        store.close()


# ---------------------------------------------------------------- export


def test_every_export_format_writes_a_file_that_parses(db, tmp_path, capsys):
    annotate(db)
    outs = {fmt: tmp_path / f"out.{fmt}" for fmt in ("native", "w3c", "w3c-jsonl", "jsonl", "doccano", "csv")}
    for fmt, out in outs.items():
        rc, stdout, _ = run(capsys, "export", "--db", db, "--format", fmt, "--out", out)
        assert rc == 0
        assert stdout.startswith(f"exported 2 annotations ({fmt}) to {out}")  # a date and a figure
    assert json.loads(outs["native"].read_text())["format"] == "curator-dataset"
    collection = json.loads(outs["w3c"].read_text())
    assert collection["type"] == "AnnotationCollection" and len(collection["first"]["items"]) == 2
    quotes = sorted(i["target"]["selector"][0]["exact"] for i in collection["first"]["items"])
    assert [json.loads(line)["type"] for line in outs["w3c-jsonl"].read_text().splitlines()] == ["Annotation"] * 2
    lines = json_lines(outs["jsonl"].read_text())
    spans = [(line["text"][a["start"]:a["end"]]) for line in lines for a in line["spans"]]
    assert sorted(spans) == quotes
    doccano = json_lines(outs["doccano"].read_text())
    assert [line["label"] for line in doccano] == [line["label"] for line in lines]  # no emoji in these texts
    assert {line["meta"]["offsets"] for line in doccano} == {"utf16"}
    rows = list(csv.DictReader(io.StringIO(outs["csv"].read_text(encoding="utf-8-sig"))))
    assert {r["quote"]: (r["value"], r["unit"]) for r in rows}["5억 7,600만 루블"] == ("576000000", "RUB")


def test_export_to_an_unwritable_place_is_one_line(db, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    rc, _, err = run(capsys, "export", "--db", db, "--format", "csv", "--out", blocker / "sub" / "o.csv")
    assert rc == 2 and err.count("\n") == 1 and err.startswith("curator: cannot write")


# ---------------------------------------------------------------- import


def test_import_with_a_forced_encoding(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(KO.encode("cp949"))
    (folder / "b.txt").write_bytes(("Plain English text, 1950.\n" * 3).encode("utf-8"))
    db = tmp_path / "e.db"
    rc, out, _ = run(capsys, "import", folder, "--db", db, "--encoding", "utf-8")
    lines = out.splitlines()
    assert rc == 1
    assert lines[0].startswith("refused   a.txt: the file is not valid utf-8")
    assert lines[1].startswith("imported  b.txt (document 1)")
    assert lines[-1] == "imported 1, skipped 0, refused 1"
    rc, out, _ = run(capsys, "import", folder / "a.txt", "--db", db, "--encoding", "euc-kr")
    assert rc == 0 and out.splitlines()[-1] == "imported 1, skipped 0, refused 0"
    store = open_store(db)
    doc = load_document(store, 2)
    assert doc.text == KO and doc.encoding == "euc_kr"
    store.close()
    rc, _, err = run(capsys, "import", folder, "--db", db, "--encoding", "klingon")
    assert rc == 2 and "'klingon' is not an encoding" in err


# ---------------------------------------------------------------- W3C import


def test_import_json_w3c_round_trip_conflicts_and_refusals(db, tmp_path, capsys):
    annotate(db)
    out = tmp_path / "a.jsonld"
    assert run(capsys, "export", "--db", db, "--format", "w3c", "--out", out)[0] == 0
    other = tmp_path / "other.db"
    assert run(capsys, "import", SEEDS / "003_4ac6bf62b4fea684.txt", "--db", other)[0] == 0
    assert run(capsys, "import", SEEDS, "--db", other)[0] == 0

    rc, stdout, _ = run(capsys, "import-json", out, "--format", "w3c", "--db", other)
    assert (rc, stdout.strip()) == (0, f"Imported 2 annotations onto 1 document from {out}.")
    mine = open_store(db)
    theirs = open_store(other)

    def content(store, doc):
        return sorted((a.label.value, a.start, a.end, a.quote, a.value, a.status.value)
                      for a in list_annotations(store, doc))

    assert content(theirs, 1) == content(mine, doc_id(db, "003"))
    mine.close()
    theirs.close()

    before = count(other, Annotation)
    rc, _, err = run(capsys, "import-json", out, "--format", "w3c", "--db", other)
    assert rc == 1 and err.count("\n") == 1 and "already exists in document 1" in err
    rc, stdout, _ = run(capsys, "import-json", out, "--format", "w3c", "--db", other, "--on-conflict", "skip")
    assert rc == 0 and "Skipped 2 annotations identical to ones already here" in stdout
    assert count(other, Annotation) == before

    bad = tmp_path / "bad.jsonld"
    bad.write_text(out.read_text().replace("5억 7,600만 루블", "5억 7,600만 rubles"))
    rc, _, err = run(capsys, "import-json", bad, "--format", "w3c", "--db", other, "--on-conflict", "new-ids")
    assert rc == 1 and err.startswith(f"curator: {bad}: annotation") and "not the quote" in err
    assert count(other, Annotation) == before


# ---------------------------------------------------------------- suggest and check


def test_suggest_json_without_store_writes_nothing(db, capsys):
    doc = doc_id(db, "003")
    rc, out, _ = run(capsys, "suggest", "--db", db, doc, "--json")
    assert rc == 0
    found = json_lines(out)
    figure = next(s for s in found if s["quote"] == "5억 7,600만 루블")
    assert figure["label"] == "figure" and figure["document_id"] == doc
    assert figure["value"] == {"amount": "576000000", "unit": "RUB"}
    assert set(figure) == {"document_id", "label", "start", "end", "quote", "value", "reason", "score"}
    store = open_store(db)
    text = load_document(store, doc).text
    assert all(text[s["start"]:s["end"]] == s["quote"] for s in found)
    assert {s["label"] for s in found} == {"date", "figure", "claim"}
    store.close()
    assert count(db, Suggestion) == 0

    rc, out, _ = run(capsys, "suggest", "--db", db, doc, "--json", "--kinds", "figure")
    assert rc == 0 and {s["label"] for s in json_lines(out)} == {"figure"}
    rc, out, _ = run(capsys, "suggest", "--db", db, doc, "--kinds", "figure")
    assert rc == 0 and "5억 7,600만 루블" in out and out.splitlines()[-1].endswith("suggestions")


def test_suggest_store_saves_pending_suggestions_once(db, capsys):
    doc = doc_id(db, "003")
    rc, out, _ = run(capsys, "suggest", "--db", db, doc, "--json", "--store")
    stored = json_lines(out)
    assert rc == 0 and stored
    store = open_store(db)
    pending = list_suggestions(store, doc)
    assert [(s.label.value, s.start, s.end) for s in pending] == [(s["label"], s["start"], s["end"]) for s in stored]
    store.close()
    rc, out, _ = run(capsys, "suggest", "--db", db, doc, "--store")
    assert rc == 0 and out.strip() == "0 suggestions stored as pending"


def test_suggest_and_check_refuse_bad_arguments(db, capsys):
    rc, _, err = run(capsys, "suggest", "--db", db, "--kinds", "date,weather")
    assert rc == 2 and "kinds are a comma-separated list" in err
    rc, _, err = run(capsys, "check", "--db", db, 999)
    assert rc == 2 and err.strip() == "curator: document 999 does not exist"


def test_check_json_reports_the_figure_mismatch(db, capsys):
    rc, out, _ = run(capsys, "check", "--db", db, "--json")
    assert rc == 0
    findings = json_lines(out)
    mismatch = next(f for f in findings if f["ko"] and f["ko"]["quote"] == "12억 900만 루블")
    assert mismatch["document_id"] == doc_id(db, "003")
    assert mismatch["kind"] == "mismatch" and mismatch["label"] == "figure"
    assert mismatch["en"]["quote"] == "1.29 billion rubles"
    assert (mismatch["ko"]["value"]["amount"], mismatch["en"]["value"]["amount"]) == ("1209000000", "1290000000")
    assert mismatch["verdict"] is None and mismatch["note"] == ""
    rc, out, _ = run(capsys, "check", "--db", db)
    assert rc == 0 and "12억 900만 루블" in out and out.splitlines()[-1] == f"{len(findings)} findings"


# ---------------------------------------------------------------- clean-up and corrections


def test_clean_up_then_accept_a_noise_zone_and_reject_another(db, capsys):
    seed0 = doc_id(db, "000")
    rc, out, _ = run(capsys, "clean-up", "--db", db)
    assert rc == 0
    assert any(line.startswith(f"document {seed0} (000_") for line in out.splitlines())
    assert run(capsys, "clean-up", "--db", db, seed0)[1].startswith(f"document {seed0} (000_a5ad83d4d40f98fa.txt): 0 proposed")

    rc, out, _ = run(capsys, "corrections", "--db", db, "--doc", seed0, "--json")
    rows = json_lines(out)
    assert rc == 0 and rows and all(r["document_id"] == seed0 and r["status"] == "proposed" for r in rows)
    assert set(rows[0]) == {"document_id", "id", "start", "end", "original", "replacement", "kind", "reason",
                            "status", "origin", "author", "revision", "stale"}
    noise = next(r for r in rows if r["kind"] == "noise")
    assert noise["replacement"] == "" and noise["revision"] == 1
    other = next(r for r in rows if r["kind"] == "edit")

    store = open_store(db)
    before = load_document(store, seed0)
    assert before.text[noise["start"]:noise["end"]] == noise["original"]
    # an annotation inside the noise zone loses all its text: orphaned, not moved
    flagged = create_annotation(store, seed0, "claim", noise["start"] + 1, noise["end"] - 1, creator="kim")
    store.close()

    rc, out, _ = run(capsys, "corrections", "accept", noise["id"], "--db", db, "--by", "park")
    assert rc == 0
    assert out.strip().startswith(f"document {seed0}: accepted #{noise['id']} → revision 2; 0 annotations now need review")
    assert out.strip().endswith("1 orphaned (their text was removed; listed for review, left out of exports)")
    store = open_store(db)
    after = load_document(store, seed0)
    assert after.revision_number == 2
    assert after.text == before.text[:noise["start"]] + before.text[noise["end"]:]
    orphan = {a.id: a for a in list_annotations(store, seed0)}[flagged.id]
    assert orphan.status.value == "orphaned" and orphan.quote == flagged.quote
    assert orphan.revision_id == before.revision_id  # anchored where its text was
    store.close()

    rc, out, _ = run(capsys, "corrections", "reject", other["id"], "--db", db)
    assert (rc, out.strip()) == (0, f"document {seed0}: rejected #{other['id']}")
    rc, out, _ = run(capsys, "corrections", "--db", db, "--status", "rejected", "--json")
    assert [r["id"] for r in json_lines(out)] == [other["id"]]
    rc, out, _ = run(capsys, "corrections", "--db", db, "--status", "accepted")
    assert out.splitlines()[0].startswith(f"#{noise['id']}\tdoc {seed0} rev 1") and "(removed)" in out


def test_corrections_decide_per_document_and_refuse_bad_ids(db, capsys):
    run(capsys, "clean-up", "--db", db)
    store = open_store(db)
    pending = list_corrections(store, status="proposed")
    store.close()
    first_of = {}
    for r in pending:
        first_of.setdefault(r.document_id, r.id)
    assert len(first_of) >= 2
    ids = list(first_of.values())
    decided_before = count(db, Correction)

    rc, _, err = run(capsys, "corrections", "reject", ids[0], 99999, "--db", db)
    assert rc == 1 and err.strip() == "curator: correction 99999 does not exist"
    store = open_store(db)
    assert all(r.status == "proposed" for r in list_corrections(store) if r.id in ids)  # nothing was done
    store.close()

    rc, out, _ = run(capsys, "corrections", "reject", *ids, "--db", db)
    assert rc == 0 and len(out.splitlines()) == len(first_of)
    rc, _, err = run(capsys, "corrections", "accept", ids[0], "--db", db)
    assert rc == 1 and err.strip() == f"curator: correction {ids[0]} is already rejected"
    assert count(db, Correction) == decided_before
    rc, _, err = run(capsys, "corrections", "accept", "--db", db)
    assert rc == 2  # no ids: a usage error


# ---------------------------------------------------------------- meta and redecode


def test_meta_shows_and_edits(db, capsys):
    doc = doc_id(db, "003")
    rc, out, _ = run(capsys, "meta", "--db", db, doc, "--json")
    shown = json.loads(out)
    assert rc == 0 and "ko" in shown["languages"].split(",")
    rc, out, _ = run(capsys, "meta", "--db", db, doc, "--year", "1958", "--authors", " Kim  Minji ",
                     "--languages", "ko,EN", "--source", "https://doi.org/10.1/x")
    assert rc == 0
    assert "year:      1958" in out.splitlines() and "authors:   Kim Minji" in out.splitlines()
    rc, out, _ = run(capsys, "meta", "--db", db, doc, "--json")
    assert {k: json.loads(out)[k] for k in ("year", "authors", "languages", "source")} == {
        "year": 1958, "authors": "Kim Minji", "languages": "ko,en", "source": "https://doi.org/10.1/x"}
    rc, _, err = run(capsys, "meta", "--db", db, doc, "--year", "soon")
    assert rc == 1 and err.strip() == "curator: 'soon' is not a year"
    rc, _, err = run(capsys, "meta", "--db", db, 999)
    assert rc == 2 and "document 999 does not exist" in err


def test_redecode(tmp_path, capsys):
    path = tmp_path / "latin.txt"
    path.write_bytes("Café in Zürich, 1950; the delegation stayed.\n".encode("cp1252"))
    db = tmp_path / "r.db"
    assert run(capsys, "import", path, "--db", db, "--encoding", "koi8-r")[0] == 0
    store = open_store(db)
    assert "Café" not in load_document(store, 1).text
    store.close()
    rc, out, _ = run(capsys, "redecode", "--db", db, 1, "cp1252")
    assert rc == 0 and out.startswith("document 1 re-decoded as cp1252") and "«Café in Zürich" in out
    store = open_store(db)
    assert load_document(store, 1).text.startswith("Café in Zürich")
    create_annotation(store, 1, "date", 16, 20, creator="kim")
    store.close()
    rc, _, err = run(capsys, "redecode", "--db", db, 1, "utf-8")
    assert rc == 1 and err.count("\n") == 1 and "has annotations or corrections" in err


def test_export_progress_goes_to_stderr_on_a_terminal(db, tmp_path, capsys, monkeypatch):
    annotate(db)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    rc, out, err = run(capsys, "export", "--db", db, "--format", "w3c", "--out", tmp_path / "a.jsonld")
    assert rc == 0 and "exported 2/2 annotations" in err and "/2 annotations" not in out
    monkeypatch.setattr("sys.stderr.isatty", lambda: False)
    rc, out, err = run(capsys, "export", "--db", db, "--format", "jsonl", "--out", tmp_path / "a.jsonl")
    assert rc == 0 and err == ""


def test_import_json_shows_progress_on_a_terminal(db, tmp_path, capsys, monkeypatch):
    annotate(db)
    for fmt, name in (("native", "a.json"), ("w3c", "a.jsonld")):
        assert run(capsys, "export", "--db", db, "--format", fmt, "--out", tmp_path / name)[0] == 0
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    rc, _, err = run(capsys, "import-json", tmp_path / "a.json", "--db", tmp_path / "new.db")
    assert rc == 0 and err.rstrip("\n").endswith(f"importing {tmp_path / 'a.json'}: 100%")
    rc, _, err = run(capsys, "import-json", tmp_path / "a.jsonld", "--format", "w3c", "--db", db,
                     "--on-conflict", "skip")
    assert rc == 0 and err.rstrip("\n").endswith("100%")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)  # piped: no progress at all
    rc, _, err = run(capsys, "import-json", tmp_path / "a.json", "--db", tmp_path / "new2.db")
    assert rc == 0 and err == ""
