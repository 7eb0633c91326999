"""One search for everything: ``/search?q=…[&kind=bill|version|testimony]``.

Bills, version texts and testimony at once, ranked, each hit naming its kind, linking its bill
page (at the version or the testimony) and showing the passage that matched
(``publish/search.py``; ``templates/search.html``).  ``q`` passes the same checks as every
parameter of the site (``publish/params.py``); a query SQLite cannot run even as words, or one
too slow, is a 400 that says why.  Only the live server searches: the static export has no
such page.
"""

from __future__ import annotations

from datasette import hookimpl

from publish import site
from publish.pages import problem_page, render_page
from publish.search import SearchError, search


async def search_page(datasette, request):
    problem = await problem_page(datasette, request, "search.html")
    if problem:
        return problem
    q = (request.args.get("q") or "").strip()
    kind = request.args.get("kind") or None
    context = {"q": q, "kind": kind, "results": None}
    if not q:
        return await render_page(datasette, request, "search.html", context)
    limit = datasette.sql_time_limit_ms
    db = datasette.get_database(site.DB_NAME)
    try:
        results = await db.execute_fn(lambda conn: search(conn, q, kind=kind, time_limit_ms=limit))
    except SearchError as exc:
        context["missing"] = {"status": 400, "message": str(exc)}
        return await render_page(datasette, request, "search.html", context, status=400)
    context["results"] = results
    return await render_page(datasette, request, "search.html", context)


@hookimpl
def register_routes():
    return [(r"^/search$", search_page)]
