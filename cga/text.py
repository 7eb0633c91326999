"""Text that is always publishable.

Everything billwatch stores comes from the legislature's site, and a single control character
in a title or a testimony file name would make an XML document (a feed, an SVG badge, an
iCalendar line in an XML client) unreadable.  ``publishable`` replaces every character XML 1.0
cannot carry with U+FFFD; every writer of feeds, calendars, pages and the export calls it, and
the pipelines store text through it.  JSON can carry anything and is left as is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from itertools import chain
from operator import attrgetter
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


# Types that hold no text: returned as they are without a look inside.
_LEAVES = frozenset({int, float, bool, type(None), bytes})
# Field names of each dataclass met (dataclasses.fields is slow to call per record: an item
# of a session's bulk files holds a few hundred thousand records).
_FIELDS: dict[type, tuple[str, ...]] = {}


def publishable_deep(value: T) -> T:
    """``value`` with every string inside it made publishable: strings, lists, tuples, dicts
    and dataclass records (copied only where something changed; bytes are left alone).
    The pipelines pass every item through this before storing it."""
    if not _has_unpublishable(value):  # the usual case: one quick look, nothing copied
        return value
    cleaned: T = _deep(value)
    return cleaned


def _has_unpublishable(value: Any) -> bool:
    """True when some string inside ``value`` holds a character XML 1.0 forbids.

    The values ``_deep`` would look into, level by level: each level's strings are joined
    and searched once ("\n" is publishable, so joining cannot make or hide a match), and the
    fields of each level's records are read type by type with one ``attrgetter``.  A
    session's bulk item holds a few hundred thousand records: a few list passes, not a
    function call per field, are what keep storing it cheap.  Saying True where nothing
    needs cleaning would only cost time; it never says False where ``_deep`` would clean."""
    level: list[Any] = [value]
    while level:
        texts: list[str] = []
        inner: list[Any] = []
        records: dict[type, list[Any]] = {}
        for v in level:
            kind = type(v)
            if kind is str:
                texts.append(v)
            elif kind in _LEAVES:
                continue
            elif kind is list or kind is tuple:
                inner.extend(v)
            elif kind is dict:
                inner.extend(v.keys())
                inner.extend(v.values())
            else:
                records.setdefault(kind, []).append(v)
        for kind, group in records.items():
            getter = _getter(kind)
            if getter is not None:
                inner.extend(chain.from_iterable(map(getter, group)))
            elif issubclass(kind, str):
                texts.extend(group)
            elif issubclass(kind, (list, tuple)):
                inner.extend(chain.from_iterable(group))
            elif issubclass(kind, dict):
                for d in group:
                    inner.extend(d.keys())
                    inner.extend(d.values())
        if texts and _NOT_XML.search("\n".join(texts)) is not None:
            return True
        level = inner
    return False


def _field_names(kind: type) -> tuple[str, ...] | None:
    """A dataclass type's field names (None: not a dataclass), looked up once per type."""
    if kind not in _FIELDS:
        if not is_dataclass(kind):
            return None
        _FIELDS[kind] = tuple(f.name for f in fields(kind))
    return _FIELDS[kind]


# A dataclass type's fields as one tuple per record (None: not a dataclass, or no fields).
_GETTERS: dict[type, Callable[[Any], tuple] | None] = {}


def _getter(kind: type) -> Callable[[Any], tuple] | None:
    if kind not in _GETTERS:
        names = _field_names(kind) or ()
        if len(names) > 1:
            _GETTERS[kind] = attrgetter(*names)
        elif names:
            one = attrgetter(names[0])
            _GETTERS[kind] = lambda record: (one(record),)
        else:
            _GETTERS[kind] = None
    return _GETTERS[kind]


def _deep(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        return _NOT_XML.sub(REPLACEMENT, value) if _NOT_XML.search(value) else value
    if kind in _LEAVES:
        return value
    if kind is list:
        cleaned = [_deep(v) for v in value]
        return value if all(a is b for a, b in zip(cleaned, value, strict=True)) else cleaned
    names = _field_names(kind)
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
