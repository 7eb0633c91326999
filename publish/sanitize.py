"""Untrusted text into safe HTML: plain text escaped, redlines re-built from an allowlist.

Everything billwatch publishes comes from the site (titles, names, testimony, bill texts) and is
treated as untrusted.  Plain text is escaped; ``diffs.redline_html`` (already escaped HTML made
of ``<p>``, ``<ins>`` and ``<del>``) is parsed and re-emitted with only those tags, without
attributes, every text node escaped again, so whatever it holds cannot become markup.

``publishable_data`` applies ``cga.text.publishable`` to every string of a row or a card, for the
writers of XML-like documents (feeds, the SVG badge, the embed script); templates get it through
Jinja's ``finalize`` (``publish/plugins/publishable_pages.py``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape, unescape
from html.parser import HTMLParser
from typing import Any

from cga.text import publishable

REDLINE_TAGS = frozenset({"p", "ins", "del"})


def publishable_data(value: Any) -> Any:
    """``value`` with every string in it (in dicts, lists and tuples too) made publishable.

    A stored title or name may hold a control character (the crawler cleans on store, but a
    writer must not depend on that): one such character makes a whole XML document unreadable.
    """
    if isinstance(value, str):
        return publishable(value)
    if isinstance(value, Mapping):
        return {key: publishable_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [publishable_data(item) for item in value]
    if isinstance(value, tuple):
        return tuple(publishable_data(item) for item in value)
    return value


def text_to_html(text: str | None) -> str:
    """Plain text as HTML: escaped, line breaks kept as ``<br>``."""
    if not text:
        return ""
    return "<br>".join(escape(line, quote=True) for line in text.splitlines())


def safe_href(url: str | None) -> str | None:
    """An http(s) URL escaped for an attribute, or None for anything else."""
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    return escape(url, quote=True)


class _Redline(HTMLParser):
    """Collects paragraphs of allowed markup; drops every other tag (keeping its text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[tuple[bool, str]] = []  # (has a change, html)
        self._parts: list[str] = []
        self._open: list[str] = []  # open inline tags (ins/del)
        self._changed = False
        self._skip = 0  # inside <script>/<style>: drop the content too

    def _end_paragraph(self) -> None:
        while self._open:
            self._parts.append(f"</{self._open.pop()}>")
        html = "".join(self._parts).strip()
        if html:
            self.paragraphs.append((self._changed, html))
        self._parts, self._changed = [], False

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "p":
            self._end_paragraph()
        elif tag in REDLINE_TAGS and tag not in self._open:
            self._open.append(tag)
            self._parts.append(f"<{tag}>")
            self._changed = True

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag == "p":
            self._end_paragraph()
        elif tag in self._open:
            while self._open:  # close down to it, keeping nesting well formed
                closed = self._open.pop()
                self._parts.append(f"</{closed}>")
                if closed == tag:
                    break

    def handle_data(self, data):
        if not self._skip:
            self._parts.append(escape(data, quote=False))

    def close(self):
        super().close()
        self._end_paragraph()


# The shape the redline engine writes (``cga.redline``): paragraphs of text with no "<" (it is
# escaped), and ``<ins>``/``<del>`` runs that hold text only, whitespace between paragraphs.
# A redline of that shape (its paragraphs found one after the other, whitespace alone
# between them) is split by these expressions, which give the same paragraphs as
# the parser (``tests/test_sanitize.py`` compares them on the golden corpus and on random
# and hostile markup) at a fraction of its cost: parsing was two thirds of rendering a feed.
# Anything else (a tag the engine never writes, an attribute, a stray "<") goes to the parser.
_CONTENT = r"[^<]*(?:(?:<ins>[^<]*</ins>|<del>[^<]*</del>)[^<]*)*"
_PARAGRAPH = re.compile(rf"<p>({_CONTENT})</p>")
_PIECE = re.compile(r"(</?(?:ins|del)>)|([^<]+)")  # a tag of the shape, or a text node


def _reescaped(content: str) -> str:
    # What the parser does to each text node: character references decoded, then escaped
    # again (a "&quot;" comes out as '"', a raw ">" as "&gt;"); the tags stay as they are.
    return "".join(
        tag or escape(unescape(text), quote=False) for tag, text in _PIECE.findall(content)
    )


def _engine_paragraphs(redline_html: str) -> list[tuple[bool, str]] | None:
    out: list[tuple[bool, str]] = []
    end = 0
    for match in _PARAGRAPH.finditer(redline_html):
        if redline_html[end : match.start()].strip():  # between paragraphs: whitespace only
            return None
        end = match.end()
        content = match.group(1)
        # In this shape every "<" opens a tag and every tag has one ">": a text node needs
        # escaping again only where it holds a "&" or a ">" of its own.
        if "&" in content or content.count(">") > content.count("<"):
            content = _reescaped(content)
        html = content.strip()
        if html:
            out.append(("<ins>" in content or "<del>" in content, html))
    if redline_html[end:].strip():
        return None
    return out


def redline_paragraphs(redline_html: str | None) -> list[tuple[bool, str]]:
    """``[(changed, safe_html)]``, one per paragraph of the redline."""
    fast = _engine_paragraphs(redline_html or "")
    if fast is not None:
        return fast
    parser = _Redline()
    parser.feed(redline_html or "")
    parser.close()
    return parser.paragraphs


def redline_excerpt(redline_html: str | None, max_chars: int = 20_000) -> str:
    """The changed paragraphs of a redline as safe HTML, unchanged runs shown as "…".

    A budget bill's redline is the whole text; a feed entry carries what changed, up to
    ``max_chars`` of markup, and always its first changed paragraph (the bill page has the rest).
    """
    out: list[str] = []
    size = 0
    skipped = False
    for changed, html in redline_paragraphs(redline_html):
        if not changed:
            skipped = True
            continue
        if skipped:
            out.append("<p>…</p>")
        skipped = False
        if out and size + len(html) > max_chars:
            out.append("<p>… (more changes on the bill page)</p>")
            break
        out.append(f"<p>{html}</p>")
        size += len(html)
    return "\n".join(out)
