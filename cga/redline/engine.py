"""The entry point: :func:`diff_versions` matches paragraphs, then diffs each changed stretch."""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter

from .clean import clean_paragraphs
from .inplace import _diff_pair
from .matching import _matching_blocks, _opcodes
from .model import Diff, Hunk
from .places import _Places
from .render import _unified, _Writer
from .summary import _summarize
from .words import _diff_words

_NEW, _OLD = attrgetter("new"), attrgetter("old")


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
    fast: bool,
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
                _diff_pair(a[i1 + k], b[j1 + k], (i1 + k, j1 + k), places, writer) if fast else None
            )
            if found is None:
                found = _diff_words(a, b, (i1 + k, i1 + k + 1, j1 + k, j1 + k + 1), places, writer)
            hunks += found
        return hunks
    return _diff_words(a, b, span, places, writer)


def diff_versions(
    old: str, new: str, *, old_label: str = "old", new_label: str = "new", fast: bool = True
) -> Diff:
    """Word-level diff of two versions of a bill's text (extractor notation).

    ``fast=False`` sends every changed paragraph down the word path, the in-place character
    comparison skipped; both give the same diff (the tests check it).
    """
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
        if fast and i2 - i1 == 1 == j2 - j1:  # one paragraph edited: _diff_stretch's n == 1
            found = _diff_pair(a[i1], b[j1], (i1, j1), places, writer)
            if found is None:
                found = _diff_words(a, b, (i1, i2, j1, j2), places, writer)
        else:
            found = _diff_stretch(a, b, (i1, i2, j1, j2), places, writer, fast)
        if found:
            real.add((i1, j1))
            hunks.extend(found)
    writer.flush()
    added = sum(map(len, map(str.split, map(_NEW, hunks))))  # Hunk.words_added, in C
    removed = sum(map(len, map(str.split, map(_OLD, hunks))))
    return Diff(
        words_added=added,
        words_removed=removed,
        hunks=tuple(hunks),
        summary=_summarize(hunks, (added, removed), (not a, not b)),
        redline_html=writer.html(),
        unified=_unified(a, b, ops, real, (old_label, new_label)),
        paragraphs=tuple(writer.paragraphs),
    )
