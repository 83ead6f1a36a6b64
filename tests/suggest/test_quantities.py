"""Figures in the phrasing real abstracts use (issue 13): qualifiers, counted nouns,
multiples, the hwan and the won by document country, identifiers and noise zones."""

import pytest

from curator.suggest import suggest, suggest_figures


def figures(text: str, **kw) -> list[tuple[str, dict]]:
    return [(s.quote, s.value) for s in suggest_figures(text, **kw)]


@pytest.mark.parametrize(
    ("text", "quote", "value"),
    [
        ("약 3만 명의 포로", "약 3만 명", {"amount": "30000", "unit": "persons", "qualifier": "approximate"}),
        ("5,000여 명이", "5,000여 명", {"amount": "5000", "unit": "persons", "qualifier": "approximate"}),
        ("20여만 명이", "20여만 명", {"amount": "200000", "unit": "persons", "qualifier": "approximate"}),
        ("12만여 톤의 쌀", "12만여 톤", {"amount": "120000", "unit": "t", "qualifier": "approximate"}),
        ("40% 가량을", "40% 가량", {"amount": "40", "unit": "percent", "qualifier": "approximate"}),
        ("10% 정도", "10% 정도", {"amount": "10", "unit": "percent", "qualifier": "approximate"}),
        ("30% 이상이", "30% 이상", {"amount": "30", "unit": "percent", "qualifier": "at-least"}),
        ("5% 미만으로", "5% 미만", {"amount": "5", "unit": "percent", "qualifier": "less-than"}),
        ("1억 달러를 넘었다", "1억 달러", {"amount": "100000000", "unit": "USD", "qualifier": "more-than"}),
        ("about 40 percent of", "about 40 percent", {"amount": "40", "unit": "percent", "qualifier": "approximate"}),
        ("Roughly $2 million was", "Roughly $2 million", {"amount": "2000000", "unit": "USD", "qualifier": "approximate"}),
        ("over 300 tons", "over 300 tons", {"amount": "300", "unit": "t", "qualifier": "more-than"}),
        ("more than 12 percent", "more than 12 percent", {"amount": "12", "unit": "percent", "qualifier": "more-than"}),
        ("at least 9 percent", "at least 9 percent", {"amount": "9", "unit": "percent", "qualifier": "at-least"}),
        ("up to 60 percent", "up to 60 percent", {"amount": "60", "unit": "percent", "qualifier": "at-most"}),
        ("under 5 percent", "under 5 percent", {"amount": "5", "unit": "percent", "qualifier": "less-than"}),
        ("nearly 70 per cent", "nearly 70 per cent", {"amount": "70", "unit": "percent", "qualifier": "approximate"}),
    ],
)
def test_qualifiers_keep_the_amount_exact(text, quote, value):
    assert figures(text) == [(quote, value)]


def test_a_comparison_is_not_a_qualifier():
    assert figures("far less than 1.2 billion rubles") == [("1.2 billion rubles", {"amount": "1200000000", "unit": "RUB"})]


@pytest.mark.parametrize(
    ("text", "quote", "value"),
    [
        ("some 1,500 Soviet technicians arrived", "some 1,500 Soviet technicians",
         {"amount": "1500", "unit": "persons", "qualifier": "approximate", "counted": "Soviet technicians"}),
        ("4,000 workers and engineers", "4,000 workers and engineers",
         {"amount": "4000", "unit": "persons", "counted": "workers and engineers"}),
        ("2.3 million refugees", "2.3 million refugees", {"amount": "2300000", "unit": "persons", "counted": "refugees"}),
        ("80,000 farm households", "80,000 farm households",
         {"amount": "80000", "unit": "households", "counted": "farm households"}),
        ("12,000 people", "12,000 people", {"amount": "12000", "unit": "persons"}),
        ("the number of students rose from 3,000 to 9,000", "3,000",
         {"amount": "3000", "unit": "persons", "counted": "students"}),
        ("학생 3,000명이", "3,000명", {"amount": "3000", "unit": "persons", "counted": "학생"}),
        ("1만 명의 노동자를", "1만 명", {"amount": "10000", "unit": "persons", "counted": "노동자"}),
        ("귀환 동포 수는 당시 약 8만 명", "약 8만 명",
         {"amount": "80000", "unit": "persons", "qualifier": "approximate", "counted": "동포"}),
        ("농가 2만 호가", "2만 호", {"amount": "20000", "unit": "households", "counted": "농가"}),
        ("피란민 3,000세대", "3,000세대", {"amount": "3000", "unit": "households", "counted": "피란민"}),
        ("일본인 기술자 200인이", "200인", {"amount": "200", "unit": "persons", "counted": "일본인 기술자"}),
    ],
)
def test_counts_of_people_record_what_is_counted(text, quote, value):
    assert (quote, value) in figures(text)


