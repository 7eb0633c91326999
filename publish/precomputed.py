"""Precomputed responses: what ``billwatch update`` rendered of the feeds, embeds and
calendars (tables ``renderings``, ``rendering_bodies``, ``renderings_state``; docs/scaling.md,
"Precomputed feeds and embeds"), looked up for one request.

A rendering is the live route's own response, captured through ``datasette.client`` when the
update finished: its body and its headers in order.  It is answered only when it is what the
live route would answer now:

* the set is current: the last update rendered it after its crawl, and nothing was logged
  since (``renderings_state.changes_seen`` is the change log's last row);
* its links are the request's: rendered on the public URL this request's links would use
  (``publish.site.public_url``: ``--public-url``, an ``--allowed-hosts`` Host, else "");
* a calendar is of today (it tells how to testify only at hearings from today on).

Anything else, or an error reading the tables (a database an older billwatch wrote), is None:
the caller renders live.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from publish.conditional import client_is_current

# The paths that can have a rendering (the rest never cost a lookup).
PREFIXES = ("/feeds/", "/embed/")

# A body is stored zlib-compressed (migration 110): a rendering decompresses in about 30 µs,
# and the table is a fifth of its size (docs/scaling.md, "Precomputed feeds and embeds").
ZLIB, IDENTITY = "zlib", "identity"
# A stored body larger than this once decompressed is not answered (the live route is).
MAX_BODY = 64 * 1024 * 1024


def encode_body(body: bytes) -> tuple[bytes, str]:
    """(stored bytes, encoding) of a rendering's body."""
    return zlib.compress(body, 6), ZLIB


def decode_body(stored: bytes, encoding: str) -> bytes | None:
    """The body of a stored rendering; None if it cannot be read back (an unknown encoding,
    corrupt or oversized data): the caller renders live."""
    if encoding == IDENTITY:
        return bytes(stored)
    if encoding != ZLIB:
        return None
    inflate = zlib.decompressobj()
    try:
        body = inflate.decompress(stored, MAX_BODY)
    except zlib.error:
        return None
    if inflate.unconsumed_tail or not inflate.eof:
        return None
    return body


LOOKUP_SQL = """
select r.etag, r.headers, r.last_modified, b.body, b.encoding
from renderings_state as s
join renderings as r on r.path = :path
join rendering_bodies as b on b.etag = r.etag
where s.id = 1 and s.current = 1 and s.public_url = :base
  and s.changes_seen is (select max(rowid) from changes)
  and (r.ct_date is null or r.ct_date = :today)
"""


@dataclass(frozen=True)
class Rendering:
    etag: str
    headers: list[tuple[bytes, bytes]]
    last_modified: str | None
    body: bytes


def lookup(conn: sqlite3.Connection, path: str, base: str, today: str) -> Rendering | None:
    """The rendering of ``path`` if it may be answered now (see the module), else None."""
    try:
        row = conn.execute(LOOKUP_SQL, {"path": path, "base": base, "today": today}).fetchone()
    except sqlite3.Error:  # no such table: a database no update of this version rendered
        return None
    if row is None:
        return None
    etag, headers, last_modified, stored, encoding = row
    body = decode_body(stored, encoding)
    if body is None:
        return None
    pairs = [
        (name.encode("latin-1"), value.encode("latin-1")) for name, value in json.loads(headers)
    ]
    return Rendering(etag, pairs, last_modified, body)


def _parsed(value: str | None):
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None


def answer(rendering: Rendering, request_headers) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """(status, headers, body) as the live route answers: 200 with the rendering, or 304
    when the request's validators match (the live route's 304 carries the same headers,
    its content type Datasette's default for an empty response)."""
    if client_is_current(request_headers, rendering.etag, _parsed(rendering.last_modified)):
        headers = [
            (name, b"text/plain" if name.lower() == b"content-type" else value)
            for name, value in rendering.headers
        ]
        return 304, headers, b""
    return 200, rendering.headers, rendering.body
