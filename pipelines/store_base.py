"""StoreBase: the state every part of the store pipeline shares (the database, the run, its
sessions), and the rules they share: a session's baseline and news window, recording
changes, finishing an item's fetches, the first collection of hearings; ``immediate``, the
transaction each item is stored in.

``pipelines/store.py`` puts the parts together as ``StorePipeline``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta

import sqlite_utils
from scrapy.crawler import Crawler

from cga.actions import session_in_progress
from cga.clock import ct_today, now_iso

from . import actions as act
from .changes import Change, first_collection, record_changes
from .errors import record_errors, resolve

DEFAULT_NEWS_DAYS = 7


class StoreBase:
    def __init__(self, db_path: str, crawler: Crawler, news_days: float = DEFAULT_NEWS_DAYS):
        self.db_path = db_path
        self.news_days = news_days
        self.crawler = crawler
        self.stats = crawler.stats
        self._db: sqlite_utils.Database | None = None  # open between open_spider and close
        self.run_started = now_iso()
        self.sessions_seen: set[int] = set()
        # Bill id -> deep-crawled before this run (for bills stored in this run), and the
        # bills whose first collection of hearings happened in this run (see _hearings).
        self._crawled_before: dict[str, bool] = {}
        self._hearings_first: dict[str, bool] = {}

    @property
    def db(self) -> sqlite_utils.Database:
        if self._db is None:
            raise RuntimeError("StorePipeline: the database is not open (open_spider first)")
        return self._db

    def _baseline_pending(self, session: int) -> bool:
        row = self.db.execute(
            "select baseline_done_at from sessions where session = ?", [session]
        ).fetchone()
        return row is None or row[0] is None

    def _ensure_session(self, session: int, in_bulk: bool | None = None) -> None:
        self.sessions_seen.add(session)
        self.db.execute("insert or ignore into sessions (session) values (?)", [session])
        if in_bulk:
            self.db.execute("update sessions set in_bulk = 1 where session = ?", [session])

    def _news_since(self, session: int) -> str | None:
        """First day whose events a session's first crawl reports as news (None: none)."""
        today = ct_today()
        if self.news_days <= 0 or not session_in_progress(session, today):
            return None
        return (today - timedelta(days=max(0, int(self.news_days) - 1))).isoformat()

    def _record(
        self,
        changes: list[Change],
        baseline: bool,
        session: int | None,
        news_since: str | None = None,
    ) -> None:
        added = record_changes(self.db, changes, now_iso(), baseline, session, news_since)
        self.stats.inc_value("billwatch/changes", added)
        if baseline:
            self.stats.inc_value("billwatch/changes_baseline", added)

    def _finish_fetches(self, item, bill_id: str | None, now: str) -> None:
        record_errors(self.db, item.errors, bill_id, now)
        self.stats.inc_value("billwatch/errors", len({e.url for e in item.errors}))
        failed = {e.url for e in item.errors}
        resolve(self.db, [u for u in item.ok_urls if u not in failed], now)

    def _hearings(self, changes: list[Change], now: str) -> list[Change]:
        """Hearing changes with the first-collection rule: the first time hearings are
        collected for a bill deep-crawled before this run, a hearing already held is history
        (baseline); one still to come is news all the same (it is what subscribers want)."""
        today = ct_today().isoformat()
        out = []
        for change in changes:
            bill_id = change.bill_id or ""
            if bill_id not in self._hearings_first:
                row = self.db.execute(
                    "select deep_crawled_at from bills where id = ?", [bill_id]
                ).fetchone()
                before = self._crawled_before.get(
                    bill_id, bool(row and row[0] and row[0] < self.run_started)
                )
                self._hearings_first[bill_id] = first_collection(
                    self.db, bill_id, "hearing", now, before
                )
            if self._hearings_first[bill_id] and (change.event_date or "") < today:
                change = replace(change, baseline=True)
            out.append(change)
        return out


@contextmanager
def immediate(db: sqlite_utils.Database) -> Iterator[None]:
    """A transaction that takes the write lock at once (waiting up to the busy timeout);
    within a transaction already open, a savepoint of it (as ``db.atomic()``)."""
    if db.conn.in_transaction:
        with db.atomic():
            yield
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()


def action_change(bill_id: str, a: act.Action) -> Change:
    code = f"({a.code}) " if a.code else ""
    return Change(
        bill_id,
        "action",
        f"action|{bill_id}|{a.key}",
        f"{bill_id}: {a.date} {code}{a.text}",
        None,
        ref=a.key,
        event_date=a.date,
    )
