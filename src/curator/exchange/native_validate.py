"""Validation of Curator's native dataset, version 1, one document at a time.

The JSON Schema (``schemas/curator-dataset-1.schema.json``) says what each object looks
like; this module adds what a schema cannot say: spans inside the text and quotes equal
to it, hashes, unique ids and finding keys, evidence pointing at a date or figure of the
same document, EDTF grammar, and that the corrections log really turns ``original_text``
into ``text`` (:func:`rebuild_text`). Every problem is reported with its JSON path.

Validating a million annotations with the ``jsonschema`` package alone runs at ~3,000
annotations/s, so annotations take a hand-written check that accepts exactly what the
schema's ``annotation`` definition accepts (a test compares the two on random inputs);
when it rejects one, ``jsonschema`` is asked for the precise message. A file read in the
exporter's layout goes faster still: each document's annotations are decoded by msgspec
straight into structs whose types, enums and bounds are checked in C
(:func:`decode_annotations`); whatever msgspec refuses is parsed again and takes the
item-by-item path, which names the problem. Each document's header (its fields but the
annotations: metadata, corrections, findings) is checked the same way, by structs made
from the schema's definitions (:func:`header_conforms`), and goes through ``jsonschema``
only when they refuse it; the envelope goes through ``jsonschema`` directly.

Checking is split per document so that an import can read, check and write a file one
document at a time (:class:`Checker` keeps the few facts that span documents: ids seen).
"""

from __future__ import annotations

import itertools
import operator
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Annotated, Any, Literal

import msgspec

from curator.domain.errors import ValidationError
from curator.exchange.json_limits import json_path, nesting_problem
from curator.exchange.native_schema import SCHEMA_FILE, header_conforms, load_schema  # noqa: F401
from curator.exchange.native_values import _CANON_AMOUNT, _PLAIN_EDTF, SLOW, Values  # noqa: F401
from curator.text.canonical import sha256_hex
from curator.text.spans import quote_holds

# ---------------------------------------------------------------- the corrections replay


def iter_revisions(original_text: str, corrections: list[dict]) -> Iterator[tuple[int, str]]:
    """Yield ``(number, text)`` of every revision, from revision 1 = ``original_text``.

    The accepted corrections are grouped by ``applied_revision`` (2, 3, ... with no gap);
    each group's edits count in the text of revision ``applied_revision - 1``, must not
    overlap, and must find their ``original`` there; applied all at once they make the
    next revision. Proposed and rejected corrections change nothing. Raises ``ValueError``
    naming the first bad correction as ``corrections[k]`` (its index in the list).

    Plain Python on purpose: a consumer of the format may copy it."""
    groups: dict[int, list[tuple[int, dict]]] = {}
    for k, c in enumerate(corrections):
        if c["status"] == "accepted":
            if c["revision"] != c["applied_revision"] - 1:
                raise ValueError(
                    f"corrections[{k}]: accepted into revision {c['applied_revision']} but counts in "
                    f"revision {c['revision']} (must be {c['applied_revision'] - 1})"
                )
            groups.setdefault(c["applied_revision"], []).append((k, c))
    text, number = original_text, 1
    yield number, text
    for applied in sorted(groups):
        if applied != number + 1:
            k = groups[applied][0][0]
            raise ValueError(f"corrections[{k}]: revision {applied} follows revision {number}: a revision is missing")
        edits = sorted(groups[applied], key=lambda kc: (kc[1]["start"], kc[1]["end"]))
        parts, pos, previous = [], 0, -1  # the same as applying them from the highest start down
        for k, c in edits:
            start, end = c["start"], c["end"]
            if not pos <= start <= end <= len(text) or start == previous:
                raise ValueError(
                    f"corrections[{k}]: range {start}-{end} overlaps another correction of revision "
                    f"{applied} or lies outside revision {number} (0-{len(text)})"
                )
            if text[start:end] != c["original"]:
                raise ValueError(f"corrections[{k}]: original does not match revision {number} at {start}-{end}")
            parts += [text[pos:start], c["replacement"]]
            pos, previous = end, start
        parts.append(text[pos:])
        text, number = "".join(parts), applied
        yield number, text


