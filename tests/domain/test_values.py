from decimal import Decimal

import pytest

from curator.domain import ClaimValue, DateValue, FigureValue, Label, ValidationError, parse_value, value_from_json


@pytest.mark.parametrize("edtf", ["1950", "1950-07", "1950-07/1950-10", "1945/1956", "195X", "1955/1959", "1950~"])
def test_valid_edtf_dates(edtf):
    assert DateValue(edtf).to_json() == {"edtf": edtf}


@pytest.mark.parametrize("edtf", ["", "late 1950s", "1950-13", "19xx", "July 1950"])
def test_invalid_edtf_dates_say_why(edtf):
    with pytest.raises(ValidationError):
        DateValue(edtf)


@pytest.mark.parametrize(
    "amount,unit,expected",
    [
        ("576000000", "RUB", "576000000"),
        ("576,000,000", "RUB", "576000000"),
        ("1.29e9", "RUB", "1290000000"),
        ("10.50", "percent", "10.5"),
        ("-3", "tons", "-3"),
    ],
)
def test_figure_amounts_are_exact(amount, unit, expected):
    value = FigureValue.parse(amount, unit)
    assert value.to_json() == {"amount": expected, "unit": unit}
    assert value_from_json(Label.FIGURE, value.to_json()) == value


@pytest.mark.parametrize("amount,unit", [("", "RUB"), ("abc", "RUB"), ("5", ""), ("5", "12"), ("inf", "RUB")])
def test_bad_figures_are_refused(amount, unit):
    with pytest.raises(ValidationError):
        FigureValue.parse(amount, unit)


def test_exactness_beyond_float():
    v = FigureValue.parse("1209000000.000000000001", "RUB")
    assert v.amount == Decimal("1209000000.000000000001")


def test_claim_values_sort_evidence_and_limit_summary():
    assert ClaimValue(" aid ", (3, 1, 3)).to_json() == {"summary": "aid", "evidence": [1, 3]}
    with pytest.raises(ValidationError):
        ClaimValue("x" * 501)
    assert parse_value(Label.CLAIM, {"summary": "s", "evidence": [2]}) == ClaimValue("s", (2,))


@pytest.mark.parametrize(
    "value",
    ["1950", "1950-07", "1950-06-25", "195X", "18XX", "1945/1956", "1950-07/1950-10", "2024-02-29",
     "1954/1956", "0000", "1950-07-01/1950-07-31", "1953/..", "../1950", "1960-04-19/..", "1950-21", "1962-24",
     "1950-12/1951-02"],
)
def test_fast_edtf_shapes_agree_with_the_edtf_parser(value):
    from edtf import parse_edtf

    from curator.domain.edtf_check import is_valid_edtf

    assert is_valid_edtf(value)
    parse_edtf(value)  # raises if the fast path accepted something the parser does not


@pytest.mark.parametrize("value", ["2023-02-29", "1956/1945"])
def test_dates_that_are_not_on_the_calendar_or_run_backwards_are_refused(value):
    """Stricter than edtf.parse_edtf, which accepts both."""
    with pytest.raises(ValidationError):
        DateValue(value)


@pytest.mark.parametrize("value", ["1950-13", "1950-00", "195", "19XXX", "1950-13/..", "1950-25/.."])
def test_fast_edtf_rejects_what_the_parser_rejects(value):
    from edtf import EDTFParseException, parse_edtf

    from curator.domain.edtf_check import is_valid_edtf

    assert not is_valid_edtf(value)
    with pytest.raises((EDTFParseException, ValueError)):
        parse_edtf(value)


@pytest.mark.parametrize(
    "amount,shown",
    [("1209000000", "1,209,000,000"), ("-1234.50", "-1,234.5"), ("0.001", "0.001"), ("999", "999")],
)
def test_amounts_are_shown_with_thousands_separators_and_exactly(amount, shown):
    from curator.domain.values import display_amount

    assert display_amount(Decimal(amount)) == shown


def test_optional_keys_are_omitted_when_absent():
    assert DateValue("1957").to_json() == {"edtf": "1957"}
    assert FigureValue.parse("30000", "persons").to_json() == {"amount": "30000", "unit": "persons"}


def test_date_keeps_its_original_calendar():
    value = DateValue("1957", calendar="juche", original_year="주체 46")
    data = value.to_json()
    assert data == {"edtf": "1957", "calendar": "juche", "original_year": "주체 46"}
    assert value_from_json(Label.DATE, data) == value
    with pytest.raises(ValidationError):
        DateValue("1957", calendar="lunar-ish")


def test_figure_keeps_qualifier_and_counted_noun():
    value = FigureValue.parse("1,000", "persons", "approximate", "기술자")
    data = value.to_json()
    assert data == {"amount": "1000", "unit": "persons", "qualifier": "approximate", "counted": "기술자"}
    assert value_from_json(Label.FIGURE, data) == value
    assert parse_value(Label.FIGURE, {"amount": "5", "unit": "percent", "qualifier": "at-least"}).qualifier == "at-least"
    with pytest.raises(ValidationError):
        FigureValue.parse("5", "percent", "roughly")
    with pytest.raises(ValidationError):
        FigureValue.parse("5", "persons", None, "x" * 65)
