"""The stored JSON of the values of a dataset's annotations (``value_json``), as
:func:`curator.store.values.encode_value` writes it, with the domain's checks (EDTF
grammar, units): :class:`Values` encodes values already in canonical form directly
(the usual case: every export writes them so), ~20x faster than through the domain
types, which take the rest. A test checks both paths give the same bytes."""

from __future__ import annotations

import re
from typing import Any

import orjson

from curator.domain.edtf_check import is_valid_edtf
from curator.domain.errors import ValidationError
from curator.domain.values import _UNIT, ClaimValue, DateValue, FigureValue
from curator.exchange.native_schema import _DEFS
from curator.store.values import encode_value

_MAX_ID = _DEFS["id"]["maximum"]
_INT = {int}


_CANON_AMOUNT = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?")
_MONTH = r"[0-9]{4}(?:-(?:0[1-9]|1[0-2]))?"
_PLAIN_EDTF = re.compile(rf"{_MONTH}(?:/{_MONTH})?|[0-9]{{3}}X")


def _json_str(text: str) -> str:
    return orjson.dumps(text).decode()


SLOW = object()  # Values.fast_json: not for the fast path


class Values:
    """Domain checks of values (EDTF grammar, units) and the JSON stored for them.

    The stored form is :func:`curator.store.values.encode_value`'s. Values
    already in canonical form (the usual case: every export writes them so) are
    encoded directly, ~20x faster than through the domain types, which take the rest. Dates are memoised: EDTF parsing is slow and a
    corpus repeats its dates. A test checks both paths give the same bytes."""

    def __init__(self) -> None:
        self._dates: dict[str, str] = {}
        self._units: dict[str, str] = {}

    def fast_json(self, label: str, v: Any) -> str | None | object:
        """:meth:`stored_json` of ``v`` if it conforms to the schema's value definition
        for ``label`` and is in canonical form (checked here, in one call per value);
        else :data:`SLOW`, and the caller takes the item-by-item path."""
        if v is None:
            return None
        if type(v) is not dict:
            return SLOW
        if label == "date":
            edtf = v.get("edtf") if len(v) == 1 else None
            if type(edtf) is not str or not edtf:
                return SLOW
            found = self._dates.get(edtf)
            if found is None:
                try:
                    found = self.stored_json(label, v)  # memoises
                except ValidationError:
                    return SLOW
            return found
        if label == "figure":
            amount, unit = (v.get("amount"), v.get("unit")) if len(v) == 2 else (None, None)
            if type(amount) is not str or type(unit) is not str:
                return SLOW
            unit_json = self._units.get(unit)
            if unit_json is None:
                if not (len(unit) <= 32 and unit == unit.strip() and _UNIT.match(unit)):
                    return SLOW
                unit_json = self._units[unit] = _json_str(unit)
            if _CANON_AMOUNT.fullmatch(amount) is None or amount == "-0":
                return SLOW
            return '{"amount":"' + amount + '","unit":' + unit_json + "}"
        summary, ev = (v.get("summary"), v.get("evidence")) if len(v) == 2 else (None, None)
        if (
            type(summary) is not str or len(summary) > 500 or summary != summary.strip()
            or type(ev) is not list
            or not all(type(e) is int and 1 <= e <= _MAX_ID for e in ev)
            or len(set(ev)) != len(ev)  # after the types: a list in it is not hashable
        ):
            return SLOW
        return '{"summary":' + _json_str(summary) + "}"

    def fast_column(self, labels: tuple[str, ...], values: tuple) -> tuple | None:
        """:meth:`fast_json` of a whole column, or None if any value is :data:`SLOW`. The
        usual values (none, dates already met, canonical figures) are done inline: a
        call per value was a fifth of an import's Python time."""
        out: list[Any] = []
        append = out.append
        dates, units, fast_json = self._dates, self._units, self.fast_json
        canonical, dumps = _CANON_AMOUNT.fullmatch, orjson.dumps
        for label, v in zip(labels, values):
            if v is None:
                append(None)
                continue
            if type(v) is dict and len(v) == 2 and label == "figure":
                amount, unit = v.get("amount"), v.get("unit")
                unit_json = units.get(unit) if type(unit) is str else None
                if type(amount) is str and unit_json is not None and amount != "-0" and canonical(amount):
                    append('{"amount":"' + amount + '","unit":' + unit_json + "}")
                    continue
            elif type(v) is dict and len(v) == 1 and label == "date":
                edtf = v.get("edtf")
                found = dates.get(edtf) if type(edtf) is str else None
                if found is not None:
                    append(found)
                    continue
            elif type(v) is dict and len(v) == 2 and label == "claim":
                summary, ev = v.get("summary"), v.get("evidence")
                if (
                    type(summary) is str and type(ev) is list and len(summary) <= 500 and summary == summary.strip()
                    and (not ev or (set(map(type, ev)) == _INT and min(ev) >= 1 and max(ev) <= _MAX_ID
                                    and len(set(ev)) == len(ev)))
                ):
                    append('{"summary":' + dumps(summary).decode() + "}")
                    continue
            found = fast_json(label, v)
            if found is SLOW:
                return None
            append(found)
        return tuple(out)

    def stored_json(self, label: str, v: dict | None) -> str | None:
        """The ``value_json`` column for value ``v`` (a claim's evidence is stored apart)."""
        if v is None:
            return None
        if label == "claim":
            summary = v["summary"]
            if summary == summary.strip():
                return '{"summary":' + _json_str(summary) + "}"
            return encode_value(ClaimValue(summary))
        if label == "figure":
            amount, unit = v["amount"], v["unit"]
            if (
                _CANON_AMOUNT.fullmatch(amount) and amount != "-0"
                and unit == unit.strip() and _UNIT.match(unit)
            ):
                return '{"amount":"' + amount + '","unit":' + _json_str(unit) + "}"
            return encode_value(FigureValue.parse(amount, unit))
        edtf = v["edtf"]
        found = self._dates.get(edtf)
        if found is None:
            if _PLAIN_EDTF.fullmatch(edtf) and is_valid_edtf(edtf):  # years, months, ranges
                found = '{"edtf":"' + edtf + '"}'
            else:
                found = encode_value(DateValue(edtf))
            self._dates[edtf] = found
        return found
