"""The compare page ``/compare/{older}/{newer}``: a redline between two related bills' latest
texts, the earlier bill's text as "before".

400 for a string that is no bill id, 404 for a bill billwatch does not hold, 301 from other
spellings and from the other order (``site.compare_order``) to the canonical address; a pair
lineage did not link is answered 404 with the reason (only linked bills are compared).
Data: ``publish/compare_render.py``.
"""

from __future__ import annotations

import asyncio

from datasette import hookimpl
from datasette.utils.asgi import Response

from cga.ids import BadBillId, split_bill_id
from publish import site
from publish.compare_render import compare_context, pair_order, with_redline
from publish.params import request_problem
from publish.snapshot import in_one_snapshot


async def _missing(datasette, request, status: int, message: str):
    db = datasette.get_database(site.DB_NAME)
    body = await datasette.render_template(
        "compare.html",
        {
            "missing": {"status": status, "message": message},
            "sample": await db.execute_fn(site.is_sample),
            "sample_label": site.SAMPLE_LABEL,
        },
        request=request,
    )
    return Response.html(body, status=status)


async def compare_page(datasette, request):
    problem = request_problem(request)
    if problem:
        return await _missing(datasette, request, 400, problem)
    raw = (request.url_vars["older"], request.url_vars["newer"])
    try:
        ids = tuple(str(split_bill_id(part)) for part in raw)
    except BadBillId as exc:
        return await _missing(datasette, request, 400, str(exc))
    db = datasette.get_database(site.DB_NAME)
    order = await db.execute_fn(lambda conn: pair_order(conn, ids[0], ids[1]))
    if order is None:
        return await _missing(
            datasette, request, 404, f"billwatch holds no bill {ids[0]} or no bill {ids[1]}."
        )
    if order != raw:
        return Response.redirect(site.compare_path(*order), status=301)
    base = site.public_url(datasette, request)
    context = await db.execute_fn(
        lambda conn: in_one_snapshot(conn, lambda c: compare_context(c, order[0], order[1], base))
    )
    if context is None:
        return await _missing(datasette, request, 404, "a bill of the pair is gone.")
    if context["problem"] and context["texts"] is None and not context["relations"]:
        return await _missing(datasette, request, 404, context["problem"])
    # The redline is CPU work: off the event loop and off the database's threads.
    context = await asyncio.to_thread(with_redline, context)
    body = await datasette.render_template("compare.html", context, request=request)
    return Response.html(body, headers={"Cache-Control": "public, max-age=300"})


@hookimpl
def register_routes(datasette):
    return [(r"^/compare/(?P<older>[^/]+)/(?P<newer>[^/]+)$", compare_page)]
