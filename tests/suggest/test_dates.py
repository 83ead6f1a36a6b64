from pathlib import Path

import pytest
from edtf import parse_edtf

from curator.suggest import suggest, suggest_dates
from curator.suggest.base import is_valid_edtf

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

ENGLISH = [
    ("The plan began in 1950.", "1950", "1950"),
    ("the period 1945-1956 saw", "1945-1956", "1945/1956"),
    ("the period 1945–1956 saw", "1945–1956", "1945/1956"),
    ("North\nKorea from 1945 to 1956.", "from 1945 to 1956", "1945/1956"),
    ("industrialization from 1945\nto 1956 were", "from 1945\nto 1956", "1945/1956"),
    ("between 1945 and 1956", "between 1945 and 1956", "1945/1956"),
    ("recovery plan (1954-56).", "1954-56", "1954/1956"),
    ("in 1950-51 the", "1950-51", "1950/1951"),
    ("reluctant from June 1951, which", "June 1951", "1951-06"),
    ("air force from July to October 1950, started", "from July to October 1950", "1950-07/1950-10"),
    ("July–October 1950", "July–October 1950", "1950-07/1950-10"),
    ("from November 1950 to February 1951", "from November 1950 to February 1951", "1950-11/1951-02"),
    ("from November to February 1951", "from November to February 1951", "1950-11/1951-02"),
    ("After the retreat in October in 1950, North", "October in 1950", "1950-10"),
    ("in Oct. 1950", "Oct. 1950", "1950-10"),
    ("on June 25, 1950 the", "June 25, 1950", "1950-06-25"),
    ("on 25 June 1950 the", "25 June 1950", "1950-06-25"),
    ("goods in the 1950s.", "1950s", "195X"),
    ("in the early 1950s", "early 1950s", "1950/1953"),
    ("in the mid-1950s", "mid-1950s", "1954/1956"),
    ("in the late 1950s.", "late 1950s", "1957/1959"),
    ("Late 1950s growth", "Late 1950s", "1957/1959"),
    ("in the 19th century", "19th century", "18XX"),
]
KOREAN = [
    ("조선로동당은 1958년 3월 공업", "1958년 3월", "1958-03"),
    ("1950년 6월 25일 새벽", "1950년 6월 25일", "1950-06-25"),
    ("인해 1959년 재차", "1959년", "1959"),
    ("1950년대 북한", "1950년대", "195X"),
    ("이를 통해 1950년대 후반 북한이", "1950년대 후반", "1957/1959"),
    ("1950년대 초반의", "1950년대 초반", "1950/1953"),
    ("1950년대 전반에", "1950년대 전반", "1950/1953"),
    ("1950년대 중반까지", "1950년대 중반", "1954/1956"),
    ("1950년대 말에", "1950년대 말", "1957/1959"),
    ("3개년계획(1954~56) 기간", "1954~56", "1954/1956"),
    ("1945년부터 1956년까지 북한", "1945년부터 1956년까지", "1945/1956"),
    ("시기(1945~1956)", "1945~1956", "1945/1956"),
    ("1945년~1956년 사이", "1945년~1956년", "1945/1956"),
    ("1950년 7월부터 10월까지 폭격", "1950년 7월부터 10월까지", "1950-07/1950-10"),
    ("1950년 7~10월", "1950년 7~10월", "1950-07/1950-10"),
    ("1950년 11월부터 1951년 2월까지", "1950년 11월부터 1951년 2월까지", "1950-11/1951-02"),
]


@pytest.mark.parametrize(("text", "quote", "edtf"), ENGLISH + KOREAN)
def test_phrase_table(text: str, quote: str, edtf: str) -> None:
    found = suggest_dates(text)
    assert [(s.quote, s.value) for s in found] == [(quote, {"edtf": edtf})]
    s = found[0]
    assert text[s.start : s.end] == quote
    parse_edtf(edtf)  # the value really is EDTF


@pytest.mark.parametrize(
    "text",
    [
        "factory no. 65 thanks to",
        "The amount of aid was 576 million rubles",
        "completion two years earlier",
        "2년 조기 완수",
        "see p. 1950 and No. 1951",
        "1,950 tons",
        "1950 tons of steel",
        "제1차 5개년계획",
        "3.1950 and 19501",
        "about 1200 workers",
        "Maybe in May they left",
    ],
)
def test_not_dates(text: str) -> None:
    assert suggest_dates(text) == []


def test_month_alone_takes_year_from_context_with_low_score() -> None:
    text = "bombardments from July to October 1950, started to collapse when they retreated to the North in October."
    found = suggest_dates(text)
    assert [(s.quote, s.value["edtf"]) for s in found] == [
        ("from July to October 1950", "1950-07/1950-10"),
        ("October", "1950-10"),
    ]
    assert found[1].score < found[0].score
    assert suggest_dates("They retreated in October.") == []  # no year nearby: nothing


def test_running_header_page_number_is_not_a_date() -> None:
    text = (SEEDS / "000_a5ad83d4d40f98fa.txt").read_text(encoding="utf-8")
    header = text.index("S5to|")
    line_end = text.index("\n", header)
    page = text.index("179", header)
    found = [s for s in suggest_dates(text) if header <= s.start < line_end]
    assert [(s.quote, s.value["edtf"]) for s in found] == [("1945~1956", "1945/1956")]
    assert all(not (s.start <= page < s.end) for s in suggest(text, kinds=("date", "figure")))


def test_seed_dates_all_parse_as_edtf_and_quotes_match() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for s in suggest_dates(text):
            assert s.quote == text[s.start : s.end]
            parse_edtf(s.value["edtf"])


@pytest.mark.parametrize(
    "value", ["1950", "1950-07", "1950-06-25", "195X", "18XX", "1950/1953", "1950-07/1951-02", "1952-02-29"]
)
def test_fast_edtf_check_agrees_with_the_parser(value: str) -> None:
    assert is_valid_edtf(value)
    parse_edtf(value)


@pytest.mark.parametrize("value", ["1950-13", "1950-06-31", "1953/1950", "1950-02-29", "nonsense", ""])
def test_fast_edtf_check_rejects_bad_values(value: str) -> None:
    assert not is_valid_edtf(value)
