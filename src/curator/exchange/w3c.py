"""W3C Web Annotation Data Model (JSON-LD) export, and a reader for such files (their
import onto the documents of a store is :func:`curator.services.w3c_import.import_w3c`).

The export is one ``AnnotationCollection`` whose embedded first page holds every
annotation, one per line (``lines=True`` writes JSON Lines of annotations instead).
Every annotation repeats the ``@context`` so each item is a complete, valid annotation
on its own: the official W3C test suite's MUST assertions are run on each of them in
``tests/exchange/formats/test_w3c_suite.py``.

Choices, so consumers know what to expect:

* ``id``: ``urn:uuid:`` + a name-based UUID (v5) of the document's raw hash, the
  annotation's id and its creation time: stable across exports of the same store and,
  in practice, unique across stores.
* ``target.source``: ``nih:sha-256;<hex>`` (RFC 6920, the readable form of a Named
  Information URI) of the UTF-8 canonical text of the revision the offsets count into.
  The texts are not on the web; the hash names exactly the text the selectors address.
* ``target.selector``: a ``TextQuoteSelector`` (the exact quote with up to 32 code
  points of prefix and suffix, omitted when empty) and a ``TextPositionSelector``. The
  W3C model counts TextPositionSelector positions in characters (Unicode code points)
  of the text — the same unit as Curator's stored offsets — so they are exported as
  they are, never as UTF-16 units.
* ``motivation``: ``identifying`` for dates and figures (the body says which date or
  amount the phrase denotes), ``describing`` for claims (summary and evidence).
* ``body``: a ``tagging`` TextualBody with the label (``claim``/``date``/``figure``); a
  human form (``1945/1956 (EDTF)``, ``576000000 RUB``, or the claim's summary); a
  ``describing`` TextualBody of format ``application/json`` holding Curator's own record
  (label, value, status, origin) for a lossless round trip; the curator's note as a
  ``commenting`` body; for a claim, one ``linking`` SpecificResource per supporting
  annotation, pointing at that annotation's ``id``.
* Output is deterministic: fixed order, fixed key order, no export timestamp.
"""

from __future__ import annotations

import binascii
import hashlib
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import orjson

from curator import __version__
from curator.domain.errors import ValidationError
from curator.domain.labels import Label
from curator.exchange.json_limits import (
    MAX_DEPTH,
    describe_json_error,
    describe_line_error,
    nesting_problem,
)
from curator.exchange.output import Progress, checked_quote, escape_line_separators

if TYPE_CHECKING:
    from curator.store.snapshot import ExportReader, RevisionText

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT_WIDTH = 32
# the namespace of Curator's name-based UUIDs; never change it (ids would change)
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://curator.invalid/ns/web-annotation")
_NAMESPACE_BYTES = NAMESPACE.bytes
MOTIVATIONS = {
    Label.DATE.value: "identifying",
    Label.FIGURE.value: "identifying",
    Label.CLAIM.value: "describing",
}
JSON_FORMAT = "application/json"


_VARIANT = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}


def _uuid_of(sha1_hex: str) -> str:
    """The version-5 UUID (RFC 4122, 4.3) of a SHA-1 digest of namespace and name:
    its first 128 bits with the version nibble 5 and the variant bits 10."""
    h = sha1_hex
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


def _uuid5(name: bytes) -> str:
    """``str(uuid.uuid5(NAMESPACE, name))``, several times faster."""
    return _uuid_of(hashlib.sha1(_NAMESPACE_BYTES + name).hexdigest())


def name_uuid(name: str) -> str:
    return _uuid5(name.encode("utf-8"))


def annotation_iri(raw_sha256: str, ann_id: int, created: str) -> str:
    return "urn:uuid:" + name_uuid(f"annotation/{raw_sha256}/{ann_id}/{created}")


