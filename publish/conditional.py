"""Conditional GET for generated documents (feeds, calendars): ETag, Last-Modified, 304."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from datasette.utils.asgi import Response


def parse_utc(value: str | None) -> datetime | None:
    """An ISO 8601 timestamp from the database as an aware UTC datetime (None if unparseable)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def etag_for(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _etag_matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    return etag in tags


def _not_modified_since(header: str, last_modified: datetime) -> bool:
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return False
    if since is None:
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return last_modified.replace(microsecond=0) <= since


def conditional_response(
    request,
    body: bytes,
    content_type: str,
    last_modified: datetime | None = None,
    max_age: int = 300,
) -> Response:
    """200 with validators, or 304 when the client's copy is current.

    The ETag is a hash of the body (so it is right by construction, whatever changed); the
    body must therefore be deterministic (no "generated now" timestamps).  ``If-None-Match``
    wins over ``If-Modified-Since`` (RFC 9110 13.2.2).
    """
    etag = etag_for(body)
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={max_age}"}
    if last_modified is not None:
        headers["Last-Modified"] = format_datetime(last_modified.astimezone(UTC), usegmt=True)
    if client_is_current(request.headers, etag, last_modified):
        return Response(b"", status=304, headers=headers)
    return Response(body, status=200, headers=headers, content_type=content_type)


def client_is_current(headers, etag: str, last_modified: datetime | None) -> bool:
    """True when the request's validators (``headers``: its headers, lower-case names) say
    the client holds the response of this ETag: the one rule for a live response and a
    precomputed one (``publish/precomputed.py``)."""
    if_none_match = headers.get("if-none-match")
    if_modified_since = headers.get("if-modified-since")
    if if_none_match is not None:
        return _etag_matches(if_none_match, etag)
    return bool(
        if_modified_since
        and last_modified is not None
        and _not_modified_since(if_modified_since, last_modified)
    )
