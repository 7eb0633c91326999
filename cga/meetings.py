"""Committee meetings and public hearings, as billwatch reads them (docs/cga-site.md,
"Committee calendars").

The rules that turn a committee's events JSON and its agendas into meetings: when a meeting
starts (the ``start`` ends in ``Z`` yet is Connecticut local time), whether it is cancelled
(a ``CANCELLED:`` title) and a public hearing, which meeting it is across crawls (its
identity), which bills its agenda cites ("H.B. No. 5469"), the testimony deadline and
e-mail address an agenda may state, and the words a hearing change reads in
("Public hearing scheduled: Education Committee, Wed Mar 2, 2016, 10:00 AM, LOB Room 2E").
Pure functions: no fetching, no storing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, time

from .clock import CT_TZ
from .ids import BadBillId, BillId, build_bill_id
from .urls import url_key


class BadStart(ValueError):
    """An events JSON ``start`` that is not a date or a date and time."""


# --------------------------------------------------------------------------- the start

_START_RE = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Start:
    """When a meeting starts: ``iso`` is ``2016-03-02T10:00:00-05:00`` (Connecticut's
    offset that day) or, when no time is known, the date ``2016-03-02``."""

    iso: str
    day: date
    timed: bool


def read_start(value: object, all_day: bool = False) -> Start:
    """An events JSON ``start`` read as Connecticut time.

    ``2016-03-02T10:00:00Z`` is 10:00 in Hartford: the calendar writes local time with a
    ``Z`` (others' code reads it so; docs/cga-site.md, "Committee calendars").  A real
    offset (``-05:00``) is honoured; a bare date, or ``all_day``, is a day without a time.
    Raises ``BadStart`` naming what it got.
    """
    if not isinstance(value, str) or not value.strip():
        raise BadStart(f"no start ({value!r})")
    m = _START_RE.match(value.strip())
    if not m:
        raise BadStart(f"start {value!r} is not a date and time")
    try:
        day = date(int(m["y"]), int(m["m"]), int(m["d"]))
        if m["H"] is None or all_day:
            return Start(day.isoformat(), day, False)
        clock = time(int(m["H"]), int(m["M"]), int(m["S"] or 0))
    except ValueError as exc:
        raise BadStart(f"start {value!r}: {exc}") from None
    naive = datetime.combine(day, clock)
    tz = (m["tz"] or "Z").upper()
    if tz == "Z":
        local = naive.replace(tzinfo=CT_TZ)
    else:
        offset = datetime.strptime(tz.replace(":", ""), "%z").tzinfo
        local = naive.replace(tzinfo=offset).astimezone(CT_TZ)
    return Start(local.isoformat(timespec="seconds"), local.date(), True)


def start_value(iso: str | None) -> datetime | date | None:
    """A stored start back as an aware datetime (Connecticut time) or a date; None when
    unreadable."""
    if not iso:
        return None
    try:
        if "T" in iso:
            return datetime.fromisoformat(iso).astimezone(CT_TZ)
        return date.fromisoformat(iso)
    except ValueError:
        return None


def clock_label(moment: datetime | time) -> str:
    """``10:00 AM``, ``1:30 PM``, ``12:00 PM``."""
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def format_start(iso: str | None) -> str:
    """``Wed Mar 2, 2016, 10:00 AM`` (``Wed Mar 2, 2016`` without a time); "" when unreadable."""
    value = start_value(iso)
    if value is None:
        return ""
    day = value.date() if isinstance(value, datetime) else value
    words = f"{day:%a} {day:%b} {day.day}, {day.year}"
    return f"{words}, {clock_label(value)}" if isinstance(value, datetime) else words


# --------------------------------------------------------------------------- the title

_CANCELLED_RE = re.compile(r"^\s*CANCEL+ED\s*[:\-–—]\s*", re.IGNORECASE)
_HEARING_RE = re.compile(r"\bhearings?\b", re.IGNORECASE)


def title_status(title: str) -> tuple[str, str]:
    """(status, title without the prefix): ``CANCELLED: Education Committee Public Hearing``
    is ("cancelled", "Education Committee Public Hearing")."""
    m = _CANCELLED_RE.match(title)
    if m:
        return "cancelled", title[m.end() :].strip()
    return "scheduled", title.strip()


def meeting_kind(title: str) -> str:
    """``hearing`` when the title names a public hearing, else ``meeting`` (a committee's
    voting meeting, a forum).  Assumed from the titles' wording (docs/cga-site.md)."""
    return "hearing" if _HEARING_RE.search(title) else "meeting"


def meeting_id(committee: str, agenda_url: str | None, title: str, day: date) -> str:
    """A meeting's identity across crawls: its committee and agenda, else its committee,
    title (without a CANCELLED: prefix) and date.  The same identity with another time or
    room is the same meeting moved.  ``ED-`` + 12 hex digits."""
    code = committee.strip().upper()
    if agenda_url:
        key = f"{code}|{url_key(agenda_url)}"
    else:
        words = " ".join(title_status(title)[1].casefold().split())
        key = f"{code}|{words}|{day.isoformat()}"
    return f"{code}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:12]}"


def location(building: str | None, room: str | None) -> str | None:
    """``LOB Room 2E`` from the JSON's ``building`` and ``location``."""
    building, room = (building or "").strip(), (room or "").strip()
    if building and room and room.casefold().startswith(building.casefold()):
        return room
    return " ".join(x for x in (building, room) if x) or None


# --------------------------------------------------------------------------- agendas


@dataclass(frozen=True)
class Citation:
    printed: str  # "H.B. No. 5469", as the agenda prints it
    bill: BillId


_CITATION_RE = re.compile(
    r"(?<![A-Za-z0-9])(?:"
    r"(?P<c>[HS])\.?\s?(?P<k>[BJR])\.?\s*(?:(?:No|NO|no)\.?\s*|#\s*)?0*(?P<n>\d{1,5})"
    r"|(?P<word>House|Senate|HOUSE|SENATE)\s+(?P<kw>Bill|BILL|Joint\s+Resolution|JOINT\s+"
    r"RESOLUTION|Resolution|RESOLUTION)\s+(?:(?:No|NO)\.?\s*)?0*(?P<n2>\d{1,5})"
    r")(?![\d])"
)
_WORD_KIND = {"bill": "B", "joint resolution": "J", "resolution": "R"}


def cited_bills(text: str, session: int) -> list[Citation]:
    """Bills an agenda cites ("S.B. No. 123", "H.B. No. 5469", "HB 5469", "House Bill No.
    5469"), in order, each once; ``session`` is the meeting's year."""
    out: dict[BillId, Citation] = {}
    for m in _CITATION_RE.finditer(text):
        if m["c"]:
            bill_type, number = f"{m['c']}{m['k']}", int(m["n"])
        else:
            kind = _WORD_KIND[" ".join(m["kw"].lower().split())]
            bill_type, number = f"{m['word'][0].upper()}{kind}", int(m["n2"])
        try:
            build_bill_id(session, bill_type, number)
        except BadBillId:
            continue
        bill = BillId(session, bill_type, number)
        out.setdefault(bill, Citation(" ".join(m.group(0).split()), bill))
    return list(out.values())


_MONTHS = {
    m: n
    for n, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for m in names
}
_DATE = (
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?"
)
_TIME = r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<ampm>[AaPp])\.?\s*[Mm]\.?|(?P<noon>noon)"
_TIME_RE = re.compile(rf"(?<![\d:])(?:{_TIME})", re.IGNORECASE)
_DATE_RE = re.compile(_DATE, re.IGNORECASE)
# "Testimony ... by | before | no later than | deadline ..." then, within a few words, a date
# and a time in either order; or "Deadline for testimony: <date>".
_TESTIMONY_RE = re.compile(r"\btestimony\b", re.IGNORECASE)
_BY_RE = re.compile(
    r"\b(?:by|before|no\s+later\s+than|deadline(?:\s+is|\s+of)?:?)\s+", re.IGNORECASE
)
_DEADLINE_LEAD_RE = re.compile(
    r"\bdeadline\b(?:\s+for\s+(?:written\s+)?testimony)?(?:\s+is)?\s*:?\s*", re.IGNORECASE
)
_EMAIL_RE = re.compile(r"\b[A-Za-z0-9._%+-]+@cga\.ct\.gov\b", re.IGNORECASE)


