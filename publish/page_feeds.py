"""Which feeds a Datasette page is about, so it can advertise them with <link rel="alternate">.

Pure: from the page's view name, URL variables and query arguments to a list of feed links.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from datasette.utils import escape_fts, tilde_decode

from . import site

DATASETTE_VIEWS = frozenset({"index", "database", "table", "row", "query"})
TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "ics": "text/calendar",
}


@dataclass(frozen=True)
class FeedLink:
    title: str
    type: str
    href: str


def _feeds(base: str, kind: str, key: str | None, title: str) -> list[FeedLink]:
    urls = site.feed_urls(base, kind, key)
    return [
        FeedLink(f"{title} (RSS)", TYPES["rss"], urls["rss"]),
        FeedLink(f"{title} (Atom)", TYPES["atom"], urls["atom"]),
    ]


def _calendar(base: str, topic: str | None = None) -> FeedLink:
    title = f"Public hearings, {topic}" if topic else "Public hearings of watched bills"
    return FeedLink(f"{title} (iCalendar)", TYPES["ics"], base + site.hearings_path(topic))


def page_feeds(
    base: str, view_name: str, url_vars: Mapping[str, str], args: Mapping[str, str]
) -> list[FeedLink]:
    """Feeds to advertise on a Datasette page (empty when the page has none)."""
    if view_name not in DATASETTE_VIEWS:
        return []
    watched = _feeds(base, "changes", None, "Changes to watched bills")
    if view_name in ("index", "database"):
        return [*watched, _calendar(base)]
    name = tilde_decode(url_vars.get("table") or "")
    if view_name == "row" and name == "bills" and url_vars.get("pks"):
        bill_id = tilde_decode(url_vars["pks"])
        return _feeds(base, "bill", bill_id, f"Changes to {bill_id}")
    bill = args.get("bill_id") if name in ("changes", "testimony", "actions") else None
    bill = bill or (args.get("bill") if name == "testimony_on_bill" else None)
    if bill:
        return _feeds(base, "bill", bill, f"Changes to {bill}")
    topic = args.get("topic") if name in ("bill_topics", "bills_of_topic") else None
    if topic:
        return [*_feeds(base, "topic", topic, f"Changes to {topic} bills"), _calendar(base, topic)]
    if name == "bills" and args.get("_search"):
        q = args["_search"]
        q = q if args.get("_searchmode") == "raw" else escape_fts(q)
        return _feeds(base, "search", q, f"Changes to bills matching {args['_search']}")
    if name in ("changes", "latest_changes", "bill_topics", "bills_of_topic", "feed_changes"):
        return watched
    if name in ("hearings", "hearings_this_week", "calendar_hearings", "meetings"):
        return [_calendar(base)]
    return []
