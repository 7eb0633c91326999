"""Committee meetings into ``meetings``, ``meeting_history`` and ``meeting_bills``; the
hearings they give the bills their agendas cite; and the ``hearing`` changes.

A meeting is one row under its identity (``cga.meetings.meeting_id``: committee and agenda,
else committee, title and date), holding its current time, place and status.  Every state it
was seen in is a ``meeting_history`` row, append-only: the first (``scheduled``, or
``cancelled`` when first seen so), then each new time or place (``moved``), cancellation
(``cancelled``) or return (``restored``).  A rerun that sees the same state adds nothing.

The bills an agenda cites are ``meeting_bills`` rows, each as cited (``2016-HB-5469``) and
linked to the bill when billwatch holds it (null otherwise, reported once, and linked when the
bill arrives).  They follow the latest reading of the agenda; an agenda not read in this run
leaves them as they are.

For a public hearing (``kind = 'hearing'``), each linked bill gets its ``hearings`` row
(``pipelines/hearings.py``) and one change per state of the meeting it has not been told
about: ``hearing|BILL|EVENT|MEETING:SEQ``, its ``ref`` the history row, so the feed entry
reads the time and place of that moment (the ``feed_entries`` view).  A bill first cited
while the meeting is in its second state is told "scheduled", not "moved".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import sqlite_utils

from cga.meetings import hearing_words
from cga.records import AgendaFetch, CalendarItem, Fetched, Meeting

from .changes import Change
from .hearings import link_meeting, unlink_meeting


@dataclass
class CalendarResult:
    changes: list[Change] = field(default_factory=list)
    new: int = 0  # meetings first seen
    moved: int = 0
    cancelled: int = 0
    unknown: list[tuple[str, str]] = field(default_factory=list)  # (meeting id, cited bill)


def _committee_name(db: sqlite_utils.Database, code: str) -> str:
    row = db.execute("select name from committees where code = ?", [code]).fetchone()
    return row[0] if row else f"{code} Committee"


def _upsert(
    db: sqlite_utils.Database, m: Meeting, fetched: Fetched, agenda: AgendaFetch | None, now: str
) -> bool:
    """Store the meeting's current state; True when it is new."""
    values = {
        "committee": m.committee,
        "kind": m.kind,
        "title": m.title,
        "listed_title": m.listed_title,
        "start": m.start,
        "date": m.date,
        "timed": int(m.timed),
        "building": m.building,
        "room": m.room,
        "location": m.location,
        "agenda_url": m.agenda_url,
        "status": m.status,
        "source_url": fetched.origin,
        "fetched_at": fetched.fetched_at,
        "last_listed_at": now,
    }
    if agenda is not None and agenda.read is not None and agenda.fetched is not None:
        read = agenda.read
        values.update(
            testimony_deadline=read.deadline,
            testimony_deadline_text=read.deadline_text,
            testimony_email=read.email,
            notes=json.dumps(read.notes) if read.notes else None,
            agenda_sha256=agenda.fetched.sha256,
            agenda_fetched_at=agenda.fetched.fetched_at,
        )
    exists = db.execute("select 1 from meetings where id = ?", [m.id]).fetchone()
    if exists:
        sets = ", ".join(f"{k} = :{k}" for k in values)
        db.execute(f"update meetings set {sets} where id = :id", {**values, "id": m.id})
        return False
    db.table("meetings").insert({"id": m.id, **values, "first_seen_at": now})
    return True


def _history(db: sqlite_utils.Database, m: Meeting, now: str) -> str | None:
    """Append the meeting's state when it differs from the last one seen; its event, or None."""
    last = db.execute(
        "select seq, status, start, building, room from meeting_history "
        "where meeting_id = ? order by seq desc limit 1",
        [m.id],
    ).fetchone()
    state = (m.status, m.start, m.building, m.room)
    if last is not None and tuple(last[1:]) == state:
        return None
    if last is None:
        event = "cancelled" if m.status == "cancelled" else "scheduled"
    elif m.status != last[1]:
        event = "cancelled" if m.status == "cancelled" else "restored"
    else:
        event = "moved"
    seq = 1 if last is None else last[0] + 1
    db.table("meeting_history").insert(
        {
            "id": f"{m.id}:{seq}",
            "meeting_id": m.id,
            "seq": seq,
            "event": event,
            "status": m.status,
            "start": m.start,
            "date": m.date,
            "building": m.building,
            "room": m.room,
            "location": m.location,
            "seen_at": now,
        }
    )
    return event


