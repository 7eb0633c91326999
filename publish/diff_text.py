"""The unified line diff of a stored pair of texts, for ``/diffs/{id}.diff``.

Since migration 120 ``diffs.unified`` is not stored (it repeated every changed paragraph of
both texts: about a quarter of a session's database; docs/scaling.md, "Database size").  It is
derived here from the two stored texts by the same engine that stored the rest of the row
(``cga.redline.diff_versions``, as ``pipelines/diffs.py`` calls it), so it is what the row
would have held; a row stored before keeps its own.  A few milliseconds for a typical bill,
about 0.3 s for a 4 MB budget bill.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from cga.redline import diff_versions

DIFF_ID = re.compile(r"[0-9a-f]{20}")  # pipelines.diffs.diff_id: 20 hex digits

PAIR_SQL = """
select d.unified, d.computed_at, old.text, new.text
from diffs as d
left join versions as old on old.id = d.from_version
join versions as new on new.id = d.to_version
where d.id = ?
"""


@dataclass(frozen=True)
class StoredPair:
    unified: str | None  # stored before migration 120, else None
    computed_at: str
    old: str  # "" for a first text (no earlier version)
    new: str


def load_pair(conn: sqlite3.Connection, diff_id: str) -> StoredPair | None:
    """The pair of ``diff_id`` (one statement: one snapshot), or None if no such diff."""
    row = conn.execute(PAIR_SQL, [diff_id]).fetchone()
    if row is None:
        return None
    unified, computed_at, old, new = row
    return StoredPair(unified, computed_at, old or "", new)


def unified_text(pair: StoredPair) -> str:
    """The unified diff of the pair: as stored, or derived (CPU work: call off the loop)."""
    if pair.unified is not None:
        return pair.unified
    return diff_versions(pair.old, pair.new).unified