def source_iri(text_sha256: str) -> str:
    """The IRI naming one revision's canonical text (its sha256, hex, RFC 6920 ``nih:``)."""
    return f"nih:sha-256;{text_sha256}"


def _human_form(label: str, value: dict[str, Any]) -> str | None:
    if label == "date":
        return f"{value['edtf']} (EDTF)"
    if label == "figure":
        return f"{value['amount']} {value['unit']}"
    return value.get("summary") or None


# Each annotation is written as one JSON text joined from the fixed pieces below and its
# own strings, each encoded by ``orjson.dumps`` (so the bytes are those of ``orjson.dumps``
# of the whole object). Building dicts for orjson took twice as long; joining ``str``
# pieces was slower still (a line holding an emoji is widened to 4 bytes a character,
# then encoded).
_dumps = orjson.dumps
_HEAD = b'{"@context":' + _dumps(CONTEXT) + b',"id":"urn:uuid:'
_AFTER_ID = {
    label: b'","type":"Annotation","motivation":' + _dumps(motivation) + b',"created":'
    for label, motivation in MOTIVATIONS.items()
}
_TAGS = {
    label: b'{"type":"TextualBody","purpose":"tagging","value":' + _dumps(label) + b"}"
    for label in MOTIVATIONS
}
_NOTE = b',{"type":"TextualBody","purpose":"commenting","format":"text/plain","value":'
_LINK = b',{"type":"SpecificResource","purpose":"linking","source":'
_VARIANT_BYTES = {ord(c): v.encode() for c, v in _VARIANT.items()}
# value bodies kept for repeated (label, origin, status, value) rows; cleared when full
_BODY_CACHE_SIZE = 4096


def _value_bodies(label: str, origin: str, status: str, value: Any) -> bytes:
    """The human-readable body (if any) and Curator's own record body, as JSON text
    with a leading comma: they follow the tagging body."""
    human = None if value is None else _human_form(label, value)
    out = b""
    if human:
        out = (
            b',{"type":"TextualBody","purpose":'
            + _dumps(MOTIVATIONS[label])
            + b',"format":"text/plain","value":'
            + _dumps(human)
            + b"}"
        )
    record = _dumps(
        {"label": label, "origin": origin, "status": status, "value": value}, option=orjson.OPT_SORT_KEYS
    ).decode("utf-8")
    return (
        out
        + b',{"type":"TextualBody","purpose":"describing","format":"application/json","value":'
        + _dumps(record)
        + b"}"
    )


