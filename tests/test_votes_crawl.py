"""Roll calls and members end to end: ``billwatch update`` against the offline copy of the site
(issue 14's acceptance).  One crawl of 2015 with ``--all`` is shared by the module; a
``--force`` rerun must add nothing; a crawl without ``--all`` misses the roll call only a vote
folder lists, and the next ``--all`` run brings it in as news."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import feedparser
import pytest

from billwatch.samplesite import running
from billwatch.serve import make_datasette

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample-site"
ALL_2015 = ("--session", "2015", "--all")
MISMATCH = "https://www.cga.ct.gov/2015/VOTE/S/PDF/2015SV-00310-R00HB05210-SV.PDF"


@pytest.fixture(scope="module")
def site():
    with running(root=SAMPLE) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def db(site, tmp_path_factory, crawlkit) -> Path:
    path = tmp_path_factory.mktemp("votes") / "v.db"
    crawlkit.update(site, path, *ALL_2015)
    return path


def q(db: Path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_every_roll_call_adds_up_but_the_deliberate_mismatch(db):
    votes = q(
        db,
        "select v.id, v.yea, v.nay, v.absent_not_voting, v.complete, "
        "sum(r.vote = 'yea'), sum(r.vote = 'nay'), sum(r.vote in ('absent', 'not_voting')) "
        "from votes v join vote_records r on r.vote_id = v.id group by v.id",
    )
    assert len(votes) == 14
    for vid, yea, nay, other, whole, c_yea, c_nay, c_other in votes:
        if vid == "2015-SV-310":
            assert (whole, yea, nay, other) == (0, 33, 2, 1)  # its printed totals, kept
            assert (c_yea, c_nay, c_other) == (32, 2, 2)
        else:
            assert whole == 1 and (yea, nay, other) == (c_yea, c_nay, c_other), vid
    [(error,)] = q(db, "select error from errors where url = ? and resolved_at is null", MISMATCH)
    assert error == (
        "roll call 2015-SV-310: 32 yea member lines, but the document prints 33 (1 fewer); "
        "2 absent and not voting member lines, but the document prints 1 (1 more)"
    )
    assert q(db, "select count(*) from errors where url like '%/VOTE/%'") == [(1,)]


MEMBERS = [  # (roll call, name as printed, vote, legislator)
    ("2015-HV-276", "MARROWBY, C.", "yea", "H12-marrowby"),
    ("2015-HV-276", "MARROWBY, D.", "nay", "H88-marrowby"),  # two members, one surname
    ("2015-HV-276", "FERNSBY-QUILL", "yea", "H40-fernsby-quill"),
    ("2015-HV-276", "Della Thornwick", "absent", "H53-della-thornwick"),  # mixed case
    ("2015-HV-276", "VANDER ASHCOMBE", "not_voting", "H64-vander-ashcombe"),
    ("2015-HV-276", "PE\u00d1AFIELD", "yea", "H101-penafield"),
    ("2015-HV-276", "O'LARKIN", "nay", "H106-olarkin"),
    ("2015-HV-275", "MARROWBY, C.", "yea", "H12-marrowby"),
    ("2015-HV-275", "MARROWBY, D.", "nay", "H88-marrowby"),
    ("2015-SV-88", "MARROWBY", "yea", "S5-marrowby"),  # the Senate's, not the House's
    ("2015-SV-88", "ASHBY-NETTLE", "nay", "S26-ashby-nettle"),
    ("2015-SV-250", "MARROWBY", "nay", "S5-marrowby"),  # the HTML table layout
    ("2015-HV-140", "KESTRELMORE", "yea", None),  # left mid-session: not in the file
    ("2015-HV-210", "UMBERDALE", "yea", "H77-umberdale"),  # district 77's new member
    ("2016-HV-123", "MARROWBY, D.", "nay", None),  # 2016: known by the printed name only
    ("2016-SV-301", "MARROWBY", "yea", None),  # the <pre> layout
]


@pytest.mark.parametrize(("vote_id", "name", "vote", "legislator"), MEMBERS)
def test_named_members_votes_and_links(db, vote_id, name, vote, legislator):
    assert q(
        db,
        "select vote, legislator_id from vote_records where vote_id = ? and name = ?",
        vote_id,
        name,
    ) == [(vote, legislator)]


def test_links_are_unique_or_absent(db):
    # every 2015 name is linked but the one member the file no longer lists
    assert q(
        db,
        "select r.name from vote_records r join votes v on v.id = r.vote_id "
        "where v.session = 2015 and r.legislator_id is null group by r.name",
    ) == [("KESTRELMORE",)]
    assert q(
        db,
        "select count(*) from vote_records r join votes v on v.id = r.vote_id "
        "where v.session > 2015 and r.legislator_id is not null",
    ) == [(0,)]
    # a link never crosses chambers or sessions
    assert q(
        db,
        "select count(*) from vote_records r join votes v on v.id = r.vote_id "
        "left join legislators l on l.id = r.legislator_id and l.session = v.session "
        "where r.legislator_id is not null and (l.id is null or l.chamber != v.chamber)",
    ) == [(0,)]


def test_vacant_seats_and_the_emergency_certification_trap(db):
    seats = dict(q(db, "select vote_id, count(*) from vote_records group by vote_id"))
    assert seats["2015-HV-160"] == seats["2015-HV-190"] == 150  # district 77 VACANT
    assert seats["2015-HV-276"] == 151 and seats["2015-SV-88"] == 36
    assert q(
        db,
        "select count(*) from vote_records where name like '%VACANT%' "
        "or name like '%CERTIFICATION%'",
    ) == [(0,)]


def test_questions_dates_and_outcomes(db):
    got = {r[0]: r[1:] for r in q(db, "select id, bill_id, date, question, passed from votes")}
    assert got["2015-HV-275"] == ("2015-HB-7017", "2015-05-29", "amendment schedule A", 1)
    assert got["2015-HV-276"] == ("2015-HB-7017", "2015-05-29", "as amended", 1)  # same day
    assert got["2015-HV-190"][2] == "emergency certification"
    assert got["2015-HV-210"][2] == "consent calendar"
    assert got["2015-SV-88"][2] == "passage"  # from the bill's history
    assert got["2015-SV-310"][2] == "passage"  # "Senate Passed, In Concurrence"
    assert got["2016-SV-301"] == ("2016-HB-5469", "2016-05-03", "passage", 1)
    assert got["2016-HV-123"] == ("2016-HB-5469", "2016-04-20", "passage", 1)


def test_the_vote_folders_find_more_and_record_what_they_skip(db):
    assert q(db, "select bill_id, label from votes where id = '2015-HV-160'") == [
        ("2015-HB-5712", None)  # linked from no status page
    ]
    skipped = dict(q(db, "select url, skipped from vote_files where skipped is not null"))
    assert skipped == {
        "https://www.cga.ct.gov/2015/VOTE/S/PDF/2015SV-00035-R00-SV.PDF": "no bill in the file "
        "name '2015SV-00035-R00-SV.PDF'",
        "https://www.cga.ct.gov/2015/VOTE/H/PDF/2015HV-00001-R00HB06105-HV.PDF": "not a roll call: "
        "no roll-call heading or vote totals (it begins 'STATE OF CONNECTICUT HOUSE OF "
        "REPRESENTATIVES BUDGET ADDRESS Joint Convention of')",
    }
    assert q(db, "select count(*) from vote_files where vote_id is null and skipped is null") == [
        (0,)
    ]


def test_members_of_the_session(db):
    assert q(db, "select session, chamber, count(*) from legislators group by 1, 2") == [
        (2015, "house", 151),
        (2015, "senate", 36),
    ]
    forms = q(db, "select email, url from legislators where district % 17 = 0")
    assert forms and all(email is None and url for email, url in forms)
    assert q(db, "select committees from legislators where id = 'H12-marrowby'")[0][0].startswith(
        '["'
    )


def test_each_roll_call_is_one_vote_change(db):
    changes = q(db, "select ref, summary, url, baseline from changes where kind = 'vote'")
    assert len(changes) == 14 and all(baseline == 1 for *_, baseline in changes)  # first crawl
    by_vote = {ref: (summary.splitlines()[0], url) for ref, summary, url, _ in changes}
    assert by_vote["2016-HV-123"] == (
        "House passed 2016-HB-5469 142–2",
        "/bills/2016-HB-5469#vote-2016-HV-123",
    )


def test_a_forced_rerun_adds_nothing(site, db, tmp_path, crawlkit):
    copy = crawlkit.copy(db, tmp_path / "again.db")
    tables = ("votes", "vote_records", "vote_files", "legislators", "changes")
    before = {t: q(copy, f"select count(*) from {t}") for t in tables}
    snap = crawlkit.snapshot(copy)
    crawlkit.update(site, copy, *ALL_2015, "--force", "--retry-now")
    assert {t: q(copy, f"select count(*) from {t}") for t in tables} == before
    after = crawlkit.snapshot(copy)
    for table in ("votes", "vote_records", "vote_files", "legislators", "changes"):
        assert after[table] == snap[table], table
    # the deliberate mismatch is read again and still reported
    assert q(copy, "select attempts from errors where url = ?", MISMATCH) == [(2,)]


def _get(ds, path):
    return asyncio.run(ds.client.get(path))


def test_a_folder_roll_call_found_later_is_news_in_the_feed(site, tmp_path, crawlkit):
    path = tmp_path / "later.db"
    crawlkit.update(site, path, "--session", "2015", "--bills", "2015-HB-5712")
    assert q(path, "select count(*) from votes") == [(0,)]  # no status page links it
    assert q(path, "select count(*) from vote_files") == [(0,)]  # folders only with --all
    crawlkit.update(site, path, *ALL_2015)
    assert q(path, "select baseline from changes where ref = '2015-HV-160'") == [(0,)]
    ds = make_datasette(path)
    feed = feedparser.parse(_get(ds, "/feeds/bills/2015-HB-5712.atom").content)
    assert feed.bozo == 0
    [entry] = [e for e in feed.entries if e.tags[0].term == "vote"]
    assert entry.title == "House passed 2015-HB-5712 120–25"
    assert entry.link == "/bills/2015-HB-5712#vote-2015-HV-160"
    assert "Roll call 160 on Apr 29, 2015" in entry.content[0].value


def test_the_pages_of_the_crawl(db):
    ds = make_datasette(db)
    page = _get(ds, "/bills/2015-HB-7017").text
    assert 'id="vote-2015-HV-275"' in page and 'id="vote-2015-HV-276"' in page
    assert "House passed 142–2 on May 29, 2015, as amended" in page
    assert 'href="/legislators/H88-marrowby"' in page
    incomplete = _get(ds, "/bills/2015-HB-5210").text
    assert "do not add up to its printed totals" in incomplete
    member = _get(ds, "/legislators/H12-marrowby")
    assert member.status_code == 200
    assert member.text.count('<tr id="vote-2015-HV-') == 6


def _pdf(lines: list[str]) -> bytes:
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    y = 800
    for line in lines:
        c.drawString(40, y, line)
        y -= 14
    if not lines:  # a "scan": a page with a picture and no text
        c.rect(40, 400, 300, 300, fill=1)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_bad_roll_calls_and_a_broken_members_file(tmp_path, crawlkit):
    """Bad input (issue 14): a truncated and a scanned vote PDF, an unknown vote letter and a
    line that does not parse, a members file without its email column — each an errors row
    naming the document and what was wrong, the rest stored, nothing guessed."""
    import csv
    import io
    import shutil

    root = tmp_path / "site"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("__pycache__"))
    votes = root / "2015" / "VOTE"
    rc88 = votes / "S" / "PDF" / "2015SV-00088-R00SB00112-SV.PDF"
    rc88.write_bytes(rc88.read_bytes()[: rc88.stat().st_size // 2])  # truncated
    (votes / "H" / "PDF" / "2015HV-00210-R00SB00112-HV.PDF").write_bytes(_pdf([]))  # scanned
    (votes / "H" / "PDF" / "2015HV-00275-R00HB07017-HV.PDF").write_bytes(
        _pdf(
            [
                "House Roll Call Vote 275 HOUSE AMD A",
                "H.B. No. 7017",
                "Taken on 5/29",
                "Necessary for Passage 2",
                "Those voting Yea 3",
                "Those voting Nay 1",
                "Those absent and not voting 0",
                "Y 12 MARROWBY, C.   P 88 MARROWBY, D.",
                "Y 40 FERNSBY-QUILL   N 53 Della Thornwick",
                "Y 64 VANDER #ASHCOMBE",
            ]
        )
    )
    members = root / "pub" / "data" / "LegislatorDatabase.csv"
    table = list(csv.reader(io.StringIO(members.read_bytes().decode("cp1252"), newline="")))
    drop = table[0].index("email")
    buf = io.StringIO(newline="")
    csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(
        [r[:drop] + r[drop + 1 :] for r in table]
    )
    members.write_bytes(buf.getvalue().encode("cp1252"))
    db = tmp_path / "bad.db"
    with running(root=root) as base:
        crawlkit.update(base, db, "--session", "2015", "--bills", "2015-SB-112,2015-HB-7017")
    errors = dict(
        q(db, "select url, error from errors where url like '%VOTE%' or url like '%Legis%'")
    )
    site = "https://www.cga.ct.gov"
    assert "truncated PDF" in errors[f"{site}/2015/VOTE/S/PDF/2015SV-00088-R00SB00112-SV.PDF"]
    assert (
        "no extractable text (scanned?)"
        in errors[f"{site}/2015/VOTE/H/PDF/2015HV-00210-R00SB00112-HV.PDF"]
    )
    bad = errors[f"{site}/2015/VOTE/H/PDF/2015HV-00275-R00HB07017-HV.PDF"]
    assert bad.startswith("roll call 2015-HV-275: ")
    assert "unknown vote letter 'P' for MARROWBY, D." in bad
    assert "member line does not parse: 'Y VANDER #ASHCOMBE'" in bad
    assert "2 yea member lines, but the document prints 3 (1 fewer)" in bad
    assert "missing column(s) email" in errors[f"{site}/pub/data/LegislatorDatabase.csv"]
    # the rest is stored, nothing guessed
    assert q(db, "select id, yea, nay, complete from votes order by id") == [
        ("2015-HV-275", 3, 1, 0),
        ("2015-HV-276", 142, 2, 1),
    ]
    assert q(
        db, "select name, vote from vote_records where vote_id = '2015-HV-275' order by seq"
    ) == [
        ("MARROWBY, C.", "yea"),
        ("FERNSBY-QUILL", "yea"),
        ("Della Thornwick", "nay"),
    ]
    assert q(db, "select count(*), count(email) from legislators") == [(187, 0)]
    assert q(db, "select count(*) from vote_records where legislator_id is not null") == [(154,)]


def test_the_copy_lists_its_vote_folders(site):
    import urllib.error
    import urllib.request

    from spiders.vote_folders import folder_paths, parse_listing

    def fetch(path: str, **headers: str):
        request = urllib.request.Request(site + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, b""

    assert folder_paths(2015) == [
        "/2015/VOTE/H/PDF/",
        "/2015/VOTE/H/",
        "/2015/VOTE/S/PDF/",
        "/2015/VOTE/S/",
    ]
    status, headers, body = fetch("/2015/vote/h/pdf")  # any case, with or without the slash
    assert status == 200 and "Sample data" in body.decode()
    files = parse_listing(body.decode(), site + "/2015/vote/h/pdf", "/2015/VOTE/H/PDF/")
    assert len(files) == 7 and all(
        f.startswith("https://www.cga.ct.gov/2015/VOTE/H/PDF/") for f in files
    )
    status, _, body = fetch("/2015/VOTE/H/")
    assert parse_listing(body.decode(), site + "/2015/VOTE/H/", "/2015/VOTE/H/") == []  # PDF/ only
    assert fetch("/2015/VOTE/H/PDF/", **{"If-None-Match": headers["ETag"]})[0] == 304
    for private in ("/build_votes.py", "/asp/", "/asp/cgabillstatus/"):
        assert fetch(private)[0] == 404
