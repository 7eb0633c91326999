"""Shared pure helpers for the published site (feeds, bill page, embeds, export).

Everything here is small and side-effect free, so every plugin and the static export agree on
URLs and on when to say "sample data".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from urllib.parse import quote, urlsplit

from cga.urls import parse_host

DB_NAME = "billwatch"  # the database's name in Datasette, whatever the file is called
SAMPLE_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
SAMPLE_LABEL = "sample data"
FEED_FORMATS = ("rss", "atom")


def host_allowed(host_header: str | None, allowed: tuple[str, ...] | list[str]) -> bool:
    """True when the request's Host is listed exactly: an entry without a port matches a Host
    without one (the scheme's default port), ``localhost:8001`` only that port."""
    host = parse_host(host_header or "")
    return host is not None and host in allowed


def _config(datasette) -> dict:
    return datasette.plugin_config("billwatch") or {}


def public_url(datasette, request=None) -> str:
    """The address the world reaches the site at, without a trailing slash, or "".

    ``billwatch serve --public-url`` (plugin config ``billwatch.public_url``) wins; otherwise
    the request's own origin, only when its Host is one of ``--allowed-hosts``.  With neither,
    "": links are then site-relative (``/bills/…``), so no Host header a client sends can put
    another site's address into a page, a feed or an embed that a cache then serves to others.
    """
    config = _config(datasette)
    if config.get("public_url"):
        return config["public_url"].rstrip("/")
    if request is not None:
        host = request.headers.get("host")
        if host_allowed(host, tuple(config.get("allowed_hosts") or ())):
            scheme = request.scheme if request.scheme in ("http", "https") else "http"
            return f"{scheme}://{parse_host(host)}"
    return ""


def public_origin(datasette, request=None) -> str:
    """``scheme://host[:port]`` of ``public_url`` (without its path), or ""."""
    base = public_url(datasette, request)
    if not base:
        return ""
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}"


def links_depend_on_host(datasette) -> bool:
    """Without ``--public-url``, a response may differ by Host (an allowed Host gets absolute
    links, any other relative ones): such responses carry ``Vary: Host``."""
    return not _config(datasette).get("public_url")


def is_sample_url(base_url: str | None) -> bool:
    host = (urlsplit(base_url or "").hostname or "").lower()
    return host in SAMPLE_HOSTS or host.startswith("127.")


def is_sample(db) -> bool:
    """True when the latest crawl went to a local copy of the site (sample data).

    ``db`` is a sqlite3 connection (what ``datasette.Database.execute_fn`` hands over) or
    anything with ``execute`` returning rows.  No crawl at all is not sample data.
    """
    try:
        row = db.execute("select base_url from crawls order by id desc limit 1").fetchone()
    except sqlite3.OperationalError:  # no crawls table: not a billwatch database
        return False
    return bool(row) and is_sample_url(row[0])


def last_update(db) -> str | None:
    """The last successful update: the latest crawl that finished (not one killed or shut
    down), else the latest change (UTC ISO)."""
    row = db.execute(
        "select max(finished_at) from crawls where finish_reason = 'finished'"
    ).fetchone()
    if row and row[0]:
        return row[0]
    row = db.execute("select max(detected_at) from changes").fetchone()
    return row[0] if row else None


def bill_url(base: str, bill_id: str) -> str:
    """The bill page: ``{base}/bills/2015-HB-7017``."""
    return f"{base.rstrip('/')}/bills/{quote(bill_id, safe='')}"


def feed_path(kind: str, key: str | None = None, fmt: str = "rss") -> str:
    """Site-relative path of a feed: kind is changes, bill, topic or search."""
    if kind == "changes":
        return f"/feeds/changes.{fmt}"
    if kind == "bill":
        return f"/feeds/bills/{quote(key or '', safe='')}.{fmt}"
    if kind == "topic":
        return f"/feeds/topics/{quote(key or '', safe='')}.{fmt}"
    if kind == "search":
        return f"/feeds/search.{fmt}?q={quote(key or '', safe='')}"
    raise ValueError(f"unknown feed kind {kind!r}")


def feed_urls(base: str, kind: str, key: str | None = None) -> dict[str, str]:
    """``{"rss": url, "atom": url}`` for a feed (kind: changes, bill, topic, search)."""
    base = base.rstrip("/")
    return {fmt: base + feed_path(kind, key, fmt) for fmt in FEED_FORMATS}


def hearings_path(topic: str | None = None) -> str:
    if topic:
        return f"/feeds/topics/{quote(topic, safe='')}/hearings.ics"
    return "/feeds/hearings.ics"


def embed_routes(bill_id: str) -> list[str]:
    """Site-relative paths of a bill's embeds, written by the static export.

    The export requests each path through ``datasette.client`` and writes it under the
    same path, so the static files are byte for byte what the server answers.
    """
    from publish.embed_render import embed_paths  # embed_render imports this module

    return embed_paths(bill_id)


def export_routes(
    watched_bill_ids: list[str],
    topics: list[str],
    legislator_ids: list[str] | tuple = (),
    scorecards: Sequence[tuple[str, Sequence[int], Sequence[str]]] = (),
) -> list[str]:
    """Every site-relative path ``billwatch export`` writes, in a stable order.

    The global feeds and calendar, then per topic its feeds and calendar, then per watched bill
    its feeds and ``embed_routes(bill_id)``, then the watched bills' pages (with their roll
    calls) and every member's page, then each ``(topic, sessions, legislator ids)`` of
    ``scorecards`` its pages in every order, CSV, JSON and member cards
    (``publish.scorecard_render.scorecard_paths``).  Add a route kind here (or in
    ``embed_routes``) and the export picks it up.
    """
    from publish.scorecard_render import scorecard_paths  # it imports this module

    base = ""
    routes = [*feed_urls(base, "changes").values(), hearings_path()]
    for topic in topics:
        routes += [*feed_urls(base, "topic", topic).values(), hearings_path(topic)]
    for bill_id in watched_bill_ids:
        routes += [*feed_urls(base, "bill", bill_id).values(), *embed_routes(bill_id)]
    routes += [bill_url(base, bill_id) for bill_id in watched_bill_ids]
    routes += [f"/legislators/{quote(member, safe='')}" for member in legislator_ids]
    if scorecards:
        routes.append("/scorecards")
    for topic, sessions, members in scorecards:
        routes += scorecard_paths(topic, sessions, members)
    return list(dict.fromkeys(routes))
