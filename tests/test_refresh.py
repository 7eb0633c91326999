"""Incremental refresh: a no-change rerun costs only conditional bulk requests."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from billwatch.samplesite import serve
from cga.actions import ct_today
from cga.ids import split_bill_id
from spiders.bills_spider import BillsSpider
from spiders.state import CrawlState

# Next year's session has not finished whenever the tests run: "in progress" for the policy.
NEXT = ct_today().year + 1

ROOT = Path(__file__).resolve().parent.parent


ALL_2015 = ("--session", "2015", "--all")


def test_second_refresh_downloads_nothing_but_conditional_bulk_files(tmp_path, crawlkit):
    server, _ = serve(root=ROOT / "data" / "sample-site")
    try:
        db = tmp_path / "r.db"
        crawlkit.update(server.base_url, db, *ALL_2015)
        changes = sqlite3.connect(db).execute("select count(*) from changes").fetchone()[0]
        server.request_log.clear()
        out = crawlkit.update(server.base_url, db, *ALL_2015).output
        paths = [(r.path, r.status) for r in server.request_log]
        bulk = [p for p in paths if p[0].startswith("/pub/data/")]
        # the four bill files and LegislatorDatabase.csv (issue 14), each a 304
        assert len(bulk) == 5 and all(status == 304 for _, status in bulk), paths
        others = [p for p in paths if not p[0].startswith("/pub/data/")]
        assert others == [("/robots.txt", 200)], others
        assert sqlite3.connect(db).execute("select count(*) from changes").fetchone()[0] == changes
        assert "5 not modified (304)" in out
        # --force re-crawls everything, still adding no change.
        server.request_log.clear()
        crawlkit.update(server.base_url, db, *ALL_2015, "--force", "--retry-now")
        assert len(server.request_log) > 50
        assert sqlite3.connect(db).execute("select count(*) from changes").fetchone()[0] == changes
    finally:
        server.shutdown()


def spider(**state_fields) -> BillsSpider:
    s = BillsSpider.from_crawler(get_crawler(BillsSpider), session=NEXT, refresh_hours=6)
    s.state = CrawlState(**state_fields)
    return s


def ago(**kw) -> str:
    return (datetime.now(UTC) - timedelta(**kw)).isoformat().replace("+00:00", "Z")


def test_refresh_policy():
    live, old = split_bill_id(f"{NEXT}-HB-5001"), split_bill_id("2015-HB-7017")
    s = spider(deep_crawled={f"{NEXT}-HB-5001": ago(hours=1), "2015-HB-7017": ago(days=900)})
    assert s._due(live, moved=set()) is None  # crawled an hour ago
    assert s._due(live, moved={f"{NEXT}-HB-5001"}) == "history_moved"
    assert s._due(old, moved=set()) is None  # finished session: never refreshed
    assert s._due(split_bill_id(f"{NEXT}-SB-1"), moved=set()) == "new"
    stale = spider(deep_crawled={f"{NEXT}-HB-5001": ago(hours=7)})
    assert stale._due(live, moved=set()) == "stale"
    failing = spider(
        deep_crawled={"2015-HB-7017": ago(days=900)},
        error_bills={"2015-HB-7017": ["https://www.cga.ct.gov/x.htm"]},
        backoff={"https://www.cga.ct.gov/x.htm": ago(minutes=1)},  # backoff expired
    )
    assert failing._due(old, moved=set()) == "retry"


@pytest.mark.parametrize(
    "checked,bill,expected",
    [
        (None, f"{NEXT}-HB-5001", True),  # never fetched
        ("hours=1", f"{NEXT}-HB-5001", False),
        ("days=8", f"{NEXT}-HB-5001", True),  # re-checked weekly while the session runs
        ("days=800", "2015-HB-7017", False),  # never in a finished session
    ],
)
def test_document_recheck(checked, bill, expected):
    url = f"https://www.cga.ct.gov/{NEXT}/TOB/H/{NEXT}HB-05001-R00-HB.htm"
    at = (
        {}
        if checked is None
        else {url.lower(): ago(**{checked.split("=")[0]: int(checked.split("=")[1])})}
    )
    s = spider(checked_at=at)
    bill = f"{NEXT}-HB-5001" if bill == "next" else bill
    assert s._recheck(split_bill_id(bill), url) is expected
