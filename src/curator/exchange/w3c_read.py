"""Reading W3C Web Annotations for an import (the import itself, onto the documents of
a store, is :func:`curator.services.w3c_import.import_w3c`; :mod:`curator.exchange.w3c`
has the format Curator writes and the whole-file reader this builds on).

A file laid out as :func:`~curator.exchange.w3c.write_w3c` writes it (a collection with
one annotation a line, or JSON Lines) is read as a stream, one item at a time
(:func:`streamed_items`); any other layout raises :class:`NotStreamable` and is read
whole by :func:`~curator.exchange.w3c.read_w3c`. What an item means to Curator (label,
value, status, origin, creator) is read here too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any, BinaryIO

import orjson

from curator.domain.errors import ValidationError
from curator.domain.labels import Label, Status
from curator.domain.values import ClaimValue, value_from_json
from curator.exchange.formats import W3C_ON_CONFLICT
from curator.exchange.json_limits import describe_line_error, nesting_problem
from curator.exchange.w3c import _types, refuse_deep
from curator.text.wording import plural

ON_CONFLICT = W3C_ON_CONFLICT
LABELS = {label.value for label in Label}
STATUSES = {status.value for status in Status if status is not Status.ORPHANED}  # never exported
EVIDENCE_LABELS = (Label.DATE.value, Label.FIGURE.value)
_WS = b" \t\r\n"  # JSON's whitespace


@dataclass(frozen=True)
class W3CImportSummary:
    annotations: int  # added to the store
    skipped: int  # identical to one already in the store (on_conflict="skip")
    documents: int  # documents that received annotations


def describe_import(s: W3CImportSummary, name: str) -> str:
    """What an import did, in sentences a curator reads (the window and the command line)."""
    text = f"Imported {plural(s.annotations, 'annotation')} onto {plural(s.documents, 'document')} from {name}."
    if s.skipped:
        text += f" Skipped {plural(s.skipped, 'annotation')} identical to ones already here."
    return text


# ---------------------------------------------------------------------- reading files


class NotStreamable(Exception):
    """The file is not laid out as :func:`write_w3c` writes it; it is then read whole."""


def streamed_items(fh: BinaryIO, name: str) -> Iterator[Any]:
    """The items of a W3C file, one at a time, exactly as :func:`read_w3c` would list
    them (unchecked), for the two layouts :func:`write_w3c` writes; anything else raises
    :class:`NotStreamable` (perhaps after some items), and is to be read whole.

    JSON strings cannot hold a raw line break, so every line of these layouts is whole
    tokens and each piece is parsed by orjson on its own."""
    lines = _lines(fh, name)
    first = next(lines, b"")
    if first.rstrip(_WS).endswith(b'"items":['):
        yield from _collection_items(first, lines, name)
    else:
        yield from _json_lines(first, lines, name)


def _lines(fh: BinaryIO, name: str) -> Iterator[bytes]:
    try:
        yield from fh
    except OSError as exc:
        raise ValidationError(f"cannot read {name}: {exc.strerror or exc}") from exc


def _collection_items(head: bytes, lines: Iterator[bytes], name: str) -> Iterator[Any]:
    """A collection whose first line opens the ``items`` of its embedded, only page;
    then one item a line, each but the last followed by a comma; then ``]}}``."""
    collection = _loads(head.rstrip(_WS) + b"]}}")
    page = collection.get("first") if isinstance(collection, dict) else None
    if (
        not isinstance(page, dict)
        or "AnnotationCollection" not in _types(collection)
        or page.get("items") != []
        or page.get("next") is not None
    ):
        raise NotStreamable
    more: bool | None = None  # after an item: was it followed by a comma
    index = 0
    for line in lines:
        piece = line.strip(_WS)
        if not piece:
            continue
        if piece == b"]}}":
            if more or any(rest.strip(_WS) for rest in lines):
                raise NotStreamable
            return
        if more is False:
            raise NotStreamable
        more = piece.endswith(b",")
        piece = piece[:-1] if more else piece
        yield refuse_deep(piece, _loads(piece), ["first", "items", index], name)
        index += 1
    raise NotStreamable  # the file ended inside the items


def _json_lines(first: bytes, lines: Iterator[bytes], name: str) -> Iterator[Any]:
    """JSON Lines of two values or more (a file of one value is JSON: read whole), with
    lines and line numbers as :func:`read_w3c` counts them (``bytes.splitlines``)."""
    pieces = (
        (number, piece)
        for number, piece in enumerate(
            (piece for line in chain([first], lines) for piece in line.splitlines()), start=1
        )
        if piece.strip()
    )
    opening = next(pieces, None)
    if opening is None:
        raise NotStreamable
    value = _loads(opening[1])
    second = next(pieces, None)
    if second is None:
        raise NotStreamable
    # a value, then another line: the file is not JSON, so it is JSON Lines
    yield refuse_deep(opening[1], value, [], f"{name}, line {opening[0]}")
    for number, piece in chain([second], pieces):
        try:
            value = refuse_deep(piece, orjson.loads(piece), [], f"{name}, line {number}")
        except orjson.JSONDecodeError as exc:
            raise ValidationError(
                f"{name} is not valid JSON Lines: {describe_line_error(piece, number, exc)}") from exc
        yield value


def _loads(data: bytes) -> Any:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise NotStreamable from exc


def meaning(record: dict[str, Any] | None, bodies: list[dict[str, Any]], name: str) -> tuple[str, Any, str, str]:
    """``(label, value, status, origin)`` from Curator's record or a tagging body."""
    if record is None:
        tags = [b.get("value") for b in bodies if b.get("purpose") == "tagging"]
        labels = [t.strip().lower() for t in tags if isinstance(t, str) and t.strip().lower() in LABELS]
        if not labels:
            raise ValidationError(f"{name} has no Curator record and no tagging body claim, date or figure")
        return labels[0], None, Status.DRAFT.value, "import"
    value, status, origin = record.get("value"), record.get("status", "draft"), record.get("origin", "import")
    if status not in STATUSES or not isinstance(origin, str) or not origin:
        raise ValidationError(f"{name}: its Curator record has status {status!r}, origin {origin!r}")
    if value is not None and not isinstance(value, dict):
        raise ValidationError(f"{name}: its Curator record's value is not a JSON object")
    deep = nesting_problem(value, ["value"]) if value is not None else None
    if deep is not None:
        raise ValidationError(f"{name}: its Curator record's {deep}")
    return record["label"], value, status, origin


def value_of(label: str, value: dict[str, Any] | None) -> Any:
    """The domain value (validated); a claim's evidence is linked apart."""
    if value is None:
        return None
    if label == Label.CLAIM:
        return ClaimValue(str(value.get("summary") or ""))
    return value_from_json(Label(label), value)


def creator_name(creator: Any) -> str | None:
    if isinstance(creator, list):
        creator = creator[0] if creator else None
    if isinstance(creator, dict):
        creator = creator.get("name") or creator.get("nickname") or creator.get("id")
    return creator.strip() if isinstance(creator, str) and creator.strip() else None
