"""The roll-call part of the bills spider (a mixin of ``BillsSpider``).

Where roll calls come from (docs/cga-site.md, "Roll calls"):

- each deep-crawled bill's document tables ("House Roll Call Vote 188 AS AMENDED"): fetched
  after the bill's texts, in the bill's chain of requests, so they are stored in its
  transaction;
- with ``--all``, the session's vote folders, listed once after the bulk step (over FTP on
  the real site, as a directory listing of links on a copy).  The listing is stored first
  (``VoteFolderItem``); every listed file is then pending until its bill's transaction
  stores it, and a bill with a pending file is due (reason ``roll_calls``) — so a run killed
  between the two loses nothing.

PDFs are read in the extraction workers (``Extractor.pdf_pages``, kind "pdf" budget), HTML
documents in-process (kind "text" budget); ``spiders/roll_calls.py`` turns the text into a
record and ``cga.votes`` checks it against its own printed totals.  Every problem is a
``FetchError`` on the document's URL; a file that is not a roll call on a bill is kept
with the reason it was skipped.

A session's folders are listed when never listed, with ``--force``, and while the session is
in progress when the last listing is older than ``--refresh-hours``; a finished session's
folders are not listed again (a no-change refresh stays a handful of requests).
"""

from __future__ import annotations

import asyncio
import ftplib
import hashlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import cga
from cga.actions import session_finished
from cga.clock import now_iso
from cga.documents import classify_document
from cga.ids import BillId
from cga.records import (
    BillItem,
    Fetched,
    FetchError,
    RollCall,
    RollCallFetch,
    VoteFolderItem,
)
from cga.votes import consistency_problems, label_parts, parse_vote_filename, totals_problems

from . import vote_folders
from .billtext import DocumentError
from .encoding import charset_of, decode_html
from .roll_calls import NotARollCall, parse_roll_call_html, parse_roll_call_pages

if TYPE_CHECKING:
    from scrapy.http import Response
    from twisted.python.failure import Failure


