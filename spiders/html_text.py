"""Clean text of Word-exported HTML bill documents (``extract_html``).

The tree is walked into runs of text carrying (underlined, struck) flags, one line per
paragraph, then rendered in billwatch's notation: ``{{inserted}}`` for underlined text,
``[struck]`` for struck-through text (the notation's reference is the docstring of
``spiders/billtext.py``).  Pure: bytes in, ``BillText`` out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PageElement

from cga.furniture import strip_printing
from cga.records import BillText

from .encoding import decode_html
from .text_lines import SPACE_TABLE, SPACES_RE, finish_lines

# ---------------------------------------------------------------------------------------
# HTML: walk the tree into runs of text carrying (underlined, struck) flags.

_DROP_TAGS = frozenset(
    {"head", "title", "meta", "link", "script", "style", "noscript", "template", "xml"}
    | {"object", "embed", "iframe", "svg", "select", "textarea", "button"}
)
_BLOCK_TAGS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd"}
    | {"tr", "table", "caption", "blockquote", "pre", "hr", "center", "address"}
    | {"section", "article", "header", "footer", "main", "nav", "aside", "form"}
    | {"fieldset", "figure", "figcaption"}
)
_CELL_TAGS = frozenset({"td", "th"})
_UNDERLINE_TAGS = frozenset({"u", "ins"})
_STRIKE_TAGS = frozenset({"s", "strike", "del"})
# Word styles hyperlinks with an underline class; a link is not an insertion.
_IGNORED_CLASSES = frozenset({"msohyperlink", "msohyperlinkfollowed"})

_DECL_RE = re.compile(r"([-\w]+)\s*:\s*([^;]*)")
_CSS_COMMENT_RE = re.compile(r"/\*.*?\*/", re.S)
_CSS_RULE_RE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CLASS_SELECTOR_RE = re.compile(r"([a-z][-\w]*)?\.([-\w]+)", re.I)


@dataclass(frozen=True, slots=True)
class _Look:
    """What one element's own styling says; None = says nothing."""

    underline: bool | None = None
    strike: bool | None = None
    hidden: bool = False


def _parse_declarations(css: str) -> _Look:
    props = {k.lower(): v.strip().lower() for k, v in _DECL_RE.findall(css)}
    underline = strike = None
    decoration = props.get("text-decoration-line", props.get("text-decoration"))
    if decoration is not None:
        underline = "underline" in decoration
        strike = "line-through" in decoration
    else:  # Word's own properties, used when it writes no text-decoration
        if "text-underline" in props:
            underline = props["text-underline"] != "none"
        if "text-line-through" in props:
            strike = props["text-line-through"] != "none"
    hidden = (
        props.get("display") == "none"
        or props.get("mso-hide") == "all"
        or props.get("visibility") == "hidden"
    )
    return _Look(underline, strike, hidden)


def _class_rules(soup: BeautifulSoup) -> dict[tuple[str, str], _Look]:
    """(tag or "", class) -> look, from simple ``.cls`` / ``tag.cls`` rules in <style>."""
    rules: dict[tuple[str, str], _Look] = {}
    for style in soup.find_all("style"):
        css = _CSS_COMMENT_RE.sub(" ", style.get_text()).replace("<!--", " ").replace("-->", " ")
        for selectors, body in _CSS_RULE_RE.findall(css):
            look = _parse_declarations(body)
            if look == _Look():
                continue
            for selector in selectors.split(","):
                m = _CLASS_SELECTOR_RE.fullmatch(selector.strip())
                if m and m.group(2).lower() not in _IGNORED_CLASSES:
                    rules[((m.group(1) or "").lower(), m.group(2).lower())] = look
    return rules


def _own_look(tag: Tag, rules: dict[tuple[str, str], _Look]) -> _Look:
    name = tag.name.lower()
    underline: bool | None = True if name in _UNDERLINE_TAGS else None
    strike: bool | None = True if name in _STRIKE_TAGS else None
    hidden = False
    classes: str | list[str] = tag.get("class") or []
    if rules and classes:
        for cls in [classes] if isinstance(classes, str) else classes:
            for key in ((name, cls.lower()), ("", cls.lower())):
                look = rules.get(key)
                if look is not None:
                    underline = look.underline if look.underline is not None else underline
                    strike = look.strike if look.strike is not None else strike
                    hidden = hidden or look.hidden
    style = tag.get("style")
    if isinstance(style, str) and style:
        look = _parse_declarations(style)  # inline style overrides tag and class
        underline = look.underline if look.underline is not None else underline
        strike = look.strike if look.strike is not None else strike
        hidden = hidden or look.hidden
    return _Look(underline, strike, hidden)


