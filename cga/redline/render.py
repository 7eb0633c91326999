"""Rendering: the HTML redline (escaped), the unified diff, the terminal redline."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import repeat
from typing import TYPE_CHECKING

from .matching import Opcode
from .model import DELETED, INSERTED, KEPT, Diff, Paragraph, Segment
from .tokens import _JOIN

if TYPE_CHECKING:
    from .words import _Side


# Marks stand in for the tags while the redline is escaped in one go; they are control
# characters, which _scrub has already removed from the text.
_OPEN = {DELETED: "\x01", KEPT: "", INSERTED: "\x03"}
_CLOSE = {DELETED: "\x02", KEPT: "", INSERTED: "\x04"}
_TAGGED = ((b"\x01", b"<del>"), (b"\x02", b"</del>"), (b"\x03", b"<ins>"), (b"\x04", b"</ins>"))
# html.escape(quote=True)'s replacements, in its order.  They are done on the UTF-8 bytes:
# bytes.replace is many times faster than str.replace over megabytes, and no byte of a
# multi-byte character is ASCII.
_ESCAPED = (
    (b"&", b"&amp;"),
    (b"<", b"&lt;"),
    (b">", b"&gt;"),
    (b'"', b"&quot;"),
    (b"'", b"&#x27;"),
)


def _marked(segments: Sequence[Segment]) -> str:
    """A paragraph's text with its deletions and insertions between marks."""
    return " ".join([_OPEN[op] + text + _CLOSE[op] for op, text in segments])


class _Writer:
    """Collects the redline as paragraphs of segments and as HTML, in one pass.

    Paragraphs are kept as marked text, one a line (no paragraph holds a newline), and
    escaped all at once by :meth:`html`: a budget bill's thousands of edited paragraphs
    would otherwise each pay for their own escaping.
    """

    def __init__(self) -> None:
        self.paragraphs: list[Paragraph] = []
        self._marked: list[str] = []  # runs of paragraphs, marked, one a line
        self._segments: list[Segment] = []

    def html(self) -> str:
        """The redline: one ``<p>`` per paragraph, with ``<ins>`` and ``<del>``."""
        if not self._marked:
            return ""
        out = "\n".join(self._marked).encode()
        for char, escaped in _ESCAPED:
            out = out.replace(char, escaped)
        for mark, tag in _TAGGED:
            out = out.replace(mark, tag)
        return "<p>" + out.replace(b"\n", b"</p>\n<p>").decode() + "</p>"

    def kept(self, lines: Sequence[str]) -> None:
        self.flush()
        if lines:
            self._marked.append("\n".join(lines))
            self.paragraphs += zip(zip(repeat(KEPT), lines))  # ((KEPT, line),) each

    def paragraph(self, segments: list[Segment]) -> None:
        self.flush()
        self._marked.append(_marked(segments))
        self.paragraphs.append(tuple(segments))

    def edited(self, head: str | None, old: str, new: str, tail: str | None) -> None:
        """A paragraph with one change: what paragraph() makes of the segments kept head (if
        not None), deleted old and inserted new (if not empty), kept tail (if not None).
        The in-place path writes thousands of these: its marks are set directly."""
        if self._segments:
            self.flush()
        segments: list[Segment] = [] if head is None else [(KEPT, head)]
        marked = [] if head is None else [head]
        if old:
            segments.append((DELETED, old))
            marked.append(f"\x01{old}\x02")  # _OPEN[DELETED], _CLOSE[DELETED]
        if new:
            segments.append((INSERTED, new))
            marked.append(f"\x03{new}\x04")  # _OPEN[INSERTED], _CLOSE[INSERTED]
        if tail is not None:
            segments.append((KEPT, tail))
            marked.append(tail)
        self._marked.append(" ".join(marked))
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
        self._marked.append(_marked(self._segments))
        self.paragraphs.append(tuple(self._segments))
        self._segments = []


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
