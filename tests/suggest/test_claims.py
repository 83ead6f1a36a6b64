from pathlib import Path

from curator.suggest import suggest_claims
from curator.suggest.claims import sentences, summarize

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in sentences(text)]


def test_english_sentences_with_abbreviations_and_line_breaks() -> None:
    text = (
        "North Korea had industry such as the factory no. 65 thanks to\nthe Soviet Union. "
        "Dr. Kim met J. Smith in the U.S. in 1950, e.g. at the embassy. Why? Because!"
    )
    assert _texts(text) == [
        "North Korea had industry such as the factory no. 65 thanks to\nthe Soviet Union.",
        "Dr. Kim met J. Smith in the U.S. in 1950, e.g. at the embassy.",
        "Why?",
        "Because!",
    ]


def test_korean_sentences_end_at_da_even_before_digits() -> None:
    text = "살펴보고자 하였다. 5개년계획에 필요한 원조는 5억 루블이었다. 그러나 부족했다"
    assert _texts(text) == ["살펴보고자 하였다.", "5개년계획에 필요한 원조는 5억 루블이었다.", "그러나 부족했다"]


def test_blank_line_ends_a_sentence_but_prose_runs_over_a_page_break() -> None:
    title = "A Short Title\n\nThis is a sentence."
    assert _texts(title) == ["A Short Title", "This is a sentence."]
    prose = "word " * 50 + "and the\n\nHEADER 179\n\nend of it. Next one."
    got = _texts(prose)
    assert got[0].endswith("end of it.") and "HEADER 179" in got[0]
    assert got[1] == "Next one."


def test_seed_000_claim_spans_the_ocr_page_break() -> None:
    text = (SEEDS / "000_a5ad83d4d40f98fa.txt").read_text(encoding="utf-8")
    claims = suggest_claims(text)
    quotes = [c.quote for c in claims]
    assert quotes[0].startswith("This study covers") and quotes[0].endswith("from 1945 to 1956.")
    through = next(c for c in claims if c.quote.startswith("Through this process"))
    assert through.quote.endswith("one country\nbasis.")
    assert all(c.quote == text[c.start : c.end] for c in claims)
    assert not any(c.quote.startswith("Keywords") for c in claims)


def test_seed_003_korean_and_english_cues_ranked() -> None:
    text = (SEEDS / "003_4ac6bf62b4fea684.txt").read_text(encoding="utf-8")
    claims = suggest_claims(text)
    by_start = {c.quote[:9]: c for c in claims}
    assert by_start["본 연구는 북한의"].score == 1.0
    assert by_start["This stud"].score == 1.0
    weak = next(c for c in claims if c.quote.startswith("다만"))
    assert weak.score < 1.0 and "원인이 되었다" in weak.reason
    # sentences without any cue are not offered
    assert not any(c.quote.startswith("내정의 혼란과") for c in claims)
    assert not any(c.quote.startswith("The North Korean government") for c in claims)
    assert claims[0].value == {"summary": "본 연구는 북한의 제1차 5개년계획 채택과 시행 과정을 검토하였다."}


def test_cue_words_must_be_whole_words() -> None:
    assert suggest_claims("Some AI argue things. Overthus, maybe. Theretherefore.") == []
    assert [c.quote for c in suggest_claims("Noise here. I argue that plans failed.")] == [
        "I argue that plans failed."
    ]


def test_summary_is_short_and_flat() -> None:
    long = "This study " + "examines\nthe plan " * 40 + "closely."
    s = summarize(long)
    assert len(s) <= 121 and "\n" not in s and s.endswith("…")
    assert summarize("Short one.") == "Short one."


def test_very_long_sentence_is_cut() -> None:
    text = "This study " + "x " * 5000
    for s in sentences(text):
        assert s.end - s.start <= 1500
    assert sum(s.end - s.start for s in sentences(text)) >= len(text.strip()) - 20
