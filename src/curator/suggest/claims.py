"""Candidate claims: sentences that carry a cue phrase ("this study", "I demonstrate",
"본 연구는", "분석하였다"…), ranked by the strength of their cues.

Sentence segmentation is rule-based and linear, for English and Korean:

* a sentence ends at ``.``, ``?``, ``!`` (or their full-width forms), after any closing
  quotes or brackets, when whitespace or the end of text follows; not after a known
  abbreviation ("no.", "e.g.", "Dr.") or a single capital letter ("J. Smith"), and not
  when the next word starts with a lower-case letter or a digit ("factory no. 65");
  after a Hangul syllable ("…하였다. 5개년계획…") a full stop always ends the sentence;
* a single newline never ends a sentence (OCR and scraped text break lines anywhere);
* a blank line ends a sentence, except after a long paragraph (``PROSE_MIN`` characters)
  that stops without end punctuation: then the text runs on across the break, which
  carries a sentence over an OCR page break and its running header;
* sentences longer than ``MAX_SENTENCE`` are cut at line breaks, then at spaces.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from curator.suggest.base import Suggestion

PROSE_MIN = 200
MAX_SENTENCE = 1500
SUMMARY_CHARS = 120
MIN_SCORE = 0.5  # a sentence is offered only if its cues reach this

_PARA_BREAK = re.compile(r"\n[ \t\u3000]*\n\s*")
_END = re.compile(r"[.?!。？！]+['\"’”)\]」』]*(?=\s|$)")
_TERMINAL = re.compile(r"[.?!。？！:]['\"’”)\]」』]*$")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.*$")
ABBREVIATIONS = frozenset(
    "no nos vol vols p pp ed eds e.g i.e cf al fig figs mr mrs ms dr prof st jr sr vs "
    "ca approx est dept univ jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co "
    "corp gen col lt capt gov rev art sec ch chap".split()
)

# Cue phrases and their weights. They are expanded into plain literals (both initial
# cases for English) and searched with one alternation of literals, which the regex
# engine scans fast; English cues must stand as whole words.
_SUBJECTS_EN = ("study", "paper", "article", "research", "book", "thesis", "chapter", "essay")
_VERBS_EN = (
    "argue", "demonstrate", "show", "analyze", "analyse", "examine", "explore", "investigate",
    "propose", "contend", "conclude", "focus", "trace", "reveal", "identify", "find", "found",
    "tried to", "try to", "aim to", "seek to", "suggest",
)
STRONG_EN = (
    [f"this {w}" for w in _SUBJECTS_EN]
    + [f"the {w}" for w in ("study", "paper", "article", "present study", "research")]
    + [f"{who} {v}" for who in ("I", "we") for v in _VERBS_EN]
    + ["our findings", "our results", "our analysis", "findings show", "findings suggest"]
)
MEDIUM_EN = [
    "in conclusion", "as a result", "contributed to", "led to", "thus,", "therefore",
    "consequently", "accordingly", "in essence",
]
STRONG_KO = [
    "본 연구는", "본연구는", "본 연구에서는", "본 연구의", "본고는", "본고에서는", "본 논문은",
    "본 논문에서는", "이 글은", "이 글에서는", "이 연구는", "이 연구에서는", "필자는",
    "밝혔다", "밝히고자", "밝혀내", "분석하였다", "분석했다", "분석하고자", "검토하였다",
    "검토했다", "검토하고자", "고찰하였다", "고찰했다", "규명하였다", "규명하고자",
    "살펴보고자", "살펴보았다", "주장하였다", "주장한다", "논증하였다", "제시하였다", "추적하였다",
]
MEDIUM_KO = ["이를 통해", "그 결과", "결과적으로", "따라서", "원인이 되었다", "원인이었다",
             "확인하였다", "보여준다", "알 수 있다"]


def _cue_table() -> dict[str, float]:
    table: dict[str, float] = {}
    for phrases, weight in ((MEDIUM_EN, 0.5), (STRONG_EN, 1.0)):
        for p in phrases:
            table[p] = weight
            table[p[0].upper() + p[1:]] = weight
    for phrases, weight in ((MEDIUM_KO, 0.5), (STRONG_KO, 1.0)):
        for p in phrases:
            table[p] = weight
    return table


def trie_pattern(words: list[str]) -> str:
    """One regex for a set of literals, factored by common prefixes ("th(?:is|e)").

    The engine then tests each text position against a few first characters instead of
    every phrase, which makes the cue search about four times faster on long texts.
    Longer alternatives come first, so the longest phrase at a position wins.
    """
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        ends = "" in node
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if ends else body

    return build(trie)


CUES: dict[str, float] = _cue_table()
_CUES = re.compile(trie_pattern(list(CUES)))


def _whole_word(text: str, start: int, end: int) -> bool:
    """English cues must not be glued to letters: "I show" is not in "AI shows"."""
    if not text[start].isascii():
        return True
    if start > 0 and text[start - 1].isalpha():
        return False
    last = text[end - 1]
    return not (last.isalpha() and end < len(text) and text[end].isalpha())


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans, runs of prose joined across breaks where no sentence ended."""
    raw: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA_BREAK.finditer(text):
        raw.append(_strip_span(text, pos, m.start()))
        pos = m.end()
    raw.append(_strip_span(text, pos, len(text)))
    merged: list[tuple[int, int]] = []
    for start, end in raw:
        if start == end:
            continue
        if merged:
            ps, pe = merged[-1]
            if pe - ps >= PROSE_MIN and not _TERMINAL.search(text, max(ps, pe - 4), pe):
                merged[-1] = (ps, end)
                continue
        merged.append((start, end))
    return merged


