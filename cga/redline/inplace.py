"""The fast path: one paragraph edited in place, its changed middle found by characters.

The two paragraphs are compared character by character in C (XOR of the bytes), the
difference snapped to word boundaries and widened over dates, headings and amounts; only
that middle is split into words and, if it holds several edits, matched greedily.  The
tests check that this path and the word path give the same diff.
"""

from __future__ import annotations

from functools import partial

from .matching import (
    Opcode,
    _absorb_small_equalities,
    _prefix,
    _sparse_opcodes,
    _suffix,
    _word_opcodes,
)
from .model import DELETED, INSERTED, KEPT, Hunk, Kind, Scope, Segment
from .places import _HEAD_FIRST, _effective_at, _label, _place_in, _Places
from .render import _Writer
from .tokens import _JOIN, _MONTH_NAMES, _PHRASES, _SCALES, _ends_sentence, _keys, _words_in
from .words import _replace_scope


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
