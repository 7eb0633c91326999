"""Furniture: everything a printed bill carries besides what it says — one set of rules.

CGA's texts come with two kinds of furniture (docs/cga-site.md, "Bill text"):

- **Printing furniture**, the marks of the printed page: running page headers (``LCO No. 4041
  1 of 5``), page counters (``2 of 5``), barcodes (``*04041*``), committee tags
  (``*_____SB00946FIN___043015____*``), the Word path some PDFs print (``{C:\\...}``), margin
  line numbers.  None of it is text: the extractor removes it before a version is stored
  (``strip_printing``), and comparisons remove it again from texts an older extractor stored
  (``strip_inline_text``, ``strip_line_numbers``).
- **The document's frame**, which says which document this is and where it stands, not what
  it does: the heading block (``General Assembly``, ``Raised Bill No. 851``, ``January
  Session, 2019``, ``LCO No. 4041``, ``Referred to Committee on …``, ``Introduced by:``,
  ``(ED)``, ``REP. JOHNSON, 49th Dist.``), a file copy's report heading and closing committee
  vote, a public act's approval line, the sample copy's banner, and the bracket/underline
  legend.  Stored texts keep it (a reader wants to see the document as printed); comparisons
  (the redline, lineage) drop it (``without_frame``, ``without_legend``).

Every rule is here once; ``spiders/billtext.py`` and ``cga/redline/clean.py`` call these and
nothing else.  Each rule has its test in tests/test_furniture.py.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import compress, count
from operator import itemgetter, methodcaller, or_

# --------------------------------------------------------------------------- printing furniture

# "LCO No. 4041   1 of 5", the running header of every PDF page (also "Page 1 of 5").
PAGE_HEADER = re.compile(
    r"\bLCO[ \t]+No\.?[ \t]*\d+[ \t]+(?:Page[ \t]+)?\d+[ \t]+of[ \t]+\d+\b", re.I
)
# Barcodes "*04041*" (the LCO number) and committee tags "*_____SB00946FIN___043015____*".
STARRED = re.compile(
    r"\*(?:\d{3,6}_*|_{2,}[A-Za-z0-9_]*|_[A-Za-z]{1,3}\d{1,5}[A-Za-z]{0,5}_+\d{6}_*)\*"
)
# The Word document's path some PDF headers print: "{F:\\WordDocs\\...}".
WORD_PATH = re.compile(r"\{[A-Z]:\\[^}\n]*\}")


def _sub_at(
    pattern: re.Pattern[str], literal: str, text: str, starts: Iterable[int] | None = None
) -> str:
    """``pattern.sub(" ", text)`` for a pattern that starts with the string ``literal``,
    which is rare: str.find goes from one to the next many times faster than the regex
    engine scans megabytes.  ``starts``: where ``literal`` occurs in ``text``, if known."""
    parts: list[str] = []
    last = 0
    for pos in _find_all(text, literal) if starts is None else starts:
        if pos < last:
            continue  # inside the last match
        m = pattern.match(text, pos)
        if m:
            parts += (text[last:pos], " ")
            last = m.end()
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


def _find_all(text: str, literal: str) -> Iterator[int]:
    pos = text.find(literal)
    while pos >= 0:
        yield pos
        pos = text.find(literal, pos + 1)


_LCO_SPELLINGS = ("LCO", "lco", "Lco")


def _has_lco(text: str) -> bool:
    return any(spelling in text for spelling in _LCO_SPELLINGS)


def _lco_starts(text: str) -> dict[str, list[int]] | None:
    """Where each spelling of "LCO" starts, from one scan of the text lowered (each spelling
    looked for on its own was three scans of megabytes); None where lowering would move
    characters (a letter that lowers to two)."""
    low = text.lower()
    if len(low) != len(text):
        return None
    starts: dict[str, list[int]] = {spelling: [] for spelling in _LCO_SPELLINGS}
    pos = low.find("lco")
    while pos >= 0:
        spelled = starts.get(text[pos : pos + 3])
        if spelled is not None:
            spelled.append(pos)
        pos = low.find("lco", pos + 3)  # "lco" cannot overlap itself
    return starts


def strip_inline_text(text: str) -> str:
    """Page headers, barcodes, committee tags and Word paths replaced by a space, anywhere in
    ``text`` (a whole version: megabytes, so each is found from a rare first character)."""
    text = _sub_at(STARRED, "*", text)
    if "\\" in text:  # "{C:\\...}" ("{" alone is in every insertion: "\\" is rarer)
        text = WORD_PATH.sub(" ", text)
    # found by str.find: a case-blind scan of megabytes by the regex engine was a third of a
    # budget bill's redline.  The spellings' starts hold until a page header is replaced.
    lco = _lco_starts(text)
    for spelling in _LCO_SPELLINGS:
        if lco is None:
            if spelling in text:
                text = _sub_at(PAGE_HEADER, spelling, text)
        elif lco[spelling]:
            before = text
            text = _sub_at(PAGE_HEADER, spelling, text, lco[spelling])
            if text is not before:
                lco = None
    return text


def strip_inline_line(line: str) -> str | None:
    """One line without its printing furniture; None when nothing else was on it."""
    if "*" not in line and "\\" not in line and not _has_lco(line):
        return line
    cleaned = strip_inline_text(line)
    if cleaned == line:
        return line
    return cleaned if cleaned.strip() else None


# "<running title>  k of n": the title is any short text ("Public Act No. 15-34", "" ...).
_PAGE_COUNTER_RE = re.compile(
    r"\s*(?P<title>.{0,60}?)(?:^|\s+)(?:Page\s+)?(?P<k>\d{1,4})\s+of\s+(?P<n>\d{1,4})\s*", re.I
)


def page_counter_lines(lines: list[str]) -> set[int]:
    """Running headers '<title> k of n' (the title may be empty): lines whose title and n
    recur with different k, or that number the only page of a one-page document."""
    found: dict[tuple[str, int], list[tuple[int, int]]] = {}  # (title, n) -> [(k, line)]
    for i, line in enumerate(lines):
        if "of" not in line.lower():
            continue
        m = _PAGE_COUNTER_RE.fullmatch(line)
        if m and 1 <= int(m["k"]) <= int(m["n"]):
            title = " ".join(m["title"].split()).lower()
            found.setdefault((title, int(m["n"])), []).append((int(m["k"]), i))
    return {
        i
        for (_, n), pages in found.items()
        if n == 1 or len({k for k, _ in pages}) >= 2
        for _, i in pages
    }


# ---- line numbers: printed in the margin of every line of a PDF (a JFR cites "lines 34-35").
# A line number is a bare integer in a chain of consecutive values: on hard-wrapped text
# alone on its line, or first or last on it; in text joined back into paragraphs, between
# words.  ``strip_line_numbers`` finds both.

_LONE_NUMBER_RE = re.compile(r"\s*(\d{1,5})\s*")
_LEAD_NUMBER_RE = re.compile(r"^\s*(\d{1,5})\s+(?=\S)")
_TRAIL_NUMBER_RE = re.compile(r"(?<=\S)\s+(\d{1,5})\s*$")
_MIN_CHAIN = 3  # consecutive numbers needed before any is taken for a line number
_MAX_LINE_GAP = 8  # lines allowed between two consecutive line numbers
_MIN_COVERAGE = 0.25  # share of text lines that must carry a number
_TAIL = 16  # characters: where _trailing_number looks first


def _trailing_number(line: str) -> re.Match[str] | None:
    """``_TRAIL_NUMBER_RE.search(line)``, looking at the line's end first.  The search from
    the start tried the pattern at every character of every line ending in a digit (a
    budget's amounts): the bulk of the margin-number rule's time.  A match is spaces, up to
    five digits and spaces to the end, so where the last characters hold anything else none
    can start before them (the look-behind still sees the character before).  Nor can
    one end a line whose last word is not all digits (an amount: "1,250,000"), the
    common case, told without the regex engine."""
    last = line.rsplit(None, 1)[-1:]  # \s is str.isspace, \d str.isdecimal
    if not last or not last[0].isdecimal():
        return None
    tail = len(line) - _TAIL
    if tail > 0:
        rest = "".join(line[tail:].split())  # \s is str.isspace, \d str.isdecimal
        if rest and not rest.isdecimal():
            return _TRAIL_NUMBER_RE.search(line, tail)
    return _TRAIL_NUMBER_RE.search(line)


@dataclass(slots=True)
class _Chain:
    members: list[tuple[int, int]]  # (line index, value)

    @property
    def last(self) -> tuple[int, int]:
        return self.members[-1]


def _chains(candidates: list[tuple[int, int]]) -> list[_Chain]:
    """Runs of values increasing by exactly 1, each within a few lines of the last."""
    finished: list[_Chain] = []
    active: list[_Chain] = []
    for line, value in candidates:
        still: list[_Chain] = []
        best: _Chain | None = None
        for chain in active:
            last_line, last_value = chain.last
            if line - last_line > _MAX_LINE_GAP:
                finished.append(chain)
                continue
            still.append(chain)
            fits = last_value + 1 == value and line > last_line
            if fits and (best is None or len(chain.members) > len(best.members)):
                best = chain
        active = still
        if best is not None:
            best.members.append((line, value))
        else:
            active.append(_Chain([(line, value)]))
    return finished + active


def _accepted_numbers(candidates: list[tuple[int, int]]) -> tuple[dict[int, int], bool]:
    """line index -> value for chains long enough, longest first, spans not overlapping;
    and whether an accepted chain counts from 1."""
    chains = [c for c in _chains(candidates) if len(c.members) >= _MIN_CHAIN]
    chains.sort(key=lambda c: len(c.members), reverse=True)
    starts: list[int] = []  # accepted spans, disjoint, sorted by start
    ends: list[int] = []
    accepted: dict[int, int] = {}
    from_one = False
    for chain in chains:
        start, end = chain.members[0][0], chain.last[0]
        at = bisect.bisect_left(starts, start)
        if (at and ends[at - 1] >= start) or (at < len(starts) and starts[at] <= end):
            continue
        starts.insert(at, start)
        ends.insert(at, end)
        accepted.update(chain.members)
        from_one = from_one or chain.members[0][1] == 1
    return accepted, from_one


_ASCII_DIGIT = re.compile("[0-9]")
_START = methodcaller("start")


def _digit_edged(stripped: list[str]) -> list[int]:
    """Indices of the lines (stripped) that start or end with a digit, in order: the only
    ones that can carry a line number.  A bill's lines are non-empty and ASCII: then their
    first and last characters are joined into two strings and the digits found there by
    the regex engine (looking at every line in Python was most of the rule's time)."""
    if "" not in stripped:
        firsts = "".join(map(itemgetter(0), stripped))
        lasts = "".join(map(itemgetter(-1), stripped))
        if firsts.isascii() and lasts.isascii():  # then str.isdigit is [0-9]
            found = {*map(_START, _ASCII_DIGIT.finditer(firsts))}
            found.update(map(_START, _ASCII_DIGIT.finditer(lasts)))
            return sorted(found)
    return [i for i, s in enumerate(stripped) if s and (s[0].isdigit() or s[-1].isdigit())]


def _strip_numbered_lines(lines: list[str]) -> list[str]:
    """Drop margin line numbers, when the evidence says the document has them.

    A candidate is a 1-5 digit token alone on a line, or (one layout per document)
    first or last on a line.  Only chains of at least three consecutive values a few
    lines apart count, and only if one of them counts from 1 or together they number
    a quarter of the text lines.  "(1)", "$5,000" or "2015," never qualify; a "2015"
    starting a line only if 2013 and 2014 start the lines just before it.  Where two
    chains overlap, the longer wins.
    """
    lone: list[tuple[int, int]] = []
    lead: list[tuple[int, int]] = []
    trail: list[tuple[int, int]] = []
    stripped = list(map(str.strip, lines))
    text_lines = len(stripped) - stripped.count("")
    for i in _digit_edged(stripped):
        line = lines[i]
        if m := _LONE_NUMBER_RE.fullmatch(line):
            lone.append((i, int(m.group(1))))
            lead.append((i, int(m.group(1))))
            trail.append((i, int(m.group(1))))
            continue
        if m := _LEAD_NUMBER_RE.match(line):
            lead.append((i, int(m.group(1))))
        if m := _trailing_number(line):
            trail.append((i, int(m.group(1))))

    lone_lines = {i for i, _ in lone}

    def coverage(numbers: dict[int, int]) -> float:
        dropped = sum(1 for i in numbers if i in lone_lines)
        return len(numbers) / max(1, text_lines - dropped)

    best: tuple[str, dict[int, int]] | None = None
    for mode, candidates in (("lone", lone), ("lead", lead), ("trail", trail)):
        if len(candidates) < _MIN_CHAIN:
            continue
        numbers, from_one = _accepted_numbers(candidates)
        # A short bill's header can outweigh its few numbered lines: a chain that
        # counts from 1 is evidence enough (a column of years never starts at 1).
        if not from_one and coverage(numbers) < _MIN_COVERAGE:
            continue
        if best is None or len(numbers) > len(best[1]):
            best = (mode, numbers)
        if mode == "lone":  # the unambiguous layout wins when it is enough
            break
    if best is None:
        return lines
    mode, numbers = best
    out: list[str] = []
    for i, line in enumerate(lines):
        if i not in numbers:
            out.append(line)
        elif i in lone_lines:
            continue
        elif mode == "lead":
            out.append(_LEAD_NUMBER_RE.sub("", line, count=1))
        else:
            out.append(_TRAIL_NUMBER_RE.sub("", line, count=1))
    return out


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


def _strip_joined_numbers(lines: list[str]) -> list[str]:
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


def strip_line_numbers(paragraphs: list[str]) -> list[str]:
    """Printed line numbers removed from non-empty paragraph lines (a stored version): alone,
    leading or trailing a line, and inside paragraphs joined back from printed lines."""
    return _strip_joined_numbers(_strip_numbered_lines(paragraphs))


def strip_printing(lines: list[str]) -> list[str]:
    """What the extractor keeps of a document's lines: no printing furniture (a line that
    held only furniture is dropped), no page counters, no line numbers."""
    kept: list[str] = []
    for line in lines:
        cleaned = strip_inline_line(line)
        if cleaned is not None:
            kept.append(cleaned)
    counters = page_counter_lines(kept)
    if counters:
        kept = [line for i, line in enumerate(kept) if i not in counters]
    # Hard-wrapped text (blank lines kept): each printed number is alone, first or last on
    # its line; nothing is joined yet.
    return _strip_numbered_lines(kept)


# --------------------------------------------------------------------------- the frame

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
# one of these pairs of characters.  tests/test_furniture.py holds them to the pattern.
_FURNITURE_FIRST = frozenset("0123456789*{")
_CAPITALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ&"
_OPENING_PAIRS = "Ge Ra Pr Go Su Co Em Ho Se Bi Fi Pu Ja Fe Ma Ap Ju Au Oc No De Pa Re In Sa Th"
# (ED), LCO, REP: "(" or a capital, then a capital
_CAPITAL_PAIRS = {first + second for first in "(" + _CAPITALS for second in _CAPITALS}
_FURNITURE_OPENINGS = frozenset(_OPENING_PAIRS.split()) | _CAPITAL_PAIRS
_FIRST, _FIRST_TWO = itemgetter(0), itemgetter(slice(0, 2))
_NEVER_OPENS = "Sec"  # no piece starts so (tests/test_furniture.py holds it to the pattern)
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


def _legend_free(lines: list[str]) -> list[str]:
    joined = "\n".join(lines)
    if "racket" not in joined and "nderlin" not in joined:
        return lines
    joined = _LEGEND_TEXT.sub("", joined)
    return [s for s in map(str.strip, joined.split("\n")) if s and not _is_legend(s)]


def without_legend(lines: list[str], edge: int = 40) -> list[str]:
    """The bracket/underline legend: at the top or bottom of a bill, perhaps wrapped."""
    if len(lines) <= 2 * edge:
        return _legend_free(lines)
    return _legend_free(lines[:edge]) + lines[edge:-edge] + _legend_free(lines[-edge:])


def without_frame(lines: list[str]) -> list[str]:
    """The lines that are not furniture.  Only those opening as a piece of furniture can
    (their first two characters tell), so most of a bill's lines are never tried against
    the pattern; the per-line loop stays in C."""
    opens = map(
        or_,
        map(_FURNITURE_FIRST.__contains__, map(_FIRST, lines)),
        map(_FURNITURE_OPENINGS.__contains__, map(_FIRST_TWO, lines)),
    )
    # "Se" opens "Senate ...", but a section heading ("Sec. 2.", "Section 1.") never: a bill's
    # every heading was tried against the pattern.
    furniture = [
        k
        for k in compress(count(), opens)
        if not lines[k].startswith(_NEVER_OPENS) and _FURNITURE_LINE.fullmatch(lines[k])
    ]
    kept: list[str] = []
    last = 0
    for k in furniture:
        kept += lines[last:k]
        last = k + 1
    kept += lines[last:]
    return kept
