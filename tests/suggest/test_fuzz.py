"""Property tests: the detectors never raise, spans are exact, dates are EDTF."""


from edtf import parse_edtf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.suggest import check_parallel, parse_korean_number, suggest

_unicode = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
_pieces = st.sampled_from(
    ["1950", "1954-56", "(1954~56)", " from ", " to ", "July", "October ", "1950s", "early ", "년", "년대",
     " 후반", "월", "억", "억억억", "만", "조", "5억 7,600만", " 루블", " rubles", " million", "%", "$", "no. ",
     "\n", "\n\n", ". ", "다. ", "This study", "본 연구는", "9" * 40, ",", "0", "~", "-", "😀", "ᄒ", "\r\n"]
)
_structured = st.lists(st.one_of(_pieces, _unicode.map(lambda s: s[:20])), max_size=40).map("".join)


def _check(text: str) -> None:
    edtf_values: set[str] = set()
    for s in suggest(text):
        assert 0 <= s.start < s.end <= len(text)
        assert s.quote == text[s.start : s.end]
        assert 0.0 <= s.score <= 1.0
        if s.label == "date":
            edtf_values.add(s.value["edtf"])
        elif s.label == "figure":
            assert s.value["unit"] and s.value["amount"]
    for value in edtf_values:  # the parser is slow (ms): once per distinct value
        parse_edtf(value)
    for f in check_parallel(text):
        for side in (f.ko, f.en):
            if side is not None:
                assert side.quote == text[side.start : side.end]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_unicode)
def test_random_unicode(text: str) -> None:
    _check(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_structured)
def test_date_and_number_soup(text: str) -> None:
    _check(text)


@given(st.text(alphabet="0123456789,. 억만조천백십일이삼", max_size=40))
def test_korean_number_parser_raises_only_value_error(text: str) -> None:
    try:
        value = parse_korean_number(text)
    except ValueError:
        return
    assert value >= 0


def test_pathological_inputs_are_handled() -> None:
    """Long runs of digits, units and separators: every suggestion stays well formed.
    (How the time grows with such inputs is measured by benchmarks/bench_suggest.py,
    not asserted here: these machines are shared and timings are noisy.)"""
    cases = ["9" * 200_000, "억" * 100_000, "1," * 100_000, "1950-" * 40_000, "5억 " * 50_000,
             "from " * 40_000, ". " * 100_000, "가" * 200_000]
    for text in cases:
        _check(text)
