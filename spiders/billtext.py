"""Clean text from CGA bill documents: Word-exported HTML and PDF.

Every version of a bill (raised bill, committee substitutes, file copies, amendments,
public acts) is stored as clean text and later diffed word by word against the version
before it, so the text holds content only: no page headers, margin line numbers,
barcodes or committee tags.

Notation (billwatch's own; this docstring is its reference):

- ``[deleted text]``: CGA prints deletions in square brackets; the brackets are text
  in the source and are kept literally.  Struck-through text (``<s>``, ``<strike>``,
  ``<del>``, CSS ``line-through``) that is not already inside brackets is written the
  same way, ``[struck text]``.
- ``{{inserted text}}``: CGA underlines insertions.  Underlined text in HTML (``<u>``,
  ``<ins>``, an inline ``text-decoration: underline`` or a ``<style>`` class rule saying
  so) is written between double braces.  Adjacent underlined runs merge into one
  (``{{a}}{{b}}`` becomes ``{{ab}}``, also across a space that is not underlined
  itself), whitespace at the edges moves outside the braces, and braces never wrap only
  whitespace.  A paragraph's markers open and close on its own line.  Literal ``{{`` or
  ``}}`` in a source are not escaped; a warning says so.
- One paragraph per line (a short table row's cells share one line, space-separated);
  at most one blank line in a row.

PDF text cannot carry the underline notation: pypdf extracts characters, not the rules
drawn under them, so insertions in a PDF read as plain text.  Prefer the ``.htm`` copy.

Entry points: ``extract`` (dispatch on content type, URL and magic bytes),
``extract_html``, ``extract_pdf`` and ``clean_text`` (furniture removal and unwrapping
for hard-wrapped text such as PDF extractions).  All are pure; failures raise
``DocumentError`` with a message naming what is wrong.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from dataclasses import dataclass
from urllib.parse import urlsplit

# pypdf: pure Python, actively maintained, no system libraries (poppler, mupdf) to
# install on CI or developer machines.  Its text order follows the content stream,
# which is good enough for single-column bill text.
import pypdf
from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PageElement
from pypdf.errors import DependencyError, PyPdfError

from cga.furniture import strip_printing
from cga.records import BillText
from spiders.encoding import charset_of, decode_html


class DocumentError(ValueError):
    """A document body that cannot be turned into text; the message says why."""


# ---------------------------------------------------------------------------------------
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

# Whitespace of every kind becomes a space; invisible characters go.
_SPACE_TABLE: dict[int, str | None] = {
    ord(c): " " for c in "\t\n\r\f\v\xa0\u1680\u202f\u205f\u3000"
}
_SPACE_TABLE.update({cp: " " for cp in range(0x2000, 0x200B)})
_SPACE_TABLE.update({ord(c): None for c in "\xad\u200b\u200c\u200d\u2060\ufeff"})

_SPACE_TABLE_KEEP_NEWLINES = {**_SPACE_TABLE, ord("\n"): "\n"}

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
        text = text.translate(_SPACE_TABLE)
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
    return _SPACES_RE.sub(" ", "".join(parts)).strip()


def extract_html(body: bytes, declared_encoding: str | None = None) -> BillText:
    """Clean text of a Word-exported HTML bill document.

    ``declared_encoding`` is the HTTP header's charset; without it the ``<meta>`` one is
    used, else UTF-8 when the bytes decode strictly, else windows-1252.  Underlined
    text becomes ``{{...}}`` and struck text ``[...]`` (see the module docstring).
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
    return BillText(text=_finish(strip_printing(lines)), warnings=warnings)


# ---------------------------------------------------------------------------------------
# Furniture (page headers, barcodes, committee tags, page counters, line numbers): the one
# set of rules is cga/furniture.py.

_SPACES_RE = re.compile(r"[ \t]{2,}")


def _finish(lines: list[str]) -> str:
    """Collapse spaces, strip line ends, keep at most one blank line in a row."""
    out: list[str] = []
    for line in lines:
        line = _SPACES_RE.sub(" ", line).strip()
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


# ---------------------------------------------------------------------------------------
# Unwrapping hard line breaks (PDF text).

# Lines that always open a paragraph: sections and CGA's fixed headings.
_SECTION_START_RE = re.compile(
    r"(?:Sec\.|Section)\s+\d+[a-z]?\.(?:\s|$)|Statement of Purpose\b|Be it enacted\b"
    r"|\[Proposed deletions\b|Approved (?:January|February|March|April|May|June|July"
    r"|August|September|October|November|December) \d"
)
_SUBSECTION_START_RE = re.compile(r"\[?\((?:[a-z]{1,4}|[A-Z]{1,2}|\d{1,3}|NEW)\)")
_CLAUSE_END_RE = re.compile(r"(?:[.:;][\"'”’\])}]*|[;,] (?:and|or))$")
_WORD_BREAK_RE = re.compile(r"([A-Za-z]+)-$")
_NUMBER_BREAK_RE = re.compile(r"\d-$")
_FIRST_WORD_RE = re.compile(r"[a-z]+")
_WORD_RE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
# Left halves of compounds that keep their hyphen when no other evidence decides.
_COMPOUND_LEFT = frozenset(
    {"self", "ex", "quasi", "non", "well", "so", "cross", "half", "all", "full", "part"}
    | {"long", "short", "high", "low", "twenty", "thirty", "forty", "fifty", "sixty"}
    | {"seventy", "eighty", "ninety"}
)
_WIDE_LINE_SHARE = 0.8  # a line ending this far short of the text width ends its paragraph
# Bill PDFs set 12-point type across the page (~80 characters); a narrower estimate
# comes from a short or oddly shaped text, where joining lines is the riskier choice.
_MIN_LINE_WIDTH = 60
_PAGE_BREAK_RE = re.compile(r"\s*\f\s*")


