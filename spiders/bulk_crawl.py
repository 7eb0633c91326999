"""The bulk step of the bills spider (a mixin of ``BillsSpider``).

The four bulk files and LegislatorDatabase.csv (docs/cga-site.md, "Bulk files") are requested
by ``BillsSpider.start`` (conditional requests; the FTP listing's sizes and times compared on
the real site).  Here each answer is kept until all are in, then the files that changed are
parsed (``spiders/bulk.py``, ``spiders/legislators.py``) into one ``BulkItem`` per session
they cover, each stored in one transaction; then the vote folders (``roll_call_crawl.py``)
and the bills' selection follow.  A file that fails, or parses to nothing where bills were
expected, is a ``FetchError`` on its URL: never "0 new".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import cga
from cga.records import BulkItem, FetchError, PageError

from . import bulk, legislators
from .failures import describe_failure
from .responses import request_of

if TYPE_CHECKING:
    from scrapy.http import Response
    from twisted.python.failure import Failure


class BulkCrawl:
    """The bulk files' answers of ``BillsSpider``; uses its ``_fetched`` and, when the step
    is done, ``_vote_folders`` (roll_call_crawl.py, which goes on to the bills)."""

    # Provided by BillsSpider.
    session: int
    sessions: list[int]
    state: Any
    _fetched: Any
    _vote_folders: Any

    def _init_bulk(self) -> None:
        self._bulk_pending: set[str] = set()
        self._bulk_bodies: dict[str, bytes] = {}
        self._bulk_item: BulkItem | None = None

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
        name = request_of(failure).meta["bulk_name"]
        assert self._bulk_item is not None
        self._bulk_item.errors.append(
            FetchError(request_of(failure).meta["canonical"], describe_failure(failure))
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
