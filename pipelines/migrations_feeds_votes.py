"""Migrations 010–021: the feed view and its change items, roll calls and legislators.

Registered, in order, by ``pipelines/schema.py``.  Never edit an applied migration.
"""

from __future__ import annotations

import hashlib

import sqlite_utils

from .feed_view import FEED_ENTRIES


def feed_entries(db: sqlite_utils.Database) -> None:
    """Feeds written from the rows a change points to (``pipelines/feed_view.py``).

    ``changes.event_date``: when it happened at the legislature (written with each new row;
    the view falls back to the action's or hearing's date for rows written before).
    ``change_items``: every row a change concerns when there are several (a testimony batch),
    append-only like the log; filled here for earlier batches whose key (a hash of their
    submissions' ids) proves which submissions they were.
    """
    db.execute("ALTER TABLE changes ADD COLUMN event_date TEXT")
    db.execute(
        """CREATE TABLE change_items (
            change_id TEXT NOT NULL REFERENCES changes(id),
            item_id TEXT NOT NULL,
            PRIMARY KEY (change_id, item_id)
        )"""
    )
    # execute, not executescript: executescript would commit the migration half-done.
    db.execute(
        "CREATE TRIGGER change_items_no_update BEFORE UPDATE ON change_items\n"
        "        BEGIN SELECT RAISE(ABORT, 'change_items rows are never edited'); END"
    )
    db.execute(
        "CREATE TRIGGER change_items_no_delete BEFORE DELETE ON change_items\n"
        "        BEGIN SELECT RAISE(ABORT, 'change_items rows are never deleted'); END"
    )
    # A new text's document link is left out of feeds when its version exists: look it up.
    db.execute("CREATE INDEX versions_document ON versions(document_id)")
    _backfill_testimony_items(db)
    db.execute(FEED_ENTRIES)


def _backfill_testimony_items(db: sqlite_utils.Database) -> None:
    """Each earlier testimony change covered the bill's submissions stored by its crawl: those
    not covered by an earlier change and fetched before it was detected.  Recorded only when
    the change's key (a hash of exactly those ids) confirms the set; else left to its ``ref``."""
    assigned: dict[str, set[str]] = {}
    changes = db.execute(
        "select id, bill_id, key, detected_at from changes where kind = 'testimony' "
        "order by detected_at, rowid"
    ).fetchall()
    for change, bill_id, key, detected_at in changes:
        taken = assigned.setdefault(bill_id, set())
        ids = sorted(
            r[0]
            for r in db.execute(
                "select id from testimony where bill_id = ? and fetched_at <= ?",
                [bill_id, detected_at],
            ).fetchall()
            if r[0] not in taken
        )
        digest = hashlib.sha256("|".join(ids).encode()).hexdigest()[:16]
        if ids and key == f"testimony|{bill_id}|{digest}":
            taken.update(ids)
            db.conn.executemany(
                "insert or ignore into change_items (change_id, item_id) values (?, ?)",
                [(change, i) for i in ids],
            )


def votes_and_legislators(db: sqlite_utils.Database) -> None:
    # Roll calls and members (docs/cga-site.md, "Roll calls", "Legislators").  One vote per
    # roll call (id 2016-HV-123), one record per member line as printed; legislators one row
    # per (id, session): the file lists current members only, so a past session's members
    # are known from roll calls by the name as printed (legislator_id null).
    db.executescript(
        """
        CREATE TABLE legislators (
            id TEXT NOT NULL,
            session INTEGER NOT NULL,
            name TEXT NOT NULL,
            first_name TEXT,
            last_name TEXT NOT NULL,
            chamber TEXT NOT NULL CHECK (chamber IN ('house', 'senate')),
            district INTEGER NOT NULL,
            party TEXT,
            email TEXT,
            phone TEXT,
            office TEXT,
            url TEXT,
            committees TEXT NOT NULL DEFAULT '[]',
            source_url TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            PRIMARY KEY (id, session)
        );
        CREATE INDEX legislators_session ON legislators(session, chamber);
        CREATE TABLE votes (
            id TEXT PRIMARY KEY,
            bill_id TEXT NOT NULL REFERENCES bills(id),
            session INTEGER NOT NULL,
            chamber TEXT NOT NULL CHECK (chamber IN ('house', 'senate')),
            number INTEGER NOT NULL,
            date TEXT,
            question TEXT,
            yea INTEGER,
            nay INTEGER,
            absent_not_voting INTEGER,
            needed INTEGER,
            passed INTEGER,
            complete INTEGER NOT NULL,
            label TEXT,
            layout TEXT NOT NULL,
            url TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            source_url TEXT NOT NULL,
            fetched_at TEXT NOT NULL
        );
        CREATE INDEX votes_bill ON votes(bill_id, date, number);
        CREATE INDEX votes_session ON votes(session, date);
        CREATE TABLE vote_records (
            vote_id TEXT NOT NULL REFERENCES votes(id),
            seq INTEGER NOT NULL,
            name TEXT NOT NULL,
            legislator_id TEXT,
            vote TEXT NOT NULL CHECK (vote IN ('yea', 'nay', 'absent', 'not_voting')),
            seat INTEGER,
            PRIMARY KEY (vote_id, seq)
        );
        CREATE INDEX vote_records_legislator ON vote_records(legislator_id, vote_id);
        CREATE INDEX vote_records_name ON vote_records(name COLLATE NOCASE);
        CREATE TABLE vote_files (
            key TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            session INTEGER,
            chamber TEXT,
            number INTEGER,
            bill_id TEXT,
            vote_id TEXT,
            skipped TEXT,
            found_on TEXT NOT NULL,
            first_seen_at TEXT NOT NULL
        );
        CREATE INDEX vote_files_bill ON vote_files(bill_id);
        """
    )


def feed_entries_votes(db: sqlite_utils.Database) -> None:
    # A roll call's feed entry links its place on the bill page (#vote-2016-HV-123) and is
    # dated by the roll call: the view re-created from its definition (pipelines/feed_view.py).
    db.execute("DROP VIEW IF EXISTS feed_entries")
    db.execute(FEED_ENTRIES)
