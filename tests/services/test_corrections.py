"""Corrections make new revisions; annotations follow the text or are flagged."""

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select

from curator.domain import Status, ValidationError
from curator.domain.errors import DuplicateAnnotation
from curator.exchange.textfile import decode_bytes
from curator.services import annotations as A
from curator.services import corrections as C
from curator.services.corpus import import_decoded, load_document
from curator.store import open_store
from curator.store.models import Revision

OCR = (
    "goods in the 1950s. Inregard to the existence of a self-supporting\n"
    "S5to| KA £3Yst Mein UM £} FH|(1945~1956) 179\n"
    "national economy, self-reliance, and Juche industry, in 1956."
)


@pytest.fixture
def ocr(store):
    return import_decoded(store, "ocr.txt", decode_bytes(OCR.encode())).document_id


def span(phrase, text=OCR):
    i = text.index(phrase)
    return i, i + len(phrase)


def test_accepting_makes_a_new_revision_and_keeps_the_original(store, ocr):
    c = C.propose_correction(store, ocr, *span("Inregard"), "In regard", reason="merged words", author="kim")
    assert c.status == "proposed" and c.original == "Inregard"
    result = C.accept_corrections(store, [c.id], by="lee")
    doc = load_document(store, ocr)
    assert doc.revision_number == 2 and "In regard to" in doc.text
    assert C.revision_text(store, result.base_revision_id) == OCR  # original untouched
    assert C.get_correction(store, c.id).status == "accepted"


def test_annotations_are_carried_and_touched_ones_flagged(store, ocr):
    d1950 = A.create_annotation(store, ocr, "date", *span("1950s"), creator="k")
    d1956 = A.create_annotation(store, ocr, "date", *span("1956."), creator="k")
    claim = A.create_annotation(store, ocr, "claim", *span("Inregard to the existence"), creator="k")
    header = C.propose_correction(store, ocr, *span("S5to| KA £3Yst Mein UM £} FH|(1945~1956) 179\n"), "",
                                  reason="running header", author="k", kind="noise")
    merged = C.propose_correction(store, ocr, *span("Inregard"), "In regard", reason="merged", author="k")
    result = C.accept_corrections(store, [header.id, merged.id], by="k")
    text = load_document(store, ocr).text
    assert "S5to" not in text
    assert A.get_annotation(store, d1950.id).quote == "1950s"
    moved = A.get_annotation(store, d1956.id)
    assert text[moved.start:moved.end] == moved.quote == "1956." and moved.status is Status.DRAFT
    flagged = A.get_annotation(store, claim.id)
    assert flagged.status is Status.NEEDS_REVIEW and flagged.quote == "In regard to the existence"
    assert "was «Inregard to the existence»" in flagged.review_reason
    assert result.flagged == (claim.id,)
    assert result.moved == 2


def test_undo_accept_restores_everything_exactly(store, ocr):
    anns = [A.create_annotation(store, ocr, "date", *span(p), creator="k") for p in ("1950s", "Inregard", "1956.")]
    before = A.list_annotations(store, ocr)
    c = C.propose_correction(store, ocr, *span("Inregard"), "In regard", reason="m", author="k")
    other = C.propose_correction(store, ocr, *span("Juche"), "Juché", reason="x", author="k")
    result = C.accept_corrections(store, [c.id], by="k")
    assert C.get_correction(store, other.id).start == span("Juche")[0] + 1  # rebased
    C.undo_accept(store, result)
    assert A.list_annotations(store, ocr) == before
    assert load_document(store, ocr).revision_number == 1
    assert C.get_correction(store, c.id).status == "proposed"
    assert C.get_correction(store, other.id).start == span("Juche")[0]
    with store.read() as s:
        assert s.exec(select(func.count()).select_from(Revision)).one()[0] == 1
    assert len(anns) == 3


def test_overlapping_pending_proposal_goes_stale(store, ocr):
    a = C.propose_correction(store, ocr, *span("Inregard"), "In regard", reason="m", author="k")
    b = C.propose_correction(store, ocr, *span("Inregard to"), "As to", reason="m", author="k")
    C.accept_corrections(store, [a.id], by="k")
    assert C.get_correction(store, b.id).stale
    with pytest.raises(ValidationError, match="older version"):
        C.accept_corrections(store, [b.id], by="k")


def test_reject_and_reopen(store, ocr):
    c = C.propose_correction(store, ocr, *span("179"), "", reason="page number", author="k", kind="noise")
    assert C.reject_corrections(store, [c.id], by="k")[0].status == "rejected"
    with pytest.raises(ValidationError):
        C.accept_corrections(store, [c.id], by="k")
    C.reopen_corrections(store, [c.id])
    assert C.get_correction(store, c.id).status == "proposed"


def test_bad_proposals_are_refused(store, ocr):
    with pytest.raises(ValidationError, match="nothing to correct"):
        C.propose_correction(store, ocr, *span("1950s"), "1950s", reason="", author="k")
    with pytest.raises(ValidationError, match="outside"):
        C.propose_correction(store, ocr, 5, 10_000, "x", reason="", author="k")
    with pytest.raises(ValidationError, match="noise zone"):
        C.propose_correction(store, ocr, 5, 5, "", reason="", author="k", kind="noise")
    assert C.list_corrections(store, ocr) == []


