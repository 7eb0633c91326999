"""Embeddable bill status: ``/embed/{id}`` (iframe card; also ``.html``), ``.js`` (script
embed), ``.json`` (CORS ``*``) and ``.svg`` (badge).  Options: ``theme=light|dark``,
``compact=1``, or as paths a static host can serve too: ``/embed/{id}/dark``, ``/compact``,
``/dark/compact``.

Every response carries an ETag and answers ``If-None-Match`` with 304.  Rendering lives in
``publish/embed_render.py``; this file only speaks HTTP.
"""

from __future__ import annotations

import json
import re

from datasette import hookimpl
from datasette.utils.asgi import Response

from cga.ids import BadBillId, split_bill_id
from publish import site
from publish.card_responses import CONTENT_TYPES, card_error, card_headers
from publish.conditional import conditional_response, parse_utc
from publish.embed_render import (
    CARD_VARIANTS,
    card_css,
    card_json,
    card_options,
    embed_url,
    load_card,
    render_js,
    render_svg,
)
from publish.params import request_problem
from publish.snapshot import in_one_snapshot


def _error(fmt: str, status: int, message: str) -> Response:
    return card_error(fmt, status, message, "dead")


async def embed(datasette, request):
    raw = request.url_vars["bill_id"]
    suffix = request.url_vars.get("fmt")  # None, or html, json…
    variant = request.url_vars.get("variant")  # None, or dark, compact, dark/compact
    fmt = suffix or "html"
    problem = request_problem(request)
    if problem:
        return _error(fmt, 400, problem)
    try:
        bill_id = str(split_bill_id(raw))
    except BadBillId:
        return _error(fmt, 400, "not a bill id (expected e.g. 2015-HB-7017)")
    if bill_id != raw:  # one URL per card: 2015-hb-07017 → 2015-HB-7017
        target = embed_url("", bill_id, suffix) + (f"/{variant}" if variant else "")
        if request.query_string:
            target += "?" + request.query_string
        return Response.redirect(target, status=301, headers=card_headers(fmt))
    base = site.public_url(datasette, request)
    db = datasette.get_database(site.DB_NAME)
    card = await db.execute_fn(
        lambda conn: in_one_snapshot(conn, lambda c: load_card(c, bill_id, base))
    )
    if card is None:
        return _error(fmt, 404, f"no bill {bill_id} in billwatch")
    if fmt == "json":
        body = json.dumps(card_json(card), ensure_ascii=False, indent=2)
    elif fmt == "svg":
        body = render_svg(card)
    elif fmt == "js":
        body = render_js(card)
    else:
        body = await datasette.render_template(
            "embed.html",
            {
                "card": card,
                "options": card_options(request.args, variant),
                "css": card_css(),
                "sample_label": site.SAMPLE_LABEL,
            },
            request=request,
        )
    response = conditional_response(
        request, body.encode("utf-8"), CONTENT_TYPES[fmt], parse_utc(card["updated"])
    )
    response.headers.update(card_headers(fmt))
    return response


@hookimpl
def register_routes(datasette):
    variants = "|".join(re.escape(v) for v in CARD_VARIANTS)
    return [
        (
            rf"^/embed/(?P<bill_id>[^/]+?)(?:\.(?P<fmt>html|json|svg|js)|/(?P<variant>{variants}))?$",
            embed,
        )
    ]
