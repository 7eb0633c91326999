"""The pure rules of delivery: which change matches which subscription, delivery ids, digest
windows by the clock, what is retried and when.

No database, no network: facts in, decisions out (``ledger`` and ``run`` apply them).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from datetime import datetime, timedelta

from cga.clock import CT_TZ, parse_instant

from .subscriptions import Subscription

# In a run: tries of one delivery, waiting RETRY_WAIT, then twice that, between them.
TRIES = 3
RETRY_WAIT = 2.0
# Across runs, once a target failed: no try before 10 min, doubling, at most 6 h.
BACKOFF_START = timedelta(minutes=10)
BACKOFF_MAX = timedelta(hours=6)
# A change not delivered this long after it was matched is given up (with the reason).
GIVE_UP_AFTER = timedelta(days=14)


def matches(
    sub: Subscription,
    bill_id: str | None,
    kind: str,
    bill_topics: Collection[str],
    found_by_search: bool,
) -> bool:
    """True when a (non-baseline) change of ``kind`` to ``bill_id`` is for ``sub``.

    The change's kind must be one of the subscription's kinds (all, when it names none), and
    its bill one it names, of a topic it names, or found by one of its searches (the search
    feed's rule: title, statement of purpose, a text version or testimony).  A subscription
    naming no topic, bill or search gets the changes of every watched bill (a bill of any
    watchlist topic), as the changes feed does.
    """
    if sub.kinds and kind not in sub.kinds:
        return False
    if bill_id is None:
        return False
    if not sub.selects_bills:
        return bool(bill_topics)
    if bill_id in sub.bills:
        return True
    if any(topic in bill_topics for topic in sub.topics):
        return True
    return bool(sub.search) and found_by_search


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def delivery_id(subscription_id: str, change_id: str) -> str:
    """The id of one change's delivery to one subscription: the same on every attempt and
    every rerun (the receiver's key to drop a repeat)."""
    return f"d-{_digest(f'{subscription_id}|change|{change_id}')}"


def digest_id(subscription_id: str, every: str, period: str) -> str:
    """The id of a subscription's digest formed in ``period``: one a period at most."""
    return f"d-{_digest(f'{subscription_id}|{every}|{period}')}"


def period(every: str, instant: datetime) -> str:
    """The digest window ``instant`` falls in: its Connecticut day (``2015-06-24``) for
    daily, its ISO week starting Monday in Connecticut (``2015-W26``) for weekly."""
    day = instant.astimezone(CT_TZ).date()
    if every == "weekly":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.isoformat()


def digest_due(every: str, since: str, now: datetime) -> bool:
    """A digest is due once the clock is in a later window than ``since`` (the last digest,
    or when the subscription started): at the first run after midnight (daily) or after
    Monday's midnight (weekly), Connecticut time."""
    return period(every, now) > period(every, parse_instant(since))


def backoff(failures: int) -> timedelta:
    """The wait before trying a target again after its ``failures``-th failed run in a row."""
    return min(BACKOFF_START * 2 ** max(failures - 1, 0), BACKOFF_MAX)


def wait_before_try(number: int, retry_wait: float = RETRY_WAIT) -> float:
    """Seconds to wait before the ``number``-th try in a run (1: none)."""
    return 0.0 if number <= 1 else retry_wait * 2 ** (number - 2)


def retryable_status(status: int) -> bool:
    """An HTTP answer worth another try: 5xx, 408 (request timeout), 425, 429 (too many
    requests).  Any other 4xx, and a redirect (never followed), is given up."""
    return status >= 500 or status in (408, 425, 429)


def too_old(first_at: str, now: datetime) -> bool:
    return now - parse_instant(first_at) > GIVE_UP_AFTER
