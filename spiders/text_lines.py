"""Lines of clean text: the whitespace rules every extractor shares, and ``clean_text``.

``SPACE_TABLE`` and ``finish_lines`` are used by the HTML extractor (``html_text``) as well;
``clean_text`` removes page furniture from hard-wrapped text such as a PDF extraction and
joins each paragraph's lines into one (see ``spiders/billtext.py`` for the notation).
Everything here is pure.
"""

from __future__ import annotations

import re

from cga.furniture import strip_printing

# Whitespace of every kind becomes a space; invisible characters go.
SPACE_TABLE: dict[int, str | None] = {ord(c): " " for c in "\t\n\r\f\v\xa0\u1680\u202f\u205f\u3000"}
SPACE_TABLE.update({cp: " " for cp in range(0x2000, 0x200B)})
SPACE_TABLE.update({ord(c): None for c in "\xad\u200b\u200c\u200d\u2060\ufeff"})

_SPACE_TABLE_KEEP_NEWLINES = {**SPACE_TABLE, ord("\n"): "\n"}

# Furniture (page headers, barcodes, committee tags, page counters, line numbers): the one
# set of rules is cga/furniture.py.

SPACES_RE = re.compile(r"[ \t]{2,}")


def finish_lines(lines: list[str]) -> str:
    """Collapse spaces, strip line ends, keep at most one blank line in a row."""
    out: list[str] = []
    for line in lines:
        line = SPACES_RE.sub(" ", line).strip()
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
    lines = [SPACES_RE.sub(" ", line).strip() for line in lines]
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
    (``*_____SB00946FIN___043015____*``) and margin line numbers (the rules
    are ``cga.furniture``'s).  Joins words the line wrap hyphenated (``infor-`` /
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
    return finish_lines(_unwrap(lines))
