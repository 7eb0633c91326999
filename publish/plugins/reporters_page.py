"""``/reporters``: a short guide for reporters: the ready-made queries, the tables (the schema),
bulk downloads and the CSV/JSON conventions (``publish/reporters.py``,
``templates/reporters.html``).  Live only: everything it links is Datasette's."""

from __future__ import annotations

from datasette import hookimpl

from publish import site
from publish.pages import problem_page, render_page
from publish.reporters import DEFAULT_SQL, public_queries, public_tables


async def reporters_page(datasette, request):
    problem = await problem_page(datasette, request, "reporters.html")
    if problem:
        return problem
    queries = await datasette.get_canned_queries(site.DB_NAME, request.actor)
    tables = ((datasette.metadata("databases") or {}).get(site.DB_NAME) or {}).get("tables", {})
    context = {
        "queries": public_queries(queries),
        "tables": public_tables(tables),
        "db_path": f"/{site.DB_NAME}",
        "default_sql": DEFAULT_SQL,
    }
    return await render_page(datasette, request, "reporters.html", context)


@hookimpl
def register_routes():
    return [(r"^/reporters$", reporters_page)]
