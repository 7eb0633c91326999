"""The per-bill testimony listing page (docs/cga-site.md, "Testimony").

``parse_testimony_listing(html, url)`` collects every testimony PDF link of a listing
page (``/asp/menu/CommDocTmyBillAllComm.asp?bill=HB-07017&doc_year=2015``).  The real
page's markup is unknown, so the parser assumes nothing about it: a link is any ``href``
(also a URL quoted inside ``javascript:``/``onclick`` or an ``<option value>``) whose path
ends in ``.pdf`` and has a ``/TMY/`` folder, any case.  Links are resolved against ``url``
(and a ``<base href>``), canonicalised with ``cga.urls.canonical_url`` and deduplicated by
``url_key`` (``%20`` and a space, ``TMY`` and ``tmy`` are one document).  Each keeps its
link text and the nearest heading above it (h1-h6, a caption, a one-cell group row of a
table, a bold line standing alone).  A page that says it holds no testimony gives ``[]``;
a page with no testimony link and no such message raises ``PageError``: an empty list is
never a guess.  What a file name says is ``cga.testimony.parse_testimony_filename``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import Selector

from cga import urls as cga
from cga.records import PageError


@dataclass
class TestimonyLink:
    """One testimony PDF linked from a listing page."""

    url: str  # canonical absolute URL (cga.canonical_url), https://www.cga.ct.gov/...
    text: str  # link text, whitespace collapsed ("" for an icon without alt text)
    context: str | None  # nearest heading above the link: committee / hearing group
    headings: tuple[str, ...] = ()  # the outline above the link, outermost first
    href: str = ""  # the attribute as written on the page


# ---------------------------------------------------------------------------- listings

_HEADING_LEVELS = {f"h{n}": n for n in range(1, 7)} | {"caption": 7, "legend": 7}
_GROUP_ROW_LEVEL = 8  # a table row of one wide cell: <tr><th colspan=2>Education</th></tr>
_BOLD_LINE_LEVEL = 9  # <p><b>Education Committee</b></p>
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template"})
# A quoted URL ending in .pdf inside script; each quote kind may hold the other (D'Angelo).
_QUOTED_PDF_RE = re.compile(
    r""""([^"<>]+?\.pdf(?:[?#][^"<>]*)?)"|'([^'<>]+?\.pdf(?:[?#][^'<>]*)?)'""", re.IGNORECASE
)
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_NO_TESTIMONY_RE = re.compile(
    r"""\bno\s+(?:written\s+|public\s+|hearing\s+)*testimon(?:y|ies)\b
      | \bthere\s+(?:is|are|was|were|has\s+been|have\s+been)\s+no\s+(?:\w+\s+){0,3}?testimon
      | \btestimony\b[^.]{0,60}?\bnot\s+(?:available|found|been\s+(?:received|submitted))
      | \bno\s+(?:documents?|records?|files?|submissions?|items?|results?)\s+
        (?:were\s+|was\s+|have\s+been\s+|has\s+been\s+)?
        (?:found|available|submitted|received|on\s+file|listed)
      | \b(?:0|zero)\s+(?:testimon(?:y|ies)|documents?|submissions?)\s+found""",
    re.IGNORECASE | re.VERBOSE,
)
_TEXT_NODES = etree.XPath(".//text()")
_VISIBLE_TEXT = etree.XPath(
    "//text()[not(ancestor::script or ancestor::style or ancestor::noscript"
    " or ancestor::template or ancestor::head)]"
)


def _norm(text: str | None) -> str:
    return " ".join((text or "").replace("\u200b", "").split())


def _text(el: etree._Element) -> str:
    """Text of an element, its text nodes joined by spaces (``<br>`` separates words)."""
    return _norm(" ".join(_TEXT_NODES(el)))


def _visible_text(root: etree._Element) -> str:
    return _norm(" ".join(_VISIBLE_TEXT(root)))


def _has_link(el: etree._Element) -> bool:
    return any(True for _ in el.iter("a"))


def _heading_level(el: etree._Element) -> int | None:
    tag = el.tag
    if tag in _HEADING_LEVELS:
        return _HEADING_LEVELS[tag]
    if el.get("role") == "heading":
        level = el.get("aria-level", "")
        return int(level) if level.isdigit() else 7
    if tag in ("th", "td"):
        row = el.getparent()
        colspan = el.get("colspan", "1").strip()
        if (
            row is not None
            and colspan.isdigit()
            and int(colspan) >= 2
            and len([c for c in row if c.tag in ("td", "th")]) == 1
            and not _has_link(row)
        ):
            return _GROUP_ROW_LEVEL
        return None
    if tag in ("b", "strong", "dt"):
        parent = el.getparent()
        if tag == "dt":
            return None if _has_link(el) else _BOLD_LINE_LEVEL
        if parent is None or parent.tag not in ("p", "div", "span", "center", "font", "body"):
            return None
        holder = next((a for a in el.iterancestors() if a.tag in ("tr", "li")), None)
        if holder is not None and _has_link(holder):
            return None  # a bold name in a row of links is not a group heading
        if _has_link(parent) or _text(parent) != _text(el):
            return None
        return _BOLD_LINE_LEVEL
    return None


def _candidate_hrefs(el: etree._Element) -> list[str]:
    """URLs an element links to: its href (or option value), URLs quoted in script."""
    out: list[str] = []
    if el.tag in ("a", "area"):
        href = (el.get("href") or "").strip()
        if href.lower().startswith("javascript:"):
            out += [a or b for a, b in _QUOTED_PDF_RE.findall(href)]
        elif href and not href.lower().startswith(("mailto:", "tel:", "#")):
            out.append(href)
    elif el.tag == "option" and el.get("value"):
        out.append(el.get("value", "").strip())
    onclick = el.get("onclick")
    if onclick:
        out += [a or b for a, b in _QUOTED_PDF_RE.findall(onclick)]
    return out


def _link_text(el: etree._Element) -> str:
    text = _text(el)
    if text:
        return text
    for img in el.iter("img"):
        alt = _norm(img.get("alt") or img.get("title"))
        if alt:
            return alt
    return _norm(el.get("title"))


def parse_testimony_listing(html: str, url: str) -> list[TestimonyLink]:
    """Every testimony PDF linked from a listing page, in page order, deduplicated.

    ``url`` is where the page was fetched from: it resolves relative links and names the
    page in errors.  Returns ``[]`` only for a page that says it has no testimony; raises
    ``PageError`` for a page with neither testimony links nor such a message.
    """
    if not html or not html.strip():
        raise PageError(f"{url}: empty testimony listing")
    root = Selector(text=_XML_DECL_RE.sub("", html, count=1)).root
    base = url
    for b in root.iter("base"):
        if b.get("href"):
            base = urljoin(url, b.get("href", "").strip())
            break

    links: dict[str, TestimonyLink] = {}
    pdfs_elsewhere = 0
    outline: list[tuple[int, str]] = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in _SKIP_TAGS:
            continue
        level = _heading_level(el)
        if level is not None:
            text = _text(el)
            if text:
                while outline and outline[-1][0] >= level:
                    outline.pop()
                outline.append((level, text))
            continue
        for href in _candidate_hrefs(el):
            try:
                canonical = cga.canonical_url(href, base)
            except ValueError:  # e.g. an invalid IPv6 host in a mangled href
                continue
            path = cga.decode_path(urlsplit(canonical).path).lower()
            if not path.endswith(".pdf"):
                continue
            if "/tmy/" not in path:
                pdfs_elsewhere += 1
                continue
            key = cga.url_key(canonical)
            text = _link_text(el) if el.tag != "option" else _norm(el.text)
            if key in links:
                if not links[key].text and text:
                    links[key].text = text
                continue
            links[key] = TestimonyLink(
                url=canonical,
                text=text,
                context=outline[-1][1] if outline else None,
                headings=tuple(t for _, t in outline),
                href=href,
            )
    if links:
        return list(links.values())
    if _NO_TESTIMONY_RE.search(_visible_text(root)):
        return []
    if pdfs_elsewhere:
        raise PageError(
            f"{url}: {pdfs_elsewhere} PDF link(s) but none under a /TMY/ folder, and no "
            "'no testimony' message: not a testimony listing?"
        )
    raise PageError(
        f"{url}: no testimony PDF links and no 'no testimony' message: not a testimony listing?"
    )
