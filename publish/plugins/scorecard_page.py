"""Scorecard pages: ``/scorecards/TOPIC`` (all sessions) and ``/scorecards/TOPIC/SESSION``, each
in every order (``…/by-score``, ``publish.scorecard_render.SORTS``), as HTML (also ``.html``,
the name a static host serves), ``.csv`` and ``.json`` (both CORS ``*``, for a union's own
site).  Every response carries an ETag and answers conditional GETs.

400 for a request the site cannot publish, 404 for a topic without positions, a session without
rows or an unknown order, 301 from an upper-case topic to its name.  Data:
``publish/scorecard_render.py`` (the CSV and JSON: ``publish/scorecard_formats.py``).
"""

from __future__ import annotations

import json
from html import escape

from datasette import hookimpl
from datasette.utils.asgi import Response

from publish import site
from publish.conditional import conditional_response, parse_utc
from publish.params import request_problem
from publish.scorecard_formats import render_csv, render_json
from publish.scorecard_render import (
    DEFAULT_SORT,
    SORTS,
    TOPIC_RE,
    load_index,
    load_scorecard,
    scorecard_url,
)
from publish.snapshot import in_one_snapshot

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}


def _headers(fmt: str) -> dict[str, str]:
    headers = {"X-Content-Type-Options": "nosniff"}
    if fmt in ("csv", "json"):
        headers["Access-Control-Allow-Origin"] = "*"
    return headers


async def _error(datasette, request, fmt: str, status: int, message: str) -> Response:
    if fmt == "json":
        body = json.dumps({"error": message, "status": status})
    elif fmt == "csv":
        body = f"error\r\n{message}\r\n"
    else:
        db = datasette.get_database(site.DB_NAME)
        body = await datasette.render_template(
            "scorecard.html",
            {
                "missing": {"status": status, "message": message},
                "sample": await db.execute_fn(site.is_sample),
                "sample_label": site.SAMPLE_LABEL,
            },
            request=request,
        )
    headers = _headers(fmt) | {"Cache-Control": "no-cache"}
    return Response(body, status=status, headers=headers, content_type=CONTENT_TYPES[fmt])


async def scorecard_page(datasette, request):
    v = request.url_vars
    fmt = v.get("fmt") or "html"
    problem = request_problem(request)
    if problem:
        return await _error(datasette, request, fmt, 400, problem)
    topic, sort = v["topic"], v.get("sort") or DEFAULT_SORT
    session = int(v["session"]) if v.get("session") else None
    if topic != topic.lower() and TOPIC_RE.fullmatch(topic.lower()):
        target = scorecard_url("", topic.lower(), session, sort, v.get("fmt"))
        return Response.redirect(target, status=301)
    if not TOPIC_RE.fullmatch(topic):
        return await _error(datasette, request, fmt, 400, "not a topic name (e.g. student-privacy)")
    if v.get("sort") == DEFAULT_SORT:  # one URL per view: the default order has no suffix
        return Response.redirect(scorecard_url("", topic, session, None, v.get("fmt")), 301)
    if sort not in SORTS:
        return await _error(
            datasette, request, fmt, 404, f"no order {sort!r}; known: {', '.join(SORTS)}"
        )
    base = site.public_url(datasette, request)
    db = datasette.get_database(site.DB_NAME)
    page = await db.execute_fn(
        lambda conn: in_one_snapshot(conn, lambda c: load_scorecard(c, topic, session, base, sort))
    )
    if page is None:
        where = f" in {session}" if session else ""
        return await _error(
            datasette, request, fmt, 404, f"billwatch holds no scorecard of {topic}{where}."
        )
    if fmt == "csv":
        body = render_csv(page)
    elif fmt == "json":
        body = render_json(page)
    else:
        body = await datasette.render_template("scorecard.html", page, request=request)
    response = conditional_response(
        request, body.encode("utf-8"), CONTENT_TYPES[fmt], parse_utc(page["updated"]), 60
    )
    response.headers.update(_headers(fmt))
    if fmt == "csv":
        name = f"scorecard-{topic}" + (f"-{session}" if session else "") + ".csv"
        response.headers["Content-Disposition"] = f'inline; filename="{escape(name)}"'
    return response


async def scorecard_index(datasette, request):
    problem = request_problem(request)
    if problem:
        return await _error(datasette, request, "html", 400, problem)
    base = site.public_url(datasette, request)
    db = datasette.get_database(site.DB_NAME)
    page = await db.execute_fn(lambda conn: in_one_snapshot(conn, lambda c: load_index(c, base)))
    body = await datasette.render_template("scorecard.html", page, request=request)
    response = conditional_response(
        request, body.encode("utf-8"), CONTENT_TYPES["html"], parse_utc(page["updated"]), 60
    )
    response.headers.update(_headers("html"))
    return response


@hookimpl
def register_routes(datasette):
    return [
        (r"^/scorecards(?:\.html)?$", scorecard_index),
        (
            r"^/scorecards/(?P<topic>[^/.]+)(?:/(?P<session>\d{4}))?(?:/by-(?P<sort>[a-z-]+))?"
            r"(?:\.(?P<fmt>html|csv|json))?$",
            scorecard_page,
        ),
    ]