@dataclass(slots=True)
class _Run:
    text: str
    underline: bool
    strike: bool


_MAX_ROW_LINES = 8  # a table row with more paragraphs is layout, not data: keep its lines


class _Lines:
    """Collects runs into lines: one per paragraph; an empty list is a blank line.

    Each line remembers the table row it came from, so that ``joined`` can put a
    row's cells on one line (as PDF extraction does) unless the row is a layout
    table holding whole paragraphs of text.
    """

    def __init__(self) -> None:
        self.lines: list[list[_Run]] = []
        self._rows: list[int | None] = []  # per line: serial of the innermost <tr>
        self._runs: list[_Run] = []
        self._has_text = False
        self._texts_seen = 0
        self._open_blocks: list[int] = []
        self._open_rows: list[int] = []
        self._row_serial = 0

    def text(self, text: str, underline: bool, strike: bool) -> None:
        text = text.translate(SPACE_TABLE)
        if not text:
            return
        self._runs.append(_Run(text, underline, strike))
        if not self._has_text and text.strip():
            self._has_text = True
            self._texts_seen += 1

    def _append(self, runs: list[_Run]) -> None:
        self.lines.append(runs)
        self._rows.append(self._open_rows[-1] if self._open_rows else None)

    def end_line(self) -> None:
        if self._has_text:
            self._append(self._runs)
        self._runs = []
        self._has_text = False

    def line_break(self) -> None:  # <br>: on an empty line it makes a blank line
        if self._has_text:
            self.end_line()
        else:
            self._runs = []
            self._append([])

    def open_block(self, name: str) -> None:
        self.end_line()
        self._open_blocks.append(self._texts_seen)
        if name == "tr":
            self._row_serial += 1
            self._open_rows.append(self._row_serial)

    def close_block(self, name: str) -> None:
        self.end_line()
        if self._open_blocks.pop() == self._texts_seen and name == "p":
            self._append([])  # Word's empty <p>&nbsp;</p> spacer
        if name == "tr" and self._open_rows:
            self._open_rows.pop()

    def joined(self) -> list[list[_Run]]:
        """The lines, each short table row's cells joined into one line."""
        out: list[list[_Run]] = []
        start = 0
        while start < len(self.lines):
            row = self._rows[start]
            end = start + 1
            while end < len(self.lines) and row is not None and self._rows[end] == row:
                end += 1
            group = [line for line in self.lines[start:end] if line]
            if row is None or end - start == 1 or len(group) > _MAX_ROW_LINES:
                out.extend(self.lines[start:end])
            elif group:
                merged: list[_Run] = []
                for line in group:
                    if merged:
                        merged.append(_Run(" ", False, False))
                    merged.extend(line)
                out.append(merged)
            start = end
        return out


_CLOSE = object()


def _collect(soup: BeautifulSoup) -> list[list[_Run]]:
    """Walk the tree iteratively (no recursion limit on deep Word markup)."""
    rules = _class_rules(soup)
    out = _Lines()
    # Stack items: (node, underline, strike) to visit, or (_CLOSE, tag name).
    stack: list[tuple[object, ...]] = [(soup, False, False)]
    while stack:
        item = stack.pop()
        if item[0] is _CLOSE:
            name = str(item[1])
            if name in _CELL_TAGS:
                out.text(" ", False, False)
            else:
                out.close_block(name)
            continue
        node, underline, strike = item
        # Comments (Word's conditional comments too), doctypes, CDATA and
        # processing instructions are NavigableString subclasses: skip them.
        if type(node) is NavigableString:
            out.text(str(node), bool(underline), bool(strike))
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name.lower()
        if name in _DROP_TAGS:
            continue
        if name == "br":
            out.line_break()
            continue
        look = _own_look(node, rules)
        if look.hidden:
            continue
        # Decorations propagate: a descendant cannot take its ancestor's line away.
        underline = bool(underline or look.underline)
        strike = bool(strike or look.strike)
        if name in _CELL_TAGS:
            out.text(" ", False, False)
            stack.append((_CLOSE, name))
        elif name in _BLOCK_TAGS:
            out.open_block(name)
            stack.append((_CLOSE, name))
        children: list[PageElement] = node.contents
        stack.extend((child, underline, strike) for child in reversed(children))
    out.end_line()
    return out.joined()


