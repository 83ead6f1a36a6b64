"""Annotation use-cases: each one transaction, quotes always text[start:end]."""

import os
import subprocess
import sys
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from curator.domain import ClaimValue, DateValue, FigureValue, Label, NotFound, Status, ValidationError
from curator.services import annotations as A
from curator.services.corpus import load_document
from curator.store import open_store
from curator.store.models import Annotation

from .conftest import MIXED_TEXT


def count(store, table=Annotation):
    with store.read() as s:
        return s.exec(select(func.count()).select_from(table)).one()[0]


def span_of(phrase):
    start = MIXED_TEXT.index(phrase)
    return start, start + len(phrase)


def test_create_stores_code_point_offsets_and_exact_quote(store, doc):
    start, end = span_of("1950 𠀀 and")
    row = A.create_annotation(store, doc, "date", start, end, creator="kim", value=DateValue("1950"))
    assert row.quote == MIXED_TEXT[start:end] == "1950 𠀀 and"
    again = A.get_annotation(store, row.id)
    assert (again.start, again.end, again.quote, again.creator) == (start, end, row.quote, "kim")
    assert again.value == DateValue("1950") and again.status is Status.DRAFT


@pytest.mark.parametrize("start,end", [(5, 5), (7, 3), (-1, 2), (0, len(MIXED_TEXT) + 1)])
def test_bad_spans_are_refused_and_nothing_is_stored(store, doc, start, end):
    with pytest.raises(ValidationError):
        A.create_annotation(store, doc, "claim", start, end, creator="kim")
    assert count(store) == 0


def test_value_of_the_wrong_kind_is_refused(store, doc):
    with pytest.raises(ValidationError):
        A.create_annotation(store, doc, "date", 0, 3, creator="k", value=FigureValue(Decimal(1), "RUB"))
    assert count(store) == 0


def test_update_value_note_status_and_label(store, doc):
    start, end = span_of("5억 7,600만 루블")
    row = A.create_annotation(store, doc, "figure", start, end, creator="kim")
    fig = FigureValue.parse("576,000,000", "RUB")
    row = A.update_annotation(store, row.id, value=fig, note="aid", status="confirmed")
    assert row.value.to_json() == {"amount": "576000000", "unit": "RUB"}
    assert (row.note, row.status) == ("aid", Status.CONFIRMED)
    assert row.modified >= row.created
    relabelled = A.update_annotation(store, row.id, label="date")
    assert relabelled.label is Label.DATE and relabelled.value is None  # a figure value does not fit a date


def test_adjust_span_moves_the_quote_with_it(store, doc):
    row = A.create_annotation(store, doc, "figure", *span_of("576 million"), creator="k")
    moved = A.adjust_span(store, row.id, *span_of("576 million rubles"))
    assert moved.quote == "576 million rubles"
    with pytest.raises(ValidationError):
        A.adjust_span(store, row.id, 3, 2)
    assert A.get_annotation(store, row.id).quote == "576 million rubles"


def test_claim_evidence_links_and_checks(store, doc):
    fig = A.create_annotation(store, doc, "figure", *span_of("576 million rubles"), creator="k")
    date = A.create_annotation(store, doc, "date", *span_of("1958년 3월"), creator="k")
    claim = A.create_annotation(
        store, doc, "claim", 0, 20, creator="k", value=ClaimValue("aid was small", (date.id, fig.id))
    )
    assert claim.evidence == tuple(sorted((fig.id, date.id)))
    assert A.get_annotation(store, fig.id).supports == (claim.id,)
    with pytest.raises(ValidationError, match="not a date or a figure"):
        A.update_annotation(store, claim.id, value=ClaimValue("x", (claim.id,)))
    with pytest.raises(ValidationError, match="does not exist"):
        A.update_annotation(store, claim.id, value=ClaimValue("x", (999,)))
    assert A.get_annotation(store, claim.id).evidence == claim.evidence  # unchanged after refusal


def test_delete_then_restore_brings_back_the_same_annotation_and_links(store, doc):
    fig = A.create_annotation(store, doc, "figure", *span_of("576 million rubles"), creator="k",
                              value=FigureValue.parse("576000000", "RUB"))
    claim = A.create_annotation(store, doc, "claim", 0, 20, creator="k", value=ClaimValue("s", (fig.id,)))
    snap = A.delete_annotation(store, fig.id)
    assert A.get_annotation(store, claim.id).evidence == ()
    with pytest.raises(NotFound):
        A.get_annotation(store, fig.id)
    restored = A.restore_annotation(store, snap)
    assert restored == snap
    assert A.get_annotation(store, claim.id).evidence == (fig.id,)


def test_list_annotations_and_spans_in_text_order(store, doc):
    a = A.create_annotation(store, doc, "date", *span_of("1958년 3월"), creator="k")
    b = A.create_annotation(store, doc, "claim", 0, 10, creator="k")
    c = A.create_annotation(store, doc, "figure", 0, 4, creator="k")
    assert [r.id for r in A.list_annotations(store, doc)] == [b.id, c.id, a.id]
    assert [s[0] for s in A.list_spans(store, doc)] == [b.id, c.id, a.id]
    assert A.list_spans(store, doc)[2] == (a.id, a.start, a.end, "date")


def test_quote_follows_the_documents_current_text(store, doc):
    text = load_document(store, doc).text
    assert text == MIXED_TEXT
    for start in range(0, len(text) - 3, 7):
        row = A.create_annotation(store, doc, "claim", start, start + 3, creator="k")
        assert row.quote == text[start:start + 3]


def test_a_committed_annotation_survives_the_process_being_killed(tmp_path, doc, store):
    """Every action commits: kill the process right after one and nothing is lost."""
    db = store.engine.url.database
    script = (
        "import os, signal\n"
        "from curator.store import open_store\n"
        "from curator.services.annotations import create_annotation\n"
        f"s = open_store({db!r})\n"
        f"create_annotation(s, {doc}, 'date', 0, 4, creator='kim')\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], env=os.environ.copy())
    assert proc.returncode == -9
    reopened = open_store(db)
    assert [(r.start, r.end, r.creator) for r in A.list_annotations(reopened, doc)] == [(0, 4, "kim")]
