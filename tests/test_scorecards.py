"""Scorecards in the core: the watchlist's positions and count_votes (and every way they can be
malformed), the roll calls that count by default, how a vote counts, the score, sponsors, the
sentence of a change; the sample watchlist against the real one."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

from cga.ids import BadVoteId, split_bill_id, split_vote_id
from cga.scorecards import (
    Tally,
    counts_as,
    default_votes,
    is_sponsor,
    parse_sponsor,
    score,
    score_sentence,
)
from cga.watchlist import WatchlistError, load_watchlist

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "data" / "watchlist.yml"
SAMPLE = ROOT / "data" / "sample-watchlist.yml"


def watchlist(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "w.yml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD = """
topics:
  student-privacy:
    title: Student data privacy
    bills: [2015-HB-7017]
    positions:
      2016-HB-5469: support
      2017-hb-05233: Oppose
    count_votes:
      2016-HB-5469: [2016-HV-123, 2016-sv-0301]
"""


def test_positions_and_count_votes_are_read(tmp_path):
    [topic] = load_watchlist(watchlist(tmp_path, GOOD))
    hb5469, hb5233 = split_bill_id("2016-HB-5469"), split_bill_id("2017-HB-5233")
    assert topic.positions == {hb5469: "support", hb5233: "oppose"}
    assert topic.count_votes == {hb5469: ("2016-HV-123", "2016-SV-301")}
    # a positioned bill is one of the topic's bills (crawled, on its feed)
    assert topic.bills == [split_bill_id("2015-HB-7017"), hb5469, hb5233]
    assert topic.sample is False


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("positions:\n      2016-HB-5469: endorse\n", "unknown position 'endorse'"),
        ("positions:\n      2016-HB-5469: 1\n", "unknown position 1"),
        ("positions:\n      2016-XX-1: support\n", "not a bill id"),
        ("positions: [2016-HB-5469]\n", "'positions:' must map bill ids"),
        (
            "positions:\n      2016-HB-5469: support\n      2016-HB-05469: oppose\n",
            "2016-HB-5469 is named twice",
        ),
        (
            "positions:\n      2016-HB-5469: support\n    count_votes:\n"
            "      2016-HB-1: [2016-HV-1]\n",
            "2016-HB-1 has no position",
        ),
        (
            "positions:\n      2016-HB-5469: support\n    count_votes:\n"
            "      2016-HB-5469: [123]\n",
            "not a roll-call id: '123'",
        ),
        (
            "positions:\n      2016-HB-5469: support\n    count_votes:\n"
            "      2016-HB-5469: [2015-HV-276]\n",
            "2015-HV-276 is a roll call of 2015, not of the bill's session 2016",
        ),
        (
            "positions:\n      2016-HB-5469: support\n    count_votes:\n      2016-HB-5469: []\n",
            "expected a list of roll-call ids",
        ),
        (
            "positions:\n      2016-HB-5469: support\n    count_votes:\n"
            "      2016-HB-5469: [2016-HV-123, 2016-HV-0123]\n",
            "a roll call is named twice",
        ),
    ],
)
def test_a_malformed_position_is_refused_with_the_reason(tmp_path, body, reason):
    path = watchlist(tmp_path, "topics:\n  t:\n    " + body)
    with pytest.raises(WatchlistError) as caught:
        load_watchlist(path)
    assert reason in str(caught.value)
    assert str(caught.value).startswith(f"{path}: topic t")


def test_a_single_vote_id_is_a_list_of_one(tmp_path):
    body = "topics:\n  t:\n    positions: {2016-HB-5469: support}\n    count_votes:\n"
    [topic] = load_watchlist(watchlist(tmp_path, body + "      2016-HB-5469: 2016-HV-123\n"))
    assert list(topic.count_votes.values()) == [("2016-HV-123",)]


def test_sample_flag(tmp_path):
    [topic] = load_watchlist(watchlist(tmp_path, "sample: true\n" + GOOD))
    assert topic.sample is True
    with pytest.raises(WatchlistError, match="'sample:' must be true or false"):
        load_watchlist(watchlist(tmp_path, "sample: maybe\n" + GOOD))


def test_the_sample_watchlist_is_the_real_topic_plus_sample_positions():
    """The demo's watchlist follows the real one (same title, keywords, bills) and adds only
    positions; the real one takes none."""
    real = yaml.safe_load(REAL.read_text())["topics"]
    sample = yaml.safe_load(SAMPLE.read_text())
    assert sample["sample"] is True
    assert set(sample["topics"]) == set(real)
    for name, spec in real.items():
        mine = sample["topics"][name]
        assert {k: v for k, v in mine.items() if k not in ("positions", "count_votes")} == spec
        assert "positions" not in spec and "count_votes" not in spec
    [topic] = load_watchlist(SAMPLE)
    assert topic.sample and len(topic.positions) == 5 and len(topic.count_votes) == 1


def test_vote_ids():
    assert split_vote_id("2016-hv-0123") == (2016, "house", 123)
    assert split_vote_id("2015-SV-88") == (2015, "senate", 88)
    for bad in ("2016-HV-0", "2016-XV-1", "HV-123", "1800-HV-1", "2016-HV-123x"):
        with pytest.raises(BadVoteId):
            split_vote_id(bad)


class V(NamedTuple):
    id: str
    chamber: str
    number: int
    question: str | None


def test_the_final_passage_vote_in_each_chamber_counts_by_default():
    votes = [
        V("2015-HV-275", "house", 275, "amendment schedule A"),
        V("2015-HV-276", "house", 276, "as amended"),
        V("2015-HV-140", "house", 140, "passage"),
        V("2015-SV-88", "senate", 88, "passage"),
        V("2015-SV-310", "senate", 310, "consent calendar"),
        V("2015-SV-400", "senate", 400, None),  # unknown question: never counted by default
        V("2015-SV-401", "senate", 401, "motion to reconsider"),
    ]
    assert default_votes(votes) == ["2015-HV-276", "2015-SV-310"]
    assert default_votes([V("2015-HV-190", "house", 190, "emergency certification")]) == [
        "2015-HV-190"
    ]
    assert default_votes(votes[:1]) == []  # an amendment vote alone passes nothing


def test_how_a_vote_counts_and_the_score():
    assert counts_as("support", "yea") == "with" and counts_as("support", "nay") == "against"
    assert counts_as("oppose", "nay") == "with" and counts_as("oppose", "yea") == "against"
    assert counts_as("oppose", "absent") == "absent"  # never against
    assert counts_as("support", "not_voting") == "not_voting"
    with pytest.raises(ValueError):
        counts_as("neutral", "yea")
    assert score(0, 0) is None
    assert score(2, 1) == 67 and score(1, 2) == 33 and score(5, 3) == 63  # 62.5 rounds up
    assert score(1, 7) == 13 and score(0, 4) == 0 and score(4, 0) == 100
    tally = Tally()
    for cast in ("with", "absent", "against", "not_voting", "with"):
        tally.add(cast)
    assert (tally.with_group, tally.against_group, tally.absent, tally.not_voting) == (2, 1, 1, 1)
    assert tally.score == 67 and tally.on_roll == 5


def test_sponsors_are_matched_by_seat_and_surname():
    s = parse_sponsor("Rep. Noel Della Thornwick, 53rd Dist.")
    assert s is not None and (s.chamber, s.district, s.name) == (
        "house",
        53,
        "Noel Della Thornwick",
    )
    assert is_sponsor(s, "house", 53, "Della Thornwick")
    assert not is_sponsor(s, "house", 54, "Della Thornwick")  # another seat
    assert not is_sponsor(s, "senate", 53, "Della Thornwick")
    assert not is_sponsor(s, "house", 53, "Thornwicke")
    assert parse_sponsor("Education Committee") is None
    old = parse_sponsor("REP. JOHNSON, 49th Dist.")  # an older page's capitals
    assert old is not None and is_sponsor(old, "house", 49, "Johnson")
    jr = parse_sponsor("Rep. Pat Ashby Jr., 31st Dist.")
    assert jr is not None and jr.name == "Pat Ashby" and is_sponsor(jr, "house", 31, "ASHBY")
    pena = parse_sponsor("Rep. Sage Pe\u00f1afield, 101st Dist.")
    assert pena is not None and is_sponsor(pena, "house", 101, "PE\u00d1AFIELD")
    # a printed name with no seat (a Senate roll call): the surname and its initial decide
    texts = ["Sen. Elise Marrowby, 5th Dist.", "Rep. Carla Marrowby, 12th Dist.", "ED Committee"]

    def sponsored_by(texts, *member):
        found = [s for s in map(parse_sponsor, texts) if s is not None]
        return any(is_sponsor(s, *member) for s in found)

    assert sponsored_by(texts, "senate", None, "MARROWBY", "E")
    assert not sponsored_by(texts, "senate", None, "MARROWBY", "D")
    assert sponsored_by(texts, "house", 12, "MARROWBY", "C")
    assert not sponsored_by(texts, "house", 88, "MARROWBY")


def test_the_sentence_of_a_score_change():
    assert (
        score_sentence("house", "Carla Marrowby", "student-privacy", 4, 1)
        == "Rep. Carla Marrowby now votes with student-privacy 4 of 5"
    )
    assert (
        score_sentence("senate", "MARROWBY", "t", 0, 1) == "Sen. MARROWBY now votes with t 0 of 1"
    )