def _line_width(lines: list[str]) -> int:
    """Characters in a full line: the 90th percentile, at least _MIN_LINE_WIDTH."""
    lengths = sorted(len(line) for line in lines if line)
    if len(lengths) < 8:
        return max([_MIN_LINE_WIDTH, *lengths])
    return max(_MIN_LINE_WIDTH, lengths[int(0.9 * (len(lengths) - 1))])


def _starts_paragraph(prev: str, line: str) -> bool:
    if _SECTION_START_RE.match(line):
        return True
    return bool(_SUBSECTION_START_RE.match(line) and _CLAUSE_END_RE.search(prev))


def _join(prev: str, line: str, vocabulary: set[str]) -> str | None:
    """prev+line when the break needs no space (hyphenated word or number, "("), else None."""
    if _NUMBER_BREAK_RE.search(prev) and line[:1].isalnum():
        return prev + line  # "section 10-" / "234aa"
    if prev.endswith(("(", "[", "“")):
        return prev + line  # an opening bracket or quote belongs to the next word
    m = _WORD_BREAK_RE.search(prev)
    if not m or prev.endswith("--"):
        return None
    if line[:1].isupper():
        return prev + line  # "Anti-" / "Terrorism": words are not capitalised mid-word
    right = _FIRST_WORD_RE.match(line)
    if not right:
        return None
    left = m.group(1).lower()
    whole = left + right.group(0)
    if whole in vocabulary:
        return prev[:-1] + line
    if f"{left}-{right.group(0)}" in vocabulary or left in _COMPOUND_LEFT:
        return prev + line
    return prev[:-1] + line


def _unwrap(lines: list[str]) -> list[str]:
    """Join the hard-wrapped lines of each paragraph into one line.

    A paragraph ends at a blank line; before a line starting ``Sec. N.``/``Section N.``
    or a fixed heading (``Statement of Purpose``, ``Be it enacted``, the bracket legend,
    a public act's ``Approved <date>``); before a ``(a)``/``(1)``/``(A)`` marker that
    follows a clause end (``.``, ``:``, ``;``, ``; and``); and after a line so short
    that the next line's first word would have fitted on it (headers, titles, last
    lines).
    """
    lines = [_SPACES_RE.sub(" ", line).strip() for line in lines]
    width = _line_width(lines)
    vocabulary = {w.lower() for line in lines for w in _WORD_RE.findall(line)}
    out: list[str] = []
    # The current paragraph's lines, joined once at its end: appending to one growing
    # string would copy a 4 MB budget paragraph once per line.
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                out.append(" ".join(current))
                current = []
            out.append("")
            continue
        if not current:
            current.append(line)
            continue
        prev = current[-1]
        joined = _join(prev, line, vocabulary)
        if joined is not None:
            current[-1] = joined
            continue
        first_word = len(line.split(" ", 1)[0])
        short = len(prev) + 1 + first_word < _WIDE_LINE_SHARE * width
        if short or _starts_paragraph(prev, line):
            out.append(" ".join(current))
            current = [line]
        else:
            current.append(line)
    if current:
        out.append(" ".join(current))
    return out


