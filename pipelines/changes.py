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
    ref: str | None = None  # id of the row it concerns (version id, document id...)
    baseline: bool | None = None  # None: as the item's (see StorePipeline)


def change_id(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def record_changes(
    db: sqlite_utils.Database,
    changes: list[Change],
    detected_at: str,
    baseline: bool,
    session: int | None,
) -> int:
    """Append changes not seen before; returns how many were new."""
    before = db.conn.total_changes
    db.conn.executemany(
        """INSERT OR IGNORE INTO changes
           (id, bill_id, session, kind, key, detected_at, summary, url, baseline, ref)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
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
                int(baseline if c.baseline is None else c.baseline),
                c.ref,
            )
            for c in changes
        ],
    )
    return db.conn.total_changes - before


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