class _LineBuilder:
    """Builds the JSON-LD text of the annotations of one export, batch by batch,
    keeping per-revision values (text, source IRI, the hash state of the name prefix
    of the document's annotation IRIs) and per-export caches between rows."""

    def __init__(self, reader: ExportReader):
        self.reader = reader
        self._rev_id: int | None = None
        self._rev: RevisionText | None = None
        self._source = b""  # the target's source IRI as JSON text
        self._raw_sha = ""
        # SHA-1 state after namespace + "annotation/<raw sha256>/": copied per annotation
        self._names = hashlib.sha1()
        self._persons: dict[str, bytes] = {}
        self._bodies: dict[tuple[str, str, str, str | None], bytes] = {}

    def _switch(self, rev_id: int) -> RevisionText:
        rev = self.reader.revision(rev_id)
        doc = self.reader.document(rev.document_id)
        self._rev_id, self._rev = rev_id, rev
        self._source = _dumps(source_iri(rev.sha256))
        if doc.raw_sha256 != self._raw_sha:
            self._raw_sha = doc.raw_sha256
            self._names = hashlib.sha1(_NAMESPACE_BYTES + f"annotation/{doc.raw_sha256}/".encode())
        return rev

    def _iri(self, ann_id: int, created: str) -> str:
        """``annotation_iri`` of an annotation of the current document."""
        h = self._names.copy()
        h.update(f"{ann_id}/{created}".encode())
        return "urn:uuid:" + _uuid_of(h.hexdigest())

    def _person(self, name: str) -> bytes:
        found = self._persons.get(name)
        if found is None:
            found = self._persons[name] = b'{"type":"Person","name":' + _dumps(name) + b"}"
        return found

    def _claim_bodies(
        self, ann_id: int, value_json: str | None, origin: str, status: str
    ) -> tuple[bytes, bytes]:
        """A claim's value bodies (its value carries the IRIs of its evidence) and its
        linking bodies, one per supporting annotation."""
        value = None if value_json is None else orjson.loads(value_json)
        links = [self._iri(link.evidence_id, link.evidence_created) for link in self.reader.evidence(ann_id)]
        if value is not None or links:
            value = {"summary": (value or {}).get("summary", ""), "evidence": links}
        linking = b"".join([_LINK + _dumps(link) + b"}" for link in links])
        return _value_bodies("claim", origin, status, value), linking

    def lines(self, batch: Sequence[Sequence[Any]]) -> list[bytes]:
        """The JSON text of each annotation of ``batch`` (see the module docstring)."""
        dumps, persons, cache = _dumps, self._persons, self._bodies
        head, after_id, tags, variant, width = _HEAD, _AFTER_ID, _TAGS, _VARIANT_BYTES, CONTEXT_WIDTH
        hexlify = binascii.hexlify
        rev_now, rev = self._rev_id, self._rev
        text, source, names = ("", b"", self._names) if rev is None else (rev.text, self._source, self._names)
        size = len(text)
        out: list[bytes] = []
        append = out.append
        for row in batch:
            # unpacked once: attribute access on a Row costs about a microsecond each
            # fmt: off  (the columns of curator.store.queries.ANNOTATION_COLUMNS)
            (ann_id, _doc_id, rev_id, label, start, end, quote, value_json, note, status, creator,
             created, modified, origin, _reason, _prior) = row
            # fmt: on
            if rev_id != rev_now:
                rev, rev_now = self._switch(rev_id), rev_id
                text, source, names = rev.text, self._source, self._names
                size = len(text)
            exact = text[start:end]
            if exact != quote or not exact:
                checked_quote(row, rev)  # raises, naming the annotation
            linking = b""
            if label == "claim":
                bodies, linking = self._claim_bodies(ann_id, value_json, origin, status)
            else:
                key = (label, origin, status, value_json)
                bodies = cache.get(key)  # type: ignore[assignment]
                if bodies is None:
                    value = None if value_json is None else orjson.loads(value_json)
                    if len(cache) >= _BODY_CACHE_SIZE:
                        cache.clear()
                    bodies = cache[key] = _value_bodies(label, origin, status, value)
            if note:
                linking = _NOTE + dumps(note) + b"}" + linking
            h = names.copy()
            h.update(f"{ann_id}/{created}".encode())
            x = hexlify(h.digest())
            created_json = dumps(created)  # an annotation never edited has modified == created
            modified_json = created_json if modified == created else dumps(modified)
            # fmt: off
            append(b"".join((
                head, x[:8], b"-", x[8:12], b"-5", x[13:16], b"-", variant[x[16]], x[17:20], b"-", x[20:32],
                after_id[label], created_json, b',"modified":', modified_json,
                b',"creator":', persons.get(creator) or self._person(creator),
                b',"body":[', tags[label], bodies, linking,
                b'],"target":{"source":', source,
                b',"selector":[{"type":"TextQuoteSelector","exact":', dumps(exact),
                b',"prefix":' + dumps(text[start - width if start > width else 0 : start]) if start else b"",
                b',"suffix":' + dumps(text[end : end + width]) if end < size else b"",
                b'},{"type":"TextPositionSelector","start":%d,"end":%d}]}}' % (start, end),
            )))
            # fmt: on
        return out


def _collection_iri(reader: ExportReader) -> str:
    shas = ",".join(sorted(doc.raw_sha256 for doc in reader.documents()))
    return "urn:uuid:" + name_uuid(f"collection/{shas}")


