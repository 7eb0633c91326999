"""Webhooks: one signed JSON POST per change (apprise does not sign, so this is our own).

The body is the payload as compact UTF-8 JSON; ``X-Billwatch-Signature`` is
``sha256=`` and the hex HMAC-SHA256 of exactly those bytes with the subscription's secret;
``X-Billwatch-Delivery`` is the delivery id (the same on every attempt).  The request obeys
the crawler's rules where they apply (docs/security.md, "Notifications"): a bounded time for
the whole exchange (each socket operation, and a watchdog that cuts the connection at the
deadline), at most ``MAX_RESPONSE_BYTES`` of the answer read, no redirect followed (a 3xx is
an answer, given up).  Any host is allowed: the operator configured it.

An answer 2xx is delivered; 5xx, 408, 425 and 429, a timeout or no connection is retried;
any other answer is given up with its status.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import http.client
import json
import socket
import ssl
import threading
from urllib.parse import urlsplit

from . import rules
from .outcome import DELIVERED, Outcome, give_up, retry

MAX_RESPONSE_BYTES = 64 * 1024
USER_AGENT = "billwatch-notify/0.1 (+https://github.com/billwatch/billwatch)"


def body_of(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def signature(secret: str, body: bytes) -> str:
    """``sha256=<hex HMAC-SHA256 of the body>``: what a receiver recomputes and compares
    (``hmac.compare_digest``) to trust a request."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def _connection(url: str, timeout: float) -> tuple[http.client.HTTPConnection, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("not an http(s) URL")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if parts.scheme == "https":
        context = ssl.create_default_context()
        return (
            http.client.HTTPSConnection(
                parts.hostname, parts.port, timeout=timeout, context=context
            ),
            path,
        )
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout), path


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> Outcome:
    """One POST; never raises for what the network or the receiver does."""
    try:
        conn, path = _connection(url, timeout)
    except ValueError as exc:
        return give_up(f"the webhook URL is unusable: {exc}")
    cut = threading.Event()

    def watchdog() -> None:  # the whole exchange within the deadline, however slow
        cut.set()
        sock = conn.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    timer = threading.Timer(timeout, watchdog)
    timer.daemon = True
    timer.start()
    try:
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        status, reason = response.status, response.reason
        response.read(MAX_RESPONSE_BYTES)  # read (a little) of it, never more
    except TimeoutError:
        return retry(f"no answer within {timeout:g} s")
    except ConnectionRefusedError:
        return retry("connection refused")
    except ssl.SSLError as exc:
        return retry(f"TLS failed: {exc.reason or type(exc).__name__}")
    except (OSError, http.client.HTTPException) as exc:
        if cut.is_set():  # the watchdog cut it
            return retry(f"no answer within {timeout:g} s")
        return retry(f"the connection failed ({type(exc).__name__}: {exc})")
    finally:
        timer.cancel()
        conn.close()
    if 200 <= status < 300:
        return DELIVERED
    said = f"the receiver answered {status} {reason}".rstrip()
    if 300 <= status < 400:
        return give_up(f"{said} (redirects are not followed)")
    if rules.retryable_status(status):
        return retry(said)
    return give_up(f"{said} (a 4xx is not retried)")


def send(url: str, secret: str, payload: dict, delivery_id: str, timeout: float) -> Outcome:
    body = body_of(payload)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-Billwatch-Delivery": delivery_id,
        "X-Billwatch-Signature": signature(secret, body),
        "Connection": "close",
    }
    return post(url, body, headers, timeout)
