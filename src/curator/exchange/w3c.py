"""W3C Web Annotation Data Model (JSON-LD) export, a reader for such files, and an
import of them onto the documents of a store (:func:`curator.exchange.w3c_import.import_w3c`).

The export is one ``AnnotationCollection`` whose embedded first page holds every
annotation, one per line (``lines=True`` writes JSON Lines of annotations instead).
Every annotation repeats the ``@context`` so each item is a complete, valid annotation
on its own: the official W3C test suite's MUST assertions are run on each of them in
``tests/exchange/test_w3c.py``.

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

import hashlib
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Row

from curator import __version__
from curator.domain.errors import ValidationError
from curator.domain.labels import Label
from curator.exchange.rows import (
    ExportReader,
    Progress,
    RevisionText,
    atomic_output,
    checked_quote,
    open_reader,
)
from curator.store.engine import Store

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


def _uuid5(name: bytes) -> str:
    """``str(uuid.uuid5(NAMESPACE, name))``, several times faster: it runs for every
    annotation and every evidence link of an export (RFC 4122, 4.3: SHA-1 of namespace
    and name, version 5, variant bits 10)."""
    h = hashlib.sha1(_NAMESPACE_BYTES + name).hexdigest()
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:32]}"


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


class _Builder:
    """Builds the JSON-LD objects of one export, keeping per-revision values (text,
    source IRI, the name prefix of the document's annotation IRIs) between rows."""

    def __init__(self, reader: ExportReader):
        self.reader = reader
        self._rev_id: int | None = None
        self._rev: RevisionText | None = None
        self._source = ""
        self._iri_prefix = b""
        self._raw_sha = ""

    def _switch(self, rev_id: int) -> RevisionText:
        rev = self.reader.revision(rev_id)
        doc = self.reader.document(rev.document_id)
        self._rev_id, self._rev = rev_id, rev
        self._source = source_iri(rev.sha256)
        if doc.raw_sha256 != self._raw_sha:
            self._raw_sha = doc.raw_sha256
            self._iri_prefix = f"annotation/{doc.raw_sha256}/".encode()
        return rev

    def _iri(self, ann_id: int, created: str) -> str:
        """``annotation_iri`` of an annotation of the current document."""
        return "urn:uuid:" + _uuid5(self._iri_prefix + f"{ann_id}/{created}".encode())

    def build(self, row: Row[Any]) -> dict[str, Any]:
        """The W3C JSON-LD object of one annotation row (see the module docstring)."""
        # unpacked once: attribute access on a Row costs about a microsecond each
        # fmt: off
        (ann_id, _doc_id, rev_id, label, start, end, quote, value_json, note, status, origin,
         creator, created, modified) = row
        # fmt: on
        rev = self._rev if rev_id == self._rev_id else self._switch(rev_id)
        assert rev is not None
        exact = rev.text[start:end]
        if exact != quote or not exact:
            checked_quote(row, rev)  # raises, naming the annotation
        motivation = MOTIVATIONS[label]
        value = None if value_json is None else orjson.loads(value_json)
        links: list[str] = []
        if label == "claim":
            links = [
                self._iri(link.evidence_id, link.evidence_created) for link in self.reader.evidence(ann_id)
            ]
            if value is not None or links:
                value = {"summary": (value or {}).get("summary", ""), "evidence": links}
        body: list[dict[str, Any]] = [{"type": "TextualBody", "purpose": "tagging", "value": label}]
        human = None if value is None else _human_form(label, value)
        if human:
            body.append(
                {"type": "TextualBody", "purpose": motivation, "format": "text/plain", "value": human}
            )
        record = orjson.dumps(
            {"label": label, "origin": origin, "status": status, "value": value}, option=orjson.OPT_SORT_KEYS
        ).decode("utf-8")
        body.append({"type": "TextualBody", "purpose": "describing", "format": JSON_FORMAT, "value": record})
        if note:
            body.append(
                {"type": "TextualBody", "purpose": "commenting", "format": "text/plain", "value": note}
            )
        for link in links:
            body.append({"type": "SpecificResource", "purpose": "linking", "source": link})
        selector: dict[str, Any] = {"type": "TextQuoteSelector", "exact": exact}
        text = rev.text
        if start:
            selector["prefix"] = text[max(0, start - CONTEXT_WIDTH) : start]
        if end < len(text):
            selector["suffix"] = text[end : end + CONTEXT_WIDTH]
        return {
            "@context": CONTEXT,
            "id": self._iri(ann_id, created),
            "type": "Annotation",
            "motivation": motivation,
            "created": created,
            "modified": modified,
            "creator": {"type": "Person", "name": creator},
            "body": body,
            "target": {
                "source": self._source,
                "selector": [selector, {"type": "TextPositionSelector", "start": start, "end": end}],
            },
        }


def _collection_iri(reader: ExportReader) -> str:
    shas = ",".join(sorted(doc.raw_sha256 for doc in reader.documents()))
    return "urn:uuid:" + name_uuid(f"collection/{shas}")


def write_w3c(store: Store, out: Path, *, progress: Progress | None = None, lines: bool = False) -> int:
    """Write every annotation as W3C Web Annotations; returns how many were written.

    By default one JSON-LD ``AnnotationCollection`` (annotations one per line inside
    its embedded first page); with ``lines=True``, JSON Lines of annotations. Streamed
    in batches and written to a temporary file renamed onto ``out`` at the end.
    """
    written = 0
    with open_reader(store) as reader, atomic_output(Path(out), binary=True) as handle:
        build = _Builder(reader).build
        dumps = orjson.dumps
        total = reader.count_annotations()
        if not lines:
            handle.write(_collection_head(_collection_iri(reader), total))
        for batch in reader.annotations():
            if lines:
                handle.write(b"".join([dumps(build(row)) + b"\n" for row in batch]))
            else:
                handle.write(
                    (b",\n" if written else b"\n") + b",\n".join([dumps(build(row)) for row in batch])
                )
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
    items = _annotations_in(_parse_json(raw, path.name))
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
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        pass
    values = []
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            values.append(orjson.loads(line))
        except orjson.JSONDecodeError as exc:
            raise ValidationError(f"{name} is neither JSON nor JSON Lines (line {number}: {exc})") from exc
    return values


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
        if not (type(start) is int and type(end) is int and 0 <= start <= end <= len(text)):
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
            if isinstance(record, dict) and record.get("label") in {l.value for l in Label}:
                return record
    return None

