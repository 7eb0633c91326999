"""Committee meetings, the core's rules and the parser (issue 16): the events JSON's ``Z`` read
as Connecticut time, cancellations, hearings, identity, agenda citations, the testimony
deadline and address, the words of a hearing change; bad entries named, the rest kept."""

from __future__ import annotations

import json
from datetime import date

import pytest

from cga.meetings import (
    BadStart,
    cited_bills,
    format_start,
    hearing_words,
    location,
    meeting_id,
    meeting_kind,
    printed_time,
    read_start,
    title_status,
)
from cga.meetings import testimony_deadline as deadline_of
from cga.meetings import testimony_email as email_of
from cga.records import PageError
from cga.urls import committee_events_url
from cga.urls import testimony_form_url as form_url
from spiders.meetings import parse_events, read_agenda

PAGE = "http://127.0.0.1:8765/basin/fullcalendar/commevents.php?comm_code=ED"


@pytest.mark.parametrize(
    ("raw", "iso", "timed"),
    [
        ("2016-03-02T10:00:00Z", "2016-03-02T10:00:00-05:00", True),  # Z: local, EST
        ("2015-03-19T10:00:00Z", "2015-03-19T10:00:00-04:00", True),  # EDT (after Mar 8)
        ("2016-03-02T15:00:00+00:00", "2016-03-02T10:00:00-05:00", True),  # a real offset
        ("2016-03-02 13:30", "2016-03-02T13:30:00-05:00", True),
        ("2016-03-02", "2016-03-02", False),  # a day without a time
    ],
)
def test_start_is_connecticut_time(raw, iso, timed):
    start = read_start(raw)
    assert (start.iso, start.timed, start.day.isoformat()) == (iso, timed, iso[:10])


def test_all_day_and_bad_starts():
    assert read_start("2016-03-02T10:00:00Z", all_day=True).iso == "2016-03-02"
    for bad in (None, "", "next Tuesday", "2016-02-30T10:00:00Z", 20160302):
        with pytest.raises(BadStart):
            read_start(bad)


def test_titles_cancellations_and_kinds():
    assert title_status("CANCELLED: Education Committee Public Hearing") == (
        "cancelled",
        "Education Committee Public Hearing",
    )
    assert title_status("Canceled - ED Meeting")[0] == "cancelled"
    assert title_status("Education Committee Public Hearing")[0] == "scheduled"
    assert meeting_kind("Education Committee Public Hearing") == "hearing"
    assert meeting_kind("Education Committee Meeting") == "meeting"


def test_identity_is_committee_and_agenda_else_title_and_date():
    a = "https://www.cga.ct.gov/2016/EDdata/Agenda/x.pdf"
    one = meeting_id("ED", a, "Public Hearing", date(2016, 3, 2))
    # the same agenda on another day, in another case, cancelled: the same meeting
    assert meeting_id("ed", a.replace("Agenda", "AGENDA"), "CANCELLED: x", date(2016, 3, 3)) == one
    assert meeting_id("APP", a, "Public Hearing", date(2016, 3, 2)) != one
    plain = meeting_id("ED", None, "Public  Hearing", date(2016, 3, 2))
    assert plain == meeting_id("ED", None, "CANCELLED: public hearing", date(2016, 3, 2))
    assert plain != meeting_id("ED", None, "Public Hearing", date(2016, 3, 3))
    assert one.startswith("ED-") and len(one) == 15


def test_citations():
    text = (
        "I. H.B. No. 5469 AN ACT. II. S.B. No. 123. III. HB 5470, HB05471 and House Bill No. "
        "5472; S.J. No. 12. Again H.B. No. 5469. Not these: USB 3, THB 9, H.B. No. 0, "
        "the S.B. 999999."
    )
    got = [(c.printed, str(c.bill)) for c in cited_bills(text, 2016)]
    assert got == [
        ("H.B. No. 5469", "2016-HB-5469"),
        ("S.B. No. 123", "2016-SB-123"),
        ("HB 5470", "2016-HB-5470"),
        ("HB05471", "2016-HB-5471"),
        ("House Bill No. 5472", "2016-HB-5472"),
        ("S.J. No. 12", "2016-SJ-12"),
    ]
    assert cited_bills("Invited speakers only.", 2016) == []


