"""The JSONL export loads into spaCy and has doccano's import shape, with no conversion.

Each line is read with ``json.loads`` and given to spaCy as it is: ``nlp(line["text"])``
and ``Doc.char_span(start, end)`` for every ``[start, end, label]``. The corpus is the
bundled seeds (English, mixed, Korean) plus a note imported from CRLF, NFD-Hangul text
with emoji and CJK Extension B characters, annotated through the services both on word
boundaries and inside words. ``spacy.blank("xx")`` is the multi-language tokenizer
(``"ko"`` needs MeCab).

Two limits found on the way, both asserted below so a change shows up:

* spaCy keeps whitespace on tokens, so a span that begins or ends with a space is given
  back without it, and a span of a single space becomes an empty span.
* doccano's annotation view counts UTF-16 units, not code points (doccano issue #2290),
  so for doccano the export is written with ``offsets="utf16"``; on text with no
  character above U+FFFF both exports carry the same offsets.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from curator.domain import DateValue, FigureValue, ValidationError
from curator.services.exchange import write_jsonl
from curator.exchange.textfile import decode_bytes
from curator.services import annotations as A
from curator.services.corpus import ensure_seeded, import_decoded, list_documents, load_document
from curator.store import open_store
from curator.text import Utf16Map

import spacy  # in the test extra: the check runs wherever the tests do
from spacy.tokens import Doc, DocBin, Span, SpanGroup
from spacy.util import filter_spans

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
NFD_KOREAN = unicodedata.normalize("NFD", "한국 공업화는 1958년에 시작되었다.")
NOTE_RAW = (
    "Report 😀 on aid: 5억 7,600만 루블 were granted.\r\n"
    + NFD_KOREAN
    + "\r\nFamily 👩‍👩‍👧 in 𠀀𡈽 (1953-1956) end.\r\n"
)

# key, document (seed file prefix or "note"), phrase, label, value, where the span lies:
# "tokens" = on spaCy token boundaries, "inside" = starts or ends inside a token
RUB_576M = FigureValue(Decimal("576000000"), "RUB")
# fmt: off
PLAN = [
    ("en_date", "000", "1945 to 1956", "date", DateValue("1945/1956"), "tokens"),
    ("en_claim", "000", "process of industrialization promotion in North\nKorea from 1945 to 1956",
     "claim", None, "tokens"),  # crosses a line break and contains en_date
    ("en_mid", "000", "ustrializ", "claim", None, "inside"),
    ("mixed_id", "001", "factory no. 65", "figure", None, "tokens"),
    ("mixed_ko_mid", "001", "경희대학교", "claim", None, "inside"),  # the text has "1경희대학교"
    ("ko_figure", "003", "5억 7,600만 루블", "figure", RUB_576M, "inside"),  # text: "루블로"
    ("ko_date", "003", "1958년 3월", "date", DateValue("1958-03"), "tokens"),
    ("ko_figure2", "003", "12억 900만 루블", "figure", FigureValue(Decimal("1209000000"), "RUB"),
     "inside"),
    ("note_after_emoji", "note", "5억 7,600만 루블", "figure", RUB_576M, "tokens"),
    ("note_nfd_word", "note", "공업화", "claim", None, "inside"),  # NFD in the file, NFC stored
    ("note_nfd_year", "note", "1958년", "date", DateValue("1958"), "inside"),
    ("note_crlf", "note", "granted.\n한국", "claim", None, "tokens"),  # was "\r\n" in the file
    ("note_zwj", "note", "👩‍👩‍👧", "claim", None, "tokens"),
    ("note_ext_b", "note", "𠀀𡈽", "claim", None, "tokens"),
    ("note_range", "note", "1953-1956", "date", DateValue("1953/1956"), "tokens"),
]
# fmt: on


@dataclass
class Corpus:
    docs: dict[str, int]  # seed prefix or "note" -> document id
    ids: dict[str, int]  # plan key -> annotation id
    quotes: dict[int, str]  # annotation id -> quote kept by the store
    where: dict[int, str]  # annotation id -> "tokens" / "inside"


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "spacy.db")
    yield s
    s.close()


@pytest.fixture
def corpus(store) -> Corpus:
    assert [o.status for o in ensure_seeded(store, SEEDS)] == ["imported"] * 3
    docs = {d.source_name[:3]: d.id for d in list_documents(store)}
    docs["note"] = import_decoded(store, "note.txt", decode_bytes(NOTE_RAW.encode("utf-8"))).document_id
    texts = {key: load_document(store, doc_id).text for key, doc_id in docs.items()}
    ids, where = {}, {}
    for key, doc, phrase, label, value, position in PLAN:
        start = texts[doc].index(phrase)
        row = A.create_annotation(
            store, docs[doc], label, start, start + len(phrase), creator="kim", value=value
        )
        ids[key], where[row.id] = row.id, position
    quotes = {row.id: row.quote for doc_id in docs.values() for row in A.list_annotations(store, doc_id)}
    return Corpus(docs, ids, quotes, where)


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("xx")


def export(store, path: Path, **kw) -> list[dict]:
    """The file as a consumer reads it: one ``json.loads`` per line, nothing else."""
    write_jsonl(store, path, **kw)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def utf16_slice(text: str, start: int, end: int) -> str:
    """``text.slice(start, end)`` as JavaScript (doccano's view) computes it."""
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le", errors="replace")


def spacy_spans(doc: Doc, line: dict) -> list[Span]:
    return [doc.char_span(s, e, label=lab, alignment_mode="expand") for s, e, lab in line["label"]]


# ------------------------------------------------------------------------------------ spaCy


def test_the_note_was_canonicalised_before_annotation(store, corpus):
    text = load_document(store, corpus.docs["note"]).text
    assert "\r" not in text and unicodedata.is_normalized("NFC", text)
    assert NFD_KOREAN not in text and unicodedata.normalize("NFC", NFD_KOREAN) in text
    assert corpus.quotes[corpus.ids["note_crlf"]] == "granted.\n한국"


def test_every_exported_span_is_found_by_char_span(store, corpus, nlp, tmp_path):
    lines = export(store, tmp_path / "nlp.jsonl")
    assert sorted(line["meta"]["document_id"] for line in lines) == sorted(corpus.docs.values())
    seen = {"tokens": 0, "inside": 0}
    for line in lines:
        text = line["text"]
        doc = nlp(text)
        assert doc.text == text  # spaCy keeps every character, so char offsets are shared
        for (start, end, label), sp in zip(line["label"], line["spans"], strict=True):
            quote = corpus.quotes[sp["id"]]
            assert text[start:end] == quote
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            assert span is not None and span.label_ == label
            assert span.start_char <= start and end <= span.end_char
            assert span.text[start - span.start_char : end - span.start_char] == quote
            strict = doc.char_span(start, end, label=label, alignment_mode="strict")
            where = corpus.where[sp["id"]]
            seen[where] += 1
            if where == "tokens":
                assert strict is not None and strict.text == quote == span.text
                assert (strict.start_char, strict.end_char) == (start, end)
                # one code point off and the span no longer is the quote
                shifted = doc.char_span(start + 1, end, alignment_mode="strict")
                assert shifted is None or shifted.text != quote
                assert text[start + 1 : end + 1] != quote
            else:
                assert strict is None and span.text != quote
    assert seen == {"tokens": 9, "inside": 6} == Counter(where for *_, where in PLAN)


def test_utf16_offsets_after_an_emoji_would_miss_in_spacy(store, corpus, nlp, tmp_path):
    lines = export(store, tmp_path / "nlp.jsonl")
    line = next(li for li in lines if li["meta"]["document_id"] == corpus.docs["note"])
    sp = next(s for s in line["spans"] if s["id"] == corpus.ids["note_after_emoji"])
    text, start, end = line["text"], sp["start"], sp["end"]
    assert text.index("😀") < start
    units = Utf16Map.of(text)
    u_start, u_end = units.to_utf16(start), units.to_utf16(end)
    assert (u_start, u_end) == (start + 1, end + 1)
    doc = nlp(text)
    assert doc.char_span(start, end, alignment_mode="strict").text == "5억 7,600만 루블"
    # UTF-16 offsets start inside "5억": off the token boundaries and off the quote
    assert doc.char_span(u_start, u_end, alignment_mode="strict") is None
    assert text[u_start:u_end] != "5억 7,600만 루블"


def test_overlapping_spans_go_to_a_span_group_and_survive_docbin(store, corpus, nlp, tmp_path):
    lines = export(store, tmp_path / "nlp.jsonl")
    docs, expected = [], []
    for line in lines:
        doc = nlp(line["text"])
        spans = spacy_spans(doc, line)
        doc.spans["sc"] = SpanGroup(doc, name="sc", spans=spans)
        if line["meta"]["document_id"] == corpus.docs["000"]:
            # the claim contains the date: entities may not overlap, a span group may
            with pytest.raises(ValueError, match="E1010"):
                doc.ents = spans
        doc.ents = filter_spans(spans)
        docs.append(doc)
        expected.append(
            (
                line["text"],
                [(s.start_char, s.end_char, s.label_, s.text) for s in spans],
                [(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents],
            )
        )
    assert sum(len(e[1]) for e in expected) == len(PLAN)
    assert sum(len(e[2]) for e in expected) < len(PLAN)  # filter_spans dropped the overlaps

    data = DocBin(docs=docs).to_bytes()  # spaCy's training format
    back = list(DocBin().from_bytes(data).get_docs(spacy.blank("xx").vocab))
    got = [
        (
            d.text,
            [(s.start_char, s.end_char, s.label_, s.text) for s in d.spans["sc"]],
            [(e.start_char, e.end_char, e.label_, e.text) for e in d.ents],
        )
        for d in back
    ]
    assert got == expected
    for line, d in zip(lines, back, strict=True):
        for (start, end, _), span in zip(line["label"], d.spans["sc"], strict=True):
            assert span.text[start - span.start_char : end - span.start_char] == line["text"][start:end]


def test_spaces_at_the_edges_of_a_span_are_dropped_by_spacy(store, corpus, nlp, tmp_path):
    """A selection may begin or end with a space; spaCy keeps spaces on tokens."""
    doc_id = corpus.docs["000"]
    text = load_document(store, doc_id).text
    lead = text.index(" to 1956")  # " to"
    trail = text.index("1945 to") + 5  # "1945 " ends after the space
    single = text.index(" ", lead + 1)  # the space between "to" and "1956"
    made = {
        A.create_annotation(store, doc_id, "claim", s, e, creator="kim").id: (s, e)
        for s, e in ((lead, lead + 3), (text.index("1945 to"), trail), (single, single + 1))
    }
    lines = export(store, tmp_path / "nlp.jsonl")
    line = next(li for li in lines if li["meta"]["document_id"] == doc_id)
    doc = nlp(line["text"])
    got = {}
    for sp in line["spans"]:
        if sp["id"] in made:
            assert (sp["start"], sp["end"]) == made[sp["id"]]  # the export keeps the selection
            span = doc.char_span(sp["start"], sp["end"], alignment_mode="expand")
            got[text[sp["start"] : sp["end"]]] = span.text
    assert got == {" to": "to", "1945 ": "1945", " ": ""}


# ------------------------------------------------------------------------------------ doccano


def test_lines_have_doccano_sequence_labelling_shape(store, corpus, tmp_path):
    lines = export(store, tmp_path / "nlp.jsonl")
    assert len(lines) == len(corpus.docs)
    for line in lines:
        assert isinstance(line, dict) and isinstance(line["text"], str)
        assert isinstance(line["label"], list)
        for item in line["label"]:
            assert isinstance(item, list) and len(item) == 3
            start, end, label = item
            assert type(start) is int and type(end) is int and isinstance(label, str)
            assert 0 <= start < end <= len(line["text"])
            assert label in {"CLAIM", "DATE", "FIGURE"}
    # offsets are code points: with an emoji before the span, UTF-16 slicing misses
    note = next(li for li in lines if li["meta"]["document_id"] == corpus.docs["note"])
    start, end, _ = next(
        item for item, sp in zip(note["label"], note["spans"]) if sp["id"] == corpus.ids["note_after_emoji"]
    )
    assert note["text"][start:end] == "5억 7,600만 루블"
    assert utf16_slice(note["text"], start, end) != "5억 7,600만 루블"


def test_utf16_export_is_what_doccanos_view_slices(store, corpus, tmp_path):
    points = export(store, tmp_path / "points.jsonl")
    units = export(store, tmp_path / "units.jsonl", offsets="utf16")
    assert [li["text"] for li in units] == [li["text"] for li in points]
    changed = 0
    for p, u in zip(points, units, strict=True):
        assert u["meta"].pop("offsets") == "utf16" and "offsets" not in p["meta"]
        for (us, ue, ul), sp in zip(u["label"], u["spans"], strict=True):
            assert utf16_slice(u["text"], us, ue) == corpus.quotes[sp["id"]] and ul == sp["label"]
            assert (us, ue) == (sp["start"], sp["end"])
        if Utf16Map.of(p["text"]).astral:
            changed += 1
            assert u["label"] != p["label"]
        else:  # no character above U+FFFF: doccano reads the default export unchanged
            assert u == p
    assert changed == 1  # only the note has emoji and Extension B characters


def test_unknown_offset_unit_is_refused(store, corpus, tmp_path):
    with pytest.raises(ValidationError, match="unknown offset unit 'bytes'"):
        write_jsonl(store, tmp_path / "x.jsonl", offsets="bytes")  # type: ignore[arg-type]
    assert not (tmp_path / "x.jsonl").exists()
