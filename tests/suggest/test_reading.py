"""One unit table for the detectors and the editor, and the detectors' reading of
amounts and of a selected span's value."""

from decimal import Decimal

import pytest

from curator.domain import DateValue, FigureValue, Label, ValidationError
from curator.domain.units import normalise_unit
from curator.suggest.figures import suggest_figures
from curator.suggest.reading import read_amount, read_figure, value_for_span


@pytest.mark.parametrize("typed, code", [
    ("rubles", "RUB"), ("roubles", "RUB"), ("Ruble", "RUB"), ("루블", "RUB"), ("₽", "RUB"),
    ("dollars", "USD"), ("달러", "USD"), ("US$", "USD"), ("won", "KRW"), ("원", "KRW"),
    ("tons", "t"), ("톤", "t"), ("metric tons", "t"), ("per cent", "percent"), ("%", "percent"),
    ("rub", "RUB"), (" RUB ", "RUB"), ("bushels", "bushels"), ("RUB (1950s)", "RUB (1950s)"),
])
def test_units_normalise_through_one_table(typed, code):
    assert normalise_unit(typed) == code


def test_the_detectors_use_the_same_table():
    units = {s.quote: s.value["unit"] for s in suggest_figures("aid of 576 million roubles and 12 tonnes, 3 달러")}
    assert units == {"576 million roubles": "RUB", "12 tonnes": "t", "3 달러": "USD"}


@pytest.mark.parametrize("typed, amount", [
    ("1.29 billion", "1290000000"), ("12억 900만", "1209000000"), ("576 million", "576000000"),
    ("5억 7,600만", "576000000"), ("576,000,000", "576000000"), ("0.5", "0.5"), ("-3", "-3"),
    ("2 thousand", "2000"), ("1.5억", "150000000"),
])
def test_amounts_read_as_the_detectors_read_them(typed, amount):
    assert read_amount(typed) == Decimal(amount)


@pytest.mark.parametrize("typed", ["", "about five", "5억억", "12 billion million", "1,2,3"])
def test_what_is_no_amount_is_refused(typed):
    with pytest.raises(ValidationError):
        read_amount(typed)


def test_a_figure_from_the_fields_with_the_unit_in_the_amount_field():
    assert read_figure("576 million rubles", "") == FigureValue(Decimal("576000000"), "RUB")
    assert read_figure("5억 7,600만 루블", "") == FigureValue(Decimal("576000000"), "RUB")
    assert read_figure("1.29 billion", "roubles") == FigureValue(Decimal("1290000000"), "RUB")
    with pytest.raises(ValidationError):
        read_figure("576 million", "")  # no unit


def test_the_value_of_a_selected_span():
    text = "In March 1958 the plan asked for 5억 7,600만 루블 and $2.5 million; factory no. 65 tons."
    def span(phrase):
        at = text.index(phrase)
        return at, at + len(phrase)
    assert value_for_span(Label.DATE, text, *span("March 1958")) == DateValue("1958-03")
    assert value_for_span(Label.FIGURE, text, *span("5억 7,600만 루블")) == FigureValue(Decimal("576000000"), "RUB")
    assert value_for_span(Label.FIGURE, text, *span("2.5 million")) == FigureValue(Decimal("2500000"), "USD")
    assert value_for_span(Label.FIGURE, text, *span("65 tons")) is None  # an identifier
    assert value_for_span(Label.DATE, text, *span("the plan")) is None
    assert value_for_span(Label.CLAIM, text, *span("March 1958")) is None
