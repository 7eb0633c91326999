"""No response carries more than ``max_response_bytes`` (``billwatch serve --max-response-bytes``).

An ASGI wrapper between Datasette and the server.  It holds the response's headers until the
first body chunk arrives, so a response that is too big from its first chunk (a JSON or HTML
page, sent whole) is refused with a 400 that says why; a stream (CSV with ``_stream=on``) whose
headers already went out is ended cleanly after the last chunk that fits, with a note as its
last line.  Either way the application is stopped (its next ``send`` raises), so a cut stream
does not go on reading the table.

The query layer refuses rows over the same budget before they are rendered
(``publish/database.py``); this catches what rendering inflates (a blob in JSON is six times
its size) and everything the project's own routes send.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Base400

from publish.limits import DEFAULTS, describe

Message = dict[str, Any]
Send = Callable[[Message], Awaitable[None]]


class ResponseCut(Base400):
    """Raised into the application when it sends more after its response was refused or cut.

    A ``Base400`` so that Datasette, on its way out, treats it as a client error (no traceback
    in the log); the error page it then tries to send raises this again, up to ``capped``.
    """

    status = 400


def refusal_text(limit: int) -> str:
    return (
        f"This response would be larger than {describe(limit)}, the most one response may "
        "carry on this site (billwatch serve --max-response-bytes). Ask for less: fewer rows "
        "(_size=, LIMIT) or columns (_col=, _nocol=), or a CSV with _stream=on."
    )


def cut_note(limit: int) -> bytes:
    return (
        f"\n[billwatch: response cut here: it reached {describe(limit)}, the most one response "
        "may carry on this site (billwatch serve --max-response-bytes); ask for fewer rows]\n"
    ).encode()


def _content_type(start: Message) -> str:
    for name, value in start.get("headers", []):
        if name.lower() == b"content-type":
            return value.decode("latin-1").lower()
    return ""


def refusal(start: Message, limit: int) -> tuple[Message, Message]:
    """The 400 sent instead of a response too big (JSON for a JSON response, else text)."""
    text = refusal_text(limit)
    if "json" in _content_type(start):
        body = json.dumps(
            {"ok": False, "error": text, "status": 400, "title": "Response too large"}
        ).encode()
        content_type = b"application/json; charset=utf-8"
    else:
        body = (text + "\n").encode()
        content_type = b"text/plain; charset=utf-8"
    headers = [
        (b"content-type", content_type),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
    ]
    return (
        {"type": "http.response.start", "status": 400, "headers": headers},
        {"type": "http.response.body", "body": body, "more_body": False},
    )


class CappedSend:
    """The ``send`` handed to the application: counts body bytes, refuses or cuts."""

    def __init__(self, send: Send, limit: int):
        self._send = send
        self.limit = limit
        self.sent = 0
        self.start: Message | None = None  # held until the first body chunk
        self.done = False  # refused, cut, or finished

    async def __call__(self, message: Message) -> None:
        if self.done:
            raise ResponseCut("response already ended")
        kind = message["type"]
        if kind == "http.response.start":
            self.start = message
            return
        if kind != "http.response.body":
            await self._send(message)
            return
        body = message.get("body", b"")
        more = message.get("more_body", False)
        if self.start is not None:  # the first chunk: headers not sent yet
            start, self.start = self.start, None
            if len(body) > self.limit:
                self.done = True
                for part in refusal(start, self.limit):
                    await self._send(part)
                if more:  # a stream would go on: stop it
                    raise ResponseCut("response refused")
                return
            await self._send(start)
        elif self.sent + len(body) > self.limit:
            self.done = True
            await self._send(
                {"type": "http.response.body", "body": cut_note(self.limit), "more_body": False}
            )
            raise ResponseCut("response cut")
        self.sent += len(body)
        self.done = not more
        await self._send(message)

    async def finish(self) -> None:
        """Headers the application sent without any body still go out."""
        if self.start is not None:
            start, self.start = self.start, None
            await self._send(start)
            await self._send({"type": "http.response.body", "body": b"", "more_body": False})


def capped(app, limit: int):
    async def capped_app(scope, receive, send):
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        guard = CappedSend(send, limit)
        try:
            await app(scope, receive, guard)
        except ResponseCut:
            return
        await guard.finish()

    return capped_app


@hookimpl
def asgi_wrapper(datasette):
    config = datasette.plugin_config("billwatch") or {}
    limit = int(config.get("max_response_bytes") or DEFAULTS.max_response_bytes)
    return lambda app: capped(app, limit)
