"""The database as the site serves it: re-read on every query, never written through the web,
and bounded: no query may build a value, fetch rows or take memory beyond ``publish.limits``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from datasette.app import Datasette
from datasette.database import Database
from datasette.utils import sqlite_timelimit

from publish.limits import DEFAULTS, Limits, describe

TOO_BIG = "string or blob too big"  # SQLite's message for SQLITE_TOOBIG
# Every read connection maps the file into memory (up to SQLite's compiled-in cap): a search
# touches one leaf page per matching row, and a mapped page is read without a copy into
# SQLite's page cache, which also counts against the server's heap limit
# (``publish.limits.sql_memory_limit``).  On a whole session it about halves the SQL of a
# search of a word in every version (docs/scaling.md, "Datasette settings").  Safe here: the
# connections are read-only and nothing ever shrinks the file (no VACUUM, no auto_vacuum).
MMAP_SIZE = 0x7FFF0000  # SQLITE_MAX_MMAP_SIZE, the default cap on Linux (a larger value is cut)
# PRAGMA database_list (pragma_database_list() too) gives the file's absolute path.
HIDDEN_PRAGMAS = frozenset({"database_list"})


class LimitExceeded(sqlite3.OperationalError):
    """A query asked for more than the site allows; the message names the setting.

    An ``OperationalError``, so Datasette answers it as it answers any SQL error: a 400 with
    the message (the same as for a query over the time limit).
    """


def memory_message(limit: int | None) -> str:
    if limit:
        return (
            f"the query needs more memory than this site allows SQLite ({describe(limit)}, "
            "billwatch serve --sql-memory-limit): ask for fewer or smaller values"
        )
    return "the query ran out of memory: ask for fewer or smaller values"


class BoundedConnection(sqlite3.Connection):
    """A connection whose cursors count what they fetch.

    ``max_fetch_bytes`` bounds the text and blob bytes one query's rows may hold in Python
    (Datasette fetches up to ``max_returned_rows`` rows before rendering anything);
    ``memory_limit`` is only quoted in the error when SQLite's heap limit is hit.
    """

    max_length: int = DEFAULTS.sql_max_length
    max_fetch_bytes: int = DEFAULTS.max_response_bytes
    memory_limit: int | None = None

    def cursor(self, factory=None):
        # typeshed types ``factory`` too narrowly for a Cursor subclass
        return super().cursor(factory or BoundedCursor)  # type: ignore[arg-type]


def row_bytes(row) -> int:
    """Characters of text plus bytes of blobs in a row (numbers are small, None is nothing)."""
    return sum([len(value) for value in row if type(value) is str or type(value) is bytes])


def _explained(conn: BoundedConnection, exc: BaseException) -> BaseException:
    """The error to raise for ``exc``: one naming the setting when a limit was reached."""
    if isinstance(exc, sqlite3.DataError) and str(exc) == TOO_BIG:
        return LimitExceeded(
            f"{TOO_BIG}: one value may hold at most {describe(conn.max_length)} here "
            "(billwatch serve --sql-max-length)"
        )
    if isinstance(exc, MemoryError):  # SQLITE_NOMEM: the process-wide heap limit was reached
        return LimitExceeded(memory_message(conn.memory_limit))
    return exc


_fetch_one = sqlite3.Cursor.fetchone


class BoundedCursor(sqlite3.Cursor):
    """Fetches row by row, refusing to go past the connection's ``max_fetch_bytes``.

    Row by row, so what a refused query leaves in memory is at most the budget plus one row
    (and one row is bounded by SQLite's length and heap limits).  The loop is kept tight: it
    runs for every row of every Datasette query (about 1.5 µs a row).
    """

    connection: BoundedConnection

    def __init__(self, connection: BoundedConnection):
        super().__init__(connection)
        self._fetched = 0

    def execute(self, sql, parameters=()):
        self._fetched = 0
        try:
            return super().execute(sql, parameters)
        except (sqlite3.DataError, MemoryError) as exc:
            raise _explained(self.connection, exc) from None

    def _rows(self, wanted: int | None) -> list:
        conn = self.connection
        budget, fetched = conn.max_fetch_bytes, self._fetched
        rows: list = []
        try:
            while wanted is None or len(rows) < wanted:
                row = _fetch_one(self)
                if row is None:
                    break
                fetched += row_bytes(row)
                if fetched > budget:
                    raise LimitExceeded(
                        f"the query's rows hold more than {describe(budget)} of text and "
                        "blobs, the most one request may read here (billwatch serve "
                        "--max-response-bytes): ask for fewer rows (_size=, LIMIT) or "
                        "columns (_col=, _nocol=)"
                    )
                rows.append(row)
        except (sqlite3.DataError, MemoryError) as exc:
            raise _explained(conn, exc) from None
        finally:
            self._fetched = fetched
        return rows

    def fetchone(self):
        rows = self._rows(1)
        return rows[0] if rows else None

    def fetchmany(self, size=None):
        return self._rows(self.arraysize if size is None else size)

    def fetchall(self):
        return self._rows(None)

    def __next__(self):
        row = self.fetchone()
        if row is None:
            raise StopIteration
        return row


def _authorize(action: int, arg1, arg2, db_name, source) -> int:
    """Refuse the pragmas that reveal the server's files (Datasette shows the SQL error, "not
    authorized"); allow everything else, which ``mode=ro`` and ``query_only`` keep read-only."""
    if action == sqlite3.SQLITE_PRAGMA and (arg1 or "").lower() in HIDDEN_PRAGMAS:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def project_rows(
    conn: sqlite3.Connection, sql: str, params: dict, time_limit_ms: int
) -> list[dict]:
    """Rows of one of the project's own queries (a feed's), as dicts, under the SQL time limit.

    Not under the fetch budget: what a feed query reads (every redline of a budget bill) is as
    big as the data, whatever the request; the feed itself carries excerpts.  ``conn.execute``
    makes a plain cursor, so the budget does not apply.  A query over the time limit raises
    ``sqlite3.OperationalError("interrupted")``, as Datasette's own do.
    """
    with sqlite_timelimit(conn, time_limit_ms):
        cursor = conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def set_memory_limit(limit: int) -> None:
    """SQLite's hard heap limit for this whole process (it can only be lowered, never raised)."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(f"PRAGMA hard_heap_limit = {int(limit)}")
    finally:
        conn.close()


class ReadOnlyDatabase(Database):
    """A *mutable* but *read-only* SQLite file.

    Mutable: ``billwatch update`` may write while the site is served, so the file must not be
    declared immutable (Datasette would hash it once, cache counts, and SQLite would skip
    locking and could read a half-written page).  Read-only: every connection Datasette opens,
    including the one it would use for writes, is ``mode=ro`` with ``PRAGMA query_only``, so
    any write (a plugin, a writable canned query) fails with "attempt to write a readonly
    database".  Bounded: see ``BoundedConnection`` and ``publish.limits``.
    """

    def __init__(
        self,
        ds: Datasette,
        path: str | Path,
        limits: Limits = DEFAULTS,
        memory_limit: int | None = None,
    ):
        super().__init__(ds, path=str(path), is_mutable=True)
        self.limits = limits
        self.memory_limit = memory_limit

    def connect(self, write: bool = False) -> sqlite3.Connection:
        conn = sqlite3.connect(
            f"file:{self.path}?mode=ro",
            uri=True,
            check_same_thread=False,
            factory=BoundedConnection,
        )
        conn.execute("PRAGMA query_only = 1")
        conn.execute(f"PRAGMA mmap_size = {MMAP_SIZE}")
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, self.limits.sql_max_length)
        conn.max_length = self.limits.sql_max_length
        conn.max_fetch_bytes = self.limits.max_response_bytes
        conn.memory_limit = self.memory_limit
        conn.set_authorizer(_authorize)
        self._all_file_connections.append(conn)
        return conn

    async def attached_databases(self):
        # Datasette's database page asks PRAGMA database_list, which the authorizer refuses;
        # nothing is ever attached to these connections.
        return []
