"""Importing text files and the first-launch seed corpus."""

import codecs
import unicodedata
from pathlib import Path

import pytest

from curator.domain import ValidationError
from curator.exchange.textfile import decode_bytes
from curator.services import corpus

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_first_launch_imports_the_three_seed_documents_unchanged(store):
    outcomes = corpus.ensure_seeded(store, SEEDS)
    assert [o.status for o in outcomes] == ["imported"] * 3
    docs = corpus.list_documents(store)
    assert [d.source_name for d in docs] == sorted(p.name for p in SEEDS.glob("*.txt"))
    for info in docs:
        text = corpus.load_document(store, info.id).text
        assert text == (SEEDS / info.source_name).read_text("utf-8")
    assert docs[0].title.startswith("North Korea's Choice of “Self-reliant Heavy Industrialization”")
    assert docs[1].title.startswith("North Korea's Wartime Production")  # not the "본문 바로가기" link
    # a store that has documents is not seeded again
    assert corpus.ensure_seeded(store, SEEDS) == []
    assert len(corpus.list_documents(store)) == 3


def test_default_seeds_dir_is_the_projects_seeds():
    assert corpus.default_seeds_dir() == SEEDS


def test_same_content_twice_is_skipped(store, tmp_path):
    (tmp_path / "a.txt").write_text("The same abstract about 1950.", "utf-8")
    (tmp_path / "b.txt").write_text("The same abstract about 1950.", "utf-8")
    out = corpus.import_files(store, [tmp_path])
    assert [o.status for o in out] == ["imported", "skipped"]
    assert "same content as document" in out[1].reason


def test_bad_files_are_refused_with_a_reason_and_the_rest_goes_on(store, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "good.txt").write_text("A good abstract of 1950.", "utf-8")
    out = {o.source: o for o in corpus.import_files(store, [tmp_path])}
    assert out["empty.txt"].status == "refused" and "empty" in out["empty.txt"].reason
    assert out["image.txt"].status == "refused" and "binary" in out["image.txt"].reason
    assert out["good.txt"].status == "imported"
    assert len(corpus.list_documents(store)) == 1


@pytest.mark.parametrize(
    "raw,encoding",
    [
        ("북한의 5개년계획 1958년".encode("cp949"), "cp949"),
        ("북한의 5개년계획 1958년".encode("euc-kr"), "cp949"),
        (codecs.BOM_UTF16_LE + "북한 1958 😀".encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF8 + "plain 1958".encode("utf-8"), "utf-8-sig"),
        ("plain 1958 한국".encode("utf-8"), "utf-8"),
    ],
)
def test_encodings_are_decoded_and_named(raw, encoding):
    decoded = decode_bytes(raw)
    assert decoded.encoding == encoding
    assert "1958" in decoded.text and "\ufeff" not in decoded.text


def test_nul_bytes_without_bom_are_binary():
    with pytest.raises(ValidationError, match="binary"):
        decode_bytes(b"abc\x00def")


def test_import_normalises_to_nfc_and_lf_and_notes_it(store):
    raw = unicodedata.normalize("NFD", "한국어 초록\r\n두 번째 줄").encode("utf-8")
    out = corpus.import_decoded(store, "nfd.txt", decode_bytes(raw))
    doc = corpus.load_document(store, out.document_id)
    assert doc.text == "한국어 초록\n두 번째 줄"
