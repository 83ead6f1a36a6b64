"""Writing an export file: through a temporary file renamed into place, one record a
line even for ``str.splitlines()``, and never a span that points at other text.

``atomic_output`` writes a file beside its target and renames it into place, so a
failed or interrupted export never leaves a half-written file under the real name.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from curator.domain.errors import CuratorError

if TYPE_CHECKING:
    from curator.store.snapshot import RevisionText

# progress(done, total): called after each batch and once at the end
Progress = Callable[[int, int], None]


@contextmanager
def atomic_output(out: Path, *, binary: bool = False, newline: str | None = None) -> Iterator[IO[Any]]:
    """A file written beside ``out`` and renamed onto it only on success (UTF-8 when
    text), so an interrupted export never leaves a half-written file under its name."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    tmp = Path(tmp_name)
    try:
        if binary:
            handle: IO[Any] = os.fdopen(fd, "wb", buffering=1 << 20)
        else:
            handle = os.fdopen(fd, "w", encoding="utf-8", newline=newline, buffering=1 << 20)
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); an export is an ordinary file
        os.chmod(tmp, out.stat().st_mode & 0o7777 if out.exists() else 0o644)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def checked_quote(row: Sequence[Any], rev: RevisionText) -> str:
    """``text[start:end]`` of the row's revision, which must still be its stored quote:
    an export never hands out a span that points at other text."""
    ann_id, start, end, quote = row[0], row[4], row[5], row[6]
    exact = rev.text[start:end]
    if exact != quote or not exact:
        raise CuratorError(
            f"annotation {ann_id}: its quote no longer matches revision {rev.number} of "
            f"document {rev.document_id} at {start}-{end}; refusing to export a wrong span"
        )
    return exact


_LS, _PS = "\u2028".encode(), "\u2029".encode()


def escape_line_separators(line: bytes) -> bytes:
    """JSON text with U+2028 and U+2029 written as ``\\u2028`` / ``\\u2029`` escapes.
    JSON allows them raw inside strings, but a consumer splitting lines with Python's
    ``str.splitlines()`` (or a JavaScript engine before ES2019) breaks the line there.
    Outside strings JSON is ASCII, so replacing the bytes keeps every value as it was."""
    if _LS in line or _PS in line:
        return line.replace(_LS, b"\\u2028").replace(_PS, b"\\u2029")
    return line

