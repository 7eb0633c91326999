"""The bills spider: bulk CSVs for a session, then a deep crawl of selected bills.

Flow (one Scrapy run):
1. the four bulk files and LegislatorDatabase.csv (conditional requests; FTP listing
   compared on the real site) → one ``BulkItem`` (stored in one transaction); with
   ``--all``, the session's vote folders → one ``VoteFolderItem``;
2. bills selected by ``--bills``, ``--all`` or the watchlist → for each, its status
   page, then its text versions, its roll calls (``roll_call_crawl.py``) and its testimony
   one after another → one ``BillItem`` per bill;
3. when the bills are done, the calendars of their committees (every committee with
   ``--all``) and the agendas they link (``calendar_crawl.py``) → one ``CalendarItem`` per
   committee.
Requests of one bill are chained (not fanned out) so the bill arrives whole and is
stored in one transaction; bills run in parallel.  Every failure becomes a
``FetchError`` in the item, so it is stored beside the data it concerns.
"""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
    DontCloseSpider,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionRefusedError, DNSLookupError
from twisted.internet.error import TimeoutError as TwistedTimeout
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed

import cga
from cga import clock
from cga.actions import public_acts, session_finished
from cga.clock import now_iso
from cga.documents import chain_key, classify_document, file_number, public_act_number, revision
from cga.ids import BillId, bill_from_label
from cga.records import (
    ActLookupItem,
    BillItem,
    BillNotFound,
    BulkItem,
    CalendarItem,
    DocumentLink,
    Fetched,
    FetchError,
    PageError,
    StatusPage,
    TestimonyFetch,
    VersionFetch,
)
from cga.statutes import act_year
from cga.testimony import parse_testimony_filename
from cga.urls import Scope, public_act_path
from cga.vocab import VERSION_KINDS
from cga.watchlist import Topic, match_topics

from . import bulk, ftp_listing, legislators
from .billtext import DocumentError
from .budgets import Budgets, describe_mb
from .calendar_crawl import CalendarCrawl
from .encoding import charset_of, decode_html
from .extraction import Extractor
from .middlewares import OutOfScope
from .roll_call_crawl import RollCallCrawl
from .state import CrawlState
from .status_page import parse_status_page
from .testimony import parse_testimony_listing


def _reasons(exc: BaseException) -> str:
    """The innermost causes of a download failure, as short words (no reprs)."""
    if exc.__cause__ is not None:  # Scrapy wraps Twisted's error: read the original
        return _reasons(exc.__cause__)
    inner = [getattr(r, "value", r) for r in getattr(exc, "reasons", None) or []] or [exc]
    parts = []
    for e in inner:
        text = str(e).strip().rstrip(".")
        parts.append(f"{type(e).__name__}: {text}" if text else type(e).__name__)
    return "; ".join(parts)


def describe_failure(failure: Failure) -> str:
    """One line naming what went wrong with a request."""
    exc = failure.value
    limit = _request(failure).meta.get("download_maxsize") if _request(failure) else None
    if isinstance(exc, HttpError):
        return f"HTTP {exc.response.status}"
    if isinstance(exc, OutOfScope):
        return str(exc)
    # Scrapy cancels a body past download_maxsize, with a message when Content-Length
    # announced it and none when the bytes kept coming: both are the size cap.
    cancelled = isinstance(exc, DownloadCancelledError)
    if cancelled and limit and (not str(exc) or "max size" in str(exc)):
        return f"response larger than {describe_mb(limit)}"
    if isinstance(exc, IgnoreRequest) and limit and "DOWNLOAD_MAXSIZE" in str(exc):
        return f"response larger than {describe_mb(limit)} after decompression"
    if isinstance(exc, IgnoreRequest):
        return f"not fetched: {exc or 'forbidden by robots.txt'}"
    if isinstance(exc, ResponseDataLossError):
        return "truncated transfer: the connection closed before Content-Length bytes arrived"
    if isinstance(exc, DownloadTimeoutError | TwistedTimeout | asyncio.TimeoutError):
        limit = _request(failure).meta.get("download_timeout") if _request(failure) else None
        return f"timed out: no complete answer within {limit:g} s" if limit else "timed out"
    if isinstance(exc, DownloadConnectionRefusedError | ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, CannotResolveHostError | DNSLookupError):
        return f"host not found ({exc})"
    if isinstance(exc, ResponseFailed | DownloadFailedError):
        reasons = _reasons(exc)
        if "DataLoss" in reasons:
            return f"truncated transfer ({reasons})"
        if "ConnectionLost" in reasons or "ConnectionDone" in reasons or "reset" in reasons:
            return f"connection lost before a complete answer ({reasons})"
        return f"connection failed ({reasons})"
    return f"{type(exc).__name__}: {exc}"