def _clock(m: re.Match) -> time | None:
    if m["noon"]:
        return time(12, 0)
    hour, minute = int(m["hour"]), int(m["minute"] or 0)
    if not 1 <= hour <= 12 or minute > 59:
        return None
    pm = m["ampm"].lower() == "p"
    return time(hour % 12 + (12 if pm else 0), minute)


def _day(m: re.Match, year: int) -> date | None:
    month = _MONTHS.get(m["month"].lower().rstrip("."))
    if month is None:
        return None
    try:
        return date(int(m["year"] or year), month, int(m["day"]))
    except ValueError:
        return None


@dataclass(frozen=True)
class Deadline:
    iso: str | None  # 2016-03-01T16:00:00-05:00 (the day alone when no time is printed)
    printed: str  # "4:00 p.m. on Tuesday, March 1, 2016", as the agenda prints it


def _deadline_at(flat: str, at: int, year: int) -> Deadline | None:
    """A date (and a time) printed right after ``flat[at]``."""
    window = flat[at : at + 90]
    found_date = _DATE_RE.search(window)
    if found_date is None or found_date.start() > 45:
        return None
    day = _day(found_date, year)
    if day is None:
        return None
    found_time = _TIME_RE.search(window)
    clock = _clock(found_time) if found_time and found_time.start() < 45 else None
    spans = [found_date.span()] + ([found_time.span()] if found_time and clock else [])
    printed = window[min(a for a, _ in spans) : max(b for _, b in spans)].strip(" ,.")
    if clock is None:
        return Deadline(day.isoformat(), printed)
    moment = datetime.combine(day, clock, tzinfo=CT_TZ)
    return Deadline(moment.isoformat(timespec="seconds"), printed)


