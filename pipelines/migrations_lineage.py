"""Migration 030: lineage (statute references, the compared text, related bills, act
lookups).

Registered, in order, by ``pipelines/schema.py``.  Never edit an applied migration.
"""

from __future__ import annotations

import sqlite_utils

from .feed_view import FEED_ENTRIES


def lineage(db: sqlite_utils.Database) -> None:
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


def feed_entries_related(db: sqlite_utils.Database) -> None:
    # A related change's feed entry links the other bill's place in the bill page's "Earlier
    # and later bills" (#related-OTHER): the view re-created from its definition
    # (pipelines/feed_view.py).  Numbered after 070: it changes a view 061 last wrote.
    db.execute("DROP VIEW IF EXISTS feed_entries")
    db.execute(FEED_ENTRIES)
