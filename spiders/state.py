"""What the spider needs to know of earlier crawls, read once (read-only) at start.

The pipelines own every write; the spider only reads validators for conditional
requests, the failure backoff, and the bills already stored (for watchlist selection
when the bulk files did not change).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .cga import BillId, cga_padded, url_key


@dataclass
class StoredBill:
    title: str | None
    purpose: str | None
    subjects: list[str]


@dataclass
class CrawlState:
    validators: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    bodies: dict[str, str | None] = field(default_factory=dict)  # url -> sha256 last stored
    # url -> next_retry_at (ISO) for failures still unresolved
    backoff: dict[str, str | None] = field(default_factory=dict)
    bills: dict[str, StoredBill] = field(default_factory=dict)
    bulk_numbers: dict[str, int] = field(default_factory=dict)  # HB07017 -> 2015
    testimony: set[str] = field(default_factory=set)  # url_key of every stored testimony PDF

    @classmethod
    def load(cls, db_path: str | Path, session: int) -> CrawlState:
        state = cls()
        path = Path(db_path)
        if not path.exists():
            return state
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("select name from sqlite_master")}
            if "http_cache" not in tables:
                return state
            for url, etag, lm, sha in conn.execute(
                "select url, etag, last_modified, sha256 from http_cache"
            ):
                state.validators[url] = (etag, lm)
                state.bodies[url] = sha
            if "testimony" in tables:
                state.testimony = {url_key(r[0]) for r in conn.execute("select url from testimony")}
            for url, nxt in conn.execute(
                "select url, next_retry_at from errors where resolved_at is null"
            ):
                state.backoff[url] = nxt
            rows = conn.execute(
                """select b.id, b.type, b.number, b.title, b.statement_of_purpose,
                   (select json_group_array(subject) from subjects s where s.bill_id = b.id)
                   from bills b where b.session = ?""",
                [session],
            )
            for bill_id, bill_type, number, title, purpose, subjects in rows:
                state.bills[bill_id] = StoredBill(title, purpose, json.loads(subjects or "[]"))
                state.bulk_numbers[cga_padded(BillId(session, bill_type, number))] = session
        finally:
            conn.close()
        return state

    def deferred(self, url: str, now: datetime | None = None) -> bool:
        """True when ``url`` failed before and its backoff has not yet expired."""
        if url not in self.backoff:
            return False
        nxt = self.backoff[url]
        if not nxt:
            return False
        now = now or datetime.now(UTC)
        return datetime.fromisoformat(nxt) > now
