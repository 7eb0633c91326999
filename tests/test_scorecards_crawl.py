"""Scorecards end to end (issue 15's acceptance): ``billwatch update`` of the offline copy with the
demo's sample watchlist computes the sample topic's scorecard, compared here with a hand-made
table; a forced rerun adds no change; a new roll call added to the copy adds exactly the
expected ``vote`` changes, on the topic's feed; bad positions are reported and the rest is
computed."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import feedparser
import pytest

from billwatch.samplesite import running
from billwatch.serve import make_datasette

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample-site"
WATCHLIST = str(ROOT / "data" / "sample-watchlist.yml")
CRAWL = ("--session", "2015", "--all", "--watchlist", WATCHLIST)
TOPIC = "student-privacy"


@pytest.fixture(scope="module")
def site():
    with running(root=SAMPLE) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def db(site, tmp_path_factory, crawlkit) -> Path:
    path = tmp_path_factory.mktemp("scorecards") / "s.db"
    crawlkit.update(site, path, *CRAWL)
    return path


def q(db: Path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


# The sample topic's scorecard, worked out by hand from the sample roll calls (their member
# lines as data/sample-site/build_votes.py writes them) and data/sample-watchlist.yml:
#   2015-HB-5210, opposed: the final passage votes House 140 (4/22) and Senate 310 (5/20);
#   2015-HB-7017, supported: count_votes names House 275 (amendment A) and House 276 (passage
#     as amended); by default only 276 would count;
#   2016-HB-5469, supported: House 123 and Senate 301.
#
# member (printed)          H140  H275  H276 | with against absent nv score  roll calls
HAND_MADE = {
    # voted on all three
    (2015, "H12-marrowby"): ("Y", "Y", "Y", 2, 1, 0, 0, 67, 3),  # Y on 140 is against (opposed)
    (2015, "H88-marrowby"): ("Y", "N", "N", 0, 3, 0, 0, 0, 3),
    (2015, "H40-fernsby-quill"): ("Y", "Y", "Y", 2, 1, 0, 0, 67, 3),
    # missed a vote: absent on 276, counted apart, not as against
    (2015, "H53-della-thornwick"): ("Y", "N", "A", 0, 2, 1, 0, 0, 3),
    # present, not voting on 276
    (2015, "H64-vander-ashcombe"): ("Y", "N", "X", 0, 2, 0, 1, 0, 3),
    # seated on 5/12, after 140: part of the session
    (2015, "H77-umberdale"): ("-", "Y", "Y", 2, 0, 0, 0, 100, 3),
    # not in the legislator file (left mid-session): known by the printed name
    (2015, "KESTRELMORE"): ("Y", "-", "-", 0, 1, 0, 0, 0, 3),
    # Senate 310 only (its document does not add up; its member lines are what was printed)
    (2015, "S5-marrowby"): ("Y", "", "", 0, 1, 0, 0, 0, 1),
    # 2016: no members file, every member known by the printed name
    (2016, "MARROWBY, D."): ("N", "", "", 0, 1, 0, 0, 0, 1),  # H123 nay on a supported bill
    (2016, "MARROWBY, C."): ("Y", "", "", 1, 0, 0, 0, 100, 1),
}


def test_the_sample_scorecard_is_the_hand_made_table(db):
    got = {
        (r[0], r[1]): r[2:]
        for r in q(
            db,
            "select session, member, with_group, against_group, absent, not_voting, score, "
            "roll_calls from scorecards where topic = ?",
            TOPIC,
        )
    }
    for key, (*_, w, a, absent, nv, score, roll_calls) in HAND_MADE.items():
        assert got[key] == (w, a, absent, nv, score, roll_calls), key
    # KESTRELMORE and the 2016 members have no legislator id; their rows say who they are
    assert q(
        db,
        "select legislator_id, name, chamber, district, party from scorecards "
        "where member = 'KESTRELMORE'",
    ) == [(None, "KESTRELMORE", "house", 77, None)]
    # every 2015 member of the file has a row, plus KESTRELMORE
    assert q(db, "select count(*) from scorecards where session = 2015") == [(151 + 36 + 1,)]


def test_the_roll_calls_that_count(db):
    assert q(
        db,
        "select vote_id, position, counted_by from scorecard_votes where topic = ? "
        "order by session, chamber, vote_id",
        TOPIC,
    ) == [
        ("2015-HV-140", "oppose", "default"),
        ("2015-HV-275", "support", "watchlist"),  # the override: an amendment vote counts
        ("2015-HV-276", "support", "watchlist"),
        ("2015-SV-310", "oppose", "default"),
        ("2016-HV-123", "support", "default"),
        ("2016-SV-301", "support", "default"),
        ("2017-HV-220", "support", "default"),
        ("2017-SV-410", "support", "default"),
        ("2018-HV-95", "support", "default"),
    ]


def test_sponsors_are_counted(db):
    # build_scorecards.py: Quillstead introduced HB 5210; Carla and Elise Marrowby co-sponsored it
    assert q(
        db,
        "select member, sponsored, cosponsored from scorecards "
        "where sponsored + cosponsored > 0 order by member",
    ) == [("H12-marrowby", 0, 1), ("H143-quillstead", 1, 0), ("S5-marrowby", 0, 1)]


def test_the_first_computation_is_history_and_nothing_is_wrong(db):
    assert q(db, "select count(*) from errors where url like 'watchlist:%'") == [(0,)]
    changes = q(db, "select baseline, count(*) from changes where key like 'score|%' group by 1")
    scored = q(db, "select count(*) from scorecards where score is not null")[0][0]
    assert changes == [(1, scored)]


def test_a_forced_rerun_adds_nothing(site, db, tmp_path, crawlkit):
    copy = crawlkit.copy(db, tmp_path / "again.db")
    snap = crawlkit.snapshot(copy)
    run = crawlkit.update(site, copy, *CRAWL, "--force", "--retry-now")
    after = crawlkit.snapshot(copy)
    for table in ("positions", "scorecard_votes", "scorecards", "scorecard_topics", "changes"):
        assert after[table] == snap[table], table
    assert "+0 score changes" in run.output


NEW_ROLL = "/2018/VOTE/S/PDF/2018SV-00150-R00HB05444-SV.PDF"


def _with_a_new_roll_call(root: Path) -> None:
    """The Senate's passage of 2018 HB 5444 (5/7/2018, as its history says), drawn by the
    sample site's own renderer, linked from the bill's status page."""
    sys.path.insert(0, str(SAMPLE))
    try:
        import build_votes as bv
    finally:
        sys.path.remove(str(SAMPLE))
    members = bv.roster()
    bv._printed_names([*members, bv.PREDECESSOR_77])
    roll = bv.Roll(
        "S", 150, 2018, ("HB", 5444), date(2018, 5, 7), (33, 2, 1, 0), overrides={"MARROWBY": "N"}
    )
    title = {(2018, "HB", 5444): "AN ACT CONCERNING REVISIONS TO THE STUDENT DATA PRIVACY ACT."}
    pdf = bv.roll_pdf(roll, bv.assign(roll, bv.roll_members(roll, members)), title)
    target = root / NEW_ROLL.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf)
    page = root / "asp" / "cgabillstatus" / "2018" / "HB05444.html"
    old = '">House Roll Call Vote 95</a></td></tr>'
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(
        text.replace(
            old, old + f'\n<tr><td>&nbsp;</td><td><a href="{NEW_ROLL}">{roll.label}</a></td></tr>'
        ),
        encoding="utf-8",
    )


def test_a_new_roll_call_adds_exactly_the_expected_vote_changes(db, tmp_path, crawlkit):
    root = tmp_path / "site"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("__pycache__"))
    _with_a_new_roll_call(root)
    copy = crawlkit.copy(db, tmp_path / "later.db")
    before = q(copy, "select max(detected_at) from changes")[0][0]
    args = ("--session", "2015", "--bills", "2018-HB-5444", "--force", "--watchlist", WATCHLIST)
    with running(root=root) as base:
        crawlkit.update(base, copy, *args)
        new = q(
            copy,
            "select key, baseline, summary from changes where detected_at > ? and kind = 'vote' "
            "order by key",
            before,
        )
        # besides: the status page's new document link
        assert q(
            copy, "select kind from changes where detected_at > ? and kind != 'vote'", before
        ) == [("document",)]
        # Every senator who voted yea or nay gets a first 2018 score; the absent one none.
        voters = q(
            copy,
            "select name, vote from vote_records where vote_id = '2018-SV-150' "
            "and vote in ('yea', 'nay') order by name",
        )
        assert len(voters) == 35
        expected = [
            "vote|2018-SV-150",
            *(
                f"score|{TOPIC}|2018|senate|{name}|{int(vote == 'yea')}-{int(vote == 'nay')}|"
                "2018-SV-150"
                for name, vote in voters
            ),
        ]
        assert [key for key, _, _ in new] == sorted(expected)
        assert all(baseline == 0 for _, baseline, _ in new)  # news: a new counted roll call
        summaries = {key: summary.splitlines()[0] for key, _, summary in new}
        assert (
            summaries[f"score|{TOPIC}|2018|senate|MARROWBY|0-1|2018-SV-150"]
            == f"Sen. MARROWBY now votes with {TOPIC} 0 of 1"
        )
        # the topic's feed says so
        ds = make_datasette(copy)
        body = asyncio.run(ds.client.get(f"/feeds/topics/{TOPIC}.atom")).content
        feed = feedparser.parse(body)
        assert feed.bozo == 0
        titles = {e.title for e in feed.entries if e.tags[0].term == "vote"}
        assert f"Sen. MARROWBY now votes with {TOPIC} 0 of 1" in titles
        assert "Senate passed 2018-HB-5444 33–2" in titles
        # and the scorecard shows it
        page = asyncio.run(ds.client.get(f"/scorecards/{TOPIC}/2018")).text
        assert "Senate 150" in page
        # a rerun adds nothing more
        crawlkit.update(base, copy, *args)
    assert q(copy, "select count(*) from changes where detected_at > ?", before) == [
        (len(new) + 1,)
    ]


def _update(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "billwatch", "update", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_malformed_position_is_exit_2(tmp_path):
    watchlist = tmp_path / "w.yml"
    watchlist.write_text(
        "topics:\n  t:\n    positions:\n      2015-HB-7017: endorse\n", encoding="utf-8"
    )
    run = _update("--watchlist", str(watchlist), "--db", str(tmp_path / "x.db"))
    assert run.returncode == 2
    assert "positions: 2015-HB-7017: unknown position 'endorse'" in run.stderr
    assert not (tmp_path / "x.db").exists()  # nothing was crawled


def test_the_sample_watchlist_is_refused_against_the_live_site(tmp_path):
    run = _update("--watchlist", WATCHLIST, "--db", str(tmp_path / "x.db"))
    assert run.returncode == 2
    assert "holds sample positions (sample: true)" in run.stderr
    assert not (tmp_path / "x.db").exists()


def test_bad_positions_are_errors_rows_and_the_rest_is_computed(site, tmp_path, crawlkit):
    watchlist = tmp_path / "w.yml"
    watchlist.write_text(
        "topics:\n  t:\n    positions:\n      2015-HB-7017: support\n"
        "      2015-HB-9999: oppose\n    count_votes:\n"
        "      2015-HB-7017: [2015-HV-276, 2015-HV-999]\n",
        encoding="utf-8",
    )
    path = tmp_path / "bad.db"
    args = ("--session", "2015", "--bills", "2015-HB-7017,2015-HB-9999")
    run = crawlkit.update(site, path, *args, "--watchlist", str(watchlist))
    assert run.code == 1  # new errors rows: cron alerts once
    assert "watchlist:t/2015-HB-7017/2015-HV-999" in run.output
    assert dict(q(path, "select url, error from errors where url like 'watchlist:%'")) == {
        "watchlist:t/2015-HB-7017/2015-HV-999": "topic t: count_votes for 2015-HB-7017 names "
        "2015-HV-999, a roll call billwatch does not hold",
        "watchlist:t/2015-HB-9999": "topic t takes a position on 2015-HB-9999, a bill "
        "billwatch does not hold (its status page says it was not found): nothing of it is "
        "scored",
    }
    assert q(path, "select vote_id from scorecard_votes") == [("2015-HV-276",)]
    assert q(
        path, "select with_group, against_group from scorecards where member = ?", "H12-marrowby"
    ) == [(1, 0)]
