"""Word-level redlines between two versions of a bill's text (issue 3).

Pure functions, no database.  Input is the extractor's clean-text notation: one paragraph per
line, CGA's own ``[deletions]`` kept literally and its underlined insertions written
``{{like this}}``.  :func:`diff_versions` returns a :class:`Diff` with word counts, change
hunks attributed to sections (``Sec. 2(b)``), a summary a person could have written, an HTML
redline and a unified text diff; :func:`render_terminal` prints it for ``billwatch diff``.

How (BENCHMARKS.md shows which approaches blow up):

1. :func:`clean_paragraphs` drops furniture (bill headers, LCO numbers, barcodes, committee
   tags, the bracket/underline legend, page headers, margin line numbers) and squeezes
   whitespace, so none of it can show up as a change.
2. Paragraphs are matched first, patience-style: paragraphs unique to both versions anchor,
   the longest in-order run of anchors is kept, and the gaps are matched the same way (small
   ones by difflib).  Every step is linear or n log n, so a rewritten 50-page section cannot
   make it quadratic; a gap with nothing to anchor on beyond ``_CAP`` pairs stays one
   replacement.
3. A paragraph edited in place, the common case, is compared character by character in C
   (XOR of the bytes), the difference snapped to word boundaries and widened over dates,
   headings and amounts; only that middle is split into words and, if it holds several
   edits, matched greedily.  Everything else (paragraphs inserted, deleted, merged or
   rewritten, sections renumbered) takes the word path: the stretch's words matched with the
   patience matcher, insertions slid to start at a section, paragraph or sentence.  The tests
   check that both paths give the same diff.
4. Words keep CGA's markup attached.  A date (``July 1, 2016``), a heading (``Sec. 2.``) and
   ``$1.5 million`` are one token each; section and subsection numbers are matched by kind,
   so an inserted section or subsection lines up and the renumbering after it shows as such.
5. Each change is attributed to its section and subsection (deletions by their place in the
   old text), worked out only for paragraphs where changes land.  The summary groups
   identical replacements and calls out effective dates and dollar amounts first.
"""

from __future__ import annotations

import gc
import html
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache, partial
from itertools import compress, count, filterfalse, pairwise
from operator import itemgetter, ne, or_
from typing import Literal, NamedTuple, TypeAlias

__all__ = [
    "DELETED",
    "INSERTED",
    "KEPT",
    "Diff",
    "Hunk",
    "Token",
    "clean_paragraphs",
    "diff_versions",
    "normalize_for_diff",
    "render_terminal",
]

Token: TypeAlias = str
Kind: TypeAlias = Literal["insert", "delete", "replace"]
# words: a phrase; sentences: whole sentences; paragraph: whole paragraphs; section: whole
# sections; renumber: a section heading or subsection letter renumbered, nothing else changed.
Scope: TypeAlias = Literal["words", "sentences", "paragraph", "section", "renumber"]
DELETED, KEPT, INSERTED = -1, 0, 1
Segment: TypeAlias = tuple[int, str]  # (DELETED | KEPT | INSERTED, text)
Paragraph: TypeAlias = tuple[Segment, ...]


class Hunk(NamedTuple):
    """One change, attributed to the section where it sits (``_asdict()`` gives a row)."""

    kind: Kind
    section: str  # "Sec. 2(b)"; "Title" before the first section; "Statement of Purpose"
    old: str  # removed words ("" for an insertion)
    new: str  # added words ("" for a deletion)
    old_para: int  # 0-based index into clean_paragraphs(old)
    new_para: int  # 0-based index into clean_paragraphs(new)
    scope: Scope = "words"
    effective_date: bool = False  # inside an "(Effective ...)" clause
    context: str = ""  # the kept word just before the change, to quote short changes

    @property
    def words_added(self) -> int:
        return len(self.new.split())

    @property
    def words_removed(self) -> int:
        return len(self.old.split())


@dataclass(frozen=True)
class Diff:
    words_added: int
    words_removed: int
    hunks: tuple[Hunk, ...]
    summary: str
    redline_html: str  # the new text, one <p> per paragraph, with <ins>/<del>
    unified: str  # line-level unified diff of the cleaned paragraphs
    paragraphs: tuple[Paragraph, ...]  # the redline as data, for render_terminal

    @property
    def changed(self) -> bool:
        return bool(self.hunks)


# ----------------------------------------------------------------------------------------- cleaning


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _word_list(text: str) -> list[str]:
    return text.split()


