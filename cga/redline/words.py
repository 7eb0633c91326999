"""The word path: a changed stretch of paragraphs as tokens, matched, slid, renumbering split.

Everything the in-place path cannot take (paragraphs inserted, deleted, merged or
rewritten, sections renumbered) comes here: the stretch's words are matched with the
patience matcher and insertions slid to start at a section, paragraph or sentence.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .matching import Opcode, _absorb_small_equalities, _word_opcodes
from .model import DELETED, INSERTED, KEPT, Hunk, Kind, Scope
from .places import _advance, _effective_at, _Place, _Places, _starts_section
from .tokens import _HEADING_TOKEN, _JOIN, _ends_sentence, _key, _tokenize

if TYPE_CHECKING:
    from .render import _Writer


def _replace_scope(
    whole_paragraph: bool, starts_sentence: Callable[[], bool], old_last: str, new_last: str
) -> Scope:
    """A replacement of whole paragraphs, of whole sentences, or of words."""
    if whole_paragraph:
        return "paragraph"
    if _ends_sentence(old_last) and _ends_sentence(new_last) and starts_sentence():
        return "sentences"
    return "words"


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
        before = out[n - 1] if n and out[n - 1][0] == "equal" else None
        after = out[n + 1] if n + 1 < len(out) and out[n + 1][0] == "equal" else None
        side, start, end = (new, j1, j2) if tag == "insert" else (old, i1, i2)
        shift = _best_shift(side, start, end, before, after)
        if shift:
            out[n] = (tag, i1 + shift, i2 + shift, j1 + shift, j2 + shift)
            if before:
                t, bi1, bi2, bj1, bj2 = before
                out[n - 1] = (t, bi1, bi2 + shift, bj1, bj2 + shift)
            if after:
                t, ai1, ai2, aj1, aj2 = after
                out[n + 1] = (t, ai1 + shift, ai2, aj1 + shift, aj2)
    return [op for op in out if op[1] != op[2] or op[3] != op[4]]


def _best_shift(
    side: _Side, start: int, end: int, before: Opcode | None, after: Opcode | None
) -> int:
    """How far the cut side.tokens[start:end] can slide (into the unchanged runs before and
    after it, keeping the same words) to start at the best boundary: 0 if it already does."""
    tokens = side.tokens
    best, best_score = 0, _boundary_score(side, start)
    if best_score == 3:
        return 0
    room = min(before[2] - before[1], 64) if before else 0
    d = 0
    while d < room and _key(tokens[start - d - 1]) == _key(tokens[end - d - 1]):
        d += 1
        score = _boundary_score(side, start - d)
        if score > best_score:
            best, best_score = -d, score
    room = min(after[2] - after[1], 64) if after else 0
    d = 0
    while d < room and _key(tokens[start + d]) == _key(tokens[end + d]):
        d += 1
        score = _boundary_score(side, start + d)
        if score > best_score:
            best, best_score = d, score
    return best


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
        scope = _renumber_scope(new, j1)
    elif kind == "replace":
        scope = _replacement_scope(i1, i2, j1, j2, old, new)
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


def _renumber_scope(new: _Side, j1: int) -> Scope:
    """A renumbered heading or marker ("Sec. 6." → "Sec. 7.", "(c)" → "(d)"), or words."""
    head = new.starts_para(j1) or (j1 > 0 and _is_marker_or_heading(new.tokens[j1 - 1]))
    return "renumber" if _HEADING_TOKEN.fullmatch(new.tokens[j1]) or head else "words"


def _replacement_scope(i1: int, i2: int, j1: int, j2: int, old: _Side, new: _Side) -> Scope:
    """Whole sections replaced, whole paragraphs, whole sentences, or words."""
    if (
        old.is_section_start(i1)
        and old.is_section_start(i2)
        and new.is_section_start(j1)
        and new.is_section_start(j2)
    ):
        return "section"
    whole = (
        old.starts_para(i1)
        and new.starts_para(j1)
        and (i2 == len(old.tokens) or old.starts_para(i2))
        and (j2 == len(new.tokens) or new.starts_para(j2))
    )
    return _replace_scope(
        whole,
        lambda: new.starts_para(j1) or _ends_sentence(new.tokens[j1 - 1]),
        old.tokens[i2 - 1],
        new.tokens[j2 - 1],
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
