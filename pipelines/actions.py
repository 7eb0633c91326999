"""Reconcile a bill's history from two sources into one list without duplicates.

The bulk CSV says "SEN. PASSED", the status page "Senate Passed": ``stages.action_key``
maps both to one key (date + event), numbered when an event repeats on one day.
Existing actions are never dropped (a truncated page must not erase history); a
status-page text replaces a CSV text for the same key, which is kept in ``bulk_text``.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, replace

from cga.actions import action_key, classify

STATUS_PAGE, BULK, BOTH = "status_page", "bulk", "both"


@dataclass(frozen=True)
class Action:
    date: str
    code: str | None
    text: str
    key: str
    source: str
    bulk_text: str | None
    source_url: str
    fetched_at: str


def keyed(rows: list[tuple[str, str | None, str]]) -> list[tuple[str, tuple[str, str | None, str]]]:
    """Chronological (date, code, text) rows → (key, row), repeats numbered #0, #1…"""

    seen: Counter[str] = Counter()
    out = []
    for row in rows:
        base = action_key(row[0], row[2])
        out.append((f"{base}#{seen[base]}", row))
        seen[base] += 1
    return out


def merge_actions(
    existing: list[Action],
    incoming: list[tuple[str, str | None, str]],
    source: str,
    source_url: str,
    fetched_at: str,
) -> tuple[list[Action], list[Action]]:
    """(merged chronological list, actions that are new).  ``incoming`` is chronological."""
    if not existing:
        # A bill's first history (every bill of a session's first bulk file): every row is
        # new.  The general path places each after every action dated the same day or
        # earlier, which is a stable sort by date: the same result, without its search for
        # a place and its re-indexing after every insertion.
        bulk = source == BULK
        first = [
            Action(date, code, text, key, source, text if bulk else None, source_url, fetched_at)
            for key, (date, code, text) in keyed(incoming)
        ]
        return sorted(first, key=lambda a: a.date), first
    merged = list(existing)
    index = {a.key: i for i, a in enumerate(merged)}
    new: list[Action] = []
    for key, (date, code, text) in keyed(incoming):
        if key not in index:
            action = Action(
                date,
                code,
                text,
                key,
                source,
                text if source == BULK else None,
                source_url,
                fetched_at,
            )
            # After every action dated the same day or earlier: deterministic, and the
            # incoming order is kept among rows of one day.
            at = next((i for i in range(len(merged) - 1, -1, -1) if merged[i].date <= date), -1)
            merged.insert(at + 1, action)
            index = {a.key: i for i, a in enumerate(merged)}
            new.append(action)
            continue
        old = merged[index[key]]
        if source == STATUS_PAGE and old.source == BULK:
            merged[index[key]] = replace(
                old,
                text=text,
                code=code or old.code,
                source=BOTH,
                source_url=source_url,
                fetched_at=fetched_at,
            )
        elif source == BULK and old.source == STATUS_PAGE:
            merged[index[key]] = replace(old, source=BOTH, bulk_text=text, code=old.code or code)
    return merged, new


def action_rows(bill_id: str, actions: list[Action]) -> list[dict]:
    rows = []
    for seq, a in enumerate(actions, start=1):
        c = classify(a.text)
        rows.append(
            {
                "bill_id": bill_id,
                "seq": seq,
                "date": a.date,
                "code": a.code,
                "text": a.text,
                "stage": c.stage,
                "event": c.event,
                "chamber": c.chamber,
                "key": a.key,
                "source": a.source,
                "bulk_text": a.bulk_text,
                "source_url": a.source_url,
                "fetched_at": a.fetched_at,
            }
        )
    return rows


def load_actions(
    db, bill_ids: list[str] | None = None, session: int | None = None
) -> dict[str, list[Action]]:
    """Stored actions by bill, in seq order: of ``bill_ids``, or of a whole session."""
    sql = (
        "select bill_id, date, code, text, key, source, bulk_text, source_url, fetched_at "
        "from actions"
    )
    params: list = []
    if bill_ids is not None:
        # One parameter however many bills (SQLite caps the number of parameters).
        sql += " where bill_id in (select value from json_each(?))"
        params = [json.dumps(list(bill_ids))]
    elif session is not None:
        sql += " where bill_id in (select id from bills where session = ?)"
        params = [session]
    out: dict[str, list[Action]] = {}
    for row in db.execute(sql + " order by bill_id, seq", params).fetchall():
        out.setdefault(row[0], []).append(Action(*row[1:]))
    return out


ACTION_COLUMNS = (
    "bill_id",
    "seq",
    "date",
    "code",
    "text",
    "stage",
    "event",
    "chamber",
    "key",
    "source",
    "bulk_text",
    "source_url",
    "fetched_at",
)


def insert_actions(db, rows: list[dict]) -> None:
    """Plain executemany: sqlite-utils' insert_all inspects every dict (60,000 a session)."""
    if rows:
        db.conn.executemany(
            f"insert into actions ({', '.join(ACTION_COLUMNS)}) "
            f"values ({', '.join(':' + c for c in ACTION_COLUMNS)})",
            rows,
        )
