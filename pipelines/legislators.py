"""Legislator rows (one per id and session) and the links from printed roll-call names to them.

LegislatorDatabase.csv lists the current members only (docs/cga-site.md, "Legislators"): each
row is stored for the session the bulk files describe, updated when the file changes, and a
member who leaves mid-session keeps their row (they were a member of that session).  A
vote record names a member as printed; ``link_records`` sets ``legislator_id`` only where
the name fits exactly one legislator of the vote's session and chamber
(``cga.votes.match_legislator``), and is run again for a session whenever its members change.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import NamedTuple

import sqlite_utils

from cga.records import Fetched, Legislator
from cga.votes import match_legislator

COLUMNS = (
    "id",
    "session",
    "name",
    "first_name",
    "last_name",
    "chamber",
    "district",
    "party",
    "email",
    "phone",
    "office",
    "url",
    "committees",
    "source_url",
    "fetched_at",
)
_CONTENT = [c for c in COLUMNS if c not in ("id", "session", "source_url", "fetched_at")]


class Member(NamedTuple):
    id: str
    last_name: str
    first_name: str | None
    name: str


def store_legislators(
    db: sqlite_utils.Database, members: list[Legislator], session: int, fetched: Fetched
) -> int:
    """Insert or update the file's members for ``session``; returns rows added or changed.
    Changed members re-link the session's vote records."""
    rows = [
        (
            m.id,
            session,
            m.name,
            m.first_name,
            m.last_name,
            m.chamber,
            m.district,
            m.party,
            m.email,
            m.phone,
            m.office,
            m.url,
            json.dumps(m.committees),
            fetched.origin,
            fetched.fetched_at,
        )
        for m in members
    ]
    updates = ", ".join(f"{c} = excluded.{c}" for c in (*_CONTENT, "source_url", "fetched_at"))
    differs = " or ".join(f"{c} is not excluded.{c}" for c in _CONTENT)
    before = db.conn.total_changes
    db.conn.executemany(
        f"insert into legislators ({', '.join(COLUMNS)}) values ({', '.join('?' * len(COLUMNS))})"
        f" on conflict(id, session) do update set {updates} where {differs}",
        rows,
    )
    changed = db.conn.total_changes - before
    if changed:
        link_records(db, session=session)
    return changed


def members(db: sqlite_utils.Database, session: int) -> dict[str, list[Member]]:
    """The session's legislators by chamber, as ``match_legislator`` reads them."""
    out: dict[str, list[Member]] = {"house": [], "senate": []}
    for row in db.execute(
        "select id, last_name, first_name, name, chamber from legislators where session = ?",
        [session],
    ).fetchall():
        out.setdefault(row[4], []).append(Member(*row[:4]))
    return out


def link_records(
    db: sqlite_utils.Database, vote_ids: Iterable[str] = (), session: int | None = None
) -> int:
    """Set ``vote_records.legislator_id`` for the given votes (or every vote of ``session``)
    where the printed name fits one legislator; clear it where it no longer does.  Returns
    records changed."""
    if session is not None:
        votes = db.execute(
            "select id, session, chamber from votes where session = ?", [session]
        ).fetchall()
    else:
        ids = list(dict.fromkeys(vote_ids))
        votes = [
            row
            for chunk in range(0, len(ids), 500)
            for row in db.execute(
                "select id, session, chamber from votes where id in "
                f"({','.join('?' * len(ids[chunk : chunk + 500]))})",
                ids[chunk : chunk + 500],
            ).fetchall()
        ]
    by_session: dict[int, dict[str, list[Member]]] = {}
    fits: dict[tuple[int, str, str], str | None] = {}
    updates = []
    for vote, vote_session, chamber in votes:
        if vote_session not in by_session:
            by_session[vote_session] = members(db, vote_session)
        candidates = by_session[vote_session].get(chamber, [])
        for seq, name, linked in db.execute(
            "select seq, name, legislator_id from vote_records where vote_id = ?", [vote]
        ).fetchall():
            key = (vote_session, chamber, name)
            if key not in fits:
                fits[key] = match_legislator(name, candidates)
            if fits[key] != linked:
                updates.append((fits[key], vote, seq))
    db.conn.executemany(
        "update vote_records set legislator_id = ? where vote_id = ? and seq = ?", updates
    )
    return len(updates)
