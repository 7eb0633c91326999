"""The home page ``/``: one search for everything, the watchlist's topics, the latest changes,
every session's bills, the feeds (``publish/listing_render.py``, ``templates/home.html``).

Datasette's own index (a list of databases) stays at ``/.json``; the database is at
``/billwatch``.
"""

from __future__ import annotations

from datasette import hookimpl

from publish import site
from publish.listing_render import load_home
from publish.pages import problem_page, render_page
from publish.snapshot import in_one_snapshot


async def home(datasette, request):
    problem = await problem_page(datasette, request, "home.html")
    if problem:
        return problem
    base = site.public_url(datasette, request)
    db = datasette.get_database(site.DB_NAME)
    context = await db.execute_fn(lambda conn: in_one_snapshot(conn, lambda c: load_home(c, base)))
    return await render_page(datasette, request, "home.html", context, context["feeds"])


@hookimpl
def register_routes():
    return [(r"^/$", home)]
