"""The one-statement move of rows through accepted edits (corrections._move_by_gaps)
gives what one UPDATE per gap gave: each row lying wholly in a gap moves by that gap's
shift, the first gap winning for an empty row at an insertion, and strict gaps (pending
corrections) leave a row touching an edit where it was."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select

from curator.services import corrections as C
from curator.store.models import Curator, Revision, Suggestion, utcnow
from curator.text.edits import Edit, EditMap

LENGTH = 40


@st.composite
def edits_and_rows(draw):
    """Sorted non-overlapping edits (insertions, adjacent and empty gaps included) and
    rows ``(start, end)`` with ``start <= end`` anywhere in the text."""
    cuts = sorted(draw(st.lists(st.integers(0, LENGTH), min_size=0, max_size=12)))
    edits, pos = [], -1
    for a, b in zip(cuts[::2], cuts[1::2]):
        if a == pos or (edits and a < edits[-1].end):
            continue
        edits.append(Edit(a, b, draw(st.text("xy", max_size=3))))
        pos = a
    rows = draw(st.lists(st.tuples(st.integers(0, LENGTH), st.integers(0, 6)), max_size=30))
    return edits, [(s, min(LENGTH, s + n)) for s, n in rows]


def reference(edit_map: EditMap, rows, strict: bool):
    """One UPDATE per gap, in order, as corrections moved rows before: ``None`` = stays."""
    edits = edit_map.edits
    bounds = [0] + [x for e in edits for x in (e.start, e.end)] + [edit_map.base_length]
    out = []
    for start, end in rows:
        new, shift = None, 0
        for k in range(len(edits) + 1):
            lo, hi = bounds[2 * k], bounds[2 * k + 1]
            if k:
                shift += edits[k - 1].delta
            ok = lo <= start and end <= hi
            if strict:
                ok = ok and (not k or start > lo) and (k == len(edits) or end < hi)
            if ok:
                new = (start + shift, end + shift)
                break
        out.append(new)
    return out


@pytest.fixture
def base(store, doc):
    with store.unit() as s:
        rev = s.exec(select(Revision.id).where(Revision.document_id == doc)).first()[0]
        s.exec(insert(Curator).values(name="t", created=utcnow()))
    return doc, rev


@pytest.mark.parametrize("per_update", [C._GAPS_PER_UPDATE, 2, 1])
@pytest.mark.parametrize("strict", [False, True])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=edits_and_rows())
def test_one_update_moves_as_one_update_per_gap(store, base, monkeypatch, per_update, strict, case):
    doc, rev = base
    edits, rows = case
    edit_map = EditMap(LENGTH, edits)
    monkeypatch.setattr(C, "_GAPS_PER_UPDATE", per_update)  # several statements: chunks meet exactly
    shifts = [0]
    for e in edit_map.edits:
        shifts.append(shifts[-1] + e.delta)
    los = [0] + [e.end for e in edit_map.edits]
    his = [e.start for e in edit_map.edits] + [LENGTH]
    with store.unit() as s:
        new_rev = s.exec(insert(Revision).values(document_id=doc, number=99, parent_id=rev, text="t", sha256="x",
                                                 note="", created=utcnow())).inserted_primary_key[0]
        ids = [s.exec(insert(Suggestion).values(document_id=doc, revision_id=rev, label="date", start=a, end=b, reason="", score=1.0,
                                                status="pending", quote="", created=utcnow())).inserted_primary_key[0]
               for a, b in rows]
        moved = C._move_by_gaps(s, Suggestion, doc, rev, new_rev, los, his, shifts, strict=strict)
        got = {i: (r, a, b) for i, r, a, b in s.exec(
            select(Suggestion.id, Suggestion.revision_id, Suggestion.start, Suggestion.end)
            .where(Suggestion.id.in_(ids))).all()}
        s.rollback()
    want = reference(edit_map, rows, strict)
    assert moved == sum(w is not None for w in want)
    for i, (a, b), w in zip(ids, rows, want):
        assert got[i] == ((rev, a, b) if w is None else (new_rev, *w)), (edits, (a, b))
