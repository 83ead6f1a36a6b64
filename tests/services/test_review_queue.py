"""Walking the annotations that need review across the corpus: list order, then text
order, past the selected one, wrapping at either end."""

from __future__ import annotations

from curator.exchange.textfile import decode_bytes
from curator.services import annotations as ann
from curator.services import corrections
from curator.services.corpus import import_decoded, list_documents
from curator.services.review_queue import count_to_review, next_to_review

TEXT = "alpha beta gamma delta epsilon\n"


def _doc(store, name: str) -> int:
    return import_decoded(store, name, decode_bytes((name + " " + TEXT).encode())).document_id


def _flag(store, doc_id: int, start: int, end: int) -> int:
    return ann.create_annotation(store, doc_id, "claim", start, end, creator="kim", status="needs_review").id


def _walk(store, doc_id, start, aid, *, backwards=False, steps=6) -> list[tuple[int, int, bool]]:
    out = []
    for _ in range(steps):
        stop = next_to_review(store, doc_id, start, aid, backwards=backwards)
        out.append((stop.document_id, stop.annotation_id, stop.wrapped))
        doc_id, aid = stop.document_id, stop.annotation_id
        start = ann.get_annotation(store, aid).start
    return out


def test_nothing_to_review(store):
    d = _doc(store, "b.txt")
    ann.create_annotation(store, d, "claim", 0, 5, creator="kim", status="confirmed")
    assert next_to_review(store, d, 0) is None and next_to_review(store, None) is None
    assert count_to_review(store) == (0, 0)


def test_the_walk_follows_the_document_list_then_the_text_and_wraps(store):
    # imported out of order: the list orders them by source name ("a.txt" first)
    b, a, c = _doc(store, "b.txt"), _doc(store, "a.txt"), _doc(store, "c.txt")
    assert [d.id for d in list_documents(store)] == [a, b, c]
    b2 = _flag(store, b, 12, 17)
    b1 = _flag(store, b, 6, 11)
    a1 = _flag(store, a, 0, 1)
    ann.create_annotation(store, c, "claim", 0, 5, creator="kim")  # a draft: not in the walk
    same_start = _flag(store, b, 6, 8)  # the same start as b1: by id after it
    assert count_to_review(store) == (4, 2)

    assert _walk(store, a, 0, a1) == [
        (b, b1, False), (b, same_start, False), (b, b2, False), (a, a1, True), (b, b1, False), (b, same_start, False),
    ]
    assert _walk(store, a, 0, a1, backwards=True, steps=4) == [
        (b, b2, True), (b, same_start, False), (b, b1, False), (a, a1, False),
    ]
    # from a caret (no annotation selected): the one starting right there comes first
    assert next_to_review(store, b, 6).annotation_id == b1
    assert next_to_review(store, b, 7).annotation_id == b2
    assert next_to_review(store, c, 0).annotation_id == a1 and next_to_review(store, c, 0).wrapped
    first = next_to_review(store, None)
    assert (first.annotation_id, first.number, first.total, first.wrapped) == (a1, 1, 4, False)
    last = next_to_review(store, None, backwards=True)
    assert (last.annotation_id, last.number) == (b2, 4)


def test_a_correction_that_touches_an_annotation_puts_it_in_the_walk_with_its_reason(store):
    d = _doc(store, "a.txt")
    text = "a.txt " + TEXT
    start = text.index("gamma")
    target = ann.create_annotation(store, d, "claim", start, start + 5, creator="kim", status="confirmed")
    proposal = corrections.propose_correction(store, d, start, start + 5, "GAMMA", reason="", author="kim")
    corrections.accept_corrections(store, [proposal.id], by="kim")
    stop = next_to_review(store, None)
    assert stop.annotation_id == target.id
    assert stop.reason == f"text changed by correction #{proposal.id}: was «gamma»"
    ann.update_annotation(store, target.id, status="confirmed")
    assert next_to_review(store, None) is None
