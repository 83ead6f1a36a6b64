"""Short fields have a length limit (a 50 MB title froze the window): the dataset schema
states it, the importer's fast paths and the metadata service enforce the same numbers."""

from __future__ import annotations

import time

import orjson
import pytest

from curator.domain import ValidationError
from curator.domain import limits
from curator.exchange import native
from curator.services import exchange as exchange_svc
from curator.services.corpus import list_documents
from curator.services.metadata import update_metadata
from tests.exchange.native_data import _counts, _export
from tests.exchange.test_native import _layout


def test_the_schema_states_the_limits():
    defs = native.load_schema()["$defs"]
    for definition, props in limits.SCHEMA_LIMITS.items():
        for name, limit in props.items():
            assert defs[definition]["properties"][name]["maxLength"] == limit, (definition, name)
    langs = defs["document"]["properties"]["languages"]
    assert (langs["maxItems"], langs["items"]["maxLength"]) == (limits.LANGUAGES_MAX, limits.LANGUAGE_CODE_MAX)


@pytest.mark.parametrize("streamed", [True, False], ids=["streamed", "whole"])
def test_a_50_mb_title_is_refused_quickly_in_a_short_message(store, tmp_path, streamed):
    data = orjson.loads(_export(store, tmp_path / "a.json"))
    data["documents"][0]["title"] = "T" * 50_000_000
    bad = tmp_path / "big.json"
    bad.write_bytes(_layout(data) if streamed else orjson.dumps(data))
    before = _counts(store)
    started = time.perf_counter()
    with pytest.raises(ValidationError) as err:
        exchange_svc.import_dataset(store, bad, on_conflict="new-ids")
    elapsed = time.perf_counter() - started
    message = str(err.value)
    assert message.startswith("documents[0].title: ") and "is too long" in message
    assert len(message) < 400 and elapsed < 20
    assert _counts(store) == before


@pytest.mark.parametrize("field,value,message", [
    ("note", "n" * (limits.NOTE_MAX + 1), "documents[1].annotations[0].note: "),
    ("creator", "c" * (limits.NAME_MAX + 1), "documents[1].annotations[0].creator: "),
    ("review_reason", "r" * (limits.REASON_MAX + 1), "documents[1].annotations[0].review_reason: "),
])
@pytest.mark.parametrize("streamed", [True, False], ids=["streamed", "whole"])
def test_long_annotation_fields_are_refused_by_the_fast_paths_too(store, tmp_path, field, value, message,
                                                                  streamed):
    data = orjson.loads(_export(store, tmp_path / "a.json"))
    data["documents"][1]["annotations"][0][field] = value
    bad = tmp_path / "long.json"
    bad.write_bytes(_layout(data) if streamed else orjson.dumps(data))
    with pytest.raises(ValidationError, match="is too long") as err:
        native.validate_file(bad)
    assert str(err.value).startswith(message)
    data["documents"][1]["annotations"][0][field] = value[:-1]  # at the limit: fine
    bad.write_bytes(_layout(data) if streamed else orjson.dumps(data))
    assert native.validate_file(bad).annotations == 7


def test_the_metadata_service_enforces_the_same_limits(store):
    doc = list_documents(store)[0].id
    assert len(update_metadata(store, doc, title="T" * 5000).title) == limits.TITLE_MAX
    with pytest.raises(ValidationError, match=f"the authors field is 1,001 characters long; the limit is 1,000"):
        update_metadata(store, doc, authors="a" * 1001)
    with pytest.raises(ValidationError, match="the source is 2,001 characters long"):
        update_metadata(store, doc, source="s" * 2001)
    with pytest.raises(ValidationError, match="at most 20 language codes"):
        update_metadata(store, doc, languages=",".join(["en"] * 21))
    assert update_metadata(store, doc, authors="a" * 1000).authors == "a" * 1000
