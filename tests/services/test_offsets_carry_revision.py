"""Offsets carry their revision: a span counted into an older revision is carried to the
one it is written on when no correction changed its text, and refused when one did."""

from __future__ import annotations

import pytest

from curator.domain import Status
from curator.domain.errors import Conflict
from curator.services import annotations as A
from curator.services import corrections as C
from curator.services.corpus import load_document

from .conftest import MIXED_TEXT


def span(text, phrase):
    start = text.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def corrected(store, doc):
    """Revision 2: "Aid" became "Economic aid" (the text after it moves by 9)."""
    first = load_document(store, doc)
    result = C.correct_directly(store, doc, 0, 3, "Economic aid", reason="fuller", author="kim")
    second = load_document(store, doc)
    assert second.revision_id == result.new_revision_id != first.revision_id
    return first, second


def test_a_span_counted_into_revision_1_is_carried_to_revision_2(store, doc, corrected):
    first, second = corrected
    start, end = span(first.text, "1950")
    row = A.create_annotation(store, doc, "date", start, end, creator="kim", revision_id=first.revision_id)
    assert row.revision_id == second.revision_id
    assert (row.start, row.end) == (start + 9, end + 9) == span(second.text, "1950")
    assert row.quote == "1950"


def test_a_span_whose_text_a_correction_changed_is_refused_and_nothing_is_written(store, doc, corrected):
    first, _second = corrected
    start, end = span(first.text, "Aid: 5억")
    with pytest.raises(Conflict, match="changed the text"):
        A.create_annotation(store, doc, "figure", start, end, creator="kim", revision_id=first.revision_id)
    assert A.list_annotations(store, doc) == []


def test_offsets_of_the_current_revision_or_none_are_taken_as_they_are(store, doc, corrected):
    _first, second = corrected
    start, end = span(second.text, "576 million rubles")
    a = A.create_annotation(store, doc, "figure", start, end, creator="kim", revision_id=second.revision_id)
    b = A.create_annotation(store, doc, "claim", start, end, creator="kim")
    assert (a.start, a.end) == (b.start, b.end) == (start, end)


def test_a_revision_of_another_document_is_refused(store, doc, corrected):
    from curator.exchange.textfile import decode_bytes
    from curator.services.corpus import import_decoded

    other = import_decoded(store, "other.txt", decode_bytes(b"Another text entirely, long enough.")).document_id
    foreign = load_document(store, other).revision_id
    with pytest.raises(Conflict, match="not an earlier text"):
        A.create_annotation(store, doc, "claim", 0, 3, creator="kim", revision_id=foreign)


def test_adjust_and_place_carry_or_refuse_and_undo_redo_stay_exact(store, doc):
    first = load_document(store, doc)
    ann = A.create_annotation(store, doc, "claim", *span(MIXED_TEXT, "576 million"), creator="kim")
    C.correct_directly(store, doc, 0, 3, "Economic aid", reason="fuller", author="kim")
    before = A.get_annotation(store, ann.id)  # carried to revision 2 by the accept
    # the curator still sees revision 1 and widens the span to "576 million rubles"
    wider = span(first.text, "576 million rubles")
    after = A.adjust_span(store, ann.id, *wider, revision_id=first.revision_id)
    assert after.quote == "576 million rubles" and after.revision_id == before.revision_id
    with pytest.raises(Conflict):
        A.adjust_span(store, ann.id, *span(first.text, "Aid: 5억"), revision_id=first.revision_id)
    # undo and redo of the adjust put the rows back exactly
    assert A.put_annotation(store, before, expect=after) == before
    assert A.put_annotation(store, after, expect=before) == after
    # an orphan placed on a selection of the older text lands on the current one
    orphan = A.create_annotation(store, doc, "date", *span(load_document(store, doc).text, "1958년"),
                                 creator="kim")
    C.correct_directly(store, doc, *span(load_document(store, doc).text, "1958년"), "", reason="drop",
                       author="kim")
    assert A.get_annotation(store, orphan.id).status is Status.ORPHANED
    shown = load_document(store, doc)
    C.correct_directly(store, doc, *span(shown.text, "Economic aid"), "Aid", reason="back", author="kim")
    placed = A.place_annotation(store, orphan.id, *span(shown.text, "3월"), revision_id=shown.revision_id)
    assert placed.quote == "3월" and placed.revision_id == load_document(store, doc).revision_id
    assert placed.status is Status.DRAFT
    # delete and restore (the undo and redo of creating it) are exact
    snap = A.delete_annotation(store, placed.id, expect=placed)
    assert A.restore_annotation(store, snap) == placed


def test_a_correction_typed_on_an_older_revision_is_carried_or_refused(store, doc, corrected):
    first, second = corrected
    start, end = span(first.text, "루블")
    result = C.correct_directly(store, doc, start, end, "rubles", reason="translate", author="kim",
                                revision_id=first.revision_id)
    third = load_document(store, doc)
    assert third.revision_id == result.new_revision_id
    assert third.text == second.text.replace("루블", "rubles")
    # the undo of the carried correction gives revision 2 back exactly
    C.undo_accept(store, result, withdraw=True)
    assert load_document(store, doc) == second
    with pytest.raises(Conflict):
        C.propose_correction(store, doc, *span(first.text, "Aid"), "AID", reason="caps", author="kim",
                             revision_id=first.revision_id)
    proposed = C.propose_correction(store, doc, *span(first.text, "1950"), "1951", reason="typo", author="kim",
                                    revision_id=first.revision_id)
    assert (proposed.original, proposed.revision_id) == ("1950", second.revision_id)
