"""Lineage's part of the bills spider (a mixin of ``BillsSpider``): following the links
lineage finds (README, "Lineage"; docs/cga-site.md, "Statute references").

- Every bill of the bulk files that is not selected and was never read gets its status page
  and first text fetched, so lineage can compare it with the watched bills (not with
  ``--bills`` or ``--all``).
- After each bill's transaction (``item_stored``, on ``item_scraped``; not with
  ``--bills``), what the pipeline stored is read back through a read-only connection: a
  bill that now belongs to a topic (a link to a watched bill, or a keyword on its page) is
  deep-crawled in this run.
- When the spider is idle, the public acts followed bills amend that no stored bill became
  are looked up (at most ``MAX_ACT_LOOKUPS`` per bill per run), round after round; the bill
  that became an act is recorded (``ActLookupItem``) and deep-crawled from the page that
  answered.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy.exceptions import DontCloseSpider

import cga
from cga.actions import public_acts
from cga.documents import public_act_number
from cga.ids import BillId, bill_from_label
from cga.records import ActLookupItem, BillItem, BillNotFound, BulkItem, FetchError, PageError
from cga.statutes import act_year
from cga.urls import public_act_path
from cga.watchlist import Topic

from .encoding import charset_of, decode_html
from .failures import describe_failure
from .responses import header, request_of
from .status_page import parse_status_page

if TYPE_CHECKING:
    from scrapy.http import Response
    from twisted.python.failure import Failure

# Public acts looked up for one bill in one run, at most (an omnibus bill amends dozens;
# its acts are not the idea's lineage).  docs/security.md, "Budgets".
MAX_ACT_LOOKUPS = 10


class LineageCrawl:
    """Lineage's requests of ``BillsSpider``; uses its ``_request``, ``_deferred``,
    ``_fetched``, ``_age``, ``_due`` (the refresh policy), ``_status_request`` and
    ``_read_status`` (a bill's deep crawl)."""

    # Provided by BillsSpider.
    named: list[BillId]
    topics: list[Topic]
    all_bills: bool
    db_path: str
    state: Any
    recheck_after: Any
    crawler: Any
    _request: Any
    _deferred: Any
    _fetched: Any
    _age: Any
    _due: Any
    _status_request: Any
    _read_status: Any

    def _init_lineage(self) -> None:
        # Lineage (docs/cga-site.md, "Statute references"): bills crawled in this run, acts
        # looked up in it, the bulk hashes of the bills, and a read-only view of what the
        # pipeline has stored (read after each bill's transaction).
        self._crawled: set[str] = set()
        self._acts_asked: set[str] = set()
        self._act_pending: list[str] = []  # followed bills whose acts are looked up at idle
        self._bulk_current: dict[str, str | None] = {}
        self._reader: sqlite3.Connection | None = None

    def _close_reader(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None

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
        meta = request_of(failure).meta
        lookup = ActLookupItem(meta["act"], meta["canonical"])
        lookup.errors.append(FetchError(meta["canonical"], describe_failure(failure)))
        yield lookup

    def parse_act_lookup(self, response: Response) -> Iterator[Any]:
        """The bill that became an act: recorded, then deep-crawled from this very page
        (unless it is stored and fresh by the usual rules)."""
        act, canonical = response.meta["act"], response.meta["canonical"]
        lookup = ActLookupItem(act, canonical)
        html = decode_html(response.body, charset_of(header(response, "Content-Type")))
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
