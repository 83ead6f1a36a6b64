"""What hostile JSON is refused for, and where: nesting beyond a limit, bytes that are
not UTF-8, a file that ends early. Each message names the real place (a JSON path, or a
line, column and byte), never only "line 1 column 1".

Nothing Curator reads nests deeper than a few levels (a dataset's deepest value is
``documents[i].annotations[j].value.evidence[k]``: 6), so :data:`MAX_DEPTH` is far above
any real file and far below what would exhaust Python's stack in a recursive checker
(``jsonschema``, ``msgspec``: a RecursionError near 1,000 levels) or orjson's own limit
(1,024, reported as "line 1 column N").
"""

from __future__ import annotations

import re
from typing import Any

MAX_DEPTH = 64
_PATH_CUT = 160  # characters of a JSON path shown before it is elided in the middle


def json_path(parts: list | tuple) -> str:
    """``documents[0].annotations[2].value`` from ``["documents", 0, "annotations", 2,
    "value"]``; a run of one step repeated is written once with its count
    (``evidence[0]×60``), and a path still very long keeps its two ends."""
    steps = [f"[{p}]" if isinstance(p, int) else (f".{p}" if k else str(p)) for k, p in enumerate(parts)]
    out, k = "", 0
    while k < len(steps):
        run = 1
        while k + run < len(steps) and steps[k + run] == steps[k]:
            run += 1
        out += steps[k] if run < 3 else f"{steps[k]}×{run}"
        k += run if run >= 3 else 1
    out = out or "(top level)"
    if len(out) > _PATH_CUT:
        out = out[: _PATH_CUT // 2] + "…" + out[-_PATH_CUT // 2:]
    return out


def too_deep(obj: Any, limit: int = MAX_DEPTH, level: int = 1) -> list | None:
    """The path (list of keys and indexes) of the first container nested more than
    ``limit`` levels deep in ``obj`` (``obj`` being at ``level``), or None. Iterative,
    so any depth is safe."""
    stack: list[tuple[Any, int, tuple]] = [(obj, level, ())]
    while stack:
        node, depth, path = stack.pop()
        t = type(node)
        if t is dict:
            items = node.items()
        elif t is list or t is tuple:
            items = enumerate(node)
        else:
            continue
        if depth > limit:
            return list(path)
        for key, child in items:
            tc = type(child)
            if tc is dict or tc is list or tc is tuple:
                stack.append((child, depth + 1, (*path, key)))
    return None


def nesting_problem(obj: Any, prefix: list | tuple = (), limit: int = MAX_DEPTH) -> str | None:
    """A refusal naming where ``obj`` (found at the JSON path ``prefix`` of a file)
    nests too deep, counting levels from the file's top, or None."""
    found = too_deep(obj, limit, len(prefix) + 1)
    if found is None:
        return None
    return f"{json_path([*prefix, *found])}: nested more than {limit} levels deep (the limit is {limit})"


_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{},:]', re.S)


def locate_depth(raw: bytes, limit: int = MAX_DEPTH) -> tuple[list, int] | None:
    """Where ``raw`` (JSON text) first nests more than ``limit`` deep: the JSON path and
    the byte offset, or None. Scans tokens (strings skipped whole) and stops there."""
    stack: list[list] = []  # per open container: [is_object, key or index, expecting key]
    last_string: bytes | None = None
    for m in _TOKEN.finditer(raw):
        tok = m.group()
        c = tok[:1]
        if c == b'"':
            last_string = tok
            continue
        if c in b"[{":
            if len(stack) >= limit:
                return [e[1] for e in stack], m.start()
            stack.append([c == b"{", None if c == b"{" else 0, c == b"{"])
        elif c in b"]}":
            if stack:
                stack.pop()
        elif c == b":":
            if stack and stack[-1][0] and last_string is not None:
                stack[-1][1] = _key(last_string)
        elif c == b"," and stack and not stack[-1][0]:
            stack[-1][1] += 1
    return None


def _key(token: bytes) -> str:
    try:
        import orjson

        key = orjson.loads(token)
        return key if isinstance(key, str) else "?"
    except Exception:  # noqa: BLE001 - a malformed key: shown as is
        return token[1:-1].decode("utf-8", "replace")


def line_and_column(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte ``offset``."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", "replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column


def bad_utf8(raw: bytes) -> str | None:
    """Where ``raw`` first fails to be UTF-8, or None when it is UTF-8."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = line_and_column(raw, exc.start)
        if exc.end == len(raw) and exc.reason == "unexpected end of data":
            return (f"the file ends early, at line {line}, column {column}, in the middle of a character "
                    f"(byte {exc.start})")
        return (f"byte {exc.start} (line {line}, column {column}) is not valid UTF-8 "
                f"(0x{raw[exc.start]:02x}: {exc.reason})")
    return None


_ORJSON_AT = re.compile(r":? ?line \d+ column \d+ \(char \d+\)\s*$")


def describe_json_error(raw: bytes, exc: Exception) -> str:
    """A parse error of ``raw`` as a curator reads it: invalid UTF-8 at its byte and
    line; nesting beyond the limit at its JSON path; anything else (a file cut short, a
    stray character) at its real line and column. ``exc`` is orjson's error."""
    utf8 = bad_utf8(raw)
    if utf8 is not None:
        return utf8
    deep = locate_depth(raw)
    if deep is not None:
        path, offset = deep
        line, column = line_and_column(raw, offset)
        return (f"{json_path(path)} (line {line}, column {column}): nested more than {MAX_DEPTH} "
                f"levels deep (the limit is {MAX_DEPTH})")
    message = str(exc)
    found = _ORJSON_AT.search(message)
    reason = message[: found.start()] if found else message
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    if line is None or column is None:
        return reason
    if reason.startswith("unexpected end"):
        return f"the file ends early, at line {line}, column {column} ({reason})"
    return f"line {line}, column {column}: {reason}"


def describe_line_error(line: bytes, number: int, exc: Exception) -> str:
    """A parse error of line ``number`` of a JSON Lines file, placed in the file."""
    if bad_utf8(line) is not None:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as err:
            column = len(line[: err.start].decode("utf-8", "replace")) + 1
            return (f"line {number}, column {column}: byte 0x{line[err.start]:02x} is not valid UTF-8 "
                    f"({err.reason})")
    deep = locate_depth(line)
    if deep is not None:
        path, offset = deep
        column = len(line[:offset].decode("utf-8", "replace")) + 1
        where = json_path(path) if path else "the value"
        return (f"line {number}, column {column}: {where} is nested more than {MAX_DEPTH} levels deep "
                f"(the limit is {MAX_DEPTH})")
    message = str(exc)
    found = _ORJSON_AT.search(message)
    reason = message[: found.start()] if found else message
    column = getattr(exc, "colno", None)
    return f"line {number}" + (f", column {column}" if column else "") + f": {reason}"
