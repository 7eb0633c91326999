"""The one clock: every date or time billwatch depends on is read here.

``BILLWATCH_NOW`` (an ISO 8601 timestamp, e.g. ``2016-03-01T14:00:00Z``; without an offset
it is taken as UTC) freezes the clock at that instant, so that what depends on "today" (a
session in progress, recent news, upcoming hearings, retry backoff, digests) can be tested
and demonstrated on past sessions.  A frozen clock does not tick: give a later run a later
``BILLWATCH_NOW``.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

CT_TZ = ZoneInfo("America/New_York")  # Connecticut's local time, for action dates
ENV = "BILLWATCH_NOW"


class BadClock(ValueError):
    """BILLWATCH_NOW is set but is not an ISO 8601 timestamp."""


def parse_instant(value: str) -> datetime:
    """An ISO 8601 timestamp as an aware UTC datetime (naive input is UTC)."""
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise BadClock(f"{ENV}={value!r} is not an ISO 8601 timestamp") from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def now() -> datetime:
    """The current instant (aware, UTC), or ``BILLWATCH_NOW`` when set."""
    fixed = os.environ.get(ENV)
    if fixed:
        return parse_instant(fixed)
    return datetime.now(UTC)


def iso(instant: datetime) -> str:
    """``2026-12-01T20:28:14Z``: the form every stored timestamp takes (seconds, UTC)."""
    return instant.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def now_iso() -> str:
    return iso(now())


def ct_today() -> date:
    """Today's date in Connecticut."""
    return now().astimezone(CT_TZ).date()


def ct_date(instant: datetime) -> date:
    """The Connecticut date of an instant (a naive one is taken as UTC)."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(CT_TZ).date()


def http_date_ct(value: str | None) -> str | None:
    """An HTTP date (``Thu, 16 Apr 2015 17:00:00 GMT``, a Last-Modified header) as the
    ISO date it was in Connecticut; None when absent or unreadable."""
    if not value:
        return None
    try:
        return ct_date(parsedate_to_datetime(value)).isoformat()
    except (TypeError, ValueError, IndexError):
        return None
