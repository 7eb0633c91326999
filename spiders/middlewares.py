"""Downloader middlewares: retries that back off (honouring Retry-After), and the crawl scope."""

from __future__ import annotations

import asyncio

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from cga.urls import Scope

MAX_DELAY = 60.0


def retry_delay(base: float, attempt: int, retry_after: bytes | None) -> float:
    """Seconds to wait before retry number ``attempt`` (1-based)."""
    if retry_after:
        try:
            return min(float(retry_after.decode("ascii").strip()), MAX_DELAY)
        except ValueError:
            pass  # an HTTP-date: fall back to our own schedule
    return min(base * 2 ** (attempt - 1), MAX_DELAY)


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("BILLWATCH_RETRY_BACKOFF", 2.0)

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider=None
    ) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            attempt = result.meta.get("retry_times", 1)
            await asyncio.sleep(
                self.base and retry_delay(self.base, attempt, response.headers.get("Retry-After"))
            )
        return result

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception, spider=None
    ) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await asyncio.sleep(
                self.base and retry_delay(self.base, result.meta.get("retry_times", 1), None)
            )
        return result


class OutOfScope(IgnoreRequest):
    """A request (a redirect, usually) to somewhere the crawl scope does not allow."""


class ScopeMiddleware:
    """Refuses every request outside the crawl scope before it leaves, redirects included.

    Runs before robots.txt is consulted (priority 50), so an out-of-scope host never sees
    even a robots.txt request.  The spider refuses out-of-scope links before building a
    request; this is the net under it, and the only check a redirect target meets.
    """

    def __init__(self, scope: Scope):
        self.scope = scope

    @classmethod
    def from_crawler(cls, crawler) -> ScopeMiddleware:
        return cls(crawler.settings["BILLWATCH_SCOPE"])

    def process_request(self, request: Request, spider=None) -> None:
        reason = self.scope.refusal(request.url)
        if reason is None:
            return None
        redirected = request.meta.get("redirect_urls")
        if redirected:
            raise OutOfScope(
                f"redirected from {redirected[0]} to {request.url}, out of scope: {reason}"
            )
        raise OutOfScope(f"out of scope, not fetched: {request.url}: {reason}")
