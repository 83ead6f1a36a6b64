"""The dataset's JSON Schema (``schemas/curator-dataset-1.schema.json``), and msgspec
structs made from its definitions, which check each document's header (everything but
its annotations: metadata, corrections, findings) ~30x faster than ``jsonschema``.

The structs only ever stand in for the schema: the schema stays the documented
contract, and whatever the structs refuse is checked by ``jsonschema`` again, which
names the problem (:mod:`curator.exchange.native_validate`). A test proves the two agree
on valid and invalid headers.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Annotated, Any, Literal

import msgspec
import orjson

SCHEMA_FILE = "curator-dataset-1.schema.json"


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    return orjson.loads((resources.files("curator.exchange") / "schemas" / SCHEMA_FILE).read_bytes())


_DEFS = load_schema()["$defs"]


def _schema_type(schema: dict[str, Any], overrides: dict[str, Any]) -> Any:
    """The msgspec type accepting what the JSON Schema ``schema`` accepts (the subset the
    dataset's headers use: refs, enums, consts, anyOf, typed strings, integers, arrays and
    closed objects whose properties are all required); anything else raises, so the
    structs can never silently be looser than the schema."""
    ref = schema.get("$ref")
    if ref is not None:
        return _def_type(ref.rsplit("/", 1)[1], overrides)
    if "anyOf" in schema:
        return _union([_schema_type(s, overrides) for s in schema["anyOf"]])
    if "enum" in schema:
        return Literal[tuple(schema["enum"])]
    if "const" in schema:
        return Literal[schema["const"]]
    known = {"type", "description", "minLength", "maxLength", "pattern", "minimum", "maximum", "items",
             "maxItems", "properties", "required", "additionalProperties", "title"}
    if set(schema) - known:
        raise NotImplementedError(f"schema keywords {sorted(set(schema) - known)}")
    types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    out: list[Any] = []
    for t in types:
        if t == "null":
            out.append(None)
        elif t == "string":
            meta = {k2: schema[k1] for k1, k2 in (("minLength", "min_length"), ("maxLength", "max_length"),
                                                   ("pattern", "pattern")) if k1 in schema}
            out.append(Annotated[str, msgspec.Meta(**meta)] if meta else str)
        elif t == "integer":
            meta = {k2: schema[k1] for k1, k2 in (("minimum", "ge"), ("maximum", "le")) if k1 in schema}
            out.append(Annotated[int, msgspec.Meta(**meta)] if meta else int)
        elif t == "array":
            items = _schema_type(schema["items"], overrides)
            out.append(Annotated[list[items], msgspec.Meta(max_length=schema["maxItems"])]
                       if "maxItems" in schema else list[items])
        elif t == "object":
            out.append(_struct(schema.get("title", "Object"), schema, overrides))
        else:
            raise NotImplementedError(f"type {t}")
    return _union(out)


def _union(types: list[Any]) -> Any:
    found = types[0]
    for t in types[1:]:
        found = found | t
    return found


def _struct(name: str, schema: dict[str, Any], overrides: dict[str, Any]) -> type:
    props = schema["properties"]
    if schema.get("additionalProperties") is not False or set(schema["required"]) != set(props):
        raise NotImplementedError(f"{name}: an open object or an optional property")
    fields = [(key, overrides[key] if key in overrides else _schema_type(sub, overrides))
              for key, sub in props.items()]
    return msgspec.defstruct(name, fields, forbid_unknown_fields=True)


def _def_type(name: str, overrides: dict[str, Any]) -> Any:
    schema = _DEFS[name]
    if schema.get("type") == "object":
        rest = set(schema) - {"type", "additionalProperties", "required", "properties", "description", "allOf"}
        if rest:
            raise NotImplementedError(f"{name}: {sorted(rest)}")
        return _struct(name, schema, overrides)  # "allOf" (a correction's): see _corrections_conform
    return _schema_type(schema, overrides)


# The header: annotations are checked apart (the header's list is empty)
_HEADER = _def_type("document", {"annotations": Annotated[list, msgspec.Meta(max_length=0)]})


def _corrections_conform(corrections: list[dict]) -> bool:
    """The ``allOf`` of the schema's ``correction``, which a struct cannot say: what a
    proposed, rejected or accepted correction has, and a noise zone's empty replacement."""
    for c in corrections:
        status = c["status"]
        decided = c["decided"] is not None, c["decided_by"] is not None, c["applied_revision"] is not None
        if decided != ((False, False, False) if status == "proposed" else (True, True, status == "accepted")):
            return False
        if c["kind"] == "noise" and c["replacement"] != "":
            return False
    return True


def header_conforms(header: Any) -> bool:
    """Whether ``header`` (a document with an empty ``annotations`` list) conforms to the
    schema's ``document`` definition, as far as msgspec's structs can tell: True only if
    it does; False when it does not, or may not (a float such as 7.0 for an integer)."""
    if type(header) is not dict:
        return False
    try:
        msgspec.convert(header, _HEADER, strict=True)
    except msgspec.ValidationError:
        return False
    return _corrections_conform(header["corrections"])


