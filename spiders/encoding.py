"""Decoding pages (docs/cga-site.md, "Encodings").

A byte-order mark, else the declared charset (HTTP header), else a ``<meta>`` one,
else UTF-8 when the bytes are valid UTF-8, else Windows-1252 (Word exports, IIS).
A declared charset that does not fit the bytes is skipped with a warning.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET_RE = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)""", re.I)
_CT_CHARSET_RE = re.compile(r"""charset\s*=\s*["']?\s*([-\w.:]+)""", re.I)
_PRESCAN_BYTES = 16_384  # Word puts its <meta> after long xmlns attributes


def charset_of(content_type: str | None) -> str | None:
    """The charset label of a Content-Type header value, if any."""
    m = _CT_CHARSET_RE.search(content_type or "")
    return m.group(1) if m else None


def _codec_name(label: str, *, from_meta: bool) -> str | None:
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    # Browsers read latin-1 and ASCII labels as windows-1252, and Word relies on it.
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    # A <meta> found by a byte scan cannot be UTF-16 (WHATWG: treat it as UTF-8).
    if from_meta and name.startswith("utf-16"):
        return "utf-8"
    return name


def decode_html(body: bytes, declared: str | None = None, warnings: list[str] | None = None) -> str:
    """Text of an HTML body; ``declared`` is the HTTP charset label.  Never raises."""
    warnings = warnings if warnings is not None else []
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body.decode(codec, errors="replace")
    meta = _META_CHARSET_RE.search(body[:_PRESCAN_BYTES])
    candidates: tuple[tuple[str, str | None, bool], ...] = (
        ("declared", declared, False),
        ("<meta>", meta.group(1).decode("ascii") if meta else None, True),
    )
    for source, label, from_meta in candidates:
        if not label:
            continue
        named = _codec_name(label, from_meta=from_meta)
        try:
            if named is None:
                raise LookupError(label)
            return body.decode(named)
        except LookupError:
            warnings.append(f"unknown {source} charset {label!r} ignored")
        except UnicodeDecodeError as exc:
            warnings.append(
                f"{source} charset {label!r} does not fit the bytes (offset {exc.start}); ignored"
            )
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return body.decode("cp1252")
    except UnicodeDecodeError:
        warnings.append("bytes undefined in windows-1252 replaced with U+FFFD")
        return body.decode("cp1252", errors="replace")
