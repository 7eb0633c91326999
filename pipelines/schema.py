"""The database schema, as named migrations (sqlite-utils ``Migrations``).

The schema is a public contract: reporters query it, feeds and widgets read it.
Never edit an applied migration; add a new one.  ``tests/test_schema.py`` snapshots
the result so every change is a reviewed diff.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from cga.vocab import CHANGE_KINDS, DOCUMENT_KINDS, HEARING_SOURCES, VERSION_KINDS

from .feed_view import FEED_ENTRIES

migrations = Migrations("billwatch")

__all__ = ["CHANGE_KINDS", "DOCUMENT_KINDS", "VERSION_KINDS", "migrations", "open_db"]

# The closed vocabularies (cga.vocab) are re-exported for the schema's readers.


@migrations(name="001_initial")
def _initial(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE sessions (
            session INTEGER PRIMARY KEY,
            in_bulk INTEGER NOT NULL DEFAULT 0,
            baseline_done_at TEXT,
            last_crawl_at TEXT
        );
        CREATE TABLE committees (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            source_url TEXT NOT NULL,
            fetched_at TEXT NOT NULL
        );
        CREATE TABLE bills (
            id TEXT PRIMARY KEY,
            session INTEGER NOT NULL,
            chamber TEXT NOT NULL,
            type TEXT NOT NULL,
            number INTEGER NOT NULL,
            label TEXT,
            title TEXT,
            statement_of_purpose TEXT,
            committee TEXT,
            introducers TEXT,
            cosponsors TEXT,
            stage TEXT NOT NULL DEFAULT 'introduced',
            outcome TEXT NOT NULL DEFAULT 'pending',
            public_act TEXT,
            file_numbers TEXT,
            last_action_date TEXT,
            last_action TEXT,
            status_url TEXT NOT NULL,
            source_url TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            sha256 TEXT,
            first_seen_at TEXT NOT NULL,
            deep_crawled_at TEXT
        );
        CREATE INDEX bills_session ON bills(session, type, number);
        CREATE INDEX bills_stage ON bills(stage);
        CREATE TABLE subjects (
            bill_id TEXT NOT NULL REFERENCES bills(id),
            subject TEXT NOT NULL,
            source_url TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            PRIMARY KEY (bill_id, subject)
        );
        CREATE TABLE bill_topics (
            bill_id TEXT NOT NULL REFERENCES bills(id),
            topic TEXT NOT NULL,
            matched TEXT NOT NULL,
            PRIMARY KEY (bill_id, topic)
        );
        CREATE TABLE actions (
            bill_id TEXT NOT NULL REFERENCES bills(id),
            seq INTEGER NOT NULL,
            date TEXT NOT NULL,
            code TEXT,
            text TEXT NOT NULL,
            stage TEXT,
            event TEXT NOT NULL,
            chamber TEXT,
            key TEXT NOT NULL,
            source TEXT NOT NULL,
            bulk_text TEXT,
            source_url TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            PRIMARY KEY (bill_id, seq)
        );
        CREATE UNIQUE INDEX actions_key ON actions(bill_id, key);
        CREATE INDEX actions_date ON actions(date);
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            bill_id TEXT NOT NULL REFERENCES bills(id),
            kind TEXT NOT NULL,
            label TEXT NOT NULL,
            url TEXT NOT NULL,
            alt_urls TEXT,
            block TEXT,
            revision TEXT,
            file_number INTEGER,
            public_act TEXT,
            lco_number INTEGER,
            source_url TEXT NOT NULL,
            first_seen_at TEXT NOT NULL
        );
        CREATE INDEX documents_bill ON documents(bill_id, kind);
        CREATE TABLE versions (
            id TEXT PRIMARY KEY,
            bill_id TEXT NOT NULL REFERENCES bills(id),
            seq INTEGER NOT NULL,
            label TEXT NOT NULL,
            kind TEXT NOT NULL,
            url TEXT NOT NULL,
            document_id TEXT REFERENCES documents(id),
            revision TEXT,
            file_number INTEGER,
            format TEXT NOT NULL,
            pages INTEGER,
            text TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            body_sha256 TEXT NOT NULL,
            warnings TEXT,
            source_url TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            UNIQUE (bill_id, seq)
        );
        CREATE INDEX versions_bill ON versions(bill_id, url, sha256);
        CREATE TABLE changes (
            id TEXT PRIMARY KEY,
            bill_id TEXT REFERENCES bills(id),
            session INTEGER,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            detected_at TEXT NOT NULL,
            summary TEXT NOT NULL,
            url TEXT,
            baseline INTEGER NOT NULL DEFAULT 0,
            ref TEXT
        );
        CREATE INDEX changes_bill ON changes(bill_id, detected_at);
        CREATE INDEX changes_detected ON changes(detected_at, baseline);
        CREATE TABLE not_found (
            bill_id TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            first_seen_at TEXT NOT NULL,
            last_checked_at TEXT NOT NULL
        );
        CREATE TABLE errors (
            url TEXT PRIMARY KEY,
            bill_id TEXT,
            error TEXT NOT NULL,
            at TEXT NOT NULL,
            first_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 1,
            next_retry_at TEXT,
            resolved_at TEXT
        );
        CREATE TABLE http_cache (
            url TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            sha256 TEXT,
            bytes INTEGER,
            fetched_at TEXT NOT NULL
        );
        CREATE TABLE crawls (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            session INTEGER,
            base_url TEXT NOT NULL,
            finish_reason TEXT,
            requests INTEGER,
            bytes INTEGER,
            not_modified INTEGER,
            errors_new INTEGER
        );
        """
    )
    # Rows of the change log are never edited or deleted.
    db.executescript(
        """
        CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes
        BEGIN SELECT RAISE(ABORT, 'changes rows are never edited'); END;
        CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes
        BEGIN SELECT RAISE(ABORT, 'changes rows are never deleted'); END;
        CREATE TRIGGER versions_no_update BEFORE UPDATE ON versions
        BEGIN SELECT RAISE(ABORT, 'versions are never overwritten'); END;
        """
    )


