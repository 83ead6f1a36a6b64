"""Dates in the phrasing real abstracts use (issue 13): each category in both languages."""

import pytest
from edtf import parse_edtf

from curator.suggest import suggest_dates


def dates(text: str, **kw) -> list[tuple[str, str]]:
    return [(s.quote, s.value["edtf"]) for s in suggest_dates(text, **kw)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # case and position never matter
        ("Between 1962 and 1966 exports grew.", [("Between 1962 and 1966", "1962/1966")]),
        ("BETWEEN 1962 AND 1966 exports grew.", [("BETWEEN 1962 AND 1966", "1962/1966")]),
        ("From March to June 1972 talks went on.", [("From March to June 1972", "1972-03/1972-06")]),
        ("From 1948 to 1950 the reform ran.", [("From 1948 to 1950", "1948/1950")]),
        ("IN MAY 1961 the army moved.", [("MAY 1961", "1961-05")]),
        ("the chapter covers 1945 to 1948 in detail", [("1945 to 1948", "1945/1948")]),
    ],
)
def test_ranges_in_any_case(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1972. 10. 17. 선포된 유신", [("1972. 10. 17.", "1972-10-17")]),
        ("1965.6.22 조약", [("1965.6.22", "1965-06-22")]),
        ("1980. 5. 발표", [("1980. 5.", "1980-05")]),
        ("in the spring of 1972, the", [("spring of 1972", "1972-21")]),
        ("during the Autumn 1948 elections", [("Autumn 1948", "1948-23")]),
        ("1968년 여름 홍수", [("1968년 여름", "1968-22")]),
        ("through the winter of 1944–45 the", [("winter of 1944–45", "1944-12/1945-02")]),
        ("1944/45년 겨울", [("1944/45년 겨울", "1944-12/1945-02")]),
        ("in late 1972, and", [("late 1972", "1972-09/1972-12")]),
        ("by the end of 1948 the", [("end of 1948", "1948-09/1948-12")]),
        ("Early 1964 saw", [("Early 1964", "1964-01/1964-04")]),
        ("1972년 초에", [("1972년 초", "1972-01/1972-04")]),
        ("1948년 하반기", [("1948년 하반기", "1948-07/1948-12")]),
        ("1970년대 말에는", [("1970년대 말", "1977/1979")]),
        ("the budget of 1962/63 was", [("1962/63", "1962/1963")]),
        ("held on 12–14 October 1972", [("12–14 October 1972", "1972-10-12/1972-10-14")]),
        ("held October 12–14, 1972", [("October 12–14, 1972", "1972-10-12/1972-10-14")]),
        ("1972년 10월 12~14일 회담", [("1972년 10월 12~14일", "1972-10-12/1972-10-14")]),
    ],
)
def test_dates_finer_than_a_year(text, expected):
    assert dates(text) == expected
    for _, value in expected:
        parse_edtf(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("after 1972 the", [("after 1972", "1972/..")]),
        ("the post-1961 state", [("post-1961", "1961/..")]),
        ("Since 1948 the", [("Since 1948", "1948/..")]),
        ("before 1910 there", [("before 1910", "../1910")]),
        ("prior to the 1960s, farms", [("prior to the 1960s", "../1969")]),
        ("1972년 이후 정부는", [("1972년 이후", "1972/..")]),
        ("1910년 이전의 토지", [("1910년 이전", "../1910")]),
        ("1960년대 후반 이래", [("1960년대 후반 이래", "1967/..")]),
        ("right after 1945 the", [("1945", "1945")]),  # "right after" names the time, not a range
    ],
)
def test_open_ranges(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The law passed in 1961. The following year, prices rose.",
         [("1961", "1961"), ("following year", "1962")]),
        ("In 1972 the talks began; that October the constitution changed.",
         [("1972", "1972"), ("that October", "1972-10")]),
        ("The plan began in June 1962 and on 3 May of the same year it",
         [("June 1962", "1962-06"), ("3 May of the same year", "1962-05-03")]),
        ("Exports in 1965 doubled over the previous year.", [("1965", "1965"), ("previous year", "1964")]),
        ("1972년 7월 공동성명이 나왔고 같은 해 10월 헌법이", [("1972년 7월", "1972-07"), ("같은 해 10월", "1972-10")]),
        ("1948년 정부가 수립되었다. 이듬해 농지개혁법이", [("1948년", "1948"), ("이듬해", "1949")]),
        ("1949년 수출은 전년보다", [("1949년", "1949"), ("전년", "1948")]),
        ("1950년 6월 전쟁이 났고 9월 15일 인천에", [("1950년 6월", "1950-06"), ("9월 15일", "1950-09-15")]),
        ("the congress met on 2 March 1961 and again from 10 to 12 April.",
         [("2 March 1961", "1961-03-02"), ("from 10 to 12 April", "1961-04-10/1961-04-12")]),
        # an aside in brackets is not what "the same year" refers to
        ("1962년 1월 계획(1962~1966)을 발표하고 같은 해 6월",
         [("1962년 1월", "1962-01"), ("1962~1966", "1962/1966"), ("같은 해 6월", "1962-06")]),
    ],
)
def test_relative_dates_take_the_previous_date(text, expected):
    assert dates(text) == expected


def test_relative_date_without_a_previous_date_is_not_proposed():
    assert dates("The following year, prices rose.") == []
    assert dates("이듬해 정부는") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("from the early 1950s to the late 1960s", [("from the early 1950s to the late 1960s", "1950/1969")]),
        ("1950년대 초반부터 1960년대 후반까지", [("1950년대 초반부터 1960년대 후반까지", "1950/1969")]),
        ("between March 1948 and the spring of 1950", [("between March 1948 and the spring of 1950", "1948-03/1950-21")]),
    ],
)
def test_any_two_dates_joined_as_a_range(text, expected):
    assert dates(text) == expected


def test_footnote_number_glued_to_a_date_does_not_hide_it():
    assert dates("signed on 27 July 1953.12 Later, in 1954.3 The") == [
        ("27 July 1953", "1953-07-27"), ("1954", "1954")]
    assert dates("output was 1953.75 tons") == []


def test_noise_zones_hold_no_dates():
    text = "JOURNAL OF KOREAN STUDIES · SPRING 2004\nThe reform of 1949 was"
    header = (0, text.index("\n"))
    assert dates(text, excluded=[header]) == [("1949", "1949")]
    assert ("SPRING 2004", "2004-21") in dates(text)