_JOIN = "\ue000"  # glues the words of a date or heading into one token (private-use char)
_PLAIN_BYTES = bytes(range(0x20, 0x7F)) + b"\t\n\r" + bytes(range(0x80, 0x100))
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ue000]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ODD_SPACES = (
    "\t\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)
_MARKUP_SPACING = (("[ ", "["), (" ]", "]"), ("{{ ", "{{"), (" }}", "}}"))

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
    if "*" in text:
        text = _INLINE_STARRED.sub(" ", text)
    if "{" in text:
        text = _INLINE_PATH.sub(" ", text)
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
    lines = _strip_margin_numbers(list(filter(None, map(str.strip, text.splitlines()))))
    # filterfalse keeps the per-line loop in C: this runs over every line of a 4 MB budget
    return _drop_legend(list(filterfalse(_FURNITURE_LINE.fullmatch, lines)))


def normalize_for_diff(text: str) -> list[Token]:
    """The words a diff compares: furniture dropped, whitespace-insensitive.

    Brackets and braces stay attached to their words (``[1-10,`` ``{{July``), so a bill's own
    unchanged markup compares equal.  Two versions have no textual change exactly when their
    lists are equal.
    """
    return [word for line in clean_paragraphs(text) for word in line.split()]


# ------------------------------------------------------------------------------------------- tokens

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# Phrases glued into one token, each behind a cheap substring test (one combined pattern
# scans five times slower).
_DATE = re.compile(rf"(?:{_MONTHS})\s\d{{1,2}},\s\d{{4}}")
_HEADING = re.compile(r"(?:Section|Sec\.)\s\d+[a-z]*\.(?=\s|$)")
_AMOUNT_IN_WORDS = re.compile(r"\$[\d,.]*\d\s(?:million|billion|thousand)\b")
_HEADING_TOKEN = re.compile(r"(?:\[|\{\{)?(?:Section|Sec\.)\ue000(\d+[a-z]*)\.")
_MARKER_KEY = {"a": "\ue001a", "1": "\ue0011", "A": "\ue001A"}
_HEADING_KEY = "\ue001S"


def _glue(match: re.Match[str]) -> str:
    return match.group().replace(" ", _JOIN).replace("\n", _JOIN)


def _tokenize(lines: Sequence[str]) -> tuple[list[str], list[int], list[str]]:
    """Tokens of consecutive paragraphs, the index where each paragraph starts, the paragraphs.

    Paragraphs are joined before gluing so a date wrapped over two lines stays one token
    (those two lines then count as one paragraph here).
    """
    tokens: list[str] = []
    starts: list[int] = []
    if not lines:
        return tokens, starts, []
    text = "\n".join(lines)
    while "  " in text:
        text = text.replace("  ", " ")
    for spaced, tight in _MARKUP_SPACING:
        if spaced in text:
            text = text.replace(spaced, tight)
    if ", 1" in text or ", 2" in text or ",\n1" in text or ",\n2" in text:
        text = _DATE.sub(_glue, text)
    if "Sec" in text:
        text = _HEADING.sub(_glue, text)
    if "$" in text and ("illion" in text or "thousand" in text):
        text = _AMOUNT_IN_WORDS.sub(_glue, text)
    pieces = text.split("\n")
    for piece in pieces:
        starts.append(len(tokens))
        tokens += piece.split()
    return tokens, starts, pieces


# "(a)", "(12)", "(B)" standing alone.  The pattern starts with its literal "(" so the
# regex engine can skip ahead; the space before is checked in _key_of_match (a leading
# look-behind would make every position a candidate: twenty times slower).
_KEYED = re.compile(r"\((?:(\d{1,3})|([a-z]{1,3})|([A-Z]))\)(?!\S)")


def _key_of_match(m: re.Match[str]) -> str:
    start = m.start()
    if start and m.string[start - 1] != " ":
        return m[0]  # "x(a)": not a marker on its own
    if m[1]:
        return _MARKER_KEY["1"]
    return _MARKER_KEY["a"] if m[2] else _MARKER_KEY["A"]


def _keys(tokens: list[str]) -> list[str]:
    """_key of every token; the list itself when no token has a number to hide."""
    text = " ".join(tokens)
    if _JOIN in text and "Sec" in text:  # a glued heading: rare, token by token
        return [_key(t) for t in tokens]
    if "(" not in text:
        return tokens
    keyed = _KEYED.sub(_key_of_match, text)
    return tokens if keyed == text else keyed.split(" ")


def _key(token: str) -> str:
    """What a token is matched by: section and subsection numbers only by their kind."""
    if token[0] == "(" and token[-1] == ")" and len(token) <= 5:
        inner = token[1:-1]
        if inner.isdigit():
            return _MARKER_KEY["1"]
        if inner.isalpha() and inner.isascii():
            if inner.islower():
                return _MARKER_KEY["a"]
            if len(inner) == 1:
                return _MARKER_KEY["A"]
    elif _JOIN in token and _HEADING_TOKEN.fullmatch(token):
        return _HEADING_KEY
    return token


_ABBREVIATIONS = _words(
    "sec. secs. no. nos. gen. stat. stats. conn. u.s.c. c.f.r. dist. rep. sen. inc. co. corp. "
    "jr. sr. st. e.g. i.e. etc. ch. subd. subdiv. subsec. p.a. art. vol. pp. p. v. vs. dept. "
    "mr. ms. mrs. dr. gov. lt."
)


def _ends_sentence(token: str) -> bool:
    core = token.rstrip("]})\"'”’")
    if not core or core[-1] not in ".?!":
        return False
    if _JOIN in core:
        return not core.startswith(("Sec.", "Section", "[Sec.", "{{Sec."))
    word = core.lstrip("[{(\"'“‘").lower()
    if word in _ABBREVIATIONS:
        return False
    return not (len(word) == 2 and word[0].isalpha())  # an initial: "A."


def _sentence_count(tokens: Sequence[str]) -> int:
    return sum(1 for t in tokens if _ends_sentence(t))


# ----------------------------------------------------------------------------------------- matching

_DIRECT = 2_500  # gaps up to this many item pairs go straight to difflib
_CAP = 250_000  # gaps without unique anchors above this many pairs are left unmatched

Block: TypeAlias = tuple[int, int, int]  # a[i:i+n] == b[j:j+n]
Opcode: TypeAlias = tuple[str, int, int, int, int]


def _prefix(a: Sequence[Hashable], b: Sequence[Hashable], alo: int, blo: int, n: int) -> int:
    """Length of the common prefix of a[alo:alo+n] and b[blo:blo+n] (galloping, C compares)."""
    if not n or a[alo] != b[blo]:
        return 0
    lo, step = 1, 1
    while lo < n:
        hi = min(lo + step, n)
        if a[alo + lo : alo + hi] != b[blo + lo : blo + hi]:
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if a[alo + lo : alo + mid] == b[blo + lo : blo + mid]:
                    lo = mid
                else:
                    hi = mid
            return lo
        lo, step = hi, step * 2
    return n


def _suffix(a: Sequence[Hashable], b: Sequence[Hashable], ahi: int, bhi: int, n: int) -> int:
    if not n or a[ahi - 1] != b[bhi - 1]:
        return 0
    lo, step = 1, 1  # a[ahi-lo:ahi] == b[bhi-lo:bhi]
    while lo < n:
        hi = min(lo + step, n)
        if a[ahi - hi : ahi - lo] != b[bhi - hi : bhi - lo]:
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if a[ahi - mid : ahi - lo] == b[bhi - mid : bhi - lo]:
                    lo = mid
                else:
                    hi = mid
            return lo
        lo, step = hi, step * 2
    return n


def _anchor_runs(
    a: Sequence[Hashable], b: Sequence[Hashable], alo: int, ahi: int, blo: int, bhi: int
) -> list[Block]:
    """Items unique on both sides, longest run in the same order (patience diff), as blocks
    of consecutive anchors.  The per-item work is in C where it can be (dict, map)."""
    a_part, b_part = a[alo:ahi], b[blo:bhi]
    bpos = dict(zip(b_part, count(blo)))
    js: list[int | None] = list(map(bpos.get, a_part))
    ca = Counter(a_part)
    if len(ca) < len(a_part) or len(bpos) < len(b_part):  # repeated items cannot anchor
        repeated = set(compress(ca, map((1).__lt__, ca.values())))
        cb = Counter(b_part)
        repeated.update(compress(cb, map((1).__lt__, cb.values())))
        for k in compress(count(), map(repeated.__contains__, a_part)):
            js[k] = None
    tails: list[int] = []  # smallest j ending an increasing run of each length
    tail_at: list[int] = []
    back = [-1] * len(js)
    last_j, last_k = -1, -1  # the end of the longest run so far
    for k, j in enumerate(js):
        if j is None:
            continue
        if j > last_j:  # the common case: in order
            back[k] = last_k
            tails.append(j)
            tail_at.append(k)
            last_j, last_k = j, k
        else:
            p = bisect_left(tails, j)
            tails[p] = j
            tail_at[p] = k
            back[k] = tail_at[p - 1] if p else -1
            if p == len(tails) - 1:
                last_j, last_k = j, k
    chosen: list[int] = []
    k = last_k
    while k >= 0:
        chosen.append(k)
        k = back[k]
    if not chosen:
        return []
    ks = chosen[::-1]
    jv = [j for j in map(js.__getitem__, ks) if j is not None]  # all of them: chosen ones
    # a run breaks where either side skips: k + 1 != next k or j + 1 != next j
    steps = map(or_, map(ne, ks[1:], map((1).__add__, ks)), map(ne, jv[1:], map((1).__add__, jv)))
    breaks = [0, *compress(count(1), steps), len(ks)]
    return [(alo + ks[s], jv[s], e - s) for s, e in pairwise(breaks)]


def _matching_blocks(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Block]:
    """Like SequenceMatcher.get_matching_blocks (sentinel included), never quadratic."""
    found: list[Block] = []
    todo = [(0, len(a), 0, len(b))]
    while todo:
        alo, ahi, blo, bhi = todo.pop()
        n = _prefix(a, b, alo, blo, min(ahi - alo, bhi - blo))
        if n:
            found.append((alo, blo, n))
            alo, blo = alo + n, blo + n
        n = _suffix(a, b, ahi, bhi, min(ahi - alo, bhi - blo))
        if n:
            found.append((ahi - n, bhi - n, n))
            ahi, bhi = ahi - n, bhi - n
        pairs = (ahi - alo) * (bhi - blo)
        if pairs <= 1:  # nothing, or one item against one different item
            continue
        runs = _anchor_runs(a, b, alo, ahi, blo, bhi) if pairs > _DIRECT else []
        if not runs:
            if pairs <= _CAP:
                sm = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
                found.extend((alo + i, blo + j, k) for i, j, k in sm.get_matching_blocks() if k)
            continue
        found += runs
        i0, j0 = alo, blo  # end of the previous run
        for i, j, k in runs:
            if i > i0 and j > j0 and ((i - i0) * (j - j0) > 1 or a[i0] == b[j0]):
                todo.append((i0, i, j0, j))  # a gap worth matching
            i0, j0 = i + k, j + k
        if ahi > i0 and bhi > j0:
            todo.append((i0, ahi, j0, bhi))
    found.sort()
    merged: list[Block] = []
    for i, j, k in found:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            pi, pj, pk = merged[-1]
            merged[-1] = (pi, pj, pk + k)
        else:
            merged.append((i, j, k))
    merged.append((len(a), len(b), 0))
    return merged


def _opcodes(blocks: Sequence[Block]) -> list[Opcode]:
    ops: list[Opcode] = []
    i = j = 0
    for ai, bj, size in blocks:
        if i < ai and j < bj:
            ops.append(("replace", i, ai, j, bj))
        elif i < ai:
            ops.append(("delete", i, ai, j, bj))
        elif j < bj:
            ops.append(("insert", i, ai, j, bj))
        if size:
            ops.append(("equal", ai, ai + size, bj, bj + size))
        i, j = ai + size, bj + size
    return ops


def _greedy_blocks(
    a: Sequence[Hashable], b: Sequence[Hashable], reach: int
) -> tuple[list[Block], int, int]:
    """Matching blocks of sequences that differ in a few short places, greedily.

    Runs through equal items (C-speed slice compares), then takes the smallest skip on either
    side after which two items agree again (or both sequences end).  Where edits are sparse,
    as in one bill version against the next, this is what a full matcher finds, at a
    fraction of the cost.  Returns the blocks and where it stopped: (len(a), len(b)) when
    done, earlier when no agreement was in reach (a long rewrite, a big moved block).
    """
    n, m = len(a), len(b)
    blocks: list[Block] = []
    i = j = 0
    while True:
        same = _prefix(a, b, i, j, min(n - i, m - j))
        if same:
            blocks.append((i, j, same))
            i, j = i + same, j + same
        if i == n or j == m:
            return blocks, n, m
        ahead: dict[Hashable, list[int]] = {}
        for k in range(min(reach, m - j - 1) + 1):
            if b[j + k] in ahead:
                ahead[b[j + k]].append(k)
            else:
                ahead[b[j + k]] = [k]
        # the cheapest skip wins; at equal cost, one after which the next items agree too
        d1 = d2 = -1
        best = 2 * (2 * reach + 1)
        for k in range(min(reach, n - i - 1) + 1):
            for e in ahead.get(a[i + k], ()):
                cost = 2 * (k + e)
                if cost >= best:
                    break
                ii, jj = i + k + 1, j + e + 1
                if not (ii == n or jj == m or a[ii] == b[jj]):
                    cost += 1
                if cost < best:
                    best, d1, d2 = cost, k, e
                    if not cost & 1:
                        break  # nothing later for this k can do better
        if d1 < 0:
            if n - i > reach or m - j > reach:
                return blocks, i, j
            return blocks, n, m  # near the end: what is left is replaced
        i, j = i + d1, j + d2


def _sparse_opcodes(a: list[str], b: list[str], reach: int = 6) -> list[Opcode] | None:
    """Word opcodes when words differ in a few short places (see _greedy_blocks), or None."""
    blocks, i, j = _greedy_blocks(_keys(a), _keys(b), reach)
    if (i, j) != (len(a), len(b)):
        return None
    blocks.append((i, j, 0))
    return _opcodes(blocks)


_ABSORB = 3  # words: an unchanged run this short between two longer edits joins them


def _absorb_small_equalities(ops: list[Opcode]) -> list[Opcode]:
    """Edit, short unchanged run, edit: one replacement when the run is no longer than the
    edits on either side.  "The board shall post each contract" against "Each contractor
    shall publish its policy" reads as one change, not three around "shall"."""
    out: list[Opcode] = []
    for op in ops:
        if op[0] != "equal" and len(out) >= 2 and out[-1][0] == "equal" and out[-2][0] != "equal":
            _, e1, e2, _, _ = out[-1]
            _, p1, p2, q1, q2 = out[-2]
            size = e2 - e1
            if (
                size <= _ABSORB
                and size <= max(p2 - p1, q2 - q1)
                and size <= max(op[2] - op[1], op[4] - op[3])
            ):
                out[-2:] = [("replace", p1, op[2], q1, op[4])]
                continue
        out.append(op)
    return out


def _replace_scope(
    whole_paragraph: bool, starts_sentence: Callable[[], bool], old_last: str, new_last: str
) -> Scope:
    """A replacement of whole paragraphs, of whole sentences, or of words."""
    if whole_paragraph:
        return "paragraph"
    if _ends_sentence(old_last) and _ends_sentence(new_last) and starts_sentence():
        return "sentences"
    return "words"


# ----------------------------------------------------------------------------------------- sections


class _Place(NamedTuple):
    """Where the text is: section number, subsection letter, subdivision number."""

    sec: str | None = None
    sub: str | None = None
    num: str | None = None
    other: str = "Title"  # before the first section / after "Statement of Purpose:"

    @property
    def label(self) -> str:
        return _label(self)


@lru_cache(maxsize=8192)
def _label(place: _Place) -> str:
    """ "Sec. 2(b)(3)", "Title", "Statement of Purpose"."""
    sec, sub, num, other = place
    if sec is None:
        return other
    return f"Sec. {sec}" + (f"({sub})" if sub else "") + (f"({num})" if num else "")


_START = _Place()
_new_place = partial(tuple.__new__, _Place)  # skips NamedTuple's Python-level __new__
_SEC_AT = re.compile(r"(?:\[|\{\{)?(?:Section|Sec\.)[ \ue000](\d+[a-z]*)\.(?= |$)")
_MARK_AT = re.compile(r"(?:\[|\{\{)?\((NEW|[a-z]{1,3}|\d{1,3}|[A-Z])\)(?:\]|\}\})?(?= |$)")
_EFFECTIVE_AT = re.compile(r"(?:\[|\{\{)?\(Effective[^)]*\)\S*(?= |$)")
_ROMAN = _words("i ii iii iv v vi vii viii ix x xi xii xiii xiv xv")
# Markers _places can apply without _advance: 1 a subdivision number, 0 a plain letter.
_MARK_KIND = {str(n): 1 for n in range(1, 200)} | {
    c + d: 0
    for c in "abcdefghijklmnopqrstuvwxyz"
    for d in ("", *"abcdefghijklmnopqrstuvwxyz")
    if c + d not in _ROMAN and (not d or d == c)
}
_HEAD_FIRST = frozenset("S([{")


def _mark(place: _Place, mark: str) -> _Place:
    if place.sec is None or mark == "NEW":
        return place
    if mark.isdigit():
        return place._replace(num=mark)
    if not mark.islower():
        return place  # (A), (B): too deep to name
    if mark in _ROMAN:  # (i) after (h) is a letter; otherwise a roman subparagraph
        prev = place.sub
        if not (prev and len(prev) == len(mark) == 1 and ord(mark) == ord(prev) + 1):
            return place
    return place._replace(sub=mark, num=None)


def _advance(place: _Place, piece: str) -> tuple[_Place, list[tuple[int, _Place]]]:
    """The place after this paragraph's head, and (char offset, place) where it changes."""
    moves: list[tuple[int, _Place]] = []
    if piece[0] not in _HEAD_FIRST:
        return place, moves
    pos = 0
    m = _SEC_AT.match(piece)
    if m:
        place = _Place(sec=m[1])
        moves.append((0, place))
        pos = m.end() + 1
    elif piece.startswith("Statement of Purpose"):
        place = _Place(other="Statement of Purpose")
        return place, [(0, place)]
    marked = False
    for _ in range(8):
        m = _MARK_AT.match(piece, pos)
        if m:
            new = _mark(place, m[1])
            if new != place:
                place, marked = new, True
                moves.append((pos, place))
            pos = m.end() + 1
            continue
        m = _EFFECTIVE_AT.match(piece, pos)
        if not m:
            break
        pos = m.end() + 1
    if moves and moves[0][0] == 0 and not marked and moves[0][1].sub is None:
        # "Sec. 2. Section 10-15 ... in lieu thereof (Effective July 1, 2016): (a) ..."
        k = piece.find("(Effective", pos)
        m = _EFFECTIVE_AT.match(piece, k) if k >= 0 else None
        while m:
            pos = m.end() + 1
            m = _MARK_AT.match(piece, pos)
            if m:
                place = _mark(place, m[1])
                moves.append((pos, place))
    return place, moves


def _step(place: _Place, line: str) -> _Place:
    """The place after a paragraph's head; the common case (one marker) without _advance."""
    first = line[0]
    if first == "(":
        close = line.find(")", 2, 6)
        kind = _MARK_KIND.get(line[1:close]) if close > 0 else None
        if kind is None or place[0] is None or line.startswith(" (", close + 1):
            return _advance(place, line)[0]  # (NEW), (Effective ...), (b) (1), ...
        if line[close + 1 : close + 2] in ("", " "):
            if kind == 1:
                return _new_place((place[0], place[1], line[1:close], place[3]))
            return _new_place((place[0], line[1:close], None, place[3]))
        return place
    if first in "[{" or (first == "S" and line.startswith(("Sec", "Statement of P"))):
        return _advance(place, line)[0]
    return place


_HEAD_LINE = re.compile(
    r"(?:\[|\{\{)?(?:Section|Sec\.)[ \ue000]\d+[a-z]*\.(?= |$)|Statement of Purpose"
)


class _Places:
    """Place at the start of each paragraph of one version, worked out on demand.

    Only paragraphs where changes land are asked about, so a short amendment to a budget
    bill costs a few lookups, not a pass over every line.  The place at paragraph k depends
    only on the last section heading before it and on what follows that heading: it is found
    by stepping back to the nearest paragraph opening with a plain subsection letter (which
    resets everything below it), or to the heading, and reading forward from there.
    """

    def __init__(self, lines: Sequence[str]):
        self._lines = lines
        self._memo: dict[int, _Place] = {0: _START}
        self._heads: list[int] | None = None

    def __getitem__(self, k: int) -> _Place:
        place = self._memo.get(k)
        if place is None:
            prev = self._memo.get(k - 1)  # consecutive paragraphs: one step forward
            place = self._find(k) if prev is None else _step(prev, self._lines[k - 1])
            self._memo[k] = place
        return place

    def after_head(self, k: int) -> _Place:
        """The place after paragraph k's head: for "(c) ..." just the section's (c)."""
        line = self._lines[k]
        close = line.find(")", 2, 6)
        if (
            close > 0
            and _MARK_KIND.get(line[1:close]) == 0
            and line[close + 1 : close + 2] in ("", " ")
            and not line.startswith(" (", close + 1)
        ):
            if self._heads is None:
                self._heads = list(compress(count(), map(_HEAD_LINE.match, self._lines)))
            h = bisect_left(self._heads, k) - 1
            base = self[self._heads[h] + 1] if h >= 0 else _START
            if base[0] is None:
                return base  # the title or the statement of purpose: markers do not count
            return _new_place((base[0], line[1:close], None, base[3]))
        return _step(self[k], line)

    def _find(self, k: int) -> _Place:
        if self._heads is None:
            self._heads = list(compress(count(), map(_HEAD_LINE.match, self._lines)))
        h = bisect_left(self._heads, k) - 1
        if h < 0:
            return _START  # the title: markers there do not count
        head = self._heads[h]
        lines = self._lines
        if k == head + 1:
            return _step(_START, lines[head])  # a heading sets the place afresh
        num = None  # the nearest subdivision number on the way back
        simple = True  # only plain "(x) " paragraphs on the way: no need to read forward
        s = k - 1
        while s > head:
            line = lines[s]
            first = line[0]
            if first == "(":
                close = line.find(")", 2, 6)
                kind = _MARK_KIND.get(line[1:close]) if close > 0 else None
                if kind is None or line.startswith(" (", close + 1):
                    simple = False
                elif line[close + 1 : close + 2] in ("", " "):
                    if kind == 0:
                        break  # a plain subsection letter: everything below it starts over
                    if num is None:
                        num = line[1:close]
            elif first in "[{":
                simple = False
            s -= 1
        base = self[head + 1]  # just after the heading
        if base[0] is None:
            return base  # "Statement of Purpose": markers there do not count
        if simple:
            if s > head:
                sub = lines[s][1 : lines[s].find(")", 2, 6)]
                return _new_place((base[0], sub, num, base[3]))
            return _new_place((base[0], base[1], base[2] if num is None else num, base[3]))
        place = base
        for n in range(s + 1 if s == head else s, k):
            place = _step(place, lines[n])
        return place


def _starts_section(line: str | None) -> bool:
    return line is None or bool(_SEC_AT.match(line)) or line.startswith("Statement of Purpose")


class _Side:
    """One side of a changed stretch: tokens, paragraph starts, and where each token sits."""

    def __init__(self, lines: Sequence[str], first: int, places: _Places, after: str | None):
        self.first = first  # index of the stretch's first paragraph in the whole version
        self.tokens, self.starts, self._pieces = _tokenize(lines)
        self._after = after  # the paragraph after the stretch
        self._places = places  # place at the start of every paragraph of the version
        self._aligned = len(self._pieces) == len(lines)  # no date glued across two lines

    def place(self, k: int) -> _Place:
        """Section and subsection of token k."""
        p = max(0, bisect_right(self.starts, k) - 1)
        if self._aligned:
            place = self._places[self.first + p]
        else:  # pieces and paragraphs differ: walk the stretch from its start
            place = self._places[self.first]
            for piece in self._pieces[:p]:
                place = _advance(place, piece)[0] if piece else place
        piece = self._pieces[p] if self._pieces else ""
        if not piece:
            return place
        offset = k - self.starts[p]
        for char_at, moved in _advance(place, piece)[1]:
            if piece.count(" ", 0, char_at) > offset:
                break
            place = moved
        return place

    def para(self, k: int) -> int:
        return self.first + max(0, bisect_right(self.starts, k) - 1)

    def starts_para(self, k: int) -> bool:
        p = bisect_left(self.starts, k)
        return p < len(self.starts) and self.starts[p] == k

    def is_section_start(self, k: int) -> bool:
        if k >= len(self.tokens):
            return _starts_section(self._after)
        t = self.tokens[k]
        return bool(_HEADING_TOKEN.match(t)) or (t == "Statement" and self.starts_para(k))

    def in_effective_clause(self, k: int) -> bool:
        """Is token k inside "(Effective ...)"?  (The same test as the fast path's.)"""
        if k >= len(self.tokens):
            return False
        lo = self.starts[max(0, bisect_right(self.starts, k) - 1)]
        text = " ".join(self.tokens[max(lo, k - 40) : k + 1])
        return "(Effective" in text and _effective_at(text, len(text) - len(self.tokens[k]))


# ---------------------------------------------------------------------------------------- word diff


def _word_opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    """Word opcodes; section/subsection numbers match by kind (see _key)."""
    n = _prefix(a, b, 0, 0, min(len(a), len(b)))
    m = _suffix(a, b, len(a), len(b), min(len(a), len(b)) - n)
    blocks: list[Block] = [(0, 0, n)] if n else []
    if (len(a) - n - m) * (len(b) - n - m) <= 1:  # one word changed, or words only added/cut
        if len(a) - n - m == 1 == len(b) - n - m and _key(a[n]) == _key(b[n]):
            blocks.append((n, n, 1))  # "Sec. 4." against "Sec. 5.": _split_renumbered's
        blocks += [(len(a) - m, len(b) - m, m), (len(a), len(b), 0)] if m else [(len(a), len(b), 0)]
        return _opcodes(blocks)
    ka, kb = _keys(list(a[n : len(a) - m])), _keys(list(b[n : len(b) - m]))
    middle, i, j = _greedy_blocks(ka, kb, reach=6)  # a few short edits, as in the fast path
    if (i, j) != (len(ka), len(kb)):
        middle = _matching_blocks(ka, kb)
    blocks += [(n + i, n + j, k) for i, j, k in middle if k]
    if m:
        blocks.append((len(a) - m, len(b) - m, m))
    merged: list[Block] = []
    for i, j, k in blocks:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + k)
        else:
            merged.append((i, j, k))
    merged.append((len(a), len(b), 0))
    return _opcodes(merged)


