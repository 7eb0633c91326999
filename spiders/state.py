"""What the spider needs to know of earlier crawls, read once (read-only) at start.

The pipelines own every write; the spider only reads validators for conditional
requests, the failure backoff, and the bills already stored (for watchlist selection
when the bulk files did not change).  Once more, read-only, when the bills of the run are
stored: the committees of the selected bills, whose calendars are read next
(``committees_of``).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cga import clock
from cga.actions import OFFICES
from cga.ids import BillId, cga_padded
from cga.urls import url_key


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
    deep_crawled: dict[str, str] = field(default_factory=dict)  # bill id -> deep_crawled_at
    bulk_sha: dict[str, str | None] = field(default_factory=dict)  # bill id -> bulk_sha
    error_bills: dict[str, list[str]] = field(default_factory=dict)  # bill id -> failed urls
    checked_at: dict[str, str] = field(default_factory=dict)  # url_key -> last fetched (UTC)
    not_found: dict[str, str] = field(default_factory=dict)  # bill id -> last checked (UTC)
    refused: set[str] = field(default_factory=set)  # out-of-scope links recorded already
    # bill id -> bulk_sha as of its last stored deep crawl (it is due when bulk_sha moves on)
    crawled_bulk_sha: dict[str, str | None] = field(default_factory=dict)
    in_bulk: bool = False  # the bulk files listed the (latest) session's bills before
    in_bulk_sessions: set[int] = field(default_factory=set)  # every session they listed
    # Lineage (docs/cga-site.md, "Statute references"): bills whose first text was fetched,
    # topics joined through a link (bill id -> topic -> why), acts whose bill is stored, and
    # acts looked up before (act -> when; bill id or None when no bill was found).
    first_text: set[str] = field(default_factory=set)
    related_topics: dict[str, dict[str, str]] = field(default_factory=dict)
    known_acts: dict[str, str] = field(default_factory=dict)
    act_lookups: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    # The latest session the bulk files described (LegislatorDatabase.csv's members are its).
    bulk_session: int | None = None
    # Roll calls (docs/cga-site.md, "Roll calls"): url_key of every roll-call file stored as a
    # vote or skipped with its reason, and files a vote folder listed that no bill has
    # stored yet (bill id -> canonical URLs): those make their bill due.
    vote_files_done: set[str] = field(default_factory=set)
    pending_votes: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, db_path: str | Path, session: int | Iterable[int]) -> CrawlState:
        sessions = sorted({session} if isinstance(session, int) else set(session))
        state = cls()
        path = Path(db_path)
        if not path.exists():
            return state
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("select name from sqlite_master")}
            if "http_cache" not in tables:
                return state
            for bill_id, checked in conn.execute("select bill_id, last_checked_at from not_found"):
                state.not_found[bill_id] = checked
            for url, etag, lm, sha, at in conn.execute(
                "select url, etag, last_modified, sha256, fetched_at from http_cache"
            ):
                state.validators[url] = (etag, lm)
                state.bodies[url] = sha
                state.checked_at[url_key(url)] = at
            if "testimony" in tables:
                state.testimony = {url_key(r[0]) for r in conn.execute("select url from testimony")}
            for url, nxt, bill_id, refused in conn.execute(
                "select url, next_retry_at, bill_id, refused from errors where resolved_at is null"
            ):
                if refused:
                    state.refused.add(url)
                    continue
                state.backoff[url] = nxt
                if bill_id:
                    state.error_bills.setdefault(bill_id, []).append(url)
            for bill_id, deep, sha, crawled_sha in conn.execute(
                "select id, deep_crawled_at, bulk_sha, crawled_bulk_sha from bills"
            ):
                if deep:
                    state.deep_crawled[bill_id] = deep
                    state.crawled_bulk_sha[bill_id] = crawled_sha
                state.bulk_sha[bill_id] = sha
            state.in_bulk_sessions = {
                r[0]
                for r in conn.execute("select session from sessions where in_bulk = 1")
                if r[0] in sessions
            }
            state.in_bulk = sessions[-1] in state.in_bulk_sessions if sessions else False
            latest = [
                conn.execute("select max(session) from sessions where in_bulk = 1").fetchone()[0]
            ]
            if "legislators" in tables:
                latest.append(conn.execute("select max(session) from legislators").fetchone()[0])
            state.bulk_session = max((s for s in latest if s is not None), default=None)
            if "vote_files" in tables:
                for url, bill_id, vote, skipped in conn.execute(
                    "select url, bill_id, vote_id, skipped from vote_files"
                ):
                    if vote or skipped:
                        state.vote_files_done.add(url_key(url))
                    elif bill_id:
                        state.pending_votes.setdefault(bill_id, []).append(url)
            for year in sessions:
                rows = conn.execute(
                    """select b.id, b.type, b.number, b.title, b.statement_of_purpose,
                       (select json_group_array(subject) from subjects s where s.bill_id = b.id)
                       from bills b where b.session = ?""",
                    [year],
                )
                for bill_id, bill_type, number, title, purpose, subjects in rows:
                    stored = StoredBill(title, purpose, json.loads(subjects or "[]"))
                    state.bills[bill_id] = stored
                    key = cga_padded(BillId(year, bill_type, number))
                    state.bulk_numbers[key] = max(year, state.bulk_numbers.get(key, 0))
            state._load_lineage(conn, tables)
        finally:
            conn.close()
        return state

    def _load_lineage(self, conn: sqlite3.Connection, tables: set[str]) -> None:
        columns = {r[1] for r in conn.execute("pragma table_info(bills)")}
        if "first_text_at" in columns:
            self.first_text = {
                r[0] for r in conn.execute("select id from bills where first_text_at is not null")
            }
        for bill_id, act in conn.execute(
            "select id, public_act from bills where public_act is not null"
        ):
            self.known_acts.setdefault(act, bill_id)
        if "bill_topics" in tables:
            for bill_id, topic, matched in conn.execute(
                "select bill_id, topic, matched from bill_topics where matched like 'related to %'"
            ):
                self.related_topics.setdefault(bill_id, {})[topic] = matched
        if "act_lookups" in tables:
            for act, bill_id, checked in conn.execute(
                "select public_act, bill_id, checked_at from act_lookups"
            ):
                self.act_lookups[act] = (checked, bill_id)

    def deferred(self, url: str, now: datetime | None = None) -> bool:
        """True when ``url`` failed before and its backoff has not yet expired."""
        if url not in self.backoff:
            return False
        nxt = self.backoff[url]
        if not nxt:
            return False
        now = now or clock.now()
        return datetime.fromisoformat(nxt) > now


# --------------------------------------------------------------------------- committee calendars

_CODE_RE = re.compile(r"^[A-Z]{2,6}$")


def _read_only(db_path: str | Path) -> sqlite3.Connection | None:
    path = Path(db_path)
    if not path.exists():
        return None
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def committees_of(db_path: str | Path, bill_ids: set[str] | None) -> list[str]:
    """Committee codes of the given bills as stored now (read-only): the committee of
    referral, the committees their actions name (``(ED) Joint Favorable``), their testimony
    and hearings.  ``None``: every committee of committee.csv.  Read after the bills of the
    run are stored, so a first crawl knows them too."""
    conn = _read_only(db_path)
    if conn is None:
        return []
    try:
        tables = {r[0] for r in conn.execute("select name from sqlite_master")}
        known = {r[0] for r in conn.execute("select code from committees")}
        if bill_ids is None:
            return sorted(known)
        found: set[str] = set()
        ids = sorted(bill_ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ", ".join("?" * len(chunk))
            sql = [
                f"select committee from bills where id in ({marks})",
                f"select code from actions where bill_id in ({marks})",
            ]
            sql += [
                f"select committee from {t} where bill_id in ({marks})"
                for t in ("testimony", "hearings")
                if t in tables
            ]
            for query in sql:
                found |= {r[0] for r in conn.execute(query, chunk) if r[0]}
    finally:
        conn.close()
    codes = {c.strip().upper() for c in found}
    if known:
        return sorted(codes & known)
    return sorted(c for c in codes if _CODE_RE.match(c) and c not in OFFICES)
