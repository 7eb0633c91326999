"""The delivery ledger: ``deliveries`` and ``subscription_state`` (migration 070_deliveries).

An outbox.  Each run first *plans* in one read of the change log (``plan``): which new
changes match which subscription, which queued changes a due digest takes; the real run
writes that plan in one transaction (``apply``), so a change is in the ledger before
anything is sent.  Then each delivery is sent, and only after the receiver acknowledged it
is it marked sent, in its own short transaction.  A run killed at any point leaves every
change either acknowledged and marked, or pending (sent again by the next run with the same
delivery id), or acknowledged and still pending — the one case of a repeat, which carries
the same delivery id / Message-ID.

Where a subscription starts is the change log's last row when ``notify`` first ran with it
(``changes`` is append-only: its rowids only grow), so nothing logged before is sent; and
a change is matched once, when it is past the subscription's ``seen_rowid``.  A change whose
feed entry stands for another (a document link whose text is a version) is never sent: only
rows of the ``feed_entries`` view are.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from cga.clock import iso

from . import rules
from .subscriptions import Subscription

TABLES = ("deliveries", "subscription_state")
# What a search matches, as the search feed (metadata.yml, feed_search) has it.
SEARCH_SQL = """
select bills.id from bills
where bills.rowid in (select rowid from bills_fts where bills_fts match :q)
union
select versions.bill_id from versions
where versions.rowid in (select rowid from versions_fts where versions_fts match :q)
union
select testimony.bill_id from testimony
where testimony.rowid in (select rowid from testimony_fts where testimony_fts match :q)
"""
FTS_TABLES = ("bills_fts", "versions_fts", "testimony_fts")
CHUNK = 500


@dataclass
class State:
    subscription_id: str
    started_at: str
    start_rowid: int
    seen_rowid: int
    last_digest_at: str | None = None
    failures: int = 0
    failing_since: str | None = None
    next_try_at: str | None = None
    error: str | None = None


@dataclass
class Row:
    """One ledger row as a plan or a delivery sees it."""

    subscription_id: str
    change_id: str
    delivery_id: str | None
    status: str
    attempts: int = 0
    first_at: str = ""
    error: str | None = None


@dataclass
class Plan:
    now: str
    top_rowid: int
    started: list[str] = field(default_factory=list)  # subscriptions new in this run
    back_catalogue: int = 0  # changes logged before them (never sent to them)
    inserts: list[Row] = field(default_factory=list)
    promotions: list[Row] = field(default_factory=list)  # queued rows → pending
    digests: dict[str, str] = field(default_factory=dict)  # subscription → digest formed
    waiting: dict[str, int] = field(default_factory=dict)  # subscription → queued for a digest


@dataclass
class Delivery:
    subscription_id: str
    delivery_id: str
    change_ids: list[str]
    attempts: int
    first_at: str
    error: str | None
    digest: bool
    order: int = 0  # its first change's place in the log


def has_ledger(conn: sqlite3.Connection) -> bool:
    names = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    return all(t in names for t in TABLES)


def check_search(conn: sqlite3.Connection, q: str) -> str | None:
    """SQLite's reason when ``q`` is not a valid full-text query for every index, else None."""
    for table in FTS_TABLES:
        try:
            conn.execute(f"select rowid from {table} where {table} match ? limit 1", [q]).fetchall()
        except sqlite3.OperationalError as exc:
            return f"{exc} (searching {table})"
    return None


def states(conn: sqlite3.Connection) -> dict[str, State]:
    if not has_ledger(conn):
        return {}
    rows = conn.execute(
        "select subscription_id, started_at, start_rowid, seen_rowid, last_digest_at, failures,"
        " failing_since, next_try_at, error from subscription_state"
    ).fetchall()
    return {r[0]: State(*r) for r in rows}


