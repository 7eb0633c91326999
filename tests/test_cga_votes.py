"""The roll-call rules of the core (cga/votes.py) and the vote and legislator ids (cga/ids.py)."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from cga.actions import classify
from cga.ids import (
    BadLegislatorId,
    BillId,
    canonical_legislator_id,
    legislator_id,
    split_legislator_id,
    surname_slug,
    vote_id,
)
from cga.records import RollCall
from cga.votes import (
    consistency_problems,
    label_parts,
    label_question,
    match_legislator,
    parse_vote_filename,
    passed,
    questions,
    vote_date,
    vote_sentence,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.cga.ct.gov/2023/VOTE/H/PDF/2023HV-00188-R00HB05001-HV.PDF",
            ("2023-HV-188", "2023-HB-5001", "pdf"),
        ),
        (
            "https://www.cga.ct.gov/2016/vote/h/2016HV-00101-R00HB05534-HV.htm",
            ("2016-HV-101", "2016-HB-5534", "htm"),
        ),
        (
            "ftp://ftp.cga.ct.gov/2015/vote/s/pdf/2015sv-00088-r00sb00112-sv.pdf",
            ("2015-SV-88", "2015-SB-112", "pdf"),
        ),
        (
            "https://www.cga.ct.gov/2025/VOTE/S/PDF/2025SV-00035-R00-SV.PDF",
            ("2025-SV-35", None, "pdf"),
        ),
    ],
)
def test_file_names(url, expected):
    f = parse_vote_filename(url)
    assert (f.vote_id, str(f.bill) if f.bill else None, f.format) == expected
    assert f.problem is None


@pytest.mark.parametrize(
    "name", ["2015HV-00276-R00HB07017-SV.PDF", "index.htm", "2015HV-00000-R00HB07017-HV.PDF"]
)
def test_names_that_are_no_roll_calls(name):
    f = parse_vote_filename(f"https://www.cga.ct.gov/2015/VOTE/H/PDF/{name}")
    assert f.vote_id is None and f.problem


@pytest.mark.parametrize(
    ("label", "question"),
    [
        ("House Roll Call Vote 188", "passage"),
        ("House Roll Call Vote 188 AS AMENDED", "as amended"),
        ("House Roll Call Vote 12 CONSENT CALENDAR", "consent calendar"),
        ("House Roll Call Vote 13 EMERGENCY CERTIFICATION", "emergency certification"),
        ("House Roll Call Vote 14 HOUSE AMD E", "amendment schedule E"),
        ("House Roll Call Vote 15 SENATE AMD A", "amendment schedule A"),
        ("House Roll Call Vote 16 ON RECONSIDERATION", "on reconsideration"),
    ],
)
def test_house_label_questions(label, question):
    chamber, number, suffix = label_parts(label)
    assert chamber == "house" and number
    assert label_question(suffix) == question


class V(NamedTuple):
    id: str
    chamber: str
    number: int
    date: str | None
    label: str | None
    motion: str | None = None


class A(NamedTuple):
    date: str
    text: str
    event: str
    chamber: str | None


def act(date: str, text: str) -> A:
    c = classify(text)
    return A(date, text, c.event, c.chamber)


def test_senate_questions_come_from_the_history_of_the_day():
    actions = [
        act("2015-05-20", "Senate Adopted Senate Amendment Schedule A 4903"),
        act("2015-05-20", "Senate Passed as Amended by Senate Amendment Schedule A"),
        act("2015-05-21", "SEN. PASSED"),
        act("2015-05-22", "Senate Adopted House Amendment Schedule B"),  # the Senate's vote
        act("2015-05-22", "Senate Passed, In Concurrence"),
        act("2015-05-23", "House Passed"),
    ]
    votes = [
        V("2015-SV-41", "senate", 41, "2015-05-20", "Senate Roll Call Vote 41"),
        V("2015-SV-40", "senate", 40, "2015-05-20", "Senate Roll Call Vote 40"),
        V("2015-SV-50", "senate", 50, "2015-05-21", None),
        V("2015-SV-60", "senate", 60, "2015-05-22", "Senate Roll Call Vote 60"),  # one of two
        V("2015-HV-70", "house", 70, "2015-05-23", None),  # a folder-only House vote
        V("2015-SV-80", "senate", 80, "2015-05-24", None, motion="ON THE MOTION TO RECONSIDER"),
        V("2015-SV-90", "senate", 90, "2015-05-25", None),
    ]
    assert questions(votes, actions) == {
        "2015-SV-40": "amendment schedule A",
        "2015-SV-41": "as amended",
        "2015-SV-50": "passage",
        "2015-SV-60": "passage",  # the day's lone passage: the amendment went by voice
        "2015-HV-70": "passage",
        "2015-SV-80": "on the motion to reconsider",
        "2015-SV-90": None,  # nothing says: not guessed
    }


def test_house_labels_win_over_history():
    actions = [act("2015-05-29", "House Passed as Amended by House Amendment Schedule A")]
    votes = [V("2015-HV-275", "house", 275, "2015-05-29", "House Roll Call Vote 275 HOUSE AMD A")]
    assert questions(votes, actions) == {"2015-HV-275": "amendment schedule A"}


def test_passed_dates_and_sentences():
    assert passed(73, 73) is True and passed(72, 73) is False and passed(None, 73) is None
    assert vote_date("4/20", 2016) == "2016-04-20"
    assert vote_date("4/20/15", 2016) == "2015-04-20"
    assert vote_date("2/30", 2016) is None and vote_date(None, 2016) is None
    assert (
        vote_sentence("house", "as amended", True, 142, 2, "2016-04-20")
        == "House passed 142–2 on Apr 20, 2016, as amended"
    )
    assert (
        vote_sentence("house", "passage", True, 142, 2, bill_id="2016-HB-5469")
        == "House passed 2016-HB-5469 142–2"
    )
    assert (
        vote_sentence("senate", "amendment schedule A", False, 10, 25, bill_id="2015-SB-1")
        == "Senate rejected amendment schedule A to 2015-SB-1 10–25"
    )
    assert vote_sentence("house", "consent calendar", True, 150, 0).endswith(
        "on the consent calendar"
    )
    assert vote_sentence("senate", None, None, None, 3) == "Senate voted on ?–3"


def test_consistency_problems():
    rc = RollCall(
        "pdf", heading="House Roll Call Vote 277", bill_text="H.B. No. 7018", taken_on="5/29"
    )
    file = parse_vote_filename("/2015/VOTE/H/PDF/2015HV-00276-R00HB07017-HV.PDF")
    assert consistency_problems(rc, file, BillId(2015, "HB", 7017)) == [
        "the document is on H.B. No. 7018, not 2015-HB-7017",
        "the heading says roll call 277, the file name 276",
    ]
    rc = RollCall("pdf", heading="House Roll Call Vote 276", bill_text="H.B. No. 7017")
    assert consistency_problems(rc, file, BillId(2015, "HB", 7017)) == []


class M(NamedTuple):
    id: str
    last_name: str
    first_name: str | None
    name: str


HOUSE = [
    M("H12-simmons", "Simmons", "Caroline", "Caroline Simmons"),
    M("H88-simmons", "Simmons", "David", "David Simmons"),
    M("H12-mccarthy-vahey", "McCarthy Vahey", "Cristin", "Cristin McCarthy Vahey"),
    M("H2-berger-girvalo", "Berger-Girvalo", "Aimee", "Aimee Berger-Girvalo"),
    M("H5-morrin-bello", "Morrin Bello", "Jill", "Jill Morrin Bello"),
    M("H9-pena", "Peña", "Rob", "Bob Peña"),
]


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("SIMMONS, C.", "H12-simmons"),
        ("SIMMONS, D.", "H88-simmons"),
        ("SIMMONS", None),  # two members: ambiguous, left unlinked
        ("SIMMONS, Q.", None),
        ("MCCARTHY VAHEY", "H12-mccarthy-vahey"),
        ("BERGER-GIRVALO", "H2-berger-girvalo"),
        ("Morrin Bello", "H5-morrin-bello"),
        ("PENA", "H9-pena"),
        ("PEÑA, B.", "H9-pena"),  # the commonly used name's initial
        ("KESTRELMORE", None),
        ("", None),
    ],
)
def test_printed_names_to_legislators(printed, expected):
    assert match_legislator(printed, HOUSE) == expected


def test_ids():
    assert vote_id(2016, "house", 123) == "2016-HV-123"
    assert vote_id(2016, "senate", 301) == "2016-SV-301"
    assert legislator_id("house", 106, "Bolinsky") == "H106-bolinsky"
    assert legislator_id("senate", 26, "Boucher") == "S26-boucher"
    assert surname_slug("McCarthy Vahey") == "mccarthy-vahey"
    assert surname_slug("O'Dea") == "odea" and surname_slug("Peña") == "pena"
    assert split_legislator_id("h0106-Bolinsky") == ("house", 106, "bolinsky")
    assert canonical_legislator_id("s026-boucher") == "S26-boucher"
    for bad in ("H152-x", "S37-x", "H0-x", "X1-x", "H1", "H1-", "H1-a b", "../etc"):
        with pytest.raises(BadLegislatorId):
            canonical_legislator_id(bad)
    with pytest.raises(BadLegislatorId):
        legislator_id("house", 1, "''")
