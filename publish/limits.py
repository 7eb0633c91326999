"""What one request may cost the public site, so that no request can starve the others.

Datasette's own settings bound time and rows (``sql_time_limit_ms``, ``max_returned_rows``);
these bound memory and bytes, which a single SQL function call can otherwise exhaust
(``zeroblob(1000000000)`` allocates a gigabyte in one step, never reaching the progress handler
that enforces the time limit):

- ``sql_max_length``: SQLite's ``SQLITE_LIMIT_LENGTH`` on every connection, the largest string,
  blob or row any query may build or read.  It must stay above the largest stored text (the
  biggest budget bills are about 4 MB; a redline about twice that).
- ``max_response_bytes``: the most bytes one response carries (a larger one is refused before
  its headers go out, a stream is cut with a note), and the most text and blob bytes one query
  may fetch into the server's memory before rendering.
- ``sql_memory_limit``: SQLite's hard heap limit for the whole server process (``PRAGMA
  hard_heap_limit``), which bounds a single row of many large values.  Process-wide, so only
  ``billwatch serve`` sets it, not every Datasette instance (tests, the export).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MiB = 1024 * 1024
_SIZE = re.compile(r"(\d+)\s*(?:([kmg])(?:i?b)?|b)?", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": MiB, "g": 1024 * MiB}


@dataclass(frozen=True)
class Limits:
    sql_max_length: int = 32 * MiB
    max_response_bytes: int = 64 * MiB
    sql_memory_limit: int = 256 * MiB


DEFAULTS = Limits()
MINIMUMS = Limits(sql_max_length=MiB, max_response_bytes=64 * 1024, sql_memory_limit=16 * MiB)


def parse_size(text: str) -> int:
    """``"33554432"``, ``"32M"``, ``"32MiB"``, ``"512k"``, ``"1G"`` as a number of bytes."""
    match = _SIZE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a size (bytes, or a number with K, M or G)")
    return int(match.group(1)) * _UNITS[(match.group(2) or "").lower()]


def describe(size: int) -> str:
    """``33,554,432 bytes (32 MiB)``: exact, and readable."""
    if size >= MiB and size % MiB == 0:
        return f"{size:,} bytes ({size // MiB} MiB)"
    return f"{size:,} bytes"
