"""The committee-calendar part of the bills spider (a mixin of ``BillsSpider``).

When the bills of the run are done (the spider is idle, every bill stored), the committees of
the selected bills (every committee with ``--all``) are read from the database, and each
committee's events JSON is fetched (docs/cga-site.md, "Committee calendars"), then the
agendas it links, one after another: one ``CalendarItem`` per committee, one transaction.
The JSON is a page (kind "page" budget, no validators: a PHP script); agendas are PDFs or
HTML (kinds "pdf"/"text"), read in the extraction workers.  Agenda links are scope-checked;
every problem is a ``FetchError`` naming the URL.

A committee's calendar is read when never read, with ``--force``, and while a selected bill's
session is in progress when its last reading is older than ``--refresh-hours``.  An agenda is
read when new, with ``--force`` (by conditional request), and, while its meeting is still to
come, again after ``--refresh-hours``; a past meeting's agenda is not read again.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DontCloseSpider

import cga
from cga.actions import session_finished
from cga.clock import ct_today
from cga.records import AgendaFetch, CalendarItem, FetchError, Meeting, PageError
from cga.urls import committee_events_url

from .billtext import DocumentError
from .meetings import parse_events, read_agenda
from .state import committees_of

if TYPE_CHECKING:
    from scrapy.http import Response
    from twisted.python.failure import Failure


class CalendarCrawl:
    """Calendar requests of ``BillsSpider``; uses its ``_request``, ``_deferred``,
    ``_in_scope``, ``_fetched`` and ``_age``."""

    # Provided by BillsSpider.
    session: int
    all_bills: bool
    force: bool
    db_path: str
    state: Any
    extractor: Any
    refresh_after: Any
    crawler: Any
    _request: Any
    _deferred: Any
    _in_scope: Any
    _fetched: Any
    _age: Any

    def _init_calendars(self) -> None:
        self._selected: set[str] = set()  # bill ids selected in this run (set by _select)
        self._calendars_asked = False

    def calendars_on_idle(self) -> None:
        """``spider_idle``: once the bills are done, ask for the committees' calendars."""
        if self._calendars_asked:
            return
        self._calendars_asked = True
        if not self.crawler.stats.get_value("downloader/response_count", 0):
            return  # the site answered nothing: do not knock again
        requests = [r for r in (self._calendar_request(c) for c in self._committees()) if r]
        self.crawler.stats.set_value("billwatch/calendars_due", len(requests))
        if not requests:
            return
        for request in requests:
            self.crawler.engine.crawl(request)
        raise DontCloseSpider

    def _committees(self) -> list[str]:
        if self.all_bills:
            return committees_of(self.db_path, None)
        return committees_of(self.db_path, self._selected)

    def _calendar_due(self, url: str) -> bool:
        checked = self.state.checked_at.get(cga.url_key(url))
        if self.force or checked is None or url in self.state.backoff:
            return True
        sessions = {cga.split_bill_id(b).session for b in self._selected} | {self.session}
        if all(session_finished(s) for s in sessions):
            return False
        return bool(self._age(checked) >= self.refresh_after)

    def _calendar_request(self, code: str) -> Any:
        url = committee_events_url(code)
        if not self._calendar_due(url) or self._deferred(url):
            return None
        return self._request(
            url,
            self.parse_calendar,
            self.calendar_failed,
            {"calendar": CalendarItem(code, url)},
            conditional=False,  # a PHP script: no validators
            kind="page",
        )

    def calendar_failed(self, failure: Failure) -> Iterator[Any]:
        from .bills_spider import describe_failure  # the spider imports this module

        item: CalendarItem = failure.request.meta["calendar"]  # type: ignore[attr-defined]
        item.errors.append(FetchError(item.url, describe_failure(failure)))
        yield item

    def parse_calendar(self, response: Response) -> Iterator[Any]:
        item: CalendarItem = response.meta["calendar"]
        try:
            meetings, problems = parse_events(response.body, item.committee, response.url)
        except PageError as exc:
            item.errors.append(FetchError(item.url, str(exc)))
            yield item
            return
        item.fetched = self._fetched(response, item.url)
        item.meetings = meetings
        if problems:
            item.errors.append(FetchError(item.url, "; ".join(problems)))
        else:
            item.ok_urls.append(item.url)
        queue: list[tuple[Meeting, AgendaFetch]] = []
        for meeting in meetings:
            url = meeting.agenda_url
            if not url or not self._in_scope(url, item.url, item):
                continue
            fetch = item.agendas[meeting.id] = AgendaFetch(url)
            if self._agenda_due(meeting) and not self._deferred(url):
                queue.append((meeting, fetch))
        self.crawler.stats.inc_value("billwatch/meetings_listed", len(meetings))
        yield from self._next_agenda(item, queue)

    def _agenda_due(self, meeting: Meeting) -> bool:
        url = meeting.agenda_url or ""
        checked = self.state.checked_at.get(cga.url_key(url))
        if self.force or checked is None or url in self.state.backoff:
            return True
        upcoming = meeting.date >= ct_today().isoformat()
        return upcoming and bool(self._age(checked) >= self.refresh_after)

    def _next_agenda(
        self, item: CalendarItem, queue: list[tuple[Meeting, AgendaFetch]]
    ) -> Iterator[Any]:
        if not queue:
            yield item
            return
        meeting, fetch = queue.pop(0)
        yield self._request(
            fetch.url,
            self.parse_agenda,
            self.agenda_failed,
            {"calendar": item, "queue": queue, "meeting": meeting, "agenda": fetch},
            kind="pdf" if fetch.url.lower().endswith(".pdf") else "text",
        )

    async def parse_agenda(self, response: Response) -> AsyncIterator[Any]:
        meta = response.meta
        item: CalendarItem = meta["calendar"]
        fetch: AgendaFetch = meta["agenda"]
        if response.status == 304:
            fetch.not_modified = True
            item.not_modified.append(fetch.url)
            item.ok_urls.append(fetch.url)
        else:
            fetched = self._fetched(response, fetch.url)
            content_type = response.headers.get("Content-Type")
            try:
                text = await self.extractor.document(
                    response.body,
                    content_type.decode("latin-1") if content_type else None,
                    fetch.url,
                )
            except DocumentError as exc:
                why = str(exc).removeprefix(f"{fetch.url}: ")
                item.errors.append(FetchError(fetch.url, f"agenda not read: {why}"))
            else:
                fetch.fetched = fetched
                fetch.read = read_agenda(text.text, meta["meeting"])
                item.ok_urls.append(fetch.url)
        for out in self._next_agenda(item, meta["queue"]):
            yield out

    def agenda_failed(self, failure: Failure) -> Iterator[Any]:
        from .bills_spider import describe_failure  # the spider imports this module

        meta = failure.request.meta  # type: ignore[attr-defined]
        item: CalendarItem = meta["calendar"]
        item.errors.append(FetchError(meta["agenda"].url, describe_failure(failure)))
        yield from self._next_agenda(item, meta["queue"])
