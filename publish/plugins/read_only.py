"""The site is read-only over HTTP: anything but GET, HEAD and OPTIONS is answered 405.

The database connections are read-only too (``publish/database.py``); this refuses writes
before any view runs (Datasette 0.65 would otherwise answer a POST to a table with a 500).
"""

from __future__ import annotations

from datasette import hookimpl

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@hookimpl
def asgi_wrapper():
    def wrap(app):
        async def read_only(scope, receive, send):
            if scope["type"] == "http" and scope.get("method", "GET") not in SAFE_METHODS:
                await send(
                    {
                        "type": "http.response.start",
                        "status": 405,
                        "headers": [
                            (b"content-type", b"text/plain; charset=utf-8"),
                            (b"allow", b"GET, HEAD, OPTIONS"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": b"This site is read-only.\n"})
                return
            await app(scope, receive, send)

        return read_only

    return wrap
