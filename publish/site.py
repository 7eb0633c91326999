"""Shared pure helpers for the published site (feeds, bill page, embeds, export).

Everything here is small and side-effect free, so every plugin and the static export agree on
URLs and on when to say "sample data".
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
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
    config = getattr(datasette, "billwatch_config", None)  # PublicDatasette reads it once
    return config if config is not None else (datasette.plugin_config("billwatch") or {})


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


def hearings_path(topic: str | None = None, committee: str | None = None) -> str:
    """A hearing calendar: of watched bills, of a topic's bills, or of a committee (code)."""
    if committee:
        return f"/feeds/committees/{quote(committee.upper(), safe='')}/hearings.ics"
    if topic:
        return f"/feeds/topics/{quote(topic, safe='')}/hearings.ics"
    return "/feeds/hearings.ics"


def bill_path(bill_id: str) -> str:
    return bill_url("", bill_id)


def compare_path(older: str, newer: str) -> str:
    """The redline between two related bills' latest texts: ``/compare/OLDER/NEWER``."""
    return f"/compare/{quote(older, safe='')}/{quote(newer, safe='')}"


def compare_order(a: tuple[int, str], b: tuple[int, str]) -> tuple[str, str]:
    """Two bills (session, id) in the order a compare page reads them: the earlier session
    first (its text is the "before"), then by id; one page per pair."""
    first, second = sorted([a, b])
    return first[1], second[1]


def topic_path(topic: str) -> str:
    """A watchlist topic's page: ``/topics/student-privacy``."""
    return f"/topics/{quote(topic, safe='')}"


def session_path(session: int | str) -> str:
    """Every bill of a session: ``/sessions/2015``."""
    return f"/sessions/{int(session)}"


def static_export(datasette) -> bool:
    """True in the app ``billwatch export`` renders pages with: no page offers what only the
    live server can answer (search, Datasette's tables, the reporters' page)."""
    return bool(_config(datasette).get("static_export"))


def precomputed_enabled(datasette) -> bool:
    """False in the app ``billwatch update`` renders the precomputed responses with: every
    request there reaches the live route (``publish/plugins/precomputed.py``)."""
    return _config(datasette).get("precomputed", True) is not False


def embed_routes(bill_id: str) -> list[str]:
    """Site-relative paths of a bill's embeds, written by the static export.

    The export requests each path through ``datasette.client`` and writes it under the
    same path, so the static files are byte for byte what the server answers.
    """
    from publish.embed_render import embed_paths  # embed_render imports this module

    return embed_paths(bill_id)


def card_variant_routes(bill_id: str) -> list[str]:
    """The card's other looks as paths (``/embed/ID/dark``…): a static host has no query."""
    from publish.embed_render import variant_paths

    return variant_paths(bill_id)


# ---------------------------------------------------------------- what the static export writes


def site_routes() -> list[str]:
    """The one-off routes: the home page, the global feeds and calendar."""
    return ["/", *feed_urls("", "changes").values(), hearings_path()]


def session_routes(session: int) -> list[str]:
    return [session_path(session)]


def topic_routes(topic: str) -> list[str]:
    return [topic_path(topic), *feed_urls("", "topic", topic).values(), hearings_path(topic)]


def bill_routes(bill_id: str) -> list[str]:
    return [
        bill_path(bill_id),
        *feed_urls("", "bill", bill_id).values(),
        *embed_routes(bill_id),
        *card_variant_routes(bill_id),
    ]


def compare_routes(older: str, newer: str) -> list[str]:
    """The compare page of two related bills (a pair in ``compare_order``)."""
    return [compare_path(older, newer)]


def committee_routes(committee: str) -> list[str]:
    """A committee's hearing calendar (a committee with a hearing known)."""
    return [hearings_path(committee=committee)]


def legislator_routes(legislator_id: str) -> list[str]:
    """A member's page, with every stored roll-call vote."""
    return [f"/legislators/{quote(legislator_id, safe='')}"]


def scorecard_routes(topic: str, sessions: str, members: str) -> list[str]:
    """A topic's scorecards in every order, CSV, JSON, and its member cards (JSON lists of
    its sessions and legislator ids, as ``EXPORTED`` reads them)."""
    from publish.scorecard_render import scorecard_paths  # it imports this module

    ids = sorted(m for m in json.loads(members) if m)
    return scorecard_paths(topic, sorted(json.loads(sessions)), ids)