@migrations(name="002_search")
def _search(db: sqlite_utils.Database) -> None:
    # FTS5 kept in step by triggers, so a reader never searches a stale index.
    db.table("bills").enable_fts(
        ["title", "statement_of_purpose"],
        fts_version="FTS5",
        create_triggers=True,
        tokenize="porter",
    )
    db.table("versions").enable_fts(
        ["label", "text"], fts_version="FTS5", create_triggers=True, tokenize="porter"
    )


@migrations(name="003_diffs")
def _diffs(db: sqlite_utils.Database) -> None:
    # One row per pair of consecutive bill texts (and any pair asked for on demand is
    # computed, not stored).  Computed once; never recomputed.
    db.executescript(
        """
        CREATE TABLE diffs (
            id TEXT PRIMARY KEY,
            bill_id TEXT NOT NULL REFERENCES bills(id),
            from_version TEXT REFERENCES versions(id),
            to_version TEXT NOT NULL REFERENCES versions(id),
            from_label TEXT,
            to_label TEXT NOT NULL,
            words_added INTEGER NOT NULL,
            words_removed INTEGER NOT NULL,
            summary TEXT NOT NULL,
            redline_html TEXT NOT NULL,
            unified TEXT NOT NULL,
            computed_at TEXT NOT NULL,
            UNIQUE (from_version, to_version)
        );
        CREATE INDEX diffs_bill ON diffs(bill_id);
        CREATE INDEX diffs_to ON diffs(to_version);
        """
    )


