"""OCR files in the store: import with word confidences, the low-confidence queue,
reviewed marks, and words followed through corrections."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from curator import cli
from curator.domain.errors import NotFound, ValidationError
from curator.exchange.ocr_formats import low_confidence_queue, read_ocr_file
from curator.services import corrections as corr
from curator.services import metadata, ocr
from curator.services.corpus import import_files, list_documents, load_document
from curator.store import open_store
from curator.store.models import Document, DocumentSource, OcrWord, Revision
from curator.text.edits import Edit, EditMap, carry_spans

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ocr"
FILES = {"alto": "sample_alto.xml", "hocr": "sample.hocr", "page": "sample_page.xml"}


def stored_words(store, doc_id):
    with store.read() as s:
        return s.exec(
            select(OcrWord.start, OcrWord.end, OcrWord.text, OcrWord.confidence, OcrWord.raw_confidence,
                   OcrWord.raw_kind, OcrWord.revision_id).where(OcrWord.document_id == doc_id)
            .order_by(OcrWord.start)
        ).all()


def imported(store, name) -> int:
    outcome = ocr.import_ocr_file(store, FIXTURES / name)
    assert outcome.status == "imported", outcome
    return outcome.document_id


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_import_keeps_text_words_and_both_confidences(store, fmt):
    path = FIXTURES / FILES[fmt]
    expected = read_ocr_file(path)
    doc_id = imported(store, FILES[fmt])

    doc = load_document(store, doc_id)
    assert doc.text == expected.text and doc.revision_number == 1
    rows = stored_words(store, doc_id)
    assert [tuple(r[:6]) for r in rows] == [
        (w.start, w.end, w.text, w.confidence, w.raw_confidence, w.raw_kind) for w in expected.words
    ]
    assert {r[6] for r in rows} == {doc.revision_id}
    assert all(doc.text[r[0]:r[1]] == r[2] for r in rows)
    with store.read() as s:
        row = s.get(Document, doc_id)
        assert s.get(DocumentSource, doc_id).raw == path.read_bytes()
    assert row.encoding == "utf-8"
    assert {"alto": "ALTO", "hocr": "hOCR", "page": "PAGE XML"}[fmt] in row.import_notes
    assert f"{len(expected.words)} words" in row.import_notes


def test_declared_xml_encoding_is_recorded(store, tmp_path):
    text = (FIXTURES / FILES["alto"]).read_text(encoding="utf-8").replace(
        'encoding="UTF-8"', 'encoding="ISO-8859-1"').replace("’", "'")
    text = "".join(ch for ch in text if ord(ch) < 256)  # keep it encodable in Latin-1
    path = tmp_path / "latin.xml"
    path.write_bytes(text.encode("latin-1"))
    doc_id = imported(store, path)
    with store.read() as s:
        assert s.get(Document, doc_id).encoding == "iso-8859-1"
    assert "North Korea's heavy" in load_document(store, doc_id).text


def test_same_file_twice_is_skipped_without_new_words(store):
    imported(store, FILES["hocr"])
    again = ocr.import_ocr_file(store, FIXTURES / FILES["hocr"])
    assert again.status == "skipped" and "same content as document" in again.reason
    with store.read() as s:
        assert len(s.exec(select(OcrWord.id)).all()) == len(read_ocr_file(FIXTURES / FILES["hocr"]).words)


def test_bad_ocr_file_is_refused_and_nothing_is_stored(store, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text((FIXTURES / FILES["alto"]).read_text(encoding="utf-8").replace('WC="0.42"', 'WC="4.2"'),
                   encoding="utf-8")
    outcome = ocr.import_ocr_file(store, bad)
    assert outcome.status == "refused" and "outside 0-1" in outcome.reason
    assert list_documents(store) == []
    with store.read() as s:
        assert s.exec(select(Revision.id)).all() == [] and s.exec(select(OcrWord.id)).all() == []


def test_import_files_routes_ocr_and_keeps_web_pages_as_text(store, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in FILES.values():
        (folder / name).write_bytes((FIXTURES / name).read_bytes())
    (folder / "notes.txt").write_text("Plain notes on the Five-Year Plan.", encoding="utf-8")
    page = tmp_path / "page.html"  # named on its own: a folder brings only text and OCR files
    page.write_text("<html><body><p>An ordinary web page about 1958.</p></body></html>", encoding="utf-8")
    (folder / "site.html").write_bytes(page.read_bytes())
    outcomes = {o.source: o for o in import_files(store, [folder, page])}
    assert {name for name, o in outcomes.items() if o.status == "imported"} == {
        *FILES.values(), "page.html", "notes.txt"}  # not site.html: a folder's web pages stay out
    for name in FILES.values():
        assert ocr.word_count(store, outcomes[name].document_id) > 0
    assert ocr.word_count(store, outcomes["page.html"].document_id) == 0
    assert ocr.word_count(store, outcomes["notes.txt"].document_id) == 0


def test_cli_import_of_alto_hocr_and_page(tmp_path, capsys):
    db = tmp_path / "cli.db"
    paths = [str(FIXTURES / name) for name in sorted(FILES.values())]
    assert cli.main(["import", *paths, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.count("imported  ") == 3
    store = open_store(db)
    try:
        docs = {d.source_name: d.id for d in list_documents(store)}
        assert set(docs) == set(FILES.values())
        alto = docs[FILES["alto"]]
        assert [(w.text, w.raw_kind, w.raw_confidence) for w in ocr.low_confidence_words(store, alto)][:2] == [
            ("北韓", "CC", "9 9"), ("heavy", "WC", "0.42")]
    finally:
        store.close()


def test_queue_is_ascending_below_threshold_and_leaves_out_reviewed(store):
    doc_id = imported(store, FILES["alto"])
    queue = ocr.low_confidence_words(store, doc_id)
    confidences = [w.confidence for w in queue]
    assert confidences == sorted(confidences) and all(c < 0.8 for c in confidences)
    # the same words as the reader's own queue (ties in text order), placed in revision 1
    expected = read_ocr_file(FIXTURES / FILES["alto"])
    assert [(w.text, w.start) for w in queue] == [(w.text, w.start) for w in low_confidence_queue(expected)]
    assert "Juche" not in [w.text for w in queue]  # no confidence: not doubtful
    assert [w.text for w in ocr.low_confidence_words(store, doc_id, 0.5)] == ["北韓", "heavy"]

    heavy = next(w for w in queue if w.text == "heavy")
    assert ocr.mark_reviewed(store, [heavy.id]) == [heavy.id]
    assert ocr.mark_reviewed(store, [heavy.id]) == []  # already: nothing for an undo to change
    assert "heavy" not in [w.text for w in ocr.low_confidence_words(store, doc_id)]
    shown = {w.text: w.reviewed for w in ocr.low_confidence_words(store, doc_id, include_reviewed=True)}
    assert shown["heavy"] is True and shown["北韓"] is False
    assert ocr.mark_reviewed(store, [heavy.id], reviewed=False) == [heavy.id]  # the undo
    assert [w.text for w in ocr.low_confidence_words(store, doc_id)] == [w.text for w in queue]


def test_bad_requests_are_refused_in_one_line(store):
    doc_id = imported(store, FILES["page"])
    with pytest.raises(ValidationError, match="between 0 and 1"):
        ocr.low_confidence_words(store, doc_id, 80)
    with pytest.raises(NotFound):
        ocr.low_confidence_words(store, doc_id + 99)
    first = ocr.low_confidence_words(store, doc_id)[0]
    with pytest.raises(NotFound, match="OCR word 9999"):
        ocr.mark_reviewed(store, [first.id, 9999])
    assert not ocr.low_confidence_words(store, doc_id, include_reviewed=True)[0].reviewed  # nothing half-done
    with pytest.raises(ValidationError, match="OCR file"):
        metadata.redecode(store, doc_id, "cp949")


def test_words_follow_corrections_and_a_changed_word_is_flagged(store):
    doc_id = imported(store, FILES["hocr"])
    text = load_document(store, doc_id).text
    before = {w.text: w for w in ocr.low_confidence_words(store, doc_id)}
    assert set(before) == {"S5to|", "Chang-ok", "朝鮮"}

    # revision 2: a correction before every low-confidence word shifts them all by one
    start = text.index("Inregard")
    corr.correct_directly(store, doc_id, start, start + 8, "In regard", reason="split", author="kim")
    # revision 3: one batch fixing the garbled word and, after it, an emoji-bearing insertion
    text2 = load_document(store, doc_id).text
    s5 = text2.index("S5to|")
    r_and_d = text2.index("R&D")
    ids = [corr.propose_correction(store, doc_id, s5, s5 + 5, "Seoul", reason="OCR", author="kim").id,
           corr.propose_correction(store, doc_id, r_and_d, r_and_d, "😀 ", reason="x", author="kim").id]
    corr.accept_corrections(store, ids, by="kim")

    current = load_document(store, doc_id)
    assert current.revision_number == 3
    queue = ocr.low_confidence_words(store, doc_id)
    assert [w.text for w in queue] == ["朝鮮", "Chang-ok"]  # the corrected word left the queue
    for w in queue:
        assert w.revision_id == current.revision_id
        assert current.text[w.start:w.end] == w.text
        assert not w.corrected
    assert next(w for w in queue if w.text == "朝鮮").start == before["朝鮮"].start + 1 + 2

    everything = {w.text: w for w in ocr.low_confidence_words(store, doc_id, include_corrected=True)}
    fixed = everything["S5to|"]
    assert fixed.corrected and current.text[fixed.start:fixed.end] == "Seoul"

    # the stored rows are never rewritten: they still count into revision 1
    with store.read() as s:
        rev1 = s.exec(select(Revision.id).where(Revision.document_id == doc_id, Revision.number == 1)).one()[0]
    assert {r[6] for r in stored_words(store, doc_id)} == {rev1}
    assert [r[0] for r in stored_words(store, doc_id)] == [w.start for w in read_ocr_file(FIXTURES / FILES["hocr"]).words]


def test_undone_correction_puts_the_word_back(store):
    doc_id = imported(store, FILES["alto"])
    text = load_document(store, doc_id).text
    at = text.index("heavy")
    result = corr.correct_directly(store, doc_id, at, at + 5, "heavy-duty", reason="x", author="kim")
    assert "heavy" not in [w.text for w in ocr.low_confidence_words(store, doc_id)]
    shifted = {w.text: w.start for w in ocr.low_confidence_words(store, doc_id)}
    corr.undo_accept(store, result, withdraw=True)
    queue = ocr.low_confidence_words(store, doc_id)
    assert "heavy" in [w.text for w in queue]
    original = {w.text: w.start for w in queue}
    assert all(shifted[t] == original[t] + 5 for t in shifted)
    assert all(not w.corrected and w.revision_id == queue[0].revision_id for w in queue)


@st.composite
def words_and_chain(draw):
    """Non-overlapping word spans over a text, and 1-6 rounds of non-overlapping edits
    (insertions, deletions, replacements), each round on the text the previous made."""
    length = draw(st.integers(5, 80))
    cuts = sorted(draw(st.sets(st.integers(0, length), min_size=2, max_size=30)))
    spans = [(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if a < b]
    chain = []
    for _ in range(draw(st.integers(1, 6))):
        points = sorted(draw(st.lists(st.integers(0, length), max_size=8)))
        edits, last = [], -1
        for a, b in zip(points[::2], points[1::2]):
            if a <= last or (a == b and any(e.start == a for e in edits)):
                continue
            edits.append(Edit(a, b, draw(st.sampled_from(["", "x", "yz", "😀 "]))))
            last = b
        try:
            edit_map = EditMap(length, edits)
        except ValidationError:
            continue
        if edit_map.edited_length == 0:
            continue
        chain.append(edit_map)
        length = edit_map.edited_length
    return spans, chain


@settings(max_examples=300, deadline=None)
@given(words_and_chain())
def test_carrying_many_spans_at_once_equals_carrying_each(case):
    spans, chain = case
    expected, removed = [], []
    for start, end in spans:
        touched = gone = False
        for edit_map in chain:
            carried = edit_map.carry(start, end)
            start, end, touched = carried.start, carried.end, touched or carried.touched
            gone = gone or carried.removed
        expected.append((start, end, touched))
        removed.append(gone)
    got = carry_spans(spans, chain)
    # a word whose whole text a correction removed has no place (it is reported
    # corrected); an insertion later made where it was may land before or after it
    assert [g if not r else g[2] for g, r in zip(got, removed)] == \
        [e if not r else e[2] for e, r in zip(expected, removed)]
