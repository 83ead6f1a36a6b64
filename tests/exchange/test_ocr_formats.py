"""ALTO, hOCR and PAGE XML readers: text layout, offsets, confidence normalisation."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from curator.domain.errors import ValidationError
from curator.exchange.ocr_formats import (
    low_confidence_queue,
    parse_alto,
    parse_hocr,
    parse_ocr,
    parse_page,
    read_ocr_file,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ocr"
FILES = {"alto": "sample_alto.xml", "hocr": "sample.hocr", "page": "sample_page.xml"}


def words_by_text(doc):
    return {w.text: w for w in doc.words}


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_offsets_point_at_each_word_and_format_is_sniffed(fmt):
    doc = read_ocr_file(FIXTURES / FILES[fmt])
    assert doc.format == fmt
    assert doc.words
    for w in doc.words:
        assert doc.text[w.start:w.end] == w.text
        assert w.confidence is None or 0.0 <= w.confidence <= 1.0
    starts = [w.start for w in doc.words]
    assert starts == sorted(starts)


def test_alto_layout_wc_cc_and_hyphen():
    doc = read_ocr_file(FIXTURES / FILES["alto"])
    # words by spaces, lines by \n, blocks by a blank line; HYP stays outside the word
    assert doc.text == "North Korea’s heavy indus-\ntry 1956\n\n조선로동당 北韓 Juche"
    w = words_by_text(doc)
    assert (w["heavy"].confidence, w["heavy"].raw_confidence, w["heavy"].raw_kind) == (0.42, "0.42", "WC")
    # CC: 0 = sure .. 9 = unsure, normalised as 1 - mean/9
    assert w["1956"].raw_kind == "CC" and w["1956"].raw_confidence == "0 0 1 8"
    assert w["1956"].confidence == pytest.approx(1 - (9 / 4) / 9)
    assert w["조선로동당"].confidence == pytest.approx(1.0)  # "00000" without spaces
    assert w["北韓"].confidence == pytest.approx(0.0)
    assert w["Juche"].confidence is None and w["Juche"].raw_kind is None


def test_alto_prefers_wc_over_cc():
    xml = ('<alto xmlns="http://www.loc.gov/standards/alto/ns-v3#"><Layout><Page><PrintSpace>'
           '<TextBlock><TextLine><String CONTENT="Kim" WC="0.3" CC="0 0 0"/></TextLine>'
           '</TextBlock></PrintSpace></Page></Layout></alto>')
    (word,) = parse_alto(xml).words
    assert (word.confidence, word.raw_kind) == (0.3, "WC")


def test_hocr_x_wconf_scale_nested_markup_and_missing_confidence():
    doc = read_ocr_file(FIXTURES / FILES["hocr"])
    assert doc.text == "Inregard to S5to|\nChang-ok R&D\n\n경남대학교 朝鮮"
    w = words_by_text(doc)
    assert (w["Inregard"].confidence, w["Inregard"].raw_confidence) == (0.96, "96")
    assert w["S5to|"].confidence == pytest.approx(0.12)  # inside <strong>
    assert w["경남대학교"].confidence == 1.0 and w["朝鮮"].confidence == 0.0
    assert w["R&D"].confidence is None  # no x_wconf in its title


def test_page_word_conf_first_textequiv_by_index_and_line_level():
    doc = read_ocr_file(FIXTURES / FILES["page"])
    assert doc.text == "Five-Year Plan rubles\n\n5개년계획 人民 채택\n1958년 3월"
    w = words_by_text(doc)
    assert w["Five-Year"].confidence == 0.95  # the Word's TextEquiv, not its Glyph's
    assert (w["Plan"].confidence, w["Plan"].raw_confidence) == (0.64, "0.64")  # index 1 wins
    assert w["rubles"].confidence is None
    # a line with no Word elements: its words carry the line's conf
    assert [w[t].confidence for t in ("5개년계획", "人民", "채택")] == [0.55] * 3
    assert w["1958년"].raw_kind == "conf"


def test_low_confidence_queue_orders_by_confidence_and_skips_unknown():
    doc = read_ocr_file(FIXTURES / FILES["alto"])
    queue = low_confidence_queue(doc, threshold=0.8)
    assert [q.text for q in queue] == ["北韓", "heavy", "1956", "indus", "try"]
    assert all(q.confidence < 0.8 for q in queue)
    assert "Juche" not in [q.text for q in queue]
    assert low_confidence_queue(doc, threshold=0.0) == []


def test_text_is_nfc():
    nfd = unicodedata.normalize("NFD", "경남대학교")
    xml = f'<alto><Layout><Page><PrintSpace><TextBlock><TextLine><String CONTENT="{nfd}" WC="1"/></TextLine></TextBlock></PrintSpace></Page></Layout></alto>'
    doc = parse_alto(xml)
    assert doc.text == "경남대학교" and doc.words[0].end == 5


@pytest.mark.parametrize(
    "data, message",
    [
        ("<alto><Layout><Page>", "malformed XML at line 1"),
        ('<?xml version="1.0"?>\n<!DOCTYPE alto [<!ENTITY x "boom">]><alto>&x;</alto>', "DTD or entity"),
        ('<PcGts><Page><TextRegion><TextLine><Word><TextEquiv conf="87"><Unicode>a</Unicode>'
         "</TextEquiv></Word></TextLine></TextRegion></Page></PcGts>", "outside 0-1"),
        ('<alto><Layout><Page><PrintSpace><TextBlock><TextLine><String CONTENT="a" CC="x"/>'
         "</TextLine></TextBlock></PrintSpace></Page></Layout></alto>", "not a list of digits"),
        ('<html><body><span class="ocrx_word" title="x_wconf high">a</span></body></html>', "not a number"),
        ('<html><body><span class="ocrx_word" title="x_wconf 50">a', "truncated"),
        ("<root/>", "not an OCR file"),
    ],
)
def test_bad_input_gives_one_line_validation_error(data, message):
    with pytest.raises(ValidationError, match=message) as info:
        parse_ocr(data)
    assert "\n" not in str(info.value)


def test_wrong_reader_for_the_root_element():
    with pytest.raises(ValidationError, match="not a PAGE XML file"):
        parse_page("<alto/>")
    with pytest.raises(ValidationError, match="no ocrx_word"):
        parse_hocr("<html><body><p>plain</p></body></html>")
