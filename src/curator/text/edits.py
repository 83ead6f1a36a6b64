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
from itertools import accumulate
from operator import add

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

    def gaps(self) -> list[tuple[int, int, int]]:
        """``(lo, hi, shift)`` of each stretch of the base text that no edit reaches
        (before the first edit, between two, after the last). The span-carry rule for
        the untouched: a span lying wholly inside ``[lo, hi]`` is untouched and lands at
        ``[start + shift, end + shift)``, exactly where :meth:`carry` puts it (a test
        proves it), and in the edited text its gap is ``[lo + shift, hi + shift]``.
        Callers use it to move such spans in bulk: one UPDATE or one index range per gap."""
        bounds = [0] + [x for e in self.edits for x in (e.start, e.end)] + [self.base_length]
        shifts = [0, *self._shifts]
        return [(bounds[2 * k], bounds[2 * k + 1], shifts[k]) for k in range(len(self.edits) + 1)]

    @property
    def edited_length(self) -> int:
        return self.base_length + (self._shifts[-1] if self._shifts else 0)


def carry_span(start: int, end: int, chain: list[EditMap]) -> CarriedSpan:
    """Carry one span through a chain of edit maps (one per revision, oldest first):
    where ``[start, end)`` of the chain's first text is in its last one, touched when
    any map changed text inside it, removed when one took all of it."""
    carried = CarriedSpan(start, end, False)
    for edit_map in chain:
        step = edit_map.carry(carried.start, carried.end)
        if step.removed:
            return step
        carried = CarriedSpan(step.start, step.end, carried.touched or step.touched)
    return carried


class _RangeShifts:
    """Shifts added to ranges of word indices: a Fenwick tree answers "where is word j
    now" in O(log n) while a map is applied; a difference array gives every word's final
    shift in one pass at the end."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.tree = [0] * (n + 1)
        self.diff = [0] * (n + 1)

    def add(self, lo: int, hi: int, value: int) -> None:
        """Add ``value`` to the words ``lo..hi-1``."""
        if value == 0 or lo >= hi:
            return
        self.diff[lo] += value
        self.diff[hi] -= value
        for i, v in ((lo, value), (hi, -value)):
            i += 1
            while i <= self.n:
                self.tree[i] += v
                i += i & -i

    def at(self, j: int) -> int:
        total, i = 0, j + 1
        while i > 0:
            total += self.tree[i]
            i -= i & -i
        return total

    def final(self) -> list[int]:
        return list(accumulate(self.diff[:self.n]))


def carry_spans(spans: list[tuple[int, int]], chain: list[EditMap]) -> list[tuple[int, int, bool]]:
    """Carry non-overlapping spans through a chain of edit maps: ``(start, end, touched)``
    for each, exactly as ``EditMap.carry`` applied map after map would give.

    Why not that loop: a curator correcting word after word with F2 makes one revision per
    word, so the chain grows long; carrying 10k words through 200 maps one by one takes
    seconds. Here the words lying between two edits of a map (almost all of them) move
    as index ranges, and only the few an edit reaches are carried one by one."""
    n = len(spans)
    order = sorted(range(n), key=lambda i: spans[i])
    s0 = [spans[i][0] for i in order]
    e0 = [spans[i][1] for i in order]
    ds, de = _RangeShifts(n), _RangeShifts(n)
    touched = [False] * n

    def first(lo: int, key) -> int:
        """The first index from ``lo`` on where ``key`` (monotone) is true."""
        hi = n
        while lo < hi:
            mid = (lo + hi) // 2
            if key(mid):
                hi = mid
            else:
                lo = mid + 1
        return lo

    def one_by_one(edit_map: EditMap, lo: int, hi: int) -> None:
        for j in range(lo, hi):
            start, end = s0[j] + ds.at(j), e0[j] + de.at(j)
            carried = edit_map.carry(start, end)
            ds.add(j, j + 1, carried.start - start)
            de.add(j, j + 1, carried.end - end)
            touched[j] = touched[j] or carried.touched

    for edit_map in chain:
        done = 0
        for lo, hi, shift in edit_map.gaps():
            a = first(done, lambda j, lo=lo: s0[j] + ds.at(j) >= lo)
            b = first(a, lambda j, hi=hi: e0[j] + de.at(j) > hi)
            one_by_one(edit_map, done, a)  # reached by the edit before this gap
            ds.add(a, b, shift)
            de.add(a, b, shift)
            done = b
        one_by_one(edit_map, done, n)
    out: list[tuple[int, int, bool]] = [(0, 0, False)] * n
    for j, start, end in zip(range(n), map(add, s0, ds.final()), map(add, e0, de.final())):
        out[order[j]] = (start, end, touched[j])
    return out