def clean_text(raw: str) -> str:
    """Remove page furniture from hard-wrapped extracted text and unwrap paragraphs.

    Removes running page headers (``LCO No. 4041   1 of 5``; a plain ``LCO No. 4041``
    stays), bare ``1 of 5`` counters, form feeds, barcodes (``*04041*``), committee tags
    (``*_____SB00946FIN___043015____*``) and margin line numbers (see
    ``_strip_line_numbers``).  Joins words the line wrap hyphenated (``infor-`` /
    ``mation``), unless the document or a short list says the hyphen is real
    (``self-employed``, ``twenty-five``); unwraps paragraphs (see ``_unwrap``); collapses
    spaces and blank lines.  Meant for PDF text: HTML text is already one line per
    paragraph and would have its paragraphs joined.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if "\f" in text:  # a page break says nothing about paragraphs
        text = _PAGE_BREAK_RE.sub("\n", text)
    text = text.translate(_SPACE_TABLE_KEEP_NEWLINES)
    lines = strip_printing(text.split("\n"))
    return _finish(_unwrap(lines))


# ---------------------------------------------------------------------------------------
# PDF

# What pypdf lets escape from damaged files besides its own PyPdfError family.
_PDF_FAILURES = (
    PyPdfError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    AssertionError,
    RecursionError,
    struct.error,
    zlib.error,
)
_EOF_TAIL_BYTES = 2048


def _describe_start(body: bytes) -> str:
    head = body.lstrip()[:16]
    if head[:1] == b"<":
        return f"it looks like HTML (starts {head!r})"
    return f"it starts {head!r}"


def _pdf_pages(body: bytes, max_pages: int | None) -> tuple[list[str | None], list[str]]:
    """(text of each page, None where its extraction failed; warnings).  Raises
    ``DocumentError`` for a non-PDF body, a truncated or corrupt file, or one that needs a
    password."""
    if body.find(b"%PDF-", 0, 1024) < 0:
        raise DocumentError(f"not a PDF: {_describe_start(body)}")
    if b"%%EOF" not in body[-_EOF_TAIL_BYTES:]:
        raise DocumentError(f"truncated PDF: no %%EOF marker at the end of {len(body)} bytes")
    warnings: list[str] = []
    try:
        reader = pypdf.PdfReader(io.BytesIO(body), strict=False)
        if reader.is_encrypted:
            try:
                decrypted = reader.decrypt("")
            except DependencyError as exc:
                raise DocumentError(f"encrypted PDF cannot be decrypted: {exc}") from exc
            if not decrypted:
                raise DocumentError("encrypted PDF: a password is needed to read it")
            warnings.append("PDF is encrypted with an empty user password; decrypted")
        count = len(reader.pages)
        if max_pages is not None and count > max_pages:
            raise DocumentError(f"PDF has {count:,} pages, more than the budget of {max_pages:,}")
        pages = list(reader.pages)
    except DocumentError:
        raise
    except _PDF_FAILURES as exc:
        raise DocumentError(f"corrupt PDF: {type(exc).__name__}: {exc}") from exc
    if not pages:
        raise DocumentError("corrupt PDF: no pages")
    texts: list[str | None] = []
    failed = 0
    for number, page in enumerate(pages, 1):
        try:
            texts.append(page.extract_text() or "")
        except _PDF_FAILURES as exc:
            failed += 1
            texts.append(None)
            warnings.append(f"page {number}: text extraction failed ({type(exc).__name__})")
    if failed == len(pages):
        raise DocumentError(f"corrupt PDF: text extraction failed on all {failed} pages")
    return texts, warnings


def pdf_page_texts(body: bytes, max_pages: int | None = None) -> tuple[list[str], list[str]]:
    """(text of each page as pypdf extracts it, "" where that failed; warnings): nothing
    removed or joined, for documents whose layout is their meaning (roll calls).

    Raises ``DocumentError`` for a non-PDF body, a truncated or corrupt file, or one that
    needs a password.
    """
    texts, warnings = _pdf_pages(body, max_pages)
    return [t or "" for t in texts], warnings


def extract_pdf(body: bytes, max_pages: int | None = None) -> BillText:
    """Clean text of a PDF bill document, with its page count.

    Raises ``DocumentError`` for a non-PDF body, a truncated or corrupt file, or one that
    needs a password.  A PDF whose pages hold no text (a scan) gives text "" and the
    warning "no extractable text (scanned?)".  Underlines do not survive PDF
    extraction, so insertions read as plain text here.
    """
    texts, warnings = _pdf_pages(body, max_pages)
    text = clean_text("\f".join(t for t in texts if t is not None))
    if not text:
        warnings.append("no extractable text (scanned?)")
    return BillText(text=text, pages=len(texts), warnings=warnings)


# ---------------------------------------------------------------------------------------
# Dispatch


def _content_type(content_type: str | None) -> tuple[str, str | None]:
    if not content_type:
        return "", None
    mime = content_type.split(";", 1)[0].strip().lower()
    return mime, charset_of(content_type)


def extract(
    body: bytes, content_type: str | None, url: str, max_pages: int | None = None
) -> BillText:
    """Clean text of one fetched document, PDF or HTML.

    A body starting ``%PDF-`` is a PDF whatever the headers say; otherwise a PDF
    content type or a ``.pdf`` URL means PDF (and an HTML error page there fails as
    "not a PDF"); everything else is read as HTML with the header's charset.  Raises
    ``DocumentError`` naming the URL for an empty body, an unreadable PDF, a Word file
    and an HTML page that parsed to nothing.
    """
    if not body.strip():
        raise DocumentError(f"{url}: empty body")
    mime, charset = _content_type(content_type)
    is_pdf = (
        body.find(b"%PDF-", 0, 1024) >= 0
        or "pdf" in mime
        or urlsplit(url).path.lower().endswith(".pdf")
    )
    try:
        if is_pdf:
            return extract_pdf(body, max_pages)
        if body.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
            raise DocumentError("Word document (.doc/.docx): not supported, fetch the .htm")
        result = extract_html(body, charset)
    except DocumentError as exc:
        raise DocumentError(f"{url}: {exc}") from exc
    if not result.text:
        raise DocumentError(f"{url}: HTML page parsed to nothing")
    return result
