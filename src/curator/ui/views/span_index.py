"""The spans of the document view in plain sorted arrays (no Qt).

Offsets are code points into the canonical text. :class:`SpanIndex` answers "which
spans meet this range" in O(log n + hits) for painting and clicks, and moves every
span through an accepted correction batch without rebuilding (:meth:`apply_edits`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from curator.text.edits import Edit
from curator.text.spans import text_order_key

Lean = tuple[int, int, int, str]  # (id, start, end, label), as list_spans gives them


@dataclass(frozen=True)
class Span:
    """An annotation as the view needs it. Offsets are code points into the text."""

    id: int
    start: int
    end: int
    label: str  # "claim" | "date" | "figure"


def _text_key(t: Lean) -> tuple[int, int, int]:
    return text_order_key(t[1], t[2], t[0])


def as_tuple(span: Span | Lean) -> Lean:
    if isinstance(span, Span):
        return (span.id, span.start, span.end, str(span.label))
    sid, start, end, label = span
    return (sid, start, end, str(label))


class SpanIndex:
    """Spans in code points, searchable by range in O(log n + hits).

    Spans are grouped by length class (``(end - start).bit_length()``); within a class
    the starts are sorted, and a span of class ``k`` is shorter than ``2**k``, so every
    span of that class meeting ``[lo, hi)`` starts in ``[lo - 2**k, hi)``: one bisect per
    class. A claim over a whole chapter sits in a high class with few companions, so
    long spans are never missed and never scanned for nothing.
    """

    def __init__(self) -> None:
        # id -> (id, start, end, label): the tuples handed in are kept as they are
        self.spans: dict[int, tuple[int, int, int, str]] = {}
        self._starts: dict[int, list[int]] = {}
        self._ids: dict[int, list[int]] = {}
        # ids added one by one since load: ``spans`` holds the others first, in text
        # order (moves keep the order of untouched spans), then these
        self._added: set[int] = set()

    def load(self, items: Iterable[Span | tuple[int, int, int, str]], length: int) -> None:
        """Replace everything with ``items``, checking each lies inside ``0..length``.

        One pass, no sort when the items come in start order (as ``list_spans`` gives
        them): this runs while a document opens. On a bad item nothing changes.
        """
        spans: dict[int, tuple[int, int, int, str]] = {}
        starts: dict[int, list[int]] = {}
        ids: dict[int, list[int]] = {}
        ordered, text_order, prev, prev_item, count = True, True, -1, None, 0
        for item in items:
            if type(item) is not tuple:
                item = as_tuple(item)
            sid, s, e, _lab = item
            if not 0 <= s < e <= length:
                raise ValueError(f"span {sid} ({s}-{e}) lies outside the text (0-{length})")
            spans[sid] = item
            count += 1
            if s < prev:
                ordered = False
            elif s == prev and text_order and (-e, sid) < (-prev_item[2], prev_item[0]):
                text_order = False
            prev, prev_item = s, item
            k = (e - s).bit_length()
            bucket = starts.get(k)
            if bucket is None:
                starts[k] = [s]
                ids[k] = [sid]
            else:
                bucket.append(s)
                ids[k].append(sid)
        if count != len(spans):
            raise ValueError("two spans have the same id")
        if not ordered:
            for k in starts:
                pairs = sorted(zip(starts[k], ids[k]))
                starts[k] = [p[0] for p in pairs]
                ids[k] = [p[1] for p in pairs]
        if not (ordered and text_order):
            spans = {t[0]: t for t in sorted(spans.values(), key=_text_key)}
        self.spans, self._starts, self._ids, self._added = spans, starts, ids, set()

    def add(self, sid: int, start: int, end: int, label: str) -> None:
        if sid in self.spans:
            self.remove(sid)
        self.spans[sid] = (sid, start, end, label)
        self._added.add(sid)
        k = (end - start).bit_length()
        starts = self._starts.setdefault(k, [])
        ids = self._ids.setdefault(k, [])
        i = bisect_right(starts, start)
        starts.insert(i, start)
        ids.insert(i, sid)

    def remove(self, sid: int) -> bool:
        old = self.spans.pop(sid, None)
        if old is None:
            return False
        self._added.discard(sid)
        _, start, end, _ = old
        k = (end - start).bit_length()
        starts, ids = self._starts[k], self._ids[k]
        i = bisect_left(starts, start)
        while ids[i] != sid:  # equal starts: walk to our id
            i += 1
        del starts[i]
        del ids[i]
        return True

    def near(self, lo: int, hi: int) -> Iterator[int]:
        """Ids of every span that may meet ``[lo, hi)``: all those that do, plus some
        that end shortly before ``lo`` (any order)."""
        for k, starts in self._starts.items():
            ids = self._ids[k]
            yield from ids[bisect_left(starts, lo - (1 << k)) : bisect_left(starts, hi)]

    def overlapping(self, lo: int, hi: int) -> Iterator[int]:
        """Ids of spans with ``start < hi`` and ``end > lo`` (any order)."""
        spans = self.spans
        return (sid for sid in self.near(lo, hi) if spans[sid][2] > lo)

    def at(self, cp: int) -> list[int]:
        """Ids covering code point ``cp``, innermost (shortest, latest start) first."""
        spans = self.spans
        hits = list(self.overlapping(cp, cp + 1))
        hits.sort(key=lambda sid: (spans[sid][2] - spans[sid][1], -spans[sid][1], sid))
        return hits


    def in_text_order(self) -> list[Lean]:
        """Every span, by start, longer first, then id (the order of ``list_spans``).

        The spans loaded together are already in that order in ``spans``; only those
        added one by one since are sorted and put in place by bisection."""
        values = list(self.spans.values())
        n = len(values) - len(self._added)
        head = values[:n]
        for t in sorted(values[n:], key=_text_key):
            head.insert(bisect_right(head, _text_key(t), key=_text_key), t)
        return head

    def apply_edits(self, edits: Sequence[Edit], updates: Mapping[int, Lean]) -> list[Lean]:
        """Move the spans through ``edits`` (sorted, non-overlapping, in the old text's
        code points) as the store moves annotations on accepting them.

        A span that lies wholly between two edits (an insertion exactly at its start
        counts as before it, at its end as after it) moves by the edits before it:
        the rule of :meth:`curator.text.edits.EditMap.carry` for untouched spans and of
        the store's one-UPDATE-per-gap move. ``updates`` (id -> new tuple) replace
        spans outright. The other spans an edit touches leave the index and are
        returned (old tuples) for the caller to carry or drop.

        Per length class, the spans sure to end before the next edit (they start at
        least ``2**k`` before it) are shifted by slices; only the few near an edit are
        looked at one by one. Spans before the first edit are not touched at all.
        """
        for sid in updates:
            self.remove(sid)
        if edits:
            e_starts = [e.start for e in edits]
            e_ends = [e.end for e in edits]
            shifts, total = [0], 0  # shifts[g]: shift of the gap after g edits
            for e in edits:
                total += e.delta
                shifts.append(total)
            touched: list[int] = []
            for k in list(self._starts):
                self._starts[k], self._ids[k] = self._shift_class(k, e_starts, e_ends, shifts, touched)
        else:
            touched = []
        gone = [self.spans.pop(sid) for sid in touched]
        self._added.difference_update(touched)
        for sid, start, end, label in updates.values():
            self.add(sid, start, end, label)
        return gone

    def _shift_class(
        self, k: int, e_starts: list[int], e_ends: list[int], shifts: list[int], touched: list[int]
    ) -> tuple[list[int], list[int]]:
        """One length class of :meth:`apply_edits`: the new sorted arrays. The spans of
        a class are disjoint from the others', so their tuples are replaced in place
        (a plain loop assigning existing keys is the fastest way measured: ~0.14 us
        a span)."""
        starts, ids, spans = self._starts[k], self._ids[k], self.spans
        reach = 1 << k  # a span of this class is shorter than this
        n = len(e_starts)
        out_s: list[int] = []
        out_i: list[int] = []
        prev_b = 0
        for g in range(n + 1):
            a = bisect_left(starts, e_ends[g - 1], prev_b) if g else 0
            b = bisect_left(starts, e_starts[g], a) if g < n else len(starts)
            touched.extend(ids[prev_b:a])  # they start inside edit g - 1
            # [a, c): sure to end at or before the next edit's start; [c, b): check
            c = bisect_right(starts, e_starts[g] - reach + 1, a, b) if g < n else b
            sh = shifts[g]
            if sh == 0:
                out_s.extend(starts[a:c])
                out_i.extend(ids[a:c])
            else:
                out_s.extend([s + sh for s in starts[a:c]])
                chunk = ids[a:c]
                out_i.extend(chunk)
                for sid in chunk:
                    t = spans[sid]
                    spans[sid] = (sid, t[1] + sh, t[2] + sh, t[3])
            limit = e_starts[g] if g < n else None
            for i in range(c, b):
                sid = ids[i]
                t = spans[sid]
                if limit is not None and t[2] > limit:
                    touched.append(sid)
                    continue
                out_s.append(starts[i] + sh)
                out_i.append(sid)
                if sh:
                    spans[sid] = (sid, t[1] + sh, t[2] + sh, t[3])
            prev_b = b
        return out_s, out_i
