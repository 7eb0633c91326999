"""Storing roll calls and members (pipelines/votes.py, pipelines/legislators.py) through the
store pipeline: one transaction per item, reruns add nothing, a corrected document, another
document of one roll call, links only where unique, baseline for history, the folders."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from types import SimpleNamespace

import pytest
from scrapy.utils.test import get_crawler

from cga.records import (
    BillItem,
    BulkItem,
    Fetched,
    HistoryRow,
    Legislator,
    MemberVote,
    RollCall,
    RollCallFetch,
    StatusPage,
    VoteFolderItem,
)
from cga.urls import LEGISLATOR_FILE
from cga.votes import parse_vote_filename
from pipelines.store import StorePipeline

SITE = "https://www.cga.ct.gov"
BILL = "2015-HB-7017"
STATUS = (
    f"{SITE}/asp/cgabillstatus/cgabillstatus.asp?selBillType=Bill&which_year=2015&bill_num=7017"
)
RC275 = f"{SITE}/2015/VOTE/H/PDF/2015HV-00275-R00HB07017-HV.PDF"
RC276 = f"{SITE}/2015/VOTE/H/PDF/2015HV-00276-R00HB07017-HV.PDF"
SV50 = f"{SITE}/2015/VOTE/S/PDF/2015SV-00050-R00HB07017-SV.PDF"
MEMBERS_URL = f"{SITE}/pub/data/{LEGISLATOR_FILE}"


def fetched(url: str, sha: str = "0" * 64, at: str = "2015-06-01T12:00:00Z") -> Fetched:
    return Fetched(url=url, fetched_at=at, sha256=sha, etag='"abc"')


def member(lid: str, last: str, first: str, party: str = "Democrat") -> Legislator:
    chamber = "house" if lid.startswith("H") else "senate"
    district = int(lid[1:].split("-")[0])
    return Legislator(lid, chamber, district, f"{first} {last}", first, last, party)


MEMBERS = [
    member("H12-marrowby", "Marrowby", "Carla"),
    member("H88-marrowby", "Marrowby", "Dennis", "Republican"),
    member("H40-ashby", "Ashby", "Robin"),
    member("S5-marrowby", "Marrowby", "Elise"),
]


def bulk(members=MEMBERS, session: int = 2015) -> BulkItem:
    return BulkItem(
        session=2015,
        source_url=f"{SITE}/pub/data/bill_info.csv",
        fetched={LEGISLATOR_FILE: fetched(MEMBERS_URL)},
        legislators=list(members),
        legislators_session=session,
        ok_urls=[MEMBERS_URL],
    )


def roll_call(yea_names=("MARROWBY, C.", "ASHBY"), nay_names=("MARROWBY, D.",), **kw) -> RollCall:
    members = [MemberVote(n, "yea") for n in yea_names] + [MemberVote(n, "nay") for n in nay_names]
    members.append(MemberVote("KESTRELMORE", "absent"))
    values = {
        "yea": len(yea_names),
        "nay": len(nay_names),
        "absent_not_voting": 1,
        "needed": 2,
        "taken_on": "5/29",
        **kw,
    }
    return RollCall("pdf", members=members, **values)


def fetch(
    url: str, rc: RollCall | None, label: str | None = None, sha: str = "1" * 64, **kw
) -> RollCallFetch:
    return RollCallFetch(url, parse_vote_filename(url), STATUS, label, fetched(url, sha), rc, **kw)


def bill_item(roll_calls: list[RollCallFetch] | None, history=()) -> BillItem:
    page = StatusPage(
        bill_label="Substitute for Raised H.B. No. 7017",
        session=2015,
        title="AN ACT CONCERNING STUDENT DATA PRIVACY.",
        statement_of_purpose=None,
        introducers=[],
        cosponsors=[],
        documents=[],
        history=list(history)
        or [
            HistoryRow("2015-05-29", None, "House Passed as Amended by House Amendment Schedule A"),
            HistoryRow("2015-05-29", None, "House Adopted House Amendment Schedule A 8412"),
            HistoryRow("2015-03-12", None, "Referred to Joint Committee on Education"),
        ],
    )
    return BillItem(
        bill_id=BILL,
        status_url=STATUS,
        status=page,
        fetched=fetched(STATUS),
        roll_calls=roll_calls,
        ok_urls=[STATUS],
    )


@pytest.fixture
def pipeline(tmp_path):
    def make() -> StorePipeline:
        crawler = get_crawler(settings_dict={"BILLWATCH_DB": str(tmp_path / "t.db")})
        p = StorePipeline.from_crawler(crawler)
        p.open_spider()
        return p

    return make


def finish(p: StorePipeline) -> None:
    p.spider_closed(SimpleNamespace(session=2015, base_url=SITE), "finished")


def rows(db_path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def two_roll_calls() -> list[RollCallFetch]:
    return [
        fetch(RC275, roll_call(), "House Roll Call Vote 275 HOUSE AMD A"),
        fetch(RC276, roll_call(needed=3), "House Roll Call Vote 276 AS AMENDED", sha="2" * 64),
    ]


def test_votes_records_links_and_a_rerun_that_adds_nothing(pipeline, tmp_path):
    db = tmp_path / "t.db"
    p = pipeline()
    p.process_item(bulk())
    p.process_item(bill_item(two_roll_calls()))
    finish(p)
    votes = rows(
        db,
        "select id, date, question, yea, nay, absent_not_voting, needed, passed, complete "
        "from votes order by id",
    )
    assert votes == [
        ("2015-HV-275", "2015-05-29", "amendment schedule A", 2, 1, 1, 2, 1, 1),
        ("2015-HV-276", "2015-05-29", "as amended", 2, 1, 1, 3, 0, 1),
    ]
    links = dict(
        rows(db, "select name, legislator_id from vote_records where vote_id = '2015-HV-275'")
    )
    assert links == {
        "MARROWBY, C.": "H12-marrowby",  # the House member: not the senator of that name
        "MARROWBY, D.": "H88-marrowby",
        "ASHBY": "H40-ashby",
        "KESTRELMORE": None,  # not in the members file
    }
    changes = rows(
        db, "select key, summary, url, ref, baseline from changes where kind = 'vote' order by key"
    )
    assert [c[0] for c in changes] == ["vote|2015-HV-275", "vote|2015-HV-276"]
    assert changes[0][1].splitlines() == [
        "House adopted amendment schedule A to 2015-HB-7017 2–1",
        "Roll call 275 on May 29, 2015, amendment schedule A: 2 yea, 1 nay, "
        "1 absent or not voting; 2 needed.",
    ]
    assert changes[1][1].splitlines()[0] == "House failed to pass 2015-HB-7017 2–1, as amended"
    assert (
        changes[0][2] == "/bills/2015-HB-7017#vote-2015-HV-275" and changes[0][3] == "2015-HV-275"
    )
    assert changes[0][4] == 1  # the session's first crawl: history
    counting = (
        "select count(*) from votes union all select count(*) from vote_records "
        "union all select count(*) from changes"
    )
    before = rows(db, counting)
    p = pipeline()
    p.process_item(bulk())
    p.process_item(bill_item(two_roll_calls()))
    finish(p)
    after = rows(db, counting)
    assert after == before
    files = rows(db, "select key, vote_id, skipped, bill_id from vote_files order by key")
    assert [f[1] for f in files] == ["2015-HV-275", "2015-HV-276"] and files[0][3] == BILL


def test_an_incomplete_roll_call_keeps_its_printed_totals(pipeline, tmp_path):
    p = pipeline()
    p.process_item(bulk())
    p.process_item(bill_item([fetch(RC275, roll_call(yea=5))]))
    finish(p)
    assert rows(tmp_path / "t.db", "select yea, complete from votes") == [(5, 0)]
    summary = rows(tmp_path / "t.db", "select summary from changes where kind = 'vote'")[0][0]
    assert "do not add up" in summary


def test_a_corrected_document_replaces_its_vote_once_another_document_never(pipeline, tmp_path):
    db = tmp_path / "t.db"
    p = pipeline()
    p.process_item(bulk())
    p.process_item(bill_item(two_roll_calls()))
    finish(p)
    corrected = fetch(
        RC275, roll_call(yea_names=("ASHBY",)), "House Roll Call Vote 275 HOUSE AMD A", sha="9" * 64
    )
    other = fetch(
        RC276.replace("/PDF/", "/").replace(".PDF", ".htm"), roll_call(yea_names=()), sha="8" * 64
    )
    for _ in range(2):
        p = pipeline()
        p.process_item(bill_item([corrected, other]))
        finish(p)
    assert rows(db, "select yea, sha256 from votes where id = '2015-HV-275'") == [(1, "9" * 64)]
    assert rows(db, "select count(*) from vote_records where vote_id = '2015-HV-275'") == [(3,)]
    assert rows(db, "select yea, url from votes where id = '2015-HV-276'") == [(2, RC276)]
    news = rows(db, "select summary, baseline from changes where key like 'vote|2015-HV-275|%'")
    assert len(news) == 1 and news[0][0].splitlines()[0].endswith("(corrected document)")
    assert news[0][1] == 0
    assert rows(db, "select vote_id from vote_files where url like '%.htm'") == [("2015-HV-276",)]


def test_roll_calls_first_collected_for_a_bill_crawled_before_are_history(pipeline, tmp_path):
    db = tmp_path / "t.db"
    p = pipeline()
    p.process_item(bulk())
    p.process_item(bill_item(None))  # crawled before roll calls were collected
    finish(p)
    p = pipeline()
    p.process_item(bill_item([fetch(RC275, roll_call(), "House Roll Call Vote 275 HOUSE AMD A")]))
    finish(p)
    p = pipeline()
    later = fetch(RC276, roll_call(), "House Roll Call Vote 276 AS AMENDED", sha="2" * 64)
    p.process_item(bill_item([later]))
    finish(p)
    assert rows(db, "select key, baseline from changes where kind = 'vote' order by key") == [
        ("vote|2015-HV-275", 1),  # existed before billwatch looked: not news
        ("vote|2015-HV-276", 0),  # a later roll call is news
    ]


def test_senate_questions_are_read_from_the_history(pipeline, tmp_path):
    history = [
        HistoryRow("2015-06-01", None, "Senate Passed as Amended by Senate Amendment Schedule A"),
        HistoryRow("2015-06-01", None, "Senate Adopted Senate Amendment Schedule A 9020"),
    ]
    p = pipeline()
    p.process_item(bulk())
    senate = [
        fetch(
            SV50, roll_call(("MARROWBY",), (), taken_on="6/1", needed=1), "Senate Roll Call Vote 50"
        ),
        fetch(
            SV50.replace("00050", "00051"),
            roll_call(("MARROWBY",), (), taken_on="6/1", needed=1),
            sha="3" * 64,
        ),
    ]
    p.process_item(bill_item(senate, history))
    finish(p)
    db = tmp_path / "t.db"
    assert rows(db, "select id, question from votes order by number") == [
        ("2015-SV-50", "amendment schedule A"),
        ("2015-SV-51", "as amended"),
    ]
    assert rows(db, "select legislator_id from vote_records where name = 'MARROWBY'") == [
        ("S5-marrowby",),
        ("S5-marrowby",),
    ]


def test_links_follow_the_members_file(pipeline, tmp_path):
    db = tmp_path / "t.db"
    p = pipeline()
    p.process_item(bulk(MEMBERS[:1]))  # one Marrowby: "MARROWBY, D." fits nobody
    p.process_item(bill_item([fetch(RC275, roll_call(), "House Roll Call Vote 275")]))
    finish(p)
    assert rows(db, "select legislator_id from vote_records where name = 'MARROWBY, D.'") == [
        (None,)
    ]
    p = pipeline()
    p.process_item(replace(bulk(), fetched={LEGISLATOR_FILE: fetched(MEMBERS_URL, "7" * 64)}))
    finish(p)
    assert rows(db, "select legislator_id from vote_records where name = 'MARROWBY, D.'") == [
        ("H88-marrowby",)
    ]
    assert rows(db, "select count(*) from legislators") == [(4,)]
    # A member who leaves keeps the session's row; a past session's file is not re-linked.
    p = pipeline()
    p.process_item(
        replace(bulk(MEMBERS[1:]), fetched={LEGISLATOR_FILE: fetched(MEMBERS_URL, "6" * 64)})
    )
    finish(p)
    assert rows(db, "select count(*) from legislators where session = 2015") == [(4,)]


def test_vote_folders_pending_skipped_and_unknown_bills(pipeline, tmp_path):
    db = tmp_path / "t.db"
    folder = f"{SITE}/2015/VOTE/H/PDF/"
    p = pipeline()
    p.process_item(bulk())
    p.process_item(bill_item(None))
    files = [
        (f"{folder}2015HV-00160-R00HB07017-HV.PDF", folder),
        (f"{folder}2015HV-00035-R00-HV.PDF", folder),
        (f"{folder}2015HV-00036-R00HB09999-HV.PDF", folder),
        (f"{folder}notes.htm", folder),
    ]
    item = VoteFolderItem(2015, listings=[fetched(folder)], files=files, ok_urls=[folder])
    p.process_item(item)
    finish(p)
    got = dict(rows(db, "select number, skipped from vote_files where number is not null"))
    assert got[160] is None  # pending: its bill's crawl stores it
    assert got[35] == "no bill in the file name '2015HV-00035-R00-HV.PDF'"
    assert got[36].startswith("names a bill billwatch does not hold (2015-HB-9999)")
    assert rows(db, "select skipped from vote_files where url like '%notes.htm'") == [
        ("file name 'notes.htm' is not a roll call's",)
    ]
    assert rows(db, "select url from http_cache where url = ?", folder) == [(folder,)]