def _citations(
    db: sqlite_utils.Database, meeting_id: str, citations: list[tuple[str, str]], now: str
) -> list[str]:
    """The agenda's citations as read now: new ones added, dropped ones removed (their bills'
    hearings unlinked).  Returns the cited ids newly stored."""
    stored = {
        r[0]: r[1]
        for r in db.execute(
            "select cited, bill_id from meeting_bills where meeting_id = ?", [meeting_id]
        ).fetchall()
    }
    cited = dict((bill, printed) for printed, bill in reversed(citations))
    for bill, linked in stored.items():
        if bill not in cited:
            db.execute(
                "delete from meeting_bills where meeting_id = ? and cited = ?", [meeting_id, bill]
            )
            if linked:
                unlink_meeting(db, linked, meeting_id)
    added = [b for b in cited if b not in stored]
    db.conn.executemany(
        "insert into meeting_bills (meeting_id, cited, bill_id, citation, first_seen_at) "
        "values (?, ?, null, ?, ?)",
        [(meeting_id, b, cited[b], now) for b in added],
    )
    return added


def _link(db: sqlite_utils.Database, meeting_id: str) -> None:
    """Citations of bills billwatch now holds get their link."""
    db.execute(
        "update meeting_bills set bill_id = cited where meeting_id = ? and bill_id is null "
        "and cited in (select id from bills)",
        [meeting_id],
    )


def hearing_changes(
    db: sqlite_utils.Database, meeting_id: str, bills: list[str] | None = None
) -> list[Change]:
    """For a public hearing: each linked bill's hearings row, and the change of the
    meeting's latest state for each bill not yet told of it (``bills``: only those)."""
    meeting = db.execute(
        "select committee, kind, agenda_url from meetings where id = ?", [meeting_id]
    ).fetchone()
    if meeting is None or meeting[1] != "hearing":
        return []
    committee, _, agenda_url = meeting
    last = db.execute(
        "select id, event, status, start, date, location from meeting_history "
        "where meeting_id = ? order by seq desc limit 1",
        [meeting_id],
    ).fetchone()
    if last is None:
        return []
    ref, event, status, start, day, place = last
    linked = [
        r[0]
        for r in db.execute(
            "select bill_id from meeting_bills where meeting_id = ? and bill_id is not null "
            "order by bill_id",
            [meeting_id],
        ).fetchall()
    ]
    name = _committee_name(db, committee)
    changes = []
    for bill in linked:
        if bills is not None and bill not in bills:
            continue
        link_meeting(db, bill, meeting_id, committee, day, start, place)
        told = {
            r[0]
            for r in db.execute(
                "select ref from changes where bill_id = ? and kind = 'hearing'", [bill]
            ).fetchall()
        }
        if ref in told:
            continue
        before = any((r or "").startswith(f"{meeting_id}:") for r in told)
        what = event if before else ("cancelled" if status == "cancelled" else "scheduled")
        changes.append(
            Change(
                bill,
                "hearing",
                f"hearing|{bill}|{what}|{ref}",
                f"{bill}: {hearing_words(what, name, start, place)}",
                agenda_url,
                ref=ref,
                event_date=day,
            )
        )
    return changes


def store_calendar(db: sqlite_utils.Database, item: CalendarItem, now: str) -> CalendarResult:
    """One committee's calendar as read in this run (nothing when it could not be read)."""
    result = CalendarResult()
    if item.fetched is None:
        return result
    for m in item.meetings:
        agenda = item.agendas.get(m.id)
        result.new += _upsert(db, m, item.fetched, agenda, now)
        event = _history(db, m, now)
        result.moved += event == "moved"
        result.cancelled += event == "cancelled"
        if agenda is not None and agenda.read is not None:
            added = _citations(db, m.id, agenda.read.citations, now)
        else:
            added = []
        _link(db, m.id)
        unknown = {
            r[0]
            for r in db.execute(
                "select cited from meeting_bills where meeting_id = ? and bill_id is null",
                [m.id],
            ).fetchall()
        }
        result.unknown += [(m.id, b) for b in added if b in unknown]
        result.changes += hearing_changes(db, m.id)
    return result


def link_bill(db: sqlite_utils.Database, bill_id: str) -> list[Change]:
    """A bill just stored that agendas cited before billwatch held it: link the citations,
    and give it its hearings and changes."""
    meetings = [
        r[0]
        for r in db.execute(
            "select meeting_id from meeting_bills where cited = ? and bill_id is null", [bill_id]
        ).fetchall()
    ]
    changes = []
    for meeting_id in meetings:
        _link(db, meeting_id)
        changes += hearing_changes(db, meeting_id, [bill_id])
    return changes