def testimony_deadline(text: str, year: int) -> Deadline | None:
    """The deadline for written testimony an agenda states ("Testimony must be submitted by
    4:00 p.m. on Tuesday, March 1, 2016"; "Deadline for testimony: March 1, 2016"), or
    None.  ``year`` completes a date printed without one."""
    flat = " ".join(text.split())
    for m in _DEADLINE_LEAD_RE.finditer(flat):
        found = _deadline_at(flat, m.end(), year)
        if found:
            return found
    for t in _TESTIMONY_RE.finditer(flat):
        segment = flat[t.end() : t.end() + 240]
        for by in _BY_RE.finditer(segment):
            found = _deadline_at(flat, t.end() + by.end(), year)
            if found:
                return found
    return None


def testimony_email(text: str) -> str | None:
    """A committee's testimony e-mail address, only where the agenda states one: an
    ``@cga.ct.gov`` address in a passage about testimony (one named ``…testimony@`` first)."""
    flat = " ".join(text.split())
    found = []
    for m in _EMAIL_RE.finditer(flat):
        around = flat[max(0, m.start() - 300) : m.end() + 100].lower()
        if "testimony" in around:
            found.append(m.group(0).strip("."))
    named = [e for e in found if "testimony" in e.lower()]
    return next(iter(named or found), None)


def printed_time(text: str, skip: str | None = None) -> time | None:
    """The first time of day an agenda prints (its meeting's time, "10:00 A.M."), leaving
    out the deadline's (``skip``, as printed)."""
    flat = " ".join(text.split())
    if skip:
        flat = flat.replace(skip, " ")
    for m in _TIME_RE.finditer(flat):
        clock = _clock(m)
        if clock is not None:
            return clock
    return None


# --------------------------------------------------------------------------- words

EVENT_WORDS = {
    "scheduled": "scheduled",
    "moved": "moved",
    "cancelled": "cancelled",
    "restored": "scheduled again",
}


def hearing_words(event: str, committee: str | None, start: str | None, place: str | None) -> str:
    """``Public hearing scheduled: Education Committee, Wed Mar 2, 2016, 10:00 AM, LOB
    Room 2E`` (the parts known)."""
    parts = [p for p in (committee, format_start(start), place) if p]
    head = f"Public hearing {EVENT_WORDS.get(event, event)}"
    return f"{head}: {', '.join(parts)}" if parts else head
