"""No two annotations of one label on one span: the service refuses the second with
DuplicateAnnotation (naming the existing one), whichever path creates it; suggestions
an annotation already covers are neither stored nor listed, and accepting one is refused."""

from pathlib import Path

import pytest

from curator.domain import Label
from curator.domain.errors import DuplicateAnnotation, ValidationError
from curator.services import annotations as A
from curator.services import suggestions as S
from curator.services.corpus import import_files, load_document

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def korean(store):
    return import_files(store, [SEEDS / "003_4ac6bf62b4fea684.txt"])[0].document_id


def span_of(store, doc, phrase):
    start = load_document(store, doc).text.index(phrase)
    return start, start + len(phrase)


def test_the_same_label_on_the_same_span_is_refused_naming_the_existing(store, korean):
    start, end = span_of(store, korean, "5억 7,600만 루블")
    first = A.create_annotation(store, korean, Label.FIGURE, start, end, creator="kim")
    with pytest.raises(DuplicateAnnotation) as caught:
        A.create_annotation(store, korean, Label.FIGURE, start, end, creator="lee")
    assert caught.value.existing_id == first.id
    assert isinstance(caught.value, ValidationError)
    assert "5억 7,600만 루블" in str(caught.value) and "figure" in str(caught.value)
    assert [a.id for a in A.list_annotations(store, korean)] == [first.id]
    # another label, or another span, is another annotation
    A.create_annotation(store, korean, Label.CLAIM, start, end, creator="kim")
    A.create_annotation(store, korean, Label.FIGURE, start, end - 3, creator="kim")
    assert len(A.list_annotations(store, korean)) == 3


def test_a_covered_suggestion_is_not_listed_and_its_accept_is_refused(store, korean):
    sugs = S.run_detectors(store, korean, kinds=("figure",))
    target = next(s for s in sugs if s.quote == "5억 7,600만 루블")
    hand = A.create_annotation(store, korean, Label.FIGURE, target.start, target.end, creator="kim")
    assert target.id not in {s.id for s in S.list_suggestions(store, korean)}
    with pytest.raises(DuplicateAnnotation) as caught:
        S.accept_suggestions(store, [target.id], by="kim")
    assert caught.value.existing_id == hand.id
    assert len(A.list_annotations(store, korean)) == 1
    assert S.list_suggestions(store, korean, status=None)  # the suggestion is kept, undecided
    A.delete_annotation(store, hand.id)  # once the annotation is gone it is offered again
    assert target.id in {s.id for s in S.list_suggestions(store, korean)}


def test_accepting_two_suggestions_of_one_span_makes_one_annotation(store, korean):
    sugs = S.run_detectors(store, korean, kinds=("figure",))
    target = next(s for s in sugs if s.quote == "12억 900만 루블")
    [ann] = S.accept_suggestions(store, [target.id], by="kim")
    with pytest.raises(DuplicateAnnotation):
        A.create_annotation(store, korean, Label.FIGURE, target.start, target.end, creator="kim")
    assert [a.id for a in A.list_annotations(store, korean)] == [ann.id]


def test_adjusting_or_relabelling_onto_an_existing_annotation_is_refused(store, korean):
    start, end = span_of(store, korean, "1958년 3월")
    date = A.create_annotation(store, korean, Label.DATE, start, end, creator="kim")
    other = A.create_annotation(store, korean, Label.DATE, start, end - 3, creator="kim")
    with pytest.raises(DuplicateAnnotation) as caught:
        A.adjust_span(store, other.id, start, end)
    assert caught.value.existing_id == date.id
    claim = A.create_annotation(store, korean, Label.CLAIM, start, end, creator="kim")
    with pytest.raises(DuplicateAnnotation):
        A.update_annotation(store, claim.id, label=Label.DATE)
    assert A.get_annotation(store, claim.id).label is Label.CLAIM
    A.adjust_span(store, date.id, start, end)  # onto itself: no change, no refusal
