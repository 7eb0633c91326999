"""iCalendar of public hearings: /feeds/hearings.ics, /feeds/topics/TOPIC/hearings.ics and
/feeds/committees/CODE/hearings.ics.

The rows come from the ``calendar_hearings`` / ``calendar_topic_hearings`` /
``calendar_committee_hearings`` canned queries in metadata.yml, one per hearing (a bill at a
hearing); rows of one meeting are one event (its UID the meeting's identity, so a moved
hearing is updated in place), each other hearing its own.  A meeting's event has its time and
place, its agenda, the bills, and how to testify; a hearing known only from an action or
testimony is an all-day event on its date.  ``publish.ical`` writes RFC 5545.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from urllib.parse import unquote

from datasette import hookimpl
from datasette.utils.asgi import Response

from cga.clock import ct_today
from cga.meetings import start_value
from publish import site
from publish.conditional import conditional_response, parse_utc
from publish.ical import Event, calendar
from publish.listing_render import topic_known
from publish.params import request_problem
from publish.testify import how_to_testify, testify_lines

DB = site.DB_NAME
CONTENT_TYPE = "text/calendar; charset=utf-8"
EPOCH = datetime(2015, 1, 1, tzinfo=UTC)
DESCRIPTION = "Public hearings of Connecticut General Assembly bills, from billwatch."


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "").strip()[:10])
    except ValueError:
        return None


def hearing_event(row: dict, base: str) -> Event | None:
    """A hearing known only from an action or testimony: an all-day event on its date."""
    start = _day(row["date"])
    if start is None:
        return None
    committee = row["committee_name"] or row["committee"] or ""
    title = row["bill_title"] or ""
    # An iCalendar URL must be absolute and a calendar has no base to resolve a path against:
    # without a trusted origin (--public-url, an allowed Host) the event carries no link.
    url = site.bill_url(base, row["bill_id"]) if base else None
    lines = [title, f"Committee: {committee}" if committee else "", url or ""]
    testify = how_to_testify(row["committee"], row["committee_name"], row.get("testimony_email"))
    if testify and start >= ct_today():
        lines += ["", *testify_lines(testify)]
    return Event(
        uid=f"hearing-{row['bill_id']}-{row['committee'] or 'all'}-{row['date']}@billwatch",
        start=start,
        summary=f"Public hearing: {row['bill_id']}" + (f" ({committee})" if committee else ""),
        description="\n".join(x for x in lines if x is not None).strip("\n"),
        url=url,
        categories=("public hearing",),
    )


def meeting_event(rows: list[dict], base: str) -> Event | None:
    """A meeting and the bills of this calendar heard at it: one event."""
    first = rows[0]
    start = start_value(first["start"])
    if start is None:
        return None
    committee = first["committee_name"] or first["committee"] or ""
    bills = [r["bill_id"] for r in rows if r["bill_id"]]
    cancelled = first["status"] == "cancelled"
    what = ", ".join(bills) if bills else (first["meeting_title"] or "")
    summary = f"Public hearing: {what}" + (f" ({committee})" if committee else "")
    lines = [first["meeting_title"] or "", f"Committee: {committee}" if committee else ""]
    if first["location"]:
        lines.append(f"Where: {first['location']}")
    for r in rows:
        if r["bill_id"]:
            page = f" {site.bill_url(base, r['bill_id'])}" if base else ""
            lines.append(f"{r['bill_id']}: {r['bill_title'] or ''}{page}")
    try:
        agenda_bills = [b for b in json.loads(first.get("agenda_bills") or "[]") if b]
    except ValueError:
        agenda_bills = []
    if agenda_bills:
        lines.append(f"On the agenda: {', '.join(agenda_bills)}")
    if first["agenda_url"]:
        lines.append(f"Agenda: {first['agenda_url']}")
    day = start.date() if isinstance(start, datetime) else start
    testify = how_to_testify(
        first["committee"],
        first["committee_name"],
        first.get("testimony_email"),
        first.get("testimony_deadline"),
        first.get("testimony_deadline_text"),
    )
    if cancelled:
        lines.append("This hearing is cancelled.")
    elif testify and day >= ct_today():
        lines += ["", *testify_lines(testify)]
    return Event(
        uid=f"meeting-{first['meeting_id']}@billwatch",
        start=start,
        summary=("Cancelled: " if cancelled else "") + summary,
        description="\n".join(lines).strip("\n"),
        url=first["agenda_url"] or (site.bill_url(base, bills[0]) if base and bills else None),
        location=first["location"],
        status="CANCELLED" if cancelled else "CONFIRMED",
        sequence=max(0, (first.get("revisions") or 1) - 1),
        last_modified=parse_utc(first.get("revised_at")),
        categories=("public hearing",),
    )


def events_of(rows: list[dict], base: str) -> list[Event]:
    """One event per meeting (its rows grouped), one per other hearing; in row order."""
    groups: dict[str, list[dict]] = {}
    for row in rows:
        key = row["meeting_id"] or f"{row['bill_id']}|{row['committee']}|{row['date']}"
        groups.setdefault(key, []).append(row)
    out = []
    for group in groups.values():
        event = meeting_event(group, base) if group[0]["meeting_id"] else None
        if event is None and group[0]["bill_id"]:
            event = hearing_event(group[0], base)
        if event is not None:
            out.append(event)
    return out


async def _calendar(datasette, request, query: str, params: dict, name: str) -> Response:
    db = datasette.get_database(DB)
    sql = (await datasette.get_canned_query(DB, query, None))["sql"]
    rows = [dict(r) for r in (await db.execute(sql, params)).rows]
    base = site.public_url(datasette, request)
    events = events_of(rows, base)
    updated = parse_utc(await db.execute_fn(site.last_update))
    if await db.execute_fn(site.is_sample):
        name += f" ({site.SAMPLE_LABEL})"
    body = calendar(name, events, dtstamp=updated or EPOCH, description=DESCRIPTION)
    return conditional_response(request, body, CONTENT_TYPE, updated)


def checked(view):
    """A 400 with the reason for a parameter that cannot be published, before the view runs."""

    async def guarded(datasette, request):
        problem = request_problem(request)
        if problem:
            return Response.text(problem, status=400)
        return await view(datasette, request)

    return guarded


@checked
async def hearings_calendar(datasette, request):
    return await _calendar(
        datasette, request, "calendar_hearings", {}, "billwatch: hearings of watched bills"
    )


@checked
async def topic_hearings_calendar(datasette, request):
    topic = unquote(request.url_vars["topic"])
    known = await datasette.get_database(DB).execute_fn(lambda conn: topic_known(conn, topic))
    if not known:
        return Response.text(f"no topic {topic!r}", status=404)
    return await _calendar(
        datasette,
        request,
        "calendar_topic_hearings",
        {"topic": topic},
        f"billwatch: hearings, {topic}",
    )


@checked
async def committee_hearings_calendar(datasette, request):
    code = unquote(request.url_vars["committee"]).upper()
    db = datasette.get_database(DB)
    row = (
        await db.execute(
            "select (select name from committees where code = :c), "
            "exists(select 1 from committees where code = :c) "
            "or exists(select 1 from meetings where committee = :c) "
            "or exists(select 1 from hearings where committee = :c)",
            {"c": code},
        )
    ).first()
    if row is None or not row[1]:
        return Response.text(f"no committee {code!r}", status=404)
    name = row[0] or f"{code} Committee"
    return await _calendar(
        datasette,
        request,
        "calendar_committee_hearings",
        {"committee": code},
        f"billwatch: public hearings, {name}",
    )


@hookimpl
def register_routes():
    return [
        (r"^/feeds/hearings\.ics$", hearings_calendar),
        (r"^/feeds/topics/(?P<topic>[^/]+)/hearings\.ics$", topic_hearings_calendar),
        (
            r"^/feeds/committees/(?P<committee>[A-Za-z]{1,8})/hearings\.ics$",
            committee_hearings_calendar,
        ),
    ]
