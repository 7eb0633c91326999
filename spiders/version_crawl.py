"""The text-versions part of the bills spider (a mixin of ``BillsSpider``).

A bill's status page lists its documents; those that are versions of its text
(``cga.vocab.VERSION_KINDS``: its texts, file copies, amendments, the public act) are
fetched one after another in the bill's chain, the ``.htm`` copy preferred (it carries the
underline notation), else the PDF (kinds "text"/"pdf" budgets), and read in the extraction
workers (``spiders/billtext.py``; docs/cga-site.md, "Documents" and "Bill text").  A stored
document is asked again, by conditional request, only when due (``BillsSpider._recheck``);
a 304 keeps what is stored.  When the texts are done the bill's roll calls follow
(``roll_call_crawl.py``), unless only its first text was wanted.  Every failure is a
``FetchError`` on the document's URL.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import cga
from cga.documents import classify_document
from cga.records import BillItem, DocumentLink, FetchError, VersionFetch
from cga.vocab import VERSION_KINDS

from .billtext import DocumentError
from .failures import describe_failure
from .responses import header, request_of

if TYPE_CHECKING:
    from scrapy.http import Response
    from twisted.python.failure import Failure


@dataclass
class _Doc:
    kind: str
    label: str
    document_url: str  # canonical
    fetch_url: str  # canonical URL of the body to fetch (.htm preferred, else PDF)
    format: str


class VersionCrawl:
    """Text-version requests of ``BillsSpider``; uses its ``_request``, ``_deferred``,
    ``_in_scope``, ``_fetched`` and, when the texts are done, ``_roll_calls``
    (roll_call_crawl.py)."""

    # Provided by BillsSpider.
    state: Any
    extractor: Any
    _request: Any
    _deferred: Any
    _in_scope: Any
    _fetched: Any
    _roll_calls: Any

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
                    response.body, header(response, "Content-Type"), doc.fetch_url
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
        meta = request_of(failure).meta
        item: BillItem = meta["item"]
        item.errors.append(FetchError(meta["doc"].fetch_url, describe_failure(failure)))
        yield from self._next_version(item, meta["queue"])
