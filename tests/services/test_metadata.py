"""Metadata guessed at import, edited by curators; re-decoding the kept bytes."""

from pathlib import Path

import pytest

from curator.domain import ValidationError
from curator.exchange.textfile import decode_bytes
from curator.services import annotations as A
from curator.services import metadata as M
from curator.services.corpus import import_decoded, import_files, load_document

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_seed_metadata_guesses(store):
    ids = [o.document_id for o in import_files(store, [SEEDS])]
    first, second, third = (M.get_metadata(store, i) for i in ids)
    assert first.authors == "Zhang, Chao"
    assert first.languages == ("en",)
    assert second.authors == "Soo-Ryong Jo"
    assert third.languages == ("en", "ko")  # by characters the English version is the longer
    assert third.authors == ""


def test_doi_becomes_the_source():
    meta = M.guess_metadata("A title line here\n\nSee doi:10.1234/abc.5678, for more.", "A title line here")
    assert meta.source == "https://doi.org/10.1234/abc.5678"


def test_update_metadata_validates(store, doc):
    meta = M.update_metadata(store, doc, title="  A  title ", authors="Kim, Y.", year="1958",
                             source="https://example.org/a", languages="ko, en")
    assert meta == M.Metadata("A title", "Kim, Y.", 1958, "https://example.org/a", ("ko", "en"))
    for bad in ({"year": "late 1950s"}, {"title": "  "}, {"languages": "korean!"}, {"colour": "red"}):
        with pytest.raises(ValidationError):
            M.update_metadata(store, doc, **bad)
    assert M.get_metadata(store, doc) == meta


def test_redecode_with_another_encoding(store):
    raw = "북한 경제 1958년".encode("cp949")
    wrong = decode_bytes(raw)  # detected as cp949; pretend the curator knows better
    doc = import_decoded(store, "k.txt", wrong).document_id
    assert M.redecode(store, doc, "latin-1") == raw.decode("latin-1")
    assert load_document(store, doc).encoding == "latin-1"
    assert M.redecode(store, doc, "euc-kr") == "북한 경제 1958년"
    with pytest.raises(ValidationError, match="not valid utf-8"):
        M.redecode(store, doc, "utf-8")
    with pytest.raises(ValidationError, match="not an encoding"):
        M.redecode(store, doc, "klingon")
    A.create_annotation(store, doc, "date", 6, 11, creator="k")
    with pytest.raises(ValidationError, match="annotations"):
        M.redecode(store, doc, "latin-1")
    assert load_document(store, doc).text == "북한 경제 1958년"
