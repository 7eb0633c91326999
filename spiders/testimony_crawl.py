"""The testimony part of the bills spider (a mixin of ``BillsSpider``).

After a bill's texts and roll calls (``roll_call_crawl.py`` hands over with
``_testimony_listing``), its testimony listing page is fetched (an ASP page: no validators;
docs/cga-site.md, "Testimony"), then each listed PDF one after another (kind "pdf" budget),
read in the extraction workers; the bill's ``BillItem`` is yielded when the last is done.  A
PDF listed under two bills is downloaded once per run, and one stored earlier never again.  A
file name not fully understood, a PDF that cannot be read or a failed download is a
``FetchError`` on its URL; a scan is stored with its text null.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

import cga
from cga.records import BillItem, FetchError, PageError, TestimonyFetch
from cga.testimony import parse_testimony_filename

from .billtext import DocumentError
from .encoding import charset_of, decode_html
from .failures import describe_failure
from .responses import header, request_of
from .testimony import parse_testimony_listing

if TYPE_CHECKING:
    from scrapy.http import Response
    from twisted.python.failure import Failure


class TestimonyCrawl:
    """Testimony requests of ``BillsSpider``; uses its ``_request``, ``_deferred``,
    ``_in_scope`` and ``_fetched``."""

    # Provided by BillsSpider.
    state: Any
    extractor: Any
    _request: Any
    _deferred: Any
    _in_scope: Any
    _fetched: Any

    def _init_testimony(self) -> None:
        # Testimony PDFs read in this run, by url_key: a PDF listed under two bills
        # is downloaded once.
        self._testimony_seen: dict[str, TestimonyFetch] = {}

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
        item: BillItem = request_of(failure).meta["item"]
        item.errors.append(
            FetchError(request_of(failure).meta["listing"], describe_failure(failure))
        )
        yield item

    def parse_listing(self, response: Response) -> Iterator[Any]:
        item: BillItem = response.meta["item"]
        listing = response.meta["listing"]
        html = decode_html(response.body, charset_of(header(response, "Content-Type")))
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
        meta = request_of(failure).meta
        item: BillItem = meta["item"]
        item.errors.append(FetchError(meta["fetch"].url, describe_failure(failure)))
        yield from self._next_testimony(item, meta["queue"])