def _boundary_score(side: _Side, k: int) -> int:
    if side.is_section_start(k):
        return 3
    if side.starts_para(k):
        return 2
    return 1 if k > 0 and _ends_sentence(side.tokens[k - 1]) else 0


def _slide(ops: list[Opcode], old: _Side, new: _Side) -> list[Opcode]:
    """Slide each pure insertion/deletion to start at a section, paragraph or sentence.

    "a b. X b." against "a b." can be read as deleting "X b." or "b. X": both are minimal.
    Readers (and the summary) want the one that starts where a sentence does.  Matching is by
    key, so an inserted section slides onto its own heading and the next heading's number
    change is left for _split_renumbered.
    """
    out = list(ops)
    for n, (tag, i1, i2, j1, j2) in enumerate(out):
        if tag not in ("insert", "delete"):
            continue
        side, s, e = (new, j1, j2) if tag == "insert" else (old, i1, i2)
        toks = side.tokens
        before = out[n - 1] if n and out[n - 1][0] == "equal" else None
        after = out[n + 1] if n + 1 < len(out) and out[n + 1][0] == "equal" else None
        best, best_score = 0, _boundary_score(side, s)
        if best_score == 3:
            continue
        room = min(before[2] - before[1], 64) if before else 0
        d = 0
        while d < room and _key(toks[s - d - 1]) == _key(toks[e - d - 1]):
            d += 1
            score = _boundary_score(side, s - d)
            if score > best_score:
                best, best_score = -d, score
        room = min(after[2] - after[1], 64) if after else 0
        d = 0
        while d < room and _key(toks[s + d]) == _key(toks[e + d]):
            d += 1
            score = _boundary_score(side, s + d)
            if score > best_score:
                best, best_score = d, score
        if best:
            out[n] = (tag, i1 + best, i2 + best, j1 + best, j2 + best)
            if before:
                t, bi1, bi2, bj1, bj2 = out[n - 1]
                out[n - 1] = (t, bi1, bi2 + best, bj1, bj2 + best)
            if after:
                t, ai1, ai2, aj1, aj2 = out[n + 1]
                out[n + 1] = (t, ai1 + best, ai2, aj1 + best, aj2)
    return [op for op in out if op[1] != op[2] or op[3] != op[4]]


