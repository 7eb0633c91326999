"""Parse a CGA bill status page (``/asp/cgabillstatus/cgabillstatus.asp?...``).

``parse_status_page(html, url)`` turns one page into a ``StatusPage``
(docs/cga-site.md, "Status page"): the header (bill label, session year), title,
statement of purpose, introducers, co-sponsors, every link in the document tables and the
Bill History rows.  It is pure: no I/O, ``url`` only resolves relative links and names
the page in errors.

What the page should have had but lacked goes to ``StatusPage.problems`` (one string
each); a page with no "Session Year" header raises ``PageError`` and the "Bill not found
in Database" page raises ``BillNotFound``.  Parsing is lxml via parsel; BeautifulSoup
(html.parser) is used only to rescue a Bill History table that lxml dropped.

What a document link is (its kind and numbers) is ``cga.documents``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin

from lxml import etree
from parsel import Selector

from cga.records import BillNotFound, DocumentLink, HistoryRow, PageError, StatusPage

_NOT_FOUND_RE = re.compile(r"Bill\s+not\s+found\s+in\s+Database", re.IGNORECASE)
_SESSION_RE = re.compile(r"Session\s+Year\s*:?\s*(\d{4})", re.IGNORECASE)
_HTML_END_RE = re.compile(r"</html\s*>", re.IGNORECASE)
_HISTORY_SUMMARY_RE = re.compile(r"""summary\s*=\s*["']?\s*Bill\s+history""", re.IGNORECASE)
_TRIPLE_QUOTE_TAG_RE = re.compile(r'<[^<>]*"""[^<>]*>')
_DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")
_CODE_RE = re.compile(r"\(\s*([A-Z][A-Z0-9&]{0,9})\s*\)")
_CODE_PREFIX_RE = re.compile(r"^\(\s*([A-Z][A-Z0-9&]{0,9})\s*\)\s*")
_FORMAT_RE = re.compile(r"^\[?\s*(pdf|docx?|html?|rtf|txt|word)\s*\]?$", re.IGNORECASE)
_INTRODUCED_RE = re.compile(r"Introduced\s+by\s*:", re.IGNORECASE)
_COSPONSORS_RE = re.compile(
    r"Co-?\s*sponsors\s+of\s*(?:[HS]\.?\s*[BJR]\.?\s*-?\s*(?:No\.?\s*)?\d+)?\s*:?", re.IGNORECASE
)
_PURPOSE_PREFIX_RE = re.compile(r"^Statement\s+of\s+Purpose\s*:\s*", re.IGNORECASE)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Inline wrappers around a marker such as "Introduced by:"; the marker's section is
# the nearest ancestor that is not one of these.
_INLINE_TAGS = _HEADING_TAGS | {"b", "strong", "span", "font", "em", "i", "u", "label", "small"}
_RAW_TAGS = frozenset({"script", "style"})
_LARGE_12 = (
    "//div[contains(concat(' ', normalize-space(@class), ' '), ' large-12 ')]"
    "[contains(concat(' ', normalize-space(@class), ' '), ' columns ')]"
)
_STRING = etree.XPath("string()")
_CELLS = etree.XPath("./td|./th")
_ROWS = etree.XPath("./tr|./*/tr")  # own rows, not those of nested tables
_HEAD_ROWS = etree.XPath("./thead/tr")
# Old (~2009) layout tables and the block names used when they carry no header row.
_OLD_TABLE_BLOCKS = {"cgabilltext": "Text of Bill", "cgavotes": "Votes"}


def parse_status_page(html: str, url: str) -> StatusPage:
    """Parse one bill status page; see the module docstring for the contract."""
    if _NOT_FOUND_RE.search(html):
        raise BillNotFound(f"{url}: Bill not found in Database")
    html = _repair_triple_quotes(html)
    root = Selector(text=html).root
    bill_label, session = _header(root, url, html)

    problems: list[str] = []
    if not _HTML_END_RE.search(html):
        problems.append("page ends before </html>: truncated?")
    if not bill_label:
        problems.append("no bill label before 'Session Year' in the header")

    title = _title(root)
    if title is None:
        problems.append("no title (h4)")

    introducers = _names_after(root, _INTRODUCED_RE, scoped=True, stop=_INTRODUCERS_STOP_RE)
    if introducers is None:
        problems.append("no 'Introduced by:' section")
    cosponsors: list[str] | None = []
    if _COSPONSORS_RE.search(html):  # cheap test first: most pages have none
        cosponsors = _names_after(root, _COSPONSORS_RE, scoped=False, stop=_COSPONSORS_STOP_RE)
        if cosponsors is None:  # an empty section is normal; a lost heading is not
            problems.append("co-sponsors lost: 'Co-sponsors of' is in the html, not in the tree")

    documents, doc_problems = _documents(root, url)
    problems.extend(doc_problems)
    history, history_problems = _history(root, html)
    problems.extend(history_problems)

    return StatusPage(
        bill_label=bill_label,
        session=session,
        title=title or "",
        statement_of_purpose=_statement_of_purpose(root),
        introducers=introducers or [],
        cosponsors=cosponsors or [],
        documents=documents,
        history=history,
        problems=problems,
    )


