"""Guesses at a document's metadata from its text: title, authors, source (a DOI),
languages. Text in, guess out: no store, so the import services and the re-decoding
service share them without importing each other."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff\U00020000-\U0002a6df]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_STOPWORDS = {
    "en": {"the", "of", "and", "to", "in", "is", "was", "that", "with"},
    "de": {"der", "die", "das", "und", "ist", "nicht", "mit", "von"},
    "fr": {"le", "la", "les", "et", "est", "des", "une", "dans"},
}
_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+")
DOI_SCAN_CHARS = 200_000
# languages are guessed from the first million characters: a 20 MB text in one script is
# one block, whose regex scans held the GIL for seconds (the window froze during imports)
LANGUAGE_SCAN_CHARS = 1_000_000
_NOT_AUTHORS = {"abstract", "accredited", "keywords", "home", "introduction", "초록", "요약"}


@dataclass(frozen=True)
class Metadata:
    title: str
    authors: str
    year: int | None
    source: str
    languages: tuple[str, ...]


def _script(line: str) -> str | None:
    counts = {
        "ko": len(_HANGUL.findall(line)),
        "ja": len(_KANA.findall(line)),
        "zh": len(_HAN.findall(line)),
        "ru": len(_CYRILLIC.findall(line)),
        "latin": len(_LATIN.findall(line)),
    }
    script, n = max(counts.items(), key=lambda kv: kv[1])
    if not n:
        return None
    return "ja" if script == "zh" and counts["ja"] else script


def block_language(block: str) -> str | None:
    """The language of a run of text in one script; None when too short to say
    (a title line, a page number, a menu item) or an unrecognised Latin language."""
    script = _script(block)
    letters = len(_LATIN.findall(block)) if script == "latin" else len(block.strip())
    if script is None or letters < 20:
        return None
    if script != "latin":
        return script
    words = set(re.findall(r"[a-zà-ÿ]+", block.lower()))
    scores = {lang: len(words & stop) for lang, stop in _STOPWORDS.items()}
    lang, hits = max(scores.items(), key=lambda kv: kv[1])
    return lang if hits >= 2 else None


def guess_languages(text: str) -> tuple[str, ...]:
    """Languages present, most text first: consecutive lines in one script form a
    block (a Korean abstract followed by its English version are two blocks even with
    no blank line between), and each block is classified by script, and for Latin
    script by common words."""
    weight: dict[str, int] = {}
    block: list[str] = []
    block_script: str | None = None

    def close() -> None:
        lang = block_language("\n".join(block))
        if lang:
            weight[lang] = weight.get(lang, 0) + sum(len(b) for b in block)

    for line in text.split("\n"):
        script = _script(line)
        if script is None:
            continue
        if script != block_script and block:
            close()
            block = []
        block_script = script
        block.append(line)
    if block:
        close()
    return tuple(sorted(weight, key=lambda k: -weight[k]))


def guess_authors(text: str, title: str) -> str:
    """A short name line among the few lines after the title, e.g. "Zhang, Chao(Seoul
    National University)" -> "Zhang, Chao"; "Soo-Ryong Jo 1" -> "Soo-Ryong Jo".
    Empty when no line looks like a name: a wrong guess is worse than none."""
    seen_title = False
    candidates = 0
    for raw in text.split("\n")[:40]:
        line = " ".join(raw.split())
        if not line:
            continue
        if line in title and not candidates:
            seen_title = True
            continue
        if not seen_title:
            continue
        candidates += 1
        if candidates > 4 or len(line) > 80 or line.lower() in _NOT_AUTHORS:
            return ""
        name = re.sub(r"\s*\(.*\)\s*$", "", line)  # affiliation in brackets
        name = re.sub(r"\s+\d{1,2}$", "", name)  # footnote marker
        parts = [p for p in re.split(r"[,\s]+", name) if p]
        if 2 <= len(parts) <= 6 and all(p[:1].isupper() for p in parts) and not re.search(r"\d", name):
            return name
    return ""


def guess_metadata(text: str, title: str) -> Metadata:
    # the head only: an article's own DOI is on its first pages (one in the references
    # is another work's), and one regex call over 20 MB holds the GIL for half a second
    doi = _DOI.search(text, 0, DOI_SCAN_CHARS)
    return Metadata(
        title=title,
        authors=guess_authors(text, title),
        year=None,
        source=f"https://doi.org/{doi.group(0).rstrip('.,;')}" if doi else "",
        languages=guess_languages(text[:LANGUAGE_SCAN_CHARS]),
    )


def guess_title(text: str, fallback: str) -> str:
    """The first paragraph with real words in it (lines of fewer than 8 characters, such
    as a site's "Home" link, are passed over), cut at its first sentence when long."""
    paragraph: list[str] = []
    for line in text.split("\n")[:60]:
        line = " ".join(line.split())
        if not line:
            if paragraph:
                break
            continue
        if not paragraph and (len(line) < 8 or sum(ch.isalpha() for ch in line) < 4):
            continue
        paragraph.append(line)
    title = " ".join(paragraph)
    if not title:
        return fallback
    if len(title) > 160:
        for mark in (". ", "다. ", "? "):
            cut = title.find(mark, 20, 200)
            if cut != -1:
                return title[: cut + len(mark) - 1]
        return title[:120].rstrip() + "…"
    return title
