"""Code point <-> UTF-16 conversion, proven over random text."""

import unicodedata

import pytest
from hypothesis import given, strategies as st

from curator.text import Utf16Map, canonicalize

MIXED = st.lists(
    st.one_of(
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),  # ASCII
        st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),  # Hangul syllables
        st.characters(min_codepoint=0x1100, max_codepoint=0x11FF),  # conjoining jamo (NFD)
        st.characters(min_codepoint=0x1F600, max_codepoint=0x1F64F),  # emoji
        st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),  # CJK Extension B
        st.characters(min_codepoint=0x0590, max_codepoint=0x05FF),  # Hebrew (RTL)
        st.sampled_from(["\n", "\r\n", "\r", "\t", "\u2028", "\u2029", "\x0c"]),
    ),
    max_size=120,
).map("".join)


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


@given(MIXED, st.data())
def test_offsets_agree_with_utf16_encoding(text, data):
    m = Utf16Map.of(text)
    assert m.utf16_length == utf16_len(text)
    cp = data.draw(st.integers(0, len(text)))
    u16 = m.to_utf16(cp)
    assert u16 == utf16_len(text[:cp])
    assert m.to_cp(u16) == cp


@given(MIXED)
def test_every_utf16_offset_maps_to_a_character_boundary(text):
    m = Utf16Map.of(text)
    encoded = text.encode("utf-16-le")
    for u16 in range(m.utf16_length + 1):
        cp = m.to_cp(u16)
        # the code points before cp encode to at most u16 units, and never split a pair
        assert utf16_len(text[:cp]) <= u16
        assert u16 - utf16_len(text[:cp]) in (0, 1)
        assert text[:cp].encode("utf-16-le") == encoded[: 2 * utf16_len(text[:cp])]


def test_surrogate_pair_middle_snaps_to_character_start():
    text = "a😀b"
    m = Utf16Map.of(text)
    assert [m.to_cp(u) for u in range(5)] == [0, 1, 1, 2, 3]
    assert [m.to_utf16(c) for c in range(4)] == [0, 1, 3, 4]


def test_out_of_range_offsets_are_refused():
    m = Utf16Map.of("𠀀x")
    with pytest.raises(ValueError):
        m.to_utf16(3)
    with pytest.raises(ValueError):
        m.to_cp(4)


@given(MIXED)
def test_canonical_text_is_nfc_with_lf_only(raw):
    c = canonicalize(raw)
    assert "\r" not in c.text
    assert unicodedata.is_normalized("NFC", c.text)
    assert canonicalize(c.text).text == c.text  # idempotent
    assert canonicalize(c.text).notes == ()


def test_canonicalize_reports_what_it_changed():
    nfd = unicodedata.normalize("NFD", "한국")
    c = canonicalize("\ufeff" + nfd + "\r\nline\rend")
    assert c.text == "한국\nline\nend"
    assert any("CRLF" in n for n in c.notes)
    assert any("NFC" in n for n in c.notes)
    assert any("byte-order" in n for n in c.notes)