def rebuild_text(original_text: str, corrections: list[dict]) -> str:
    """The curated text: ``original_text`` with the accepted corrections of the log
    replayed revision by revision (see :func:`iter_revisions`)."""
    text = original_text
    for _number, text in iter_revisions(original_text, corrections):
        pass
    return text


# ------------------------------------------------------------------------ the schema


@lru_cache(maxsize=4)
def _validator(definition: str | None = None):
    from jsonschema import Draft202012Validator

    schema = load_schema()
    if definition is not None:  # validate against one of the schema's $defs
        schema = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
    return Draft202012Validator(schema)


_path = json_path
_MESSAGE_CUT = 300  # characters of jsonschema's message (it quotes the value whole)


def _schema_problem(instance: Any, definition: str | None, prefix: list) -> str | None:
    """The first problem ``jsonschema`` finds, at its JSON path. Nesting beyond
    :data:`MAX_DEPTH` is refused first: the recursive checker would exhaust the stack."""
    from jsonschema.exceptions import best_match

    deep = nesting_problem(instance, prefix)
    if deep is not None:
        return deep
    error = best_match(_validator(definition).iter_errors(instance))
    if error is None:
        return None
    message = error.message
    if len(message) > _MESSAGE_CUT:
        message = message[: _MESSAGE_CUT - 40] + " … " + message[-37:]
    return f"{_path(prefix + list(error.absolute_path))}: {message}"


_DEFS = load_schema()["$defs"]
_ANN_KEYS = frozenset(_DEFS["annotation"]["required"])
_LABELS = frozenset(_DEFS["annotation"]["properties"]["label"]["enum"])
_STATUSES = frozenset(_DEFS["annotation"]["properties"]["status"]["enum"])
_ORIGINS = frozenset(_DEFS["annotation"]["properties"]["origin"]["enum"])
_TIMESTAMP = re.compile(_DEFS["timestamp"]["pattern"])
_AMOUNT = re.compile(_DEFS["figureValue"]["properties"]["amount"]["pattern"])
_MAX_ID = _DEFS["id"]["maximum"]
_NOTE_MAX = _DEFS["annotation"]["properties"]["note"]["maxLength"]
_REASON_MAX = _DEFS["annotation"]["properties"]["review_reason"]["maxLength"]
_CREATOR_MAX = _DEFS["annotation"]["properties"]["creator"]["maxLength"]


def _annotation_struct() -> type:
    """The schema's ``annotation`` definition, but for the value's label-dependent shape
    and the timestamps' pattern (left to the column checks), as a msgspec Struct with
    its fields in :data:`_FIELDS` order. Stricter than the schema where msgspec is (a
    float such as 7.0 for an integer): that only sends a document down the slow path."""
    props = _DEFS["annotation"]["properties"]

    def enum(name: str) -> Any:
        return Literal[tuple(props[name]["enum"])]

    def at_least(t: type, name: str, key: str) -> Any:
        return Annotated[t, msgspec.Meta(**{key: props[name]["minLength" if t is str else "minimum"]})]

    def at_most(name: str) -> Any:
        return Annotated[str, msgspec.Meta(max_length=props[name]["maxLength"])]

    fields = [
        ("id", Annotated[int, msgspec.Meta(ge=_DEFS["id"]["minimum"], le=_MAX_ID)]),
        ("label", enum("label")), ("start", at_least(int, "start", "ge")), ("end", at_least(int, "end", "ge")),
        ("quote", at_least(str, "quote", "min_length")), ("value", dict | None), ("note", at_most("note")),
        ("status", enum("status")), ("review_reason", at_most("review_reason") | None), ("origin", enum("origin")),
        ("creator", Annotated[str, msgspec.Meta(min_length=props["creator"]["minLength"],
                                                max_length=props["creator"]["maxLength"])]),
        ("created", str), ("modified", str),
    ]
    assert {name for name, _ in fields} == set(_DEFS["annotation"]["required"])
    # gc=False: a struct holds no reference back to itself, so the collector may skip it
    return msgspec.defstruct("Annotation", fields, forbid_unknown_fields=True, gc=False)


