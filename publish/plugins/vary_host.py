"""``Vary: Host`` on every response when no ``--public-url`` is set.

Links are then absolute only for a Host in ``--allowed-hosts`` and relative for any other, so
a response depends on the Host it was asked with; a shared cache must not hand one Host's copy
to another.  With ``--public-url`` nothing depends on the Host and no header is added.
"""

from __future__ import annotations

from datasette import hookimpl

from publish import site


def with_vary(headers: list[tuple[bytes, bytes]], name: bytes) -> list[tuple[bytes, bytes]]:
    """``headers`` with ``name`` in their one Vary header (merged, case-insensitively)."""
    others = [(key, value) for key, value in headers if key.lower() != b"vary"]
    names = [
        part.strip()
        for key, value in headers
        if key.lower() == b"vary"
        for part in value.split(b",")
        if part.strip()
    ]
    if b"*" not in names and name.lower() not in (n.lower() for n in names):
        names.append(name)
    return [*others, (b"vary", b", ".join(names))]


def vary_on_host(app):
    async def wrapped(scope, receive, send):
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        async def send_with_vary(message):
            if message["type"] == "http.response.start":
                headers = with_vary(list(message.get("headers", [])), b"Host")
                message = {**message, "headers": headers}
            await send(message)

        await app(scope, receive, send_with_vary)

    return wrapped


@hookimpl
def asgi_wrapper(datasette):
    if site.links_depend_on_host(datasette):
        return vary_on_host
    return lambda app: app
