"""Finding 7: one control character must never take a feed, a calendar, a page or an embed down.

Stored text is made dirty straight in the database (the crawler also cleans on store, but the
writers must not depend on that): an escape and a SOH in a testimony file name and the change
summary that quotes it, a NUL in a bill title, U+FFFE in an organisation, a vertical tab in a
committee name, a backspace in a diff summary.  Every writer answers 200 with a document that
parses; a request parameter holding such a character is a 400 that says why.
"""

from __future__ import annotations

import json
import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import icalendar
import pytest
from click.testing import CliRunner
from lxml import etree
from publish_fixture import T3, _change, build_db, get

from billwatch.cli import main
from billwatch.serve import make_datasette
from cga.text import REPLACEMENT, is_publishable
from pipelines.schema import open_db

PUBLIC = "https://billwatch.example.org"
BILL = "2015-HB-7017"
DIRTY_FILE = "Testimony \x1b\x01 of Mallory.pdf"
DIRTY_TITLE = "AN ACT CONCERNING STUDENT\x00DATA PRIVACY."
DIRTY_ORG = "ACME \ufffe Sons"
DIRTY_COMMITTEE = "Education\x0bCommittee"
DIRTY_DIFF = "Sec. 1: 'share' \x08→ 'protect'"
# XML 1.0 forbids these; a decoded response must hold none of them
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def dirty(path: Path) -> Path:
    """The publish fixture with control characters where the crawler once let them through."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("update bills set title = ? where id = ?", (DIRTY_TITLE, BILL))
        conn.execute("update committees set name = ? where code = 'ED'", (DIRTY_COMMITTEE,))
        conn.execute(
            "update testimony set file_name = ?, title = ?, organization = ? where bill_id = ?",
            (DIRTY_FILE, DIRTY_FILE, DIRTY_ORG, BILL),
        )
        conn.execute("update diffs set summary = ? where bill_id = ?", (DIRTY_DIFF, BILL))
    conn.close()
    db = open_db(path)  # change rows are never edited: the dirty ones are new changes
    db["changes"].insert_all(
        [
            _change(BILL, "testimony", "t9", f"{BILL}: testimony — {DIRTY_FILE}", T3, 0, "t1"),
            _change(BILL, "version", "v9", f"{BILL}: new text\n{DIRTY_DIFF}", T3, 0, "v2"),
        ]
    )
    db.conn.commit()
    db.close()
    return path


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    return dirty(build_db(tmp_path_factory.mktemp("publishable") / "dirty.db"))


@pytest.fixture(scope="module")
def ds(db_path):
    return make_datasette(db_path, public_url=PUBLIC)


def assert_publishable(text: str) -> None:
    bad = NOT_XML.search(text)
    assert bad is None, f"U+{ord(bad.group(0)):04X} at {bad.start()}: {text[bad.start() - 40 :]}"


@pytest.mark.parametrize("fmt", ["rss", "atom"])
@pytest.mark.parametrize(
    "path",
    [
        "/feeds/changes.{fmt}",
        "/feeds/changes.{fmt}?kind=testimony",
        f"/feeds/bills/{BILL}.{{fmt}}",
        "/feeds/topics/student-privacy.{fmt}",
        "/feeds/search.{fmt}?q=student",
    ],
)
def test_feeds_of_dirty_text_answer_and_parse(ds, path, fmt):
    response = get(ds, path.format(fmt=fmt))
    assert response.status_code == 200, response.text
    etree.fromstring(response.content)  # well-formed XML, or this raises
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert_publishable(response.text)
    if "testimony" in path or BILL in path or "changes" in path:
        # the control characters are visibly replaced, the rest of the text kept; testimony
        # entries are written from the submission they point to (issue 12), whose
        # organisation is the dirty one
        assert any(f"ACME {REPLACEMENT} Sons" in e.summary for e in feed.entries)


def test_the_bill_feed_title_keeps_a_dirty_bill_title_readable(ds):
    feed = feedparser.parse(get(ds, f"/feeds/bills/{BILL}.atom").content)
    expected = DIRTY_TITLE.replace("\x00", REPLACEMENT)
    assert feed.feed.title == f"billwatch: {BILL}: {expected} (sample data)"


@pytest.mark.parametrize(
    "path", ["/feeds/hearings.ics", "/feeds/topics/student-privacy/hearings.ics"]
)
def test_calendars_of_dirty_text_parse(ds, path):
    response = get(ds, path)
    assert response.status_code == 200
    assert_publishable(response.text)
    cal = icalendar.Calendar.from_ical(response.content)
    events = list(cal.walk("VEVENT"))
    assert events
    summaries = [str(e["SUMMARY"]) for e in events]
    assert any("EducationCommittee" in s for s in summaries)  # the control character dropped
    assert any("STUDENTDATA PRIVACY" in str(e.get("DESCRIPTION", "")) for e in events)


def test_embeds_of_dirty_text(ds):
    html = get(ds, f"/embed/{BILL}")
    assert html.status_code == 200
    assert_publishable(html.text)
    svg = get(ds, f"/embed/{BILL}.svg")
    assert svg.status_code == 200
    assert_publishable(svg.text)
    ET.fromstring(svg.text)  # an XML parser reads the badge
    etree.fromstring(svg.content)
    script = get(ds, f"/embed/{BILL}.js")
    assert script.status_code == 200
    assert_publishable(script.text)
    start = script.text.rindex('({"css":') + 1  # the data: sorted keys, "css" first
    payload = script.text[start : script.text.rindex(", document.currentScript")]
    assert json.loads(payload)["title"] == DIRTY_TITLE.replace("\x00", REPLACEMENT)
    # JSON can carry anything: the API gives the stored text as it is
    data = get(ds, f"/embed/{BILL}.json")
    assert data.status_code == 200 and data.json()["title"] == DIRTY_TITLE


@pytest.mark.parametrize(
    "path",
    [
        f"/bills/{BILL}",
        f"/billwatch/bills/{BILL}",
        "/billwatch/testimony",
        "/billwatch/changes",
        "/billwatch/committees",
    ],
)
def test_pages_of_dirty_text(ds, path):
    response = get(ds, path)
    assert response.status_code == 200
    assert_publishable(response.text)
    assert (
        "STUDENT\ufffdDATA" in response.text
        or "Education\ufffdCommittee" in response.text
        or ("Testimony \ufffd\ufffd" in response.text)
    )


def test_datasette_json_keeps_the_stored_text(ds):
    rows = get(ds, f"/billwatch/bills.json?id={BILL}&_shape=array").json()
    assert rows[0]["title"] == DIRTY_TITLE


def test_export_of_dirty_text_writes_every_file(db_path, tmp_path):
    out = tmp_path / "site"
    result = CliRunner().invoke(
        main, ["export", "--db", str(db_path), "--out", str(out), "--public-url", PUBLIC]
    )
    assert result.exit_code == 0, result.output
    feeds = sorted(out.glob("feeds/**/*.rss")) + sorted(out.glob("feeds/**/*.atom"))
    assert len(feeds) >= 8
    for path in feeds:
        assert feedparser.parse(path.read_bytes()).bozo == 0, path
    for path in out.glob("feeds/**/*.ics"):
        icalendar.Calendar.from_ical(path.read_bytes())
    ET.fromstring((out / "embed" / f"{BILL}.svg").read_text(encoding="utf-8"))


# Request parameters ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/feeds/search.rss?q=student%00data", "parameter q holds U+0000"),
        ("/feeds/search.atom?q=%22%EF%BF%BE%22", "parameter q holds U+FFFE"),
        ("/feeds/changes.rss?kind=version%01", "parameter kind holds U+0001"),
        (f"/feeds/bills/{BILL}.atom?kind=%1B", "parameter kind holds U+001B"),
        ("/feeds/topics/student%01privacy.rss", "parameter topic holds U+0001"),
        ("/feeds/topics/a%00b/hearings.ics", "parameter topic holds U+0000"),
        ("/feeds/hearings.ics?x=%0B", "parameter x holds U+000B"),
        ("/feeds/changes.atom?%00=1", "a parameter name holds U+0000"),
        (f"/bills/{BILL}?ref=%EF%BF%BF", "parameter ref holds U+FFFF"),
        (f"/embed/{BILL}?theme=dark%00", "parameter theme holds U+0000"),
        (f"/embed/{BILL}.svg?theme=%1B", "parameter theme holds U+001B"),
        (f"/embed/{BILL}.json?compact=%01", "parameter compact holds U+0001"),
        (f"/embed/{BILL}.js?theme=%08", "parameter theme holds U+0008"),
    ],
)
def test_unpublishable_parameters_are_400_with_a_reason(ds, path, reason):
    response = get(ds, path)
    assert response.status_code == 400, response.text
    assert reason in response.text
    assert is_publishable(response.text)


def test_an_svg_refusal_is_still_a_badge(ds):
    response = get(ds, f"/embed/{BILL}.svg?theme=%00")
    assert response.status_code == 400
    ET.fromstring(response.text)
