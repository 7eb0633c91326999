"""Storing scorecards (pipelines/scorecards.py) on a database built by inserts: the rows, reruns
that change nothing, score changes of kind vote (news only when a new counted roll call causes
them), and bad positions as errors rows that resolve when fixed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cga.ids import split_bill_id
from cga.watchlist import Topic
from pipelines.changes import change_id
from pipelines.schema import open_db
from pipelines.scorecards import rebuild_scorecards, store_positions

T0, T1, T2 = "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z"
MEMBERS = [  # id, name, last name, district, party
    ("H1-ashby", "Avery Ashby", "Ashby", 1, "Democrat"),
    ("H2-bramby", "Blair Bramby", "Bramby", 2, "Republican"),
    ("H3-corby", "Casey Corby", "Corby", 3, "Democrat"),
]


def _bill(db, bill_id: str, outcome: str = "pending", **extra) -> None:
    bill = split_bill_id(bill_id)
    db["bills"].insert(
        {
            "id": bill_id,
            "session": bill.session,
            "chamber": bill.chamber,
            "type": bill.type,
            "number": bill.number,
            "title": f"AN ACT {bill_id}.",
            "stage": "introduced",
            "outcome": outcome,
            "status_url": "https://www.cga.ct.gov/x",
            "source_url": "https://www.cga.ct.gov/x",
            "fetched_at": T0,
            "first_seen_at": T0,
            **extra,
        }
    )


def _vote(db, bill_id: str, number: int, lines: dict[str, str], at: str, baseline: int = 0):
    """A House roll call on ``bill_id`` (passage) with member lines name -> vote, and its
    own change detected at ``at``."""
    vid = f"2015-HV-{number}"
    db["votes"].insert(
        {
            "id": vid,
            "bill_id": bill_id,
            "session": 2015,
            "chamber": "house",
            "number": number,
            "date": f"2015-05-{number % 28 + 1:02d}",
            "question": "passage",
            "yea": sum(v == "yea" for v in lines.values()),
            "nay": sum(v == "nay" for v in lines.values()),
            "absent_not_voting": 0,
            "needed": 1,
            "passed": 1,
            "complete": 1,
            "layout": "pdf",
            "url": f"https://www.cga.ct.gov/{vid}.PDF",
            "sha256": vid,
            "source_url": "x",
            "fetched_at": at,
        }
    )
    ids = {m[2].upper(): m[0] for m in MEMBERS}
    db["vote_records"].insert_all(
        {"vote_id": vid, "seq": n, "name": name, "legislator_id": ids.get(name), "vote": vote}
        for n, (name, vote) in enumerate(lines.items(), start=1)
    )
    key = f"vote|{vid}"
    db["changes"].insert(
        {
            "id": change_id(key),
            "bill_id": bill_id,
            "session": 2015,
            "kind": "vote",
            "key": key,
            "detected_at": at,
            "summary": "House passed",
            "url": f"/bills/{bill_id}#vote-{vid}",
            "baseline": baseline,
            "ref": vid,
        }
    )
    return vid


@pytest.fixture
def db(tmp_path: Path):
    db = open_db(tmp_path / "s.db")
    db["legislators"].insert_all(
        {
            "id": lid,
            "session": 2015,
            "name": name,
            "first_name": name.split()[0],
            "last_name": last,
            "chamber": "house",
            "district": district,
            "party": party,
            "committees": "[]",
            "source_url": "x",
            "fetched_at": T0,
        }
        for lid, name, last, district, party in MEMBERS
    )
    _bill(db, "2015-HB-1", introducers=json.dumps(["Rep. Avery Ashby, 1st Dist."]))
    _bill(db, "2015-HB-2", cosponsors=json.dumps(["Rep. Blair Bramby, 2nd Dist."]))
    _vote(db, "2015-HB-1", 10, {"ASHBY": "yea", "BRAMBY": "nay", "CORBY": "absent"}, T0, 1)
    _vote(db, "2015-HB-2", 20, {"ASHBY": "yea", "BRAMBY": "yea", "KESTREL": "nay"}, T0, 1)
    return db


def topic(**positions: str) -> list[Topic]:
    return [
        Topic(
            "t",
            "A topic",
            [],
            positions={split_bill_id(b.replace("_", "-")): p for b, p in positions.items()},
        )
    ]


def rebuild(db, topics, now):
    with db.conn:
        store_positions(db, topics)
        return rebuild_scorecards(db, now)


def rows(db) -> dict[str, tuple]:
    return {
        r[0]: r[1:]
        for r in db.execute(
            "select member, with_group, against_group, absent, not_voting, score, sponsored, "
            "cosponsored, roll_calls, name, district, party from scorecards order by member"
        ).fetchall()
    }


def score_changes(db) -> list[tuple]:
    return db.execute(
        "select key, baseline, bill_id, ref, url, summary from changes where key like 'score|%' "
        "order by key"
    ).fetchall()


def test_the_rows_of_a_first_computation_are_baseline(db):
    outcome = rebuild(db, topic(**{"2015_HB_1": "support", "2015_HB_2": "oppose"}), T1)
    assert rows(db) == {
        "H1-ashby": (1, 1, 0, 0, 50, 1, 0, 2, "Avery Ashby", 1, "Democrat"),
        "H2-bramby": (0, 2, 0, 0, 0, 0, 1, 2, "Blair Bramby", 2, "Republican"),
        "H3-corby": (0, 0, 1, 0, None, 0, 0, 2, "Casey Corby", 3, "Democrat"),  # absent: no score
        "KESTREL": (1, 0, 0, 0, 100, 0, 0, 2, "KESTREL", None, None),  # not in the members file
    }
    changes = score_changes(db)
    assert len(changes) == 3 and all(c[1] == 1 for c in changes)  # history, not news
    assert outcome.problems == [] and outcome.waiting == []
    assert db.execute("select computed_at from scorecard_topics").fetchall() == [(T1,)]


def test_a_rerun_changes_nothing(db):
    topics = topic(**{"2015_HB_1": "support"})
    rebuild(db, topics, T1)
    before = db.conn.total_changes
    rebuild(db, topics, T2)
    # only the bookkeeping stamp is written: no row of positions, votes or scorecards, no change
    assert db.conn.total_changes - before == 1
    assert len(score_changes(db)) == 2  # Ashby and Bramby; Corby was absent: no score


def test_a_new_counted_roll_call_is_news_for_the_members_whose_score_it_moves(db):
    rebuild(db, topic(**{"2015_HB_1": "support"}), T1)
    _bill(db, "2015-HB-3")
    _vote(db, "2015-HB-3", 30, {"ASHBY": "yea", "BRAMBY": "yea", "CORBY": "nay"}, T2)
    rebuild(db, topic(**{"2015_HB_1": "support", "2015_HB_3": "support"}), T2)
    news = [c for c in score_changes(db) if c[1] == 0]
    # Ashby 100 -> 100: no change; Bramby 0 -> 50; Corby none -> 0; Kestrel is not on HB 1/3
    assert [c[0] for c in news] == [
        "score|t|2015|house|H2-bramby|1-1|2015-HV-10,2015-HV-30",
        "score|t|2015|house|H3-corby|0-1|2015-HV-30",
    ]
    _, _, bill_id, ref, url, summary = news[0]
    assert (bill_id, ref, url) == ("2015-HB-3", "2015-HV-30", "/bills/2015-HB-3#vote-2015-HV-30")
    title, detail = summary.splitlines()
    assert title == "Rep. Blair Bramby now votes with t 1 of 2"
    assert detail.startswith("2015 session: 1 with, 1 against, 0 absent, 0 not voting; score 50")
    assert "(was 0)" in detail and "voted yea, with the group." in detail
    assert "House passed 2015-HB-3 2–1 on May 3, 2015" in detail


def test_a_new_roll_call_that_is_itself_baseline_moves_scores_as_history(db):
    rebuild(db, topic(**{"2015_HB_1": "support"}), T1)
    _bill(db, "2015-HB-3")
    _vote(db, "2015-HB-3", 30, {"BRAMBY": "yea"}, T2, baseline=1)  # a first collection's
    rebuild(db, topic(**{"2015_HB_1": "support", "2015_HB_3": "support"}), T2)
    assert [c[1] for c in score_changes(db) if "H2-bramby" in c[0]] == [1, 1]


def test_turning_a_position_or_adding_one_is_not_news(db):
    rebuild(db, topic(**{"2015_HB_1": "support"}), T1)
    rebuild(db, topic(**{"2015_HB_1": "oppose"}), T2)
    rebuild(db, topic(**{"2015_HB_1": "oppose", "2015_HB_2": "oppose"}), T2)
    assert all(c[1] == 1 for c in score_changes(db))
    assert rows(db)["H1-ashby"][:5] == (0, 2, 0, 0, 0)


def test_a_removed_position_removes_its_rows(db):
    rebuild(db, topic(**{"2015_HB_1": "support"}), T1)
    rebuild(db, [], T2)
    assert rows(db) == {} and db.execute("select count(*) from positions").fetchone() == (0,)
    assert db.execute("select count(*) from scorecard_votes").fetchone() == (0,)


def errors(db) -> dict[str, str]:
    return dict(
        db.execute(
            "select url, error from errors where url like 'watchlist:%' and resolved_at is null"
        ).fetchall()
    )


def test_bad_positions_are_errors_rows_and_the_rest_is_computed(db):
    _bill(db, "2015-HB-4", outcome="dead")  # died without a floor vote
    _bill(db, "2015-HB-5")  # pending, not voted on yet: waiting, not an error
    topics = topic(
        **{
            "2015_HB_1": "support",
            "2015_HB_2": "support",
            "2015_HB_4": "oppose",
            "2015_HB_5": "support",
            "2015_HB_9": "support",  # no such bill
        }
    )
    topics[0].count_votes = {split_bill_id("2015-HB-2"): ("2015-HV-20", "2015-HV-99", "2015-HV-10")}
    outcome = rebuild(db, topics, T1)
    assert errors(db) == {
        "watchlist:t/2015-HB-9": "topic t takes a position on 2015-HB-9, a bill billwatch does "
        "not hold: nothing of it is scored",
        "watchlist:t/2015-HB-4": "topic t takes a position on 2015-HB-4 (dead), which has no "
        "final passage roll call billwatch holds: nothing of it is scored (count_votes can "
        "name its roll calls)",
        "watchlist:t/2015-HB-2/2015-HV-99": "topic t: count_votes for 2015-HB-2 names "
        "2015-HV-99, a roll call billwatch does not hold",
        "watchlist:t/2015-HB-2/2015-HV-10": "topic t: count_votes for 2015-HB-2 names "
        "2015-HV-10, a roll call on 2015-HB-1, not on 2015-HB-2: it is not counted",
    }
    assert outcome.waiting == [("t", "2015-HB-5")]
    # the rest is computed: HB 1 (10) and HB 2 (20) count
    assert db.execute("select vote_id from scorecard_votes order by vote_id").fetchall() == [
        ("2015-HV-10",),
        ("2015-HV-20",),
    ]
    assert rows(db)["H1-ashby"][:5] == (2, 0, 0, 0, 100)
    # an errors row has no bill id: the crawler must not re-fetch a bill for it
    assert db.execute("select count(*) from errors where bill_id is not null").fetchone() == (0,)
    # fixed: the missing roll call comes in, the bad ids leave the watchlist
    _vote(db, "2015-HB-2", 99, {"ASHBY": "yea"}, T2)
    topics[0].positions = {split_bill_id("2015-HB-2"): "support"}
    topics[0].count_votes = {split_bill_id("2015-HB-2"): ("2015-HV-99",)}
    rebuild(db, topics, T2)
    assert errors(db) == {}
    resolved = db.execute("select count(*) from errors where resolved_at = ?", [T2]).fetchone()
    assert resolved == (4,)
