"""What every embeddable card answers with, whatever it shows (a bill's status card,
``publish/plugins/embed.py``; a member's scorecard card, ``publish/plugins/scorecard_embed.py``):
its content types, the headers that let any site frame or fetch it and nothing run in it, and
its error in the card's own format (a JSON error, a badge, a script comment, a page)."""

from __future__ import annotations

import json
from html import escape

from datasette.utils.asgi import Response

from publish.embed_render import render_badge

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


def card_headers(fmt: str) -> dict[str, str]:
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


def card_error(fmt: str, status: int, message: str, badge_class: str) -> Response:
    """An error in the card's format, never cached (``badge_class``: the badge's colour)."""
    headers = card_headers(fmt) | {"Cache-Control": "no-cache"}
    if fmt == "json":
        body = json.dumps({"error": message, "status": status})
    elif fmt == "svg":
        body = render_badge("billwatch", message, badge_class)
    elif fmt == "js":
        body = f"/* billwatch: {message.replace('*/', '* /')} */\n"
    else:
        body = (
            f'<!DOCTYPE html><html lang="en"><meta charset="utf-8"><title>{status}</title>'
            f'<p style="font:14px system-ui,sans-serif">{escape(message)}</p></html>'
        )
    return Response(body, status=status, headers=headers, content_type=CONTENT_TYPES[fmt])
