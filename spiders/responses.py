"""What the spider reads off Scrapy's objects: a response header's text, and the request a
failure is about."""

from __future__ import annotations

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure


def request_of(failure: Failure) -> scrapy.Request:
    """The request a failure is about (Scrapy sets it on every errback's failure)."""
    return failure.request  # type: ignore[attr-defined]


def header(response: Response, name: str) -> str | None:
    """A response header's value as text (latin-1, as HTTP headers are), or None."""
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
