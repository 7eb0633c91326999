"""Committee calendars for billwatch's offline copy of cga.ct.gov (SAMPLE DATA).

Called by build.py (``build_meetings.add(site)``, before the states are derived).  Writes the
committees' events JSON, which the sample server answers for
``/basin/fullcalendar/commevents.php?comm_code=ED`` (``basin/fullcalendar/commevents/ed.json``;
a committee without a file answers ``none.json``, an empty list), and the agendas the events
link (the real agenda URL pattern is unknown; these paths are invented).  The JSON's ``start``
ends in ``Z`` but is Connecticut local time, as the real feed's (docs/cga-site.md, "Committee
calendars").

The Education Committee's calendar differs between the copy's two states (build_states.py):

| meeting | 18 March 2015 (earlier) | as the session ended (the tree) |
|---|---|---|
| public hearing, 2015 HB 7017 and S.B. No. 1155 (no such bill) | Thu Mar 19, 10:00 AM, LOB Room 2E | the same |
| public hearing, 2015 HB 6420 | Mon Mar 23, 1:00 PM, LOB Room 2E | **moved**: Tue Mar 24, 10:00 AM, LOB Room 1B (same agenda) |
| additional public hearing, HB 7017 and HB 6420 | Thu Mar 26, 10:00 AM, LOB Room 2E | **CANCELLED:** |
| public hearing on early childhood screening (no agenda posted) | Wed Apr 1, 10:00 AM, LOB Room 1C | moved to LOB Room 1D (identity: committee, title, date) |
| committee meeting (a vote; not a hearing), HB 7017 | not yet listed | Fri Mar 27, 10:30 AM |
| public hearing, 2016 HB 5469 (HTML agenda: deadline, e-mail) | not yet listed | **scheduled**: Wed Mar 2, 2016, 10:00 AM, LOB Room 2E |

so the demo's second crawl (clock 24 June 2015) finds a hearing scheduled, one moved and one
cancelled, and the 2016 hearing is still to come by its clock.  The Public Health Committee's
calendar carries the bad input (an event without a start, an agenda PDF cut in half, an
agenda citing no bill) and the Judiciary Committee's is not valid JSON
(EXPECTED-ERRORS.txt).  Every agenda says "Sample data".
"""

from __future__ import annotations

import io
import json
from datetime import date

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

import build_states

BANNER = "Sample data \u2014 billwatch offline copy, not the live site"
BANNER_HTML = "Sample data &mdash; billwatch offline copy, not the live site"
FOLDER = "/basin/fullcalendar/commevents"
CRLF = "\r\n"

A1 = "/2015/EDdata/Agenda/2015ED-00319-R001000-AGENDA.pdf"
A2 = "/2015/EDdata/Agenda/2015ED-00323-R001300-AGENDA.pdf"
A3 = "/2015/EDdata/Agenda/2015ED-00326-R001000-AGENDA.pdf"
A5 = "/2015/EDdata/Agenda/2015ED-00327-R001030-MTG-AGENDA.pdf"
A4 = "/2016/EDdata/Agenda/2016ED-00302-R001000-AGENDA.htm"
P1 = "/2015/PHdata/Agenda/2015PH-00227-R001030-AGENDA.pdf"
P2 = "/2015/PHdata/Agenda/2015PH-00304-R001100-AGENDA.pdf"
P4 = "/2015/PHdata/Agenda/2015PH-00311-R001000-AGENDA.htm"


def event(title, start, room, url=None, building="LOB"):
    out = {"title": title, "start": start, "building": building, "location": room}
    if url:
        out["url"] = url
    return out


