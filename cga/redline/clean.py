"""Cleaning a version's text: furniture out, whitespace squeezed, one paragraph a line.

:func:`clean_paragraphs` drops furniture (bill headers, LCO numbers, barcodes, committee
tags, the bracket/underline legend, page headers, margin line numbers) and squeezes
whitespace, so none of it can show up as a change.
"""

from __future__ import annotations

import re
from itertools import compress, count
from operator import itemgetter, or_

from .model import Token
from .tokens import _JOIN, _words

_PLAIN_BYTES = bytes(range(0x20, 0x7F)) + b"\t\n\r" + bytes(range(0x80, 0x100))
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ue000]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ODD_SPACES = (
    "\t\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)

# Furniture that can sit inside a content line: barcodes and committee tags, page headers,
# the Word path CGA prints in PDF headers.  One pattern each, each starting with a literal,
# so the regex engine can skip through 4 MB quickly.
_INLINE_STARRED = re.compile(r"\*(?:\d{3,6}|_{2,}[A-Z0-9_]*)\*")
_INLINE_PAGE_HEADER = re.compile(r"LCO No\. ?\d+ +\d+ of \d+")
_INLINE_PATH = re.compile(r"\{[A-Z]:\\[^}\n]*\}")
_FURNITURE_PIECE = r"""(?:
    General\ Assembly
  | (?:(?:Raised|Proposed|Governor's|Substitute|Committee|Emergency\ Certified)\ )?
    (?:(?:House|Senate)\ )?Bill\ No\.\ ?\d+
  | (?:Substitute\ for\ )?(?:Raised|Proposed)\ [HS]\.\ ?B\.\ No\.\ ?\d+
  | File\ No\.\ ?\d+
  | Public\ Act\ No\.\ ?\d+-\d+
  | (?:January|February|March|April|May|June|July|August|September|October|November|December)
    \ (?:Special\ )?Session(?:,\ \d{4})?
  | LCO\ No\.\ ?\d+
  | (?:Page\ )?\d+\ of\ \d+
  | \*\d{3,6}\*
  | \*_+[A-Z0-9_]*\*
  | \{[A-Z]:\\[^}]*\}
  | Referred\ to\ Committee\ on\ .*
  | Introduced\ by:?.*
  | \([A-Z&]{2,6}\)
  | (?:REP|SEN|Rep|Sen)\.\ [^,;]+,\ \d+(?:st|nd|rd|th)\ Dist\.?
  | Sample\ data.*
  | \d{1,5}
    # A file copy's report heading and its closing committee vote, a public act's
    # approval date: they say where the text stands, not what it says.
  | (?:House\ of\ Representatives|Senate),\ [A-Z][a-z]+\ \d{1,2},\ \d{4}
  | The\ Committee\ on\ .{3,120}\ reported\ through\ .*
  | [A-Z&]{2,6}\ Joint\ Favorable(?:\ (?:Subst\.?|Substitute|C/R|Change\ of\ Reference))?
  | Approved\ [A-Z][a-z]+\ \d{1,2},\ \d{4}
)"""
_FURNITURE_LINE = re.compile(rf"(?:{_FURNITURE_PIECE}[ ,;]*)+", re.VERBOSE)
# How a furniture line can open: each piece above starts with a digit, "*" or "{", or with
# one of these pairs of characters.  tests/test_redline_clean.py holds them to the pattern.
_FURNITURE_FIRST = frozenset("0123456789*{")
_CAPITALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ&"
_FURNITURE_OPENINGS = _words(
    "Ge Ra Pr Go Su Co Em Ho Se Bi Fi Pu Ja Fe Ma Ap Ju Au Oc No De Pa Re In Sa Th"
) | {first + second for first in "(" + _CAPITALS for second in _CAPITALS}  # (ED), LCO, REP
_FIRST, _FIRST_TWO = itemgetter(0), itemgetter(slice(0, 2))
_LEGEND = re.compile(
    r"enclosed in (?:square )?brackets|indicated by underlin|(?:is|are) not underlined"
    r"|(?:bracketed|underlined) (?:material|text|words)",
    re.IGNORECASE,
)


_LEGEND_TEXT = re.compile(
    r"\[?(?:Proposed\s+)?[Dd]eletions\s+are\s+enclosed\s+in\s+(?:square\s+)?brackets\.?"
    r"(?:\s+(?:Proposed\s+)?[Aa]dditions\s+are\s+indicated\s+by\s+underlin(?:e|ing)"
    r"(?:,\s+except\s+that\s+when\s+the\s+entire\s+text\s+of\s+a\s+bill\s+or\s+resolution"
    r"\s+or\s+a\s+section\s+of\s+a\s+bill\s+or\s+resolution\s+is\s+new,\s+it\s+is\s+not"
    r"\s+underlined)?\.?)?\]?"
)


def _is_legend(line: str) -> bool:
    return ("racket" in line or "nderlin" in line) and _LEGEND.search(line) is not None


def _sub_at(pattern: re.Pattern[str], literal: str, text: str) -> str:
    """``pattern.sub(" ", text)`` for a pattern that starts with the character ``literal``,
    which is rare: str.find goes from one to the next many times faster than the regex
    engine scans megabytes."""
    pos = text.find(literal)
    if pos < 0:
        return text
    parts: list[str] = []
    last = 0
    while pos >= 0:
        m = pattern.match(text, pos)
        if m:
            parts += (text[last:pos], " ")
            last = m.end()
        pos = text.find(literal, m.end() if m else pos + 1)
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


def _scrub(text: str) -> str:
    """Make the text safe for XML and terminals and squeeze intra-line whitespace."""
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:
        text = _SURROGATE.sub(" ", text)
        raw = text.encode("utf-8")
    if raw.translate(None, _PLAIN_BYTES) or "\ufffe" in text or "\uffff" in text:
        text = _CONTROL.sub(" ", text)
    if _JOIN in text:
        text = text.replace(_JOIN, " ")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for ch in _ODD_SPACES:
        if ch in text:
            text = text.replace(ch, " ")
    text = _sub_at(_INLINE_STARRED, "*", text)
    if "\\" in text:  # "{C:\...}" ("{" alone is in every insertion; one character is
        text = _INLINE_PATH.sub(" ", text)  # found many times faster than two)
    text = _INLINE_PAGE_HEADER.sub(" ", text)
    # Squeezing double spaces costs a full scan, so only copies that use them (seen in their
    # first 64 KB) are squeezed.  A stray one elsewhere only sends its paragraph to the word
    # comparison, which splits on any run of spaces: never a reported change.
    if "  " in text[:65_536]:
        while "  " in text:
            text = text.replace("  ", " ")
    return text


def _is_bare_number(text: str, pos: int, end: int) -> bool:
    return (pos == 0 or text[pos - 1] in " \n") and (end == len(text) or text[end] in " \n")


def _find_bare(text: str, number: int, start: int, stop: int) -> int:
    needle = str(number)
    pos = text.find(needle, start, stop)
    while pos >= 0:
        if _is_bare_number(text, pos, pos + len(needle)):
            return pos
        pos = text.find(needle, pos + 1, stop)
    return -1


_MARGIN_SAMPLE = 30_000  # printed line numbering, if any, starts within this many characters


def _margin_numbers(text: str) -> list[tuple[int, int]]:
    """Spans of printed margin line numbers (1, 2, 3 ... every line or so) left in the text.

    Follows the chain 1, 2, 3 ... each within a few hundred characters of the last (a few may
    be missing, e.g. where they stood on lines dropped as furniture).  A chain counts only if
    it is long and dense, so "section 1 ... section 2" in the prose never does.  Chains must
    start near the top, or soon after the previous chain (numbering restarts).
    """
    window, spans, start, limit = 400, [], 0, _MARGIN_SAMPLE
    for _ in range(50):  # chain starts tried
        first = _find_bare(text, 1, start, min(len(text), limit))
        if first < 0:
            break
        chain, pos, expected = [(first, first + 1)], first + 1, 2
        while True:
            best, best_n = -1, 0
            for n in range(expected, expected + 6):
                p = _find_bare(text, n, pos, min(len(text), pos + window * (n - expected + 1)))
                if p >= 0 and (best < 0 or p < best):
                    best, best_n = p, n
            if best < 0:
                break
            end = best + len(str(best_n))
            chain.append((best, end))
            pos, expected = end, best_n + 1
        words = text.count(" ", chain[0][0], chain[-1][1]) + 1
        if len(chain) >= 8 and len(chain) * 40 >= words:
            spans.extend(chain)
            start = chain[-1][1]
            limit = start + _MARGIN_SAMPLE
        else:
            start = first + 1
    return spans


_LEADING_NUMBER = re.compile(r"\d{1,5} (?=\S)")
_LEADING_MARGIN_NUMBER = re.compile(r"\d{1,5} (?=[A-Z(\[{\"“]|Sec\.|Section )")


def _strip_margin_numbers(lines: list[str]) -> list[str]:
    """Drop printed line numbers: every few words inside a paragraph, or leading a line."""
    size, top = 0, 0
    while top < len(lines) and size < _MARGIN_SAMPLE:
        size += len(lines[top]) + 1
        top += 1
    if _margin_numbers("\n".join(lines[:top])):  # consecutive numbers, PDF line by line
        joined = "\n".join(lines)
        parts, last = [], 0
        for start, end in _margin_numbers(joined):
            parts.append(joined[last:start])
            last = end
        parts.append(joined[last:])
        joined = "".join(parts)
        while "  " in joined:
            joined = joined.replace("  ", " ")
        lines = [line for line in (raw.strip() for raw in joined.split("\n")) if line]
    starts = list(map(itemgetter(0), lines))
    leading = (
        [n for n, c in enumerate(starts) if c.isdigit()] if any(map(str.isdigit, starts)) else []
    )
    if leading:  # the first printed line number of each paragraph
        # In a numbered copy most lines start with a number; elsewhere only a number before
        # a capital or a subsection marker is taken for a stray margin number.
        pattern = _LEADING_NUMBER if 3 * len(leading) >= len(lines) else _LEADING_MARGIN_NUMBER
        lines = list(lines)
        for n in leading:
            m = pattern.match(lines[n])
            if m:
                lines[n] = lines[n][m.end() :]
                m = _LEADING_MARGIN_NUMBER.match(lines[n])  # "18 12 (3) ...": both go
                if m:
                    lines[n] = lines[n][m.end() :]
    return lines


def _legend_free(lines: list[str]) -> list[str]:
    joined = "\n".join(lines)
    if "racket" not in joined and "nderlin" not in joined:
        return lines
    joined = _LEGEND_TEXT.sub("", joined)
    return [s for s in map(str.strip, joined.split("\n")) if s and not _is_legend(s)]


def _drop_legend(lines: list[str], edge: int = 40) -> list[str]:
    """The bracket/underline legend: at the top or bottom of a bill, perhaps wrapped."""
    if len(lines) <= 2 * edge:
        return _legend_free(lines)
    return _legend_free(lines[:edge]) + lines[edge:-edge] + _legend_free(lines[-edge:])


def clean_paragraphs(text: str) -> list[str]:
    """The version's paragraphs without furniture, whitespace squeezed, empty lines dropped."""
    text = _scrub(text)
    # _scrub leaves "\n" the only line break but for three rare ones: str.split is faster
    unusual = not text.isascii() and ("\x85" in text or "\u2028" in text or "\u2029" in text)
    raw_lines = text.splitlines() if unusual else text.split("\n")
    lines = _strip_margin_numbers(list(filter(None, map(str.strip, raw_lines))))
    return _drop_legend(_without_furniture(lines))


def _without_furniture(lines: list[str]) -> list[str]:
    """The lines that are not furniture.  Only those opening as a piece of furniture can
    (their first two characters tell), so most of a bill's lines are never tried against
    the pattern; the per-line loop stays in C."""
    opens = map(
        or_,
        map(_FURNITURE_FIRST.__contains__, map(_FIRST, lines)),
        map(_FURNITURE_OPENINGS.__contains__, map(_FIRST_TWO, lines)),
    )
    furniture = [k for k in compress(count(), opens) if _FURNITURE_LINE.fullmatch(lines[k])]
    kept: list[str] = []
    last = 0
    for k in furniture:
        kept += lines[last:k]
        last = k + 1
    kept += lines[last:]
    return kept


def normalize_for_diff(text: str) -> list[Token]:
    """The words a diff compares: furniture dropped, whitespace-insensitive.

    Brackets and braces stay attached to their words (``[1-10,`` ``{{July``), so a bill's own
    unchanged markup compares equal.  Two versions have no textual change exactly when their
    lists are equal.
    """
    return [word for line in clean_paragraphs(text) for word in line.split()]
