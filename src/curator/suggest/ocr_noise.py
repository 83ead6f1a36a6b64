"""OCR clean-up proposals: noise zones and small edits that a historian accepts or rejects.

Detectors (all linear in the text):

* noise lines: garbled lines (symbol debris, letter/digit soup, mixed scripts), running
  headers/footers repeated across pages, lone page numbers, web boilerplate
  (:mod:`curator.suggest.boilerplate`). A noise zone covers the line *and* the blank lines
  around it, so that the text on both sides rejoins: a sentence cut by a header keeps one
  line break ("North\\nKorea’s"); a real paragraph break keeps its blank line.
* layout breaks: "indus-\\ntry" → "industry" (or "self-\\nreliant" → "self-reliant"), a
  single line break inside a sentence → " ", blank lines inside a sentence → " ".
* merged and split words ("Inregard" → "In regard", "indus try" → "industry"), judged with
  the English unigram and bigram frequency lists that ship inside the ``symspellpy``
  wheel (never downloaded). Deliberately conservative: only Latin words, never numbers,
  Hangul or hyphenated names; a capitalised word is split only when the pair is a known
  bigram, so names like "Juche" or "Chang-ok" are never touched.

:func:`propose_cleanups` is pure: it only detects. Storing the proposals is the use-case
:func:`curator.services.cleanup.propose_for_document`.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from curator.suggest.boilerplate import boilerplate_lines


@dataclass(frozen=True)
class Cleanup:
    start: int  # code points into the text given
    end: int
    original: str  # == text[start:end]
    replacement: str  # "" for a noise zone
    kind: str  # "edit" | "noise"
    reason: str  # one line a historian understands
    score: float  # confidence 0..1


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, int]  # lower-case word -> corpus count (min ~12,700)
    bigrams: dict[str, int]  # "word word" -> count (min 6.4 M)


@cache
def lexicon() -> Lexicon:
    """English frequencies from the symspellpy package data, loaded once (~0.7 s).

    Plain dicts rather than a ``SymSpell`` object: we need counts, not edit-distance
    lookups, and building SymSpell's delete index costs ~2 s for nothing here."""
    pkg = resources.files("symspellpy")
    words: dict[str, int] = {}
    for line in (pkg / "frequency_dictionary_en_82_765.txt").read_text(encoding="utf-8").splitlines():
        word, _, count = line.partition(" ")
        if count:
            words[word] = int(count)
    bigrams: dict[str, int] = {}
    for line in (pkg / "frequency_bigramdictionary_en_243_342.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) == 3:
            bigrams[f"{parts[0]} {parts[1]}"] = int(parts[2])
    return Lexicon(words, bigrams)


# --------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class _Line:
    index: int
    start: int  # offset of the first character
    end: int  # offset of the "\n" ending it (or len(text))
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for i, part in enumerate(text.split("\n")):
        out.append(_Line(i, pos, pos + len(part), part))
        pos += len(part) + 1
    return out


_EDGE_PUNCT = "\"'“”‘’«»,.;:!?"
_OCR_DEBRIS = set("|¦{}\\<>_^¬§¤¢©®")
_NEUTRAL_SYMBOLS = set("+°×·&~/=%$€£¥₩–—…")
_NUMBER = re.compile(r"[$€£¥₩]?[\d][\d.,~\-–/%]*")
_ORDINAL_OK = re.compile(r"\d+(?:st|nd|rd|th|s|'s|’s|km|kg|cm|mm|m|am|pm|a|b)|[A-Z]{1,5}-?\d+[A-Za-z]?", re.I)
_TOKEN_SPLIT = re.compile(r"[\s()]+")


_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC_GREEK = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")
# A line needs a closer look only if it holds a character outside letters, digits, spaces
# and everyday punctuation, a letter glued to a digit, or Cyrillic/Greek letters. This
# regex pass keeps the detector at a few M characters per second on clean prose.
_SUSPECT = re.compile(
    r"[^\w\s\-'’‘“”\"«».,;:!?()\[\]·…–—*#@†‡]|_|[A-Za-z]\d|\d[A-Za-z]|[\u0370-\u03ff\u0400-\u04ff]"
)


def _is_symbol(ch: str) -> bool:
    return ch in _OCR_DEBRIS or unicodedata.category(ch)[0] == "S"


def _token_class(tok: str) -> str:
    """"number", "garbled", "unknown" (Latin non-word), "name" or "ok"."""
    core = tok.strip(_EDGE_PUNCT)
    if not core:
        return "ok"
    if _NUMBER.fullmatch(core):
        return "number"
    if len(core) == 1 and not core.isalnum():
        return "ok"  # a lone "&", "|" or "=" between words
    if any(_is_symbol(ch) and ch not in _NEUTRAL_SYMBOLS for ch in core):
        return "garbled"
    has_latin = _LATIN.search(core) is not None
    if has_latin and any(ch.isdigit() for ch in core) and not _ORDINAL_OK.fullmatch(core):
        return "garbled"
    if has_latin and _CYRILLIC_GREEK.search(core):
        return "garbled"
    if core.isascii() and core.isalpha():
        if core.lower() in lexicon().words:
            return "ok"
        return "name" if core[0].isupper() and core[1:].islower() else "unknown"
    return "ok"


def _garbled_reason(line: str) -> str | None:
    if not _SUSPECT.search(line):
        return None
    tokens = [t for t in _TOKEN_SPLIT.split(line) if t]
    if not tokens:
        return None
    classes = [_token_class(t) for t in tokens]
    words = [c for c in classes if c != "number"]
    g = classes.count("garbled")
    u = classes.count("unknown") + 0.5 * classes.count("name")
    visible = [ch for ch in line if not ch.isspace()]
    symbols = sum(_is_symbol(ch) for ch in visible)
    garbled = (g >= 2 and g >= 0.3 * len(words)) or (
        g >= 1 and len(words) >= 2 and (g + u) >= 0.6 * len(words)
    ) or (len(visible) >= 3 and symbols >= 0.3 * len(visible) and len(set(visible)) > 2)
    if not garbled:
        return None
    page = _edge_page_number(tokens)
    if page:
        return f"garbled line (OCR noise), probably a running header with page number {page}"
    return "garbled line (OCR noise: symbols and non-words)"


def _edge_page_number(tokens: list[str]) -> str | None:
    for tok in (tokens[-1], tokens[0]):
        if re.fullmatch(r"\d{1,4}", tok):
            return tok
    return None


_LONE_PAGE = re.compile(
    r"[\s\-–—]*(?:(?:p\.|page|pp\.)\s*)?(\d{1,4})(?:\s*/\s*\d{1,4})?\s*(?:쪽|페이지)?[\s\-–—]*", re.I
)
_NOT_HEADER = re.compile(r"(chapter|section|part|table|figure|fig\.|제\s*#|표\s*#|그림\s*#)", re.I)


def _noise_lines(text: str, lines: list[_Line]) -> dict[int, tuple[str, float]]:
    """Line index -> (reason, score) for every line that is noise as a whole."""
    found: dict[int, tuple[str, float]] = {}
    for b in boilerplate_lines(text):
        found[b.line_index] = (b.reason, b.score)
    number_only = [bool(_LONE_PAGE.fullmatch(ln.text)) and not ln.blank for ln in lines]
    content = [ln.index for ln in lines if not ln.blank]
    pos_in_content = {idx: k for k, idx in enumerate(content)}
    keys: dict[int, str] = {}
    for ln in lines:
        if ln.blank or ln.index in found:
            continue
        if number_only[ln.index]:
            k = pos_in_content[ln.index]
            neighbours = [content[j] for j in (k - 1, k + 1) if 0 <= j < len(content)]
            if not any(number_only[j] for j in neighbours):
                num = _LONE_PAGE.fullmatch(ln.text).group(1)
                found[ln.index] = (f"lone page number {num}", 0.8)
            continue
        why = _garbled_reason(ln.text)
        if why is not None:
            found[ln.index] = (why, 0.75)
            continue
        stripped = ln.text.strip()
        if 8 <= len(stripped) <= 120:
            keys[ln.index] = re.sub(r"\s+", " ", re.sub(r"\d+", "#", stripped.lower()))
    counts = Counter(keys.values())
    for idx, key in keys.items():
        n = counts[key]
        if n >= 3 and not _NOT_HEADER.match(key) and not key.endswith((".", "다.")):
            page = re.search(r"\d+", lines[idx].text)
            extra = f" with page number {page.group()}" if page else ""
            found[idx] = (f"running header/footer repeated on {n} pages{extra}", 0.85)
    return found


# --------------------------------------------------------------------------- breaks

_TERMINAL = tuple(".!?。？！:;")
_CLOSERS = "\"'”’)]»"
_LIST_START = re.compile(r"\s*(?:[•·*\-–—▶►※]|\d{1,3}[.)]\s|[a-z][.)]\s|\(\d{1,3}\))")
_HYPHEN_END = re.compile(r"([A-Za-z]+)-$")
_WORD_START = re.compile(r"([a-z]+)")


def _continues(prev: str, nxt: str) -> bool:
    """Does the sentence of ``prev`` (a line) go on in ``nxt``?"""
    p = prev.rstrip().rstrip(_CLOSERS)
    if not p or p.endswith(_TERMINAL):
        return False
    return not _LIST_START.match(nxt)


def _break_cleanups(text: str, lines: list[_Line], noise: dict[int, tuple[str, float]]) -> list[Cleanup]:
    out: list[Cleanup] = []
    content = [ln for ln in lines if not ln.blank and ln.index not in noise]
    if not content:
        return out
    # noise runs at the start and the end of the document
    firsts = [i for i in sorted(noise) if i < content[0].index]
    out += _zones(text, lines, noise, firsts, 0, content[0].start)
    lasts = [i for i in sorted(noise) if i > content[-1].index]
    out += _zones(text, lines, noise, lasts, content[-1].end, len(text))
    noise_sorted = sorted(noise)
    for a, b in zip(content, content[1:]):
        lo = bisect_left(noise_sorted, a.index)
        inside = noise_sorted[lo:bisect_left(noise_sorted, b.index)]
        cont = _continues(a.text, b.text)
        if inside:
            # across noise, only prose (a long line, or a lower-case continuation) rejoins
            prose = len(a.text.strip()) >= 40 or b.text.lstrip()[:1].islower()
            keep_blank = not (cont and prose) and lines[a.index + 1].blank
            r0 = lines[a.index + 1].end + 1 if keep_blank else a.end + 1
            out += _zones(text, lines, noise, inside, r0, b.start)
            continue
        if not cont:
            continue
        left = a.start + len(a.text.rstrip())
        right = b.start + (len(b.text) - len(b.text.lstrip()))
        gap = b.index - a.index
        hy = _HYPHEN_END.search(a.text.rstrip())
        nxt = _WORD_START.match(b.text.lstrip())
        if gap == 1 and hy and nxt:
            out.append(_hyphenation(text, left - 1, right, hy.group(1), nxt.group(1)))
        elif gap == 1 and len(a.text.strip()) >= 20:
            out.append(_edit(text, left, right, " ", "line break from page layout", 0.7))
        elif gap > 1 and (b.text.lstrip()[:1].islower() or a.text.rstrip().endswith(",")):
            out.append(_edit(text, left, right, " ",
                             "paragraph break from page layout inside a sentence", 0.6))
    return out


def _zones(text: str, lines: list[_Line], noise: dict[int, tuple[str, float]],
           indices: list[int], r0: int, r1: int) -> list[Cleanup]:
    """One noise zone ``[r0, r1)`` for a run of noise lines (blank lines go along).

    A run is one zone, not one per line: zones that touch would leave each other stale
    when only one is accepted."""
    if not indices or r1 <= r0:
        return []
    reasons = list(dict.fromkeys(noise[i][0] for i in indices))
    score = min(noise[i][1] for i in indices)
    reason = "; ".join(reasons) if len(reasons) <= 3 else f"{len(indices)} lines: " + "; ".join(reasons[:3]) + "; …"
    return [Cleanup(r0, r1, text[r0:r1], "", "noise", reason, score)]


def _edit(text: str, start: int, end: int, replacement: str, reason: str, score: float) -> Cleanup:
    return Cleanup(start, end, text[start:end], replacement, "edit", reason, score)


def _hyphenation(text: str, start: int, end: int, left: str, right: str) -> Cleanup:
    words = lexicon().words
    joined = (left + right).lower()
    if joined in words:
        return _edit(text, start, end, "", f"word “{left + right}” hyphenated at a line end", 0.85)
    if left.lower() in words and right.lower() in words:
        return _edit(text, start, end, "-", f"hyphenated compound “{left}-{right}” broken at a line end", 0.7)
    return _edit(text, start, end, "", "word hyphenated at a line end", 0.5)


# --------------------------------------------------------------------------- words

_WORD = re.compile(r"(?<![\w'’\-])[A-Za-z]+(?![\w'’\-])")
_MIN_SPLIT_LEN = 5
_STRONG = 2_000_000  # count above which a part is an everyday word


_SUFFIXES = ("s", "es", "ed", "d", "ing", "ly", "er", "ers", "est", "ies", "ied")


def _known(low: str) -> bool:
    """A dictionary word, or an inflection of one ("rubles", "improvised")."""
    words = lexicon().words
    if low in words:
        return True
    for suf in _SUFFIXES:
        if low.endswith(suf) and len(low) > len(suf) + 2:
            stem = low[: -len(suf)]
            if stem in words or stem + "e" in words or (suf.startswith("i") and stem + "y" in words):
                return True
    return False


def _split_merged(tok: str) -> tuple[str, str, bool] | None:
    """Best split of an unknown token into two known words: (left, right, bigram-backed)."""
    lex = lexicon()
    low = tok.lower()
    best: tuple[float, str, str, bool] | None = None
    for i in range(1, len(tok)):
        a, b = low[:i], low[i:]
        ca, cb = lex.words.get(a), lex.words.get(b)
        if ca is None or cb is None or (len(a) == 1 and a not in "ai") or len(b) == 1:
            continue
        bigram = lex.bigrams.get(f"{a} {b}")
        if bigram is not None:
            cand = (float(bigram) * 1e6, a, b, True)
        elif len(a) >= 4 and len(b) >= 4 and min(ca, cb) >= _STRONG:
            cand = (float(min(ca, cb)), a, b, False)
        else:
            continue
        if best is None or cand[0] > best[0]:
            best = cand
    if best is None:
        return None
    _, a, b, backed = best
    return tok[:len(a)], tok[len(a):], backed


def _word_cleanups(text: str) -> list[Cleanup]:
    out: list[Cleanup] = []
    prev: re.Match[str] | None = None
    for m in _WORD.finditer(text):
        tok = m.group()
        low = tok.lower()
        known = _known(low)
        if not known and len(tok) >= _MIN_SPLIT_LEN and (tok.islower() or tok[1:].islower()):
            split = _split_merged(tok)
            if split and (split[2] or tok.islower()):
                a, b, backed = split
                out.append(_edit(text, m.start(), m.end(), f"{a} {b}",
                                 f"two words run together by OCR: “{a} {b}”", 0.85 if backed else 0.6))
        if prev is not None and prev.end() + 1 == m.start() and text[prev.end()] == " " and tok.islower():
            merged = _merge_split(prev.group(), tok)
            if merged:
                out.append(_edit(text, prev.start(), m.end(), merged,
                                 f"word split by OCR: “{merged}”", 0.7))
        prev = m
    return out


def _merge_split(a: str, b: str) -> str | None:
    """``a + b`` if "a b" is a word broken in two ("indus try"), else None."""
    if not (a.islower() or a[1:].islower()):
        return None
    lex = lexicon()
    merged = (a + b).lower()
    cm = lex.words.get(merged)
    if cm is None or cm < 1_000_000 or f"{a.lower()} {b}" in lex.bigrams:
        return None
    ca, cb = lex.words.get(a.lower(), 0), lex.words.get(b, 0)
    if min(ca, cb) >= 1_000_000 or cm < 20 * min(ca, cb):
        return None
    return a + b


# --------------------------------------------------------------------------- public

_PRIORITY = {"noise": 2, "edit": 1}


def propose_cleanups(text: str) -> list[Cleanup]:
    """All clean-up proposals for ``text``, sorted by start, never overlapping or touching.

    Where proposals collide, noise zones win over edits and layout edits over word edits;
    proposals that merely touch are also kept apart, because accepting one would leave
    the other stale."""
    lines = _lines(text)
    noise = _noise_lines(text, lines)
    cands = [(2, c) for c in _break_cleanups(text, lines, noise)]
    cands += [(0, c) for c in _word_cleanups(text)]
    cands.sort(key=lambda pc: (-pc[0] - _PRIORITY[pc[1].kind], pc[1].start))
    taken: list[tuple[int, int]] = []
    kept: list[Cleanup] = []
    for _, c in cands:
        i = bisect_left(taken, (c.start, c.end))
        if i > 0 and taken[i - 1][1] >= c.start:
            continue
        if i < len(taken) and taken[i][0] <= c.end:
            continue
        taken.insert(i, (c.start, c.end))
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    return kept
