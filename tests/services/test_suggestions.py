"""Suggestions are stored, decided, remembered; findings carry verdicts."""

from pathlib import Path

import pytest

from curator.domain import Label, ValidationError
from curator.services import annotations as A
from curator.services import corrections as C
from curator.services import suggestions as S
from curator.services.corpus import import_files, load_document

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def korean(store):
    out = import_files(store, [SEEDS / "003_4ac6bf62b4fea684.txt"])
    return out[0].document_id


def test_detectors_store_suggestions_once(store, korean):
    first = S.run_detectors(store, korean)
    text = load_document(store, korean).text
    assert first and all(text[s.start:s.end] == s.quote for s in first)
    figures = {s.quote: s.value for s in first if s.label is Label.FIGURE}
    assert figures["5억 7,600만 루블"] == {"amount": "576000000", "unit": "RUB"}
    assert S.run_detectors(store, korean) == []  # nothing new the second time
    assert len(S.list_suggestions(store, korean)) == len(first)


def test_accept_makes_an_annotation_with_the_value_and_undo_takes_it_back(store, korean):
    sugs = S.run_detectors(store, korean, kinds=("figure",))
    target = next(s for s in sugs if s.quote == "12억 900만 루블")
    [ann] = S.accept_suggestions(store, [target.id], by="kim")
    assert ann.origin == "suggestion" and ann.quote == "12억 900만 루블"
    assert ann.value.to_json() == {"amount": "1209000000", "unit": "RUB"}
    assert target.id not in {s.id for s in S.list_suggestions(store, korean)}
    assert S.unaccept_suggestions(store, [target.id]) == [ann.id]
    assert A.list_annotations(store, korean) == []
    assert target.id in {s.id for s in S.list_suggestions(store, korean)}


def test_rejected_suggestions_are_never_proposed_again(store, korean):
    sugs = S.run_detectors(store, korean, kinds=("date",))
    S.reject_suggestions(store, [sugs[0].id], by="kim")
    with pytest.raises(ValidationError):
        S.accept_suggestions(store, [sugs[0].id], by="kim")
    assert S.run_detectors(store, korean, kinds=("date",)) == []
    S.reopen_suggestions(store, [sugs[0].id])
    assert sugs[0].id in {s.id for s in S.list_suggestions(store, korean)}


def test_annotated_spans_are_not_suggested(store, korean):
    text = load_document(store, korean).text
    start = text.index("1959년")
    A.create_annotation(store, korean, "date", start, start + 5, creator="k")
    assert all(s.start != start for s in S.run_detectors(store, korean, kinds=("date",)))


def test_suggestions_follow_accepted_corrections(store, korean):
    sugs = S.run_detectors(store, korean, kinds=("figure",))
    C.correct_directly(store, korean, 0, 1, "이", reason="x", author="k")
    now = S.list_suggestions(store, korean)
    text = load_document(store, korean).text
    assert [s.id for s in now] == [s.id for s in sugs]
    assert all(text[s.start:s.end] == s.quote for s in now)


def test_findings_report_the_disagreeing_figure_and_keep_a_verdict(store, korean):
    findings = S.check_document(store, korean)
    mismatch = [f for f in findings if f.kind == "mismatch" and f.label == "figure"]
    assert len(mismatch) == 1
    f = mismatch[0]
    assert f.ko["quote"] == "12억 900만 루블" and f.en["value"]["amount"] == "1290000000"
    S.record_verdict(store, korean, f.key, "translation_error", "1.29 should be 1.209", by="kim")
    again = {x.key: x for x in S.check_document(store, korean)}[f.key]
    assert (again.verdict, again.note, again.verdict_by) == ("translation_error", "1.29 should be 1.209", "kim")
    with pytest.raises(ValidationError):
        S.record_verdict(store, korean, f.key, "maybe", by="kim")
    S.record_verdict(store, korean, f.key, None, by="kim")
    assert S.get_verdict(store, korean, f.key) is None
