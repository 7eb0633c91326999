"""How the site's own HTML pages (home, topics, sessions, search, the reporters' guide) are
answered: the template gets what ``templates/base.html`` prints on every page (sample data
banner, last update, feeds to advertise), and a 400 for a parameter that cannot be published.
``billwatch_export`` (every template has it: ``plugins/export_mode.py``) is true when a page is
rendered for the static export: it then offers nothing only the live server can answer."""

from __future__ import annotations

from typing import Any

from datasette.utils.asgi import Response

from publish import site
from publish.page_feeds import FeedLink
from publish.params import request_problem


async def render_page(
    datasette,
    request,
    template: str,
    context: dict[str, Any],
    feeds: list[FeedLink] | None = None,
    status: int = 200,
) -> Response:
    db = datasette.get_database(site.DB_NAME)
    sample, updated = await db.execute_fn(
        lambda conn: (site.is_sample(conn), site.last_update(conn))
    )
    common = {
        "billwatch_feeds": feeds or [],
        "billwatch_sample": sample,
        "billwatch_sample_label": site.SAMPLE_LABEL,
        "billwatch_updated": updated,
    }
    body = await datasette.render_template(template, {**common, **context}, request=request)
    headers = {"Cache-Control": "public, max-age=60"} if status == 200 else {}
    return Response.html(body, status=status, headers=headers)


async def problem_page(datasette, request, template: str) -> Response | None:
    """The 400 page when a parameter cannot be published, else None."""
    problem = request_problem(request)
    if problem is None:
        return None
    return await render_page(
        datasette, request, template, {"missing": {"status": 400, "message": problem}}, status=400
    )