def test_testimony_deadline_email_and_printed_time():
    text = (
        "Wednesday, March 2, 2016, 10:00 A.M., Room 2E. Written testimony should be "
        "submitted by 4:00 p.m. on Tuesday, March 1, 2016, by e-mail to "
        "EDtestimony@cga.ct.gov. Questions: clerk.ed@cga.ct.gov"
    )
    deadline = deadline_of(text, 2016)
    assert deadline is not None
    assert deadline.iso == "2016-03-01T16:00:00-05:00"
    assert deadline.printed == "4:00 p.m. on Tuesday, March 1, 2016"
    assert email_of(text) == "EDtestimony@cga.ct.gov"
    assert printed_time(text, deadline.printed).strftime("%H:%M") == "10:00"
    other = deadline_of("Deadline for testimony: March 1 at noon", 2016)
    assert other is not None and other.iso == "2016-03-01T12:00:00-05:00"
    day_only = deadline_of("Testimony is due no later than Friday, March 4, 2016.", 2016)
    assert day_only is not None and day_only.iso == "2016-03-04"
    assert deadline_of("Testimony submitted by the public is posted.", 2016) is None
    # an address outside a passage about testimony is not a testimony address
    assert email_of("Contact the clerk at clerk.ed@cga.ct.gov about parking.") is None


def test_words_and_urls():
    assert format_start("2016-03-02T10:00:00-05:00") == "Wed Mar 2, 2016, 10:00 AM"
    assert format_start("2015-03-23T13:00:00-04:00") == "Mon Mar 23, 2015, 1:00 PM"
    assert format_start("2016-03-02") == "Wed Mar 2, 2016"
    assert location("LOB", "Room 2E") == "LOB Room 2E"
    assert location("LOB", "LOB Room 2E") == "LOB Room 2E"
    assert location(None, None) is None
    assert (
        hearing_words(
            "scheduled", "Education Committee", "2016-03-02T10:00:00-05:00", "LOB Room 2E"
        )
        == "Public hearing scheduled: Education Committee, Wed Mar 2, 2016, 10:00 AM, LOB Room 2E"
    )
    assert hearing_words("restored", None, None, None) == "Public hearing scheduled again"
    assert committee_events_url("ed").endswith("/basin/fullcalendar/commevents.php?comm_code=ED")
    assert form_url("ED") == (
        "https://www.cga.ct.gov/aspx/CGATestimonySub/CGAtestimonysubmission.aspx?comm_code=ed"
    )


def events(*entries) -> bytes:
    return json.dumps(list(entries)).encode()


def test_parse_events_reads_each_entry_and_names_the_bad_ones():
    body = events(
        {
            "title": "Education Committee Public Hearing",
            "start": "2016-03-02T10:00:00Z",
            "building": "LOB",
            "location": "Room 2E",
            "url": "/2016/EDdata/Agenda/a.htm",
        },
        {"title": "CANCELLED: Education Committee Meeting", "start": "2016-03-04T10:00:00Z"},
        {"title": "No start", "start": ""},
        {"start": "2016-03-05T10:00:00Z"},
        "not an object",
        {
            "title": "Education Committee Public Hearing",
            "start": "2016-03-02T11:00:00Z",
            "url": "/2016/EDdata/Agenda/a.htm",
        },  # the same agenda again: one meeting
    )
    meetings, problems = parse_events(body, "ED", PAGE)
    assert [m.title for m in meetings] == [
        "Education Committee Public Hearing",
        "Education Committee Meeting",
    ]
    first, second = meetings
    assert first.agenda_url == "https://www.cga.ct.gov/2016/EDdata/Agenda/a.htm"
    assert (first.start, first.location, first.kind, first.status) == (
        "2016-03-02T10:00:00-05:00",
        "LOB Room 2E",
        "hearing",
        "scheduled",
    )
    assert (second.status, second.kind, second.location, second.agenda_url) == (
        "cancelled",
        "meeting",
        None,
        None,
    )
    assert len(problems) == 4
    assert "event 3 ('No start'): no start" in problems[0]
    assert "event 4 has no title" in problems[1]
    assert "event 5 is not an object" in problems[2]
    assert "events 1 and 6 are one meeting" in problems[3]


@pytest.mark.parametrize("body", [b'[{"title": "x", "start"', b'{"title": "x"}', b"\xff\xfe"])
def test_a_body_that_is_not_a_list_of_events_is_a_page_error(body):
    with pytest.raises(PageError, match="events JSON"):
        parse_events(body, "ED", PAGE)


def test_read_agenda_notes_what_a_reader_should_know():
    meeting = parse_events(
        events({"title": "Public Hearing", "start": "2015-03-24T10:00:00Z", "url": "/a.pdf"}),
        "ED",
        PAGE,
    )[0][0]
    read = read_agenda("Monday, March 23, 2015, 1:00 P.M. I. H.B. No. 6420 AN ACT.", meeting)
    assert read.citations == [("H.B. No. 6420", "2015-HB-6420")]
    assert read.printed_time == "13:00"
    assert read.notes == ["the agenda prints 1:00 PM; the calendar says 10:00 AM"]
    assert read_agenda("Invited speakers only, 10:00 AM.", meeting).notes == [
        "the agenda cites no bill"
    ]
    assert "no text layer" in read_agenda("", meeting).notes[0]
