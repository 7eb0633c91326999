"""Every bill of a session ``/sessions/{year}``, each linking its bill page: how a reader of the
static export (which has no search) finds any bill (``templates/session.html``)."""

from __future__ import annotations

from datasette import hookimpl

from publish import site
from publish.listing_render import load_session
from publish.pages import problem_page, render_page
from publish.snapshot import in_one_snapshot


async def session_page(datasette, request):
    problem = await problem_page(datasette, request, "session.html")
    if problem:
        return problem
    session = int(request.url_vars["session"])
    base = site.public_url(datasette, request)
    db = datasette.get_database(site.DB_NAME)
    context = await db.execute_fn(
        lambda conn: in_one_snapshot(conn, lambda c: load_session(c, session, base))
    )
    if context is None:
        missing = {"status": 404, "message": f"billwatch holds no bill of the {session} session."}
        return await render_page(
            datasette, request, "session.html", {"missing": missing}, status=404
        )
    return await render_page(datasette, request, "session.html", context, context["feeds"])


@hookimpl
def register_routes():
    return [(r"^/sessions/(?P<session>[12]\d{3})$", session_page)]