def _is_boundary(text: str, dot_start: int, after: int) -> bool:
    if dot_start > 0 and "\uac00" <= text[dot_start - 1] <= "\ud7a3":
        return True  # Korean sentences end in "다." / "요." whatever follows
    if text[dot_start] == ".":
        w = _WORD_BEFORE.search(text, max(0, dot_start - 12), dot_start + 1)
        if w:
            word = w.group(1)
            if word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isupper()):
                return False
            # "e.g." / "i.e." / "U.S.": a dotted sequence of single letters
            if dot_start >= 2 and text[dot_start - 2] == "." and len(word) == 1:
                return False
    i = after
    n = len(text)
    while i < n and text[i] in " \t\n":
        i += 1
    if i < n and (text[i].islower() or text[i].isdigit()):
        return False
    return True


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= MAX_SENTENCE:
        return [(start, end)]
    out: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE:
        cut = text.rfind("\n", start + 1, start + MAX_SENTENCE)
        if cut <= start:
            cut = text.rfind(" ", start + 1, start + MAX_SENTENCE)
        if cut <= start:
            cut = start + MAX_SENTENCE
        s, e = _strip_span(text, start, cut)
        if s < e:
            out.append((s, e))
        start = cut
    s, e = _strip_span(text, start, end)
    if s < e:
        out.append((s, e))
    return out


def sentences(text: str) -> list[Sentence]:
    """Sentence spans of ``text`` (English and Korean), in order, whitespace-trimmed."""
    out: list[Sentence] = []
    for pstart, pend in _paragraphs(text):
        pos = pstart
        for m in _END.finditer(text, pstart, pend):
            if not _is_boundary(text, m.start(), m.end()):
                continue
            out.extend(Sentence(s, e) for s, e in _cut_long(text, *_strip_span(text, pos, m.end())))
            pos = m.end()
        if pos < pend:
            out.extend(Sentence(s, e) for s, e in _cut_long(text, *_strip_span(text, pos, pend)))
    return out


def summarize(sentence: str, limit: int = SUMMARY_CHARS) -> str:
    """The sentence with whitespace collapsed, cut at a word boundary near ``limit``."""
    flat = " ".join(sentence.split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", limit // 2, limit)
    return flat[: cut if cut > 0 else limit].rstrip(" ,;:") + "…"


def suggest_claims(text: str) -> list[Suggestion]:
    """Sentences with cue phrases, sorted by start; score = strongest cue + 0.1 per extra."""
    sents = sentences(text)
    if not sents:
        return []
    starts = [s.start for s in sents]
    cues: dict[int, list[tuple[float, str]]] = {}
    for m in _CUES.finditer(text):
        i = bisect_right(starts, m.start()) - 1
        if i < 0 or m.start() >= sents[i].end or not _whole_word(text, m.start(), m.end()):
            continue
        cues.setdefault(i, []).append((CUES[m.group(0)], m.group(0)))
    out: list[Suggestion] = []
    for i, found in sorted(cues.items()):
        found.sort(key=lambda c: -c[0])
        score = min(1.0, found[0][0] + 0.1 * (len(found) - 1))
        if score < MIN_SCORE:
            continue
        s = sents[i]
        quote = text[s.start : s.end]
        phrases = ", ".join(dict.fromkeys(f'"{p}"' for _, p in found[:3]))
        out.append(Suggestion("claim", s.start, s.end, quote, {"summary": summarize(quote)},
                              f"cue {phrases}", round(score, 2)))
    return out
