"""A member's embeddable scorecard: ``/embed/scorecards/TOPIC/LEGISLATOR_ID`` (iframe card; also
``.html``), ``.js`` (script embed), ``.json`` (CORS ``*``) and ``.svg`` (badge), with the bill
card's conventions (``publish/plugins/embed.py``): ``theme=light|dark``, ``compact=1``, an ETag
and 304s, a CSP that lets any site frame the card and lets it run nothing.

Rendering lives in ``publish/scorecard_card.py``; this file only speaks HTTP.
"""

from __future__ import annotations

import json

from datasette import hookimpl
from datasette.utils.asgi import Response

from cga.ids import BadLegislatorId, canonical_legislator_id
from publish import site
from publish.card_responses import CONTENT_TYPES, card_error, card_headers
from publish.conditional import conditional_response, parse_utc
from publish.embed_render import card_options
from publish.params import request_problem
from publish.scorecard_card import (
    card_json,
    load_member_card,
    render_card_js,
    render_card_svg,
    scorecard_css,
)
from publish.scorecard_render import TOPIC_RE, card_url
from publish.snapshot import in_one_snapshot


def _error(fmt: str, status: int, message: str) -> Response:
    return card_error(fmt, status, message, "score-none")


async def scorecard_card(datasette, request):
    v = request.url_vars
    suffix = v.get("fmt")
    fmt = suffix or "html"
    problem = request_problem(request)
    if problem:
        return _error(fmt, 400, problem)
    topic, raw = v["topic"], v["legislator_id"]
    if not TOPIC_RE.fullmatch(topic.lower()):
        return _error(fmt, 400, "not a topic name (expected e.g. student-privacy)")
    try:
        member = canonical_legislator_id(raw)
    except BadLegislatorId:
        return _error(fmt, 400, "not a legislator id (expected e.g. H106-bolinsky)")
    if (topic, member) != (topic.lower(), raw):  # one URL per card
        target = card_url("", topic.lower(), member, suffix)
        if request.query_string:
            target += "?" + request.query_string
        return Response.redirect(target, status=301, headers=card_headers(fmt))
    base = site.public_url(datasette, request)
    db = datasette.get_database(site.DB_NAME)
    card = await db.execute_fn(
        lambda conn: in_one_snapshot(conn, lambda c: load_member_card(c, topic, member, base))
    )
    if card is None:
        return _error(fmt, 404, f"no scorecard of {member} on {topic} in billwatch")
    if fmt == "json":
        body = json.dumps(card_json(card), ensure_ascii=False, indent=2)
    elif fmt == "svg":
        body = render_card_svg(card)
    elif fmt == "js":
        body = render_card_js(card)
    else:
        body = await datasette.render_template(
            "scorecard_embed.html",
            {
                "card": card,
                "options": card_options(request.args),
                "css": scorecard_css(),
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
    return [
        (
            r"^/embed/scorecards/(?P<topic>[^/]+)/(?P<legislator_id>[^/]+?)"
            r"(?:\.(?P<fmt>html|json|svg|js))?$",
            scorecard_card,
        )
    ]
