"""Structured values of annotations, with validation.

* a date carries an EDTF string (Library of Congress Extended Date/Time Format),
  validated by the ``edtf`` package; the original phrase is the annotation's quote;
* a figure carries an exact decimal amount and a unit (ISO 4217 code for currencies,
  ``percent`` for percentages, otherwise a short free unit);
* a claim carries a short summary and the ids of supporting date/figure annotations.

Values travel as JSON objects: ``{"edtf": ...}``, ``{"amount": "576000000", "unit": "RUB"}``
(amounts are strings so no consumer loses precision), ``{"summary": ..., "evidence": [...]}``.
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
_UNIT = re.compile(r"^[^\s\d][^\n]{0,31}$")


@dataclass(frozen=True)
class DateValue:
    edtf: str

    def __post_init__(self) -> None:
        text = self.edtf.strip()
        if not text:
            raise ValidationError("a date needs an EDTF value, e.g. 1950-07/1950-10")
        if not is_valid_edtf(text):
            raise ValidationError(
                f"'{text}' is not a valid EDTF date (e.g. 1950, 1950-07, 1945/1956, 195X)"
            )
        object.__setattr__(self, "edtf", text)

    def to_json(self) -> dict[str, Any]:
        return {"edtf": self.edtf}


@dataclass(frozen=True)
class FigureValue:
    amount: Decimal
    unit: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal) or not self.amount.is_finite():
            raise ValidationError("a figure's amount must be a finite decimal number")
        unit = self.unit.strip()
        if not unit:
            raise ValidationError("a figure needs a unit, e.g. RUB, percent, tons")
        if not _UNIT.match(unit):
            raise ValidationError(f"'{unit}' is not a usable unit (1-32 characters, not a number)")
        object.__setattr__(self, "unit", unit)

    @classmethod
    def parse(cls, amount: str, unit: str) -> "FigureValue":
        text = amount.strip().replace(",", "").replace("_", "").replace(" ", "")
        if not text:
            raise ValidationError("a figure needs an amount, e.g. 576000000")
        try:
            value = Decimal(text)
        except InvalidOperation as exc:
            raise ValidationError(f"'{amount.strip()}' is not a number") from exc
        return cls(value, unit)

    def to_json(self) -> dict[str, Any]:
        return {"amount": format_amount(self.amount), "unit": self.unit}


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
        return DateValue(str(fields.get("edtf", "")))
    if label is Label.FIGURE:
        return FigureValue.parse(str(fields.get("amount", "")), str(fields.get("unit", "")))
    return ClaimValue(str(fields.get("summary", "")), tuple(fields.get("evidence", ())))


def value_from_json(label: Label, data: dict[str, Any] | None) -> Value | None:
    """Inverse of ``to_json``; ``None`` stays ``None`` (no value yet)."""
    if data is None:
        return None
    if not isinstance(data, dict):
        raise ValidationError(f"a {label} value must be a JSON object")
    return parse_value(label, data)
