"""iCalendar of public hearings, written with the ``icalendar`` package (pure, deterministic).

RFC 5545 as ``icalendar`` writes it: CRLF line ends, content lines folded at 75 octets, TEXT
values escaped (backslash, ``;``, ``,``, newlines).  Before that, every value is cleaned here:
control characters dropped (RFC 5545 allows none in a value) and whatever else is not
publishable text (a lone surrogate, U+FFFE) replaced, so the calendar always encodes and
parses.  Timed events carry ``TZID=America/New_York`` and the calendar a ``VTIMEZONE`` for it
(its rules for the years the events span); a hearing without a known time is an all-day
event.  UIDs are stable: one per meeting identity, so a calendar app updates a moved hearing
in place (``SEQUENCE`` counts its revisions) and shows a cancelled one as ``STATUS:CANCELLED``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Timezone
from icalendar import Event as VEvent

from cga.clock import CT_TZ
from cga.text import publishable

PRODID = "-//billwatch//Connecticut General Assembly hearings//EN"
TZID = "America/New_York"
DURATION = timedelta(hours=2)  # the site gives no end time
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Event:
    uid: str
    start: date | datetime  # a date: an all-day event; an aware datetime: a timed one
    summary: str
    description: str = ""
    url: str | None = None
    location: str | None = None
    status: str | None = None  # CONFIRMED | CANCELLED
    sequence: int = 0  # revisions of the meeting after its first (RFC 5545 SEQUENCE)
    last_modified: datetime | None = None
    categories: tuple[str, ...] = ()


def clean_text(value: str) -> str:
    """A TEXT value ``icalendar`` can escape and any client can read."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return publishable(_CONTROL.sub("", value))


def clean_uri(value: str) -> str:
    # URI values are not TEXT: no escaping, but no line breaks or control characters either.
    return publishable(_CONTROL.sub("", value)).replace("\n", "").replace(" ", "%20")


def _utc(value: datetime) -> datetime:
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)


def vevent(event: Event, dtstamp: datetime) -> VEvent:
    out = VEvent()
    out.add("uid", clean_text(event.uid))
    out.add("dtstamp", _utc(dtstamp))
    if isinstance(event.start, datetime):
        start = event.start if event.start.tzinfo else event.start.replace(tzinfo=CT_TZ)
        out.add("dtstart", start.astimezone(CT_TZ))
        out.add("duration", DURATION)
    else:
        out.add("dtstart", event.start)
        out.add("dtend", event.start + timedelta(days=1))
        out.add("transp", "TRANSPARENT")
    out.add("summary", clean_text(event.summary))
    if event.description:
        out.add("description", clean_text(event.description))
    if event.location:
        out.add("location", clean_text(event.location))
    if event.url:
        out.add("url", clean_uri(event.url))
    if event.status:
        out.add("status", event.status)
    if event.sequence:
        out.add("sequence", event.sequence)
    if event.last_modified is not None:
        out.add("last-modified", _utc(event.last_modified))
    if event.categories:
        out.add("categories", [clean_text(c) for c in event.categories])
    return out


def _years(events: list[Event], dtstamp: datetime) -> tuple[date, date]:
    years = [e.start.year for e in events] or [dtstamp.year]
    return date(min(years), 1, 1), date(max(years) + 1, 1, 1)


def calendar(name: str, events: list[Event], dtstamp: datetime, description: str = "") -> bytes:
    """The whole VCALENDAR as UTF-8 bytes. ``dtstamp`` (UTC) should come from the data."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", clean_text(name))
    cal.add("x-wr-timezone", TZID)
    if description:
        cal.add("x-wr-caldesc", clean_text(description))
    first, last = _years(events, dtstamp)
    cal.add_component(Timezone.from_tzinfo(CT_TZ, TZID, first, last))
    for event in events:
        cal.add_component(vevent(event, dtstamp))
    return cal.to_ical()