class RollCallCrawl:
    """Roll-call requests of ``BillsSpider``; uses its ``_request``, ``_deferred``,
    ``_recheck``, ``_in_scope``, ``_fetched``, ``_age``, ``_testimony_listing`` and
    ``_crawl_bills`` (the selection that follows the bulk step)."""

    # Provided by BillsSpider.
    session: int
    all_bills: bool
    force: bool
    state: Any
    scope: Any
    extractor: Any
    refresh_after: Any
    crawler: Any
    _request: Any
    _deferred: Any
    _recheck: Any
    _in_scope: Any
    _fetched: Any
    _age: Any
    _testimony_listing: Any
    _crawl_bills: Any

    def _init_roll_calls(self) -> None:
        self._folder_item: VoteFolderItem | None = None
        self._folders_pending: set[str] = set()
        self._ftp_listed: dict[str, list[str] | str | None] = {}  # path -> names | missing | error
        self._listed: dict[str, list[str]] = {}  # bill id -> roll-call URLs listed in this run

    # ------------------------------------------------------------------ vote folders

    def _folders_due(self) -> list[str]:
        if not self.all_bills:
            return []
        due = []
        for path in vote_folders.folder_paths(self.session):
            url = vote_folders.folder_url(path, self.scope.live)
            listed_at = self.state.checked_at.get(cga.url_key(url))
            if (
                self.force
                or listed_at is None
                or (
                    not session_finished(self.session)
                    and self._age(listed_at) >= self.refresh_after
                )
            ):
                due.append(path)
        return due

    async def _list_ftp_folders(self) -> None:
        """The real site's vote folders, over FTP (before the bulk step: ftplib blocks, so
        it runs in a thread)."""
        for path in self._folders_due():
            url = vote_folders.folder_url(path, live=True)
            try:
                names: list[str] | str | None = await asyncio.to_thread(vote_folders.ftp_names, url)
            except vote_folders.FolderMissing:
                names = None
            except (OSError, ftplib.Error) as exc:
                names = f"FTP listing failed: {type(exc).__name__}: {exc}"
            self._ftp_listed[path] = names

    def _vote_folders(self) -> Iterator[Any]:
        """After the bulk step: list the vote folders (HTTP requests on a copy; the FTP
        listing taken at start on the real site), then go on with the bills."""
        paths = self._folders_due()
        if not paths:
            yield from self._crawl_bills()
            return
        item = self._folder_item = VoteFolderItem(session=self.session)
        if self.scope.live:
            for path, names in self._ftp_listed.items():
                url = vote_folders.folder_url(path, live=True)
                if isinstance(names, str):
                    item.errors.append(FetchError(url, names))
                    continue
                item.listings.append(_listing_fetch(url, "\n".join(names or [])))
                item.ok_urls.append(url)
                item.files += [(vote_folders.file_url(path, n), url) for n in names or []]
            yield from self._folders_done()
            return
        self._folders_pending = set(paths)
        for path in paths:
            yield self._request(
                vote_folders.folder_url(path, live=False),
                self.parse_vote_folder,
                self.vote_folder_failed,
                {"folder_path": path},
                kind="page",
            )

    def parse_vote_folder(self, response: Response) -> Iterator[Any]:
        item = self._folder_item
        assert item is not None
        path, canonical = response.meta["folder_path"], response.meta["canonical"]
        if response.status == 304:
            item.not_modified.append(canonical)
        else:
            html = decode_html(response.body, charset_of(_header(response, "Content-Type")))
            files = vote_folders.parse_listing(html, response.url, path)
            item.listings.append(self._fetched(response, canonical))
            item.files += [(f, canonical) for f in files]
        item.ok_urls.append(canonical)
        yield from self._folder_done(path)

    def vote_folder_failed(self, failure: Failure) -> Iterator[Any]:
        from .bills_spider import describe_failure  # the spider imports this module

        item = self._folder_item
        assert item is not None
        meta = failure.request.meta  # type: ignore[attr-defined]
        canonical = meta["canonical"]
        status = getattr(getattr(failure.value, "response", None), "status", None)
        if status == 404:  # no such folder in this session (another layout): listed empty
            item.listings.append(_listing_fetch(canonical, ""))
            item.ok_urls.append(canonical)
        else:
            item.errors.append(FetchError(canonical, describe_failure(failure)))
        yield from self._folder_done(meta["folder_path"])

    def _folder_done(self, path: str) -> Iterator[Any]:
        self._folders_pending.discard(path)
        if not self._folders_pending:
            yield from self._folders_done()

    def _folders_done(self) -> Iterator[Any]:
        item = self._folder_item
        assert item is not None
        for url, _folder in item.files:
            bill = parse_vote_filename(url).bill
            if bill is not None and cga.url_key(url) not in self.state.vote_files_done:
                self._listed.setdefault(str(bill), []).append(url)
        self.crawler.stats.set_value("billwatch/vote_files_listed", len(item.files))
        yield item
        yield from self._crawl_bills()

    def _pending(self, bill_id: str) -> list[str]:
        return [*self._listed.get(bill_id, []), *self.state.pending_votes.get(bill_id, [])]

    def _roll_calls_due(self, bill: BillId) -> str | None:
        """ "roll_calls" when a vote folder listed a file of the bill that no crawl stored
        (and that is not waiting for a retry: those are the retry rule's)."""
        pending = self._pending(str(bill))
        return "roll_calls" if any(u not in self.state.backoff for u in pending) else None

    # ------------------------------------------------------------------ a bill's roll calls

    def _roll_call_fetch(
        self, bill: BillId, url: str, found_on: str, label: str | None, listed: bool
    ) -> RollCallFetch:
        file = parse_vote_filename(url)
        chamber, number, _ = label_parts(label)
        if file.vote_id is None and chamber and number:
            # A linked document whose name does not say: the label does.
            file = replace(file, session=bill.session, chamber=chamber, number=number)
        fetch = RollCallFetch(url, file, found_on, label)
        if file.vote_id is None:
            fetch.skipped = file.problem or "the file name gives no roll-call number"
        elif listed and file.bill is None:
            fetch.skipped = f"no bill in the file name {file.name!r}"
        return fetch

    def _roll_call_queue(self, item: BillItem) -> list[RollCallFetch]:
        bill = cga.split_bill_id(item.bill_id)
        page = item.status
        assert page is not None
        fetches: list[RollCallFetch] = []
        seen: set[str] = set()
        for link in page.documents:
            if classify_document(link.block, link.label, link.url) != "roll_call":
                continue
            docs = [
                u
                for u in (link.url, *link.alt_urls)
                if u.lower().endswith(vote_folders.DOCUMENT_SUFFIXES)
            ]
            pdfs = [u for u in docs if u.lower().endswith(".pdf")]
            if not docs or not self._in_scope((pdfs or docs)[0], item.status_url, item):
                continue  # the documents row records it
            url = (pdfs or docs)[0]
            if cga.url_key(url) not in seen:
                seen.add(cga.url_key(url))
                fetches.append(self._roll_call_fetch(bill, url, item.status_url, link.label, False))
        for url in self._pending(item.bill_id):
            if cga.url_key(url) not in seen:
                seen.add(cga.url_key(url))
                folder = url.rsplit("/", 1)[0] + "/"
                fetches.append(self._roll_call_fetch(bill, url, folder, None, True))
        return fetches

    def _roll_calls(self, item: BillItem) -> Iterator[Any]:
        """After the bill's texts: its roll calls, one after another, then its testimony."""
        bill = cga.split_bill_id(item.bill_id)
        item.roll_calls = []
        queue = []
        for fetch in self._roll_call_queue(item):
            done = cga.url_key(fetch.url) in self.state.vote_files_done
            if fetch.skipped:
                if not done:
                    item.roll_calls.append(fetch)  # recorded once, never fetched
            elif not done or self._recheck(bill, fetch.url):
                queue.append(fetch)
        yield from self._next_roll_call(item, queue)

    def _next_roll_call(self, item: BillItem, queue: list[RollCallFetch]) -> Iterator[Any]:
        while queue:
            fetch = queue.pop(0)
            if self._deferred(fetch.url):
                continue
            yield self._request(
                fetch.url,
                self.parse_roll_call,
                self.roll_call_failed,
                {"item": item, "queue": queue, "fetch": fetch},
                # Only a stored document is asked "changed since?": one still pending is
                # read whole, and one with a known problem is read again, so the problem is.
                conditional=cga.url_key(fetch.url) in self.state.vote_files_done
                and fetch.url not in self.state.backoff,
                kind="pdf" if fetch.url.lower().endswith(".pdf") else "text",
            )
            return
        yield from self._testimony_listing(item)

    async def _read(self, response: Response, fetch: RollCallFetch) -> RollCall:
        body = response.body
        if fetch.url.lower().endswith(".pdf") or body.find(b"%PDF-", 0, 1024) >= 0:
            pages = await self.extractor.pdf_pages(body)
            if not any(p.strip() for p in pages):
                raise DocumentError(
                    "no extractable text (scanned?): a roll call is read from its text"
                )
            return parse_roll_call_pages(pages)
        html = decode_html(body, charset_of(_header(response, "Content-Type")))
        if not html.strip():
            raise DocumentError("empty body")
        return parse_roll_call_html(html)

    async def parse_roll_call(self, response: Response) -> AsyncIterator[Any]:
        item: BillItem = response.meta["item"]
        fetch: RollCallFetch = response.meta["fetch"]
        assert item.roll_calls is not None
        if response.status == 304:
            item.not_modified.append(fetch.url)
            item.ok_urls.append(fetch.url)
        else:
            fetch.fetched = self._fetched(response, fetch.url)
            try:
                rc = await self._read(response, fetch)
            except DocumentError as exc:
                item.errors.append(FetchError(fetch.url, str(exc)))
            except NotARollCall as exc:
                fetch.skipped = str(exc)
                item.roll_calls.append(fetch)
                item.ok_urls.append(fetch.url)
            else:
                fetch.roll_call = rc
                item.roll_calls.append(fetch)
                bill = cga.split_bill_id(item.bill_id)
                problems = [
                    *rc.problems,
                    *totals_problems(rc),
                    *consistency_problems(rc, fetch.file, bill),
                ]
                if problems:
                    what = f"roll call {fetch.file.vote_id}: " + "; ".join(problems)
                    item.errors.append(FetchError(fetch.url, what))
                else:
                    item.ok_urls.append(fetch.url)
        for out in self._next_roll_call(item, response.meta["queue"]):
            yield out

    def roll_call_failed(self, failure: Failure) -> Iterator[Any]:
        from .bills_spider import describe_failure  # the spider imports this module

        meta = failure.request.meta  # type: ignore[attr-defined]
        item: BillItem = meta["item"]
        item.errors.append(FetchError(meta["fetch"].url, describe_failure(failure)))
        yield from self._next_roll_call(item, meta["queue"])


def _listing_fetch(url: str, text: str) -> Fetched:
    """A folder listing as a fetch (its time is when the folder was last listed)."""
    body = text.encode("utf-8")
    return Fetched(url, now_iso(), hashlib.sha256(body).hexdigest(), size=len(body))


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
