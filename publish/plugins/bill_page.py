"""The bill page ``/bills/{id}``: status, progress track, history, versions with redlines,
documents, testimony, hearings, feeds and the embed snippet.

400 for a string that is no bill id, 404 for a bill billwatch does not hold, 301 from other
spellings (``2015-hb-07017``) to the canonical id.  Data: ``publish/bill_render.py``.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.utils.asgi import Response

from cga.ids import BadBillId, split_bill_id
from publish import site
from publish.bill_render import load_bill_page
from publish.params import request_problem
from publish.snapshot import in_one_snapshot


async def _missing(datasette, request, status: int, message: str, bill_id: str | None):
    db = datasette.get_database(site.DB_NAME)
    sample = await db.execute_fn(site.is_sample)
    body = await datasette.render_template(
        "bill.html",
        {
            "missing": {"status": status, "message": message, "bill_id": bill_id},
            "sample": sample,
            "sample_label": site.SAMPLE_LABEL,
        },
        request=request,
    )
    return Response.html(body, status=status)


async def bill_page(datasette, request):
    problem = request_problem(request)
    if problem:
        return await _missing(datasette, request, 400, problem, None)
    raw = request.url_vars["bill_id"]
    try:
        bill_id = str(split_bill_id(raw))
    except BadBillId as exc:
        return await _missing(datasette, request, 400, str(exc), None)
    if bill_id != raw:
        return Response.redirect(site.bill_url("", bill_id), status=301)
    base = site.public_url(datasette, request)
    db = datasette.get_database(site.DB_NAME)
    context = await db.execute_fn(
        lambda conn: in_one_snapshot(conn, lambda c: load_bill_page(c, bill_id, base))
    )
    if context is None:
        return await _missing(
            datasette, request, 404, f"billwatch holds no bill {bill_id}.", bill_id
        )
    body = await datasette.render_template("bill.html", context, request=request)
    return Response.html(body, headers={"Cache-Control": "public, max-age=60"})


@hookimpl
def register_routes(datasette):
    return [(r"^/bills/(?P<bill_id>[^/]+)$", bill_page)]
