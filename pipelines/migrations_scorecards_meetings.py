"""Migrations 050–061: scorecards, committee meetings and the feed view that reads them.

Registered, in order, by ``pipelines/schema.py``.  Never edit an applied migration.
"""

from __future__ import annotations

import sqlite_utils

from cga.vocab import HEARING_SOURCES

from .feed_view import FEED_ENTRIES


def scorecards(db: sqlite_utils.Database) -> None:
    # A group's positions (a watchlist topic's positions: and count_votes:, mirrored by every
    # update), the roll calls that count for each, and every member's record on them
    # (cga/scorecards.py holds the rules; pipelines/scorecards.py rebuilds these at the end of
    # each update).  No foreign keys to bills or votes: a position may name a bill or a roll
    # call billwatch does not hold (an errors row says so).
    db.executescript(
        """
        CREATE TABLE positions (
            topic TEXT NOT NULL,
            bill_id TEXT NOT NULL,
            position TEXT NOT NULL CHECK (position IN ('support', 'oppose')),
            votes TEXT,
            PRIMARY KEY (topic, bill_id)
        );
        CREATE TABLE scorecard_topics (
            topic TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            sample INTEGER NOT NULL DEFAULT 0,
            computed_at TEXT
        );
        CREATE TABLE scorecard_votes (
            topic TEXT NOT NULL,
            vote_id TEXT NOT NULL,
            bill_id TEXT NOT NULL,
            session INTEGER NOT NULL,
            chamber TEXT NOT NULL CHECK (chamber IN ('house', 'senate')),
            position TEXT NOT NULL CHECK (position IN ('support', 'oppose')),
            counted_by TEXT NOT NULL CHECK (counted_by IN ('default', 'watchlist')),
            PRIMARY KEY (topic, vote_id)
        );
        CREATE INDEX scorecard_votes_bill ON scorecard_votes(bill_id);
        CREATE TABLE scorecards (
            topic TEXT NOT NULL,
            session INTEGER NOT NULL,
            legislator_id TEXT,
            name TEXT NOT NULL,
            chamber TEXT NOT NULL CHECK (chamber IN ('house', 'senate')),
            district INTEGER,
            party TEXT,
            with_group INTEGER NOT NULL,
            against_group INTEGER NOT NULL,
            absent INTEGER NOT NULL,
            not_voting INTEGER NOT NULL,
            score INTEGER,
            sponsored INTEGER NOT NULL,
            cosponsored INTEGER NOT NULL,
            roll_calls INTEGER NOT NULL,
            member TEXT NOT NULL,
            PRIMARY KEY (topic, session, chamber, member)
        );
        CREATE INDEX scorecards_legislator ON scorecards(legislator_id, topic);
        """
    )


def meetings(db: sqlite_utils.Database) -> None:
    """Committee meetings from the committees' events JSON and agendas (docs/cga-site.md,
    "Committee calendars"), their states over time, the bills their agendas cite; hearings
    gain the meeting they are at, its start and place, and every source that knows them."""
    db.executescript(
        """
        CREATE TABLE meetings (
            id TEXT PRIMARY KEY,
            committee TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('hearing', 'meeting')),
            title TEXT NOT NULL,
            listed_title TEXT NOT NULL,
            start TEXT NOT NULL,
            date TEXT NOT NULL,
            timed INTEGER NOT NULL,
            building TEXT,
            room TEXT,
            location TEXT,
            agenda_url TEXT,
            status TEXT NOT NULL CHECK (status IN ('scheduled', 'cancelled')),
            testimony_deadline TEXT,
            testimony_deadline_text TEXT,
            testimony_email TEXT,
            notes TEXT,
            agenda_sha256 TEXT,
            agenda_fetched_at TEXT,
            source_url TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            first_seen_at TEXT NOT NULL,
            last_listed_at TEXT NOT NULL
        );
        CREATE INDEX meetings_committee ON meetings(committee, date);
        CREATE INDEX meetings_date ON meetings(date);
        CREATE TABLE meeting_history (
            id TEXT PRIMARY KEY,
            meeting_id TEXT NOT NULL REFERENCES meetings(id),
            seq INTEGER NOT NULL,
            event TEXT NOT NULL
                CHECK (event IN ('scheduled', 'moved', 'cancelled', 'restored')),
            status TEXT NOT NULL CHECK (status IN ('scheduled', 'cancelled')),
            start TEXT NOT NULL,
            date TEXT NOT NULL,
            building TEXT,
            room TEXT,
            location TEXT,
            seen_at TEXT NOT NULL,
            UNIQUE (meeting_id, seq)
        );
        CREATE TABLE meeting_bills (
            meeting_id TEXT NOT NULL REFERENCES meetings(id),
            cited TEXT NOT NULL,
            bill_id TEXT REFERENCES bills(id),
            citation TEXT NOT NULL,
            first_seen_at TEXT NOT NULL,
            PRIMARY KEY (meeting_id, cited)
        );
        CREATE INDEX meeting_bills_cited ON meeting_bills(cited);
        CREATE INDEX meeting_bills_bill ON meeting_bills(bill_id);
        """
    )
    # execute, not executescript: executescript would commit the migration half-done.
    db.execute(
        "CREATE TRIGGER meeting_history_no_update BEFORE UPDATE ON meeting_history\n"
        "        BEGIN SELECT RAISE(ABORT, 'meeting_history rows are never edited'); END"
    )
    db.execute(
        "CREATE TRIGGER meeting_history_no_delete BEFORE DELETE ON meeting_history\n"
        "        BEGIN SELECT RAISE(ABORT, 'meeting_history rows are never deleted'); END"
    )
    db.execute("ALTER TABLE hearings ADD COLUMN meeting_id TEXT REFERENCES meetings(id)")
    db.execute("ALTER TABLE hearings ADD COLUMN start TEXT")
    db.execute("ALTER TABLE hearings ADD COLUMN location TEXT")
    db.execute("ALTER TABLE hearings ADD COLUMN sources TEXT")
    db.execute("UPDATE hearings SET sources = source")
    db.execute("CREATE INDEX hearings_meeting ON hearings(meeting_id)")
    db.execute("CREATE INDEX hearings_committee ON hearings(committee, date)")
    # One hearing, one row: a row whose committee was unknown ('') is the same hearing as a
    # row of that bill and day that names its committee.
    for rowid, bill_id, day, source in db.execute(
        "select rowid, bill_id, date, source from hearings where committee = ''"
    ).fetchall():
        other = db.execute(
            "select rowid, sources from hearings where bill_id = ? and date = ? "
            "and committee != '' order by committee limit 1",
            [bill_id, day],
        ).fetchone()
        if other is not None:
            known = {*other[1].split(","), source}
            merged = ",".join(s for s in HEARING_SOURCES if s in known)
            db.execute("update hearings set sources = ? where rowid = ?", [merged, other[0]])
            db.execute("delete from hearings where rowid = ?", [rowid])


def feed_entries_hearings(db: sqlite_utils.Database) -> None:
    # A hearing change's feed entry reads the meeting's time and place at that moment
    # (meeting_history) and links its place on the bill page (#hearing-MEETING): the view
    # re-created from its definition (pipelines/feed_view.py).
    db.execute("DROP VIEW IF EXISTS feed_entries")
    db.execute(FEED_ENTRIES)
