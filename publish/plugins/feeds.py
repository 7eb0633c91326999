"""RSS 2.0 and Atom feeds: /feeds/changes, /feeds/bills/ID, /feeds/topics/T, /feeds/search.

Each feed is a canned query in metadata.yml (``feed_changes``, ``feed_bill``, ``feed_topic``,
``feed_search``): its filter and limit over the ``feed_entries`` view, so every feed returns
the same documented columns; this plugin runs it, renders the rows with
``publish.feed_render`` (entries' words: ``publish.feed_entries``) and answers conditional
GETs.  ``?kind=version,testimony`` filters by
change kind (an unknown kind is a 400 naming it); a bad full-text query is a 400 with SQLite's
reason.
"""

from __future__ import annotations

import sqlite3
from urllib.parse import unquote, urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response

from cga.ids import BadBillId, split_bill_id
from cga.vocab import CHANGE_KINDS
from publish import site
from publish.conditional import conditional_response, parse_utc
from publish.database import project_rows
from publish.feed_render import CONTENT_TYPES, FeedSpec, newest, render
from publish.listing_render import topic_known
from publish.params import request_problem

DB = site.DB_NAME
MAX_QUERY_CHARS = 500
FTS_TABLES = ("bills_fts", "versions_fts", "testimony_fts")  # what feed_search searches


class BadFeedRequest(Exception):
    def __init__(self, reason: str, status: int = 400):
        super().__init__(reason)
        self.reason, self.status = reason, status


class Redirect(Exception):
    def __init__(self, path: str):
        super().__init__(path)
        self.path = path


def _kinds(request) -> str:
    raw = ",".join(request.args.getlist("kind"))
    kinds = [k.strip() for k in raw.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in CHANGE_KINDS]
    if unknown:
        raise BadFeedRequest(
            f"unknown kind {', '.join(map(repr, unknown))}; known: {', '.join(CHANGE_KINDS)}"
        )
    return ",".join(dict.fromkeys(kinds))


def _self_url(base: str, request, **params: str) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    return f"{base}{request.path}" + (f"?{query}" if query else "")


def _check_fts_query(conn: sqlite3.Connection, q: str) -> None:
    """Raise BadFeedRequest with SQLite's reason when q is not a valid query for every index."""
    for table in FTS_TABLES:
        try:
            conn.execute(f"select rowid from {table} where {table} match ? limit 1", [q]).fetchall()
        except sqlite3.OperationalError as exc:
            raise BadFeedRequest(f"bad search query: {exc} (searching {table})") from None


async def _rows(datasette, query: str, params: dict) -> list[dict]:
    sql = (await datasette.get_canned_query(DB, query, None))["sql"]
    limit = datasette.sql_time_limit_ms
    try:
        return await datasette.get_database(DB).execute_fn(
            lambda conn: project_rows(conn, sql, params, limit)
        )
    except sqlite3.OperationalError as exc:
        if exc.args != ("interrupted",):
            raise
        raise BadFeedRequest("the feed query took too long; try a narrower search", 503) from None


async def _respond(datasette, request, fmt: str, spec_args: dict, rows: list[dict]) -> Response:
    db = datasette.get_database(DB)
    sample = await db.execute_fn(site.is_sample)
    updated = parse_utc(await db.execute_fn(site.last_update))
    spec = FeedSpec(sample=sample, updated=updated, **spec_args)
    body = render(spec, rows, fmt)
    stamps = [s for s in (newest(rows), updated) if s]
    return conditional_response(request, body, CONTENT_TYPES[fmt], max(stamps, default=None))


def _feed_view(handler):
    """Wrap a handler(datasette, request, base, kind) -> (spec_args, rows) into a view."""

    async def view(datasette, request):
        fmt = request.url_vars["fmt"]
        try:
            problem = request_problem(request)
            if problem:
                raise BadFeedRequest(problem)
            kind = _kinds(request)
            base = site.public_url(datasette, request)
            spec_args, rows = await handler(datasette, request, base, kind)
        except BadFeedRequest as exc:
            return Response.text(exc.reason, status=exc.status)
        except Redirect as exc:
            return Response.redirect(exc.path, status=301)
        return await _respond(datasette, request, fmt, spec_args, rows)

    return view


