"""The watchlist finds the student-data-privacy bills the advocates follow, by keyword."""

from pathlib import Path

import pytest

from cga.ids import split_bill_id
from cga.watchlist import WatchlistError, load_watchlist, match_topics

WATCHLIST = Path(__file__).resolve().parent.parent / "data" / "watchlist.yml"

# (bill, title) of the student-data-privacy bills: every one must match the student-privacy topic.
TITLES = [
    ("2015-HB-6420", "An Act Limiting the Student Data That the P20 WIN Council Can Collect"),
    ("2015-HB-7017", "AN ACT CONCERNING STUDENT DATA PRIVACY."),
    ("2017-HB-7207", "AN ACT MAKING REVISIONS TO THE STUDENT DATA PRIVACY ACT OF 2016."),
    (
        "2019-SB-851",
        "AN ACT PROHIBITING THE DISAGGREGATION OF STUDENT DATA BY ETHNIC SUBGROUPS "
        "IN THE PUBLIC SCHOOL INFORMATION SYSTEM.",
    ),
    (
        "2020-SB-285",
        "AN ACT CONCERNING STUDENT INFORMATION COLLECTED THROUGH COLLEGE ADMISSIONS EXAMINATIONS.",
    ),
    (
        "2021-HB-5507",
        "An Act Prohibiting College Entrance Examination Preparation Companies From "
        "Disclosing or Selling Student Information.",
    ),
]


@pytest.mark.parametrize("bill,title", TITLES)
def test_default_topic_finds_the_reference_bills_by_title(bill, title):
    topics = load_watchlist(WATCHLIST)
    # A session other than the listed one, so only the keywords can match.
    other = split_bill_id(bill)
    other = type(other)(other.session + 100, other.type, other.number)
    assert "student-privacy" in match_topics(topics, other, [title])


def test_unrelated_bills_do_not_match():
    topics = load_watchlist(WATCHLIST)
    bill = split_bill_id("2015-SB-112")
    assert match_topics(topics, bill, ["AN ACT CONCERNING STUDENT LOAN DEBT RELIEF."]) == {}
    assert match_topics(topics, bill, ["AN ACT CONCERNING DATA BREACHES.", None]) == {}


def test_explicit_ids_match_without_keywords():
    topics = load_watchlist(WATCHLIST)
    assert match_topics(topics, split_bill_id("2025-HB-7076"), ["MANDATE RELIEF"]) == {
        "student-privacy": "bill id"
    }


def test_bad_watchlists_are_refused_with_the_reason(tmp_path):
    bad = tmp_path / "w.yml"
    bad.write_text("topics:\n  Student Privacy:\n    keywords: [x]\n")
    with pytest.raises(WatchlistError, match="lower-case"):
        load_watchlist(bad)
    bad.write_text("topics:\n  t:\n    bills: [2015-XX-1]\n")
    with pytest.raises(WatchlistError, match="not a bill id"):
        load_watchlist(bad)
    with pytest.raises(WatchlistError, match="not found"):
        load_watchlist(tmp_path / "missing.yml")
