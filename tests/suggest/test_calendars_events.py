"""Other calendars and events that stand for dates (issue 13)."""

import pytest

from curator.suggest import Event, builtin_events, events_from_json, suggest_dates


def values(text: str, **kw) -> list[tuple[str, dict]]:
    return [(s.quote, s.value) for s in suggest_dates(text, **kw)]


@pytest.mark.parametrize(
    ("text", "quote", "value"),
    [
        ("주체61(1972)년 헌법", "주체61(1972)년", {"edtf": "1972", "calendar": "juche", "original_year": "주체61"}),
        ("주체 61년 12월 27일 채택", "주체 61년 12월 27일",
         {"edtf": "1972-12-27", "calendar": "juche", "original_year": "주체 61"}),
        ("the Juche 61 (1972) constitution", "Juche 61 (1972)",
         {"edtf": "1972", "calendar": "juche", "original_year": "Juche 61"}),
        ("단기 4281년 8월", "단기 4281년 8월", {"edtf": "1948-08", "calendar": "dangi", "original_year": "단기 4281"}),
        ("檀紀 4293年", "檀紀 4293年", {"edtf": "1960", "calendar": "dangi", "original_year": "檀紀 4293"}),
        ("메이지 43년 8월 29일", "메이지 43년 8월 29일",
         {"edtf": "1910-08-29", "calendar": "japanese", "original_year": "메이지 43"}),
        ("大正八年 三月", "大正八年", {"edtf": "1919", "calendar": "japanese", "original_year": "大正八"}),
        ("昭和元年", "昭和元年", {"edtf": "1926", "calendar": "japanese", "original_year": "昭和元"}),
        ("in Shōwa 20 (1945) the", "Shōwa 20 (1945)", {"edtf": "1945", "calendar": "japanese", "original_year": "Shōwa 20"}),
        ("SHOWA 20 (1945)", "SHOWA 20 (1945)", {"edtf": "1945", "calendar": "japanese", "original_year": "SHOWA 20"}),
        ("民國 38年", "民國 38年", {"edtf": "1949", "calendar": "minguo", "original_year": "民國 38"}),
        ("민국 38년(1949)", "민국 38년(1949)", {"edtf": "1949", "calendar": "minguo", "original_year": "민국 38"}),
        ("in October 1972 (Juche 61), the", "October 1972 (Juche 61)",
         {"edtf": "1972-10", "calendar": "juche", "original_year": "Juche 61"}),
    ],
)
def test_other_calendars_give_gregorian_edtf_and_keep_the_original(text, quote, value):
    assert values(text) == [(quote, value)]


@pytest.mark.parametrize(
    "text", ["주체61(1973)년", "대한민국 30년", "주체사상", "쇼와 70년", "Meiji Restoration"])
def test_inconsistent_or_unknown_calendar_years_are_refused(text):
    assert [v for _, v in values(text) if "calendar" in v] == []


@pytest.mark.parametrize(
    ("text", "quote", "edtf"),
    [
        ("during the Korean War, the", "Korean War", "1950-06-25/1953-07-27"),
        ("DURING THE KOREAN WAR", "KOREAN WAR", "1950-06-25/1953-07-27"),
        ("6·25전쟁 중", "6·25전쟁", "1950-06-25/1953-07-27"),
        ("after liberation, the", "after liberation", "1945-08-15/.."),
        ("해방 직후", "해방", "1945-08-15"),
        ("광복 이후", "광복 이후", "1945-08-15/.."),
        ("5ㆍ16 군사정변", "5ㆍ16 군사정변", "1961-05-16"),
        ("the April Revolution of 1960 ended", "April Revolution of 1960", "1960-04-19"),
        ("1960년 4·19 혁명", "1960년 4·19 혁명", "1960-04-19"),
        ("the armistice of 27 July 1953", "armistice of 27 July 1953", "1953-07-27"),
        ("정전협정 체결", "정전협정", "1953-07-27"),
    ],
)
def test_events_stand_for_dates(text, quote, edtf):
    assert [(q, v["edtf"]) for q, v in values(text)] == [(quote, edtf)]


@pytest.mark.parametrize(
    "text",
    ["the liberation of Seoul", "national liberation army", "해방군이 진주", "armistice talks began", "재정전략",
     "정전 회담", "4.19% of output", "14·19"])
def test_generic_event_words_only_where_they_name_the_event(text):
    assert [v for _, v in values(text) if v["edtf"] in ("1945-08-15", "1953-07-27", "1960-04-19")] == []


def test_a_store_adds_its_own_events():
    mine = events_from_json([{"edtf": "1946-10-01", "en": ["Autumn Harvest Uprising"], "ko": ["대구 10·1 사건"]},
                             {"edtf": "nonsense", "en": ["Bad"]}])
    assert mine == [Event("1946-10-01", ("Autumn Harvest Uprising",), ("대구 10·1 사건",))]
    assert values("the Autumn Harvest Uprising spread") == []
    assert values("the Autumn Harvest Uprising spread", events=mine) == [
        ("Autumn Harvest Uprising", {"edtf": "1946-10-01"})]
    assert values("대구 10·1 사건 이후", events=mine) == [("대구 10·1 사건 이후", {"edtf": "1946-10-01/.."})]


def test_shipped_events_are_valid_and_bilingual():
    events = builtin_events()
    assert len(events) >= 20
    assert all(e.ko for e in events)
    assert sum(1 for e in events if e.en) >= 20
