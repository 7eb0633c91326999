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

The parts live beside it: the shared state and rules (``store_base.py``), bulk files
(``store_bulk.py``), committee calendars (``store_calendar.py``), lineage and act lookups
(``store_lineage.py``); here, the pipeline's life, one bill, and vote folders.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import replace

from scrapy import signals
from scrapy.crawler import Crawler

import cga
from cga.actions import hearing_dates
from cga.clock import now_iso
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

from . import actions as act
from .bills import (
    bill_progress,
    bill_skeleton,
    committee_codes,
    progress_changes,
    progress_fields,
)
from .changes import Change, first_collection
from .diffs import update_diffs
from .documents import document_rows, store_documents
from .errors import record_errors, remember_fetches, touch_fetches
from .hearings import store_hearings
from .meetings import link_bill
from .schema import open_db
from .scorecards import rebuild_scorecards, store_positions
from .store_base import DEFAULT_NEWS_DAYS, action_change, immediate
from .store_bulk import BulkStore
from .store_calendar import CalendarStore
from .store_lineage import LineageStore
from .testimony import store_testimony
from .versions import store_versions
from .votes import store_roll_calls, store_vote_folders

logger = logging.getLogger(__name__)


class StorePipeline(BulkStore, CalendarStore, LineageStore):
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

    # ------------------------------------------------------------------ vote folders

    def _store_vote_folders(self, item: VoteFolderItem) -> None:
        now = now_iso()
        self.stats.inc_value("billwatch/vote_files_new", store_vote_folders(self.db, item, now))
        self._finish_fetches(item, None, now)

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
            self._lineage(bill_id, now, crawled_before, baseline, changes)
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
        changes += [action_change(bill_id, a) for a in new]
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


def _item_url(item) -> str:
    if isinstance(item, BillItem):
        return item.status_url
    if isinstance(item, VoteFolderItem):
        return item.listings[0].url if item.listings else f"vote folders of {item.session}"
    if isinstance(item, CalendarItem | ActLookupItem):
        return item.url
    return item.source_url


def with_diff_summary(change: Change, summary: str | None) -> Change:
    """A version change whose summary adds, on a second line, what the redline found."""
    if not summary:
        return change
    return replace(change, summary=f"{change.summary}\n{summary}")
