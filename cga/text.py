"""Text that is always publishable.

Everything billwatch stores comes from the legislature's site, and a single control character
in a title or a testimony file name would make an XML document (a feed, an SVG badge, an
iCalendar line in an XML client) unreadable.  ``publishable`` replaces every character XML 1.0
cannot carry with U+FFFD; every writer of feeds, calendars, pages and the export calls it, and
the pipelines store text through it.  JSON can carry anything and is left as is.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
# XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
# Lone surrogates (from a "surrogateescape" decode) are not characters either.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def publishable(text: str) -> str:
    """``text`` with every character XML 1.0 forbids replaced by U+FFFD."""
    return _NOT_XML.sub(REPLACEMENT, text)


def publishable_or_none(text: str | None) -> str | None:
    return None if text is None else publishable(text)


def is_publishable(text: str) -> bool:
    """True when ``text`` holds no character XML 1.0 forbids (a request parameter that
    fails this is answered 400)."""
    return _NOT_XML.search(text) is None
