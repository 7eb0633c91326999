"""Storing committee calendars (issue 16): meetings under their identity, every state in
meeting_history, the bills agendas cite, one hearings row per hearing whatever its sources,
and one hearing change per state a bill has not been told of; reruns add nothing."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pytest
from scrapy.utils.test import get_crawler

from cga.records import AgendaFetch, AgendaRead, CalendarItem, Fetched, Meeting
from pipelines.hearings import add_hearing
from pipelines.meetings import link_bill, store_calendar
from pipelines.schema import open_db
from pipelines.store import StorePipeline

SITE = "https://www.cga.ct.gov"
JSON = f"{SITE}/basin/fullcalendar/commevents.php?comm_code=ED"
AGENDA = f"{SITE}/2016/EDdata/Agenda/2016ED-00302-R001000-AGENDA.htm"
NOW = "2015-06-24T16:00:00Z"


def meeting(**kw) -> Meeting:
    values = {
        "id": "ED-aaaaaaaaaaaa",
        "committee": "ED",
        "kind": "hearing",
        "title": "Education Committee Public Hearing",
        "listed_title": "Education Committee Public Hearing",
        "status": "scheduled",
        "start": "2016-03-02T10:00:00-05:00",
        "date": "2016-03-02",
        "timed": True,
        "building": "LOB",
        "room": "Room 2E",
        "location": "LOB Room 2E",
        "agenda_url": AGENDA,
    }
    return Meeting(**{**values, **kw})


def read(*bills: str, **kw) -> AgendaRead:
    return AgendaRead(
        citations=[(f"H.B. No. {b.rsplit('-', 1)[1]}", b) for b in bills],
        deadline="2016-03-01T16:00:00-05:00",
        deadline_text="4:00 p.m. on Tuesday, March 1, 2016",
        email="EDtestimony@cga.ct.gov",
        **kw,
    )


def item(m: Meeting, agenda: AgendaRead | None = None, at: str = NOW) -> CalendarItem:
    fetched = Fetched(JSON, at, "0" * 64)
    fetch = AgendaFetch(m.agenda_url or "", Fetched(m.agenda_url or "", at, "1" * 64), read=agenda)
    agendas = {m.id: fetch} if m.agenda_url else {}
    return CalendarItem("ED", JSON, fetched, [m], agendas)


@pytest.fixture
def db(tmp_path):
    db = open_db(tmp_path / "m.db")
    db["committees"].insert(
        {"code": "ED", "name": "Education Committee", "source_url": "x", "fetched_at": NOW}
    )
    for bill_id in ("2016-HB-5469", "2015-HB-7017"):
        session, kind, number = bill_id.split("-")
        db["bills"].insert(
            {
                "id": bill_id,
                "session": int(session),
                "chamber": "house",
                "type": kind,
                "number": int(number),
                "status_url": "x",
                "source_url": "x",
                "fetched_at": NOW,
                "first_seen_at": NOW,
            }
        )
    return db


def rows(db, sql: str) -> list[dict]:
    return list(db.query(sql))


def test_a_scheduled_hearing_is_one_meeting_one_hearing_one_change_and_reruns_add_nothing(db):
    result = store_calendar(db, item(meeting(), read("2016-HB-5469", "2016-HB-9999")), NOW)
    assert result.new == 1 and result.unknown == [("ED-aaaaaaaaaaaa", "2016-HB-9999")]
    [change] = result.changes
    assert change.kind == "hearing" and change.bill_id == "2016-HB-5469"
    assert change.summary == (
        "2016-HB-5469: Public hearing scheduled: Education Committee, Wed Mar 2, 2016, "
        "10:00 AM, LOB Room 2E"
    )
    assert (change.ref, change.event_date, change.url) == (
        "ED-aaaaaaaaaaaa:1",
        "2016-03-02",
        AGENDA,
    )
    assert change.key == "hearing|2016-HB-5469|scheduled|ED-aaaaaaaaaaaa:1"
    [stored] = rows(db, "select * from meetings")
    assert (stored["testimony_deadline"], stored["testimony_email"]) == (
        "2016-03-01T16:00:00-05:00",
        "EDtestimony@cga.ct.gov",
    )
    assert rows(db, "select cited, bill_id from meeting_bills order by cited") == [
        {"cited": "2016-HB-5469", "bill_id": "2016-HB-5469"},
        {"cited": "2016-HB-9999", "bill_id": None},  # kept, unlinked
    ]
    [hearing] = rows(db, "select * from hearings")
    assert hearing == {
        "bill_id": "2016-HB-5469",
        "committee": "ED",
        "date": "2016-03-02",
        "source": "meeting",
        "meeting_id": "ED-aaaaaaaaaaaa",
        "start": "2016-03-02T10:00:00-05:00",
        "location": "LOB Room 2E",
        "sources": "meeting",
    }
    # the change is recorded by the pipeline; here as it would be
    from pipelines.changes import record_changes

    record_changes(db, result.changes, NOW, False, 2016)
    again = store_calendar(db, item(meeting(), read("2016-HB-5469", "2016-HB-9999")), NOW)
    assert (again.new, again.changes, again.unknown) == (0, [], [])
    assert db["meeting_history"].count == 1 and db["hearings"].count == 1


def test_moved_cancelled_and_restored_keep_one_meeting_and_one_hearing(db):
    from pipelines.changes import record_changes

    def run(m, agenda=None):
        result = store_calendar(db, item(m, agenda), NOW)
        record_changes(db, result.changes, NOW, False, 2016)
        return result

    run(meeting(), read("2016-HB-5469"))
    moved = replace(
        meeting(),
        start="2016-03-03T13:00:00-05:00",
        date="2016-03-03",
        room="Room 1E",
        location="LOB Room 1E",
    )
    result = run(moved)  # the agenda not read again: its citations stay
    assert result.moved == 1
    assert [c.summary for c in result.changes] == [
        "2016-HB-5469: Public hearing moved: Education Committee, Thu Mar 3, 2016, 1:00 PM, "
        "LOB Room 1E"
    ]
    [hearing] = rows(db, "select date, start, location, meeting_id from hearings")
    assert hearing["date"] == "2016-03-03" and hearing["location"] == "LOB Room 1E"
    cancelled = replace(moved, status="cancelled", listed_title="CANCELLED: x")
    assert [c.key.split("|")[2] for c in run(cancelled).changes] == ["cancelled"]
    assert [c.key.split("|")[2] for c in run(moved).changes] == ["restored"]
    assert rows(db, "select seq, event from meeting_history order by seq") == [
        {"seq": 1, "event": "scheduled"},
        {"seq": 2, "event": "moved"},
        {"seq": 3, "event": "cancelled"},
        {"seq": 4, "event": "restored"},
    ]
    assert db["meetings"].count == 1 and db["hearings"].count == 1
    # the action naming the day it moved from is the same hearing: still one row
    add_hearing(db, "2016-HB-5469", "ED", "2016-03-02", "action")
    assert rows(db, "select date, sources from hearings") == [
        {"date": "2016-03-03", "sources": "action,meeting"}
    ]


def test_a_bill_cited_first_in_a_later_state_is_told_scheduled(db):
    from pipelines.changes import record_changes

    first = store_calendar(db, item(meeting(), read("2016-HB-5469")), NOW)
    record_changes(db, first.changes, NOW, False, 2016)
    moved = replace(meeting(), room="Room 1B", location="LOB Room 1B")
    result = store_calendar(db, item(moved, read("2016-HB-5469", "2015-HB-7017")), NOW)
    assert sorted(c.key for c in result.changes) == [
        "hearing|2015-HB-7017|scheduled|ED-aaaaaaaaaaaa:2",
        "hearing|2016-HB-5469|moved|ED-aaaaaaaaaaaa:2",
    ]


def test_an_unknown_bill_is_linked_when_it_arrives(db):
    store_calendar(db, item(meeting(), read("2016-HB-5469", "2016-HB-9999")), NOW)
    assert link_bill(db, "2016-HB-9999") == []  # still not held
    db["bills"].insert(
        {
            "id": "2016-HB-9999",
            "session": 2016,
            "chamber": "house",
            "type": "HB",
            "number": 9999,
            "status_url": "x",
            "source_url": "x",
            "fetched_at": NOW,
            "first_seen_at": NOW,
        }
    )
    [change] = link_bill(db, "2016-HB-9999")
    assert change.key == "hearing|2016-HB-9999|scheduled|ED-aaaaaaaaaaaa:1"
    assert db.execute("select count(*) from meeting_bills where bill_id is null").fetchone() == (0,)


def test_citations_follow_the_latest_agenda_and_other_meetings_give_no_hearing(db):
    store_calendar(db, item(meeting(), read("2016-HB-5469")), NOW)
    add_hearing(db, "2016-HB-5469", "", "2016-03-02", "action")  # same hearing, committee unknown
    assert rows(db, "select committee, sources from hearings") == [
        {"committee": "ED", "sources": "action,meeting"}
    ]
    store_calendar(db, item(meeting(), read("2015-HB-7017")), NOW)  # 5469 dropped from the agenda
    assert rows(db, "select bill_id, meeting_id, sources from hearings order by bill_id") == [
        {"bill_id": "2015-HB-7017", "meeting_id": "ED-aaaaaaaaaaaa", "sources": "meeting"},
        {"bill_id": "2016-HB-5469", "meeting_id": None, "sources": "action"},
    ]
    vote = meeting(
        id="ED-bbbbbbbbbbbb",
        kind="meeting",
        title="Education Committee Meeting",
        agenda_url=f"{SITE}/2016/EDdata/Agenda/vote.pdf",
    )
    result = store_calendar(db, item(vote, read("2016-HB-5469")), NOW)
    assert result.new == 1 and result.changes == []
    assert db.execute(
        "select count(*) from hearings where meeting_id = ?", [vote.id]
    ).fetchone() == (0,)


def test_a_calendar_that_could_not_be_read_stores_nothing(db):
    assert store_calendar(db, CalendarItem("ED", JSON), NOW).changes == []
    assert db["meetings"].count == 0


def test_first_collection_past_hearings_are_history_upcoming_ones_news(tmp_path, monkeypatch):
    """A bill deep-crawled before hearings were collected: its past hearing is baseline, one
    still to come is news (HELPERS.md's first-collection rule, and the issue's point)."""
    monkeypatch.setenv("BILLWATCH_NOW", NOW)
    crawler = get_crawler(settings_dict={"BILLWATCH_DB": str(tmp_path / "p.db")})
    p = StorePipeline.from_crawler(crawler)
    p.open_spider()
    db = p.db
    db["committees"].insert(
        {"code": "ED", "name": "Education Committee", "source_url": "x", "fetched_at": NOW}
    )
    db["sessions"].insert_all(
        [{"session": s, "baseline_done_at": "2015-01-01T00:00:00Z"} for s in (2015, 2016)]
    )
    for bill_id in ("2015-HB-7017", "2016-HB-5469"):
        session, kind, number = bill_id.split("-")
        db["bills"].insert(
            {
                "id": bill_id,
                "session": int(session),
                "chamber": "house",
                "type": kind,
                "number": int(number),
                "status_url": "x",
                "source_url": "x",
                "fetched_at": NOW,
                "first_seen_at": "2015-01-01T00:00:00Z",
                "deep_crawled_at": "2015-01-02T00:00:00Z",
            }
        )
    db.conn.commit()
    past = meeting(
        id="ED-cccccccccccc",
        start="2015-03-19T10:00:00-04:00",
        date="2015-03-19",
        agenda_url=f"{SITE}/2015/EDdata/Agenda/a.pdf",
    )
    p.process_item(item(past, read("2015-HB-7017")))
    p.process_item(item(meeting(), read("2016-HB-5469")))
    got = dict(
        db.execute("select bill_id, baseline from changes where kind = 'hearing'").fetchall()
    )
    assert got == {"2015-HB-7017": 1, "2016-HB-5469": 0}
    p.spider_closed(SimpleNamespace(session=2015, base_url=SITE), "finished")
