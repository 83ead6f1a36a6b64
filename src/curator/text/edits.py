"""Edits of a text and how positions travel through them.

An :class:`Edit` replaces ``text[start:end]`` with ``replacement`` (offsets in code
points). An :class:`EditMap` holds several non-overlapping edits of the same base text
and maps positions and spans from the base text to the edited text. A span that an
edit touches is carried with ``touched=True`` so the caller can flag it for review
instead of shifting it silently.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from curator.domain.errors import ValidationError


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str

    @property
    def delta(self) -> int:
        return len(self.replacement) - (self.end - self.start)


@dataclass(frozen=True)
class CarriedSpan:
    start: int
    end: int
    touched: bool  # an edit changed text inside the span (or the span's text vanished)
    # the edits removed every character of the span and put nothing in its place: the
    # span has no place in the edited text (start == end: where its text was)
    removed: bool = False


class EditMap:
    def __init__(self, base_length: int, edits: list[Edit]):
        ordered = sorted(edits, key=lambda e: (e.start, e.end))
        for e in ordered:
            if not 0 <= e.start <= e.end <= base_length:
                raise ValidationError(f"edit {e.start}-{e.end} is outside the text (0-{base_length})")
        for a, b in zip(ordered, ordered[1:]):
            if b.start < a.end or b.start == a.start:
                raise ValidationError(f"edits {a.start}-{a.end} and {b.start}-{b.end} overlap")
        self.base_length = base_length
        self.edits = ordered
        self._starts = [e.start for e in ordered]
        self._ends = [e.end for e in ordered]
        # cumulative shift after each edit
        shifts, total = [], 0
        for e in ordered:
            total += e.delta
            shifts.append(total)
        self._shifts = shifts

    def apply(self, text: str) -> str:
        if len(text) != self.base_length:
            raise ValidationError("the edits were made on another version of the text")
        parts, pos = [], 0
        for e in self.edits:
            parts.append(text[pos:e.start])
            parts.append(e.replacement)
            pos = e.end
        parts.append(text[pos:])
        return "".join(parts)

    def _shift_before(self, i: int) -> int:
        return self._shifts[i - 1] if i > 0 else 0

    def map_position(self, pos: int, *, after_insertion: bool, end_of_edit: bool) -> int:
        """Where base position ``pos`` lands in the edited text.

        ``after_insertion``: a pure insertion exactly at ``pos`` ends up before it.
        ``end_of_edit``: a position strictly inside a replaced range goes to the end of
        the replacement (else to its start)."""
        if not 0 <= pos <= self.base_length:
            raise ValidationError(f"position {pos} outside 0-{self.base_length}")
        i = bisect_right(self._starts, pos)  # edits starting at or before pos
        if i:
            e = self.edits[i - 1]
            new_start = e.start + self._shift_before(i - 1)
            if e.start == e.end == pos:
                return new_start + len(e.replacement) if after_insertion else new_start
            if e.start == pos:
                return new_start
            if pos < e.end:
                return new_start + len(e.replacement) if end_of_edit else new_start
        return pos + self._shift_before(i)

    def carry(self, start: int, end: int) -> CarriedSpan:
        """Carry the span ``[start, end)`` of the base text into the edited text.

        An insertion exactly at a span boundary stays outside the span; a replaced range
        that overlaps the span is taken into it whole, and the span is marked touched.
        A span whose text was removed completely is ``removed``: an empty span where its
        text was, which the caller must not place on the text around it."""
        new_start = self.map_position(start, after_insertion=True, end_of_edit=False)
        new_end = self.map_position(end, after_insertion=False, end_of_edit=True)
        touched = bool(self.touching(start, end))
        if new_end <= new_start:
            return CarriedSpan(new_start, new_start, True, removed=True)
        return CarriedSpan(new_start, new_end, touched)

    def touching(self, start: int, end: int) -> list[Edit]:
        """The edits that change text inside ``[start, end)`` (an insertion strictly
        inside counts; one at a boundary does not), in text order."""
        return [
            e for e in self._near(start, end)
            if (e.start < end and e.end > start) or (start < e.start < end)
        ]

    def _near(self, start: int, end: int) -> list[Edit]:
        """Edits that end at or after ``start`` and begin at or before ``end``."""
        return self.edits[bisect_left(self._ends, start):bisect_right(self._starts, end)]

    @property
    def edited_length(self) -> int:
        return self.base_length + (self._shifts[-1] if self._shifts else 0)
