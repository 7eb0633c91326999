"""iCalendar of public hearings: /feeds/hearings.ics and /feeds/topics/TOPIC/hearings.ics.

The rows come from the ``calendar_hearings`` / ``calendar_topic_hearings`` canned queries in
metadata.yml; ``publish.ical`` writes RFC 5545.  Hearings have a date and no time: all-day events.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from urllib.parse import unquote

from datasette import hookimpl
from datasette.utils.asgi import Response

from publish import site
from publish.conditional import conditional_response, parse_utc
from publish.ical import Event, calendar
from publish.params import request_problem

DB = site.DB_NAME
CONTENT_TYPE = "text/calendar; charset=utf-8"
EPOCH = datetime(2015, 1, 1, tzinfo=UTC)


def _start(value: str) -> date | datetime | None:
    try:
        if "T" in value or " " in value.strip():
            return datetime.fromisoformat(value.strip()).replace(tzinfo=None)
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def hearing_event(row: dict, base: str) -> Event | None:
    start = _start(row["date"] or "")
    if start is None:
        return None
    committee = row["committee_name"] or row["committee"] or ""
    title = row["bill_title"] or ""
    # An iCalendar URL must be absolute and a calendar has no base to resolve a path against:
    # without a trusted origin (--public-url, an allowed Host) the event carries no link.
    url = site.bill_url(base, row["bill_id"]) if base else None
    description = "\n".join(
        x for x in (title, f"Committee: {committee}" if committee else "", url) if x
    )
    return Event(
        uid=f"hearing-{row['bill_id']}-{row['committee'] or 'all'}-{row['date']}@billwatch",
        start=start,
        summary=f"Public hearing: {row['bill_id']}" + (f" ({committee})" if committee else ""),
        description=description,
        url=url,
        categories=("public hearing",),
    )


async def _calendar(datasette, request, query: str, params: dict, name: str) -> Response:
    db = datasette.get_database(DB)
    sql = (await datasette.get_canned_query(DB, query, None))["sql"]
    rows = [dict(r) for r in (await db.execute(sql, params)).rows]
    base = site.public_url(datasette, request)
    events = [e for e in (hearing_event(r, base) for r in rows) if e]
    updated = parse_utc(await db.execute_fn(site.last_update))
    if await db.execute_fn(site.is_sample):
        name += f" ({site.SAMPLE_LABEL})"
    body = calendar(
        name,
        events,
        dtstamp=updated or EPOCH,
        description="Public hearings of Connecticut General Assembly bills, from billwatch.",
    )
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
    known = (
        await datasette.get_database(DB).execute(
            "select 1 from bill_topics where topic = ? limit 1", [topic]
        )
    ).first()
    if known is None:
        return Response.text(f"no topic {topic!r}", status=404)
    return await _calendar(
        datasette,
        request,
        "calendar_topic_hearings",
        {"topic": topic},
        f"billwatch: hearings, {topic}",
    )


@hookimpl
def register_routes():
    return [
        (r"^/feeds/hearings\.ics$", hearings_calendar),
        (r"^/feeds/topics/(?P<topic>[^/]+)/hearings\.ics$", topic_hearings_calendar),
    ]
