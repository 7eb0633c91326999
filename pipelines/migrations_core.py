"""Migrations 001–009: the core tables (sessions, bills, actions, documents, versions,
changes, testimony, hearings, errors, the HTTP cache, crawls), search, diffs, and the
removal of rows fetched outside the crawl scope.

Registered, in order, by ``pipelines/schema.py``.  Never edit an applied migration.
"""

from __future__ import annotations

import sys

import sqlite_utils


def initial(db: sqlite_utils.Database) -> None:
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


def search(db: sqlite_utils.Database) -> None:
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


def diffs(db: sqlite_utils.Database) -> None:
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


def testimony(db: sqlite_utils.Database) -> None:
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


def publish_indexes(db: sqlite_utils.Database) -> None:
    # Feeds and calendars of a topic start from its bills: look them up by topic.
    db.execute("CREATE INDEX IF NOT EXISTS bill_topics_topic ON bill_topics(topic, bill_id)")
    # The changes table page facets by kind and filters ?kind=...: a covering scan, not the table.
    db.execute("CREATE INDEX IF NOT EXISTS changes_kind ON changes(kind, detected_at)")


def refresh(db: sqlite_utils.Database) -> None:
    # Hash of a bill's rows in bill_history.csv: when it moves, the bill is re-crawled.
    db.execute("ALTER TABLE bills ADD COLUMN bulk_sha TEXT")


def scope_and_crawl_markers(db: sqlite_utils.Database) -> None:
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


def remove_out_of_scope_rows(db: sqlite_utils.Database) -> None:
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


def collections(db: sqlite_utils.Database) -> None:
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


# The full-text indexes and the columns each one holds (migrations 002 and 004).
FTS_COLUMNS = {
    "bills": ("title", "statement_of_purpose"),
    "versions": ("label", "text"),
    "testimony": ("submitter", "organization", "text"),
}


def fts_follows_text_columns(db: sqlite_utils.Database) -> None:
    # sqlite-utils' update trigger re-indexes a row whenever any column changes: a bill's
    # stage, outcome or bulk hash too, so a session's bulk file re-indexed 5,000 titles
    # twice (a quarter of the ingest).  The index holds only these columns: re-index when
    # one of them is written.  Same trigger names, so sqlite-utils' disable_fts still finds
    # them.
    for table, columns in FTS_COLUMNS.items():
        quoted = ", ".join(f'"{c}"' for c in columns)
        old = ", ".join(f'old."{c}"' for c in columns)
        new = ", ".join(f'new."{c}"' for c in columns)
        db.executescript(
            f"""
            DROP TRIGGER IF EXISTS "{table}_au";
            CREATE TRIGGER "{table}_au" AFTER UPDATE OF {quoted} ON "{table}" BEGIN
              INSERT INTO "{table}_fts" ("{table}_fts", rowid, {quoted})
                VALUES('delete', old.rowid, {old});
              INSERT INTO "{table}_fts" (rowid, {quoted}) VALUES (new.rowid, {new});
            END;
            """
        )


def diffs_unified_on_demand(db: sqlite_utils.Database) -> None:
    # The unified diff of a pair is no longer stored: it repeated every changed paragraph of
    # both texts, about a quarter of a session's database (136 MB of 583), and it is derived
    # from the two stored texts in a few milliseconds at /diffs/ID.diff (docs/scaling.md,
    # "Database size").  The column stays, for the rows stored before (kept as they are);
    # new rows hold null there.  A table rebuild (sqlite-utils keeps the indexes), since
    # SQLite cannot drop a NOT NULL in place.
    db.table("diffs").transform(not_null={"unified": False})
