"""Hearings before they happen, against the sample site (issue 16's acceptance).

The copy as it stood on 18 March 2015, then as the session ended, each crawled with the
clock of its day (``BILLWATCH_NOW``): the scheduled, moved and cancelled hearings are
``hearing`` changes, and the calendars parsed back with ``icalendar`` give the right start
with its offset, the room, one UID per meeting across a move and ``STATUS:CANCELLED``.  A
``--force`` rerun adds no meeting and no change.  Bad input (a malformed events JSON, an
event without a start, an agenda PDF cut in half, an agenda citing no bill) is an errors
row or a note, the rest stored, nothing duplicated.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import feedparser
import pytest
from icalendar import Calendar

from billwatch.samplesite import running_server
from billwatch.serve import make_datasette

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample-site"
EARLIER, LATER = "2015-03-18T22:00:00Z", "2015-06-24T16:00:00Z"
PUBLIC = "https://bills.example.org"


def calendar(db: Path, now: str, path: str = "/feeds/hearings.ics") -> dict[str, dict]:
    """UID -> the event's start, place, status and sequence, parsed back with icalendar
    (served with the clock at ``now``)."""
    ds = make_datasette(db, public_url=PUBLIC)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BILLWATCH_NOW", now)
        response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, response.text
    cal = Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["America/New_York"]
    return {
        str(e["UID"]): {
            "start": e.decoded("DTSTART"),
            "location": str(e.get("LOCATION", "")),
            "status": str(e.get("STATUS", "")),
            "sequence": int(e.get("SEQUENCE", 0)),
            "summary": str(e["SUMMARY"]),
            "description": str(e.get("DESCRIPTION", "")),
        }
        for e in cal.walk("VEVENT")
    }


def hearing_changes(db: Path, clock: str) -> set[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "select bill_id, key from changes where kind = 'hearing' and detected_at = ?", [clock]
        ).fetchall()
    finally:
        conn.close()
    return {(bill, key.split("|")[2]) for bill, key in rows}


def count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


@pytest.fixture(scope="module")
def crawled(crawlkit, tmp_path_factory) -> SimpleNamespace:
    db = tmp_path_factory.mktemp("hearings") / "h.db"
    out = SimpleNamespace(db=db, ics={}, runs={})
    with running_server(root=SAMPLE, state="earlier") as server:
        args = (server.base_url, db, "--session", "2015")
        out.runs["earlier"] = crawlkit.update(*args, env={"BILLWATCH_NOW": EARLIER})
        out.ics["earlier"] = calendar(db, EARLIER)
        server.set_state(None)
        out.runs["later"] = crawlkit.update(*args, env={"BILLWATCH_NOW": LATER})
        out.ics["later"] = calendar(db, LATER)
        out.ics["committee"] = calendar(db, LATER, "/feeds/committees/ED/hearings.ics")
        out.before_force = crawlkit.snapshot(db)
        out.runs["force"] = crawlkit.update(
            *args, "--force", env={"BILLWATCH_NOW": "2015-06-25T17:00:00Z"}
        )
    return out


def by_day(ics: dict[str, dict], day: str) -> tuple[str, dict]:
    found = [(uid, e) for uid, e in ics.items() if str(e["start"]).startswith(day)]
    assert len(found) == 1, (day, sorted(ics))
    return found[0]


def test_scheduled_moved_and_cancelled_hearings_are_changes(crawled):
    assert hearing_changes(crawled.db, EARLIER) == {
        ("2015-HB-7017", "scheduled"),  # 3/19 and the additional hearing of 3/26
        ("2015-HB-6420", "scheduled"),  # 3/23, and 3/26
    }
    assert hearing_changes(crawled.db, LATER) == {
        ("2015-HB-6420", "moved"),
        ("2015-HB-6420", "cancelled"),
        ("2015-HB-7017", "cancelled"),
        ("2016-HB-5469", "scheduled"),
    }
    # meetings: HB 6420's and the screening hearing moved, the additional one cancelled
    assert "2 moved, 1 cancelled" in crawled.runs["later"].output


def test_calendars_carry_the_start_with_its_offset_the_room_and_one_uid_per_meeting(crawled):
    earlier, later = crawled.ics["earlier"], crawled.ics["later"]
    uid, before = by_day(earlier, "2015-03-23 13:00")  # HB 6420, then moved
    after = later[uid]  # the same UID across the move
    assert str(after["start"]) == "2015-03-24 10:00:00-04:00"
    assert after["start"].utcoffset() == timedelta(hours=-4)  # EDT
    assert (before["location"], after["location"]) == ("LOB Room 2E", "LOB Room 1B")
    assert after["sequence"] == 1 and uid.startswith("meeting-ED-")
    cancelled_uid, _ = by_day(earlier, "2015-03-26")
    assert earlier[cancelled_uid]["status"] == "CONFIRMED"
    assert later[cancelled_uid]["status"] == "CANCELLED"
    assert later[cancelled_uid]["summary"].startswith("Cancelled: ")
    upcoming_uid, upcoming = by_day(later, "2016-03-02")
    assert upcoming_uid not in earlier  # scheduled between the two crawls
    assert str(upcoming["start"]) == "2016-03-02 10:00:00-05:00"  # EST
    assert upcoming["location"] == "LOB Room 2E"
    assert "2016-HB-5469" in upcoming["summary"]
    assert "Agenda: https://www.cga.ct.gov/2016/EDdata/Agenda/" in upcoming["description"]
    assert "EDtestimony@cga.ct.gov" in upcoming["description"]  # upcoming by the clock
    assert "submits nothing on anyone" in upcoming["description"]
    assert len(later) == len(earlier) + 1  # moved and cancelled ones updated, not added
    # hearings known only from actions stay all-day events
    assert any(not hasattr(e["start"], "hour") for e in later.values())


def test_the_committee_calendar_lists_its_hearings_without_bills_too(crawled):
    committee = crawled.ics["committee"]
    screening = [e for e in committee.values() if "Early Childhood" in e["summary"]]
    assert len(screening) == 1 and screening[0]["location"] == "LOB Room 1D"  # moved room
    assert not any("Education Committee Meeting" in e["summary"] for e in committee.values())


def test_a_forced_rerun_adds_no_meeting_and_no_change(crawled, crawlkit):
    after = crawlkit.snapshot(crawled.db)
    for table in ("meetings", "meeting_history", "meeting_bills", "hearings", "changes"):
        assert after[table] == crawled.before_force[table], table
    assert "+0 new, 0 moved, 0 cancelled" in crawled.runs["force"].output
    assert crawlkit.duplicates(crawled.db) == []


def test_feeds_and_the_bill_page_show_the_hearing_before_it_happens(crawled, monkeypatch):
    monkeypatch.setenv("BILLWATCH_NOW", LATER)
    ds = make_datasette(crawled.db, public_url=PUBLIC)
    parsed = feedparser.parse(asyncio.run(ds.client.get("/feeds/changes.atom")).content)
    assert parsed.bozo == 0
    hearing = next(e for e in parsed.entries if e.title.startswith("2016-HB-5469: Public hearing"))
    assert hearing.tags[0].term == "hearing"
    assert "#hearing-ED-" in hearing.link
    assert "How to testify" in hearing.summary and "comm_code=ed" in hearing.summary
    assert "submits nothing on anyone" in hearing.summary
    page = asyncio.run(ds.client.get("/bills/2016-HB-5469")).text
    section = page[page.index('id="hearings"') : page.index('id="embed"')]
    assert 'class="testify"' in section and "EDtestimony@cga.ct.gov" in section
    assert "Tue Mar 1, 2016, 4:00 PM" in section  # the agenda's deadline
    assert "Wed Mar 2, 2016, 10:00 AM" in section and "LOB Room 2E" in section
    # the entry links its hearing's state on the bill page
    fragment = hearing.link.split("#", 1)[1]
    assert fragment.startswith("hearing-ED-") and f'id="{fragment}"' in section
    assert section.count('class="hearing-history"') >= 1


def test_an_unknown_bill_cited_by_an_agenda_is_kept_and_named_once(crawled):
    assert (
        count(
            crawled.db,
            "select count(*) from meeting_bills where cited = '2015-SB-1155' and bill_id is null",
        )
        == 1
    )
    assert "cites 2015-SB-1155, a bill billwatch does not hold" in crawled.runs["earlier"].output
    assert "2015-SB-1155" not in crawled.runs["later"].output


def test_bad_input_is_an_errors_row_or_a_note_and_the_rest_is_stored(crawlkit, tmp_path):
    db = tmp_path / "bad.db"
    with running_server(root=SAMPLE) as server:
        args = (server.base_url, db, "--session", "2015", "--bills", "2015-SB-415,2015-SB-230")
        crawlkit.update(*args)
        conn = sqlite3.connect(db)
        try:
            errors = dict(conn.execute("select url, error from errors where resolved_at is null"))
            meetings = conn.execute(
                "select committee, date, notes from meetings order by date"
            ).fetchall()
        finally:
            conn.close()
        calendars = "https://www.cga.ct.gov/basin/fullcalendar/commevents.php?comm_code="
        assert "not valid JSON" in errors[calendars + "JUD"]
        assert "event 3 ('Public Health Committee Meeting'): no start" in errors[calendars + "PH"]
        agenda = "https://www.cga.ct.gov/2015/PHdata/Agenda/2015PH-00304-R001100-AGENDA.pdf"
        assert errors[agenda].startswith("agenda not read: truncated PDF")
        assert [(c, d) for c, d, _ in meetings] == [
            ("PH", "2015-02-27"),
            ("PH", "2015-03-04"),
            ("PH", "2015-03-11"),
        ]
        assert meetings[2][2] == '["the agenda cites no bill"]'
        first = crawlkit.snapshot(db)
        crawlkit.update(*args, "--force", "--retry-now")
    again = crawlkit.snapshot(db)
    for table in ("meetings", "meeting_history", "meeting_bills", "hearings", "changes"):
        assert again[table] == first[table], table
    assert count(db, "select count(*) from errors where url like '%commevents%'") == 2


def test_the_copy_answers_committee_calendars_in_both_states_and_moves_a_hearing_on_demand():
    def events(server, query: str) -> list[dict]:
        url = f"{server.base_url}/basin/fullcalendar/commevents.php?{query}"
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.headers["Content-Type"] == "application/json"
            assert response.headers["ETag"] is None  # a PHP script: no validators
            return json.loads(response.read())

    with running_server(root=SAMPLE, faults={}) as server:
        later = events(server, "COMM_CODE=ed")  # any key case, any code case
        assert len(later) == 6 and later[-1]["start"] == "2016-03-02T10:00:00Z"
        assert events(server, "comm_code=KID") == []  # a committee without meetings
        server.set_state("earlier")
        assert len(events(server, "comm_code=ED")) == 4
        server.set_state(None)
        server.set_fault("changed", {"/basin/fullcalendar/commevents.php?comm_code=ED": 1})
        moved = events(server, "comm_code=ED")[-1]
        assert (moved["start"], moved["location"]) == ("2016-03-02T13:00:00Z", "Room 1E")
        assert moved["url"] == later[-1]["url"]  # the same agenda: the same meeting, moved
        private = f"{server.base_url}/basin/fullcalendar/commevents/ed.json"
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(private, timeout=10)