@migrations(name="004_testimony")
def _testimony(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE testimony (
            id TEXT PRIMARY KEY,
            bill_id TEXT NOT NULL REFERENCES bills(id),
            committee TEXT,
            hearing_date TEXT,
            submitter TEXT,
            title TEXT,
            organization TEXT,
            position TEXT CHECK (position IN ('support', 'oppose', 'neutral')),
            position_raw TEXT,
            file_name TEXT NOT NULL,
            url TEXT NOT NULL,
            text TEXT,
            pages INTEGER,
            scanned INTEGER NOT NULL DEFAULT 0,
            sha256 TEXT,
            source_url TEXT NOT NULL,
            fetched_at TEXT NOT NULL
        );
        CREATE INDEX testimony_bill ON testimony(bill_id, position);
        CREATE INDEX testimony_url ON testimony(url);
        CREATE TABLE hearings (
            bill_id TEXT NOT NULL REFERENCES bills(id),
            committee TEXT NOT NULL DEFAULT '',
            date TEXT NOT NULL,
            source TEXT NOT NULL,
            PRIMARY KEY (bill_id, committee, date)
        );
        CREATE INDEX hearings_date ON hearings(date);
        CREATE VIEW testimony_positions AS
            SELECT bill_id,
                   sum(position = 'support') AS support,
                   sum(position = 'oppose') AS oppose,
                   sum(position = 'neutral') AS neutral,
                   sum(position IS NULL) AS unknown,
                   count(*) AS total
            FROM testimony GROUP BY bill_id;
        """
    )
    db.table("testimony").enable_fts(
        ["submitter", "organization", "text"],
        fts_version="FTS5",
        create_triggers=True,
        tokenize="porter",
    )


@migrations(name="005_publish_indexes")
def _publish_indexes(db: sqlite_utils.Database) -> None:
    # Feeds and calendars of a topic start from its bills: look them up by topic.
    db.execute("CREATE INDEX IF NOT EXISTS bill_topics_topic ON bill_topics(topic, bill_id)")
    # The changes table page facets by kind and filters ?kind=...: a covering scan, not the table.
    db.execute("CREATE INDEX IF NOT EXISTS changes_kind ON changes(kind, detected_at)")


@migrations(name="006_refresh")
def _refresh(db: sqlite_utils.Database) -> None:
    # Hash of a bill's rows in bill_history.csv: when it moves, the bill is re-crawled.
    db.execute("ALTER TABLE bills ADD COLUMN bulk_sha TEXT")


@migrations(name="007_scope_and_crawl_markers")
def _scope_and_crawl_markers(db: sqlite_utils.Database) -> None:
    # A link refused before any request (out of the crawl scope) is recorded once and
    # never retried.
    db.execute("ALTER TABLE errors ADD COLUMN refused INTEGER NOT NULL DEFAULT 0")
    # The bill_history.csv hash as of the bill's last stored deep crawl: it advances only
    # with the status page it describes, so a crawl killed between the bulk step and the
    # bill leaves the bill due (bulk_sha != crawled_bulk_sha) for the next run.
    db.execute("ALTER TABLE bills ADD COLUMN crawled_bulk_sha TEXT")
    db.execute("UPDATE bills SET crawled_bulk_sha = bulk_sha WHERE deep_crawled_at IS NOT NULL")


IN_SCOPE_PREFIXES = ("https://www.cga.ct.gov/", "ftp://ftp.cga.ct.gov/")


def _out_of_scope_sql(column: str) -> str:
    """A SQL condition: ``column`` is a URL that no crawl scope lets billwatch fetch."""
    kept = " or ".join(f"lower({column}) like '{prefix}%'" for prefix in IN_SCOPE_PREFIXES)
    return f"not ({kept})"


@migrations(name="008_remove_out_of_scope_rows")
def _remove_out_of_scope_rows(db: sqlite_utils.Database) -> None:
    """Before crawl scopes existed, a link to ``file:///…`` or another host could be fetched
    and stored as a version or testimony (docs/security.md).  Those rows, their redlines,
    their change-log entries and cached validators are removed, once, here: the only
    deletion the change log's append-only trigger ever allows (dropped and re-created
    around it, in this migration's transaction)."""
    versions = [
        r[0]
        for r in db.execute(
            "select id from versions where "
            f"{_out_of_scope_sql('url')} or {_out_of_scope_sql('source_url')}"
        ).fetchall()
    ]
    testimony = [
        r[0]
        for r in db.execute(f"select id from testimony where {_out_of_scope_sql('url')}").fetchall()
    ]
    refs = versions + testimony
    counts = {"versions": len(versions), "testimony": len(testimony)}
    db.execute("DROP TRIGGER changes_no_delete")
    counts["changes"] = 0
    for ref in refs:
        counts["changes"] += db.execute("delete from changes where ref = ?", [ref]).rowcount
    # execute, not executescript: executescript would commit the migration half-done.
    db.execute(
        "CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes\n"
        "        BEGIN SELECT RAISE(ABORT, 'changes rows are never deleted'); END"
    )
    counts["diffs"] = 0
    for vid in versions:
        counts["diffs"] += db.execute(
            "delete from diffs where from_version = ? or to_version = ?", [vid, vid]
        ).rowcount
        db.execute("delete from versions where id = ?", [vid])
    for tid in testimony:
        db.execute("delete from testimony where id = ?", [tid])
    counts["cached validators"] = db.execute(
        f"delete from http_cache where {_out_of_scope_sql('url')}"
    ).rowcount
    if any(counts.values()):
        report = ", ".join(f"{n} {what}" for what, n in counts.items())
        print(
            f"billwatch: migration 008_remove_out_of_scope_rows removed {report} "
            "fetched from outside the crawl scope",
            file=sys.stderr,
        )


@migrations(name="009_collections")
def _collections(db: sqlite_utils.Database) -> None:
    # Which kinds of record have been collected for each bill, since when: the first time a
    # new kind (roll calls, say) is collected for a bill crawled before, what it finds is
    # history, not news (baseline), like a first crawl's.
    db.execute(
        """CREATE TABLE collections (
            bill_id TEXT NOT NULL REFERENCES bills(id),
            kind TEXT NOT NULL,
            first_at TEXT NOT NULL,
            PRIMARY KEY (bill_id, kind)
        )"""
    )


@migrations(name="010_feed_entries")
def _feed_entries(db: sqlite_utils.Database) -> None:
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


@migrations(name="020_votes_and_legislators")
def _votes_and_legislators(db: sqlite_utils.Database) -> None:
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


@migrations(name="021_feed_entries_votes")
def _feed_entries_votes(db: sqlite_utils.Database) -> None:
    # A roll call's feed entry links its place on the bill page (#vote-2016-HV-123) and is
    # dated by the roll call: the view re-created from its definition (pipelines/feed_view.py).
    db.execute("DROP VIEW IF EXISTS feed_entries")
    db.execute(FEED_ENTRIES)


@migrations(name="030_lineage")
def _lineage(db: sqlite_utils.Database) -> None:
    """Lineage (docs/cga-site.md, "Statute references"): what each text does to the law,
    the text each bill is compared by, and the links found between bills."""
    db.executescript(
        """
        CREATE TABLE statute_refs (
            version_id TEXT NOT NULL REFERENCES versions(id),
            seq INTEGER NOT NULL,
            bill_section TEXT,
            section TEXT,
            section_end TEXT,
            public_act TEXT,
            action TEXT NOT NULL CHECK (action IN ('amends', 'repeals', 'adds', 'cites')),
            sort_key TEXT,
            sort_key_end TEXT,
            PRIMARY KEY (version_id, seq)
        );
        CREATE INDEX statute_refs_amended ON statute_refs(sort_key)
            WHERE action IN ('amends', 'repeals');
        CREATE INDEX statute_refs_ranges ON statute_refs(sort_key_end)
            WHERE action IN ('amends', 'repeals') AND sort_key_end IS NOT NULL;
        CREATE INDEX statute_refs_act ON statute_refs(public_act) WHERE public_act IS NOT NULL;
        CREATE TABLE lineage (
            bill_id TEXT PRIMARY KEY REFERENCES bills(id),
            version_id TEXT REFERENCES versions(id),
            public_act TEXT,
            seen_seq INTEGER NOT NULL,
            words INTEGER NOT NULL DEFAULT 0,
            chunks INTEGER NOT NULL DEFAULT 0,
            skipped TEXT,
            indexed_at TEXT NOT NULL
        );
        CREATE INDEX lineage_version ON lineage(version_id);
        CREATE TABLE lineage_bands (
            key INTEGER NOT NULL,
            bill_id TEXT NOT NULL,
            PRIMARY KEY (key, bill_id)
        ) WITHOUT ROWID;
        CREATE INDEX lineage_bands_bill ON lineage_bands(bill_id);
        CREATE TABLE related_bills (
            bill_id TEXT NOT NULL REFERENCES bills(id),
            related_id TEXT NOT NULL REFERENCES bills(id),
            relation TEXT NOT NULL CHECK (relation IN
                ('amends_act', 'amended_by', 'same_sections', 'similar_text', 'companion')),
            score REAL NOT NULL CHECK (score BETWEEN 0 AND 1),
            evidence TEXT NOT NULL,
            found_at TEXT NOT NULL,
            PRIMARY KEY (bill_id, related_id, relation)
        );
        CREATE INDEX related_bills_related ON related_bills(related_id);
        CREATE INDEX bills_public_act ON bills(public_act) WHERE public_act IS NOT NULL;
        CREATE TABLE act_lookups (
            public_act TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            bill_id TEXT,
            checked_at TEXT NOT NULL
        );
        """
    )
    # A bill of the current session whose first text was fetched for lineage only (its
    # status page and raised bill), not deep-crawled: when.
    db.execute("ALTER TABLE bills ADD COLUMN first_text_at TEXT")
    # The sessions one crawl covered ("2015,2016"); crawls.session keeps the first.
    db.execute("ALTER TABLE crawls ADD COLUMN sessions TEXT")


@migrations(name="050_scorecards")
def _scorecards(db: sqlite_utils.Database) -> None:
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


@migrations(name="060_meetings")
def _meetings(db: sqlite_utils.Database) -> None:
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


@migrations(name="061_feed_entries_hearings")
def _feed_entries_hearings(db: sqlite_utils.Database) -> None:
    # A hearing change's feed entry reads the meeting's time and place at that moment
    # (meeting_history) and links its place on the bill page (#hearing-MEETING): the view
    # re-created from its definition (pipelines/feed_view.py).
    db.execute("DROP VIEW IF EXISTS feed_entries")
    db.execute(FEED_ENTRIES)


@migrations(name="070_deliveries")
def _deliveries(db: sqlite_utils.Database) -> None:
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


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database; WAL so readers never block."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA busy_timeout=10000")
    db.execute("PRAGMA foreign_keys=ON")
    migrations.apply(db)
    return db
