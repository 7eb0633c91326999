"""The compare page ``/compare/OLDER/NEWER``: a redline between two related bills' latest
texts (issue 18, "Where people see it").

The texts are the ones lineage compares (``lineage.version_id``: each bill's latest text).
The redline is computed on demand with the domain core's engine (``cga.redline``) and kept
in a small cache in the serving process, keyed by the two texts' hashes: the site is
read-only, and ``diffs`` holds pairs of one bill's own versions only.  Only bills lineage
linked (``related_bills``) are compared, so the pages are as many as the links and no
request can make the server diff arbitrary pairs.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from cga.redline import diff_versions
from publish import site
from publish.bill_render import INLINE_REDLINE_LIMIT, redline_markup
from publish.related_render import RELATION_LABELS, related

# The cache holds at most this many redlines and this many characters of them in all: a
# budget bill's redline runs to megabytes, and every related pair may be asked for.
CACHE_ENTRIES = 64
CACHE_CHARS = 32_000_000


@dataclass(frozen=True)
class Redline:
    words_added: int
    words_removed: int
    summary: str
    redline_html: str


class RedlineCache:
    """Least recently used redlines by (older text's sha256, newer text's sha256)."""

    def __init__(self, entries: int = CACHE_ENTRIES, chars: int = CACHE_CHARS) -> None:
        self.entries, self.chars = entries, chars
        self._items: OrderedDict[tuple[str, str], Redline] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.computed = 0  # redlines computed (not served from the cache): tests read it

    def get(self, key: tuple[str, str], old: str, new: str) -> Redline:
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
                return hit
        diff = diff_versions(old, new)
        found = Redline(diff.words_added, diff.words_removed, diff.summary, diff.redline_html)
        with self._lock:
            self.computed += 1
            if key not in self._items and len(found.redline_html) <= self.chars:
                self._items[key] = found
                self._size += len(found.redline_html)
                while len(self._items) > self.entries or self._size > self.chars:
                    _, dropped = self._items.popitem(last=False)
                    self._size -= len(dropped.redline_html)
        return found


CACHE = RedlineCache()


def _bill(conn: sqlite3.Connection, bill_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        "select b.id, b.session, b.title, b.stage, b.outcome, b.public_act, "
        "l.version_id, l.skipped, v.label, v.sha256, v.url "
        "from bills as b left join lineage as l on l.bill_id = b.id "
        "left join versions as v on v.id = l.version_id where b.id = ?",
        (bill_id,),
    ).fetchone()
    if row is None:
        return None
    keys = [
        "id",
        "session",
        "title",
        "stage",
        "outcome",
        "public_act",
        "version_id",
        "skipped",
        "label",
        "sha256",
        "url",
    ]
    return dict(zip(keys, row, strict=True))


def pair_order(conn: sqlite3.Connection, a: str, b: str) -> tuple[str, str] | None:
    """The two bills in ``site.compare_order``, or None when either is not stored."""
    rows = dict(conn.execute("select id, session from bills where id in (?, ?)", (a, b)))
    if a not in rows or b not in rows:
        return None
    return site.compare_order((rows[a], a), (rows[b], b))


def compare_context(conn: sqlite3.Connection, older: str, newer: str, base: str) -> dict | None:
    """What the page shows, read in one snapshot (the texts too); None: a bill is missing.

    ``problem`` says why there is no redline (not linked, no text); ``texts`` carries the
    two texts for the redline, computed by ``with_redline`` outside the database thread.
    """
    first, second = _bill(conn, older), _bill(conn, newer)
    if first is None or second is None:
        return None
    links = conn.execute(
        "select relation, score from related_bills where bill_id = ? and related_id = ?",
        (newer, older),
    ).fetchall()
    context: dict[str, Any] = {
        "older": {**first, "href": site.bill_url(base, older)},
        "newer": {**second, "href": site.bill_url(base, newer)},
        "relations": [
            {"label": RELATION_LABELS.get(rel, rel), "percent": round(100 * float(score or 0))}
            for rel, score in links
        ],
        "details": [r for r in related(conn, newer, base)["bills"] if r["id"] == older],
        "problem": None,
        "texts": None,
        "page_url": base + site.compare_path(older, newer),
        "sample": site.is_sample(conn),
        "sample_label": site.SAMPLE_LABEL,
    }
    if not links:
        context["problem"] = (
            f"billwatch has not linked {older} and {newer}: only related bills are compared."
        )
        return context
    for bill in (first, second):
        if not bill["version_id"]:
            why = bill["skipped"] or "no text of it is stored yet"
            context["problem"] = f"{bill['id']} has no text to compare: {why}."
            return context
    texts = conn.execute(
        "select id, text from versions where id in (?, ?)",
        (first["version_id"], second["version_id"]),
    ).fetchall()
    by_id = dict(texts)
    context["texts"] = (by_id.get(first["version_id"]) or "", by_id.get(second["version_id"]) or "")
    return context


def with_redline(context: dict[str, Any]) -> dict[str, Any]:
    """The context with its redline (``redline``: Markup or None when too long to show)."""
    texts = context.pop("texts", None)
    if texts is None:
        return context
    key = (context["older"]["sha256"] or "", context["newer"]["sha256"] or "")
    found = CACHE.get(key, *texts)
    shown: Markup | None = None
    if len(found.redline_html) <= INLINE_REDLINE_LIMIT * 4:
        shown = redline_markup(found.redline_html)
    context["redline"] = {
        "words_added": found.words_added,
        "words_removed": found.words_removed,
        "summary": found.summary,
        "html": shown,
    }
    return context
