"""An entry's words, date and link from one row of the feed_entries view (publish.feed_entries)."""

from __future__ import annotations

import json
from datetime import date

import feedparser
from lxml import etree

from cga.actions import spell_out
from publish.feed_entries import build_entry, entry_link, names, person, title
from publish.feed_render import FeedSpec, render

BILL = "2015-HB-7017"
EVIL = "<script>alert(\"x\")</script> & ]]> 'q'"


def row(**fields) -> dict:
    base = {
        "change_id": "c" * 20,
        "bill_id": BILL,
        "kind": "action",
        "detected_at": "2015-06-24T16:00:00Z",
        "summary": f"{BILL}: 2015-06-01 SEN. CAL. NO. 612",
        "url": None,
        "baseline": 0,
        "bill_title": "AN ACT CONCERNING STUDENT DATA PRIVACY.",
        "event_date": "2015-06-01",
        "anchor": "action-14",
        "status_url": "https://www.cga.ct.gov/asp/cgabillstatus/cgabillstatus.asp?bill_num=7017",
    }
    return {**base, **fields}


def test_an_action_known_from_both_sources_reads_as_the_status_page_prints_it():
    both = row(action_text="Senate Calendar Number 612", action_source="both")
    assert title(both) == f"{BILL}: Senate Calendar Number 612"


def test_the_bulk_files_text_is_spelled_out_only_when_nothing_better_exists():
    bulk = row(action_text="SEN. CAL. NO. 612", action_source="bulk")
    assert title(bulk) == f"{BILL}: Senate Calendar Number 612"
    entry = build_entry(bulk, "")
    assert "In the bulk file bill_history.csv: SEN. CAL. NO. 612" in entry.content
    coded = row(action_text="Joint Favorable Substitute ED", action_code="ED", action_source="bulk")
    assert title(coded) == f"{BILL}: Joint Favorable Substitute (ED)"


def test_bulk_vocabulary_spelled_out():
    cases = {
        "FAV. RPT, TAB. FOR CAL., HOUSE": "Favorable Report, Tabled for the Calendar, House",
        "SEN. PASSED, IN CONCURRENCE": "Senate Passed, In Concurrence",
        "HOUSE ADOPTED HOUSE AMEND. SCHED. A 8412": "House Adopted House Amendment Schedule A 8412",
        "TRANS.TO SENATE": "Transmitted to Senate",
        "REF. TO JOINT COMM. ON": "Referred to Joint Committee on",
        "FILE NO. 394": "File Number 394",
        "REPORTED OUT OF LEG. COMMISSIONERS' OFFICE": (
            "Reported Out of Legislative Commissioners' Office"
        ),
    }
    for terse, words in cases.items():
        assert spell_out(terse) == words
    assert spell_out("REF. TO JOINT COMM. ON ED", "ED") == "Referred to Joint Committee on ED"
    assert spell_out("REF. TO JOINT COMM. ON ED", "ED", "Education Committee") == (
        "Referred to Joint Committee on Education"
    )
    referral = row(
        action_text="REF. TO JOINT COMM. ON PH",
        action_code="PH",
        action_committee="Public Health Committee",
        action_source="bulk",
    )
    assert title(referral) == f"{BILL}: Referred to Joint Committee on Public Health (PH)"
    assert spell_out("Joint Favorable Substitute") == "Joint Favorable Substitute"  # kept


def test_a_missing_row_falls_back_to_the_stored_summary():
    assert title(row(action_text=None)) == f"{BILL}: 2015-06-01 SEN. CAL. NO. 612"


def test_stages_and_outcomes_read_as_people_say_them():
    stage = row(kind="stage", reached="passed_first", action_chamber="house", anchor="stage-x")
    assert title(stage) == f"{BILL}: Passed the House"
    assert title({**stage, "reached": "calendar", "action_chamber": "senate"}) == (
        f"{BILL}: On the Senate calendar"
    )
    assert title({**stage, "reached": "reported", "action_chamber": None}) == (
        f"{BILL}: Reported by committee"
    )
    died = row(kind="outcome", reached="dead", action_text=None)
    assert title(died) == f"{BILL}: Did not pass: the session ended"


