"""Rows of a feed query (the ``feed_*`` canned queries in metadata.yml, rows of the
``feed_entries`` view) → RSS 2.0 / Atom.  Each entry's words: ``publish.feed_entries``.

Pure: no database, no request.  Output is deterministic for the same rows (the feed's
``updated`` is its newest change, or the data's last update when it has none, never "now"),
so a hash of it is a valid ETag.  A bill's history feed dates each entry when it happened at
the legislature; the other feeds when billwatch saw it (their order).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from feedgen.feed import FeedGenerator

from cga.text import publishable

from .conditional import parse_utc
from .feed_entries import ID_PREFIX, Entry, build_entry, entry_id, event_instant
from .site import SAMPLE_LABEL

__all__ = ["CONTENT_TYPES", "ID_PREFIX", "FeedSpec", "entry_id", "newest", "render"]

EPOCH = datetime(2015, 1, 1, tzinfo=UTC)
CONTENT_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
}
EMPTY_NOTE = (
    " Nothing new yet: what a session's first crawl finds is history, not news (apart from "
    "its last few days); entries appear here as the legislature acts."
)


@dataclass(frozen=True)
class FeedSpec:
    key: str  # identity of the feed, e.g. "changes", "bill/2015-HB-7017"
    title: str
    description: str
    self_url: str  # the feed's own address
    site_url: str  # the HTML page the feed is about
    base: str  # public URL of the site, for entry links
    sample: bool = False
    updated: datetime | None = None  # the data's last update: the date of a feed with no entries
    # "event": entries dated when they happened at the legislature (a bill's history);
    # "seen": when billwatch saw them (the global, topic and search feeds).
    dated_by: str = "seen"


def entry_date(entry: Entry, dated_by: str) -> datetime:
    if dated_by == "event" and entry.event_date is not None:
        return event_instant(entry.event_date)
    return entry.seen or (event_instant(entry.event_date) if entry.event_date else EPOCH)


def newest(rows: Iterable[Mapping]) -> datetime | None:
    stamps = [s for r in rows if (s := parse_utc(r.get("detected_at"))) is not None]
    return max(stamps) if stamps else None


def publishable_spec(spec: FeedSpec) -> FeedSpec:
    return replace(
        spec,
        key=publishable(spec.key),
        title=publishable(spec.title),
        description=publishable(spec.description),
        self_url=publishable(spec.self_url),
        site_url=publishable(spec.site_url),
        base=publishable(spec.base),
    )


def build_feed(spec: FeedSpec, rows: Sequence[Mapping]) -> FeedGenerator:
    """Every string handed to feedgen is publishable: lxml under it refuses a control
    character outright, so one in a title or a file name would fail the whole feed.  Entry
    texts are made publishable once built (a content is an excerpt: cheaper than the redlines
    it comes from)."""
    spec = publishable_spec(spec)
    fg = FeedGenerator()
    title = f"{spec.title} ({SAMPLE_LABEL})" if spec.sample else spec.title
    fg.id(f"{ID_PREFIX}feed/{spec.key}")
    fg.title(title)
    description = spec.description
    if spec.sample:
        description += " Sample data: built from an offline copy of the site, not live."
    if not rows:
        description += EMPTY_NOTE
    fg.description(description)
    fg.subtitle(description)
    fg.author({"name": "billwatch"})
    fg.language("en")
    fg.generator("billwatch")
    # feedgen takes the LAST link as the RSS channel link: self first, the site last.
    fg.link(href=spec.self_url, rel="self")
    fg.link(href=spec.site_url, rel="alternate")
    fg.updated(newest(rows) or spec.updated or EPOCH)
    for row in reversed(rows):  # feedgen prepends: add oldest first, newest ends on top
        entry = build_entry(row, spec.base)
        fe = fg.add_entry()
        fe.id(publishable(entry.id))
        fe.title(publishable(entry.title))
        fe.link(href=publishable(entry.link))
        stamp = entry_date(entry, spec.dated_by)
        fe.updated(stamp)
        fe.published(stamp)
        fe.category(term=publishable(entry.category))
        fe.content(publishable(entry.content), type="html")
    return fg


def render(spec: FeedSpec, rows: Sequence[Mapping], fmt: str) -> bytes:
    fg = build_feed(spec, rows)
    if fmt == "atom":
        return fg.atom_str(pretty=True)
    return fg.rss_str(pretty=True)