def write_w3c(reader: ExportReader, handle: BinaryIO, *, progress: Progress | None = None,
              lines: bool = False) -> int:
    """Write every annotation ``reader`` reads as W3C Web Annotations to ``handle``;
    returns how many were written.

    By default one JSON-LD ``AnnotationCollection`` (annotations one per line inside
    its embedded first page); with ``lines=True``, JSON Lines of annotations. Streamed
    in batches.
    """
    written = 0
    build = _LineBuilder(reader).lines
    total = reader.count_annotations()
    if not lines:
        handle.write(_collection_head(_collection_iri(reader), total))
    for batch in reader.annotations():
        # one annotation a line, in either layout: no raw U+2028/U+2029 to split it
        if lines:
            handle.write(escape_line_separators(b"\n".join(build(batch))) + b"\n")
        else:
            handle.write((b",\n" if written else b"\n") + escape_line_separators(b",\n".join(build(batch))))
        written += len(batch)
        if progress is not None:
            progress(written, total)
    if not lines:
        handle.write(b"\n]}}\n")
    if progress is not None:
        progress(written, total)
    return written


def _collection_head(collection: str, total: int) -> bytes:
    """Everything up to the opening of ``first.items``; the items follow one per line."""
    head = {
        "@context": CONTEXT,
        "id": collection,
        "type": "AnnotationCollection",
        "label": "Curator annotations",
        "generator": {"type": "Software", "name": f"Curator {__version__}"},
        "total": total,
    }
    page = {
        "id": "urn:uuid:" + str(uuid.uuid5(NAMESPACE, f"page/{collection}/0")),
        "type": "AnnotationPage",
        "startIndex": 0,
    }
    head_json = orjson.dumps(head)[:-1]  # drop the closing brace
    page_json = orjson.dumps(page)[:-1]
    return head_json + b',"first":' + page_json + b',"items":['


# ---------------------------------------------------------------------------------
# Reading W3C annotations back
# ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextSpan:
    """Where a W3C text target lies in a known text (code points)."""

    source: str
    start: int
    end: int
    exact: str


