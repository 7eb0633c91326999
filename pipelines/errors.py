"""Failures by URL, with backoff, and the HTTP validators of what was fetched.

A URL that failed is retried on later runs only once its backoff expires (1 h,
doubling, at most a day); a fetch that works again marks it resolved.  A failure
whose ``first_at`` falls in the current run is "new": ``billwatch update`` exits 1
for those alone, so cron alerts once, not every run.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlite_utils

from cga.records import Fetched, FetchError

BACKOFF_START = timedelta(hours=1)
BACKOFF_MAX = timedelta(days=1)


def next_retry(now: str, attempts: int) -> str:
    delay = min(BACKOFF_START * 2 ** (attempts - 1), BACKOFF_MAX)
    when = datetime.fromisoformat(now.replace("Z", "+00:00")) + delay
    return when.isoformat(timespec="seconds").replace("+00:00", "Z")


def record_errors(
    db: sqlite_utils.Database, errors: list[FetchError], bill_id: str | None, now: str
) -> None:
    merged: dict[str, str] = {}
    refused = {e.url for e in errors if e.refused}
    for e in errors:  # one row per URL: several problems of one page are joined
        merged[e.url] = f"{merged[e.url]}; {e.error}" if e.url in merged else e.error
    for url, error in merged.items():
        row = db.execute(
            "select attempts, resolved_at, refused from errors where url = ?", [url]
        ).fetchone()
        if url in refused:
            # Refused before any request: recorded once, never retried (no next_retry_at).
            if row is None or row[1] is not None or not row[2]:
                db.execute(
                    """insert or replace into errors (url, bill_id, error, at, first_at,
                       attempts, next_retry_at, resolved_at, refused)
                       values (?, ?, ?, ?, ?, 0, null, null, 1)""",
                    [url, bill_id, error, now, now],
                )
        elif row is None or row[1] is not None:  # new, or broken again after a fix
            db.execute(
                """insert or replace into errors
                   (url, bill_id, error, at, first_at, attempts, next_retry_at, resolved_at)
                   values (?, ?, ?, ?, ?, 1, ?, null)""",
                [url, bill_id, error, now, now, next_retry(now, 1)],
            )
        else:
            attempts = row[0] + 1
            db.execute(
                "update errors set error = ?, at = ?, attempts = ?, next_retry_at = ?, "
                "refused = 0 where url = ?",
                [error, now, attempts, next_retry(now, attempts), url],
            )


def resolve(db: sqlite_utils.Database, urls: list[str], now: str) -> None:
    db.conn.executemany(
        "update errors set resolved_at = ? where url = ? and resolved_at is null",
        [(now, u) for u in urls],
    )


def remember_fetches(db: sqlite_utils.Database, fetched: list[Fetched]) -> None:
    db.conn.executemany(
        """insert or replace into http_cache (url, etag, last_modified, sha256, bytes, fetched_at)
           values (?, ?, ?, ?, ?, ?)""",
        [(f.url, f.etag, f.last_modified, f.sha256, f.size, f.fetched_at) for f in fetched],
    )


def touch_fetches(db: sqlite_utils.Database, urls: list[str], now: str) -> None:
    """A 304 is a check too: it resets the clock of the next re-check."""
    db.conn.executemany(
        "update http_cache set fetched_at = ? where url = ?", [(now, u) for u in urls]
    )