# ---------------------------------------------------------------------------- text helpers


def _norm(text: str | None) -> str:
    """Collapse whitespace (including &nbsp;) and drop zero-width spaces."""
    if not text:
        return ""
    return " ".join(text.replace("\u200b", "").split())


def _text(el: etree._Element) -> str:
    return _norm(_STRING(el))


def _row_text(tr: etree._Element) -> str:
    """A row's non-empty cells joined with " | ", for problem messages."""
    return " | ".join(t for t in (_text(c) for c in _CELLS(tr)) if t)


def _repair_triple_quotes(html: str) -> str:
    """Old pages had three double quotes in a row in one href (§4.1); make the tag parse."""
    if '"""' not in html:
        return html
    return _TRIPLE_QUOTE_TAG_RE.sub(lambda m: m.group(0).replace('"""', '"'), html)


# ---------------------------------------------------------------------------- header, title


_HEADER_XPATHS = (
    etree.XPath("//h3"),
    etree.XPath("//div[contains(@class, 'CGASubHeader')]"),
    etree.XPath(
        "//body//*[not(self::script or self::style or self::option)]"
        "[text()[contains(., 'Session Year')]]"
    ),
)


def _header(root: etree._Element, url: str, html: str) -> tuple[str, int]:
    for xpath in _HEADER_XPATHS:
        for el in xpath(root):
            text = _text(el)
            m = _SESSION_RE.search(text)
            if m:
                return text[: m.start()].strip(" :-|"), int(m.group(1))
    if _SESSION_RE.search(_TAG_RE.sub(" ", html)):
        # The words are in the markup but not in the tree: lxml gave up on the nesting.
        raise PageError(
            f"{url}: the page's 'Session Year' header is in its HTML but not in the parsed "
            f"tree: markup nested deeper than the parser follows ({_depth(root)} levels "
            "read), the rest of the page was dropped"
        )
    raise PageError(f"{url}: no 'Session Year' header (not a bill status page?)")


_TAG_RE = re.compile(r"<[^>]*>")


def _depth(root: etree._Element) -> int:
    """How deep the parsed tree goes (the error path only)."""
    depth = deepest = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def _title(root: etree._Element) -> str | None:
    for xpath in (_LARGE_12 + "//h4", "//h4"):
        for h4 in root.xpath(xpath):
            text = _text(h4)
            if text and not text.lower().startswith("bill history"):
                return text
    # Old layout: "Title:" label followed by the title text.
    found = _names_after(root, re.compile(r"^\s*Title\s*:", re.IGNORECASE), scoped=True)
    return found[0] if found else None


def _statement_of_purpose(root: etree._Element) -> str | None:
    paragraphs = root.xpath(
        "//p[contains(concat(' ', normalize-space(@class), ' '), ' text-justify ')]"
    )
    if paragraphs:
        text = _PURPOSE_PREFIX_RE.sub("", _text(paragraphs[0]))
        return text or None
    found = _names_after(root, _PURPOSE_PREFIX_RE, scoped=True)
    return found[0] if found else None


# ---------------------------------------------------------------------------- names after a marker

_INTRODUCERS_STOP_RE = re.compile(
    r"Co-?\s*sponsors|New today|Add to My Bills|Statement\s+of\s+Purpose", re.IGNORECASE
)
_COSPONSORS_STOP_RE = re.compile(
    r"Co-?\s*sponsors\s+for\s+Amendment|^\s*NOTE\b|Bill\s+History", re.IGNORECASE
)
_STOP_TAGS = _HEADING_TAGS | {"table", "hr", "form", "footer", "ul", "ol"}


def _section_of(el: etree._Element) -> etree._Element:
    while el.tag in _INLINE_TAGS and el.getparent() is not None:
        el = el.getparent()
    return el