_ANNOTATION = _annotation_struct()
_DECODE_ANNOTATIONS = msgspec.json.Decoder(list[_ANNOTATION]).decode
_ASTUPLE, _ASDICT = msgspec.structs.astuple, msgspec.structs.asdict


def decode_annotations(raw: bytes) -> list | None:
    """A JSON array of annotations decoded into structs (~2x faster than orjson into
    dicts, and 5x cheaper to free), or None when any of them is not plainly valid (bad
    JSON, a missing or unknown key, a wrong type, an enum or bound broken): the caller
    then parses ``raw`` as JSON and checks it item by item."""
    try:
        return _DECODE_ANNOTATIONS(raw)
    except (msgspec.DecodeError, RecursionError):  # ValidationError is a DecodeError
        return None


def _int(x: Any, low: int, high: int | None = None) -> bool:
    """JSON Schema's ``integer``: an int that is not a bool, or a float like 7.0."""
    t = type(x)
    return (t is int or (t is float and x.is_integer())) and x >= low and (high is None or x <= high)


def _str(x: Any, low: int = 0, high: int | None = None) -> bool:
    return type(x) is str and len(x) >= low and (high is None or len(x) <= high)


def _value_ok(label: str, v: Any) -> bool:
    """The schema's value definition for ``label``; ``v`` is not None. (Key sets are
    compared by count and lookups, which is what the hot loop can afford.)"""
    if type(v) is not dict:
        return False
    if label == "date":
        edtf = v.get("edtf") if len(v) == 1 else None
        return type(edtf) is str and edtf != ""
    if label == "figure":
        if len(v) != 2:
            return False
        amount, unit = v.get("amount"), v.get("unit")
        return (
            type(amount) is str and type(unit) is str and 1 <= len(unit) <= 32
            and _AMOUNT.search(amount) is not None
        )
    ev = v.get("evidence")
    return (
        len(v) == 2 and _str(v.get("summary"), 0, 500)
        and type(ev) is list and all(_int(e, 1, _MAX_ID) for e in ev) and len(set(ev)) == len(ev)
    )


_FIELDS = operator.itemgetter(
    "id", "label", "start", "end", "quote", "value", "note", "status", "review_reason", "origin",
    "creator", "created", "modified",
)
_ENUMS = frozenset(itertools.product(_LABELS, _STATUSES, _ORIGINS))


def annotation_conforms(a: Any) -> bool:
    """Exactly the schema's ``annotation`` definition, ~50x faster than ``jsonschema``."""
    return _conforming(a) is not None


_N_KEYS = len(_ANN_KEYS)
_DICT, _INT, _STR, _STR_OR_NONE = {dict}, {int}, {str}, {str, type(None)}
_EVIDENCE = ("date", "figure")
_EVIDENCE_SET = frozenset(_EVIDENCE)
# Timestamps of a column are checked by shape: every digit made 0, the distinct shapes
# (one or two in practice) matched against the schema's pattern without its ``$`` (the
# item-by-item check, which this only ever speeds up, keeps the exact meaning).
_TO_ZERO = str.maketrans("123456789", "000000000")
_TIMESTAMP_SHAPE = re.compile(_DEFS["timestamp"]["pattern"][1:-1])


def _timestamps_ok(column: tuple[str, ...]) -> bool:
    joined = "\x00".join(column)
    if joined.count("\x00") != len(column) - 1:  # a NUL inside a timestamp
        return False
    shapes = set(joined.translate(_TO_ZERO).split("\x00"))
    return all(_TIMESTAMP_SHAPE.fullmatch(shape) for shape in shapes)