def _split_renumbered(ops: list[Opcode], a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    """Equal-by-key runs whose words differ (Sec. 6. vs Sec. 7.) become 'renumber' ops."""
    out: list[Opcode] = []
    for op in ops:
        tag, i1, i2, j1, j2 = op
        if tag != "equal" or a[i1:i2] == b[j1:j2]:
            out.append(op)
            continue
        k = 0
        size = i2 - i1
        while k < size:
            start = k
            same = a[i1 + k] == b[j1 + k]
            while k < size and (a[i1 + k] == b[j1 + k]) == same:
                k += 1
            out.append(("equal" if same else "renumber", i1 + start, i1 + k, j1 + start, j1 + k))
    return out


def _scope(side: _Side, s: int, e: int) -> Scope:
    if side.is_section_start(s) and side.is_section_start(e):
        return "section"
    if side.starts_para(s) and (e >= len(side.tokens) or side.starts_para(e)):
        return "paragraph"
    toks = side.tokens
    if (side.starts_para(s) or _ends_sentence(toks[s - 1])) and _ends_sentence(toks[e - 1]):
        return "sentences"
    return "words"


def _is_marker_or_heading(token: str) -> bool:
    return _key(token) != token


def _hunk(tag: str, i1: int, i2: int, j1: int, j2: int, old: _Side, new: _Side) -> Hunk:
    kind: Kind = "replace" if tag in ("replace", "renumber") else tag  # type: ignore[assignment]
    side, k = (old, i1) if kind == "delete" else (new, j1)
    scope: Scope
    if tag == "renumber":
        first = new.tokens[j1]
        head = new.starts_para(j1) or (j1 > 0 and _is_marker_or_heading(new.tokens[j1 - 1]))
        scope = "renumber" if _HEADING_TOKEN.fullmatch(first) or head else "words"
    elif kind == "replace":
        both = old.is_section_start(i1) and old.is_section_start(i2)
        if both and new.is_section_start(j1) and new.is_section_start(j2):
            scope = "section"
        else:
            whole = (
                old.starts_para(i1)
                and new.starts_para(j1)
                and (i2 == len(old.tokens) or old.starts_para(i2))
                and (j2 == len(new.tokens) or new.starts_para(j2))
            )
            scope = _replace_scope(
                whole,
                lambda: new.starts_para(j1) or _ends_sentence(new.tokens[j1 - 1]),
                old.tokens[i2 - 1],
                new.tokens[j2 - 1],
            )
    else:
        scope = _scope(side, *((i1, i2) if kind == "delete" else (j1, j2)))
    context = ""
    if j1 > 0 and not new.starts_para(j1):
        context = new.tokens[j1 - 1].replace(_JOIN, " ")
    return Hunk(
        kind=kind,
        section=side.place(k).label,
        old=" ".join(old.tokens[i1:i2]).replace(_JOIN, " "),
        new=" ".join(new.tokens[j1:j2]).replace(_JOIN, " "),
        old_para=old.para(i1),
        new_para=new.para(j1),
        scope=scope,
        effective_date=side.in_effective_clause(k),
        context=context,
    )


def _diff_words(
    a: Sequence[str],
    b: Sequence[str],
    span: tuple[int, int, int, int],
    places: tuple[_Places, _Places],
    writer: _Writer,
) -> list[Hunk]:
    """The word path: tokens of the whole stretch, matched, slid, renumbering split out."""
    i1, i2, j1, j2 = span
    old = _Side(a[i1:i2], i1, places[0], a[i2] if i2 < len(a) else None)
    new = _Side(b[j1:j2], j1, places[1], b[j2] if j2 < len(b) else None)
    ops = _word_opcodes(old.tokens, new.tokens)
    ops = _split_renumbered(_slide(_absorb_small_equalities(ops), old, new), old.tokens, new.tokens)
    hunks = []
    writer.flush()
    joined = False  # the paragraph so far is the start of one whose first words were cut
    for tag, x1, x2, y1, y2 in ops:
        if tag == "equal":
            writer.emit(new, KEPT, y1, y2, breaks=not joined)
            joined = False
            continue
        if x1 < x2 and y1 < y2:  # replaced: the new words follow the old in one paragraph
            if new.starts_para(y1) or old.starts_para(x1):
                writer.flush()
            writer.emit(old, DELETED, x1, x2, breaks=False)
            writer.emit(new, INSERTED, y1, y2, breaks=False)
            joined = False
        else:
            writer.emit(old, DELETED, x1, x2)
            writer.emit(new, INSERTED, y1, y2, breaks=not joined)
            # "(3)" cut from the start of a paragraph: the rest of it follows in the same one
            joined = (
                x1 < x2
                and old.starts_para(x1)
                and not (x2 >= len(old.tokens) or old.starts_para(x2))
            )
        hunks.append(_hunk(tag, x1, x2, y1, y2, old, new))
    writer.flush()
    return hunks


# ---------------------------------------------------------------------------------------- rendering


# Marks stand in for the tags while a paragraph is escaped in one go; they are control
# characters, which _scrub has already removed from the text.
_MARKS = {DELETED: "\x01{}\x02", INSERTED: "\x03{}\x04"}
_TAGGED = (("\x01", "<del>"), ("\x02", "</del>"), ("\x03", "<ins>"), ("\x04", "</ins>"))


def _paragraph_html(segments: Sequence[Segment]) -> str:
    marked = " ".join([text if not op else _MARKS[op].format(text) for op, text in segments])
    out = html.escape(marked, quote=True)
    for mark, tag in _TAGGED:
        out = out.replace(mark, tag)
    return f"<p>{out}</p>"


class _Writer:
    """Collects the redline as paragraphs of segments and as HTML, in one pass."""

    def __init__(self) -> None:
        self.html: list[str] = []
        self.paragraphs: list[Paragraph] = []
        self._segments: list[Segment] = []

    def kept(self, lines: Sequence[str]) -> None:
        self.flush()
        if lines:
            body = html.escape("\n".join(lines), quote=True).replace("\n", "</p>\n<p>")
            self.html.append(f"<p>{body}</p>")
            self.paragraphs += [((KEPT, line),) for line in lines]

    def paragraph(self, segments: list[Segment]) -> None:
        self.flush()
        self.html.append(_paragraph_html(segments))
        self.paragraphs.append(tuple(segments))

    def add(self, op: int, text: str, new_paragraph: bool) -> None:
        if new_paragraph:
            self.flush()
        segs = self._segments
        if segs and segs[-1][0] == op:
            segs[-1] = (op, f"{segs[-1][1]} {text}")
        else:
            segs.append((op, text))

    def emit(self, side: _Side, op: int, s: int, e: int, *, breaks: bool = True) -> None:
        """Words s:e of one side; a new paragraph where one starts on that side."""
        cuts = side.starts[bisect_right(side.starts, s) : bisect_left(side.starts, e)]
        x, first = s, breaks and side.starts_para(s)
        for y in [*cuts, e]:
            if y > x:
                self.add(op, " ".join(side.tokens[x:y]).replace(_JOIN, " "), first)
            x, first = y, True

    def flush(self) -> None:
        if not self._segments:
            return
        self.html.append(_paragraph_html(self._segments))
        self.paragraphs.append(tuple(self._segments))
        self._segments = []


# ----------------------------------------------------- the fast path: one paragraph edited in place

_FAST_PATH = True  # tests turn it off to check that both paths agree
_PHRASES = (_DATE, _HEADING, _AMOUNT_IN_WORDS)


_MONTH_NAMES = frozenset(_MONTHS.split("|"))
_SCALES = ("million", "billion", "thousand")


def _inside_phrase(text: str, space: int) -> tuple[int, int] | None:
    """The date, heading or amount that the space at text[space] sits inside, if any."""
    before = text[text.rfind(" ", 0, space) + 1 : space].lstrip("[{(")
    if not (
        before in _MONTH_NAMES
        or before in ("Sec.", "Section")
        or (before[-1:] == "," and before[:-1].isdigit() and len(before) <= 3)
        or text.startswith(_SCALES, space + 1)
    ):
        return None  # cheap test first: the word before (or after) the space shows a phrase
    for pattern in _PHRASES:
        for m in pattern.finditer(text, max(0, space - 30), space + 30):
            if m.start() < space < m.end():
                return m.start(), m.end()
    return None


def _widen(x: str, y: str, b1: int, tx: int) -> tuple[int, int]:
    """Move the change's edges out of any date, heading or amount they cut through."""
    for text in (x, y):
        phrase = _inside_phrase(text, b1)
        if phrase:
            b1 = text.rfind(" ", 0, phrase[0])
    for text, shift in ((x, 0), (y, len(y) - len(x))):
        phrase = _inside_phrase(text, tx + shift)
        if phrase:
            tx = text.find(" ", phrase[1]) - shift
    return b1, tx


def _place_in(place: _Place, line: str, c: int) -> _Place:
    """Place of the word starting at character c of a paragraph that starts at place."""
    for char_at, moved in _advance(place, line)[1]:
        if char_at > c:
            break
        place = moved
    return place


def _effective_at(text: str, c: int) -> bool:
    """Is character c inside "(Effective ...)"?"""
    e = text.rfind("(Effective", max(0, c - 80), c + 10)
    return e >= 0 and ")" not in text[e:c]


def _change_span(xs: str, ys: str) -> tuple[int, int]:
    """The space before and the space after the changed middle of two space-wrapped strings.

    xs[:b1 + 1] == ys[:b1 + 1] and xs[tx:] == ys[ty:] (ty = tx + len(ys) - len(xs)), both at
    word boundaries and outside any date, heading or amount.
    """
    lx, ly = len(xs), len(ys)
    n = lx if lx < ly else ly
    if xs.isascii() and ys.isascii():  # XOR of the bytes: the first difference in C
        bx, by = xs.encode(), ys.encode()
        d = int.from_bytes(bx[:n], "big") ^ int.from_bytes(by[:n], "big")
        b1 = xs.rfind(" ", 0, n - 1 - (d.bit_length() - 1) // 8 if d else n)
        k = n - b1
        d = int.from_bytes(bx[lx - k :], "little") ^ int.from_bytes(by[ly - k :], "little")
        tx = xs.find(" ", lx - (k - 1 - (d.bit_length() - 1) // 8 if d else k))
    else:
        b1 = xs.rfind(" ", 0, _prefix(xs, ys, 0, 0, n))  # last space of the common start
        tx = xs.find(" ", lx - _suffix(xs, ys, lx, ly, n - b1))  # first space of the common end
    # Dates, headings and amounts continue across a space with a digit or a scale word, or
    # after a comma ("1, 2016"): only then look for one.
    if (
        xs[b1 - 1] == ","
        or xs[b1 + 1 : b1 + 2].isdigit()
        or ys[b1 + 1 : b1 + 2].isdigit()
        or xs[tx + 1 : tx + 2].isdigit()
        or xs.startswith(_SCALES, b1 + 1)
        or ys.startswith(_SCALES, b1 + 1)
        or xs.startswith(_SCALES, tx + 1)
    ):
        b1, tx = _widen(xs, ys, b1, tx)
    return b1, tx


def _words_in(middle: str) -> list[str]:
    """Tokens of a changed middle (one line): _tokenize without the paragraph bookkeeping."""
    if " " not in middle:
        return [middle] if middle else []
    if "[ " in middle or " ]" in middle or "{{ " in middle or " }}" in middle:
        for spaced, tight in _MARKUP_SPACING:
            middle = middle.replace(spaced, tight)
    if ", 1" in middle or ", 2" in middle:
        middle = _DATE.sub(_glue, middle)
    if "Sec" in middle:
        middle = _HEADING.sub(_glue, middle)
    if "$" in middle and ("illion" in middle or "thousand" in middle):
        middle = _AMOUNT_IN_WORDS.sub(_glue, middle)
    return middle.split()


def _diff_pair(
    x: str,
    y: str,
    i: int,
    j: int,
    places: tuple[_Places, _Places],
    writer: _Writer,
) -> list[Hunk] | None:
    """A paragraph edited in place: the changed middle is found by comparing characters.

    Only the middle is split into words and matched.  Returns None when the edit needs the
    full word path: a renumbered heading or subsection, an insertion or deletion of a whole
    sentence or of more than three words (those may need sliding to a sentence boundary).
    This runs once per edited paragraph of a budget bill, so it is written for speed.
    """
    xs, ys = " " + x + " ", " " + y + " "  # every word has a space either side
    b1, tx = _change_span(xs, ys)
    ty = tx + len(ys) - len(xs)
    mx, my = xs[b1 + 1 : tx], ys[b1 + 1 : ty]
    old, new = _words_in(mx), _words_in(my)
    if old == new:  # spacing inside the markup only
        writer.kept([y])
        return []
    if (" " in mx or " " in my) and (
        len(" ".join(old)) != len(mx) or len(" ".join(new)) != len(my)
    ):
        return None  # markup spacing was normalised: words no longer map onto characters
    if not old or not new:
        cut = old or new
        if len(cut) > 3 or any(map(_ends_sentence, cut)) or _keys(cut) is not cut:
            return None  # may need sliding: to a sentence's start, or past a like marker
        ops: list[Opcode] = [("insert" if new else "delete", 0, len(old), 0, len(new))]
    elif set(_keys(old)).isdisjoint(_keys(new)):
        ops = [("replace", 0, len(old), 0, len(new))]
    else:
        found = _absorb_small_equalities(_sparse_opcodes(old, new) or _word_opcodes(old, new))
        for tag, i1, i2, j1, j2 in found:
            if tag == "equal":
                if old[i1:i2] != new[j1:j2]:
                    return None  # renumbering
            elif tag != "replace":
                cut = old[i1:i2] or new[j1:j2]
                if len(cut) > 3 or any(map(_ends_sentence, cut)) or _keys(cut) is not cut:
                    return None
        ops = found
    segments: list[Segment] = [(KEPT, xs[1:b1])] if b1 > 0 else []
    hunks: list[Hunk] = []
    single = len(ops) == 1
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            segments.append((KEPT, " ".join(new[j1:j2]).replace(_JOIN, " ")))
            continue
        if single:
            old_text, new_text = mx, my
        else:
            old_text = " ".join(old[i1:i2]).replace(_JOIN, " ")
            new_text = " ".join(new[j1:j2]).replace(_JOIN, " ")
        if old_text:
            segments.append((DELETED, old_text))
        if new_text:
            segments.append((INSERTED, new_text))
        if new_text:
            kind: Kind = "replace" if old_text else "insert"
            line, side, k, c = y, 1, j, b1 + (len(" ".join(new[:j1])) + 1 if j1 else 0)
        else:
            kind = "delete"
            line, side, k, c = x, 0, i, b1 + (len(" ".join(old[:i1])) + 1 if i1 else 0)
        if line[0] not in _HEAD_FIRST:
            place = places[side][k]
        elif line[0] == "(" and c > 20:  # past the paragraph's (sub)section marker
            place = places[side].after_head(k)
        else:
            place = _place_in(places[side][k], line, c)
        before = new[j1 - 1].replace(_JOIN, " ") if j1 else _word_before(ys, b1)
        effective = "(Effective" in line and _effective_at(line, c)
        scope: Scope = "words"
        if kind == "replace":
            whole = not b1 and not i1 and not j1 and i2 == len(old) and j2 == len(new)
            scope = _replace_scope(
                whole and tx == len(xs) - 1,
                partial(_follows_sentence_end, new, j1, ys, b1),
                old[i2 - 1],
                new[j2 - 1],
            )
        hunks.append(Hunk(kind, _label(place), old_text, new_text, i, j, scope, effective, before))
    if tx < len(xs) - 1:
        if segments and segments[-1][0] == KEPT:  # the middle ended in unchanged words
            segments[-1] = (KEPT, f"{segments[-1][1]} {xs[tx + 1 : -1]}")
        else:
            segments.append((KEPT, xs[tx + 1 : -1]))
    writer.paragraph(segments)
    return hunks


# -------------------------------------------------------------------------------- changed stretches


def _word_before(ys: str, b1: int) -> str:
    """The word before the space at ys[b1], a date or amount it ends whole (as glued)."""
    if not b1:
        return ""
    word = ys[ys.rfind(" ", 0, b1) + 1 : b1]
    if word[:1].isdigit() or word.rstrip(",.;:)") in _SCALES:
        return _words_in(ys[max(0, b1 - 40) : b1].lstrip())[-1].replace(_JOIN, " ")
    return word


def _follows_sentence_end(new: list[str], j1: int, ys: str, b1: int) -> bool:
    """Does new[j1] start a paragraph or a sentence?  The word before it is glued as the word
    path glues it (a heading is one token), so both paths agree."""
    if j1:
        return _ends_sentence(new[j1 - 1])
    if not b1:
        return True
    return _ends_sentence(_words_in(ys[max(0, b1 - 40) : b1].lstrip())[-1])


def _alike(x: str, y: str) -> bool:
    """Same paragraph, edited?  It keeps its first or last 20 characters or a stretch from
    its middle, or for a short one (a budget line) its first or last word."""
    if x[:20] == y[:20] or x[-20:] == y[-20:]:
        return 3 * min(len(x), len(y)) >= max(len(x), len(y))
    if len(x) < 80:
        return (
            x[: x.find(" ") + 1] == y[: y.find(" ") + 1] or x[x.rfind(" ") :] == y[y.rfind(" ") :]
        )
    mid = len(x) // 2
    return x[mid : mid + 20] in y


def _diff_stretch(
    a: Sequence[str],
    b: Sequence[str],
    span: tuple[int, int, int, int],
    places: tuple[_Places, _Places],
    writer: _Writer,
) -> list[Hunk]:
    """Word-diff one changed stretch of paragraphs, render it, return its hunks."""
    i1, i2, j1, j2 = span
    n = i2 - i1
    if n == j2 - j1 and (n == 1 or all(_alike(a[i1 + k], b[j1 + k]) for k in range(n))):
        # n edited paragraphs in a row: diff them pair by pair (each mostly a common prefix
        # and suffix) instead of as one long word sequence.
        hunks: list[Hunk] = []
        for k in range(n):
            found = (
                _diff_pair(a[i1 + k], b[j1 + k], i1 + k, j1 + k, places, writer)
                if _FAST_PATH
                else None
            )
            if found is None:
                found = _diff_words(a, b, (i1 + k, i1 + k + 1, j1 + k, j1 + k + 1), places, writer)
            hunks += found
        return hunks
    return _diff_words(a, b, span, places, writer)


# ------------------------------------------------------------------------------------- unified diff


def _unified_range(start: int, stop: int) -> str:
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start if not length else start + 1},{length}"


def _unified(
    a: Sequence[str],
    b: Sequence[str],
    ops: Sequence[Opcode],
    real: set[tuple[int, int]],
    labels: tuple[str, str],
) -> str:
    """difflib.unified_diff over the clean paragraphs, leaving out wrap-only stretches."""
    if not real:
        return ""
    context = 3
    codes = list(ops)
    tag, i1, i2, j1, j2 = codes[0]
    if tag == "equal":
        codes[0] = (tag, max(i1, i2 - context), i2, max(j1, j2 - context), j2)
    tag, i1, i2, j1, j2 = codes[-1]
    if tag == "equal":
        codes[-1] = (tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context))
    groups: list[list[Opcode]] = []
    group: list[Opcode] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > 2 * context:
            group.append((tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context)))
            groups.append(group)
            group = []
            i1, j1 = max(i1, i2 - context), max(j1, j2 - context)
        group.append((tag, i1, i2, j1, j2))
    groups.append(group)
    out = [f"--- {labels[0]}\n", f"+++ {labels[1]}\n"]
    for group in groups:
        if not any(op[0] != "equal" and (op[1], op[3]) in real for op in group):
            continue
        first, last = group[0], group[-1]
        out.append(
            f"@@ -{_unified_range(first[1], last[2])} +{_unified_range(first[3], last[4])} @@\n"
        )
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.append(" " + "\n ".join(a[i1:i2]) + "\n")
            else:
                if i2 > i1:
                    out.append("-" + "\n-".join(a[i1:i2]) + "\n")
                if j2 > j1:
                    out.append("+" + "\n+".join(b[j1:j2]) + "\n")
    return "".join(out)


# ------------------------------------------------------------------------------------------ summary

_NUMBER_WORDS = _word_list("no one two three four five six seven eight nine ten")
_PAIRS = (("(", ")"), ("[", "]"), ("{{", "}}"))
_SHORT = 12  # words: phrases up to this long are quoted whole
_MAX_ITEMS = 12  # places named in a summary
_MAX_PER_PLACE = 4  # changes spelled out for one place
_SEC_IN_TEXT = re.compile(r"(?:Section|Sec\.) (\d+[a-z]*)\.")


def _count(n: int, noun: str) -> str:
    return f"{_NUMBER_WORDS[n] if n <= 10 else f'{n:,}'} {noun}{'' if n == 1 else 's'}"


def _show(text: str, limit: int = 60) -> str:
    """A phrase as quoted in the summary: glue punctuation and unbalanced parens trimmed."""
    s = text.strip()
    while True:
        t = s.rstrip(",;:")
        last = t.rsplit(" ", 1)[-1].lstrip("[{(").lower()
        if t.endswith(".") and len(t.split()) <= 8 and last not in _ABBREVIATIONS:
            t = t[:-1]
        for open_, close in _PAIRS:
            if t.endswith(close) and t.count(close) > t.count(open_):
                t = t[: -len(close)]
            if t.startswith(open_) and t.count(open_) > t.count(close):
                t = t[len(open_) :]
        if t == s or not t:
            break
        s = t
    if len(s) > limit:
        cut = s.rfind(" ", 0, limit)
        s = s[: cut if cut > limit // 2 else limit].rstrip(",;:") + "…"
    return s


def _where(labels: Sequence[str]) -> str:
    """One place for a group of changes: 'Sec. 2(b)', 'Sec. 2', 'Secs. 2, 5'."""
    unique = list(dict.fromkeys(labels))
    if len(unique) == 1:
        return unique[0]
    tops = list(dict.fromkeys(label.split("(")[0] for label in unique))
    if len(tops) == 1:
        return tops[0]
    secs = [t[5:] for t in tops if t.startswith("Sec. ")]
    others = [t for t in tops if not t.startswith("Sec. ")]
    named = ([f"Sec{'s' if len(secs) > 1 else ''}. {_ranges(secs)}"] if secs else []) + others
    return ", ".join(named)


def _ranges(numbers: Sequence[str]) -> str:
    """'6', '6 and 7', '6–9', '2, 5 and 9'."""
    if all(n.isdigit() for n in numbers):
        nums = [int(n) for n in numbers]
        if len(nums) > 2 and nums == list(range(nums[0], nums[0] + len(nums))):
            return f"{nums[0]}–{nums[-1]}"
    if len(numbers) == 1:
        return numbers[0]
    return ", ".join(numbers[:-1]) + " and " + numbers[-1]


def _sections_phrase(numbers: Sequence[str], verb: str) -> str:
    return f"Sec{'s' if len(numbers) > 1 else ''}. {_ranges(numbers)} {verb}"


# One clause of the summary: (bucket, position, place, what to say).  Bucket 0 is effective
# dates and amounts, 1 whole sections, subsections and moves, 2 the rest; position is the
# paragraph in the new version; place is "" when the words name their own place.  What to
# say is a function, or the members of a group of identical changes: words are only
# written for the clauses that make the cut.
_Item: TypeAlias = tuple[int, int, str, "Callable[[], str] | list[Hunk]"]


def _is_money(h: Hunk) -> bool:
    return "$" in h.old or "$" in h.new


def _say_phrase(members: Sequence[Hunk]) -> str:
    h = members[0]
    old, new = _show(h.old), _show(h.new)
    if h.kind == "replace" and old == new:  # punctuation only
        old, new = h.old, h.new
    if h.kind == "replace" and max(len(old), len(new)) <= 3 and h.context:
        old, new = f"{_show(h.context)} {old}", f"{_show(h.context)} {new}"
    if h.kind == "replace":
        text = f"'{old}' → '{new}'"
    elif h.kind == "insert":
        text = f"'{new}' inserted"
    else:
        text = f"'{old}' deleted"
    if h.effective_date:  # the same for every member: it is part of the grouping key
        text = f"effective date {text}"
    elif _is_money(h):
        text = f"amount {text}"
    if len(members) > 1:
        text += f" ({len(members)}×)"
    return text


def _say_long(h: Hunk) -> str:
    words = h.new if h.kind == "insert" else h.old
    verb = "added" if h.kind == "insert" else "deleted"
    if h.kind == "replace":
        if h.scope == "sentences":
            what = _count(max(1, _sentence_count(h.new.split())), "sentence")
            return f"{what} rewritten ('{_show(h.new, 50)}')"
        if h.scope == "paragraph":
            return f"paragraph rewritten ('{_show(h.new, 50)}')"
        return f"{h.words_removed:,} words replaced by {h.words_added:,} ('{_show(h.new, 50)}')"
    if h.scope == "sentences":
        what = _count(max(1, _sentence_count(words.split())), "sentence")
    elif h.scope == "paragraph":
        what = _count(1, "paragraph")
    else:
        what = _count(len(words.split()), "word")
    return f"{what} {verb} ('{_show(words, 50)}')"


def _opens_subsection(h: Hunk) -> bool:
    """A whole paragraph added/removed that starts with this hunk's own subsection marker."""
    m = _MARK_AT.match(h.new or h.old)
    return m is not None and h.scope == "paragraph" and h.section.endswith(f"({m[1]})")


def _summarize(hunks: Sequence[Hunk], totals: tuple[int, int], empty: tuple[bool, bool]) -> str:
    """The summary line: at most _MAX_ITEMS places, most telling first."""
    if not hunks:
        return "no textual change"
    added, removed = totals
    old_empty, new_empty = empty
    if old_empty:
        return f"previous version has no text: {added:,} words added"
    if new_empty:
        return f"new version has no text: {removed:,} words removed"

    items: list[_Item] = []
    used: set[int] = set()
    # A passage deleted in one place and inserted word for word in another: a move.
    deleted: dict[str, list[int]] = {}
    for n, h in enumerate(hunks):
        if h.kind == "delete" and h.words_removed >= 5:
            deleted.setdefault(h.old, []).append(n)
    for n, h in enumerate(hunks):
        if h.kind == "insert" and deleted.get(h.new):
            m = deleted[h.new].pop(0)
            used.update((n, m))
            what = "paragraph" if h.scope == "paragraph" else "text"
            text = f"{what} moved from {hunks[m].section} to {h.section} ('{{}}')"
            items.append((1, h.new_para, "", partial(text.format, _show(h.new, 40))))

    sections: dict[str, list[tuple[int, str]]] = {"added": [], "removed": [], "rewritten": []}
    renumbered: list[tuple[int, str, str]] = []
    relettered: dict[str, list[tuple[int, str, str]]] = {}
    groups: dict[tuple[str, str, str, bool], list[Hunk]] = {}
    for n, h in enumerate(hunks):
        kind, _, old, new, _, _, scope, effective, _ = h
        if scope == "words" and old.count(" ") < _SHORT and new.count(" ") < _SHORT:
            # "July 1, 2016)" and "July 1, 2016," are the same change for a reader
            key = (kind, old.rstrip(",;:.)"), new.rstrip(",;:.)"), effective)
            if used and n in used:
                continue
            if key in groups:
                groups[key].append(h)
            else:
                groups[key] = [h]
            continue
        if used and n in used:
            continue
        if scope == "section":
            verb = {"insert": "added", "delete": "removed", "replace": "rewritten"}[h.kind]
            nums = _SEC_IN_TEXT.findall(h.new if h.kind == "insert" else h.old)
            if not nums or h.section == "Statement of Purpose":
                items.append((1, h.new_para, "", partial(str, f"{h.section} {verb}")))
            else:
                sections[verb].extend((h.new_para, num) for num in nums)
        elif h.scope == "renumber":
            old_num, new_num = _SEC_IN_TEXT.match(h.old), _SEC_IN_TEXT.match(h.new)
            if old_num and new_num:
                renumbered.append((h.new_para, old_num[1], new_num[1]))
            else:
                top = h.section.split("(")[0]
                relettered.setdefault(top, []).append((h.new_para, h.old, h.new))
        elif _opens_subsection(h):
            verb = {"insert": "added", "delete": "removed", "replace": "rewritten"}[h.kind]
            items.append((1, h.new_para, "", partial(str, f"{h.section} {verb}")))
        else:
            bucket = 0 if _is_money(h) and h.scope == "words" else 2
            items.append((bucket, h.new_para, h.section, partial(_say_long, h)))
    for (_, old, new, effective), members in groups.items():
        first = members[0]
        bucket = 0 if effective or "$" in old or "$" in new else 2
        where = first.section if len(members) == 1 else _where([m.section for m in members])
        items.append((bucket, first.new_para, where, members))
    for verb, found in sections.items():
        if found:
            text = _sections_phrase([n for _, n in found], verb)
            items.append((1, found[0][0], "", partial(str, text)))
    if renumbered:
        olds = [o for _, o, _ in renumbered]
        news = [n for _, _, n in renumbered]
        text = f"Sec{'s' if len(olds) > 1 else ''}. {_ranges(olds)} renumbered {_ranges(news)}"
        items.append((1, renumbered[0][0], "", partial(str, text)))
    for top, moves in relettered.items():
        text = ", ".join(f"{o}→{n}" for _, o, n in moves[:6]) + (", …" if len(moves) > 6 else "")
        items.append((1, moves[0][0], top, partial(str, f"relettered {text}")))

    items.sort(key=itemgetter(0, 1))
    merged: list[tuple[str, list[_Item]]] = []
    last = ""
    for item in items:
        label = item[2]
        if label and label == last:
            merged[-1][1].append(item)
        else:
            merged.append((label, [item]))
        last = label
    parts = []
    for label, group in merged[:_MAX_ITEMS]:
        text = ", ".join(
            _say_phrase(say) if isinstance(say, list) else say()
            for _, _, _, say in group[:_MAX_PER_PLACE]
        )
        if len(group) > _MAX_PER_PLACE:
            text += f" and {len(group) - _MAX_PER_PLACE:,} more changes"
        parts.append(f"{label}: {text}" if label else text)
    if len(merged) > _MAX_ITEMS:
        parts.append(
            f"and {len(merged) - _MAX_ITEMS:,} more (+{added:,}/−{removed:,} words in all)"
        )
    return "; ".join(parts)


# ------------------------------------------------------------------------------------- entry points


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (as timeit does): a budget bill's diff allocates
    hundreds of thousands of small objects, none in reference cycles, and collections of
    the whole heap cost about a tenth of the time.  The previous state is restored."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def diff_versions(old: str, new: str, *, old_label: str = "old", new_label: str = "new") -> Diff:
    """Word-level diff of two versions of a bill's text (extractor notation)."""
    with _gc_paused():
        return _diff_versions(old, new, (old_label, new_label))


def _diff_versions(old: str, new: str, labels: tuple[str, str]) -> Diff:
    a, b = clean_paragraphs(old), clean_paragraphs(new)
    ops = _opcodes(_matching_blocks(a, b))
    writer = _Writer()
    hunks: list[Hunk] = []
    real: set[tuple[int, int]] = set()  # stretches with changes, not rewrapping alone
    places: tuple[_Places, _Places] | None = None
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            writer.kept(b[j1:j2])
            continue
        if places is None:
            places = (_Places(a), _Places(b))
        found = _diff_stretch(a, b, (i1, i2, j1, j2), places, writer)
        if found:
            real.add((i1, j1))
            hunks.extend(found)
    writer.flush()
    added = sum(h.words_added for h in hunks)
    removed = sum(h.words_removed for h in hunks)
    return Diff(
        words_added=added,
        words_removed=removed,
        hunks=tuple(hunks),
        summary=_summarize(hunks, (added, removed), (not a, not b)),
        redline_html="\n".join(writer.html),
        unified=_unified(a, b, ops, real, labels),
        paragraphs=tuple(writer.paragraphs),
    )


_ANSI = {DELETED: ("\x1b[31m", "\x1b[0m"), INSERTED: ("\x1b[32m", "\x1b[0m"), KEPT: ("", "")}
_PLAIN = {DELETED: ("[-", "-]"), INSERTED: ("{+", "+}"), KEPT: ("", "")}


def render_terminal(diff: Diff, color: bool = False, *, context: int | None = None) -> str:
    """The redline for a terminal: ANSI red/green, or git's ``[-removed-]{+added+}``.

    With ``context``, only changed paragraphs and that many paragraphs around them are shown,
    gaps marked with a line ``…``.
    """
    marks = _ANSI if color else _PLAIN
    lines = [
        " ".join(marks[op][0] + text + marks[op][1] for op, text in para)
        for para in diff.paragraphs
    ]
    if context is None:
        return "\n".join(lines) + ("\n" if lines else "")
    changed = [n for n, para in enumerate(diff.paragraphs) if any(op for op, _ in para)]
    keep: set[int] = set()
    for n in changed:
        keep.update(range(max(0, n - context), min(len(lines), n + context + 1)))
    out: list[str] = []
    last = -1
    for n in sorted(keep):
        if out and n != last + 1:
            out.append("…")
        out.append(lines[n])
        last = n
    return "\n".join(out) + ("\n" if out else "")