HEARING = "Education Committee Public Hearing"
ED_EARLIER = [
    event(HEARING, "2015-03-19T10:00:00Z", "Room 2E", A1),
    event(HEARING, "2015-03-23T13:00:00Z", "Room 2E", A2),
    event(HEARING, "2015-03-26T10:00:00Z", "Room 2E", A3),
    event("Education Committee Public Hearing: Early Childhood Screening",
          "2015-04-01T10:00:00Z", "Room 1C"),
]
ED_LATER = [
    event(HEARING, "2015-03-19T10:00:00Z", "Room 2E", A1),
    event(HEARING, "2015-03-24T10:00:00Z", "Room 1B", A2),  # moved
    event(f"CANCELLED: {HEARING}", "2015-03-26T10:00:00Z", "Room 2E", A3),
    event("Education Committee Meeting", "2015-03-27T10:30:00Z", "Room 2E", A5),
    event("Education Committee Public Hearing: Early Childhood Screening",
          "2015-04-01T10:00:00Z", "Room 1D"),  # another room, no agenda
    event(HEARING, "2016-03-02T10:00:00Z", "Room 2E", A4),
]
PH = [
    event("Public Health Committee Public Hearing", "2015-02-27T10:30:00Z", "Room 1D", P1),
    event("Public Health Committee Public Hearing", "2015-03-04T11:00:00Z", "Room 1D", P2),
    {"title": "Public Health Committee Meeting", "start": "", "building": "LOB",
     "location": "Room 1D"},  # no start: not stored, named in an errors row
    event("Public Health Committee Public Hearing", "2015-03-11T10:00:00Z", "Room 1A", P4),
]


def events_json(events: list[dict]) -> bytes:
    return json.dumps(events, indent=1, ensure_ascii=False).encode("utf-8")


def agenda_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page agenda: the lines as printed, the sample-data banner at the foot."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, invariant=1)
    c.setTitle(title)
    c.setAuthor("billwatch sample site")
    c.setCreator("billwatch data/sample-site/build_meetings.py")
    y = 740
    for line in [title, "", *lines]:
        c.setFont("Helvetica-Bold" if line == title else "Helvetica", 11)
        c.drawString(72, y, line)
        y -= 16
    c.setFont("Helvetica", 7)
    c.drawString(72, 40, BANNER)
    c.showPage()
    c.save()
    return buf.getvalue()