def read_w3c(path: Path, texts: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """The annotations in a W3C file: a collection with embedded pages, a page, a JSON
    array, a single annotation, or JSON Lines of annotations.

    Each must be an object of type ``Annotation`` with a target. With ``texts``
    (source IRI → canonical text), every text target must anchor in its text
    (see :func:`anchor`); an unknown source or a selector that does not match raises
    :class:`ValidationError` naming the annotation.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"cannot read {path.name}: {exc.strerror or exc}") from exc
    data = _parse_json(raw, path.name)
    deep = nesting_problem(data)
    if deep is not None:
        raise ValidationError(f"{path.name}: {deep}")
    items = _annotations_in(data)
    for index, item in enumerate(items):
        _check_annotation(item, index)
        if texts is not None:
            for target in _targets(item):
                source = _source_of(target)
                if source not in texts:
                    raise ValidationError(f"{_name(item, index)} targets an unknown source {source!r}")
                try:
                    anchor(target, texts[source])
                except ValidationError as exc:
                    raise ValidationError(f"{_name(item, index)}: {exc}") from exc
    return items


def _parse_json(raw: bytes, name: str) -> Any:
    """The file's JSON value, or the values of its JSON Lines. It is JSON Lines only
    when its first line is a JSON value on its own; otherwise the JSON's own error is
    reported, where it really is (a file cut short: where it ends)."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        whole = exc
    lines = [(number, line) for number, line in enumerate(raw.splitlines(), start=1) if line.strip()]
    if len(lines) < 2 or not _is_json(lines[0][1]):
        raise ValidationError(f"{name} is not valid JSON: {describe_json_error(raw, whole)}")
    values = []
    for number, line in lines:
        try:
            values.append(orjson.loads(line))
        except orjson.JSONDecodeError as exc:
            raise ValidationError(
                f"{name} is not valid JSON Lines: {describe_line_error(line, number, exc)}") from exc
    return values


def _is_json(piece: bytes) -> bool:
    """Is ``piece`` (a file's first line) a value on its own, or meant as one: an
    object that opens and closes on the line, broken inside?"""
    piece = piece.strip()
    if len(piece) > 1 and piece[:1] == b"{" and piece[-1:] == b"}":
        return True
    try:
        orjson.loads(piece)
    except orjson.JSONDecodeError:
        return False
    return True


def refuse_deep(piece: bytes, value: Any, prefix: list, name: str) -> Any:
    """``value`` (parsed from ``piece``) unless it nests beyond the limit. Counting the
    brackets of the piece first makes this free for ordinary items."""
    if piece.count(b"[") + piece.count(b"{") > MAX_DEPTH:
        deep = nesting_problem(value, prefix)
        if deep is not None:
            raise ValidationError(f"{name}: {deep}")
    return value


def _types(obj: Mapping[str, Any]) -> set[str]:
    value = obj.get("type", obj.get("@type"))
    if isinstance(value, str):
        return {value}
    return {v for v in value if isinstance(v, str)} if isinstance(value, list) else set()


def _annotations_in(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise ValidationError("a W3C annotation file holds JSON objects")
    types = _types(data)
    if "AnnotationCollection" in types:
        items: list[Any] = []
        page = data.get("first")
        while page is not None:
            if not isinstance(page, dict):
                raise ValidationError(
                    "the collection's pages are referenced by IRI; only embedded pages can be read"
                )
            items.extend(_page_items(page))
            page = page.get("next")
        return items
    if "AnnotationPage" in types:
        return _page_items(data)
    return [data]


def _page_items(page: Mapping[str, Any]) -> list[Any]:
    items = page.get("items")
    if not isinstance(items, list):
        raise ValidationError("an AnnotationPage needs an 'items' list")
    return items


def _name(item: Any, index: int) -> str:
    ident = item.get("id") if isinstance(item, dict) else None
    return f"annotation {index + 1}" + (f" ({ident})" if isinstance(ident, str) else "")


def _check_annotation(item: Any, index: int) -> None:
    if not isinstance(item, dict):
        raise ValidationError(f"annotation {index + 1} is not a JSON object")
    if "Annotation" not in _types(item):
        raise ValidationError(f"{_name(item, index)} is not of type Annotation")
    if not item.get("target"):
        raise ValidationError(f"{_name(item, index)} has no target")


def _targets(item: Mapping[str, Any]) -> list[Any]:
    target = item.get("target")
    return target if isinstance(target, list) else [target]


def _source_of(target: Any) -> str:
    if isinstance(target, str):
        return target
    if isinstance(target, dict):
        source = target.get("source", target.get("id"))
        if isinstance(source, dict):
            source = source.get("id")
        if isinstance(source, str):
            return source
    raise ValidationError("a target has no source IRI")


def _selectors(target: Any) -> list[dict[str, Any]]:
    if not isinstance(target, dict):
        return []
    selector = target.get("selector", [])
    found = selector if isinstance(selector, list) else [selector]
    return [s for s in found if isinstance(s, dict)]


def anchor(target: Any, text: str) -> TextSpan:
    """Locate a text target in ``text`` (code-point offsets).

    A TextPositionSelector must lie within the text and, when a TextQuoteSelector is
    also given, ``text[start:end]`` must equal its ``exact`` (and its prefix/suffix
    must be the text around it). A TextQuoteSelector alone must match exactly one
    place once its prefix and suffix are taken into account.
    """
    source = _source_of(target)
    selectors = _selectors(target)
    quote = next((s for s in selectors if "TextQuoteSelector" in _types(s)), None)
    position = next((s for s in selectors if "TextPositionSelector" in _types(s)), None)
    if quote is None and position is None:
        raise ValidationError("the target has neither a TextQuoteSelector nor a TextPositionSelector")
    exact = prefix = suffix = None
    if quote is not None:
        exact, prefix, suffix = quote.get("exact"), quote.get("prefix", ""), quote.get("suffix", "")
        if not isinstance(exact, str) or not exact:
            raise ValidationError("a TextQuoteSelector needs a non-empty 'exact'")
        if not isinstance(prefix, str) or not isinstance(suffix, str):
            raise ValidationError("a TextQuoteSelector's prefix and suffix must be strings")
    if position is not None:
        start, end = position.get("start"), position.get("end")
        for key, got in (("start", start), ("end", end)):
            if type(got) is not int:
                raise ValidationError(
                    f"a TextPositionSelector's {key} must be an integer, got {_json_type(got)}"
                    + ("" if got is None else f" {_shown(got)}"))
        if not 0 <= start <= end <= len(text):
            raise ValidationError(
                f"TextPositionSelector {start}-{end} is not a range inside the text (0-{len(text)})"
            )
        if exact is not None:
            if text[start:end] != exact:
                raise ValidationError(
                    f"TextPositionSelector {start}-{end} selects {text[start:end]!r}, "
                    f"not the quote {exact!r}"
                )
            if not _has_context(text, start, end, prefix, suffix):
                raise ValidationError(f"the quote {exact!r} at {start}-{end} has another prefix or suffix")
        return TextSpan(source, start, end, text[start:end])
    assert exact is not None and prefix is not None and suffix is not None
    matches = list(_quote_matches(text, exact, prefix, suffix))
    if not matches:
        raise ValidationError(f"the quote {exact!r} is not in the text")
    if len(matches) > 1:
        raise ValidationError(
            f"the quote {exact!r} occurs {len(matches)} times with the same prefix and suffix"
        )
    return TextSpan(source, matches[0], matches[0] + len(exact), exact)


def _json_type(value: Any) -> str:
    """The JSON type of a parsed value, as a message names it."""
    if value is None:
        return "nothing (the key is missing or null)"
    return {bool: "boolean", int: "integer", float: "number", str: "string",
            list: "array", dict: "object"}.get(type(value), type(value).__name__)


def _shown(value: Any, limit: int = 40) -> str:
    text = orjson.dumps(value).decode() if not isinstance(value, float) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _has_context(text: str, start: int, end: int, prefix: str, suffix: str) -> bool:
    """Is ``text[start:end]`` preceded by ``prefix`` and followed by ``suffix``?"""
    return (
        start >= len(prefix) and text.startswith(prefix, start - len(prefix)) and text.startswith(suffix, end)
    )


def _quote_matches(text: str, exact: str, prefix: str, suffix: str) -> Iterable[int]:
    at = text.find(exact)
    while at != -1:
        if _has_context(text, at, at + len(exact), prefix, suffix):
            yield at
        at = text.find(exact, at + 1)


_LABEL_VALUES = frozenset(label.value for label in Label)


def curator_record(annotation: Mapping[str, Any]) -> dict[str, Any] | None:
    """Curator's own record (label, value, status, origin) carried by an annotation
    this module wrote, or ``None`` for an annotation from another tool."""
    bodies = annotation.get("body", [])
    for body in bodies if isinstance(bodies, list) else [bodies]:
        if (
            isinstance(body, dict)
            and body.get("purpose") == "describing"
            and body.get("format") == JSON_FORMAT
            and isinstance(body.get("value"), str)
        ):
            try:
                record = orjson.loads(body["value"])
            except orjson.JSONDecodeError as exc:
                raise ValidationError(f"a Curator record body is not JSON: {exc}") from exc
            if isinstance(record, dict) and record.get("label") in _LABEL_VALUES:
                return record
    return None

