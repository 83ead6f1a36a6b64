"""Merging a colleague's dataset (``on_conflict="merge"``): by text, never by id.

The colleague imported the same two texts in the other order (so their ids are ours
swapped) plus a third one we do not have, and annotated them; one of their annotations is
identical to one of ours. ``store`` (conftest) is ours."""

from __future__ import annotations

import pytest
from sqlmodel import select

from curator.domain import ClaimValue, DateValue, FigureValue, Label, Status
from curator.domain.errors import ValidationError
from curator.exchange import native
from curator.services import exchange as exchange_svc
from curator.services import annotations as ann
from curator.services import corrections
from curator.services.corpus import import_files, list_documents, load_document
from curator.services.suggestions import record_verdict
from curator.store import open_store
from curator.store.models import FindingVerdict
from tests.exchange.native_data import ENGLISH, KOREAN, _counts, _span

THIRD = "A third abstract, which only the colleague has: 1961.\n"


@pytest.fixture
def theirs(tmp_path):
    """The colleague's export: (path, their Korean document's id)."""
    src = tmp_path / "theirs"
    src.mkdir()
    for name, text in (("ko.txt", KOREAN), ("third.txt", THIRD), ("en.txt", ENGLISH)):
        (src / name).write_text(text, encoding="utf-8")
    s = open_store(tmp_path / "theirs.db")
    ko, third, en = (load_document(s, o.document_id)
                     for o in import_files(s, [src / "ko.txt", src / "third.txt", src / "en.txt"]))
    # identical to one of ours (label, span, value), though another curator and status
    same = ann.create_annotation(s, ko.id, "date", *_span(ko.text, "1957-1961"), creator="park",
                                 value=DateValue("1957/1961"))
    july = ann.create_annotation(s, ko.id, "date", *_span(ko.text, "1950년 7월"), creator="park",
                                 value=DateValue("1950-07"), status="confirmed")
    # the same span as one of ours with another value: both are kept
    ann.create_annotation(s, ko.id, "figure", *_span(ko.text, "5억 7,600만 루블"), creator="park",
                          value=FigureValue.parse("576000000", "SUR"))
    ann.create_annotation(s, ko.id, "claim", *_span(ko.text, "채택하였다"), creator="park",
                          value=ClaimValue("채택", (same.id, july.id)), note="두 날짜")
    ann.create_annotation(s, en.id, "date", *_span(en.text, "1954-56"), creator="park", value=DateValue("1954/1956"))
    ann.create_annotation(s, third.id, "date", *_span(third.text, "1961"), creator="park", value=DateValue("1961"))
    corrections.propose_correction(s, ko.id, *_span(ko.text, "희귀"), "드문", reason="plain word", author="park")
    record_verdict(s, ko.id, "their-key", "rounding", "park's note", by="park")
    path = tmp_path / "theirs.json"
    exchange_svc.export_dataset(s, path)
    s.close()
    return path, ko.id


def _doc(store, name: str):
    (doc,) = [d for d in list_documents(store) if d.source_name == name]
    return load_document(store, doc.id)


def _verdicts(store, doc_id: int) -> dict[str, tuple[str, str]]:
    with store.read() as s:
        rows = s.exec(select(FindingVerdict).where(FindingVerdict.document_id == doc_id)).all()
    return {v.key: (v.verdict, v.note) for v in rows}


def _by_quote(rows) -> dict[tuple[str, str], list]:
    out: dict[tuple[str, str], list] = {}
    for r in rows:
        out.setdefault((r.label.value, r.quote), []).append(r)
    return out


