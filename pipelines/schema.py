"""The database schema, as named migrations (sqlite-utils ``Migrations``), and ``open_db``.

The schema is a public contract: reporters query it, feeds and widgets read it.
Never edit an applied migration; add a new one.  ``tests/test_schema.py`` snapshots
the result so every change is a reviewed diff.

The migrations themselves live in one module per number band (``migrations_*.py``); this
module names them and registers them, here, in the order they are applied: sqlite-utils
applies a set's pending migrations in registration order, so the order is written out
below rather than left to the order of imports.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from cga.vocab import CHANGE_KINDS, DOCUMENT_KINDS, VERSION_KINDS

from . import (
    migrations_core,
    migrations_feeds_votes,
    migrations_lineage,
    migrations_notify,
    migrations_renderings,
    migrations_scorecards_meetings,
)

# Re-exported for the tests of the testimony backfill (migration 010).
from .migrations_feeds_votes import _backfill_testimony_items as _backfill_testimony_items

migrations = Migrations("billwatch")

__all__ = ["CHANGE_KINDS", "DOCUMENT_KINDS", "VERSION_KINDS", "migrations", "open_db"]

# The closed vocabularies (cga.vocab) are re-exported for the schema's readers.

# Every migration, by name, in the order applied.  A new one goes at the end, in its band's
# module and here.
MIGRATIONS: tuple[tuple[str, Callable[[sqlite_utils.Database], None]], ...] = (
    ("001_initial", migrations_core.initial),
    ("002_search", migrations_core.search),
    ("003_diffs", migrations_core.diffs),
    ("004_testimony", migrations_core.testimony),
    ("005_publish_indexes", migrations_core.publish_indexes),
    ("006_refresh", migrations_core.refresh),
    ("007_scope_and_crawl_markers", migrations_core.scope_and_crawl_markers),
    ("008_remove_out_of_scope_rows", migrations_core.remove_out_of_scope_rows),
    ("009_collections", migrations_core.collections),
    ("010_feed_entries", migrations_feeds_votes.feed_entries),
    ("020_votes_and_legislators", migrations_feeds_votes.votes_and_legislators),
    ("021_feed_entries_votes", migrations_feeds_votes.feed_entries_votes),
    ("030_lineage", migrations_lineage.lineage),
    ("050_scorecards", migrations_scorecards_meetings.scorecards),
    ("060_meetings", migrations_scorecards_meetings.meetings),
    ("061_feed_entries_hearings", migrations_scorecards_meetings.feed_entries_hearings),
    ("070_deliveries", migrations_notify.deliveries),
    ("080_feed_entries_related", migrations_lineage.feed_entries_related),
    ("090_fts_follows_text_columns", migrations_core.fts_follows_text_columns),
    ("100_renderings", migrations_renderings.renderings),
    ("110_rendering_bodies_compressed", migrations_renderings.rendering_bodies_compressed),
    ("120_diffs_unified_on_demand", migrations_core.diffs_unified_on_demand),
)


def _write_locked(
    migration: Callable[[sqlite_utils.Database], None],
) -> Callable[[sqlite_utils.Database], None]:
    """``migration``, its write lock taken first.

    A migration reads the schema before it writes.  In WAL mode a transaction whose snapshot
    another writer has since committed past cannot take the write lock: SQLite says
    "database is locked" at once instead of waiting for busy_timeout.  A write that changes
    nothing, as the migration's transaction opens, takes the lock (waiting if need be)
    before anything is read.
    """

    @functools.wraps(migration)
    def locked(db: sqlite_utils.Database) -> None:
        db.execute(f"UPDATE {migrations.migrations_table} SET name = name WHERE 0")
        migration(db)

    return locked


for _name, _migration in MIGRATIONS:
    migrations(name=_name)(_write_locked(_migration))


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