def _names_after(
    root: etree._Element,
    marker: re.Pattern[str],
    *,
    scoped: bool,
    stop: re.Pattern[str] | None = None,
) -> list[str] | None:
    """Items after the first text matching ``marker``, in document order.

    Each link is one item (its whole text); each other text node is one item (names
    are separated by ``<br>``).  Collection ends at a heading, table, rule or form, at
    a text matching ``stop``, and at the end of the marker's section: its enclosing
    block when ``scoped`` (the ``<div>`` or ``<td>`` around "Introduced by:"), else the
    table around the marker, if any.  Returns None when the marker is not in the page.
    """
    items: list[str] = []
    found = False
    section: etree._Element | None = None
    inside_link: etree._Element | None = None

    def take(text: str | None, owner: etree._Element) -> bool:
        """Handle one text node; True means stop collecting."""
        nonlocal found, section
        if not text:
            return False
        if not found:
            m = marker.search(text)
            if not m:
                return False
            found = True
            if scoped:
                section = _section_of(owner)
            else:
                section = next(owner.iterancestors("table"), None)
                if owner.tag == "table":
                    section = owner
            text = text[m.end() :]
        if stop is not None and stop.search(text):
            return True
        item = _norm(text)
        if item and item.strip(",;|-") and item.lower() != "and":
            items.append(item)
        return False

    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else None
        if event == "start":
            if inside_link is not None:
                continue
            if found:
                if tag in _STOP_TAGS:
                    break
                if tag == "a":
                    item = _text(el)
                    if stop is not None and stop.search(item):
                        break
                    if item:
                        items.append(item)
                    inside_link = el
                    continue
            if tag is not None and tag not in _RAW_TAGS and take(el.text, el):
                break
        else:
            if inside_link is not None:
                if el is not inside_link:
                    continue
                inside_link = None
            if found and el is section:
                break
            parent = el.getparent()
            if parent is not None and take(el.tail, parent):
                break
    return items if found else None


# ---------------------------------------------------------------------------- document tables


@dataclass
class _Entry:
    label: str
    url: str | None
    alt_urls: list[str] = field(default_factory=list)


def _body_rows(table: etree._Element) -> list[etree._Element]:
    head = set(_HEAD_ROWS(table))
    return [tr for tr in _ROWS(table) if tr not in head]


def _documents(root: etree._Element, url: str) -> tuple[list[DocumentLink], list[str]]:
    documents: list[DocumentLink] = []
    problems: list[str] = []
    tables = 0
    for table in root.iter("table"):
        summary = _norm(table.get("summary")).lower()
        old_block = _OLD_TABLE_BLOCKS.get((table.get("id") or "").lower())
        if summary != "status of bills" and old_block is None:
            continue
        tables += 1
        block, rows = _block_and_rows(table, old_block or "")
        for tr in rows:
            entries = _row_entries(tr, url)
            if not entries:
                text = _row_text(tr)
                if text:
                    problems.append(f"document row without a link in {block!r}: {text!r}")
                continue
            for entry in entries:
                if entry.url is None:
                    pdfs = [u for u in entry.alt_urls if u.lower().endswith(".pdf")]
                    entry.url = (pdfs or entry.alt_urls)[0]
                    entry.alt_urls.remove(entry.url)
                documents.append(
                    DocumentLink(block, entry.label or block, entry.url, entry.alt_urls)
                )
    if not tables:
        problems.append("no document tables")
    return documents, problems


def _block_and_rows(table: etree._Element, default: str) -> tuple[str, list[etree._Element]]:
    """The block name (second header cell) and the body rows of one document table."""
    header: etree._Element | None = None
    head = _HEAD_ROWS(table)
    body = _body_rows(table)
    if head:
        header = head[0]
    elif body and not body[0].xpath(".//a[@href]"):
        header = body.pop(0)  # old layout: a header row without links
    block = default
    if header is not None:
        cells = [_text(c) for c in _CELLS(header)]
        named = [c for c in cells if c]
        if len(cells) >= 2 and cells[1]:
            block = cells[1]
        elif named:
            block = named[-1]
    return block, body


def _href(a: etree._Element, base: str) -> str | None:
    href = (a.get("href") or "").strip()
    if not href or href.startswith("#") or href.lower().startswith(("javascript:", "mailto:")):
        return None
    return urljoin(base, href)


