"""Structured values of annotations, with validation.

* a date carries an EDTF string (Library of Congress Extended Date/Time Format),
  validated by the ``edtf`` package; the original phrase is the annotation's quote;
* a date may also keep the calendar it was written in (``juche``, ``dangi``, ``japanese``,
  ``minguo``) and the year as written there ("주체 46", "Shōwa 12"); the EDTF is Gregorian;
* a figure carries an exact decimal amount and a unit (ISO 4217 code for currencies,
  ``percent`` for percentages, otherwise a short free unit), and optionally a qualifier
  (the amount stays exact: "약 3만 명" is 30000 persons, approximate) and what is counted
  ("workers", "농가");
* a claim carries a short summary and the ids of supporting date/figure annotations.

Values travel as JSON objects: ``{"edtf": ...}``, ``{"amount": "576000000", "unit": "RUB"}``
(amounts are strings so no consumer loses precision), ``{"summary": ..., "evidence": [...]}``.
Optional keys are omitted when absent, so values without them keep their stored and
exported bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Union

from curator.domain.edtf_check import is_valid_edtf
from curator.domain.errors import ValidationError
from curator.domain.labels import Label

MAX_SUMMARY = 500
MAX_TEXT = 64  # an original year or a counted noun
_UNIT = re.compile(r"^[^\s\d][^\n]{0,31}$")
# calendars other than the Gregorian that Korean sources use
CALENDARS: dict[str, str] = {
    "juche": "North Korean Juche year (Gregorian = N + 1911)",
    "dangi": "Dangi year (Gregorian = N - 2333)",
    "japanese": "Japanese era year (Meiji, Taishō, Shōwa)",
    "minguo": "Republic of China (Minguo) year (Gregorian = N + 1911)",
}
# how an amount relates to the true number; the amount itself is always as written
QUALIFIERS: dict[str, str] = {
    "approximate": "about",
    "at-least": "at least",
    "more-than": "more than",
    "at-most": "at most",
    "less-than": "less than",
}


def _optional_text(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    if not text:
        return None
    if len(text) > MAX_TEXT:
        raise ValidationError(f"{what} is limited to {MAX_TEXT} characters")
    return text


@dataclass(frozen=True)
class DateValue:
    edtf: str
    calendar: str | None = None  # one of CALENDARS, when the source is not Gregorian
    original_year: str | None = None  # the year as written in that calendar: "주체 46"

    def __post_init__(self) -> None:
        text = self.edtf.strip()
        if not text:
            raise ValidationError("a date needs an EDTF value, e.g. 1950-07/1950-10")
        if not is_valid_edtf(text):
            raise ValidationError(
                f"'{text}' is not a valid EDTF date (e.g. 1950, 1950-07, 1945/1956, 195X)"
            )
        object.__setattr__(self, "edtf", text)
        calendar = _optional_text(self.calendar, "a calendar")
        if calendar is not None and calendar not in CALENDARS:
            raise ValidationError(f"'{calendar}' is not a known calendar ({', '.join(CALENDARS)})")
        object.__setattr__(self, "calendar", calendar)
        object.__setattr__(self, "original_year", _optional_text(self.original_year, "an original year"))

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"edtf": self.edtf}
        if self.calendar is not None:
            data["calendar"] = self.calendar
        if self.original_year is not None:
            data["original_year"] = self.original_year
        return data


@dataclass(frozen=True)
class FigureValue:
    amount: Decimal
    unit: str
    qualifier: str | None = None  # one of QUALIFIERS
    counted: str | None = None  # what is counted: "workers", "농가"

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal) or not self.amount.is_finite():
            raise ValidationError("a figure's amount must be a finite decimal number")
        unit = self.unit.strip()
        if not unit:
            raise ValidationError("a figure needs a unit, e.g. RUB, percent, tons")
        if not _UNIT.match(unit):
            raise ValidationError(f"'{unit}' is not a usable unit (1-32 characters, not a number)")
        object.__setattr__(self, "unit", unit)
        qualifier = _optional_text(self.qualifier, "a qualifier")
        if qualifier is not None and qualifier not in QUALIFIERS:
            raise ValidationError(f"'{qualifier}' is not a qualifier ({', '.join(QUALIFIERS)})")
        object.__setattr__(self, "qualifier", qualifier)
        object.__setattr__(self, "counted", _optional_text(self.counted, "what is counted"))

    @classmethod
    def parse(cls, amount: str, unit: str, qualifier: str | None = None, counted: str | None = None) -> "FigureValue":
        text = amount.strip().replace(",", "").replace("_", "").replace(" ", "")
        if not text:
            raise ValidationError("a figure needs an amount, e.g. 576000000")
        try:
            value = Decimal(text)
        except InvalidOperation as exc:
            raise ValidationError(f"'{amount.strip()}' is not a number") from exc
        return cls(value, unit, qualifier, counted)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"amount": format_amount(self.amount), "unit": self.unit}
        if self.qualifier is not None:
            data["qualifier"] = self.qualifier
        if self.counted is not None:
            data["counted"] = self.counted
        return data


@dataclass(frozen=True)
class ClaimValue:
    summary: str
    evidence: tuple[int, ...] = field(default=())

    def __post_init__(self) -> None:
        summary = self.summary.strip()
        if len(summary) > MAX_SUMMARY:
            raise ValidationError(f"a claim's summary is limited to {MAX_SUMMARY} characters")
        object.__setattr__(self, "summary", summary)
        object.__setattr__(self, "evidence", tuple(sorted(set(int(i) for i in self.evidence))))

    def to_json(self) -> dict[str, Any]:
        return {"summary": self.summary, "evidence": list(self.evidence)}


Value = Union[DateValue, FigureValue, ClaimValue]
VALUE_TYPES: dict[Label, type] = {
    Label.DATE: DateValue,
    Label.FIGURE: FigureValue,
    Label.CLAIM: ClaimValue,
}


def format_amount(amount: Decimal) -> str:
    """Plain positional notation, no exponent, no trailing zeros after the point."""
    text = format(amount, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def display_amount(amount: Decimal) -> str:
    """An amount as a reader reads it: thousands separated, exact (``1,209,000,000``)."""
    text = format_amount(amount)
    whole, dot, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-')):,}{dot}{fraction}"


def parse_value(label: Label, fields: dict[str, Any]) -> Value:
    """Build and validate the value of ``label`` from loose user fields."""
    if label is Label.DATE:
        return DateValue(str(fields.get("edtf", "")), _field(fields, "calendar"), _field(fields, "original_year"))
    if label is Label.FIGURE:
        return FigureValue.parse(str(fields.get("amount", "")), str(fields.get("unit", "")),
                                 _field(fields, "qualifier"), _field(fields, "counted"))
    return ClaimValue(str(fields.get("summary", "")), tuple(fields.get("evidence", ())))


def _field(fields: dict[str, Any], key: str) -> str | None:
    value = fields.get(key)
    return None if value is None else str(value)


def value_from_json(label: Label, data: dict[str, Any] | None) -> Value | None:
    """Inverse of ``to_json``; ``None`` stays ``None`` (no value yet)."""
    if data is None:
        return None
    if not isinstance(data, dict):
        raise ValidationError(f"a {label} value must be a JSON object")
    return parse_value(label, data)
