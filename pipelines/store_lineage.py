"""LineageStore: a bill's lineage brought up to date with its ``related`` changes, the
refresh of every bill whose lineage is behind (one transaction each), and the public acts
looked up (``ActLookupItem``).  Part of ``StorePipeline`` (``pipelines/store.py``).
"""

from __future__ import annotations

import logging
import sqlite3
from collections import defaultdict
from dataclasses import replace

import cga
from cga.clock import now_iso
from cga.records import ActLookupItem

from .changes import Change, first_collection
from .lineage import stale_bills, update_lineage
from .store_base import StoreBase, immediate

# Logged as the pipeline's own messages, as before the store was split into parts.
logger = logging.getLogger("pipelines.store")


class LineageStore(StoreBase):
    def _store_act_lookup(self, item: ActLookupItem) -> None:
        """A public act looked up: which bill became it (or none), so it is not asked
        again (a failed lookup is an errors row, retried with backoff)."""
        now = now_iso()
        if not item.errors:
            self.db.execute(
                "insert or replace into act_lookups (public_act, url, bill_id, checked_at) "
                "values (?, ?, ?, ?)",
                [item.public_act, item.url, item.bill_id, now],
            )
        self._finish_fetches(item, None, now)

    def _lineage(
        self,
        bill_id: str,
        now: str,
        crawled_before: bool,
        baseline: bool,
        pending: list[Change] | tuple = (),
    ) -> None:
        """The bill's lineage, brought up to date (pipelines/lineage.py), and its
        ``related`` changes recorded, each in its own bill's session; they are baseline the
        first time lineage runs for a bill crawled before.  ``pending``: the bill's changes
        of this transaction not recorded yet (its new texts' dates)."""
        found = update_lineage(self.db, bill_id, now)
        if found is None:
            return
        found = [self._dated(c, pending) for c in found]
        self.stats.inc_value("billwatch/lineage_updated")
        if first_collection(self.db, bill_id, "related", now, crawled_before):
            found = [replace(c, baseline=True) for c in found]
        by_session: dict[int, list[Change]] = defaultdict(list)
        for change in found:
            by_session[cga.split_bill_id(change.bill_id or bill_id).session].append(change)
        for session, changes in sorted(by_session.items()):
            self._record(changes, baseline, session)

    def _dated(self, change: Change, pending: list[Change] | tuple) -> Change:
        """A related change dated like the text that made the link: the compared text of
        the bill that says it (its version change's date, the document's Last-Modified)."""
        if change.event_date is not None:
            return change
        row = self.db.execute(
            "select version_id from lineage where bill_id = ?", [change.bill_id]
        ).fetchone()
        if row is None or row[0] is None:
            return change
        dates = {c.ref: c.event_date for c in pending if c.kind == "version"}
        date = dates.get(row[0])
        if date is None:
            found = self.db.execute(
                "select event_date from changes where bill_id = ? and kind = 'version' and ref = ?",
                [change.bill_id, row[0]],
            ).fetchone()
            date = found[0] if found else None
        return replace(change, event_date=date) if date else change

    def _refresh_lineage(self) -> None:
        """Bills whose lineage is behind their texts or public act (a bulk file told the
        act; a database from before lineage): each brought up to date, one transaction
        each."""
        for bill_id in stale_bills(self.db):
            bill = cga.split_bill_id(bill_id)
            try:
                with immediate(self.db):
                    row = self.db.execute(
                        "select deep_crawled_at from bills where id = ?", [bill_id]
                    ).fetchone()
                    crawled_before = bool(row and row[0] and row[0] < self.run_started)
                    baseline = self._baseline_pending(bill.session)
                    self._lineage(bill_id, now_iso(), crawled_before, baseline)
            except sqlite3.Error as exc:
                logger.error("could not update the lineage of %s: %s", bill_id, exc)
                self.stats.inc_value("billwatch/store_failures")
