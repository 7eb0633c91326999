"""The fast path: one paragraph edited in place, its changed middle found by characters.

The two paragraphs are compared character by character in C (XOR of the bytes), the
difference snapped to word boundaries and widened over dates, headings and amounts; only
that middle is split into words and, if it holds several edits, matched greedily.  The
tests check that this path and the word path give the same diff.
"""

from __future__ import annotations

# rapidfuzz: the common start and end of two strings, measured in C (SIMD).  Comparing a
# budget bill's thousands of edited paragraphs was a sixth of the diff's time in Python.
from rapidfuzz.distance import Postfix, Prefix

from .matching import (
    Opcode,
    _absorb_small_equalities,
    _sparse_opcodes,
    _word_opcodes,
)
from .model import DELETED, INSERTED, KEPT, Hunk, Kind, Scope, Segment, _new_hunk
from .places import _effective_at, _label, _Places
from .render import _Writer
from .tokens import (
    _JOIN,
    _MONTH_NAMES,
    _PHRASES,
    _SCALES,
    _ends_sentence,
    _key,
    _keys,
    _words_in,
)


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


def _widen(old: str, new: str, start: int, old_end: int) -> tuple[int, int]:
    """Move the change's edges out of any date, heading or amount they cut through."""
    for text in (old, new):
        phrase = _inside_phrase(text, start)
        if phrase:
            start = text.rfind(" ", 0, phrase[0])
    for text, shift in ((old, 0), (new, len(new) - len(old))):
        phrase = _inside_phrase(text, old_end + shift)
        if phrase:
            old_end = text.find(" ", phrase[1]) - shift
    return start, old_end


def _change_span(old: str, new: str) -> tuple[int, int]:
    """The space before and the space after the changed middle of two space-wrapped strings.

    Returns (start, old_end): old[:start + 1] == new[:start + 1] and old[old_end:] ==
    new[new_end:] (new_end = old_end + len(new) - len(old)), both at word boundaries and
    outside any date, heading or amount.  The common start and end are measured in C.
    """
    shorter = min(len(old), len(new))
    start = old.rfind(" ", 0, Prefix.similarity(old, new))  # last space of the common start
    common_end = min(Postfix.similarity(old, new), shorter - start)  # not into the start
    old_end = old.find(" ", len(old) - common_end)  # first space of the common end
    if _may_cut_a_phrase(old, new, start, old_end):
        start, old_end = _widen(old, new, start, old_end)
    return start, old_end


def _may_cut_a_phrase(old: str, new: str, start: int, old_end: int) -> bool:
    """Dates, headings and amounts continue across a space with a digit or a scale word, or
    after a comma ("1, 2016"): only then look for one."""
    if old[start - 1] == ",":
        return True
    # the characters after the change's edges: the cheap test first
    old_next, new_next = old[start + 1 : start + 2], new[start + 1 : start + 2]
    end_next = old[old_end + 1 : old_end + 2]
    if (
        old_next not in _PHRASE_GOES_ON
        and new_next not in _PHRASE_GOES_ON
        and end_next not in _PHRASE_GOES_ON
        and (old_next + new_next + end_next).isascii()
    ):
        return False
    return (
        old_next.isdigit()
        or new_next.isdigit()
        or end_next.isdigit()
        or old.startswith(_SCALES, start + 1)
        or new.startswith(_SCALES, start + 1)
        or old.startswith(_SCALES, old_end + 1)
    )


# A digit, or the first letter of a scale word (million, billion, thousand); any other
# character but a non-ASCII one (which may be a digit) rules a phrase out.
_PHRASE_GOES_ON = frozenset("0123456789mbt")


def _text(words: list[str]) -> str:
    """Tokens back into the words they were cut from."""
    return " ".join(words).replace(_JOIN, " ")


def _may_slide(cut: list[str]) -> bool:
    """Could a word inserted or deleted alone need sliding (to a sentence's start, or past a
    like marker)?  Then the word path decides where it goes."""
    return len(cut) > 3 or any(map(_ends_sentence, cut)) or _keys(cut) is not cut