def test_a_testimony_entry_names_its_submitters():
    people = [
        ["Chen, Robert", "CPSP", "oppose"],
        ["Alvarez, Maria", "SSD", "support"],
        ["Okafor, Grace", None, None],
        ["Nuñez, José", "Shoreline Parents' Network", "oppose"],
        ["Lindqvist, Erik", "EdTechVendorsAssn", "support"],
    ]
    batch = row(kind="testimony", submitters=json.dumps(people), anchor="testimony-abc")
    assert (
        title(batch)
        == f"{BILL}: testimony from Maria Alvarez, Erik Lindqvist, Robert Chen and 2 more"
    )
    content = build_entry(batch, "").content
    assert "5 submissions: 2 support, 2 oppose, 1 not stated" in content
    assert "oppose: José Nuñez, Shoreline Parents&#x27; Network" in content
    assert "position not stated: Grace Okafor" in content
    assert names(["A"]) == "A" and names(["A", "B"]) == "A and B"
    assert names(["A", "B", "C"]) == "A, B and C"
    assert person("O'Brien-Smith, Patrick") == "Patrick O'Brien-Smith"
    assert person("Mallory & Co") == "Mallory & Co"


def test_links_go_to_the_entrys_place_on_the_bill_page():
    assert entry_link("https://b.example", BILL, "v3") == f"https://b.example/bills/{BILL}#v3"
    assert entry_link("", BILL, "action-12") == f"/bills/{BILL}#action-12"
    hostile = entry_link("", BILL, 'x"><script>')
    assert "<" not in hostile and '"' not in hostile and hostile.endswith("#x%22%3E%3Cscript%3E")


def test_hostile_strings_are_escaped_in_every_entry_and_anchor():
    rows = [
        row(kind="action", action_text=EVIL, action_code=EVIL, action_source="bulk", anchor=EVIL),
        row(
            kind="testimony",
            submitters=json.dumps([[EVIL, EVIL, "support"]]),
            anchor=f"testimony-{EVIL}",
        ),
        row(kind="document", document_label=EVIL, document_kind=EVIL, anchor=EVIL),
        row(
            kind="version",
            version_label=EVIL,
            diff_summary=EVIL,
            from_label=EVIL,
            to_label=EVIL,
            words_added=1,
            words_removed=0,
            redline_html=f"<p><ins>{EVIL}</ins></p>",
        ),
        row(kind="bill", bill_title=EVIL, summary=EVIL, anchor="overview"),
    ]
    spec = FeedSpec(
        "bill/x", EVIL, EVIL, "https://b.example/f", "https://b.example/", "https://b.example"
    )
    for fmt in ("rss", "atom"):
        body = render(spec, rows, fmt)
        etree.fromstring(body)
        assert b"<script" not in body
        feed = feedparser.parse(body)
        assert feed.bozo == 0
        for entry in feed.entries:
            assert "<script" not in entry.summary
            assert "<" not in entry.link and '"' not in entry.link


def test_a_bills_history_feed_dates_entries_when_they_happened():
    rows = [row(event_date="2015-06-01"), row(change_id="d" * 20, event_date=None)]
    event = FeedSpec("bill/x", "t", "d", "https://b/f", "https://b/", "https://b", dated_by="event")
    seen = FeedSpec("changes", "t", "d", "https://b/f", "https://b/", "https://b")
    dated = feedparser.parse(render(event, rows, "atom")).entries
    assert dated[0].published.startswith("2015-06-01T00:00:00-04:00")  # Connecticut's day
    assert dated[1].published.startswith("2015-06-24T16:00:00")  # no event date: when seen
    assert "the site gives no date" in dated[1].summary
    for entry in feedparser.parse(render(seen, rows, "atom")).entries:
        assert entry.published.startswith("2015-06-24T16:00:00")  # global feeds: when seen
        assert ">Jun 1, 2015<" in entry.summary or "no date" in entry.summary


def test_an_empty_feed_says_why():
    spec = FeedSpec("changes", "t", "Changes.", "https://b/f", "https://b/", "https://b")
    feed = feedparser.parse(render(spec, [], "rss"))
    assert feed.entries == []
    assert "first crawl" in feed.feed.description


def test_event_dates_parse_and_bad_ones_are_ignored():
    assert build_entry(row(event_date="2015-06-01"), "").event_date == date(2015, 6, 1)
    assert build_entry(row(event_date="not a date"), "").event_date is None
