"""Web-page boilerplate lines: site navigation, badges, cookie and login notices.

Texts copied from journal sites (KCI, RISS, publishers) keep the page's chrome:
"본문 바로가기" (skip to content), "• Home", "Accredited", "Citation status", a notice
that references are "currently being built". None of it belongs to the document.

Two sources of evidence, each line judged on its own:

* a curated list of patterns (English and Korean), anywhere in the text: score 0.9;
* a heuristic for short navigation-like lines (bullets, breadcrumbs, menu words) in the
  head or tail of the document, before the first / after the last long line of prose:
  score 0.6. Headings such as "ABSTRACT", author lines and affiliations are not
  navigation-like and are left alone.

:func:`boilerplate_lines` only classifies lines; :mod:`curator.suggest.ocr_noise` turns
them into noise zones together with the garbled-line and page-number detectors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Whole-line patterns (matched against the stripped line with leading bullets removed,
# case-insensitively). Each comes with the reason shown to the historian.
_EXACT: tuple[tuple[str, str], ...] = (
    # Korean site chrome
    (r"본문\s*바로\s*가기", "site navigation link “skip to content”"),
    (r"(주\s*)?메뉴\s*바로\s*가기|전체\s*메뉴(\s*(열기|닫기))?|메뉴\s*(열기|닫기)", "site menu link"),
    (r"로그인|로그아웃|회원\s*가입|아이디\s*찾기|비밀번호\s*찾기|마이\s*페이지", "login/account link"),
    (r"사이트\s*맵|홈|홈으로|처음으로|맨\s*위로|위로\s*가기|이전\s*페이지|다음\s*페이지", "site navigation link"),
    (r"(KCI\s*)?등재(후보)?(\s*학술지)?|인용\s*현황|피인용\s*(수|횟수)?|원문\s*(보기|다운로드)|"
     r"PDF\s*(다운로드|보기)|공유하기|인쇄하기|목록으로?|검색(하기)?", "journal site widget"),
    (r"개인정보\s*처리\s*방침|이용\s*약관|저작권\s*정책|이메일\s*무단\s*수집\s*거부", "site footer link"),
    (r".*무단\s*(전재|복제).*", "copyright notice of the web site"),
    (r".*쿠키.*(사용|허용|동의|정책|설정).*", "cookie notice"),
    # English site chrome
    (r"skip\s+to\s+(main\s+)?(content|navigation|menu)", "site navigation link “skip to content”"),
    (r"home|home\s*page|main\s+menu|menu|close\s+menu|open\s+menu|sitemap|site\s+map|"
     r"back\s+to\s+top|top|go\s+to\s+top|previous\s+page|next\s+page", "site navigation link"),
    (r"log\s*in|log\s*out|sign\s*in|sign\s*up|sign\s*out|register|my\s+account|"
     r"create\s+(an\s+)?account|forgot(ten)?\s+(your\s+)?password\??", "login/account link"),
    (r"accredited|kci\s+accredited(\s+journal)?|citation\s+status|cited\s+by(\s+\d+)?|"
     r"(export|download)\s+citations?|download\s+pdf|view\s+pdf|full\s+text\s+pdf|"
     r"share(\s+this(\s+article)?)?|print(\s+this\s+page)?|open\s+access|google\s+scholar|"
     r"crossref|altmetrics?|article\s+metrics|abstract\s+views?(\s*:?\s*\d+)?|"
     r"(pdf\s+)?downloads?(\s*:?\s*\d+)?|views?\s*:?\s*\d+", "journal site widget"),
    (r"\*?\s*references\s+for\s+papers\s+published\s+after\s+\d{4}\s+are\s+currently\s+being\s+built\.?",
     "site notice that the reference list is still being built"),
    (r"privacy(\s+policy)?|terms\s+(of\s+(use|service)|and\s+conditions)|contact\s+us|about\s+us|"
     r"accessibility(\s+statement)?|cookie\s+(policy|settings|preferences)", "site footer link"),
    (r"(copyright\s*)?(©|\(c\))\s*.{0,80}|copyright\s+(©\s*)?\d{4}.{0,80}", "copyright notice of the web site"),
    (r".*all\s+rights\s+reserved\.?", "copyright notice of the web site"),
    (r".*\b(we|this\s+(site|website))\s+uses?\s+cookies\b.*|accept(\s+all)?\s+cookies|"
     r"reject(\s+all)?\s+cookies|manage\s+cookies", "cookie notice"),
)
_EXACT_RX = tuple((re.compile(rf"(?:{p})", re.IGNORECASE), why) for p, why in _EXACT)

_BULLET = "•·*-–—›»>▶►▸◦○●■□※"
_LEADING_BULLETS = re.compile(rf"^[\s{re.escape(_BULLET)}]+")
_BREADCRUMB = re.compile(r"\s(?:>|›|»|\||/|::)\s")
# Words seen in menus; a short line made only of these is navigation.
_NAV_WORDS = frozenset(
    """home menu search login logout register about contact journal journals issues issue
    current archive archives articles article submission submissions editorial board authors
    author guidelines news notice notices english korean 한국어 english 소개 학회소개 논문
    논문검색 학술지 발간 공지사항 자료실 게시판 검색 홈 로그인 회원가입 사이트맵 영문""".split()
)
_MAX_NAV_CHARS = 40
_LONG_LINE = 80  # a line this long is prose: the head/tail zones stop there


@dataclass(frozen=True)
class BoilerplateLine:
    line_index: int  # 0-based index into text.split("\n")
    reason: str
    score: float


def match_curated(line: str) -> str | None:
    """The reason if ``line`` (one line, any whitespace) is a known boilerplate line."""
    core = _LEADING_BULLETS.sub("", line).strip()
    if not core or len(core) > 160:
        return None
    for rx, why in _EXACT_RX:
        if rx.fullmatch(core):
            return why
    return None


def _navigation_like(line: str) -> str | None:
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_NAV_CHARS * 3:
        return None
    core = _LEADING_BULLETS.sub("", stripped).strip()
    if not core:
        return None
    parts = [p.strip() for p in _BREADCRUMB.split(" " + core + " ") if p.strip()]
    if len(parts) >= 3 and all(len(p) <= 25 for p in parts):
        return "breadcrumb navigation of the web site"
    if len(core) > _MAX_NAV_CHARS:
        return None
    words = re.findall(r"\w+", core.lower())
    if words and all(w in _NAV_WORDS for w in words):
        return "menu line of the web site"
    if stripped[0] in _BULLET and stripped[0] not in "-–—" and len(words) <= 3 and not any(
        ch.isdigit() for ch in core
    ):
        return "bulleted navigation link at the edge of the page"
    return None


def boilerplate_lines(text: str) -> list[BoilerplateLine]:
    """Lines of ``text`` (split on ``\\n``) that are web-page boilerplate, by index."""
    lines = text.split("\n")
    found: dict[int, BoilerplateLine] = {}
    for i, line in enumerate(lines):
        why = match_curated(line)
        if why is not None:
            found[i] = BoilerplateLine(i, why, 0.9)
    long_idx = [i for i, line in enumerate(lines) if len(line.strip()) >= _LONG_LINE]
    if long_idx:
        edge = list(range(0, long_idx[0])) + list(range(long_idx[-1] + 1, len(lines)))
    else:  # no prose at all: only the first and last few lines count as edges
        edge = list(range(min(5, len(lines)))) + list(range(max(5, len(lines) - 5), len(lines)))
    for i in edge:
        if i in found:
            continue
        why = _navigation_like(lines[i])
        if why is not None:
            found[i] = BoilerplateLine(i, why, 0.6)
    return [found[i] for i in sorted(found)]
