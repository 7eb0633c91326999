"""Positions into ``positions``; the roll calls that count into ``scorecard_votes``; every member's
record on them into ``scorecards``: rebuilt at the end of every ``billwatch update``.

``store_positions`` mirrors the watchlist's ``positions:`` and ``count_votes:``.
``rebuild_scorecards`` works out, for each topic, which roll calls count for each positioned
bill (``count_votes:``, else ``cga.scorecards.default_votes``), then each member's tally per
session (``cga.scorecards``), and writes only the rows that differ, so a rerun changes nothing.

A member whose score a new counted roll call changes is a change of kind ``vote`` ("Rep. X now
votes with student-privacy 4 of 5"), its id the hash of the member's record (reruns add
nothing).  It is news when the roll call is: its own ``vote`` change is not baseline and came
in after the topic's previous computation.  Anything else that moves a score (a topic's first
computation, a position added or turned, a name linked to a member) is logged as baseline, so
feeds are not flooded with history that is not news (pipelines.changes.first_collection's rule
for a kind collected for the first time).

Bad positions are ``errors`` rows with a ``watchlist:TOPIC/BILL[/VOTE]`` address (no bill id:
the crawler must not re-fetch a bill for them), resolved when the watchlist or the data no
longer gives the problem; the rest is computed.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import sqlite_utils

from cga.records import FetchError
from cga.scorecards import (
    Sponsor,
    Tally,
    counts_as,
    default_votes,
    is_sponsor,
    parse_sponsor,
    score_sentence,
)
from cga.votes import day_label, printed_name, vote_sentence
from cga.watchlist import Topic

from .changes import Change, record_changes
from .errors import record_errors, resolve
from .votes import vote_url

PROBLEM_PREFIX = "watchlist:"
FINAL_OUTCOMES = ("enacted", "vetoed", "dead")
COLUMNS = (
    "topic",
    "session",
    "legislator_id",
    "name",
    "chamber",
    "district",
    "party",
    "with_group",
    "against_group",
    "absent",
    "not_voting",
    "score",
    "sponsored",
    "cosponsored",
    "roll_calls",
    "member",
)
KEY = ("topic", "session", "chamber", "member")
VOTE_COLUMNS = ("topic", "vote_id", "bill_id", "session", "chamber", "position", "counted_by")


def problem_url(topic: str, bill_id: str, vote: str | None = None) -> str:
    """The ``errors.url`` of a bad position: ``watchlist:student-privacy/2016-HB-5469``."""
    return f"{PROBLEM_PREFIX}{topic}/{bill_id}" + (f"/{vote}" if vote else "")


def store_positions(db: sqlite_utils.Database, topics: Sequence[Topic]) -> int:
    """Make ``positions`` (and the topics' titles in ``scorecard_topics``) what the watchlist
    says; returns rows added, changed or removed."""
    wanted = {
        (t.name, str(bill)): (
            position,
            json.dumps(list(t.count_votes[bill])) if bill in t.count_votes else None,
        )
        for t in topics
        for bill, position in t.positions.items()
    }
    stored = {
        (r[0], r[1]): (r[2], r[3])
        for r in db.execute("select topic, bill_id, position, votes from positions").fetchall()
    }
    gone = [key for key in stored if key not in wanted]
    changed = [(*key, *value) for key, value in wanted.items() if stored.get(key) != value]
    db.conn.executemany("delete from positions where topic = ? and bill_id = ?", gone)
    db.conn.executemany(
        "insert or replace into positions (topic, bill_id, position, votes) values (?, ?, ?, ?)",
        changed,
    )
    db.conn.executemany(
        """insert into scorecard_topics (topic, title, sample) values (?, ?, ?)
           on conflict(topic) do update set title = excluded.title, sample = excluded.sample
           where title is not excluded.title or sample is not excluded.sample""",
        [(t.name, t.title, int(t.sample)) for t in topics if t.positions],
    )
    return len(gone) + len(changed)


@dataclass
class Outcome:
    """What a rebuild found: the change-log entries, the bad positions, the positioned bills
    still waiting for a counted roll call, and how many member rows the scorecards hold."""

    changes: list[Change] = field(default_factory=list)
    problems: list[FetchError] = field(default_factory=list)
    waiting: list[tuple[str, str]] = field(default_factory=list)  # (topic, bill id)
    members: int = 0
    added: int = 0  # change-log rows this rebuild added


class _Position(NamedTuple):
    topic: str
    bill_id: str
    position: str
    votes: str | None


class _Bill(NamedTuple):
    session: int
    outcome: str | None
    introducers: list[Sponsor]  # the members among them (a committee is nobody)
    cosponsors: list[Sponsor]


def _sponsors(text: str | None) -> list[Sponsor]:
    return [s for s in map(parse_sponsor, _json_list(text)) if s is not None]


class _Vote(NamedTuple):
    id: str
    bill_id: str
    session: int
    chamber: str
    number: int
    question: str | None
    date: str | None
    yea: int | None
    nay: int | None
    passed: int | None


def _json_list(text: str | None) -> list[str]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def _in(ids: Sequence[object]) -> str:
    return ",".join("?" * len(ids))


def _votes(db: sqlite_utils.Database, where: str, params: Iterable) -> list[_Vote]:
    return [
        _Vote(*row)
        for row in db.execute(
            "select id, bill_id, session, chamber, number, question, date, yea, nay, passed "
            f"from votes where {where}",
            list(params),
        ).fetchall()
    ]


def _counted(
    db: sqlite_utils.Database,
    positions: list[_Position],
    bills: dict[str, _Bill],
    outcome: Outcome,
) -> dict[str, list[tuple[_Vote, _Position, str]]]:
    """topic → the roll calls that count, each with its position and how it was chosen."""
    not_found = {r[0] for r in db.execute("select bill_id from not_found").fetchall()}
    counted: dict[str, list[tuple[_Vote, _Position, str]]] = defaultdict(list)
    for p in positions:
        where = f"topic {p.topic}"
        bill = bills.get(p.bill_id)
        if bill is None:
            why = " (its status page says it was not found)" if p.bill_id in not_found else ""
            outcome.problems.append(
                FetchError(
                    problem_url(p.topic, p.bill_id),
                    f"{where} takes a position on {p.bill_id}, a bill billwatch does not "
                    f"hold{why}: nothing of it is scored",
                )
            )
            continue
        of_bill = {v.id: v for v in _votes(db, "bill_id = ?", [p.bill_id])}
        if p.votes is not None:
            chosen, counted_by = [], "watchlist"
            for vid in _json_list(p.votes):
                if vid in of_bill:
                    chosen.append(of_bill[vid])
                    continue
                elsewhere = db.execute("select bill_id from votes where id = ?", [vid]).fetchone()
                what = (
                    f"a roll call on {elsewhere[0]}, not on {p.bill_id}: it is not counted"
                    if elsewhere
                    else "a roll call billwatch does not hold"
                )
                outcome.problems.append(
                    FetchError(
                        problem_url(p.topic, p.bill_id, vid),
                        f"{where}: count_votes for {p.bill_id} names {vid}, {what}",
                    )
                )
        else:
            counted_by = "default"
            chosen = [of_bill[vid] for vid in default_votes(of_bill.values())]
            if not chosen and bill.outcome in FINAL_OUTCOMES:
                outcome.problems.append(
                    FetchError(
                        problem_url(p.topic, p.bill_id),
                        f"{where} takes a position on {p.bill_id} ({bill.outcome}), which has "
                        "no final passage roll call billwatch holds: nothing of it is scored "
                        "(count_votes can name its roll calls)",
                    )
                )
        if not chosen and bill.outcome not in FINAL_OUTCOMES:
            outcome.waiting.append((p.topic, p.bill_id))
        counted[p.topic] += [(v, p, counted_by) for v in chosen]
    return counted


class _Member:
    """One member's row while it is being worked out."""

    def __init__(self, session: int, chamber: str, member: str, legislator_id: str | None):
        self.session, self.chamber, self.member = session, chamber, member
        self.legislator_id = legislator_id
        self.tally = Tally()
        self.seats: Counter[int] = Counter()
        self.cast: list[tuple[_Vote, str]] = []  # (roll call, vote) for every counted line


def _members(
    db: sqlite_utils.Database, counted: list[tuple[_Vote, _Position, str]], sessions: set[int]
) -> dict[tuple[int, str, str], _Member]:
    """(session, chamber, member) → tally: the lines of every counted roll call, then every
    legislator of the topic's sessions (a member on none of them has a row too)."""
    out: dict[tuple[int, str, str], _Member] = {}
    position = {v.id: (v, p.position) for v, p, _ in counted}
    ids = list(position)
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        for vid, name, legislator, vote, seat in db.execute(
            "select vote_id, name, legislator_id, vote, seat from vote_records "
            f"where vote_id in ({_in(part)}) order by vote_id, seq",
            part,
        ).fetchall():
            v, pos = position[vid]
            key = (v.session, v.chamber, legislator or name)
            if key not in out:
                out[key] = _Member(v.session, v.chamber, legislator or name, legislator)
            m = out[key]
            m.tally.add(counts_as(pos, vote))
            m.cast.append((v, vote))
            if seat:
                m.seats[int(seat)] += 1
    if sessions:
        wanted = sorted(sessions)
        for lid, session, chamber in db.execute(
            f"select id, session, chamber from legislators where session in ({_in(wanted)})",
            wanted,
        ).fetchall():
            out.setdefault((session, chamber, lid), _Member(session, chamber, lid, lid))
    return out


def _names(
    sponsors: list[Sponsor], chamber: str, district: int | None, surname: str, initial: str
) -> bool:
    return any(is_sponsor(s, chamber, district, surname, initial) for s in sponsors)


def _rows(
    db: sqlite_utils.Database,
    topic: str,
    members: dict[tuple[int, str, str], _Member],
    counted: list[tuple[_Vote, _Position, str]],
    bills: dict[str, _Bill],
    positioned: list[_Position],
) -> dict[tuple, dict[str, Any]]:
    roll_calls = Counter((v.session, v.chamber) for v, _, _ in counted)
    sessions = sorted({s for s, _, _ in members})
    people: dict[tuple[str, int], tuple] = {}
    if sessions:
        for row in db.execute(
            "select id, session, name, last_name, district, party from legislators "
            f"where session in ({_in(sessions)})",
            sessions,
        ).fetchall():
            people[(row[0], row[1])] = row[2:]
    by_session: dict[int, list[_Bill]] = defaultdict(list)
    for p in positioned:
        if p.bill_id in bills:
            by_session[bills[p.bill_id].session].append(bills[p.bill_id])
    rows: dict[tuple, dict[str, Any]] = {}
    for m in members.values():
        if m.legislator_id and (m.legislator_id, m.session) in people:
            name, surname, district, party = people[(m.legislator_id, m.session)]
            initial = ""
        else:
            name, party = m.member, None
            district = m.seats.most_common(1)[0][0] if m.seats else None
            surname, initial = printed_name(m.member)
        of_session = by_session.get(m.session, [])
        seat = (m.chamber, district, surname, initial)
        row = {
            "topic": topic,
            "session": m.session,
            "legislator_id": m.legislator_id,
            "name": name,
            "chamber": m.chamber,
            "district": district,
            "party": party,
            "with_group": m.tally.with_group,
            "against_group": m.tally.against_group,
            "absent": m.tally.absent,
            "not_voting": m.tally.not_voting,
            "score": m.tally.score,
            "sponsored": sum(_names(b.introducers, *seat) for b in of_session),
            "cosponsored": sum(_names(b.cosponsors, *seat) for b in of_session),
            "roll_calls": roll_calls[(m.session, m.chamber)],
            "member": m.member,
        }
        rows[tuple(row[k] for k in KEY)] = row
    return rows


def _sync(
    db: sqlite_utils.Database,
    table: str,
    key: Sequence[str],
    columns: Sequence[str],
    old: dict[tuple, dict[str, Any]],
    new: dict[tuple, dict[str, Any]],
) -> None:
    """Delete, insert and update only the rows that differ."""
    match = " and ".join(f"{k} = ?" for k in key)
    db.conn.executemany(f"delete from {table} where {match}", [k for k in old if k not in new])
    changed = [row for k, row in new.items() if old.get(k) != row]
    db.conn.executemany(
        f"insert or replace into {table} ({', '.join(columns)}) "
        f"values ({', '.join(':' + c for c in columns)})",
        changed,
    )


def _stored(db: sqlite_utils.Database, table: str, key: Sequence[str], columns: Sequence[str]):
    cur = db.execute(f"select {', '.join(columns)} from {table}")
    rows = [dict(zip(columns, r, strict=True)) for r in cur.fetchall()]
    return {tuple(r[k] for k in key): r for r in rows}


def _news_votes(db: sqlite_utils.Database, vote_ids: list[str], since: str | None) -> set[str]:
    """The roll calls among ``vote_ids`` whose own change is news and came in after ``since``
    (none when the topic was never computed: everything is then history)."""
    if since is None or not vote_ids:
        return set()
    found = set()
    for chunk in range(0, len(vote_ids), 500):
        part = vote_ids[chunk : chunk + 500]
        found |= {
            r[0]
            for r in db.execute(
                f"select ref from changes where kind = 'vote' and key like 'vote|%' "
                f"and baseline = 0 and detected_at > ? and ref in ({_in(part)})",
                [since, *part],
            ).fetchall()
        }
    return found


def _score_change(
    topic: str,
    row: dict[str, Any],
    old: dict[str, Any] | None,
    member: _Member,
    news: set[str],
    positions: dict[str, str],
) -> Change | None:
    was = old["score"] if old else None
    if row["score"] is None or row["score"] == was:
        return None
    cast = [(v, vote) for v, vote in member.cast if vote in ("yea", "nay")]
    causes = [(v, vote) for v, vote in cast if v.id in news]
    v, vote = max(causes or cast, key=lambda c: (c[0].date or "", c[0].number))
    w, a = row["with_group"], row["against_group"]
    title = score_sentence(row["chamber"], row["name"], topic, w, a)
    counted_as = counts_as(positions[v.id], vote)
    passed = None if v.passed is None else bool(v.passed)
    detail = (
        f"{row['session']} session: {w} with, {a} against, {row['absent']} absent, "
        f"{row['not_voting']} not voting; score {row['score']}"
        + (f" (was {was})" if was is not None else "")
        + f". {vote_sentence(v.chamber, v.question, passed, v.yea, v.nay, bill_id=v.bill_id)}"
        + (f" on {day_label(v.date)}" if v.date else "")
        + f" (roll call {v.number}; the group's position: {positions[v.id]}): "
        f"voted {vote}, {'with' if counted_as == 'with' else 'against'} the group."
    )
    ids = ",".join(sorted(c.id for c, _ in cast))
    key = f"score|{topic}|{row['session']}|{row['chamber']}|{row['member']}|{w}-{a}|{ids}"
    return Change(
        v.bill_id,
        "vote",
        key,
        f"{title}\n{detail}",
        vote_url(v.bill_id, v.id),
        v.id,
        baseline=not causes,
    )


def rebuild_scorecards(db: sqlite_utils.Database, now: str) -> Outcome:
    """Recompute every topic's scorecards from ``positions`` and the stored roll calls (call in
    a transaction); records the score changes and the bad positions' errors rows."""
    outcome = Outcome()
    positions = [
        _Position(*r)
        for r in db.execute(
            "select topic, bill_id, position, votes from positions order by topic, bill_id"
        ).fetchall()
    ]
    wanted = sorted({p.bill_id for p in positions})
    bills: dict[str, _Bill] = {}
    for chunk in range(0, len(wanted), 500):
        part = wanted[chunk : chunk + 500]
        for bid, session, result, intro, cosp in db.execute(
            "select id, session, outcome, introducers, cosponsors from bills "
            f"where id in ({_in(part)})",
            part,
        ).fetchall():
            bills[bid] = _Bill(session, result, _sponsors(intro), _sponsors(cosp))
    counted = _counted(db, positions, bills, outcome)
    computed = dict(db.execute("select topic, computed_at from scorecard_topics").fetchall())

    old_votes = _stored(db, "scorecard_votes", ("topic", "vote_id"), VOTE_COLUMNS)
    new_votes = {
        (topic, v.id): {
            "topic": topic,
            "vote_id": v.id,
            "bill_id": v.bill_id,
            "session": v.session,
            "chamber": v.chamber,
            "position": p.position,
            "counted_by": how,
        }
        for topic, items in counted.items()
        for v, p, how in items
    }
    _sync(db, "scorecard_votes", ("topic", "vote_id"), VOTE_COLUMNS, old_votes, new_votes)

    old_rows = _stored(db, "scorecards", KEY, COLUMNS)
    new_rows: dict[tuple, dict[str, Any]] = {}
    by_topic: dict[str, list[_Position]] = defaultdict(list)
    for p in positions:
        by_topic[p.topic].append(p)
    for topic, positioned in by_topic.items():
        items = counted.get(topic, [])
        sessions = {bills[p.bill_id].session for p in positioned if p.bill_id in bills}
        members = _members(db, items, sessions)
        rows = _rows(db, topic, members, items, bills, positioned)
        news = _news_votes(db, sorted({v.id for v, _, _ in items}), computed.get(topic))
        of_vote = {v.id: p.position for v, p, _ in items}
        for key, row in rows.items():
            change = _score_change(topic, row, old_rows.get(key), members[key[1:]], news, of_vote)
            if change is not None:
                outcome.changes.append(change)
        new_rows.update(rows)
    _sync(db, "scorecards", KEY, COLUMNS, old_rows, new_rows)
    outcome.members = len(new_rows)
    db.conn.executemany(
        "update scorecard_topics set computed_at = ? where topic = ?",
        [(now, topic) for topic in by_topic],
    )

    by_session: dict[int, list[Change]] = defaultdict(list)
    for change in outcome.changes:
        by_session[int(change.key.split("|")[2])].append(change)
    for session, changes in sorted(by_session.items()):
        outcome.added += record_changes(db, changes, now, False, session)
    record_errors(db, outcome.problems, None, now)
    failing = {e.url for e in outcome.problems}
    resolve(
        db,
        [
            r[0]
            for r in db.execute(
                "select url from errors where url like ? and resolved_at is null",
                [PROBLEM_PREFIX + "%"],
            ).fetchall()
            if r[0] not in failing
        ],
        now,
    )
    return outcome
