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
from html import escape

from datasette import hookimpl
from datasette.utils.asgi import Response

from cga.ids import BadBillId, split_bill_id
from publish import site
from publish.conditional import conditional_response, parse_utc
from publish.embed_render import (
    CARD_VARIANTS,
    card_css,
    card_json,
    card_options,
    embed_url,
    load_card,
    render_badge,
    render_js,
    render_svg,
)
from publish.params import request_problem
from publish.snapshot import in_one_snapshot

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "svg": "image/svg+xml; charset=utf-8",
    "js": "text/javascript; charset=utf-8",
}
# The card runs no script and loads nothing; it may be framed by any site.
CARD_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors *"
)
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def _headers(fmt: str) -> dict[str, str]:
    headers = {
        "Access-Control-Allow-Origin": "*",
        "Cache-Control": "public, max-age=300",
        "X-Content-Type-Options": "nosniff",
    }
    if fmt == "html":
        headers["Content-Security-Policy"] = CARD_CSP
    elif fmt == "svg":
        headers["Content-Security-Policy"] = SVG_CSP
    return headers


def _error(fmt: str, status: int, message: str) -> Response:
    headers = _headers(fmt) | {"Cache-Control": "no-cache"}
    if fmt == "json":
        body = json.dumps({"error": message, "status": status})
    elif fmt == "svg":
        body = render_badge("billwatch", message, "dead")
    elif fmt == "js":
        body = f"/* billwatch: {message.replace('*/', '* /')} */\n"
    else:
        body = (
            f'<!DOCTYPE html><html lang="en"><meta charset="utf-8"><title>{status}</title>'
            f'<p style="font:14px system-ui,sans-serif">{escape(message)}</p></html>'
        )
    return Response(body, status=status, headers=headers, content_type=CONTENT_TYPES[fmt])


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
        return Response.redirect(target, status=301, headers=_headers(fmt))
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
    response.headers.update(_headers(fmt))
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
