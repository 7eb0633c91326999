"""Read several queries from one commit: readers never see a half-applied bill.

``billwatch update`` writes each bill in one transaction while the site is served (WAL).
A page built from several queries must read them all inside one read transaction, or a
commit landing between two of them shows the header of one state and the timeline of
another.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def in_one_snapshot(conn: sqlite3.Connection, read: Callable[[sqlite3.Connection], T]) -> T:
    if conn.in_transaction:
        return read(conn)
    conn.execute("BEGIN")  # deferred: the snapshot starts at the first read
    try:
        return read(conn)
    finally:
        conn.execute("COMMIT")  # a read-only transaction: this only ends the snapshot
