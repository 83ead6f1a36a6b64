"""OCR clean-up proposals on the seeds, on small texts, and on random text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.suggest.boilerplate import boilerplate_lines, match_curated
from curator.suggest.ocr_noise import propose_cleanups

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_000 = SEEDS / "000_a5ad83d4d40f98fa.txt"
SEED_001 = SEEDS / "001_89b05740a7d34430.txt"
SEED_003 = SEEDS / "003_4ac6bf62b4fea684.txt"
HEADER = "S5to| KA £3Yst Mein UM £} FH|(1945~1956) 179"


def apply(text, cleanups):
    out, pos = [], 0
    for c in sorted(cleanups, key=lambda c: c.start):
        out += [text[pos:c.start], c.replacement]
        pos = c.end
    return "".join(out) + text[pos:]


def check_invariants(text, cleanups):
    for c in cleanups:
        assert 0 <= c.start < c.end <= len(text)
        assert c.original == text[c.start:c.end]
        assert c.kind in ("edit", "noise") and c.reason and 0 <= c.score <= 1
        assert c.kind == "edit" or c.replacement == ""
    for a, b in zip(cleanups, cleanups[1:]):
        assert a.end < b.start  # sorted, never overlapping or touching


def overlaps(c, start, end):
    return c.start < end and start < c.end


def test_seed_000_running_header_is_one_noise_zone_that_rejoins_the_sentence():
    text = SEED_000.read_text(encoding="utf-8")
    found = propose_cleanups(text)
    check_invariants(text, found)
    (zone,) = [c for c in found if HEADER in c.original]
    assert zone.kind == "noise" and "page number 179" in zone.reason
    cleaned = apply(text, [zone])
    assert re.search(r"identifies North[ \n]Korea’s industrialization", cleaned)
    assert "S5to" not in cleaned


def test_seed_000_word_and_layout_edits():
    text = SEED_000.read_text(encoding="utf-8")
    found = propose_cleanups(text)
    edits = {(c.original, c.replacement) for c in found if c.kind == "edit"}
    assert ("Inregard", "In regard") in edits
    # blank lines inside sentences ("their\n\nhistorical", "science and\n\ntechnology")
    assert ("\n\n", " ") in edits
    joined = apply(text, found)
    assert "as well as their historical significance" in joined
    assert "science and technology human resources" in joined
    # real paragraph breaks survive: after the affiliation line, before "Keywords:"
    assert "Chao(Seoul National University)\n\nThis study" in joined
    assert "internally.\n\nKeywords:" in joined
    header_at = text.index(HEADER)
    for word in ("Juche", "Chang-ok", "1945"):
        for m in re.finditer(re.escape(word), text):
            if header_at <= m.start() < header_at + len(HEADER):
                continue  # "(1945~1956)" inside the garbled header goes with it
            assert not any(overlaps(c, m.start(), m.end()) for c in found), word


def test_seed_001_web_boilerplate_is_noise_and_the_abstract_is_kept():
    text = SEED_001.read_text(encoding="utf-8")
    found = propose_cleanups(text)
    check_invariants(text, found)
    noise = [c for c in found if c.kind == "noise"]
    for snippet in ("본문 바로가기", "• Home", "Accredited", "Citation status",
                    "* References for papers published after 2023 are currently being built."):
        assert any(snippet in c.original for c in noise), snippet
    cleaned = apply(text, noise)
    assert cleaned.startswith("North Korea's Wartime Production")
    assert cleaned.endswith("as well as North Korea and China.")
    assert "Soo-Ryong Jo 1\n\n1경희대학교\n\nABSTRACT\n\nThis study" in cleaned


def test_seed_003_korean_and_figures_are_not_touched():
    text = SEED_003.read_text(encoding="utf-8")
    found = propose_cleanups(text)
    check_invariants(text, found)
    for sentence in re.findall(r"[^.]*[가-힣][^.]*\.", text):
        start = text.index(sentence)
        assert not any(overlaps(c, start, start + len(sentence)) for c in found), sentence
    assert not any("rubles" in c.original for c in found)  # an inflection, not "rub les"


@pytest.mark.parametrize(
    "text, original, replacement",
    [
        ("the steel indus-\ntry of the north grew fast", "-\n", ""),
        ("the policy of a self-\nreliant economy was set", "-\n", "-"),
        ("the growth of the steel indus try was fast", "indus try", "industry"),
        ("This study covers the process of industrialization\npromotion in North Korea", "\n", " "),
    ],
)
def test_layout_and_split_words(text, original, replacement):
    found = propose_cleanups(text)
    check_invariants(text, found)
    assert [(c.original, c.replacement) for c in found] == [(original, replacement)]


@pytest.mark.parametrize(
    "text",
    [
        "The study ends here.\nA new paragraph starts on the next line.",
        "Kim Il-sung met Park Chang-ok in Pyongyang about Juche and Chongjin.",
        "The therapist and the rapist are different words in any one case.",
        "Production rose 12% in 1956, to 576 million rubles (1954-56).",
        "본 연구는 북한의 제1차 5개년계획 채택과\n시행 과정을 검토하였다.",
    ],
)
def test_conservative_on_clean_text(text):
    found = propose_cleanups(text)
    assert [c for c in found if c.kind == "noise" or c.original.strip()] == []


def test_running_headers_and_lone_page_numbers():
    page = "The output of the factories rose in the first year of the plan and then fell.\n\n"
    text = "".join(
        f"NORTH KOREAN ECONOMIC HISTORY {n}\n\n{page}{n}\n\n" for n in (12, 13, 14)
    ) + "The end of the story."
    found = propose_cleanups(text)
    check_invariants(text, found)
    noise = [c for c in found if c.kind == "noise"]
    assert any("running header" in c.reason and "12" in c.reason for c in noise)
    assert any("lone page number 13" in c.reason for c in noise)
    cleaned = apply(text, noise)
    assert "NORTH KOREAN" not in cleaned and not re.search(r"^\d+$", cleaned, re.M)
    assert cleaned.count("The output of the factories") == 3


def test_boilerplate_patterns_and_heuristic():
    assert match_curated("  • Home") and match_curated("쿠키 사용에 동의합니다")
    assert match_curated("We use cookies to improve your experience.")
    assert match_curated("ABSTRACT") is None and match_curated("Copyright law in Korea") is None
    text = "Home > Journals > Article\n" + "Real prose " * 10 + "\n• About\n• 논문검색"
    idx = [b.line_index for b in boilerplate_lines(text)]
    assert idx == [0, 2, 3]


HANGUL_NFD = "\u1100\u1161\u11a8"
alphabet = st.sampled_from(list("ab Z|£}~\n\n\n-,.179") + ["Inregard", "indus", " try", "본문 바로가기",
                                                         "• Home", "😀", HANGUL_NFD, "\r\n", "Juche"])


@settings(max_examples=200, deadline=None)
@given(st.lists(alphabet, max_size=60).map("".join) | st.text(max_size=200))
def test_never_raises_and_keeps_invariants(text):
    check_invariants(text, propose_cleanups(text))
