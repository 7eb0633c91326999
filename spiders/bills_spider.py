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
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
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
from cga.actions import session_finished
from cga.clock import now_iso
from cga.documents import classify_document
from cga.ids import BillId
from cga.records import (
    BillItem,
    BillNotFound,
    BulkItem,
    CalendarItem,
    DocumentLink,
    Fetched,
    FetchError,
    PageError,
    TestimonyFetch,
    VersionFetch,
)
from cga.testimony import parse_testimony_filename
from cga.urls import Scope
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
        # When the bills are done: the committees' calendars (calendar_crawl.py).
        crawler.signals.connect(spider.calendars_on_idle, signal=signals.spider_idle)
        return spider

    def __init__(
        self,
        session: int,
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
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.session = int(session)
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

    async def start(self):
        self.state = CrawlState.load(self.db_path, self.session)
        self.extractor = Extractor(self.budgets)
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
        yield item
        yield from self._vote_folders()  # with --all; then _crawl_bills

    def _crawl_bills(self) -> Iterator[Any]:
        """Select the bills and request the status page of each one due."""
        item = self._bulk_item
        assert item is not None
        # A bill's history moved when its bulk rows hash differently from what its last
        # stored deep crawl saw (crawled_bulk_sha advances only with that bill's own
        # transaction: a run killed after the bulk step still owes the bill a crawl).
        current = {**self.state.bulk_sha, **item.bulk_sha}
        moved = {
            bill_id
            for bill_id, sha in current.items()
            if bill_id in self.state.deep_crawled
            and sha != self.state.crawled_bulk_sha.get(bill_id)
        }
        for bill, topics in self._select(item).items():
            reason = self._due(bill, moved) or self._roll_calls_due(bill)
            if reason is None:
                self.crawler.stats.inc_value("billwatch/bills_fresh")
                continue
            self.crawler.stats.inc_value(f"billwatch/deep_because/{reason}")
            yield from self._status_request(bill, topics, current.get(str(bill)))

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
                    item.bills = [b for b in bills if b.bill.session == self.session]
                    numbers = bulk.sessions_by_number(bills)
                    latest = max((b.bill.session for b in bills), default=None)
                    numbers = {k: v for k, v in numbers.items() if v == self.session}
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
                            f"{name}: no row belongs to a bill of session {self.session}"
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

    def _expect_bills(self, name: str, url: str, bills: list, item: BulkItem) -> None:
        """bill_info.csv must list bills; and this session's, if it listed them before."""
        if not bills:
            raise PageError(f"{name}: no bill could be read from the file")
        if not item.bills and self.state.in_bulk:
            raise PageError(
                f"{name} no longer lists any bill of session {self.session} (it did before)"
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
        if self.named:
            pool = set(self.named)
        elif self.all_bills:
            pool = set(candidates) | named_by_topics
        else:
            pool = set(named_by_topics)
            pool |= {b for b, texts in candidates.items() if match_topics(self.topics, b, texts)}
        for bill in sorted(pool):
            selected[bill] = match_topics(self.topics, bill, candidates.get(bill, []))
        self._selected = {str(b) for b in selected}  # their committees' calendars follow
        self.crawler.stats.set_value("billwatch/bills_selected", len(selected))
        return selected

    # ------------------------------------------------------------------ deep crawl

    def _status_request(
        self, bill: BillId, topics: dict[str, str], bulk_sha: str | None
    ) -> Iterator[Any]:
        canonical = cga.status_url(bill)
        if self._deferred(canonical):
            return
        item = BillItem(bill_id=str(bill), status_url=canonical, topics=topics, bulk_sha=bulk_sha)
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
        bill = cga.split_bill_id(item.bill_id)
        if page.session != bill.session:
            item.errors.append(
                FetchError(
                    item.status_url,
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
            item.errors.append(FetchError(item.status_url, "; ".join(page.problems)))
        else:
            item.ok_urls.append(item.status_url)
        item.topics.update(match_topics(self.topics, bill, [page.title, page.statement_of_purpose]))
        docs = self._version_docs(page.documents, item)
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


def _request(failure: Failure) -> scrapy.Request:
    """The request a failure is about (Scrapy sets it on every errback's failure)."""
    return failure.request  # type: ignore[attr-defined]


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
