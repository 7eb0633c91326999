"""The change log: one row per thing first seen, with an id derived from its natural key.

``INSERT OR IGNORE`` on that id is what makes reruns add zero rows; triggers in
the schema forbid editing or deleting a change once written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import sqlite_utils


@dataclass(frozen=True)
class Change:
    bill_id: str | None
    kind: str  # bill | action | stage | outcome | version | document | testimony
    key: str  # natural key, e.g. "stage|2015-HB-7017|reported"
    summary: str
    url: str | None = None
    # The row it concerns: a version, document or testimony id; for an action (and the
    # action that reached a stage or decided an outcome), the action's key.
    ref: str | None = None
    baseline: bool | None = None  # None: as the item's (see StorePipeline)
    # When it happened at the legislature (ISO date, Connecticut): the action's date, the
    # document's date, the hearing's date; None when the site does not say.
    event_date: str | None = None
    # Every row it concerns when there are several (the submissions of a testimony batch).
    items: tuple[str, ...] = ()


def change_id(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def record_changes(
    db: sqlite_utils.Database,
    changes: list[Change],
    detected_at: str,
    baseline: bool,
    session: int | None,
    news_since: str | None = None,
) -> int:
    """Append changes not seen before; returns how many were new.

    ``news_since`` (an ISO date): a change that would be baseline only because ``baseline``
    says so (its own ``baseline`` is None) is news when its event happened on or after that
    day — a session's first crawl reports the last few days (see ``news``).
    """
    before = db.conn.total_changes
    db.conn.executemany(
        """INSERT OR IGNORE INTO changes
           (id, bill_id, session, kind, key, detected_at, summary, url, baseline, ref,
            event_date)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            (
                change_id(c.key),
                c.bill_id,
                session,
                c.kind,
                c.key,
                detected_at,
                c.summary,
                c.url,
                int(is_baseline(c, baseline, news_since)),
                c.ref,
                c.event_date,
            )
            for c in changes
        ],
    )
    added = db.conn.total_changes - before
    db.conn.executemany(
        "INSERT OR IGNORE INTO change_items (change_id, item_id) VALUES (?, ?)",
        [(change_id(c.key), item) for c in changes for item in c.items],
    )
    return added


def is_baseline(change: Change, baseline: bool, news_since: str | None = None) -> bool:
    """The change's own say wins; else the item's, except for an event on or after
    ``news_since`` (the recent past a session's first crawl reports as news)."""
    if change.baseline is not None:
        return change.baseline
    if baseline and news_since and change.event_date and change.event_date >= news_since:
        return False
    return baseline


def first_collection(
    db: sqlite_utils.Database, bill_id: str, kind: str, now: str, crawled_before: bool
) -> bool:
    """Record that ``kind`` (a change kind) was collected for ``bill_id`` in this crawl.

    True when this is the first time that kind is collected for a bill that was deep-crawled
    before this run: what it finds existed before billwatch looked, so its changes are
    baseline (``Change(..., baseline=True)``), not news.  A bill's first deep crawl already
    follows the usual baseline rule; later collections of the kind are news.
    """
    before = db.conn.total_changes
    db.execute(
        "insert or ignore into collections (bill_id, kind, first_at) values (?, ?, ?)",
        [bill_id, kind, now],
    )
    return crawled_before and db.conn.total_changes > before
