"""Plain domain types: labels, statuses, structured values and their validation."""

from curator.domain.errors import CuratorError, NotFound, StoreError, ValidationError
from curator.domain.labels import Label, Status
from curator.domain.values import (
    ClaimValue,
    DateValue,
    FigureValue,
    Value,
    parse_value,
    value_from_json,
)

__all__ = [
    "CuratorError",
    "NotFound",
    "StoreError",
    "ValidationError",
    "Label",
    "Status",
    "ClaimValue",
    "DateValue",
    "FigureValue",
    "Value",
    "parse_value",
    "value_from_json",
]