def _conforming(a: Any) -> tuple | None:
    """The fields of ``a`` in :data:`_FIELDS` order (integers as ``int``) if ``a``
    conforms to the schema's ``annotation`` definition, else None. Written flat on
    purpose: it runs once per imported annotation. With exactly as many keys as the
    schema requires, all present (else ``KeyError``), the keys are exactly those."""
    if type(a) is not dict or len(a) != _N_KEYS:
        return None
    try:
        fields = _FIELDS(a)
    except KeyError:
        return None
    aid, label, start, end, quote, value, note, status, reason, origin, creator, created, modified = fields
    if type(aid) is int and type(start) is int and type(end) is int:
        if not (1 <= aid <= _MAX_ID and start >= 0 and end >= 1):
            return None
    elif _int(aid, 1, _MAX_ID) and _int(start, 0) and _int(end, 1):
        aid, start, end = int(aid), int(start), int(end)
        fields = (aid, label, start, end, *fields[4:])
    else:
        return None
    if (
        type(label) is str and type(status) is str and type(origin) is str
        and (label, status, origin) in _ENUMS
        and type(quote) is str and type(note) is str and type(creator) is str
        and type(created) is str and type(modified) is str
        and (reason is None or (type(reason) is str and len(reason) <= _REASON_MAX))
        and quote != "" and creator != "" and len(note) <= _NOTE_MAX and len(creator) <= _CREATOR_MAX
        and _TIMESTAMP.search(created) is not None
        and (modified == created or _TIMESTAMP.search(modified) is not None)
        and (value is None or _value_ok(label, value))
    ):
        return fields
    return None


# ------------------------------------------------------------------- whole documents


# the fields of each annotation a CheckedDocument carries (value_json: the stored form)
ANNOTATION_ROW = ("id", "label", "start", "end", "quote", "value_json", "note", "status", "origin",
                  "creator", "created", "modified", "review_reason")


@dataclass
class CheckedDocument:
    """A document that passed every check, with what the import needs besides it."""

    doc: dict
    revisions: list[str]  # texts of revisions 1..n (n == doc["revision"])
    columns: tuple[tuple, ...]  # the annotations' fields, one tuple per ANNOTATION_ROW name
    evidence: list[tuple[Any, list]]  # (claim id, evidence ids) of claims with a value


def _claims_evidence(anns: list) -> list[tuple[Any, list]]:
    """``(id, evidence ids)`` of each claim that has a value, from dicts or structs."""
    if anns and type(anns[0]) is _ANNOTATION:
        return [(a.id, a.value["evidence"]) for a in anns if a.value is not None and a.label == "claim"]
    return [(a["id"], a["value"]["evidence"]) for a in anns if a["value"] is not None and a["label"] == "claim"]


