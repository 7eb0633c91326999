"""Migration 070: the delivery ledger of ``billwatch notify``.

Registered, in order, by ``pipelines/schema.py``.  Never edit an applied migration.
"""

from __future__ import annotations

import sqlite_utils


def deliveries(db: sqlite_utils.Database) -> None:
    # The delivery ledger of `billwatch notify` (billwatch/notify/): one row per change and
    # subscription it matched, and one per subscription for where it stands.  Subscriptions
    # are named by their id alone: their targets and secrets are never stored.
    db.executescript(
        """
        CREATE TABLE subscription_state (
            subscription_id TEXT PRIMARY KEY,
            started_at TEXT NOT NULL,
            start_rowid INTEGER NOT NULL,
            seen_rowid INTEGER NOT NULL,
            last_digest_at TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            failing_since TEXT,
            next_try_at TEXT,
            error TEXT
        );
        CREATE TABLE deliveries (
            subscription_id TEXT NOT NULL,
            change_id TEXT NOT NULL REFERENCES changes(id),
            delivery_id TEXT,
            status TEXT NOT NULL
                CHECK (status IN ('queued', 'pending', 'sent', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            first_at TEXT NOT NULL,
            last_at TEXT,
            sent_at TEXT,
            error TEXT,
            PRIMARY KEY (subscription_id, change_id)
        );
        CREATE INDEX deliveries_status ON deliveries(subscription_id, status, first_at);
        CREATE INDEX deliveries_delivery ON deliveries(delivery_id);
        """
    )
