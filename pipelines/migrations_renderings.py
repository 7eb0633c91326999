"""Migration 100: the renderings ``billwatch update`` precomputes for the public site.

Registered, in order, by ``pipelines/schema.py``.  Never edit an applied migration.
"""

from __future__ import annotations

import sqlite_utils


def renderings(db: sqlite_utils.Database) -> None:
    # What the public hits most (feeds, embeds, calendars), rendered once per update
    # (billwatch/renderings.py) and served from here (publish/plugins/precomputed.py).
    # Bodies are stored once per ETag (a hash of the body), so a rendering whose headers
    # change but whose body does not (a feed's Last-Modified after an update) rewrites a
    # small row, not its body.  One row of renderings_state says whether the set shows the
    # data of the last update: `update` clears `current` before it writes anything.
    db.executescript(
        """
        CREATE TABLE rendering_bodies (
            etag TEXT PRIMARY KEY,
            body BLOB NOT NULL
        );
        CREATE TABLE renderings (
            path TEXT PRIMARY KEY,
            content_type TEXT NOT NULL,
            etag TEXT NOT NULL REFERENCES rendering_bodies(etag),
            headers TEXT NOT NULL,
            last_modified TEXT,
            ct_date TEXT,
            rendered_at TEXT NOT NULL
        );
        CREATE TABLE renderings_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            current INTEGER NOT NULL DEFAULT 0,
            public_url TEXT NOT NULL DEFAULT '',
            changes_seen INTEGER,
            invalidated_at TEXT,
            rendered_at TEXT,
            routes INTEGER NOT NULL DEFAULT 0,
            changed INTEGER NOT NULL DEFAULT 0,
            seconds REAL
        );
        """
    )


def rendering_bodies_compressed(db: sqlite_utils.Database) -> None:
    # Bodies stored zlib-compressed: on a whole session the renderings were 494 MB of
    # feeds and cards (each bill feed carries its redlines), about as much as the rest of
    # the database; compressed they are 105 MB, and one decompresses in about 30 µs
    # (docs/scaling.md, "Precomputed feeds and embeds").  Rows written before keep their
    # bytes as they are: 'identity'.
    db.execute(
        "ALTER TABLE rendering_bodies ADD COLUMN encoding TEXT NOT NULL DEFAULT 'identity' "
        "CHECK (encoding IN ('identity', 'zlib'))"
    )