def _merge_runs(runs: list[_Run]) -> list[_Run]:
    """Give whitespace-only runs the flags both neighbours share, then merge equals."""
    n = len(runs)
    blank = [not r.text.strip() for r in runs]
    prev_text: list[_Run | None] = [None] * n
    last: _Run | None = None
    for i, run in enumerate(runs):
        prev_text[i] = last
        if not blank[i]:
            last = run
    merged: list[_Run] = []
    after: _Run | None = None
    flags: list[tuple[bool, bool]] = [(False, False)] * n
    for i in range(n - 1, -1, -1):
        run = runs[i]
        if blank[i]:
            before = prev_text[i]
            flags[i] = (
                bool(before and after and before.underline and after.underline),
                bool(before and after and before.strike and after.strike),
            )
        else:
            flags[i] = (run.underline, run.strike)
            after = run
    pieces: list[str] = []
    current: tuple[bool, bool] | None = None
    for run, flag in zip(runs, flags, strict=True):
        if flag != current and pieces and current is not None:
            merged.append(_Run("".join(pieces), *current))
            pieces = []
        current = flag
        pieces.append(run.text)
    if pieces and current is not None:
        merged.append(_Run("".join(pieces), *current))
    return merged


class _BracketDepth:
    """How many '[' are open in the text written so far (never below zero)."""

    def __init__(self) -> None:
        self.depth = 0

    def feed(self, text: str) -> None:
        if "[" not in text and "]" not in text:
            return
        for ch in text:
            if ch == "[":
                self.depth += 1
            elif ch == "]" and self.depth:
                self.depth -= 1


def _wrap(text: str, opening: str, closing: str) -> str:
    core = text.strip(" ")
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip(" "))]
    trail = text[len(text.rstrip(" ")) :]
    return f"{lead}{opening}{core}{closing}{trail}"


def _render_piece(run: _Run, brackets: _BracketDepth) -> str:
    text = run.text
    if run.strike and brackets.depth == 0 and not text.lstrip(" ").startswith("["):
        text = _wrap(text, "[", "]")
    brackets.feed(text)
    return text


def _render_line(runs: list[_Run], brackets: _BracketDepth) -> str:
    runs = _merge_runs(runs)
    parts: list[str] = []
    i = 0
    while i < len(runs):
        if not runs[i].underline:
            parts.append(_render_piece(runs[i], brackets))
            i += 1
            continue
        j = i
        inner: list[str] = []
        while j < len(runs) and runs[j].underline:
            inner.append(_render_piece(runs[j], brackets))
            j += 1
        parts.append(_wrap("".join(inner), "{{", "}}"))
        i = j
    return SPACES_RE.sub(" ", "".join(parts)).strip()


def extract_html(body: bytes, declared_encoding: str | None = None) -> BillText:
    """Clean text of a Word-exported HTML bill document.

    ``declared_encoding`` is the HTTP header's charset; without it the ``<meta>`` one is
    used, else UTF-8 when the bytes decode strictly, else windows-1252.  Underlined
    text becomes ``{{...}}`` and struck text ``[...]`` (see ``spiders/billtext.py``).
    Returns text "" for a page without text; ``extract`` turns that into an error.
    """
    warnings: list[str] = []
    markup = decode_html(body, declared_encoding, warnings)
    # BeautifulSoup with the lxml parser: tolerant of Word's markup (o:p and st1:*
    # tags, unquoted attributes, <![if ...]> blocks, which lxml reads as comments while
    # keeping their content) and much faster than html.parser.
    soup = BeautifulSoup(markup, "lxml")
    brackets = _BracketDepth()
    lines: list[str] = []
    literal_braces = False
    for runs in _collect(soup):
        if not literal_braces:
            literal_braces = any("{{" in r.text or "}}" in r.text for r in runs)
        lines.append(_render_line(runs, brackets) if runs else "")
    if literal_braces:
        warnings.append("source text contains literal '{{' or '}}': the notation is ambiguous")
    return BillText(text=finish_lines(strip_printing(lines)), warnings=warnings)
