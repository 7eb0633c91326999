"""Places: the section, subsection and subdivision where each change sits (``Sec. 2(b)(3)``).

Worked out only for paragraphs where changes land (:class:`_Places`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache, partial
from itertools import compress, count
from operator import itemgetter
from typing import NamedTuple

from .tokens import _words


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
_PURPOSE = _Place(other="Statement of Purpose")
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
        return _new_place((place[0], place[1], mark, place[3]))
    if not mark.islower():
        return place  # (A), (B): too deep to name
    if mark in _ROMAN:  # (i) after (h) is a letter; otherwise a roman subparagraph
        prev = place.sub
        if not (prev and len(prev) == len(mark) == 1 and ord(mark) == ord(prev) + 1):
            return place
    return _new_place((place[0], mark, None, place[3]))


def _advance(place: _Place, piece: str) -> tuple[_Place, list[tuple[int, _Place]]]:
    """The place after this paragraph's head, and (char offset, place) where it changes."""
    moves: list[tuple[int, _Place]] = []
    if piece[0] not in _HEAD_FIRST:
        return place, moves
    pos = 0
    m = _SEC_AT.match(piece)
    if m:
        place = _new_place((m[1], None, None, "Title"))
        moves.append((0, place))
        pos = m.end() + 1
    elif piece.startswith("Statement of Purpose"):
        place = _PURPOSE
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


_HEAD_LINE_FIRST = frozenset("S[{")
_HEAD_LINE = re.compile(
    r"(?:\[|\{\{)?(?:Section|Sec\.)[ \ue000]\d+[a-z]*\.(?= |$)|Statement of Purpose"
)


def _head_lines(lines: Sequence[str]) -> list[int]:
    """Indices of the paragraphs opening a section or the statement of purpose.  Only those
    starting like one ("S", "[", "{") are tried against the pattern."""
    maybe = compress(count(), map(_HEAD_LINE_FIRST.__contains__, map(itemgetter(0), lines)))
    return [k for k in maybe if _HEAD_LINE.match(lines[k])]


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
        self._after: dict[int, _Place] = {}  # after_head's, for paragraphs changed twice
        self._heads: list[int] | None = None

    def __getitem__(self, k: int) -> _Place:
        place = self._memo.get(k)
        if place is None:
            prev = self._memo.get(k - 1)  # consecutive paragraphs: one step forward
            place = self._find(k) if prev is None else _step(prev, self._lines[k - 1])
            self._memo[k] = place
        return place

    def at(self, k: int, c: int) -> _Place:
        """Place of the word starting at character c of paragraph k."""
        line = self._lines[k]
        if line[0] not in _HEAD_FIRST:
            return self[k]
        if line[0] == "(" and c > 20:  # past the paragraph's (sub)section marker
            place = self._after.get(k)
            if place is None:
                place = self._after[k] = self.after_head(k)
            return place
        if _starts_section(line):  # a heading sets the place afresh: no need for self[k]
            return _place_in(_START, line, c)
        return _place_in(self[k], line, c)

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
                self._heads = _head_lines(self._lines)
            h = bisect_left(self._heads, k) - 1
            base = self[self._heads[h] + 1] if h >= 0 else _START
            if base[0] is None:
                return base  # the title or the statement of purpose: markers do not count
            return _new_place((base[0], line[1:close], None, base[3]))
        return _step(self[k], line)

    def _find(self, k: int) -> _Place:
        if self._heads is None:
            self._heads = _head_lines(self._lines)
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
