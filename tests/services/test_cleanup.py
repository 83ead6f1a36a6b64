"""The OCR clean-up use-case: the detector's proposals stored once, rejected ones never again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from curator.services import corrections
from curator.services.cleanup import propose_for_document
from curator.services.corpus import import_files, load_document
from curator.store import open_store

SEED_000 = Path(__file__).resolve().parents[2] / "seeds" / "000_a5ad83d4d40f98fa.txt"
HEADER = "S5to| KA £3Yst Mein UM £} FH|(1945~1956) 179"


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "ocr.db")
    yield s
    s.close()


def test_propose_for_document_stores_once_and_accepting_the_header_rejoins(store):
    (outcome,) = import_files(store, [SEED_000])
    doc_id = outcome.document_id
    rows = propose_for_document(store, doc_id, author="tester")
    assert rows and all(r.origin == "suggestion" and r.status == "proposed" for r in rows)
    assert propose_for_document(store, doc_id, author="tester") == []  # already pending
    (header,) = [r for r in rows if HEADER in r.original]
    inregard = next(r for r in rows if r.original == "Inregard")
    # a proposal after the header: its offsets shift when the header goes
    science = next(r for r in rows if r.original == "\n\n" and r.start > header.end
                   and load_document(store, doc_id).text[r.start - 3:r.start] == "and")
    corrections.reject_corrections(store, [inregard.id, science.id], by="tester")
    corrections.accept_corrections(store, [header.id], by="tester")
    text = load_document(store, doc_id).text
    assert re.search(r"identifies North[ \n]Korea’s", text) and "S5to" not in text
    again = propose_for_document(store, doc_id, author="tester")
    # rejected proposals are not made again on the new revision (carried there); the
    # join across the removed header now is
    assert not any(r.original == "Inregard" for r in again)
    assert "science and\n\ntechnology" in text
    assert not any(r.original == "\n\n" and text[r.start - 3:r.start] == "and" for r in again)
    assert any(r.original == "\n" and text[r.start - 5:r.start] == "North" for r in again)
