"""The database as the site serves it: re-read on every query, never written through the web."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from datasette.app import Datasette
from datasette.database import Database


class ReadOnlyDatabase(Database):
    """A *mutable* but *read-only* SQLite file.

    Mutable: ``billwatch update`` may write while the site is served, so the file must not be
    declared immutable (Datasette would hash it once, cache counts, and SQLite would skip
    locking and could read a half-written page).  Read-only: every connection Datasette opens,
    including the one it would use for writes, is ``mode=ro`` with ``PRAGMA query_only``, so
    any write (a plugin, a writable canned query) fails with "attempt to write a readonly
    database".
    """

    def __init__(self, ds: Datasette, path: str | Path):
        super().__init__(ds, path=str(path), is_mutable=True)

    def connect(self, write: bool = False) -> sqlite3.Connection:
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        conn.execute("PRAGMA query_only = 1")
        self._all_file_connections.append(conn)
        return conn
