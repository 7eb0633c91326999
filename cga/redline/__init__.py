"""Word-level redlines between two versions of a bill's text (issue 3).

Pure functions, no I/O.  Input is the extractor's clean-text notation: one paragraph per
line, CGA's own ``[deletions]`` kept literally and its underlined insertions written
``{{like this}}``.  :func:`diff_versions` returns a :class:`Diff` with word counts, change
hunks attributed to sections (``Sec. 2(b)``), a summary a person could have written, an HTML
redline and a unified text diff; :func:`render_terminal` prints it for ``billwatch diff``.

How (BENCHMARKS.md shows which approaches blow up), module by module:

1. :mod:`.clean`: :func:`clean_paragraphs` drops furniture (bill headers, LCO numbers,
   barcodes, committee tags, the bracket/underline legend, page headers, margin line
   numbers) and squeezes whitespace, so none of it can show up as a change.
2. :mod:`.matching`: paragraphs are matched first, patience-style: paragraphs unique to both
   versions anchor, the longest in-order run of anchors is kept, and the gaps are matched
   the same way (small ones by difflib).  Every step is linear or n log n, so a rewritten
   50-page section cannot make it quadratic; a gap with nothing to anchor on beyond
   ``_CAP`` pairs stays one replacement.
3. :mod:`.inplace`: a paragraph edited in place, the common case, is compared character by
   character in C (XOR of the bytes), the difference snapped to word boundaries and widened
   over dates, headings and amounts; only that middle is split into words and, if it holds
   several edits, matched greedily.  :mod:`.words`: everything else (paragraphs inserted,
   deleted, merged or rewritten, sections renumbered) takes the word path: the stretch's
   words matched with the patience matcher, insertions slid to start at a section,
   paragraph or sentence.  The tests check that both paths give the same diff
   (``diff_versions(..., fast=False)`` takes the word path everywhere).
4. :mod:`.tokens`: words keep CGA's markup attached.  A date (``July 1, 2016``), a heading
   (``Sec. 2.``) and ``$1.5 million`` are one token each; section and subsection numbers
   are matched by kind, so an inserted section or subsection lines up and the renumbering
   after it shows as such.
5. :mod:`.places`: each change is attributed to its section and subsection (deletions by
   their place in the old text), worked out only for paragraphs where changes land.
   :mod:`.summary` groups identical replacements and calls out effective dates and dollar
   amounts first.  :mod:`.render` writes the HTML redline, the unified diff and the
   terminal redline; :mod:`.engine` runs the whole.
"""

from .clean import clean_paragraphs, normalize_for_diff
from .engine import diff_versions
from .model import DELETED, INSERTED, KEPT, Diff, Hunk, Token
from .render import render_terminal

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
