from decimal import Decimal
from pathlib import Path

import pytest

from curator.suggest import parse_korean_number, suggest, suggest_figures

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("5억 7,600만", "576000000"),
        ("5억7600만", "576000000"),
        ("12억 900만", "1209000000"),
        ("3조 2억", "3000200000000"),
        ("3조 2억 5천만", "3000250000000"),
        ("1,200억", "120000000000"),
        ("1.5억", "150000000"),
        ("만", "10000"),
        ("10만", "100000"),
        ("3천5백", "3500"),
        ("5백만", "5000000"),
        ("1억2천만", "120000000"),
        ("삼천만", "30000000"),
        ("이억 오천만", "250000000"),
        ("1억 2000", "100002000"),
        ("7,600", "7600"),
        ("42", "42"),
        ("2경", "20000000000000000"),
    ],
)
def test_parse_korean_number(text: str, amount: str) -> None:
    assert parse_korean_number(text) == Decimal(amount)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "억억억", "만억", "5만 3억", "5억 1.5만", "5억 12,000만", "3 5", "12억 900만 루블",
     "1,2억", "15천", "3천5천", "억 만", "5억 만", "abc"],
)
def test_parse_korean_number_rejects_malformed(text: str) -> None:
    with pytest.raises(ValueError):
        parse_korean_number(text)


TABLE = [
    ("aid of 576 million rubles, far", "576 million rubles", "576000000", "RUB"),
    ("than 1.29 billion rubles during", "1.29 billion rubles", "1290000000", "RUB"),
    ("1.29 billion roubles", "1.29 billion roubles", "1290000000", "RUB"),
    ("1,209,000,000 rubles", "1,209,000,000 rubles", "1209000000", "RUB"),
    ("dropped to 10% of", "10%", "10", "percent"),
    ("dropped to 10 percent of", "10 percent", "10", "percent"),
    ("dropped to 12.5 per cent of", "12.5 per cent", "12.5", "percent"),
    ("a loan of $5 million to", "$5 million", "5000000", "USD"),
    ("US$3.5 billion", "US$3.5 billion", "3500000000", "USD"),
    ("5 million US dollars", "5 million US dollars", "5000000", "USD"),
    ("200 million yuan", "200 million yuan", "200000000", "CNY"),
    ("30 billion yen", "30 billion yen", "30000000000", "JPY"),
    ("10 billion won", "10 billion won", "10000000000", "KRW"),
    ("5,000 tons of grain", "5,000 tons", "5000", "t"),
    ("원조 자금 유치는 5억 7,600만 루블로,", "5억 7,600만 루블", "576000000", "RUB"),
    ("기간의 12억 900만 루블에 크게", "12억 900만 루블", "1209000000", "RUB"),
    ("3조 2억 원을", "3조 2억 원", "3000200000000", "KRW"),
    ("5억 달러", "5억 달러", "500000000", "USD"),
    ("2천만 위안의", "2천만 위안", "20000000", "CNY"),
    ("300만 엔", "300만 엔", "3000000", "JPY"),
    ("10%로 떨어졌다", "10%", "10", "percent"),
    ("30퍼센트", "30퍼센트", "30", "percent"),
    ("노동자 5만 명이", "5만 명", "50000", "persons"),
]


COUNTED = {"노동자 5만 명이": {"counted": "노동자"}}  # what the count names, read with it


@pytest.mark.parametrize(("text", "quote", "amount", "unit"), TABLE)
def test_figure_table(text: str, quote: str, amount: str, unit: str) -> None:
    found = suggest_figures(text)
    assert [(s.quote, s.value) for s in found] == [(quote, {"amount": amount, "unit": unit, **COUNTED.get(text, {})})]
    assert text[found[0].start : found[0].end] == quote


@pytest.mark.parametrize(
    "text",
    [
        "such as the factory no. 65 thanks to",
        "No. 3 tons",
        "the First Five-Year Plan",
        "the three-year post-war recovery plan (1954-56)",
        "북한의 제1차 5개년계획",
        "3개년계획(1954~56) 기간",
        "in 1950 the party",
        "In 1950 won the battle",
        "£3Yst Mein",
        "원조 자금 5억 원조",
        "1억억억 원",
        "only secured two month's supplies",
        "page 12 and 179",
    ],
)
def test_not_figures(text: str) -> None:
    assert suggest_figures(text) == []


def test_seed_001_factory_number_is_not_a_figure() -> None:
    text = (SEEDS / "001_89b05740a7d34430.txt").read_text(encoding="utf-8")
    factory = text.index("factory no. 65")
    figures = suggest(text, kinds=("figure",))
    assert [(s.quote, s.value) for s in figures] == [("10%", {"amount": "10", "unit": "percent"})]
    assert all(not (s.start <= factory + 12 < s.end) for s in suggest(text, kinds=("date", "figure")))


def test_seed_003_figures() -> None:
    text = (SEEDS / "003_4ac6bf62b4fea684.txt").read_text(encoding="utf-8")
    got = [(s.quote, s.value["amount"], s.value["unit"]) for s in suggest_figures(text)]
    assert got == [
        ("5억 7,600만 루블", "576000000", "RUB"),
        ("12억 900만 루블", "1209000000", "RUB"),
        ("576 million rubles", "576000000", "RUB"),
        ("1.29 billion rubles", "1290000000", "RUB"),
    ]


def test_dates_win_over_figures_and_unknown_kind_is_refused() -> None:
    assert [s.label for s in suggest("in 1950, 10% of 576 million rubles", kinds=("date", "figure"))] == [
        "date", "figure", "figure",
    ]
    with pytest.raises(ValueError, match="unknown suggestion kind"):
        suggest("x", kinds=("dates",))
