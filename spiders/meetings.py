"""A committee's events JSON and its agendas, parsed into core records (pure).

``/basin/fullcalendar/commevents.php?comm_code=ED`` answers a JSON list of
``{title, start, building, location, url}`` (docs/cga-site.md, "Committee calendars"); the
rules that read each entry (Connecticut time, cancellations, hearings, identity) are the
core's (``cga.meetings``).  An entry that cannot be read is a problem naming it and is left
out; the others are kept.  A body that is not a JSON list is a ``PageError``.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import cga
from cga.meetings import (
    BadStart,
    cited_bills,
    clock_label,
    location,
    meeting_id,
    meeting_kind,
    printed_time,
    read_start,
    start_value,
    testimony_deadline,
    testimony_email,
    title_status,
)
from cga.records import AgendaRead, Meeting, PageError


def _text(value: Any) -> str | None:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = " ".join(str(value).split())
        return text or None
    return None


def decode(body: bytes) -> str:
    """The JSON's text: UTF-8 (a byte-order mark allowed), else Windows-1252."""
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


def parse_events(body: bytes, committee: str, page_url: str) -> tuple[list[Meeting], list[str]]:
    """(meetings, problems) of one committee's events JSON fetched from ``page_url``.

    Agenda links (site-relative) resolve against ``page_url`` and are canonical.  Two
    entries with one identity are one meeting: the first is kept, and the second named.
    """
    try:
        data = json.loads(decode(body))
    except ValueError as exc:
        raise PageError(f"events JSON is not valid JSON: {exc}") from None
    if not isinstance(data, list):
        raise PageError(f"events JSON is a {type(data).__name__}, not a list of events")
    meetings: list[Meeting] = []
    seen: dict[str, int] = {}
    problems: list[str] = []
    for index, entry in enumerate(data, start=1):
        if not isinstance(entry, dict):
            problems.append(f"event {index} is not an object: not stored")
            continue
        listed = _text(entry.get("title"))
        if listed is None:
            problems.append(f"event {index} has no title: not stored")
            continue
        try:
            start = read_start(entry.get("start"), entry.get("allDay") is True)
        except BadStart as exc:
            problems.append(f"event {index} ({listed!r}): {exc}: not stored")
            continue
        status, title = title_status(listed)
        link = _text(entry.get("url"))
        agenda = cga.canonical_url(link, page_url) if link else None
        building, room = _text(entry.get("building")), _text(entry.get("location"))
        mid = meeting_id(committee, agenda, title, start.day)
        if mid in seen:
            problems.append(
                f"events {seen[mid]} and {index} are one meeting ({listed!r}, "
                f"{agenda or start.day.isoformat()}): the first is kept"
            )
            continue
        seen[mid] = index
        meetings.append(
            Meeting(
                id=mid,
                committee=committee.upper(),
                kind=meeting_kind(title),
                title=title,
                listed_title=listed,
                status=status,
                start=start.iso,
                date=start.day.isoformat(),
                timed=start.timed,
                building=building,
                room=room,
                location=location(building, room),
                agenda_url=agenda,
            )
        )
    return meetings, problems


def read_agenda(text: str, meeting: Meeting) -> AgendaRead:
    """What a meeting's agenda says: the bills it cites (of the meeting's year), the
    testimony deadline and address it states, the time it prints; and notes when it cites
    no bill, has no text, or prints another time than the calendar's (docs/cga-site.md,
    "Committee calendars": the calendar's time is kept, it is the one that moves)."""
    year = int(meeting.date[:4])
    notes = []
    if not text.strip():
        notes.append("the agenda has no text layer (a scan?): the bills it cites are unknown")
    deadline = testimony_deadline(text, year)
    clock = printed_time(text, deadline.printed if deadline else None)
    citations = [(c.printed, str(c.bill)) for c in cited_bills(text, year)]
    if text.strip() and not citations:
        notes.append("the agenda cites no bill")
    start = start_value(meeting.start)
    if clock is not None and isinstance(start, datetime) and start.time() != clock:
        notes.append(
            f"the agenda prints {clock_label(clock)}; the calendar says {clock_label(start)}"
        )
    return AgendaRead(
        citations=citations,
        deadline=deadline.iso if deadline else None,
        deadline_text=deadline.printed if deadline else None,
        email=testimony_email(text),
        printed_time=clock.strftime("%H:%M") if clock else None,
        notes=notes,
    )
