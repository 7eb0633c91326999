"""The bills spider: bulk CSVs for a session, then a deep crawl of selected bills.

Flow (one Scrapy run):
1. the four bulk files and LegislatorDatabase.csv (conditional requests; FTP listing
   compared on the real site) → one ``BulkItem`` (stored in one transaction;
   ``bulk_crawl.py``); with ``--all``, the session's vote folders → one ``VoteFolderItem``;
2. bills selected by ``--bills``, ``--all`` or the watchlist → for each, its status
   page, then its text versions (``version_crawl.py``), its roll calls
   (``roll_call_crawl.py``) and its testimony (``testimony_crawl.py``) one after another →
   one ``BillItem`` per bill; bills lineage links to a topic are followed, and other bills
   of the bulk files get their first text read (``lineage_crawl.py``);
3. when the bills are done, the public acts followed bills amend are looked up
   (``lineage_crawl.py``), then the calendars of their committees (every committee with
   ``--all``) and the agendas they link (``calendar_crawl.py``) → one ``CalendarItem`` per
   committee.
Requests of one bill are chained (not fanned out) so the bill arrives whole and is
stored in one transaction; bills run in parallel.  Every failure becomes a
``FetchError`` in the item, so it is stored beside the data it concerns (its words:
``failures.py``).

This module holds the spider itself: its arguments, the requests every part makes
(validators, backoff, size caps, scope), the refresh policy, the selection of bills and
their status pages; each part above is a mixin of ``BillsSpider``.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

import cga
from cga import clock
from cga.actions import session_finished
from cga.clock import now_iso
from cga.documents import chain_key, file_number, revision
from cga.ids import BillId
from cga.records import (
    BillItem,
    BillNotFound,
    BulkItem,
    CalendarItem,
    Fetched,
    FetchError,
    PageError,
    StatusPage,
)
from cga.urls import Scope
from cga.watchlist import Topic, match_topics

from . import bulk, ftp_listing, legislators
from .budgets import Budgets
from .bulk_crawl import BulkCrawl
from .calendar_crawl import CalendarCrawl
from .encoding import charset_of, decode_html
from .extraction import Extractor
from .failures import describe_failure
from .lineage_crawl import LineageCrawl
from .responses import header, request_of
from .roll_call_crawl import RollCallCrawl
from .state import CrawlState
from .status_page import parse_status_page
from .testimony_crawl import TestimonyCrawl
from .version_crawl import VersionCrawl


class BillsSpider(
    BulkCrawl,
    VersionCrawl,
    RollCallCrawl,
    TestimonyCrawl,
    LineageCrawl,
    CalendarCrawl,
    scrapy.Spider,
):
    name = "bills"

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> BillsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # When the bills are done: the public acts they amend, then the committees'
        # calendars (calendar_crawl.py).
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        return spider

    def __init__(
        self,
        session: int | None = None,
        base_url: str = cga.CANONICAL_ORIGIN,
        bills: list[BillId] | None = None,
        topics: list[Topic] | None = None,
        all_bills: bool = False,
        db_path: str = "",
        retry_now: bool = False,
        force: bool = False,
        refresh_hours: float = 6.0,
        recheck_days: float = 7.0,
        allowed_hosts: frozenset[str] = frozenset(),
        budgets: Budgets | None = None,
        sessions: list[int] | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        chosen = {int(s) for s in sessions or []} | ({int(session)} if session else set())
        if not chosen:
            raise ValueError("BillsSpider needs a session (or sessions)")
        # Every session asked for; the bulk files describe the current one (the latest
        # they list), older ones are reached through the watchlist and lineage's links.
        self.sessions = sorted(chosen)
        self.session = self.sessions[-1]
        self.base_url = base_url.rstrip("/")
        self.named = list(bills or [])
        self.topics = list(topics or [])
        self.all_bills = all_bills
        self.db_path = db_path
        self.retry_now = retry_now
        self.force = force
        self.refresh_after = timedelta(hours=refresh_hours)
        self.recheck_after = timedelta(days=recheck_days)
        self.started = clock.now()
        self.state = CrawlState()
        self.scope = Scope(self.base_url, frozenset(allowed_hosts))
        self.budgets = budgets or Budgets()
        self.extractor: Extractor | None = None  # started with the crawl, see start()
        self._init_bulk()
        self._init_testimony()
        self._init_lineage()
        self._init_roll_calls()
        self._init_calendars()

    # ------------------------------------------------------------------ helpers

    def _fetched(self, response: Response, canonical: str) -> Fetched:
        return Fetched(
            url=canonical,
            fetched_at=now_iso(),
            sha256=hashlib.sha256(response.body).hexdigest(),
            etag=header(response, "ETag"),
            last_modified=header(response, "Last-Modified"),
            size=len(response.body),
            source_url=cga.canonical_url(response.url, self.base_url),
        )

    def _request(
        self,
        canonical: str,
        callback,
        errback,
        meta: dict,
        conditional: bool = True,
        kind: str = "page",
    ):
        headers = {}
        etag, modified = self.state.validators.get(canonical, (None, None))
        if conditional and etag:
            headers["If-None-Match"] = etag
        if conditional and modified:
            headers["If-Modified-Since"] = modified
        return scrapy.Request(
            cga.request_url(canonical, self.base_url),
            callback=callback,
            errback=errback,
            headers=headers,
            meta={
                **meta,
                "canonical": canonical,
                "handle_httpstatus_list": [304],
                "download_maxsize": self.budgets.max_bytes(kind),
            },
            dont_filter=True,  # chains must never be cut by the duplicate filter
        )

    def _deferred(self, canonical: str, count: bool = True) -> bool:
        if self.retry_now or not self.state.deferred(canonical):
            return False
        if count:
            self.crawler.stats.inc_value("billwatch/deferred_by_backoff")
        return True

    # ------------------------------------------------------------------ start and end

    def closed(self, reason: str) -> None:
        if self.extractor is not None:
            self.extractor.close()
        self._close_reader()  # lineage_crawl.py

    async def start(self):
        self.state = CrawlState.load(self.db_path, self.sessions)
        self.extractor = Extractor(self.budgets)
        self.crawler.signals.connect(self.item_stored, signal=signals.item_scraped)
        if self.scope.live:
            await self._list_ftp_folders()  # vote folders, with --all (roll_call_crawl.py)
        ftp_sizes: dict[str, str] = {}
        if cga.bulk_canonical(self.base_url, "").startswith("ftp://"):
            ftp_sizes = await asyncio.to_thread(
                ftp_listing.stamps, cga.bulk_canonical(self.base_url, "")
            )
        self._bulk_item = BulkItem(
            session=self.session, source_url=cga.bulk_canonical(self.base_url, "bill_info.csv")
        )
        for name in (*bulk.BULK_FILES, legislators.FILE):
            canonical = cga.bulk_canonical(self.base_url, name)
            stamp = ftp_sizes.get(name)
            if stamp and self.state.validators.get(canonical, (None, None))[0] == stamp:
                self._bulk_item.not_modified.append(name)  # same size and time: unchanged
                continue
            self._bulk_pending.add(name)
            ftp = canonical.startswith("ftp://")
            yield self._request(
                canonical,
                self.parse_bulk,
                self.bulk_failed,
                # robots.txt is an HTTP convention; the FTP server has none.
                {"bulk_name": name, "ftp_stamp": stamp, "dont_obey_robotstxt": ftp},
                conditional=not ftp,
                kind="bulk",
            )
        if not self._bulk_pending:
            for out in self._after_bulk():
                yield out

    def _crawl_bills(self) -> Iterator[Any]:
        """Select the bills and request the status page of each one due."""
        item = self._bulk_item
        assert item is not None
        # A bill's history moved when its bulk rows hash differently from what its last
        # stored deep crawl saw (crawled_bulk_sha advances only with that bill's own
        # transaction: a run killed after the bulk step still owes the bill a crawl).
        current = {**self.state.bulk_sha, **item.bulk_sha}
        self._bulk_current = current
        moved = {
            bill_id
            for bill_id, sha in current.items()
            if bill_id in self.state.deep_crawled
            and sha != self.state.crawled_bulk_sha.get(bill_id)
        }
        selected = self._select(item)
        self._crawled |= {str(b) for b in selected}
        for bill, topics in selected.items():
            reason = self._due(bill, moved) or self._roll_calls_due(bill)
            if reason is None:
                self.crawler.stats.inc_value("billwatch/bills_fresh")
                continue
            self.crawler.stats.inc_value(f"billwatch/deep_because/{reason}")
            yield from self._status_request(bill, topics, current.get(str(bill)))
        yield from self._first_texts(item, selected)

    # ------------------------------------------------------------------ refresh policy

    def _age(self, iso: str | None) -> timedelta:
        if not iso:
            return timedelta.max
        return self.started - datetime.fromisoformat(iso.replace("Z", "+00:00"))

    def _due(self, bill: BillId, moved: set[str]) -> str | None:
        """Why a selected bill's status page must be fetched now, or None (it is fresh).

        A bill is crawled when never crawled, when its bulk history moved, when one of
        its failures is due for a retry, and, while its session is in progress, when its
        last crawl is older than ``refresh_hours``.  Finished sessions are not refreshed.
        """
        bill_id = str(bill)
        if self.force:
            return "forced"
        if bill_id in self.state.not_found and bill_id not in self.state.deep_crawled:
            # "Bill not found in Database": ask again now and then, in case it appears.
            limit = self.recheck_after if session_finished(bill.session) else self.refresh_after
            return "not_found" if self._age(self.state.not_found[bill_id]) >= limit else None
        if bill_id not in self.state.deep_crawled:
            return "new"
        if bill_id in moved:
            return "history_moved"
        if any(not self._deferred(u, count=False) for u in self.state.error_bills.get(bill_id, [])):
            return "retry"
        if session_finished(bill.session):
            return None
        if self._age(self.state.deep_crawled[bill_id]) >= self.refresh_after:
            return "stale"
        return None

    def _recheck(self, bill: BillId, url: str) -> bool:
        """Fetch a document now?  New ones always; stored ones rarely, by conditional
        request, and never in a finished session (unless forced or failing)."""
        key = cga.url_key(url)
        if self.force or key not in self.state.checked_at or url in self.state.backoff:
            return True
        if session_finished(bill.session):
            return False
        return self._age(self.state.checked_at[key]) >= self.recheck_after

    # ------------------------------------------------------------------ selection

    def _select(self, item: BulkItem) -> dict[BillId, dict[str, str]]:
        """Bills to deep-crawl → the topics each matches."""
        candidates: dict[BillId, list[str | None]] = {}
        for bill_id, stored in self.state.bills.items():
            candidates[cga.split_bill_id(bill_id)] = [
                stored.title,
                stored.purpose,
                *stored.subjects,
            ]
        for b in item.bills:
            texts = candidates.setdefault(b.bill, [])
            texts.append(b.title)
        for bill, subject in item.subjects:
            candidates.setdefault(bill, []).append(subject)

        selected: dict[BillId, dict[str, str]] = {}
        named_by_topics = {b for t in self.topics for b in t.bills}
        # Bills that joined a topic through a lineage link are followed like its own.
        names = {t.name for t in self.topics}
        related = {
            cga.split_bill_id(b): {t: why for t, why in topics.items() if t in names}
            for b, topics in self.state.related_topics.items()
        }
        related = {b: topics for b, topics in related.items() if topics}
        if self.named:
            pool = set(self.named)
        elif self.all_bills:
            pool = set(candidates) | named_by_topics | set(related)
        else:
            pool = set(named_by_topics) | set(related)
            pool |= {b for b, texts in candidates.items() if match_topics(self.topics, b, texts)}
        for bill in sorted(pool):
            own = match_topics(self.topics, bill, candidates.get(bill, []))
            selected[bill] = {**related.get(bill, {}), **own}
        self._selected = {str(b) for b in selected}  # their committees' calendars follow
        self.crawler.stats.set_value("billwatch/bills_selected", len(selected))
        return selected

    # ------------------------------------------------------------------ deep crawl

    def _status_request(
        self,
        bill: BillId,
        topics: dict[str, str],
        bulk_sha: str | None,
        first_text: bool = False,
    ) -> Iterator[Any]:
        canonical = cga.status_url(bill)
        if self._deferred(canonical):
            return
        item = BillItem(
            bill_id=str(bill),
            status_url=canonical,
            topics=topics,
            bulk_sha=bulk_sha,
            first_text=first_text,
        )
        yield self._request(
            canonical,
            self.parse_status,
            self.status_failed,
            {"item": item},
            conditional=False,  # ASP pages send no validators
        )

    def status_failed(self, failure: Failure) -> Iterator[Any]:
        item: BillItem = request_of(failure).meta["item"]
        item.errors.append(FetchError(item.status_url, describe_failure(failure)))
        yield item

    def parse_status(self, response: Response) -> Iterator[Any]:
        item: BillItem = response.meta["item"]
        item.fetched = self._fetched(response, item.status_url)
        html = decode_html(response.body, charset_of(header(response, "Content-Type")))
        try:
            page = parse_status_page(html, response.url)
        except BillNotFound:
            item.not_found = True
            item.ok_urls.append(item.status_url)
            yield item
            return
        except PageError as exc:
            item.errors.append(FetchError(item.status_url, str(exc)))
            yield item
            return
        yield from self._read_status(item, page, response)

    def _read_status(self, item: BillItem, page: StatusPage, response: Response) -> Iterator[Any]:
        """A parsed status page of ``item``'s bill: its documents, then its texts."""
        page_url = item.fetched.url if item.fetched else item.status_url
        bill = cga.split_bill_id(item.bill_id)
        if page.session != bill.session:
            item.errors.append(
                FetchError(
                    page_url,
                    f"page is for session {page.session}, expected {bill.session}",
                )
            )
            yield item
            return
        # Links resolve against where the page came from (the copy's host, say) and
        # are stored canonical: the pipelines only ever see www.cga.ct.gov URLs.
        for link in page.documents:
            link.url = cga.canonical_url(link.url, response.url)
            link.alt_urls = [cga.canonical_url(u, response.url) for u in link.alt_urls]
        item.status = page
        if page.problems:
            item.errors.append(FetchError(page_url, "; ".join(page.problems)))
        else:
            item.ok_urls.append(page_url)
        item.topics.update(match_topics(self.topics, bill, [page.title, page.statement_of_purpose]))
        docs = self._version_docs(page.documents, item)
        if item.first_text:  # the earliest text of the bill only (its raised bill, say)
            texts = [d for d in docs if d.kind == "text"] or [
                d for d in docs if d.kind in ("file_copy", "public_act")
            ]
            docs = sorted(
                texts,
                key=lambda d: chain_key(
                    d.kind, revision(d.fetch_url), file_number(d.label, d.fetch_url), d.label
                ),
            )[:1]
        queue = [d for d in docs if self._recheck(bill, d.fetch_url)]
        yield from self._next_version(item, queue)

    def _in_scope(self, url: str, page: str, item: BillItem | CalendarItem) -> bool:
        """True when ``url`` may be fetched; else it is refused before any request, and
        recorded once (naming the page that linked it), never retried."""
        reason = self.scope.link_refusal(url)
        if reason is None:
            return True
        self.crawler.stats.inc_value("billwatch/refused_out_of_scope")
        if url not in self.state.refused:
            item.errors.append(
                FetchError(url, f"out of scope, not fetched (linked from {page}): {reason}", True)
            )
        return False

    # ------------------------------------------------------------------ idle

    def on_idle(self, spider: Any = None) -> None:
        """``spider_idle``: the acts followed bills amend are looked up round after round
        (their bills crawled); only when none is left, the committees' calendars, so a bill
        an act lookup brought in has its committee's calendar read too."""
        self.look_up_acts()  # raises DontCloseSpider while it schedules lookups
        self.calendars_on_idle()