@dataclass(frozen=True)
class PageKind:
    """One kind of page the static export writes.

    ``keys`` lists them (one row each, its columns the arguments of ``paths``; None for the
    one-off routes), ``paths`` gives one key's site-relative routes, ``example`` is a key for
    knowing the export's folders without a database.
    """

    keys: str | None
    paths: Callable[..., list[str]]
    example: tuple = ()


# Every watchlist topic: those with bills, and those with only scorecards (positions).
TOPICS_SQL = "select topic from bill_topics union select topic from scorecard_topics order by 1"
BILLS_SQL = "select id from bills order by id"
# Committees with a hearing calendar: a public hearing on their calendar, or a bill's.
COMMITTEES_SQL = (
    "select committee from meetings where kind = 'hearing' union "
    "select h.committee from hearings as h join committees as c on c.code = h.committee "
    "order by 1"
)

# A new kind of page joins the export with one line here (a later page kind: its SQL and paths).
EXPORTED: list[PageKind] = [
    PageKind(None, site_routes),
    PageKind("select distinct session from bills order by session desc", session_routes, (2015,)),
    PageKind(TOPICS_SQL, topic_routes, ("t",)),
    PageKind(BILLS_SQL, bill_routes, ("2015-HB-1",)),
    # Every pair of related bills, once, in compare_order (earlier session, then id, first).
    PageKind(
        "select distinct r.bill_id, r.related_id from related_bills as r "
        "join bills as a on a.id = r.bill_id join bills as b on b.id = r.related_id "
        "where a.session < b.session or (a.session = b.session and a.id < b.id) "
        "order by 1, 2",
        compare_routes,
        ("2015-HB-1", "2016-HB-2"),
    ),
    PageKind(COMMITTEES_SQL, committee_routes, ("ED",)),
    PageKind("select distinct id from legislators order by id", legislator_routes, ("H1-member",)),
    PageKind("select 1 from scorecards limit 1", lambda _: ["/scorecards"], (1,)),
    PageKind(
        "select topic, json_group_array(distinct session), "
        "json_group_array(distinct legislator_id) from scorecards group by topic order by topic",
        scorecard_routes,
        ("t", "[2015]", '["H1-member"]'),
    ),
]


# What ``billwatch update`` precomputes (billwatch/renderings.py; docs/scaling.md,
# "Precomputed feeds and embeds"): the feeds, embeds and calendars the public hits, every
# one also an exported route.  Search feeds and ``?kind=`` feeds are always rendered live.
PRECOMPUTED: list[PageKind] = [
    PageKind(None, lambda: [*feed_urls("", "changes").values(), hearings_path()]),
    PageKind(
        TOPICS_SQL, lambda topic: [*feed_urls("", "topic", topic).values(), hearings_path(topic)]
    ),
    PageKind(
        BILLS_SQL,
        lambda bill_id: [
            *feed_urls("", "bill", bill_id).values(),
            *embed_routes(bill_id),
            *card_variant_routes(bill_id),
        ],
    ),
    PageKind(COMMITTEES_SQL, committee_routes),
]


def _routes(conn, kinds: list[PageKind]) -> list[str]:
    routes: list[str] = []
    for kind in kinds:
        rows = [()] if kind.keys is None else conn.execute(kind.keys).fetchall()
        for row in rows:
            routes += kind.paths(*row)
    return list(dict.fromkeys(routes))


def precomputed_routes(conn) -> list[str]:
    """Every site-relative path ``billwatch update`` renders in advance, each once."""
    return _routes(conn, PRECOMPUTED)


def export_routes(conn) -> list[str]:
    """Every site-relative path ``billwatch export`` writes, in a stable order, each once.

    ``conn`` is a sqlite3 connection to the database; ``EXPORTED`` says what to list.
    """
    return _routes(conn, EXPORTED)


def export_folders() -> set[str]:
    """The first path segments an export writes whatever the data (``bills``, ``feeds``…)."""
    names = set()
    for kind in EXPORTED:
        for route in kind.paths(*kind.example):
            names.add(route.strip("/").split("/")[0] or "index.html")
    return names