def test_apply_everywhere_proposes_the_same_fix_across_the_corpus(store, ocr):
    other = import_decoded(store, "b.txt", decode_bytes(b"Inregard to aid. And Inregard to war.")).document_id
    c = C.propose_correction(store, ocr, *span("Inregard"), "In regard", reason="merged", author="k")
    assert C.apply_everywhere(store, c.id, author="k") == []  # only one in this document
    new = C.apply_everywhere(store, c.id, author="k", corpus=True)
    assert [(p.document_id, p.start) for p in new] == [(other, 0), (other, 21)]
    C.accept_corrections(store, [p.id for p in new], by="k")
    assert load_document(store, other).text == "In regard to aid. And In regard to war."


def test_direct_correction_is_one_step(store, ocr):
    result = C.correct_directly(store, ocr, *span("Inregard"), "In regard", reason="typed", author="k")
    assert load_document(store, ocr).revision_id == result.new_revision_id
    assert [c.status for c in C.list_corrections(store, ocr)] == ["accepted"]


WORDS = st.sampled_from(["a", "bb", "한국", "😀", "𠀀", " ", "\n", "1950", "."])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_corrections_keep_every_unflagged_quote(tmp_path_factory, data):
    store = open_store(tmp_path_factory.mktemp("p") / "p.db")
    text = "".join(data.draw(st.lists(WORDS, min_size=5, max_size=40)))
    doc = import_decoded(store, "r.txt", decode_bytes(("x" + text).encode())).document_id
    current = load_document(store, doc).text
    for _ in range(data.draw(st.integers(1, 6))):
        a = data.draw(st.integers(0, len(current) - 1))
        with contextlib.suppress(DuplicateAnnotation):  # the same span drawn twice: one claim
            A.create_annotation(store, doc, "claim", a, data.draw(st.integers(a + 1, len(current))), creator="k")
    for _ in range(data.draw(st.integers(1, 4))):
        before = {r.id: r for r in A.list_annotations(store, doc)}
        n = len(current)
        a = data.draw(st.integers(0, n))
        b = data.draw(st.integers(a, min(n, a + 6)))
        repl = "".join(data.draw(st.lists(WORDS, max_size=3)))
        if current[a:b] == repl or not (current[:a] + repl + current[b:]).strip():
            continue
        C.correct_directly(store, doc, a, b, repl, reason="r", author="k")
        current = load_document(store, doc).text
        for row in A.list_annotations(store, doc):
            # every quote is its text in the revision it is anchored to
            assert row.quote == C.revision_text(store, row.revision_id)[row.start:row.end]
            if row.status is Status.ORPHANED:  # its whole text was removed: it stays put
                assert row.quote == before[row.id].quote and row.revision_id != load_document(store, doc).revision_id
            elif row.status is not Status.NEEDS_REVIEW:
                assert row.quote == before[row.id].quote
    store.close()


def test_withdraw_deletes_only_proposals(store, ocr):
    a = C.propose_correction(store, ocr, *span("Inregard"), "In regard", reason="merged", author="kim")
    b = C.propose_correction(store, ocr, *span("1956."), "1956", reason="dot", author="kim")
    C.accept_corrections(store, [b.id], by="kim")
    with pytest.raises(ValidationError, match="already accepted"):
        C.withdraw_corrections(store, [a.id, b.id])
    assert C.get_correction(store, a.id).status == "proposed"  # nothing half-done
    C.withdraw_corrections(store, [a.id])
    assert [c.id for c in C.list_corrections(store, ocr)] == [b.id]


def test_revise_proposal_and_undo_direct_correction_withdraws_it(store, ocr):
    c = C.propose_correction(store, ocr, *span("Inregard"), "Inregrd", reason="typo", author="kim")
    revised = C.revise_correction(store, c.id, "In regard", reason="merged words")
    assert (revised.replacement, revised.reason, revised.kind) == ("In regard", "merged words", "edit")
    with pytest.raises(ValidationError, match="same as the text"):
        C.revise_correction(store, c.id, "Inregard")
    with pytest.raises(ValidationError, match="no replacement"):
        C.revise_correction(store, c.id, "x", kind="noise")
    result = C.correct_directly(store, ocr, *span("1956."), "1956", reason="dot", author="kim")
    C.undo_accept(store, result, withdraw=True)
    assert load_document(store, ocr).text == OCR
    assert [r.id for r in C.list_corrections(store, ocr)] == [c.id]


def test_revision_ids_are_never_reused_so_cached_texts_stay_right(store, ocr):
    first = C.correct_directly(store, ocr, *span("Inregard"), "In regard", reason="m", author="k")
    C.undo_accept(store, first, withdraw=True)
    second = C.correct_directly(store, ocr, *span("Inregard"), "In  regard", reason="m", author="k")
    assert second.new_revision_id != first.new_revision_id
    assert "In  regard" in load_document(store, ocr).text
    assert C.revision_text(store, second.new_revision_id).count("In  regard") == 1


def test_text_cache_is_per_store(tmp_path):
    texts = []
    for name, body in (("a.db", b"first store text 1950"), ("b.db", b"second store text 1960")):
        s = open_store(tmp_path / name)
        doc = import_decoded(s, "x.txt", decode_bytes(body)).document_id
        texts.append(load_document(s, doc).text)
    assert texts == ["first store text 1950", "second store text 1960"]