def _row_entries(tr: etree._Element, base: str) -> list[_Entry]:
    """Links of one row: each label link with the [pdf]/[doc] links that follow it.

    A label that is plain text followed by a [pdf] link becomes an entry without url
    (the caller then uses the pdf).  ``<td>`` and ``<br>`` start a new segment.
    """
    entries: list[_Entry] = []
    pending = ""  # plain text since the segment started
    has_main = False  # the segment already has a label entry
    inside_link: etree._Element | None = None
    for event, el in etree.iterwalk(tr, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else None
        if event == "start":
            if inside_link is not None:
                continue
            if tag in ("td", "th", "br"):
                pending, has_main = "", False
            if tag == "a":
                inside_link = el
                label, href = _text(el), _href(el, base)
                if href is None:
                    pending += " " + label
                elif label and not _FORMAT_RE.match(label):
                    entries.append(_Entry(label, href))
                    pending, has_main = "", True
                elif not has_main and _norm(pending):
                    entries.append(_Entry(_norm(pending), None, [href]))
                    pending, has_main = "", True
                elif entries:
                    entries[-1].alt_urls.append(href)
                else:
                    entries.append(_Entry("", None, [href]))
                    has_main = True
                continue
            if tag is not None and tag not in _RAW_TAGS and el.text:
                pending += el.text
        else:
            if inside_link is not None:
                if el is not inside_link:
                    continue
                inside_link = None
            if el is not tr and el.tail:
                pending += el.tail
    return entries


# ---------------------------------------------------------------------------- bill history


def _history(root: etree._Element, html: str) -> tuple[list[HistoryRow], list[str]]:
    table = next(
        (t for t in root.iter("table") if _norm(t.get("summary")).lower() == "bill history"),
        None,
    )
    modern = table is not None
    if table is None:
        table = _old_history_table(root)
    if table is None and _HISTORY_SUMMARY_RE.search(html):
        table = _history_table_by_soup(html)
        modern = table is not None
    if table is None:
        return [], ["no Bill History table"]

    problems: list[str] = []
    rows = _body_rows(table)
    if modern and rows and _last_row_cut_off(html, len(_ROWS(table))):
        text = _row_text(rows.pop())
        if text:
            problems.append(f"last Bill History row cut off by truncation: {text!r}")
    history: list[HistoryRow] = []
    for tr in rows:
        cell_els = _CELLS(tr)
        cells = [_text(c) for c in cell_els]
        if not any(cells) or all(c.tag == "th" for c in cell_els):
            continue
        if not modern and not any(_DATE_RE.match(c) for c in cells):
            continue  # old layout: header and spacer rows
        row = _history_row(cells)
        if isinstance(row, str):
            problems.append(row)
        else:
            history.append(row)
    return history, problems


def _history_row(cells: list[str]) -> HistoryRow | str:
    """One row's cells → HistoryRow, or a problem string naming the row."""
    row_text = " | ".join(c for c in cells if c)  # as _row_text
    first = next(i for i, c in enumerate(cells) if c)
    iso = _iso_date(cells[first])
    if iso is None:
        return f"unparseable Bill History row (date): {row_text!r}"
    rest = cells[first + 1 :]
    code: str | None = None
    if rest and (not rest[0] or _CODE_RE.fullmatch(rest[0])):
        m = _CODE_RE.fullmatch(rest[0])
        code = m.group(1) if m else None
        rest = rest[1:]
    text = _norm(" ".join(rest))
    m = _CODE_PREFIX_RE.match(text)
    if m and (code is None or m.group(1) == code):
        code = m.group(1)
        text = text[m.end() :]
    if not text:
        return f"unparseable Bill History row (no action text): {row_text!r}"
    return HistoryRow(iso, code, text)


def _iso_date(text: str) -> str | None:
    m = _DATE_RE.match(text)
    if not m:
        return None
    month, day, year = (int(g) for g in m.groups())
    if year < 100:
        year += 2000
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _old_history_table(root: etree._Element) -> etree._Element | None:
    """Old layout: a "Bill History" cell, then (nested) tables; take the first with dated rows."""
    for marker in root.xpath("//*[text()[normalize-space() = 'Bill History']]"):
        for table in marker.xpath("following::table")[:6]:
            for tr in _ROWS(table):
                if tr.find(".//table") is not None:
                    continue
                cells = [_text(c) for c in _CELLS(tr)]
                first = next((c for c in cells if c), "")
                if _DATE_RE.match(first):
                    return table
    return None


def _history_table_by_soup(html: str) -> etree._Element | None:
    """lxml dropped the table (seen on real pages); find it with html.parser instead."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    found = soup.find("table", attrs={"summary": re.compile(r"^\s*bill\s+history\s*$", re.I)})
    if found is None:
        return None
    tables = Selector(text=f"<html><body>{found}</body></html>").root.xpath("//table")
    return tables[0] if tables else None


def _last_row_cut_off(html: str, parsed_rows: int) -> bool:
    """True when the page stops inside the history table, in its last (unclosed) row."""
    start = _HISTORY_SUMMARY_RE.search(html)
    if start is None:
        return False
    tail = html[start.end() :]
    if re.search(r"</table\s*>", tail, re.IGNORECASE):
        return False
    last_close = max(tail.lower().rfind("</tr"), 0)
    if not re.search(r"<tr\b", tail[last_close:], re.IGNORECASE):
        return False
    return len(re.findall(r"<tr\b", tail, re.IGNORECASE)) == parsed_rows
