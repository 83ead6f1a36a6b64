"""A runner for the official W3C Web Annotation test suite, shared by the W3C tests.

The suite (``../shared/conformance/w3c-web-annotation``) is a set of draft-04 JSON
Schemas plus ``.test`` files listing assertions. :class:`Suite` below runs a ``.test``
file the way the W3C's runner (``annotation-model/scripts/JSONtest.js``) and the
suite's CONTRIBUTING guide define it:

* an assertion is a file reference (relative to the suite root when it has a slash,
  to the ``.test`` file's folder when not), an inline schema, an object with
  ``assertionFile`` whose other keys override the file's, a nested list, or a
  condition object (has ``assertions``; ``compareWith`` ``and``/``or``, default and);
* the result is as expected when validity matches ``expectedResult`` (default valid);
* on an unexpected result ``onUnexpectedResult`` decides: ``fail…``/``pass…`` (is the
  unexpected result a failure?) and ``…Continue``/``…Skip`` (skip the rest of this
  list)/``…Abort`` (skip everything after);
* ``skipFailures`` lists assertion types whose failures are not reported;
* children of a condition object count only through their aggregate.

The schemas use formats ``uri`` and ``date-time``, which the W3C runner (ajv) checks
but jsonschema only checks with optional packages; strict RFC 3986 / RFC 3339 checks
are registered here, so a bad id or timestamp fails as it would in the W3C runner.

Tests that read the suite carry :data:`needs_suite`: they are skipped, saying where the
suite belongs, when it is not checked out beside the repository.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT4

SUITE_DIR = Path(__file__).parents[3].parent / "shared" / "conformance" / "w3c-web-annotation"
needs_suite = pytest.mark.skipif(
    not (SUITE_DIR / "annotations" / "annotationMusts.test").is_file(),
    reason=f"the W3C Web Annotation test suite is not at {SUITE_DIR} (clone shared/ beside the repo)",
)

_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")
_DATE_TIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$"
)
FORMATS = FormatChecker(formats=())


@FORMATS.checks("uri")
def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or bool(_URI.match(value))


@FORMATS.checks("date-time")
def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    m = _DATE_TIME.match(value)
    if not m:
        return False
    y, mo, d, h, mi, s = (int(g) for g in m.groups()[:6])
    oh, om = (int(g) if g else 0 for g in m.groups()[6:])
    if not 1 <= mo <= 12:
        return False
    return 1 <= d <= calendar.monthrange(y, mo)[1] and h < 24 and mi < 60 and s <= 60 and oh < 24 and om < 60


@dataclass
class Outcome:
    title: str
    source: str  # file name or "inline"
    assertion_type: str
    status: str  # "pass", "fail", "tolerated" (unexpected but pass…), "skipped", "hidden"
    errors: list[str] = field(default_factory=list)


class Suite:
    """Runs the W3C ``.test`` files against JSON objects (see the module docstring)."""

    def __init__(self, root: Path):
        self.root = root
        resources = []
        for path in sorted((root / "definitions").glob("*.json")):
            schema = json.loads(path.read_text(encoding="utf-8"))
            resource = DRAFT4.create_resource(schema)
            resources.append((path.name, resource))
            if schema.get("id") and schema["id"] != path.name:
                resources.append((schema["id"], resource))
        self.registry = Registry().with_resources(resources)
        self._validators: dict[str, Draft4Validator] = {}

    def load_test(self, relative: str) -> dict[str, Any]:
        return json.loads((self.root / relative).read_text(encoding="utf-8"))

    def _resolve(self, ref: str, here: Path) -> tuple[Path, dict[str, Any]]:
        path = self.root / ref if "/" in ref else here / ref
        return path, json.loads(path.read_text(encoding="utf-8"))

    def _validator(self, key: str, schema: dict[str, Any]) -> Draft4Validator:
        found = self._validators.get(key)
        if found is None:
            found = Draft4Validator(schema, registry=self.registry, format_checker=FORMATS)
            self._validators[key] = found
        return found

    def run(self, test: dict[str, Any], content: Any, here: Path | None = None) -> list[Outcome]:
        outcomes: list[Outcome] = []
        skip_types = set(test.get("skipFailures", []))
        self._run_list(test["assertions"], content, here or self.root, outcomes, skip_types)
        return outcomes

    def _run_list(self, assertions, content, here, outcomes, skip_types, report=True):
        """Returns (action, results): results are the expected/unexpected booleans."""
        action, results = "continue", []
        for assertion in assertions:
            if action != "continue":
                outcomes.append(Outcome(_title(assertion), _source(assertion), "must", "skipped"))
                continue
            if isinstance(assertion, list):
                sub_action, sub_results = self._run_list(
                    assertion, content, here, outcomes, skip_types, report
                )
                results.extend(sub_results)
                if sub_action == "abort":
                    action = "abort"
                continue
            if isinstance(assertion, str):
                path, schema = self._resolve(assertion, here)
                key = str(path)
            elif "assertionFile" in assertion:
                path, schema = self._resolve(assertion["assertionFile"], here)
                schema = {**schema, **{k: v for k, v in assertion.items() if k != "assertionFile"}}
                key = f"{path}:{json.dumps(assertion, sort_keys=True)}"
            else:
                schema, key = assertion, json.dumps(assertion, sort_keys=True)
            kind = str(schema.get("assertionType", "must")).lower()
            if kind not in ("must", "should", "may"):
                kind = "must"
            if "assertions" in schema:  # a condition object
                _, child = self._run_list(schema["assertions"], content, here, outcomes, skip_types, False)
                valid = any(child) if schema.get("compareWith", "and") == "or" else all(child)
                errors = [] if valid else [schema.get("errorMessage", "no alternative held")]
            else:
                errors = [e.message for e in self._validator(key, schema).iter_errors(content)]
                valid = not errors
            expected = (schema.get("expectedResult", "valid") == "valid") == valid
            results.append(expected)
            status = "pass"
            if not expected:
                on = schema.get("onUnexpectedResult", "failAndContinue")
                status = "tolerated" if on.startswith("pass") else "fail"
                if status == "fail" and kind in skip_types:
                    status = "hidden"
                then = on.removeprefix("fail").removeprefix("pass").removeprefix("And")
                action = {"Skip": "skip", "Abort": "abort"}.get(then, "continue")
            if report:
                outcomes.append(Outcome(_title(schema), _source(assertion), kind, status, errors))
        return action, results


def _title(assertion: Any) -> str:
    if isinstance(assertion, dict):
        return str(assertion.get("title", assertion.get("assertionFile", "inline assertion")))
    return str(assertion)


def _source(assertion: Any) -> str:
    if isinstance(assertion, str):
        return assertion
    if isinstance(assertion, dict):
        return assertion.get("assertionFile", "inline")
    return "list"


def failures(outcomes: list[Outcome]) -> list[str]:
    return [f"{o.source}: {o.title} {o.errors[:2]}" for o in outcomes if o.status in ("fail", "skipped")]


# A minimal valid annotation: the suite's sample correct/anno1.json
GOOD = {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    "id": "http://example.org/anno1",
    "type": "Annotation",
    "body": "http://example.org/post1",
    "target": "http://example.com/page1",
}
