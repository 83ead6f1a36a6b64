"""The W3C Web Annotation test suite's MUST assertions: the harness
(:mod:`tests.exchange.w3c_harness`) is proven on the suite's own samples and on broken
annotations, then run on every annotation, collection and page our export writes."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest


from .w3c_corpus import export
from .w3c_harness import GOOD, SUITE_DIR, Suite, failures, needs_suite

pytestmark = needs_suite


@pytest.fixture(scope="module")
def suite() -> Suite:
    return Suite(SUITE_DIR)


@pytest.fixture(scope="module")
def musts(suite: Suite) -> dict[str, Any]:
    return suite.load_test("annotations/annotationMusts.test")


# ------------------------------------------------------------------------------------
# The harness is proven on the suite's own samples and on broken annotations
# ------------------------------------------------------------------------------------

# Composite, List and Independents were dropped from the final Recommendation; the suite's
# schemas follow the Recommendation, its samples 11-13 predate it.
STALE_CORRECT = {"anno11.json", "anno12.json", "anno13.json"}
# Defects the suite checks only at SHOULD level (format, language, processingLanguage,
# creator, generator) or not at all once the shared two-id defect is repaired (anno7).
NOT_A_MUST = {"anno7.json", "anno14.json", "anno15.json", "anno23.json", "anno26.json", "anno27.json"}


def run_text(suite, test, raw: str, repair: bool = False) -> list[str]:
    """Failures of a sample given as text; unparseable JSON fails, as in the W3C runner."""
    if repair:  # trailing commas and the two-ids defect most incorrect samples share
        raw = re.sub(r",(\s*[}\]])", r"\1", raw)
    try:
        content = json.loads(raw)
    except ValueError as exc:
        return [f"not JSON: {exc}"]
    if repair and isinstance(content.get("id"), list):
        content["id"] = content["id"][0]
    return failures(suite.run(test, content))


def test_the_suite_correct_samples_pass_every_must(suite, musts):
    samples = sorted((SUITE_DIR / "samples" / "correct").glob("anno*.json"))
    assert len(samples) >= 40
    failed = {}
    for sample in samples:
        outcomes = suite.run(musts, json.loads(sample.read_text(encoding="utf-8")))
        assert len(outcomes) == len(musts["assertions"])
        if failures(outcomes):
            failed[sample.name] = {o.source for o in outcomes if o.status == "fail"}
    assert failed == {name: {"annotations/3.2-targetObjectsRecognized.json"} for name in STALE_CORRECT}
    collection = suite.load_test("collections/collectionMusts.test")
    for name in ("collection1.json", "example41.json"):
        assert not run_text(suite, collection, (SUITE_DIR / "samples" / "correct" / name).read_text())


def test_the_suite_incorrect_samples_fail(suite, musts):
    samples = sorted((SUITE_DIR / "samples" / "incorrect").glob("anno*.json"))
    assert len(samples) >= 30
    assert all(run_text(suite, musts, s.read_text(encoding="utf-8")) for s in samples)
    # with the defects they share repaired, each still fails for its own defect
    still = {s.name for s in samples if run_text(suite, musts, s.read_text(encoding="utf-8"), repair=True)}
    assert still == {s.name for s in samples} - NOT_A_MUST


@pytest.mark.parametrize(
    "breakage, failing",
    [
        (lambda a: a.pop("target"), "annotations/3.1-targetKeyFound.json"),
        (
            lambda a: a.update({"@context": "http://www.w3.org/ns/oa.jsonld"}),
            "annotations/3.1-annotationContextValidated.json",
        ),
        (lambda a: a.pop("@context"), "annotations/3.1-annotationContextValidated.json"),
        (lambda a: a.update({"id": "not a uri"}), "annotations/3.1-annotationIdValidated.json"),
        (
            lambda a: a.update({"created": "2026-13-01T00:00:00Z"}),
            "annotations/3.3.1-annotationCreatedValidated.json",
        ),
        (lambda a: a.update({"bodyValue": "both"}), "annotations/3.2.5-notBodyBodyValue.json"),
        (lambda a: a.update({"type": "Note"}), "annotations/3.1-annotationTypeValidated.json"),
    ],
)
def test_a_broken_annotation_fails_the_matching_must(suite, musts, breakage, failing):
    assert not failures(suite.run(musts, GOOD))
    broken = copy.deepcopy(GOOD)
    breakage(broken)
    failed = {o.source for o in suite.run(musts, broken) if o.status == "fail"}
    assert failing in failed


def test_harness_honours_skip_abort_or_groups_overrides_and_skip_failures(suite):
    has_a = {"title": "has a", "required": ["a"]}
    has_b = {"title": "has b", "required": ["b"]}

    def statuses(test, content):
        return [o.status for o in suite.run(test, content)]

    # failAndSkip skips the rest of its own list only; failAndAbort skips everything after
    skip = {**has_a, "onUnexpectedResult": "failAndSkip"}
    assert statuses({"assertions": [[skip, has_b], has_b]}, {"b": 1}) == ["fail", "skipped", "pass"]
    abort = {**has_a, "onUnexpectedResult": "failAndAbort"}
    assert statuses({"assertions": [[abort, has_b], has_b]}, {"b": 1}) == ["fail", "skipped", "skipped"]
    # expectedResult invalid inverts; passAnd… makes an unexpected result tolerated
    assert statuses({"assertions": [{**has_a, "expectedResult": "invalid"}]}, {"a": 1}) == ["fail"]
    assert statuses({"assertions": [{**has_a, "onUnexpectedResult": "passAndContinue"}]}, {}) == ["tolerated"]
    # or-groups: any child may hold; children are not reported on their own
    either = {"title": "a or b", "compareWith": "or", "assertions": [has_a, has_b]}
    assert statuses({"assertions": [either]}, {"b": 1}) == ["pass"]
    assert statuses({"assertions": [either]}, {"c": 1}) == ["fail"]
    assert statuses({"assertions": [{**either, "compareWith": "and"}]}, {"b": 1}) == ["fail"]
    # assertionFile with overriding keys; skipFailures hides failures of those types
    override = {"assertionFile": "annotations/3.1-targetKeyFound.json", "expectedResult": "invalid"}
    assert statuses({"assertions": [override]}, {"target": "x:y"}) == ["fail"]
    assert statuses({"assertions": [override]}, {}) == ["pass"]
    may = {**has_a, "assertionType": "may"}
    assert statuses({"skipFailures": ["may"], "assertions": [may]}, {}) == ["hidden"]


# ------------------------------------------------------------------------------------
# Our export against the suite
# ------------------------------------------------------------------------------------


def test_every_exported_annotation_passes_every_must_assertion(suite, musts, store, corpus, tmp_path):
    data, n = export(store, tmp_path)
    items = data["first"]["items"]
    assert n == len(items) == data["total"] == len(corpus.ids)
    for item in items:
        outcomes = suite.run(musts, item)
        assert [o.source for o in outcomes] == musts["assertions"]  # every MUST ran
        assert not failures(outcomes), (item["id"], failures(outcomes))
        assert all(o.status == "pass" for o in outcomes)


def test_the_collection_and_its_page_pass_their_musts(suite, store, corpus, tmp_path):
    data, _ = export(store, tmp_path)
    collection = suite.run(suite.load_test("collections/collectionMusts.test"), data)
    assert not failures(collection), failures(collection)
    page = {"@context": data["@context"], **data["first"]}
    outcomes = suite.run(suite.load_test("collections/pages/pageMusts.test"), page)
    assert not failures(outcomes), failures(outcomes)


def test_empty_store_exports_a_valid_empty_collection(suite, store, tmp_path):
    data, n = export(store, tmp_path)
    assert n == 0 and data["total"] == 0 and data["first"]["items"] == []
    assert not failures(suite.run(suite.load_test("collections/collectionMusts.test"), data))