def _queued(conn: sqlite3.Connection, sub_id: str) -> list[Row]:
    rows = conn.execute(
        "select d.change_id, d.first_at from deliveries as d join changes as c"
        " on c.id = d.change_id where d.subscription_id = ? and d.status = 'queued'"
        " order by c.rowid",
        [sub_id],
    ).fetchall()
    return [Row(sub_id, change_id, None, "queued", 0, first_at) for change_id, first_at in rows]


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _topics(conn: sqlite3.Connection, bill_ids: Sequence[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for chunk in _chunks(bill_ids):
        marks = ",".join("?" * len(chunk))
        sql = f"select bill_id, topic from bill_topics where bill_id in ({marks})"
        for bill_id, topic in conn.execute(sql, list(chunk)):
            out.setdefault(bill_id, set()).add(topic)
    return out


def plan(
    conn: sqlite3.Connection, subs: Sequence[Subscription], now: datetime
) -> tuple[Plan, dict[str, State]]:
    """What this run adds to the ledger (nothing is written): read it in one transaction
    (the caller's) so the change log's last row and the changes up to it agree."""
    known = states(conn)
    top = conn.execute("select coalesce(max(rowid), 0) from changes").fetchone()[0]
    stamp = iso(now)
    result = Plan(now=stamp, top_rowid=top)
    lowest = min((known[s.id].seen_rowid for s in subs if s.id in known), default=top)
    candidates = conn.execute(
        "select change_id, bill_id, kind, change_rowid from feed_entries"
        " where change_rowid > ? and change_rowid <= ? and baseline = 0"
        " order by change_rowid",
        [lowest, top],
    ).fetchall()
    bills = sorted({r[1] for r in candidates if r[1]})
    topics = _topics(conn, bills) if bills else {}
    found: dict[str, set[str]] = {}
    for q in {q for s in subs for q in s.search}:
        found[q] = {r[0] for r in conn.execute(SEARCH_SQL, {"q": q})} if candidates else set()
    for sub in subs:
        state = known.get(sub.id)
        if state is None:  # a new subscription starts from now
            result.started.append(sub.id)
            result.back_catalogue = max(result.back_catalogue, top)
            continue
        matched = [
            change_id
            for change_id, bill_id, kind, rowid in candidates
            if rowid > state.seen_rowid
            and rules.matches(
                sub,
                bill_id,
                kind,
                topics.get(bill_id or "", set()),
                any(bill_id in found[q] for q in sub.search),
            )
        ]
        queued = _queued(conn, sub.id)
        if sub.digest:
            since = state.last_digest_at or state.started_at
            if (matched or queued) and rules.digest_due(sub.every, since, now):
                did = rules.digest_id(sub.id, sub.every, rules.period(sub.every, now))
                result.digests[sub.id] = did
                result.inserts += [Row(sub.id, c, did, "pending", 0, stamp) for c in matched]
                result.promotions += [
                    Row(sub.id, r.change_id, did, "pending", 0, r.first_at) for r in queued
                ]
            else:
                result.inserts += [Row(sub.id, c, None, "queued", 0, stamp) for c in matched]
                result.waiting[sub.id] = len(queued) + len(matched)
        else:
            result.inserts += [
                Row(sub.id, c, rules.delivery_id(sub.id, c), "pending", 0, stamp) for c in matched
            ]
            result.promotions += [  # queued while it was a digest subscription
                Row(
                    sub.id,
                    r.change_id,
                    rules.delivery_id(sub.id, r.change_id),
                    "pending",
                    0,
                    r.first_at,
                )
                for r in queued
            ]
    return result, known


def apply(conn: sqlite3.Connection, result: Plan, subs: Sequence[Subscription]) -> None:
    """Write a plan (inside the caller's transaction)."""
    conn.executemany(
        "insert into subscription_state (subscription_id, started_at, start_rowid, seen_rowid)"
        " values (?, ?, ?, ?)",
        [(sub_id, result.now, result.top_rowid, result.top_rowid) for sub_id in result.started],
    )
    conn.executemany(
        "update subscription_state set seen_rowid = ? where subscription_id = ?",
        [(result.top_rowid, s.id) for s in subs if s.id not in result.started],
    )
    conn.executemany(
        "update subscription_state set last_digest_at = ? where subscription_id = ?",
        [(result.now, sub_id) for sub_id in result.digests],
    )
    conn.executemany(
        "insert or ignore into deliveries (subscription_id, change_id, delivery_id, status,"
        " attempts, first_at) values (?, ?, ?, ?, 0, ?)",
        [
            (r.subscription_id, r.change_id, r.delivery_id, r.status, r.first_at)
            for r in result.inserts
        ],
    )
    conn.executemany(
        "update deliveries set delivery_id = ?, status = 'pending'"
        " where subscription_id = ? and change_id = ? and status = 'queued'",
        [(r.delivery_id, r.subscription_id, r.change_id) for r in result.promotions],
    )


def pending(conn: sqlite3.Connection, extra: Sequence[Row] = ()) -> list[Delivery]:
    """Every delivery waiting to be sent, oldest first, its changes in log order; ``extra``
    (a dry run's plan) as if written."""
    rows: list[tuple[Row, int]] = []
    if has_ledger(conn):
        for sub_id, change_id, did, attempts, first_at, error, rowid in conn.execute(
            "select d.subscription_id, d.change_id, d.delivery_id, d.attempts, d.first_at,"
            " d.error, c.rowid from deliveries as d join changes as c on c.id = d.change_id"
            " where d.status = 'pending'"
        ):
            rows.append((Row(sub_id, change_id, did, "pending", attempts, first_at, error), rowid))
    if extra:
        ids = [r.change_id for r in extra]
        order: dict[str, int] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            order.update(
                conn.execute(f"select id, rowid from changes where id in ({marks})", list(chunk))
            )
        rows += [(r, order.get(r.change_id, 0)) for r in extra if r.status == "pending"]
    grouped: dict[tuple[str, str], Delivery] = {}
    for row, rowid in sorted(rows, key=lambda x: (x[1], x[0].subscription_id)):
        key = (row.subscription_id, row.delivery_id or "")
        found = grouped.get(key)
        if found is None:
            grouped[key] = Delivery(
                subscription_id=row.subscription_id,
                delivery_id=row.delivery_id or "",
                change_ids=[row.change_id],
                attempts=row.attempts,
                first_at=row.first_at,
                error=row.error,
                digest=row.delivery_id != rules.delivery_id(row.subscription_id, row.change_id),
                order=rowid,
            )
        else:
            found.change_ids.append(row.change_id)
            found.attempts = max(found.attempts, row.attempts)
            found.first_at = min(found.first_at, row.first_at)
            found.error = found.error or row.error
    return sorted(grouped.values(), key=lambda d: (d.first_at, d.order, d.delivery_id))


def entries(conn: sqlite3.Connection, change_ids: Sequence[str]) -> dict[str, dict]:
    """feed_entries rows of these changes, by change id."""
    out: dict[str, dict] = {}
    for chunk in _chunks(list(change_ids)):
        marks = ",".join("?" * len(chunk))
        cursor = conn.execute(f"select * from feed_entries where change_id in ({marks})", chunk)
        names = [d[0] for d in cursor.description]
        for values in cursor.fetchall():
            row = dict(zip(names, values, strict=True))
            out[row["change_id"]] = row
    return out


# ------------------------------------------------------------------ what a send did


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction on an autocommit connection (``isolation_level=None``):
    committed at the end of the block, rolled back if it raises."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def _update(conn: sqlite3.Connection, sql: str, params: Sequence) -> None:
    with transaction(conn):
        conn.execute(sql, params)


def sent(conn: sqlite3.Connection, d: Delivery, tries: int, now: str) -> None:
    with transaction(conn):
        conn.execute(
            "update deliveries set status = 'sent', attempts = attempts + ?, last_at = ?,"
            " sent_at = ?, error = null where subscription_id = ? and delivery_id = ?"
            " and status = 'pending'",
            [tries, now, now, d.subscription_id, d.delivery_id],
        )
        conn.execute(
            "update subscription_state set failures = 0, failing_since = null,"
            " next_try_at = null, error = null where subscription_id = ?",
            [d.subscription_id],
        )


def given_up(conn: sqlite3.Connection, d: Delivery, tries: int, now: str, reason: str) -> None:
    _update(
        conn,
        "update deliveries set status = 'failed', attempts = attempts + ?, last_at = ?,"
        " error = ? where subscription_id = ? and delivery_id = ? and status = 'pending'",
        [tries, now, reason, d.subscription_id, d.delivery_id],
    )


def will_retry(
    conn: sqlite3.Connection, d: Delivery, tries: int, now: datetime, reason: str, state: State
) -> State:
    """A retryable failure: the delivery stays pending; its target waits out a backoff."""
    stamp = iso(now)
    failures = state.failures + 1
    next_try = iso(now + rules.backoff(failures))
    with transaction(conn):
        conn.execute(
            "update deliveries set attempts = attempts + ?, last_at = ?, error = ?"
            " where subscription_id = ? and delivery_id = ? and status = 'pending'",
            [tries, stamp, reason, d.subscription_id, d.delivery_id],
        )
        conn.execute(
            "update subscription_state set failures = ?, failing_since ="
            " coalesce(failing_since, ?), next_try_at = ?, error = ? where subscription_id = ?",
            [failures, stamp, next_try, reason, d.subscription_id],
        )
    state.failures, state.next_try_at, state.error = failures, next_try, reason
    state.failing_since = state.failing_since or stamp
    return state


def give_up_old(conn: sqlite3.Connection, sub_id: str, now: datetime) -> int:
    """Give up the subscription's deliveries pending longer than ``rules.GIVE_UP_AFTER``."""
    cutoff = iso(now - rules.GIVE_UP_AFTER)
    days = rules.GIVE_UP_AFTER.days
    with transaction(conn):
        cursor = conn.execute(
            "update deliveries set status = 'failed', last_at = ?, error = 'given up: not"
            f" delivered within {days} days' || coalesce(' (last error: ' || error || ')', '')"
            " where subscription_id = ? and status = 'pending' and first_at < ?",
            [iso(now), sub_id, cutoff],
        )
    return cursor.rowcount


def nothing_to_send(conn: sqlite3.Connection, d: Delivery, now: str) -> None:
    given_up(conn, d, 0, now, "nothing to send: its changes are no longer feed entries")


def counts(conn: sqlite3.Connection) -> dict[str, dict[str, int]]:
    """subscription → status → rows, for the summary."""
    out: dict[str, dict[str, int]] = {}
    for sub_id, status, n in conn.execute(
        "select subscription_id, status, count(*) from deliveries group by 1, 2"
    ):
        out.setdefault(sub_id, {})[status] = n
    return out