# Public acts looked up for one bill in one run, at most (an omnibus bill amends dozens;
# its acts are not the idea's lineage).  docs/security.md, "Budgets".
MAX_ACT_LOOKUPS = 10


@dataclass
class _Doc:
    kind: str
    label: str
    document_url: str  # canonical
    fetch_url: str  # canonical URL of the body to fetch (.htm preferred, else PDF)
    format: str


class BillsSpider(RollCallCrawl, CalendarCrawl, scrapy.Spider):
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
        self._bulk_pending: set[str] = set()
        self._bulk_bodies: dict[str, bytes] = {}
        self._bulk_item: BulkItem | None = None
        # Testimony PDFs read in this run, by url_key: a PDF listed under two bills
        # is downloaded once.
        self._testimony_seen: dict[str, TestimonyFetch] = {}
        # Lineage (docs/cga-site.md, "Statute references"): bills crawled in this run, acts
        # looked up in it, the bulk hashes of the bills, and a read-only view of what the
        # pipeline has stored (read after each bill's transaction).
        self._crawled: set[str] = set()
        self._acts_asked: set[str] = set()
        self._act_pending: list[str] = []  # followed bills whose acts are looked up at idle
        self._bulk_current: dict[str, str | None] = {}
        self._reader: sqlite3.Connection | None = None
        self._init_roll_calls()
        self._init_calendars()

    # ------------------------------------------------------------------ helpers

    def _fetched(self, response: Response, canonical: str) -> Fetched:
        return Fetched(
            url=canonical,
            fetched_at=now_iso(),
            sha256=hashlib.sha256(response.body).hexdigest(),
            etag=_header(response, "ETag"),
            last_modified=_header(response, "Last-Modified"),
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

    # ------------------------------------------------------------------ bulk

    def closed(self, reason: str) -> None:
        if self.extractor is not None:
            self.extractor.close()
        if self._reader is not None:
            self._reader.close()
            self._reader = None

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

    def parse_bulk(self, response: Response) -> Iterator[Any]:
        name = response.meta["bulk_name"]
        item = self._bulk_item
        assert item is not None
        canonical = response.meta["canonical"]
        fetched = self._fetched(response, canonical)
        if response.meta.get("ftp_stamp"):
            fetched.etag = response.meta["ftp_stamp"]
        if response.status == 304 or self.state.bodies.get(canonical) == fetched.sha256:
            item.not_modified.append(name)
        else:
            self._bulk_bodies[name] = response.body
            item.fetched[name] = fetched
        item.ok_urls.append(canonical)
        yield from self._bulk_done(name)

    def bulk_failed(self, failure: Failure) -> Iterator[Any]:
        name = _request(failure).meta["bulk_name"]
        assert self._bulk_item is not None
        self._bulk_item.errors.append(
            FetchError(_request(failure).meta["canonical"], describe_failure(failure))
        )
        yield from self._bulk_done(name)

    def _bulk_done(self, name: str) -> Iterator[Any]:
        self._bulk_pending.discard(name)
        if not self._bulk_pending:
            yield from self._after_bulk()

    def _after_bulk(self) -> Iterator[Any]:
        item = self._bulk_item
        assert item is not None
        self._parse_bulk_bodies(item)
        yield from self._per_session(item)
        yield from self._vote_folders()  # with --all; then _crawl_bills

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

    def _per_session(self, item: BulkItem) -> list[BulkItem]:
        """One item (one transaction) per session the bulk files cover; the first carries
        the fetches, validators and errors."""
        years = sorted({b.bill.session for b in item.bills} | self.state.in_bulk_sessions)
        parts = []
        for n, year in enumerate(years or [self.session]):
            part = BulkItem(
                session=year,
                source_url=item.source_url,
                fetched=item.fetched,
                not_modified=item.not_modified if n == 0 else [],
                bills=[b for b in item.bills if b.bill.session == year],
                actions=[a for a in item.actions if a.bill.session == year],
                committees=item.committees,
                subjects=[(b, s) for b, s in item.subjects if b.session == year],
                bulk_sha={
                    k: v for k, v in item.bulk_sha.items() if cga.split_bill_id(k).session == year
                },
                legislators=item.legislators if n == 0 else [],
                legislators_session=item.legislators_session if n == 0 else None,
                errors=item.errors if n == 0 else [],
                ok_urls=item.ok_urls if n == 0 else [],
            )
            parts.append(part)
        return parts

    def _first_texts(self, item: BulkItem, selected: dict[BillId, dict[str, str]]) -> Iterator[Any]:
        """Each bill of the bulk files not selected and never read gets its status page and
        first text fetched (two requests), so lineage can compare it with the watched bills
        (docs/cga-site.md, "Statute references").  Not with --bills or --all."""
        if self.named or self.all_bills:
            return
        listed = {b.bill for b in item.bills}
        listed |= {
            cga.split_bill_id(b)
            for b in self.state.bills
            if cga.split_bill_id(b).session in self.state.in_bulk_sessions
        }
        for bill in sorted(listed - set(selected)):
            bill_id = str(bill)
            if bill_id in self.state.deep_crawled or bill_id in self._crawled:
                continue
            retry = any(
                not self._deferred(u, count=False) for u in self.state.error_bills.get(bill_id, [])
            )
            if bill_id in self.state.first_text and not retry:
                continue
            recent = self._age(self.state.not_found.get(bill_id)) < self.recheck_after
            if bill_id in self.state.not_found and not retry and recent:
                continue
            self.crawler.stats.inc_value("billwatch/first_text_requested")
            yield from self._status_request(
                bill, {}, self._bulk_current.get(bill_id), first_text=True
            )

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

    def _parse_bulk_bodies(self, item: BulkItem) -> None:
        """Parse what changed; history and subjects map to sessions via bill_info
        (this run's if it changed, else the stored bills).  A file that fails to parse, or
        parses to nothing where bills were expected, is an error: never "0 new"."""
        numbers = dict(self.state.bulk_numbers)
        latest: int | None = None  # the latest session bill_info.csv lists
        for name in (
            "bill_info.csv",
            "committee.csv",
            "bill_history.csv",
            "subject.csv",
            legislators.FILE,
        ):
            body = self._bulk_bodies.get(name)
            if body is None:
                continue
            url = item.fetched[name].url
            try:
                if name == "bill_info.csv":
                    bills, problems = bulk.parse_bill_info(body)
                    item.bills = [b for b in bills if b.bill.session in self.sessions]
                    numbers = bulk.sessions_by_number(bills)
                    latest = max((b.bill.session for b in bills), default=None)
                    numbers = {k: v for k, v in numbers.items() if v in self.sessions}
                    item.errors += [FetchError(url, f"{p.where}: {p.what}") for p in problems]
                    self._expect_bills(name, url, bills, item)
                elif name == "committee.csv":
                    item.committees = bulk.parse_committees(body)
                elif name == "bill_history.csv":
                    actions, problems = bulk.parse_bill_history(body, numbers)
                    item.actions = actions
                    item.bulk_sha = bulk.history_hashes(actions)
                    item.errors += [FetchError(url, f"{p.where}: {p.what}") for p in problems]
                    if numbers and not actions and bulk.has_rows(body):
                        raise PageError(
                            f"{name}: no row belongs to a bill of session {self._sessions_text}"
                        )
                elif name == "subject.csv":
                    item.subjects = bulk.parse_subjects(body, numbers)
                elif name == legislators.FILE:
                    # Current members only: of the session the bulk files describe now.
                    members, problems = legislators.parse_legislators(body)
                    item.legislators = members
                    item.legislators_session = latest or self.state.bulk_session or self.session
                    item.errors += [FetchError(url, f"{p.where}: {p.what}") for p in problems]
            except Exception as exc:
                reason = str(exc) if isinstance(exc, PageError) else f"{type(exc).__name__}: {exc}"
                item.errors.append(
                    FetchError(url, reason if name in reason else f"{name}: {reason}")
                )
                item.fetched.pop(name)  # its validators are not kept: fetched again next run
                if name == "bill_info.csv":
                    item.bills = []
                if name == legislators.FILE:
                    item.legislators, item.legislators_session = [], None
        self._bulk_bodies.clear()  # several MB: do not keep for the whole crawl

    @property
    def _sessions_text(self) -> str:
        return ", ".join(map(str, self.sessions))

    def _expect_bills(self, name: str, url: str, bills: list, item: BulkItem) -> None:
        """bill_info.csv must list bills; and a session's, if it listed them before."""
        if not bills:
            raise PageError(f"{name}: no bill could be read from the file")
        listed = {b.bill.session for b in item.bills}
        before = self.state.in_bulk_sessions or ({self.session} if self.state.in_bulk else set())
        gone = sorted(before - listed)
        if gone:
            raise PageError(
                f"{name} no longer lists any bill of session {', '.join(map(str, gone))} "
                "(it did before)"
            )

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
        item: BillItem = _request(failure).meta["item"]
        item.errors.append(FetchError(item.status_url, describe_failure(failure)))
        yield item

    def parse_status(self, response: Response) -> Iterator[Any]:
        item: BillItem = response.meta["item"]
        item.fetched = self._fetched(response, item.status_url)
        html = decode_html(response.body, charset_of(_header(response, "Content-Type")))
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

    def _version_docs(self, links: list[DocumentLink], item: BillItem) -> list[_Doc]:
        docs, seen = [], set()
        for link in links:
            document_url = link.url
            kind = classify_document(link.block, link.label, document_url)
            if kind not in VERSION_KINDS:
                continue
            urls = [link.url, *link.alt_urls]
            texts = [u for u in urls if u.lower().endswith((".htm", ".html", ".pdf"))]
            urls = [u for u in texts if self._in_scope(u, item.status_url, item)]
            htm = [u for u in urls if u.lower().endswith((".htm", ".html"))]
            pdf = [u for u in urls if u.lower().endswith(".pdf")]
            if htm:
                fetch_url, fmt = htm[0], "htm"
            elif pdf:
                fetch_url, fmt = pdf[0], "pdf"
            else:
                continue  # only a .docx: the document row records it
            if cga.url_key(fetch_url) in seen:
                continue
            seen.add(cga.url_key(fetch_url))
            docs.append(_Doc(kind, link.label, document_url, fetch_url, fmt))
        return docs

    def _next_version(self, item: BillItem, queue: list[_Doc]) -> Iterator[Any]:
        while queue:
            doc = queue.pop(0)
            if self._deferred(doc.fetch_url):
                continue
            yield self._request(
                doc.fetch_url,
                self.parse_version,
                self.version_failed,
                {"item": item, "queue": queue, "doc": doc},
                kind="pdf" if doc.format == "pdf" else "text",
            )
            return
        if item.first_text:
            yield item  # no testimony: only its text was wanted
            return
        yield from self._roll_calls(item)  # then the testimony listing

    # ------------------------------------------------------------------ testimony

    def _testimony_listing(self, item: BillItem) -> Iterator[Any]:
        bill = cga.split_bill_id(item.bill_id)
        canonical = cga.CANONICAL_ORIGIN + cga.testimony_path(bill)
        if self._deferred(canonical):
            yield item
            return
        yield self._request(
            canonical,
            self.parse_listing,
            self.listing_failed,
            {"item": item, "listing": canonical},
            conditional=False,  # an ASP page: no validators
        )

    def listing_failed(self, failure: Failure) -> Iterator[Any]:
        item: BillItem = _request(failure).meta["item"]
        item.errors.append(FetchError(_request(failure).meta["listing"], describe_failure(failure)))
        yield item

    def parse_listing(self, response: Response) -> Iterator[Any]:
        item: BillItem = response.meta["item"]
        listing = response.meta["listing"]
        html = decode_html(response.body, charset_of(_header(response, "Content-Type")))
        try:
            links = parse_testimony_listing(html, response.url)
        except PageError as exc:
            item.errors.append(FetchError(listing, str(exc)))
            yield item
            return
        item.testimony_listing = self._fetched(response, listing)
        item.ok_urls.append(listing)
        queue = []
        for link in links:
            if not self._in_scope(link.url, listing, item):
                continue
            name = parse_testimony_filename(link.url)
            fetch = TestimonyFetch(link.url, link.text, name)
            key = cga.url_key(link.url)
            if name.problems:
                item.errors.append(
                    FetchError(
                        link.url, "file name not fully understood: " + "; ".join(name.problems)
                    )
                )
            if key in self._testimony_seen:  # read for another bill in this run
                seen = self._testimony_seen[key]
                fetch.text, fetch.pages, fetch.warnings = seen.text, seen.pages, seen.warnings
                fetch.fetched = seen.fetched
                item.testimony.append(fetch)
            elif key in self.state.testimony:  # stored earlier: never downloaded again
                item.testimony.append(fetch)
            elif not self._deferred(link.url):
                queue.append(fetch)
        yield from self._next_testimony(item, queue)

    def _next_testimony(self, item: BillItem, queue: list[TestimonyFetch]) -> Iterator[Any]:
        if not queue:
            yield item
            return
        fetch = queue.pop(0)
        yield self._request(
            fetch.url,
            self.parse_testimony_pdf,
            self.testimony_failed,
            {"item": item, "queue": queue, "fetch": fetch},
            conditional=False,
            kind="pdf",
        )

    async def parse_testimony_pdf(self, response: Response) -> AsyncIterator[Any]:
        item: BillItem = response.meta["item"]
        fetch: TestimonyFetch = response.meta["fetch"]
        assert self.extractor is not None
        try:
            text = await self.extractor.pdf(response.body)
        except DocumentError as exc:
            item.errors.append(FetchError(fetch.url, str(exc)))
        else:
            fetch.fetched = self._fetched(response, fetch.url)
            fetch.text = text.text or None  # a scan: stored, flagged, text null
            fetch.pages = text.pages
            fetch.warnings = text.warnings
            item.testimony.append(fetch)
            self._testimony_seen[cga.url_key(fetch.url)] = fetch
            if not fetch.name.problems:
                item.ok_urls.append(fetch.url)
        for out in self._next_testimony(item, response.meta["queue"]):
            yield out

    def testimony_failed(self, failure: Failure) -> Iterator[Any]:
        meta = _request(failure).meta
        item: BillItem = meta["item"]
        item.errors.append(FetchError(meta["fetch"].url, describe_failure(failure)))
        yield from self._next_testimony(item, meta["queue"])

    async def parse_version(self, response: Response) -> AsyncIterator[Any]:
        item: BillItem = response.meta["item"]
        doc: _Doc = response.meta["doc"]
        assert self.extractor is not None
        if response.status == 304:
            item.not_modified.append(doc.fetch_url)
            item.ok_urls.append(doc.fetch_url)
        else:
            fetched = self._fetched(response, doc.fetch_url)
            try:
                text = await self.extractor.document(
                    response.body, _header(response, "Content-Type"), doc.fetch_url
                )
            except DocumentError as exc:
                item.errors.append(FetchError(doc.fetch_url, str(exc)))
            else:
                item.ok_urls.append(doc.fetch_url)
                # Read in this run: a deep crawl later in the run need not fetch it again.
                self.state.checked_at[cga.url_key(doc.fetch_url)] = fetched.fetched_at
                item.versions.append(
                    VersionFetch(
                        doc.kind,
                        doc.label,
                        doc.fetch_url,
                        doc.document_url,
                        doc.format,
                        fetched,
                        text,
                    )
                )
        for out in self._next_version(item, response.meta["queue"]):
            yield out

    def version_failed(self, failure: Failure) -> Iterator[Any]:
        meta = _request(failure).meta
        item: BillItem = meta["item"]
        item.errors.append(FetchError(meta["doc"].fetch_url, describe_failure(failure)))
        yield from self._next_version(item, meta["queue"])

    # ------------------------------------------------------------------ lineage's links

    def _read_stored(self, sql: str, params: list) -> list[tuple]:
        """What the pipeline has stored so far (each bill is committed before its
        ``item_scraped``): a read-only connection, kept for the run."""
        if self._reader is None:
            if not self.db_path:
                return []
            try:
                self._reader = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True)
            except sqlite3.Error:
                return []
        try:
            return self._reader.execute(sql, params).fetchall()
        except sqlite3.Error:  # an older database: no lineage tables
            return []

    def _joined_topics(self, bill_id: str) -> dict[str, str]:
        names = {t.name for t in self.topics}
        return {
            topic: why
            for topic, why in self._read_stored(
                "select topic, matched from bill_topics where bill_id = ?", [bill_id]
            )
            if topic in names
        }

    def item_stored(self, item: Any, response: Any = None, spider: Any = None) -> None:
        """After a bill's transaction: follow what lineage found in it (README, "Lineage").

        A bill read for its first text only that now belongs to a topic (a link to a
        watched bill, or a keyword on its page) is deep-crawled in this run; a watched bill
        that amends a public act no stored bill became has the act looked up."""
        if not isinstance(item, BillItem) or self.named or item.status is None:
            return
        topics = {**self._joined_topics(item.bill_id), **item.topics}
        if not item.first_text:
            self._crawled.add(item.bill_id)
            if self._follows_acts(topics):
                self._act_pending.append(item.bill_id)
        # This bill, or a bill it was just linked to, may have joined a topic.
        linked = [
            r[0]
            for r in self._read_stored(
                "select distinct related_id from related_bills where bill_id = ?", [item.bill_id]
            )
        ]
        for bill_id in [item.bill_id, *linked]:
            if bill_id in self._crawled:
                continue
            joined = self._joined_topics(bill_id) if bill_id != item.bill_id else topics
            if not joined:
                continue
            bill = cga.split_bill_id(bill_id)
            reason = self._due(bill, set()) if bill_id in self.state.deep_crawled else "related"
            if reason is None:
                continue
            self._crawled.add(bill_id)
            self.crawler.stats.inc_value(f"billwatch/deep_because/{reason}")
            for request in self._status_request(bill, joined, self._bulk_current.get(bill_id)):
                self._schedule(request)

    def on_idle(self, spider: Any = None) -> None:
        """``spider_idle``: the acts followed bills amend are looked up round after round
        (their bills crawled); only when none is left, the committees' calendars, so a bill
        an act lookup brought in has its committee's calendar read too."""
        self.look_up_acts()  # raises DontCloseSpider while it schedules lookups
        self.calendars_on_idle()

    def look_up_acts(self, spider: Any = None) -> None:
        """When every selected bill is stored: the acts followed bills amend that no
        stored bill became are looked up (then the acts' bills' own, round after round).
        Waiting for the idle engine keeps the answer independent of the crawl's order."""
        pending, self._act_pending = self._act_pending, []
        scheduled = 0
        for bill_id in dict.fromkeys(pending):
            for request in self._act_lookups(bill_id):
                self._schedule(request)
                scheduled += 1
        if scheduled:
            raise DontCloseSpider

    def _schedule(self, request: scrapy.Request) -> None:
        engine = self.crawler.engine
        assert engine is not None
        engine.crawl(request)

    @staticmethod
    def _follows_acts(topics: dict[str, str]) -> bool:
        """A bill a topic follows itself, or through a chain of acts amended."""
        return any(
            not why.startswith("related to ") or why.endswith(("(amends_act)", "(amended_by)"))
            for why in topics.values()
        )

    def _act_lookups(self, bill_id: str) -> Iterator[scrapy.Request]:
        acts = [
            r[0]
            for r in self._read_stored(
                "select distinct r.public_act from statute_refs r join lineage l "
                "on l.version_id = r.version_id where l.bill_id = ? "
                "and r.action in ('amends', 'repeals') and r.public_act is not null "
                "and not exists (select 1 from bills b where b.public_act = r.public_act) "
                "order by r.public_act",
                [bill_id],
            )
        ]
        asked = 0
        for act in acts:
            if act in self._acts_asked or act in self.state.known_acts:
                continue
            checked, found = self.state.act_lookups.get(act, (None, None))
            if found or (checked and self._age(checked) < self.recheck_after):
                continue  # answered before (a bill, or recently "no such act")
            year, number = act_year(act), int(act.split("-")[1])
            if year is None:
                continue
            if asked >= MAX_ACT_LOOKUPS:
                self.crawler.stats.inc_value("billwatch/act_lookups_skipped")
                continue
            canonical = cga.CANONICAL_ORIGIN + public_act_path(year, number)
            self._acts_asked.add(act)
            if self._deferred(canonical):
                continue
            asked += 1
            self.crawler.stats.inc_value("billwatch/act_lookups")
            yield self._request(
                canonical,
                self.parse_act_lookup,
                self.act_lookup_failed,
                {"act": act},
                conditional=False,  # an ASP page: no validators
            )

    def act_lookup_failed(self, failure: Failure) -> Iterator[Any]:
        meta = _request(failure).meta
        lookup = ActLookupItem(meta["act"], meta["canonical"])
        lookup.errors.append(FetchError(meta["canonical"], describe_failure(failure)))
        yield lookup

    def parse_act_lookup(self, response: Response) -> Iterator[Any]:
        """The bill that became an act: recorded, then deep-crawled from this very page
        (unless it is stored and fresh by the usual rules)."""
        act, canonical = response.meta["act"], response.meta["canonical"]
        lookup = ActLookupItem(act, canonical)
        html = decode_html(response.body, charset_of(_header(response, "Content-Type")))
        try:
            page = parse_status_page(html, response.url)
        except BillNotFound:
            lookup.ok_urls.append(canonical)
            yield lookup
            return
        except PageError as exc:
            lookup.errors.append(FetchError(canonical, str(exc)))
            yield lookup
            return
        bill = bill_from_label(page.bill_label, page.session)
        names_act = bill is not None and (
            any(public_act_number(d.label, d.url) == act for d in page.documents)
            or act in public_acts(h.text for h in page.history)
        )
        if bill is None or not names_act:
            lookup.errors.append(
                FetchError(
                    canonical,
                    f"public act {act} looked up, and the page answering is of "
                    f"{bill or page.bill_label!r}, which does not name that act",
                )
            )
            yield lookup
            return
        lookup.bill_id = str(bill)
        lookup.ok_urls.append(canonical)
        yield lookup
        if lookup.bill_id in self._crawled or self._due(bill, set()) is None:
            return
        self._crawled.add(lookup.bill_id)
        self.crawler.stats.inc_value("billwatch/deep_because/act_lookup")
        item = BillItem(bill_id=lookup.bill_id, status_url=cga.status_url(bill))
        item.fetched = self._fetched(response, canonical)
        yield from self._read_status(item, page, response)


def _request(failure: Failure) -> scrapy.Request:
    """The request a failure is about (Scrapy sets it on every errback's failure)."""
    return failure.request  # type: ignore[attr-defined]


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
