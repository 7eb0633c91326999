"""One line naming what went wrong with a request: the ``FetchError`` text of a failed
download (HTTP status, the size cap, a timeout, a refused or lost connection, scope).

Every errback of the bills spider and its mixins writes ``describe_failure(failure)``.
"""

from __future__ import annotations

import asyncio

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionRefusedError, DNSLookupError
from twisted.internet.error import TimeoutError as TwistedTimeout
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed

from .budgets import describe_mb
from .middlewares import OutOfScope
from .responses import request_of


def _reasons(exc: BaseException) -> str:
    """The innermost causes of a download failure, as short words (no reprs)."""
    if exc.__cause__ is not None:  # Scrapy wraps Twisted's error: read the original
        return _reasons(exc.__cause__)
    inner = [getattr(r, "value", r) for r in getattr(exc, "reasons", None) or []] or [exc]
    parts = []
    for e in inner:
        text = str(e).strip().rstrip(".")
        parts.append(f"{type(e).__name__}: {text}" if text else type(e).__name__)
    return "; ".join(parts)


def describe_failure(failure: Failure) -> str:
    """One line naming what went wrong with a request."""
    exc = failure.value
    limit = request_of(failure).meta.get("download_maxsize") if request_of(failure) else None
    if isinstance(exc, HttpError):
        return f"HTTP {exc.response.status}"
    if isinstance(exc, OutOfScope):
        return str(exc)
    # Scrapy cancels a body past download_maxsize, with a message when Content-Length
    # announced it and none when the bytes kept coming: both are the size cap.
    cancelled = isinstance(exc, DownloadCancelledError)
    if cancelled and limit and (not str(exc) or "max size" in str(exc)):
        return f"response larger than {describe_mb(limit)}"
    if isinstance(exc, IgnoreRequest) and limit and "DOWNLOAD_MAXSIZE" in str(exc):
        return f"response larger than {describe_mb(limit)} after decompression"
    if isinstance(exc, IgnoreRequest):
        return f"not fetched: {exc or 'forbidden by robots.txt'}"
    if isinstance(exc, ResponseDataLossError):
        return "truncated transfer: the connection closed before Content-Length bytes arrived"
    if isinstance(exc, DownloadTimeoutError | TwistedTimeout | asyncio.TimeoutError):
        limit = request_of(failure).meta.get("download_timeout") if request_of(failure) else None
        return f"timed out: no complete answer within {limit:g} s" if limit else "timed out"
    if isinstance(exc, DownloadConnectionRefusedError | ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, CannotResolveHostError | DNSLookupError):
        return f"host not found ({exc})"
    if isinstance(exc, ResponseFailed | DownloadFailedError):
        reasons = _reasons(exc)
        if "DataLoss" in reasons:
            return f"truncated transfer ({reasons})"
        if "ConnectionLost" in reasons or "ConnectionDone" in reasons or "reset" in reasons:
            return f"connection lost before a complete answer ({reasons})"
        return f"connection failed ({reasons})"
    return f"{type(exc).__name__}: {exc}"
