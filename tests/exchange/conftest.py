"""Stores for the native-dataset tests: ``store`` holds two documents (Korean with
characters outside the BMP, English) with every kind of annotation; ``curated`` is that
store after a round of corrections, metadata edits and a verdict. A test module that
defines its own ``store`` fixture uses its own."""

from __future__ import annotations

import pytest

from curator.domain import ClaimValue, DateValue, FigureValue
from curator.services import annotations as ann
from curator.services import corrections
from curator.services.corpus import import_files, list_documents, load_document
from curator.services.metadata import update_metadata
from curator.services.suggestions import record_verdict
from curator.store import open_store
from tests.exchange.native_data import ENGLISH, KOREAN, _span


@pytest.fixture
def store(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "ko.txt").write_text(KOREAN, encoding="utf-8")
    (src / "en.txt").write_text(ENGLISH, encoding="utf-8")
    s = open_store(tmp_path / "a.db")
    outcomes = import_files(s, [src / "en.txt", src / "ko.txt"])
    assert [o.status for o in outcomes] == ["imported", "imported"]
    en, ko = (load_document(s, o.document_id) for o in outcomes)
    d = ann.create_annotation(s, ko.id, "date", *_span(ko.text, "1957-1961"), creator="김민수",
                              value=DateValue("1957/1961"), status="confirmed")
    f = ann.create_annotation(s, ko.id, "figure", *_span(ko.text, "5억 7,600만 루블"), creator="lee",
                              value=FigureValue.parse("576000000", "RUB"), origin="suggestion")
    ann.create_annotation(s, ko.id, "claim", *_span(ko.text, "북한 정부는 😀 제1차"), creator="김민수",
                          value=ClaimValue("정부가 계획을 채택", (d.id, f.id)), note="근거 두 개")
    ann.create_annotation(s, ko.id, "date", *_span(ko.text, "𠀀𠀁𠀂"), creator="lee")  # no value yet
    ann.create_annotation(s, ko.id, "date", *_span(ko.text, "1945-1956"), creator="lee",
                          value=DateValue("1945/1956"), status="needs_review")
    ann.create_annotation(s, en.id, "figure", *_span(en.text, "576 million rubles"), creator="lee",
                          value=FigureValue.parse("576000000.50", "RUB"))
    ann.create_annotation(s, en.id, "claim", *_span(en.text, "late 1950s"), creator="lee")
    yield s
    s.close()


@pytest.fixture
def curated(store):
    """The store after curators corrected the Korean text: a direct edit, a noise zone
    and an edit accepted together, an edit touching a figure (which then needs review), a
    stale proposal left on revision 1, a pending and a rejected one; metadata; a verdict."""
    ko = next(d for d in list_documents(store) if d.source_name == "ko.txt").id

    def at(needle: str) -> tuple[int, int]:
        return _span(load_document(store, ko).text, needle)

    stale = corrections.propose_correction(store, ko, *at("채택하였다"), "채택함", reason="", author="lee")
    corrections.correct_directly(store, ko, *at("채택하였다"), "채택했다", reason="현대 표기", author="김민수")
    noise = corrections.propose_correction(store, ko, *at("두 번째 줄: "), "", reason="running header",
                                           author="lee", kind="noise")
    edit = corrections.propose_correction(store, ko, *at("원조액은"), "원조 총액은", reason="", author="lee")
    corrections.accept_corrections(store, [edit.id, noise.id], by="김민수")
    corrections.correct_directly(store, ko, *at("7,600만"), "7,600 만", reason="spacing", author="lee")
    corrections.propose_correction(store, ko, *at("북한"), "조선", reason="source term", author="lee")
    rejected = corrections.propose_correction(store, ko, *at("희귀"), "드문", reason="", author="lee")
    corrections.reject_corrections(store, [rejected.id], by="김민수")
    assert corrections.get_correction(store, stale.id).stale
    update_metadata(store, ko, authors="김민수; Lee, J.", year=1961, source="https://doi.org/10.1234/ko.1",
                    languages="ko,en")
    record_verdict(store, ko, "figure|576000000|5억", "rounding", "\"반올림\" \\ ok", by="lee")
    return store