class _EditedPair:
    """A paragraph edited in place: both versions, each wrapped in spaces (every word has a
    space either side), and their changed middle, as text and as tokens."""

    __slots__ = (
        "new_end",
        "new_line",
        "new_middle",
        "new_spaced",
        "new_words",
        "old_end",
        "old_line",
        "old_middle",
        "old_spaced",
        "old_words",
        "start",
    )

    def __init__(self, old_line: str, new_line: str):
        self.old_line, self.new_line = old_line, new_line
        self.old_spaced = old = f" {old_line} "
        self.new_spaced = new = f" {new_line} "
        self.start, self.old_end = start, old_end = _change_span(old, new)
        self.new_end = new_end = old_end + len(new) - len(old)
        self.old_middle, self.new_middle = old[start + 1 : old_end], new[start + 1 : new_end]
        self.old_words, self.new_words = _words_in(self.old_middle), _words_in(self.new_middle)

    def opcodes(self) -> list[Opcode] | None:
        """The middle's word opcodes, or None when the edit needs the word path."""
        old, new = self.old_words, self.new_words
        if not self._words_map_onto_characters():
            return None
        if not old or not new:
            if _may_slide(old or new):
                return None
            return [("insert" if new else "delete", 0, len(old), 0, len(new))]
        if len(old) == 1 == len(new):  # one word for another, the commonest edit
            # what the general case gives: alike keys ("(a)", "(b)") match, the words
            # differ, a renumbering: the word path's
            return [("replace", 0, 1, 0, 1)] if _key(old[0]) != _key(new[0]) else None
        old_keys, new_keys = _keys(old), _keys(new)
        if set(old_keys).isdisjoint(new_keys):
            return [("replace", 0, len(old), 0, len(new))]
        sparse = _sparse_opcodes(old_keys, new_keys)
        ops = _absorb_small_equalities(sparse or _word_opcodes(old, new))
        return None if self._needs_word_path(ops) else ops

    def _needs_word_path(self, ops: list[Opcode]) -> bool:
        """A renumbering (equal by key, not by words), or a cut that may need sliding."""
        old, new = self.old_words, self.new_words
        for tag, i1, i2, j1, j2 in ops:
            if tag == "equal" and old[i1:i2] != new[j1:j2]:
                return True
            if tag in ("insert", "delete") and _may_slide(old[i1:i2] or new[j1:j2]):
                return True
        return False

    def _words_map_onto_characters(self) -> bool:
        """False where markup spacing was normalised ("[ or ]" read as "[or]")."""
        if " " not in self.old_middle and " " not in self.new_middle:
            return True
        return len(" ".join(self.old_words)) == len(self.old_middle) and len(
            " ".join(self.new_words)
        ) == len(self.new_middle)

    def texts(self, op: Opcode) -> tuple[str, str]:
        """The removed and the added words of one of several opcodes (for an unchanged
        run, its words twice)."""
        _, i1, i2, j1, j2 = op
        return _text(self.old_words[i1:i2]), _text(self.new_words[j1:j2])

    def segments(self, ops: list[Opcode], texts: list[tuple[str, str]]) -> list[Segment]:
        """The new paragraph's redline: kept start, the middle's changes, kept end."""
        start, old_end = self.start, self.old_end
        segments: list[Segment] = [(KEPT, self.old_spaced[1:start])] if start > 0 else []
        for op, (old_text, new_text) in zip(ops, texts, strict=True):
            if op[0] == "equal":
                segments.append((KEPT, new_text))
                continue
            if old_text:
                segments.append((DELETED, old_text))
            if new_text:
                segments.append((INSERTED, new_text))
        if old_end < len(self.old_spaced) - 1:
            tail = self.old_spaced[old_end + 1 : -1]
            if segments and segments[-1][0] == KEPT:  # the middle ended in unchanged words
                segments[-1] = (KEPT, f"{segments[-1][1]} {tail}")
            else:
                segments.append((KEPT, tail))
        return segments

    def hunk(
        self,
        op: Opcode,
        old_text: str,
        new_text: str,
        paras: tuple[int, int],
        places: tuple[_Places, _Places],
    ) -> Hunk:
        """One change of the middle, attributed (deletions by their place in the old text)."""
        _, i1, i2, j1, j2 = op
        kind: Kind
        char = self.start  # where the change starts in its paragraph
        if new_text:
            kind = "replace" if old_text else "insert"
            side = 1
            if j1:
                char += len(" ".join(self.new_words[:j1])) + 1
        else:
            kind, side = "delete", 0
            if i1:
                char += len(" ".join(self.old_words[:i1])) + 1
        place = places[side].at(paras[side], char)
        line = self.new_line if side else self.old_line
        effective = "(Effective" in line and _effective_at(line, char)
        scope: Scope = "words"
        if kind == "replace":  # words._replace_scope, without its callable
            if self._whole(op):
                scope = "paragraph"
            elif (
                _ends_sentence(self.old_words[i2 - 1])
                and _ends_sentence(self.new_words[j2 - 1])
                and _follows_sentence_end(self.new_words, j1, self.new_spaced, self.start)
            ):
                scope = "sentences"
        if j1:
            context = self.new_words[j1 - 1].replace(_JOIN, " ")
        else:
            context = _word_before(self.new_spaced, self.start)
        return _new_hunk(
            (kind, _label(place), old_text, new_text, *paras, scope, effective, context)
        )

    def _whole(self, op: Opcode) -> bool:
        """Does this change replace the whole paragraph?"""
        _, i1, i2, j1, j2 = op
        return (
            not self.start
            and not i1
            and not j1
            and i2 == len(self.old_words)
            and j2 == len(self.new_words)
            and self.old_end == len(self.old_spaced) - 1
        )


