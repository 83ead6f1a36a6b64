"""How annotation values are kept in the store: compact JSON with sorted keys, a claim's
evidence in ``claim_evidence`` rather than in its value."""

from __future__ import annotations

import json
from functools import lru_cache

from curator.domain.labels import Label
from curator.domain.values import ClaimValue, Value, value_from_json


def encode_value(value: Value | None) -> str | None:
    """The stored JSON text of ``value`` (None for no value)."""
    if value is None:
        return None
    data = value.to_json()
    if isinstance(value, ClaimValue):
        data = {"summary": value.summary}  # evidence lives in claim_evidence
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@lru_cache(maxsize=4096)
def stored_value(label: Label, value_json: str) -> Value | None:
    """A stored date or figure value, decoded once per distinct JSON text: values are
    immutable, and validating an EDTF date again costs 5-7 ms (pyparsing)."""
    return value_from_json(label, json.loads(value_json))


def decode_value(label: Label, value_json: str | None, evidence: tuple[int, ...]) -> Value | None:
    """The value of a stored annotation; a claim's evidence comes from its links."""
    if label is Label.CLAIM:
        if value_json is None and not evidence:
            return None
        data = json.loads(value_json) if value_json is not None else {}
        return ClaimValue(data.get("summary", ""), evidence)
    return None if value_json is None else stored_value(label, value_json)
