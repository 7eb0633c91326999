"""BulkStore: a session's bulk files stored (``BulkItem``: committees, bills, subjects, the
actions of bill_history.csv with the progress they make, the members file), with their
changes.  Part of ``StorePipeline`` (``pipelines/store.py``), inside the item's transaction.
"""

from __future__ import annotations

from collections import defaultdict

import sqlite_utils

import cga
from cga.clock import now_iso
from cga.records import BulkItem
from cga.urls import LEGISLATOR_FILE

from . import actions as act
from .bills import (
    bill_progress,
    bill_skeleton,
    committee_codes,
    progress_changes,
    progress_fields,
)
from .changes import Change
from .errors import remember_fetches
from .legislators import store_legislators
from .meetings import link_bill
from .store_base import StoreBase, action_change


class BulkStore(StoreBase):
    def _store_bulk(self, item: BulkItem) -> None:
        db, now, session = self.db, now_iso(), item.session
        self._ensure_session(session, in_bulk=bool(item.bills))
        baseline = self._baseline_pending(session)
        news_since = self._news_since(session) if baseline else None
        info = item.fetched.get("bill_info.csv")
        changes: list[Change] = []
        first_action: dict[str, str] = {}  # bill -> date of its first action in the file
        for a in item.actions:
            known = first_action.get(str(a.bill))
            if known is None or a.date < known:
                first_action[str(a.bill)] = a.date

        if item.committees:
            src = item.fetched["committee.csv"]
            db.conn.executemany(
                "insert or replace into committees (code, name, source_url, fetched_at) "
                "values (?, ?, ?, ?)",
                [(c, n, src.origin, src.fetched_at) for c, n in item.committees],
            )

        existing = {
            r[0]: r[1:]
            for r in db.execute(
                "select id, title, deep_crawled_at from bills where session = ?", [session]
            ).fetchall()
        }
        if info is not None:
            new_rows, title_updates = [], []
            for b in item.bills:
                bill_id = str(b.bill)
                if bill_id not in existing:
                    row = bill_skeleton(b.bill, info.origin, info.fetched_at)
                    row["title"] = b.title
                    new_rows.append(row)
                    existing[bill_id] = (b.title, None)
                    changes.append(
                        Change(
                            bill_id,
                            "bill",
                            f"bill|{bill_id}",
                            f"{bill_id}: new bill — {b.title}",
                            cga.status_url(b.bill),
                            event_date=first_action.get(bill_id),
                        )
                    )
                elif existing[bill_id][1] is None and existing[bill_id][0] != b.title:
                    # Deep-crawled bills take their title from the status page.
                    title_updates.append((b.title, info.origin, info.fetched_at, bill_id))
            if new_rows:
                db.table("bills").insert_all(new_rows, batch_size=500)
                # Agendas that cited a bill before billwatch held it (one look for all).
                waiting = {
                    r[0]
                    for r in db.execute(
                        "select distinct cited from meeting_bills where bill_id is null"
                    ).fetchall()
                }
                cited = [row["id"] for row in new_rows if row["id"] in waiting]
                changes += self._hearings([c for b in cited for c in link_bill(db, b)], now)
            db.conn.executemany(
                "update bills set title = ?, source_url = ?, fetched_at = ? where id = ?",
                title_updates,
            )
            self.stats.inc_value("billwatch/bills_new", len(new_rows))

        if "subject.csv" in item.fetched:
            src = item.fetched["subject.csv"]
            by_bill: dict[str, set[str]] = defaultdict(set)
            for bill, subject in item.subjects:
                if str(bill) in existing:
                    by_bill[str(bill)].add(subject)
            db.execute(
                "delete from subjects where bill_id in (select id from bills where session = ?)",
                [session],
            )
            db.conn.executemany(
                "insert into subjects (bill_id, subject, source_url, fetched_at) "
                "values (?, ?, ?, ?)",
                [
                    (b, s, src.origin, src.fetched_at)
                    for b, ss in by_bill.items()
                    for s in sorted(ss)
                ],
            )

        if "bill_history.csv" in item.fetched:
            changes += self._bulk_actions(item, existing)
            db.conn.executemany(
                "update bills set bulk_sha = :sha where id = :id and bulk_sha is not :sha",
                [
                    {"sha": sha, "id": bill_id}
                    for bill_id, sha in item.bulk_sha.items()
                    if bill_id in existing
                ],
            )

        members = item.fetched.get(LEGISLATOR_FILE)
        if members is not None and item.legislators_session is not None:
            changed = store_legislators(db, item.legislators, item.legislators_session, members)
            self.stats.inc_value("billwatch/legislators_changed", changed)

        fetched = list(item.fetched.values())
        remember_fetches(self.db, fetched)
        self._finish_fetches(item, None, now)
        self._record(changes, baseline, session, news_since)

    def _bulk_actions(self, item: BulkItem, existing: dict) -> list[Change]:
        db, session = self.db, item.session
        src = item.fetched["bill_history.csv"]
        bills = {
            r["id"]: r
            for r in db.query(
                "select id, stage, outcome, committee, bulk_sha from bills where session = ?",
                [session],
            )
        }
        # A bill whose rows hash as they did when they were last merged is skipped unread:
        # merging the same rows again adds nothing and moves nothing (merge_actions keeps
        # every stored action, and a status-page text already met these rows).  A changed
        # file with a few changed rows then costs a few bills, not the session.
        incoming: dict[str, list[tuple[str, str | None, str]]] = defaultdict(list)
        for a in item.actions:
            bill_id = str(a.bill)
            if bill_id in existing:
                incoming[bill_id].append((a.date, a.code, a.text))
        for bill_id in [b for b in incoming if b in bills]:
            if bills[bill_id]["bulk_sha"] == item.bulk_sha.get(bill_id, ""):
                del incoming[bill_id]
        stored = act.load_actions(db, bill_ids=list(incoming))
        committees = committee_codes(db)
        changes: list[Change] = []
        rewrite: list[str] = []
        rows: list[dict] = []
        updates: list[dict] = []
        for bill_id, rows_in in incoming.items():
            # The CSV is ordered by bill, not always by time: sort stably by date.
            rows_in.sort(key=lambda r: r[0])
            merged, new = act.merge_actions(
                stored.get(bill_id, []), rows_in, act.BULK, src.origin, src.fetched_at
            )
            if not new and merged == stored.get(bill_id, []):
                continue
            rewrite.append(bill_id)
            rows += act.action_rows(bill_id, merged)
            changes += [action_change(bill_id, a) for a in new]
            bill = cga.split_bill_id(bill_id)
            progress = bill_progress(bill, merged)
            fields = progress_fields(bill, merged, committees, progress=progress)
            changes += progress_changes(
                bill_id, bills.get(bill_id), fields, cga.status_url(bill), merged, progress
            )
            updates.append({"id": bill_id, **fields})
        if rewrite:
            db.conn.executemany("delete from actions where bill_id = ?", [(b,) for b in rewrite])
            act.insert_actions(db, rows)
            update_bills(db, updates)
        self.stats.inc_value("billwatch/actions_new", sum(1 for c in changes if c.kind == "action"))
        return changes


def update_bills(db: sqlite_utils.Database, updates: list[dict]) -> None:
    """Many bills' progress fields in one executemany (not one table lookup per bill)."""
    by_columns: dict[tuple[str, ...], list[dict]] = defaultdict(list)
    for u in updates:
        by_columns[tuple(sorted(k for k in u if k != "id"))].append(u)
    for columns, group in by_columns.items():
        sets = ", ".join(f"{c} = :{c}" for c in columns)
        db.conn.executemany(f"update bills set {sets} where id = :id", group)