def _diff_pair(
    old_line: str,
    new_line: str,
    paras: tuple[int, int],
    places: tuple[_Places, _Places],
    writer: _Writer,
) -> list[Hunk] | None:
    """A paragraph edited in place: the changed middle is found by comparing characters.

    Only the middle is split into words and matched.  Returns None when the edit needs the
    full word path: a renumbered heading or subsection, an insertion or deletion of a whole
    sentence or of more than three words (those may need sliding to a sentence boundary).
    ``paras`` are the paragraph's indices in the old and the new version.  This runs once
    per edited paragraph of a budget bill, so it is written for speed.
    """
    pair = _EditedPair(old_line, new_line)
    if pair.old_words == pair.new_words:  # spacing inside the markup only
        writer.kept([new_line])
        return []
    ops = pair.opcodes()
    if ops is None:
        return None
    if len(ops) == 1 and ops[0][0] != "equal":
        # One change, the whole middle: the common case, its redline written directly (what
        # segments() gives for it: kept start, deleted, inserted, kept end).
        old_text, new_text = pair.old_middle, pair.new_middle
        start, old_end, spaced = pair.start, pair.old_end, pair.old_spaced
        writer.edited(
            spaced[1:start] if start > 0 else None,
            old_text,
            new_text,
            spaced[old_end + 1 : -1] if old_end < len(spaced) - 1 else None,
        )
        return [pair.hunk(ops[0], old_text, new_text, paras, places)]
    single = len(ops) == 1  # (an unchanged middle: the words differ, never reached)
    texts = [(pair.old_middle, pair.new_middle)] if single else list(map(pair.texts, ops))
    writer.paragraph(pair.segments(ops, texts))
    return [
        pair.hunk(op, old_text, new_text, paras, places)
        for op, (old_text, new_text) in zip(ops, texts, strict=True)
        if op[0] != "equal"
    ]


def _word_before(spaced: str, space: int) -> str:
    """The word before the space at spaced[space], a date or amount it ends whole (as glued)."""
    if not space:
        return ""
    word = spaced[spaced.rfind(" ", 0, space) + 1 : space]
    if word[:1].isdigit() or word.rstrip(",.;:)") in _SCALES:
        return _words_in(spaced[max(0, space - 40) : space].lstrip())[-1].replace(_JOIN, " ")
    return word


def _follows_sentence_end(new_words: list[str], j1: int, new_spaced: str, start: int) -> bool:
    """Does new_words[j1] start a paragraph or a sentence?  The word before it is glued as the
    word path glues it (a heading is one token), so both paths agree."""
    if j1:
        return _ends_sentence(new_words[j1 - 1])
    if not start:
        return True
    return _ends_sentence(_words_in(new_spaced[max(0, start - 40) : start].lstrip())[-1])
