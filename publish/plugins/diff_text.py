"""``/diffs/{id}.diff``: a stored pair's unified line diff as plain text (``publish/diff_text.py``),
and the link to it from the ``unified`` cell of Datasette's ``diffs`` table, which holds null
since migration 120.

400 for a string that is no diff id, 404 for a diff billwatch does not hold.  Validators and
``Cache-Control`` as the feeds have them: the text of a pair never changes (versions are never
overwritten), so a CDN may keep it.
"""

from __future__ import annotations

import asyncio

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from publish import site
from publish.conditional import conditional_response, parse_utc
from publish.diff_text import DIFF_ID, load_pair, unified_text
from publish.params import request_problem

TEXT = "text/plain; charset=utf-8"


def _problem(status: int, message: str) -> Response:
    return Response.text(
        message + "\n",
        status=status,
        headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"},
    )


async def diff_text(datasette, request):
    problem = request_problem(request)
    if problem:
        return _problem(400, problem)
    diff_id = request.url_vars["diff_id"]
    if not DIFF_ID.fullmatch(diff_id):
        return _problem(400, "not a diff id (20 hexadecimal digits: the id column of diffs)")
    db = datasette.get_database(site.DB_NAME)
    pair = await db.execute_fn(lambda conn: load_pair(conn, diff_id))
    if pair is None:
        return _problem(404, f"billwatch holds no diff {diff_id}.")
    # The diff is CPU work: off the event loop and off the database's threads.
    text = await asyncio.to_thread(unified_text, pair)
    response = conditional_response(
        request, text.encode("utf-8"), TEXT, parse_utc(pair.computed_at), max_age=3600
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@hookimpl
def register_routes(datasette):
    return [(r"^/diffs/(?P<diff_id>[^/]+)\.diff$", diff_text)]


@hookimpl
def render_cell(row, value, column, table):
    # Called for every cell: leaves at the first test but for the diffs table's unified.
    if column != "unified" or value is not None or table != "diffs":
        return None
    try:
        diff_id = row["id"]  # a sqlite3.Row: ``in`` would test its values, not its names
    except (IndexError, KeyError):
        return None
    if not isinstance(diff_id, str) or not DIFF_ID.fullmatch(diff_id):
        return None
    return Markup(f'<a href="/diffs/{escape(diff_id)}.diff">derived: {escape(diff_id)}.diff</a>')