def _kind_note(kind: str) -> str:
    return f" [{kind.replace(',', ', ')}]" if kind else ""


@_feed_view
async def changes_feed(datasette, request, base, kind):
    rows = await _rows(datasette, "feed_changes", {"kind": kind})
    return {
        "key": "changes" + (f"?kind={kind}" if kind else ""),
        "title": "billwatch: changes to watched bills" + _kind_note(kind),
        "description": "Changes to the Connecticut General Assembly bills billwatch watches.",
        "self_url": _self_url(base, request, kind=kind),
        "site_url": base + "/",
        "base": base,
    }, rows


@_feed_view
async def bill_feed(datasette, request, base, kind):
    raw = unquote(request.url_vars["bill_id"])
    try:
        bill_id = str(split_bill_id(raw))
    except BadBillId as exc:
        raise BadFeedRequest(str(exc)) from None
    if bill_id != raw:  # 2015-hb-07017 -> the canonical 2015-HB-7017
        fmt = request.url_vars["fmt"]
        target = site.feed_path("bill", bill_id, fmt)
        query = request.query_string
        raise Redirect(target + (f"?{query}" if query else ""))
    bill = (
        await datasette.get_database(DB).execute(
            "select id, title from bills where id = ?", [bill_id]
        )
    ).first()
    if bill is None:
        raise BadFeedRequest(f"no bill {bill_id!r}", 404)
    rows = await _rows(datasette, "feed_bill", {"bill": bill_id, "kind": kind})
    return {
        "key": f"bill/{bill_id}" + (f"?kind={kind}" if kind else ""),
        "title": f"billwatch: {bill_id}"
        + (f": {bill['title']}" if bill["title"] else "")
        + _kind_note(kind),
        "description": f"Everything billwatch has seen happen to {bill_id}, history included, "
        "each entry dated when it happened at the legislature.",
        "self_url": _self_url(base, request, kind=kind),
        "site_url": site.bill_url(base, bill_id),
        "base": base,
        "dated_by": "event",
    }, rows


@_feed_view
async def topic_feed(datasette, request, base, kind):
    topic = unquote(request.url_vars["topic"])
    known = await datasette.get_database(DB).execute_fn(lambda conn: topic_known(conn, topic))
    if not known:
        raise BadFeedRequest(f"no topic {topic!r}", 404)
    rows = await _rows(datasette, "feed_topic", {"topic": topic, "kind": kind})
    return {
        "key": f"topic/{topic}" + (f"?kind={kind}" if kind else ""),
        "title": f"billwatch: {topic}" + _kind_note(kind),
        "description": f"Changes to the bills of the watchlist topic {topic}.",
        "self_url": _self_url(base, request, kind=kind),
        "site_url": base + site.topic_path(topic),
        "base": base,
    }, rows


@_feed_view
async def search_feed(datasette, request, base, kind):
    q = (request.args.get("q") or "").strip()
    if not q:
        raise BadFeedRequest("q is required: a full-text query, e.g. ?q=student+data")
    if len(q) > MAX_QUERY_CHARS:
        raise BadFeedRequest(f"q is longer than {MAX_QUERY_CHARS} characters")
    await datasette.get_database(DB).execute_fn(lambda conn: _check_fts_query(conn, q))
    rows = await _rows(datasette, "feed_search", {"q": q, "kind": kind})
    return {
        "key": "search?" + urlencode({"q": q, "kind": kind}),
        "title": f"billwatch: search “{q}”" + _kind_note(kind),
        "description": f"Changes to bills whose title, text or testimony matches {q}.",
        "self_url": _self_url(base, request, q=q, kind=kind),
        "site_url": f"{base}/{DB}/bills?" + urlencode({"_search": q, "_searchmode": "raw"}),
        "base": base,
    }, rows


@hookimpl
def register_routes():
    fmt = r"\.(?P<fmt>rss|atom)$"
    return [
        (r"^/feeds/changes" + fmt, changes_feed),
        (r"^/feeds/bills/(?P<bill_id>[^/]+)" + fmt, bill_feed),
        (r"^/feeds/topics/(?P<topic>[^/]+)" + fmt, topic_feed),
        (r"^/feeds/search" + fmt, search_feed),
    ]