@dataclass
class Checker:
    """Checks documents one by one, remembering the ids that must be unique file-wide."""

    documents: int = 0
    annotations: int = 0
    _doc_ids: set = field(default_factory=set)
    _ann_ids: set = field(default_factory=set)
    _corr_ids: set = field(default_factory=set)
    _values: Values = field(default_factory=Values)

    def envelope(self, data: Any) -> None:
        """The top level, with its documents left out (they are checked one by one)."""
        skeleton = data
        if isinstance(data, dict) and isinstance(data.get("documents"), list):
            skeleton = dict(data, documents=[])
        problem = _schema_problem(skeleton, None, [])
        if problem:
            raise ValidationError(problem)

    def document(self, i: int, doc: Any) -> CheckedDocument:
        """Check ``documents[i]`` fully or raise naming its first problem."""
        skeleton = doc
        if isinstance(doc, dict) and isinstance(doc.get("annotations"), list):
            skeleton = dict(doc, annotations=[])  # annotations: the fast check below
        if not header_conforms(skeleton):
            problem = _schema_problem(skeleton, "document", ["documents", i])
            if problem:
                raise ValidationError(problem)
        where = f"documents[{i}]"
        if doc["id"] in self._doc_ids:
            raise ValidationError(f"{where}.id: document id {doc['id']} appears twice")
        self._doc_ids.add(doc["id"])
        for key in ("original_text", "text"):
            if "\r" in doc[key] or not unicodedata.is_normalized("NFC", doc[key]):
                raise ValidationError(f"{where}.{key}: not canonical text (NFC with \\n line endings)")
        if sha256_hex(doc["text"]) != doc["sha256"]:
            raise ValidationError(f"{where}.sha256: does not match the sha256 of text")
        self._correction_ids(where, doc["corrections"])
        revisions = self.replay(where, doc)
        columns = self._fast_columns(doc)
        if columns is None:  # something is off, or unusual (7.0 for 7): item by item
            anns = doc["annotations"]
            if anns and type(anns[0]) is _ANNOTATION:
                doc["annotations"] = list(map(_ASDICT, anns))
            rows = self._annotations(i, doc)
            columns = tuple(zip(*rows)) if rows else ((),) * len(ANNOTATION_ROW)
        evidence = _claims_evidence(doc["annotations"])
        keys: set[str] = set()
        for k, f in enumerate(doc["findings"]):
            if f["key"] in keys:
                raise ValidationError(f"{where}.findings[{k}].key: finding {f['key']!r} appears twice")
            keys.add(f["key"])
        self.documents += 1
        self.annotations += len(doc["annotations"])
        return CheckedDocument(doc, revisions, columns, evidence)

    def _correction_ids(self, where: str, corrections: list[dict]) -> None:
        for k, c in enumerate(corrections):
            if c["id"] in self._corr_ids:
                raise ValidationError(f"{where}.corrections[{k}].id: correction id {c['id']} appears twice")
            self._corr_ids.add(c["id"])

    @staticmethod
    def replay(where: str, doc: dict) -> list[str]:
        """Replay the corrections log of a schema-valid document; returns the text of
        every revision, or raises naming the first correction that does not fit."""
        corrections = doc["corrections"]
        pending: dict[int, list[tuple[int, dict]]] = {}
        for k, c in enumerate(corrections):
            for key in ("id", "revision", "start", "end", "applied_revision"):
                if type(c[key]) is float:  # JSON Schema's integer allows 7.0
                    c[key] = int(c[key])
            if c["kind"] == "noise" and c["start"] == c["end"]:
                raise ValidationError(f"{where}.corrections[{k}]: a noise zone must cover some text")
            if c["status"] != "accepted":
                pending.setdefault(c["revision"], []).append((k, c))
        texts: list[str] = []
        try:
            for number, text in iter_revisions(doc["original_text"], corrections):
                texts.append(text)
                for k, c in pending.pop(number, ()):
                    if not c["start"] <= c["end"] <= len(text) or text[c["start"]:c["end"]] != c["original"]:
                        raise ValueError(
                            f"corrections[{k}]: original does not match revision {number} at {c['start']}-{c['end']}"
                        )
        except ValueError as exc:
            raise ValidationError(f"{where}.{exc}") from exc
        for k, c in itertools.chain.from_iterable(pending.values()):
            raise ValidationError(
                f"{where}.corrections[{k}].revision: the log makes no revision {c['revision']} "
                f"(the last is {len(texts)})"
            )
        if texts[-1] != doc["text"]:
            raise ValidationError(
                f"{where}.text: original_text with the accepted corrections replayed does not give text"
            )
        if doc["revision"] != len(texts):
            raise ValidationError(
                f"{where}.revision: {doc['revision']}, but the corrections log makes revision {len(texts)}"
            )
        return texts

    def _fast_columns(self, doc: dict) -> tuple[tuple, ...] | None:
        """The annotations' columns (ANNOTATION_ROW) when every check passes, made column
        by column with C-level operations (set, map, zip, one regex over the joined
        timestamps): ~4x faster than item by item. None when anything fails or is
        unusual; :meth:`_annotations` then finds and names the problem (so this may be
        stricter than the schema, never looser)."""
        anns, text = doc["annotations"], doc["text"]
        if not anns:
            return ((),) * len(ANNOTATION_ROW)
        if type(anns[0]) is _ANNOTATION:  # decoded by msgspec: keys, types, enums, bounds checked
            cols = tuple(zip(*map(_ASTUPLE, anns)))
        else:
            cols = self._dict_columns(anns)
            if cols is None:
                return None
        ids, labels, starts, ends, quotes, values, notes, statuses, reasons, origins, creators, created, modified = cols
        if not (
            max(ends) <= len(text)
            and all(map(operator.lt, starts, ends))
            and _timestamps_ok(created) and (modified == created or _timestamps_ok(modified))
            and len(set(ids)) == len(ids) and self._ann_ids.isdisjoint(ids)
            and tuple(map(text.__getitem__, map(slice, starts, ends))) == quotes  # also: no empty quote
        ):
            return None
        stored = self._values.fast_column(labels, values)
        if stored is None:
            return None
        cited = [v["evidence"] for label, v in zip(labels, values) if label == "claim" and v is not None]
        if cited and not set(map(dict(zip(ids, labels)).get, itertools.chain.from_iterable(cited))) <= _EVIDENCE_SET:
            return None
        self._ann_ids.update(ids)
        return (ids, labels, starts, ends, quotes, stored, notes, statuses, origins, creators, created,
                modified, reasons)

    @staticmethod
    def _dict_columns(anns: list) -> tuple[tuple, ...] | None:
        """Columns of annotations parsed as dicts, if their keys, types, enums and bounds
        are what the schema says (what msgspec checks while decoding structs)."""
        if set(map(type, anns)) != _DICT or set(map(len, anns)) != {_N_KEYS}:
            return None
        try:
            cols = tuple(zip(*map(_FIELDS, anns)))
            enums_ok = set(zip(cols[1], cols[7], cols[9])) <= _ENUMS
        except (KeyError, TypeError):  # a key missing; an unhashable label, status or origin
            return None
        ids, _labels, starts, ends, quotes, _values, notes, _st, reasons, _or, creators, created, modified = cols
        if (
            enums_ok
            and set(map(type, ids)) == set(map(type, starts)) == set(map(type, ends)) == _INT
            and min(ids) >= 1 and max(ids) <= _MAX_ID and min(starts) >= 0
            and all(set(map(type, col)) == _STR for col in (quotes, notes, creators, created, modified))
            and set(map(type, reasons)) <= _STR_OR_NONE
            and "" not in creators
            and max(map(len, notes)) <= _NOTE_MAX and max(map(len, creators)) <= _CREATOR_MAX
            and all(r is None or len(r) <= _REASON_MAX for r in reasons)
        ):
            return cols
        return None

    def _annotations(self, i: int, doc: dict) -> list[tuple]:
        """Each annotation's fields (see :data:`ANNOTATION_ROW`), checked."""
        where, text = f"documents[{i}]", doc["text"]
        n = len(text)
        kinds: dict[int, str] = {}
        claims: list[tuple[int, dict]] = []
        rows: list[tuple] = []
        ann_ids, stored_json = self._ann_ids, self._values.stored_json
        for j, a in enumerate(doc["annotations"]):
            fields = _conforming(a)
            if fields is None:
                at = ["documents", i, "annotations", j]
                raise ValidationError(
                    _schema_problem(a, "annotation", at) or f"{_path(at)}: not a valid annotation"
                )
            aid, label, start, end, quote, value, note, status, reason, origin, creator, created, modified = fields
            if aid in ann_ids:
                raise ValidationError(f"{where}.annotations[{j}].id: annotation id {aid} appears twice")
            ann_ids.add(aid)
            if not start < end <= n:
                raise ValidationError(
                    f"{where}.annotations[{j}]: span {start}-{end} is not a non-empty range "
                    f"inside the text (0-{n})"
                )
            if not quote_holds(text, start, end, quote):
                raise ValidationError(f"{where}.annotations[{j}]: quote does not match text[{start}:{end}]")
            try:
                value_json = stored_json(label, value)
            except ValidationError as exc:
                raise ValidationError(f"{where}.annotations[{j}].value: {exc}") from exc
            rows.append((aid, label, start, end, quote, value_json, note, status, origin, creator,
                         created, modified, reason))
            kinds[aid] = label
            if label == "claim" and value is not None:
                claims.append((j, a))
        for j, a in claims:
            for k, ev in enumerate(a["value"]["evidence"]):
                if kinds.get(ev) not in ("date", "figure"):
                    raise ValidationError(
                        f"{where}.annotations[{j}].value.evidence[{k}]: annotation {ev} is not a "
                        "date or figure of the same document"
                    )
        return rows

