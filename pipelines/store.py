"""StorePipeline: each item is written in one transaction, with its change-log rows.

A ``BulkItem`` (all bills and actions of a session from the CSVs) and each
``BillItem`` (one deep-crawled bill) are applied atomically, so a crawl killed at
any moment leaves a consistent database and a rerun completes it without duplicates; so
are a ``VoteFolderItem`` (a session's vote folders) and each ``CalendarItem`` (one
committee's meetings and agendas, with the bills' hearing changes).

Baseline: changes found by a session's first complete crawl, or by the first deep
crawl of a bill that was already stored, are marked ``baseline`` so feeds are not
flooded with history that is not news.  A session's first crawl while the session is in
progress still reports the events of its last few days (``BILLWATCH_NEWS_DAYS``, 7) as
news: a first subscriber sees what is happening now.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta

import sqlite_utils
from scrapy import signals
from scrapy.crawler import Crawler

import cga
from cga.actions import hearing_dates, session_in_progress
from cga.clock import ct_today, now_iso
from cga.records import (
    ActLookupItem,
    BillItem,
    BulkItem,
    CalendarItem,
    Fetched,
    FetchError,
    StatusPage,
    VoteFolderItem,
)
from cga.text import publishable_deep
from cga.urls import LEGISLATOR_FILE

from . import actions as act
from .bills import (
    bill_progress,
    bill_skeleton,
    committee_codes,
    progress_changes,
    progress_fields,
)
from .changes import Change, first_collection, record_changes
from .diffs import update_diffs
from .documents import document_rows, store_documents
from .errors import record_errors, remember_fetches, resolve, touch_fetches
from .hearings import store_hearings
from .legislators import store_legislators
from .lineage import stale_bills, update_lineage
from .meetings import link_bill, store_calendar
from .schema import open_db
from .scorecards import rebuild_scorecards, store_positions
from .testimony import store_testimony
from .versions import store_versions
from .votes import store_roll_calls, store_vote_folders

logger = logging.getLogger(__name__)


DEFAULT_NEWS_DAYS = 7


class StorePipeline:
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

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        db_path = crawler.settings.get("BILLWATCH_DB")
        if not db_path:
            raise ValueError("the BILLWATCH_DB setting names no database for StorePipeline")
        news_days = crawler.settings.getfloat("BILLWATCH_NEWS_DAYS", DEFAULT_NEWS_DAYS)
        pipeline = cls(db_path, crawler, news_days)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self, spider=None) -> None:
        self._db = open_db(self.db_path)
        self.run_started = now_iso()
        self.stats.set_value("billwatch/run_started", self.run_started)

    def spider_closed(self, spider, reason: str) -> None:
        """Log the run; a run that finished completes its sessions' baseline.  The scorecards
        are rebuilt from the watchlist's positions and what is stored now (whatever the reason:
        a rerun completes what a killed one left)."""
        if self._db is None:
            return
        self._refresh_lineage()
        now = now_iso()
        s = self.stats
        # IMMEDIATE: the rebuild reads before it writes, and a deferred transaction whose
        # snapshot another writer (billwatch serve never writes; a second process may) moved
        # would fail at its first write without waiting ("database is locked").
        with immediate(self.db):
            topics = getattr(spider, "topics", None)
            if topics is not None:  # the crawl's watchlist (a test's bare spider has none)
                store_positions(self.db, topics)
            scored = rebuild_scorecards(self.db, now)
            s.inc_value("billwatch/changes", scored.added)
            s.set_value("billwatch/score_changes", scored.added)
            s.set_value("billwatch/scorecard_waiting", scored.waiting)
            if reason == "finished":
                for session in self.sessions_seen:
                    self.db.execute(
                        "update sessions set baseline_done_at = coalesce(baseline_done_at, ?),"
                        " last_crawl_at = ? where session = ?",
                        [now, now, session],
                    )
            self.db.table("crawls").insert(
                {
                    "started_at": self.run_started,
                    "finished_at": now,
                    "session": getattr(spider, "session", None),
                    "sessions": ",".join(map(str, getattr(spider, "sessions", []))) or None,
                    "base_url": getattr(spider, "base_url", ""),
                    "finish_reason": reason,
                    "requests": s.get_value("downloader/request_count", 0),
                    "bytes": s.get_value("downloader/response_bytes", 0),
                    "not_modified": s.get_value("downloader/response_status_count/304", 0),
                    "errors_new": self.db.execute(
                        "select count(*) from errors where resolved_at is null and first_at >= ?",
                        [self.run_started],
                    ).fetchone()[0],
                }
            )
        self.db.close()
        self._db = None

    def process_item(self, item, spider=None):
        # Everything stored is publishable: no character XML 1.0 cannot carry, whatever
        # the site sent (a control character in a file name took the feeds down once).
        item = publishable_deep(item)
        # Each item's transaction takes the write lock first (``immediate``): a store reads
        # before it writes, and another writer committing in between would otherwise fail it.
        try:
            if isinstance(item, BulkItem):
                with immediate(self.db):
                    self._store_bulk(item)
            elif isinstance(item, BillItem):
                with immediate(self.db):
                    self._store_bill(item)
            elif isinstance(item, VoteFolderItem):
                with immediate(self.db):
                    self._store_vote_folders(item)
            elif isinstance(item, CalendarItem):
                with immediate(self.db):
                    self._store_calendar(item)
            elif isinstance(item, ActLookupItem):
                with immediate(self.db):
                    self._store_act_lookup(item)
        except sqlite3.Error as exc:
            # The item's transaction rolled back: earlier data is intact.  Say so
            # loudly and record it, so the run exits non-zero and the URL is retried.
            url = _item_url(item)
            logger.error("could not store %s: %s", url, exc)
            with immediate(self.db):
                record_errors(
                    self.db, [FetchError(url, f"could not store: {exc}")], None, now_iso()
                )
            self.stats.inc_value("billwatch/store_failures")
        return item

    # ------------------------------------------------------------------ shared

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

    def _store_act_lookup(self, item: ActLookupItem) -> None:
        """A public act looked up: which bill became it (or none), so it is not asked
        again (a failed lookup is an errors row, retried with backoff)."""
        now = now_iso()
        if not item.errors:
            self.db.execute(
                "insert or replace into act_lookups (public_act, url, bill_id, checked_at) "
                "values (?, ?, ?, ?)",
                [item.public_act, item.url, item.bill_id, now],
            )
        self._finish_fetches(item, None, now)

    def _lineage(self, bill_id: str, now: str, crawled_before: bool, baseline: bool) -> None:
        """The bill's lineage, brought up to date (pipelines/lineage.py), and its
        ``related`` changes recorded, each in its own bill's session; they are baseline the
        first time lineage runs for a bill crawled before."""
        found = update_lineage(self.db, bill_id, now)
        if found is None:
            return
        self.stats.inc_value("billwatch/lineage_updated")
        if first_collection(self.db, bill_id, "related", now, crawled_before):
            found = [replace(c, baseline=True) for c in found]
        by_session: dict[int, list[Change]] = defaultdict(list)
        for change in found:
            by_session[cga.split_bill_id(change.bill_id or bill_id).session].append(change)
        for session, changes in sorted(by_session.items()):
            self._record(changes, baseline, session)

    def _refresh_lineage(self) -> None:
        """Bills whose lineage is behind their texts or public act (a bulk file told the
        act; a database from before lineage): each brought up to date, one transaction
        each."""
        for bill_id in stale_bills(self.db):
            bill = cga.split_bill_id(bill_id)
            try:
                with immediate(self.db):
                    row = self.db.execute(
                        "select deep_crawled_at from bills where id = ?", [bill_id]
                    ).fetchone()
                    crawled_before = bool(row and row[0] and row[0] < self.run_started)
                    baseline = self._baseline_pending(bill.session)
                    self._lineage(bill_id, now_iso(), crawled_before, baseline)
            except sqlite3.Error as exc:
                logger.error("could not update the lineage of %s: %s", bill_id, exc)
                self.stats.inc_value("billwatch/store_failures")

    # ------------------------------------------------------------------ committee calendars

    def _store_calendar(self, item: CalendarItem) -> None:
        db, now = self.db, now_iso()
        result = store_calendar(db, item, now)
        fetched = [item.fetched] if item.fetched else []
        fetched += [a.fetched for a in item.agendas.values() if a.fetched is not None]
        remember_fetches(db, fetched)
        touch_fetches(db, item.not_modified, now)
        self._finish_fetches(item, None, now)
        for meeting, cited in result.unknown:  # reported once: when first stored
            logger.warning(
                "agenda of meeting %s cites %s, a bill billwatch does not hold", meeting, cited
            )
        self.stats.inc_value("billwatch/meetings_new", result.new)
        self.stats.inc_value("billwatch/meetings_moved", result.moved)
        self.stats.inc_value("billwatch/meetings_cancelled", result.cancelled)
        self.stats.inc_value("billwatch/citations_unknown", len(result.unknown))
        by_session: dict[int, list[Change]] = defaultdict(list)
        for change in self._hearings(result.changes, now):
            by_session[cga.split_bill_id(change.bill_id or "").session].append(change)
        for session, changes in sorted(by_session.items()):
            baseline = self._baseline_pending(session)
            news_since = self._news_since(session) if baseline else None
            self._record(changes, baseline, session, news_since)

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

    # ------------------------------------------------------------------ vote folders

    def _store_vote_folders(self, item: VoteFolderItem) -> None:
        now = now_iso()
        self.stats.inc_value("billwatch/vote_files_new", store_vote_folders(self.db, item, now))
        self._finish_fetches(item, None, now)

    # ------------------------------------------------------------------ bulk

    def _store_bulk(self, item: BulkItem) -> None:
        db, now, session = self.db, now_iso(), item.session
        self._ensure_session(session, in_bulk=bool(item.bills))
        baseline = self._baseline_pending(session)
        news_since = self._news_since(session) if baseline else None
        info = item.fetched.get("bill_info.csv")
        changes: list[Change] = []
        first_action: dict[str, str] = {}  # bill -> date of its first action in the file
        for a in item.actions:
            known = first_action.get(str(a.bill))
            if known is None or a.date < known:
                first_action[str(a.bill)] = a.date

        if item.committees:
            src = item.fetched["committee.csv"]
            db.conn.executemany(
                "insert or replace into committees (code, name, source_url, fetched_at) "
                "values (?, ?, ?, ?)",
                [(c, n, src.origin, src.fetched_at) for c, n in item.committees],
            )

        existing = {
            r[0]: r[1:]
            for r in db.execute(
                "select id, title, deep_crawled_at from bills where session = ?", [session]
            ).fetchall()
        }
        if info is not None:
            new_rows, title_updates = [], []
            for b in item.bills:
                bill_id = str(b.bill)
                if bill_id not in existing:
                    row = bill_skeleton(b.bill, info.origin, info.fetched_at)
                    row["title"] = b.title
                    new_rows.append(row)
                    existing[bill_id] = (b.title, None)
                    changes.append(
                        Change(
                            bill_id,
                            "bill",
                            f"bill|{bill_id}",
                            f"{bill_id}: new bill — {b.title}",
                            cga.status_url(b.bill),
                            event_date=first_action.get(bill_id),
                        )
                    )
                elif existing[bill_id][1] is None and existing[bill_id][0] != b.title:
                    # Deep-crawled bills take their title from the status page.
                    title_updates.append((b.title, info.origin, info.fetched_at, bill_id))
            if new_rows:
                db.table("bills").insert_all(new_rows, batch_size=500)
                for row in new_rows:  # agendas that cited a bill before billwatch held it
                    changes += self._hearings(link_bill(db, row["id"]), now)
            db.conn.executemany(
                "update bills set title = ?, source_url = ?, fetched_at = ? where id = ?",
                title_updates,
            )
            self.stats.inc_value("billwatch/bills_new", len(new_rows))

        if "subject.csv" in item.fetched:
            src = item.fetched["subject.csv"]
            by_bill: dict[str, set[str]] = defaultdict(set)
            for bill, subject in item.subjects:
                if str(bill) in existing:
                    by_bill[str(bill)].add(subject)
            db.execute(
                "delete from subjects where bill_id in (select id from bills where session = ?)",
                [session],
            )
            db.conn.executemany(
                "insert into subjects (bill_id, subject, source_url, fetched_at) "
                "values (?, ?, ?, ?)",
                [
                    (b, s, src.origin, src.fetched_at)
                    for b, ss in by_bill.items()
                    for s in sorted(ss)
                ],
            )

        if "bill_history.csv" in item.fetched:
            changes += self._bulk_actions(item, existing)
            db.conn.executemany(
                "update bills set bulk_sha = ? where id = ?",
                [(sha, bill_id) for bill_id, sha in item.bulk_sha.items() if bill_id in existing],
            )

        members = item.fetched.get(LEGISLATOR_FILE)
        if members is not None and item.legislators_session is not None:
            changed = store_legislators(db, item.legislators, item.legislators_session, members)
            self.stats.inc_value("billwatch/legislators_changed", changed)

        fetched = list(item.fetched.values())
        remember_fetches(self.db, fetched)
        self._finish_fetches(item, None, now)
        self._record(changes, baseline, session, news_since)

    def _bulk_actions(self, item: BulkItem, existing: dict) -> list[Change]:
        db, session = self.db, item.session
        src = item.fetched["bill_history.csv"]
        incoming: dict[str, list[tuple[str, str | None, str]]] = defaultdict(list)
        for a in item.actions:
            if str(a.bill) in existing:
                incoming[str(a.bill)].append((a.date, a.code, a.text))
        stored = act.load_actions(db, session=session)
        bills = {
            r["id"]: r
            for r in db.query(
                "select id, stage, outcome, committee from bills where session = ?", [session]
            )
        }
        committees = committee_codes(db)
        changes: list[Change] = []
        rewrite: list[str] = []
        rows: list[dict] = []
        updates: list[dict] = []
        for bill_id, rows_in in incoming.items():
            # The CSV is ordered by bill, not always by time: sort stably by date.
            rows_in.sort(key=lambda r: r[0])
            merged, new = act.merge_actions(
                stored.get(bill_id, []), rows_in, act.BULK, src.origin, src.fetched_at
            )
            if not new and merged == stored.get(bill_id, []):
                continue
            rewrite.append(bill_id)
            rows += act.action_rows(bill_id, merged)
            changes += [_action_change(bill_id, a) for a in new]
            bill = cga.split_bill_id(bill_id)
            progress = bill_progress(bill, merged)
            fields = progress_fields(bill, merged, committees, progress=progress)
            changes += progress_changes(
                bill_id, bills.get(bill_id), fields, cga.status_url(bill), merged, progress
            )
            updates.append({"id": bill_id, **fields})
        if rewrite:
            db.conn.executemany("delete from actions where bill_id = ?", [(b,) for b in rewrite])
            act.insert_actions(db, rows)
            update_bills(db, updates)
        self.stats.inc_value("billwatch/actions_new", sum(1 for c in changes if c.kind == "action"))
        return changes

    # ------------------------------------------------------------------ one bill

    def _store_bill(self, item: BillItem) -> None:
        db, now = self.db, now_iso()
        bill = cga.split_bill_id(item.bill_id)
        bill_id = item.bill_id
        self._ensure_session(bill.session)
        old = db.execute(
            "select stage, outcome, first_seen_at, deep_crawled_at from bills where id = ?",
            [bill_id],
        ).fetchone()
        known_before_run = old is not None and old[2] < self.run_started
        self._crawled_before.setdefault(bill_id, old is not None and old[3] is not None)
        first_crawl = self._baseline_pending(bill.session)
        baseline = first_crawl or (known_before_run and old[3] is None)
        news_since = self._news_since(bill.session) if first_crawl else None
        changes: list[Change] = []

        if item.not_found and item.fetched is not None:
            db.execute(
                """insert into not_found (bill_id, url, first_seen_at, last_checked_at)
                   values (?, ?, ?, ?)
                   on conflict(bill_id) do update set last_checked_at = excluded.last_checked_at""",
                [bill_id, item.status_url, now, now],
            )
            self.stats.inc_value("billwatch/not_found")
        elif item.status is not None and item.fetched is not None:
            changes += self._store_page(item, item.status, item.fetched, bill, old, now)
            self.stats.inc_value(
                "billwatch/bills_first_text" if item.first_text else "billwatch/bills_deep"
            )
            crawled_before = old is not None and old[3] is not None
            self._lineage(bill_id, now, crawled_before, baseline)
            # Agendas that cited the bill before billwatch held it.
            changes += self._hearings(link_bill(db, bill_id), now)

        fetched = [item.fetched] if item.fetched else []
        fetched += [v.fetched for v in item.versions]
        fetched += [t.fetched for t in item.testimony if t.fetched is not None]
        fetched += [r.fetched for r in item.roll_calls or [] if r.fetched is not None]
        remember_fetches(db, fetched)
        touch_fetches(db, item.not_modified, now)
        self._finish_fetches(item, bill_id, now)
        self._record(changes, baseline, bill.session, news_since)

    def _store_page(
        self,
        item: BillItem,
        page: StatusPage,
        fetched: Fetched,
        bill: cga.BillId,
        old,
        now: str,
    ) -> list[Change]:
        db = self.db
        bill_id = str(bill)
        changes: list[Change] = []
        if old is None:
            row = bill_skeleton(bill, fetched.origin, fetched.fetched_at)
            row["title"] = page.title
            db.table("bills").insert(row)
            first = min((h.date for h in page.history), default=None)
            changes.append(
                Change(
                    bill_id,
                    "bill",
                    f"bill|{bill_id}",
                    f"{bill_id}: new bill — {page.title}",
                    item.status_url,
                    event_date=first,
                )
            )
        db.table("bills").update(
            bill_id,
            {
                "label": page.bill_label,
                "title": page.title or None,
                "statement_of_purpose": page.statement_of_purpose,
                "introducers": json.dumps(page.introducers),
                "cosponsors": json.dumps(page.cosponsors),
                "source_url": fetched.origin,
                "fetched_at": fetched.fetched_at,
                "sha256": fetched.sha256,
                # A first-text fetch for lineage is no deep crawl: the bill stays due for
                # one when it is selected.
                **(
                    {"first_text_at": now}
                    if item.first_text
                    else {"deep_crawled_at": now, "crawled_bulk_sha": item.bulk_sha}
                ),
            },
        )
        for topic, why in item.topics.items():
            db.execute(
                "insert or replace into bill_topics (bill_id, topic, matched) values (?, ?, ?)",
                [bill_id, topic, why],
            )

        docs = document_rows(bill_id, page.documents, fetched.url, fetched.origin, now)
        changes += store_documents(db, docs)
        _, version_changes = store_versions(db, bill_id, item.versions)
        self.stats.inc_value("billwatch/versions_new", len(version_changes))
        # Each new text is redlined against the one before it; its change-log entry
        # carries that summary as first computed (the diffs table stays the truth).
        summaries = update_diffs(db, bill_id, now)
        self.stats.inc_value("billwatch/diffs_new", len(summaries))
        changes += [with_diff_summary(c, summaries.get(c.ref or "")) for c in version_changes]

        history = [(h.date, h.code, h.text) for h in reversed(page.history)]
        stored = act.load_actions(db, [bill_id]).get(bill_id, [])
        merged, new = act.merge_actions(
            stored, history, act.STATUS_PAGE, fetched.origin, fetched.fetched_at
        )
        db.execute("delete from actions where bill_id = ?", [bill_id])
        act.insert_actions(db, act.action_rows(bill_id, merged))
        changes += [_action_change(bill_id, a) for a in new]
        if item.roll_calls is not None:  # after the actions: Senate questions read them
            crawled_before = old is not None and old[3] is not None
            past = first_collection(db, bill_id, "vote", now, crawled_before)
            votes = store_roll_calls(db, bill_id, item.roll_calls, now, True if past else None)
            self.stats.inc_value("billwatch/votes_new", len(votes))
            changes += votes
        all_docs = list(
            db.query("select file_number, public_act from documents where bill_id = ?", [bill_id])
        )
        committees = committee_codes(db)
        progress = bill_progress(bill, merged)
        fields = progress_fields(bill, merged, committees, all_docs, progress)
        if "committee" not in fields and page.introducers:
            intro = page.introducers[0]
            if intro.lower().endswith("committee"):
                fields["committee"] = committees.get(intro.lower(), intro)
        store_hearings(db, bill_id, hearing_dates(merged, bill.session, fields.get("committee")))
        if item.testimony_listing is not None:
            new_testimony = store_testimony(
                db, bill_id, item.testimony, item.testimony_listing, now
            )
            self.stats.inc_value("billwatch/testimony_seen", len(item.testimony))
            changes += new_testimony
        old_fields = {"stage": old[0], "outcome": old[1]} if old else None
        changes += progress_changes(bill_id, old_fields, fields, item.status_url, merged, progress)
        db.table("bills").update(bill_id, fields)
        return changes


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


def _item_url(item) -> str:
    if isinstance(item, BillItem):
        return item.status_url
    if isinstance(item, VoteFolderItem):
        return item.listings[0].url if item.listings else f"vote folders of {item.session}"
    if isinstance(item, CalendarItem | ActLookupItem):
        return item.url
    return item.source_url


def update_bills(db: sqlite_utils.Database, updates: list[dict]) -> None:
    """Many bills' progress fields in one executemany (not one table lookup per bill)."""
    by_columns: dict[tuple[str, ...], list[dict]] = defaultdict(list)
    for u in updates:
        by_columns[tuple(sorted(k for k in u if k != "id"))].append(u)
    for columns, group in by_columns.items():
        sets = ", ".join(f"{c} = :{c}" for c in columns)
        db.conn.executemany(f"update bills set {sets} where id = :id", group)


def with_diff_summary(change: Change, summary: str | None) -> Change:
    """A version change whose summary adds, on a second line, what the redline found."""
    if not summary:
        return change
    return replace(change, summary=f"{change.summary}\n{summary}")


def _action_change(bill_id: str, a: act.Action) -> Change:
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
