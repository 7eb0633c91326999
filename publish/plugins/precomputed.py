"""Answer the feeds, embeds and calendars ``billwatch update`` precomputed from their
renderings (``publish/precomputed.py``), before Datasette routes the request.

Only a GET or HEAD of exactly a rendered path (no query string: ``?kind=``, search feeds and
the card's ``?theme=`` forms are rendered live), without a cookie or credentials (Datasette
makes those responses private), whose rendering is current; anything else goes on to the live
route.  The response is the rendering's status, headers and body, or the same 304 the live
route answers to ``If-None-Match`` / ``If-Modified-Since``.  The innermost of the project's
ASGI wrappers (``tryfirst``): ``Vary: Host``, the response cap and read-only apply to it as to
a live response.  The app ``billwatch update`` renders with has it off
(``make_datasette(precomputed=False)``), so a rendering is always the live route's bytes.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.utils.asgi import Request

from cga.clock import ct_today
from publish import site
from publish.precomputed import PREFIXES, answer, lookup

PASS_THROUGH_HEADERS = (b"cookie", b"authorization")


def precomputed_app(app, datasette):
    async def serve_precomputed(scope, receive, send):
        if (
            scope["type"] != "http"
            or scope.get("method") not in ("GET", "HEAD")
            or scope.get("query_string")
        ):
            await app(scope, receive, send)
            return
        raw = scope.get("raw_path")
        path = (raw.decode("latin-1") if raw else scope["path"]).partition("?")[0]
        if not path.startswith(PREFIXES) or any(
            name.lower() in PASS_THROUGH_HEADERS for name, _ in scope.get("headers", [])
        ):
            await app(scope, receive, send)
            return
        request = Request(scope, receive)
        base = site.public_url(datasette, request)
        today = ct_today().isoformat()
        db = datasette.get_database(site.DB_NAME)
        rendering = await db.execute_fn(lambda conn: lookup(conn, path, base, today))
        if rendering is None:
            await app(scope, receive, send)
            return
        status, headers, body = answer(rendering, request.headers)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return serve_precomputed


@hookimpl(tryfirst=True)
def asgi_wrapper(datasette):
    if not site.precomputed_enabled(datasette):
        return lambda app: app
    return lambda app: precomputed_app(app, datasette)
