"""A minimal RFC 5545 iCalendar writer for hearing calendars (pure, deterministic).

CRLF line ends; content lines folded at 75 octets (never inside a UTF-8 sequence); TEXT
values escaped (backslash, ``;``, ``,``, newlines); control characters dropped (RFC 5545
allows none in a value) and whatever else is not publishable text (a lone surrogate, U+FFFE)
replaced, so the calendar always encodes and parses; stable UIDs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cga.text import publishable

CRLF = "\r\n"
PRODID = "-//billwatch//Connecticut General Assembly hearings//EN"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Event:
    uid: str
    start: date | datetime  # a date: an all-day event; a naive datetime: floating local time
    summary: str
    description: str = ""
    url: str | None = None
    categories: tuple[str, ...] = ()


def escape_text(value: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = publishable(_CONTROL.sub("", value.replace("\t", " ")))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces joined by CRLF + space (RFC 5545 3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    pieces, start, limit = [], 0, 75
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:  # mid-character
            end -= 1
        pieces.append(encoded[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines begin with one space
    return (CRLF + " ").join(pieces)


def _stamp(value: datetime) -> str:
    return value.strftime("%Y%m%dT%H%M%SZ")


def _uri(value: str) -> str:
    # URI values are not TEXT: no escaping, but no line breaks or control characters either.
    return publishable(_CONTROL.sub("", value)).replace("\n", "").replace(" ", "%20")


def event_lines(event: Event, dtstamp: datetime) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{escape_text(event.uid)}", f"DTSTAMP:{_stamp(dtstamp)}"]
    if isinstance(event.start, datetime):
        lines.append(f"DTSTART:{event.start.strftime('%Y%m%dT%H%M%S')}")
        lines.append("DURATION:PT2H")
    else:
        lines.append(f"DTSTART;VALUE=DATE:{event.start.strftime('%Y%m%d')}")
        lines.append(f"DTEND;VALUE=DATE:{(event.start + timedelta(days=1)).strftime('%Y%m%d')}")
        lines.append("TRANSP:TRANSPARENT")
    lines.append(f"SUMMARY:{escape_text(event.summary)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{_uri(event.url)}")
    if event.categories:
        lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in event.categories))
    lines.append("END:VEVENT")
    return lines


def calendar(name: str, events: list[Event], dtstamp: datetime, description: str = "") -> bytes:
    """The whole VCALENDAR as UTF-8 bytes. ``dtstamp`` (UTC) should come from the data."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-WR-TIMEZONE:America/New_York",
    ]
    if description:
        lines.append(f"X-WR-CALDESC:{escape_text(description)}")
    for event in events:
        lines += event_lines(event, dtstamp)
    lines.append("END:VCALENDAR")
    return (CRLF.join(fold(line) for line in lines) + CRLF).encode("utf-8")
