"""CalendarStore: one committee's calendar stored (``CalendarItem``: its meetings and
agendas), with the bills' hearing changes.  Part of ``StorePipeline``
(``pipelines/store.py``), inside the item's transaction.
"""

from __future__ import annotations

import logging
from collections import defaultdict

import cga
from cga.clock import now_iso
from cga.records import CalendarItem

from .changes import Change
from .errors import remember_fetches, touch_fetches
from .meetings import store_calendar
from .store_base import StoreBase

# Logged as the pipeline's own messages, as before the store was split into parts.
logger = logging.getLogger("pipelines.store")


class CalendarStore(StoreBase):
    def _store_calendar(self, item: CalendarItem) -> None:
        db, now = self.db, now_iso()
        result = store_calendar(db, item, now)
        fetched = [item.fetched] if item.fetched else []
        fetched += [a.fetched for a in item.agendas.values() if a.fetched is not None]
        remember_fetches(db, fetched)
        touch_fetches(db, item.not_modified, now)
        self._finish_fetches(item, None, now)
        for meeting, cited in result.unknown:  # reported once: when first stored
            logger.warning(
                "agenda of meeting %s cites %s, a bill billwatch does not hold", meeting, cited
            )
        self.stats.inc_value("billwatch/meetings_new", result.new)
        self.stats.inc_value("billwatch/meetings_moved", result.moved)
        self.stats.inc_value("billwatch/meetings_cancelled", result.cancelled)
        self.stats.inc_value("billwatch/citations_unknown", len(result.unknown))
        by_session: dict[int, list[Change]] = defaultdict(list)
        for change in self._hearings(result.changes, now):
            by_session[cga.split_bill_id(change.bill_id or "").session].append(change)
        for session, changes in sorted(by_session.items()):
            baseline = self._baseline_pending(session)
            news_since = self._news_since(session) if baseline else None
            self._record(changes, baseline, session, news_since)