def agenda_htm(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    page = (
        "<html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body>\n"
        f'<p class="billwatch-sample-banner">{BANNER_HTML}</p>\n<h2>{title}</h2>\n{body}'
        "</body></html>\n"
    )
    return page.replace("\n", CRLF).encode("ascii", "xmlcharrefreplace")


ED_HEAD = ["CONNECTICUT GENERAL ASSEMBLY", "EDUCATION COMMITTEE"]


def add(site) -> None:
    """Put the calendars and agendas into ``site`` (and the earlier Education calendar into
    the earlier state)."""
    site.put(A1, agenda_pdf("Education Committee Public Hearing Agenda", [
        *ED_HEAD,
        "PUBLIC HEARING AGENDA",
        "Thursday, March 19, 2015, 10:00 A.M., Room 2E of the Legislative Office Building",
        "I. H.B. No. 7017 (RAISED) AN ACT CONCERNING STUDENT DATA PRIVACY.",
        "II. S.B. No. 1155 AN ACT CONCERNING SCHOOL LIBRARY HOURS.",
        "Written testimony may be e-mailed to EDtestimony@cga.ct.gov in Word or PDF form",
        "by 3:00 p.m. on Wednesday, March 18, 2015.",
        "Sample data: an invented agenda for billwatch's offline copy.",
    ]), date(2015, 3, 13))
    site.put(A2, agenda_pdf("Education Committee Public Hearing Agenda", [
        *ED_HEAD,
        "PUBLIC HEARING AGENDA",
        "Monday, March 23, 2015, 1:00 P.M., Room 2E of the Legislative Office Building",
        "I. H.B. No. 6420 AN ACT LIMITING THE STUDENT DATA THAT THE P20 WIN COUNCIL CAN",
        "COLLECT.",
        "Sample data: an invented agenda for billwatch's offline copy.",
    ]), date(2015, 3, 16))
    site.put(A3, agenda_pdf("Education Committee Public Hearing Agenda", [
        *ED_HEAD,
        "ADDITIONAL PUBLIC HEARING ON BILLS CONCERNING STUDENT DATA",
        "Thursday, March 26, 2015, 10:00 A.M., Room 2E of the Legislative Office Building",
        "I. H.B. No. 7017 AN ACT CONCERNING STUDENT DATA PRIVACY.",
        "II. H.B. No. 6420 AN ACT LIMITING THE STUDENT DATA THAT THE P20 WIN COUNCIL CAN",
        "COLLECT.",
        "Sample data: an invented agenda for billwatch's offline copy.",
    ]), date(2015, 3, 17))
    site.put(A5, agenda_pdf("Education Committee Meeting Agenda", [
        *ED_HEAD,
        "COMMITTEE MEETING AGENDA",
        "Friday, March 27, 2015, 10:30 A.M., Room 2E of the Legislative Office Building",
        "I. H.B. No. 7017 AN ACT CONCERNING STUDENT DATA PRIVACY.",
        "Sample data: an invented agenda for billwatch's offline copy.",
    ]), date(2015, 3, 24))
    site.put(A4, agenda_htm("Education Committee Public Hearing Agenda", [
        "CONNECTICUT GENERAL ASSEMBLY &mdash; EDUCATION COMMITTEE",
        "PUBLIC HEARING AGENDA",
        "Wednesday, March 2, 2016, 10:00 A.M., in Room 2E of the Legislative Office Building",
        "I. H.B. No. 5469 AN ACT CONCERNING STUDENT DATA PRIVACY.",
        "Written testimony should be submitted by 4:00 p.m. on Tuesday, March 1, 2016, by "
        "e-mail to EDtestimony@cga.ct.gov (Word or PDF), or through the online testimony "
        "form. Speakers sign up in Room 2E from 8:00 a.m.",
        "Sample data: an invented agenda for billwatch's offline copy.",
    ]), date(2016, 2, 26))
    site.put(P1, agenda_pdf("Public Health Committee Public Hearing Agenda", [
        "CONNECTICUT GENERAL ASSEMBLY", "PUBLIC HEALTH COMMITTEE", "PUBLIC HEARING AGENDA",
        "Friday, February 27, 2015, 10:30 A.M., Room 1D of the Legislative Office Building",
        "I. S.B. No. 415 AN ACT CONCERNING THE USE OF SUNSCREEN BY STUDENTS.",
        "Sample data: an invented agenda for billwatch's offline copy.",
    ]), date(2015, 2, 23))
    whole = agenda_pdf("Public Health Committee Public Hearing Agenda", [
        "CONNECTICUT GENERAL ASSEMBLY", "PUBLIC HEALTH COMMITTEE", "PUBLIC HEARING AGENDA",
        "Wednesday, March 4, 2015, 11:00 A.M., Room 1D of the Legislative Office Building",
        "I. H.B. No. 5533 AN ACT CONCERNING THE LICENSING OF TATTOO TECHNICIANS.",
        "Sample data: an invented agenda for billwatch's offline copy.",
    ])
    site.put(P2, whole[: len(whole) // 2], date(2015, 2, 27))  # cut in half: no %%EOF
    site.put(P4, agenda_htm("Public Health Committee Public Hearing Agenda", [
        "CONNECTICUT GENERAL ASSEMBLY &mdash; PUBLIC HEALTH COMMITTEE",
        "PUBLIC HEARING AGENDA: INFORMATIONAL HEARING ON SCHOOL NURSE STAFFING",
        "Wednesday, March 11, 2015, 10:00 A.M., Room 1A of the Legislative Office Building",
        "Invited speakers only; no bill is on this agenda.",
        "Sample data: an invented agenda for billwatch's offline copy.",
    ]), date(2015, 3, 6))

    site.put(f"{FOLDER}/ed.json", events_json(ED_LATER), date(2015, 6, 1))
    build_states.put_state(site, "earlier", f"{FOLDER}/ed.json", events_json(ED_EARLIER),
                           date(2015, 3, 18))
    site.put(f"{FOLDER}/ph.json", events_json(PH), date(2015, 3, 6))
    broken = events_json([event("Judiciary Committee Public Hearing", "2015-02-20T10:00:00Z",
                                "Room 2A")])
    site.put(f"{FOLDER}/jud.json", broken[: len(broken) - 40], date(2015, 2, 16))  # cut off
    site.put(f"{FOLDER}/none.json", b"[]", date(2015, 1, 7))
