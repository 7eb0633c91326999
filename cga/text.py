"""Text that is always publishable.

Everything billwatch stores comes from the legislature's site, and a single control character
in a title or a testimony file name would make an XML document (a feed, an SVG badge, an
iCalendar line in an XML client) unreadable.  ``publishable`` replaces every character XML 1.0
cannot carry with U+FFFD; every writer of feeds, calendars, pages and the export calls it, and
the pipelines store text through it.  JSON can carry anything and is left as is.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar

T = TypeVar("T")
REPLACEMENT = "\ufffd"
# XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
# Lone surrogates (from a "surrogateescape" decode) are not characters either.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def publishable(text: str) -> str:
    """``text`` with every character XML 1.0 forbids replaced by U+FFFD."""
    return _NOT_XML.sub(REPLACEMENT, text)


def is_publishable(text: str) -> bool:
    """True when ``text`` holds no character XML 1.0 forbids (a request parameter that
    fails this is answered 400)."""
    return _NOT_XML.search(text) is None


def publishable_deep(value: T) -> T:
    """``value`` with every string inside it made publishable: strings, lists, tuples, dicts
    and dataclass records (copied only where something changed; bytes are left alone).
    The pipelines pass every item through this before storing it."""
    cleaned: T = _deep(value)
    return cleaned


# Types that hold no text: returned as they are without a look inside.
_LEAVES = frozenset({int, float, bool, type(None), bytes})
# Field names of each dataclass met (dataclasses.fields is slow to call per record: an item
# of a session's bulk files holds a few hundred thousand records).
_FIELDS: dict[type, tuple[str, ...]] = {}


def _deep(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        return _NOT_XML.sub(REPLACEMENT, value) if _NOT_XML.search(value) else value
    if kind in _LEAVES:
        return value
    if kind is list:
        cleaned = [_deep(v) for v in value]
        return value if all(a is b for a, b in zip(cleaned, value, strict=True)) else cleaned
    names = _FIELDS.get(kind)
    if names is None and is_dataclass(kind):
        names = _FIELDS[kind] = tuple(f.name for f in fields(kind))
    if names is not None:
        changed = {}
        for name in names:
            old = getattr(value, name)
            new = _deep(old)
            if new is not old:
                changed[name] = new
        return replace(value, **changed) if changed else value
    return _deep_other(value)


def _deep_other(value: Any) -> Any:
    """Subclasses of the built-in types, tuples and dicts."""
    if isinstance(value, str):
        return _NOT_XML.sub(REPLACEMENT, value) if _NOT_XML.search(value) else value
    if isinstance(value, list):
        cleaned = [_deep(v) for v in value]
        return value if all(a is b for a, b in zip(cleaned, value, strict=True)) else cleaned
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        cleaned_t = tuple(_deep(v) for v in value)
        return value if all(a is b for a, b in zip(cleaned_t, value, strict=True)) else cleaned_t
    if isinstance(value, dict):
        pairs = [(_deep(k), _deep(v)) for k, v in value.items()]
        if all(k is k0 and v is v0 for (k, v), (k0, v0) in zip(pairs, value.items(), strict=True)):
            return value
        return dict(pairs)
    return value
