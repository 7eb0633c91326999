"""The member page ``/legislators/{id}`` (``H106-bolinsky``): district, party, contact
details, committees and every stored vote.

400 for a string that is no legislator id, 404 for one billwatch does not hold, 301 from other
spellings (``h0106-Bolinsky``) to the canonical id.  Data: ``publish/legislator_render.py``.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.utils.asgi import Response

from cga.ids import BadLegislatorId, canonical_legislator_id
from publish import site
from publish.legislator_render import load_legislator_page
from publish.params import request_problem
from publish.snapshot import in_one_snapshot
from publish.vote_render import legislator_url


async def _missing(datasette, request, status: int, message: str):
    db = datasette.get_database(site.DB_NAME)
    body = await datasette.render_template(
        "legislator.html",
        {
            "missing": {"status": status, "message": message},
            "sample": await db.execute_fn(site.is_sample),
            "sample_label": site.SAMPLE_LABEL,
        },
        request=request,
    )
    return Response.html(body, status=status)


async def legislator_page(datasette, request):
    problem = request_problem(request)
    if problem:
        return await _missing(datasette, request, 400, problem)
    raw = request.url_vars["legislator_id"]
    try:
        member_id = canonical_legislator_id(raw)
    except BadLegislatorId as exc:
        return await _missing(datasette, request, 400, str(exc))
    if member_id != raw:
        return Response.redirect(legislator_url("", member_id), status=301)
    base = site.public_url(datasette, request)
    db = datasette.get_database(site.DB_NAME)
    context = await db.execute_fn(
        lambda conn: in_one_snapshot(conn, lambda c: load_legislator_page(c, member_id, base))
    )
    if context is None:
        return await _missing(
            datasette, request, 404, f"billwatch holds no legislator {member_id}."
        )
    body = await datasette.render_template("legislator.html", context, request=request)
    return Response.html(body, headers={"Cache-Control": "public, max-age=60"})


@hookimpl
def register_routes(datasette):
    return [(r"^/legislators/(?P<legislator_id>[^/]+)$", legislator_page)]