def test_a_colleagues_annotations_join_ours_by_text_not_by_id(store, theirs):
    path, their_ko = theirs
    ko, en = _doc(store, "ko.txt"), _doc(store, "en.txt")
    assert their_ko != ko.id  # the ids differ: only the text can say which document is which
    ours_before = {r.id: r for r in ann.list_annotations(store, ko.id)}

    summary = exchange_svc.import_dataset(store, path, on_conflict="merge")

    assert (summary.merged_documents, summary.documents, summary.skipped_documents) == (2, 1, 0)
    # Korean: 3 of their 4 added (one identical to ours), English: 1, the third document: 1
    assert (summary.merged_annotations, summary.annotations, summary.skipped_annotations) == (4, 5, 1)
    assert summary.flagged_annotations == 0
    rows = ann.list_annotations(store, ko.id)
    assert {r.id: r for r in rows if r.id in ours_before} == ours_before  # ours untouched
    added = [r for r in rows if r.id not in ours_before]
    assert sorted((r.label.value, r.quote, r.creator) for r in added) == [
        ("claim", "채택하였다", "park"), ("date", "1950년 7월", "park"), ("figure", "5억 7,600만 루블", "park"),
    ]
    for r in added:
        assert ko.text[r.start:r.end] == r.quote
    # the claim's evidence: the new July date, and OUR identical 1957-1961 date
    claim = next(r for r in added if r.label is Label.CLAIM)
    ours_1957 = next(r for r in ours_before.values() if r.quote == "1957-1961")
    july = next(r for r in added if r.quote == "1950년 7월")
    assert set(claim.evidence) == {ours_1957.id, july.id}
    assert (claim.note, july.status) == ("두 날짜", Status.CONFIRMED)
    # the same span with another value stands beside ours
    figures = _by_quote(rows)[("figure", "5억 7,600만 루블")]
    assert sorted(f.value.unit for f in figures) == ["RUB", "SUR"]

    (en_added,) = [r for r in ann.list_annotations(store, en.id) if r.creator == "park"]
    assert (en_added.quote, en_added.value) == ("1954-56", DateValue("1954/1956"))
    third = _doc(store, "third.txt")
    assert third.text == THIRD and [r.quote for r in ann.list_annotations(store, third.id)] == ["1961"]

    # their pending correction and their verdict come with the merged document
    (pending,) = corrections.list_corrections(store, ko.id, status="proposed")
    assert (pending.original, pending.replacement, pending.author) == ("희귀", "드문", "park")
    assert _verdicts(store, ko.id) == {"their-key": ("rounding", "park's note")}
    assert "Added 4 annotations to 2 documents already here" in native.describe_import(summary, "theirs.json")


def test_merging_the_same_file_again_adds_nothing_and_our_verdicts_stay(store, theirs):
    path, _ = theirs
    exchange_svc.import_dataset(store, path, on_conflict="merge")
    ko = _doc(store, "ko.txt")
    record_verdict(store, ko.id, "their-key", "translation_error", "mine", by="kim")
    before = _counts(store)
    again = exchange_svc.import_dataset(store, path, on_conflict="merge")
    # the third document is here now too: all three are merged, every annotation is here
    assert (again.merged_documents, again.documents, again.merged_annotations) == (3, 0, 0)
    assert again.skipped_annotations == 6
    assert _counts(store) == before
    assert len(corrections.list_corrections(store, ko.id, status="proposed")) == 1  # not twice
    assert _verdicts(store, ko.id) == {"their-key": ("translation_error", "mine")}
    assert native.describe_import(again, "theirs.json") == (
        "Added 0 annotations to 3 documents already here from theirs.json; "
        "6 annotations identical to ones here were left out. "
        "Left out 1 of the merged documents' corrections and verdicts (settled here already, or made on an older text)."
    )


def test_annotations_follow_corrections_made_here_since_and_touched_ones_are_flagged(store, theirs):
    path, _ = theirs
    ko = _doc(store, "ko.txt")
    # we corrected the Korean text after the colleague's copy was made: one edit before
    # their July date (shifting everything after it), one inside their claim's span
    c1 = corrections.propose_correction(store, ko.id, *_span(ko.text, "북한 정부는"), "조선 정부는",
                                        reason="", author="kim")
    corrections.accept_corrections(store, [c1.id], by="kim")
    text = load_document(store, ko.id).text
    c2 = corrections.propose_correction(store, ko.id, *_span(text, "채택하였다"), "채택했다", reason="", author="kim")
    corrections.accept_corrections(store, [c2.id], by="kim")
    current = load_document(store, ko.id)
    assert current.revision_number == 3

    summary = exchange_svc.import_dataset(store, path, on_conflict="merge")

    rows = [r for r in ann.list_annotations(store, ko.id) if r.creator == "park"]
    for r in rows:
        assert r.revision_id == current.revision_id and current.text[r.start:r.end] == r.quote
    by_quote = _by_quote(rows)
    assert by_quote[("date", "1950년 7월")][0].status is Status.CONFIRMED  # before both edits: kept as it was
    assert by_quote[("figure", "5억 7,600만 루블")][0].start == current.text.index("5억 7,600만 루블")  # shifted
    (claim,) = by_quote[("claim", "채택했다")]  # its text was corrected: carried, flagged, with the old quote
    assert claim.status is Status.NEEDS_REVIEW
    assert claim.review_reason == f"text changed by correction #{c2.id} here: was «채택하였다»"
    assert summary.flagged_annotations == 1
    # their pending correction was made on a text we no longer show: left out, and said
    assert corrections.list_corrections(store, ko.id, status="proposed") == []
    assert summary.left_out == 1
    assert "1 annotation needs review" in native.describe_import(summary, "theirs.json")


def test_a_bad_document_anywhere_leaves_the_store_as_it_was(store, theirs):
    path, _ = theirs
    broken = path.read_text("utf-8").replace('"quote":"1961"', '"quote":"1962"')
    assert broken != path.read_text("utf-8")
    path.write_text(broken, "utf-8")
    before = _counts(store)
    with pytest.raises(ValidationError, match="quote"):
        exchange_svc.import_dataset(store, path, on_conflict="merge")
    assert _counts(store) == before