@pytest.mark.parametrize("text", ["1950 workers struck", "제3호", "3세대 연구", "3호선", "인민 5명"])
def test_not_counts(text):
    assert [q for q, v in figures(text) if v["unit"] == "households" or "1950" in q] == []


@pytest.mark.parametrize(
    ("text", "quote", "amount"),
    [
        ("생산이 2.5배로 늘었다", "2.5배", "2.5"),
        ("수출이 네 배 증가", "네 배", "4"),
        ("output grew 4.2 times", "4.2 times", "4.2"),
        ("a fourfold increase", "fourfold", "4"),
        ("a 3-fold rise", "3-fold", "3"),
        ("a two-fold rise", "two-fold", "2"),
        ("Prices DOUBLED in a year", "DOUBLED", "2"),
        ("exports tripled", "tripled", "3"),
        ("twice the 1950 level", "twice", "2"),
        ("five times as large", "five times", "5"),
    ],
)
def test_multiples(text, quote, amount):
    assert (quote, {"amount": amount, "unit": "times"}) in [(q, {k: v[k] for k in ("amount", "unit")})
                                                            for q, v in figures(text)]


@pytest.mark.parametrize("text", ["세배를 드렸다", "met twice in Seoul", "3 times a year", "it doubled as a school"])
def test_not_multiples(text):
    assert [v for _, v in figures(text) if v["unit"] == "times"] == []


def test_hwan_and_won_by_document_country():
    assert figures("환율은 1달러당 650환이었다") == [("650환", {"amount": "650", "unit": "KRH"})]
    assert figures("12,000 hwan") == [("12,000 hwan", {"amount": "12000", "unit": "KRH"})]
    found = suggest_figures("예산은 20억 원이었다", country="KP")
    assert [(s.quote, s.value) for s in found] == [("20억 원", {"amount": "2000000000", "unit": "KPW"})]
    assert "North Korea" in found[0].reason
    south = suggest_figures("예산은 20억 원이었다", country="KR")
    assert south[0].value["unit"] == "KRW" and "South Korea" in south[0].reason
    assert suggest_figures("30 million won", country="KP")[0].value["unit"] == "KPW"
    assert suggest_figures("예산은 20억 원이었다")[0].value["unit"] == "KRW"


@pytest.mark.parametrize(
    "text",
    ["ISSN 1598-2696", "pp. 1950-1953", "Box 1823 of RG 59", "Law No. 1950", "Table 1955", "『역사비평』 1950, 12쪽",
     "1950~1953쪽", "doi:10.1000/1950.1953", "https://example.org/1950/500-tons"],
)
def test_identifiers_are_neither_dates_nor_figures(text):
    assert [s for s in suggest(text, ("date", "figure"))] == []


def test_citation_pages_are_not_a_range_but_its_year_is_a_date():
    text = "Korea Journal 44, no. 3 (2004): 1953–71."
    assert [(s.quote, s.value) for s in suggest(text, ("date", "figure"))] == [("2004", {"edtf": "2004"})]


def test_noise_zones_hold_no_figures():
    text = "Copyright 2004 by 500 members\nAid was 5 million dollars."
    zone = [(0, text.index("\n"))]
    assert [s.quote for s in suggest(text, ("date", "figure"), excluded=zone)] == ["5 million dollars"]
