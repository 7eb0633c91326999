"""Decoding pages the way REFERENCE.md §5 advises: the declared charset, else UTF-8
when the bytes are valid UTF-8, else Windows-1252 (Word exports, IIS defaults)."""

from __future__ import annotations

import codecs
import re

_META_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_HEADER_RE = re.compile(r"charset\s*=\s*[\"']?([-\w.:]+)", re.IGNORECASE)


def _known(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # Browsers read "iso-8859-1" as windows-1252; Word exports rely on that.
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


def declared_charset(body: bytes, content_type: str | None = None) -> str | None:
    """Charset from the Content-Type header, else from a <meta> in the first 4 KB."""
    if content_type:
        m = _HEADER_RE.search(content_type)
        if m and _known(m.group(1)):
            return _known(m.group(1))
    m = _META_RE.search(body[:4096])
    if m:
        return _known(m.group(1).decode("ascii", "replace"))
    return None


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """(text, encoding used).  Undecodable bytes are replaced, never fatal."""
    charset = declared_charset(body, content_type)
    if charset:
        return body.decode(charset, errors="replace"), charset
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace"), "cp1252"
