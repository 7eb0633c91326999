"""The stage rules, checked against real action texts of both vocabularies."""

from datetime import date

import pytest

from cga.actions import action_key, classify, compute_progress, session_end

# (status-page action text, expected event, expected stage) — docs/cga-site.md, "Bill History".
STATUS_PAGE = [
    ("Referred to Joint Committee on Public Health", "referred_committee", "in_committee"),
    ("Drafted by Committee", "drafted", "introduced"),
    ("(PH) Vote to Draft", "vote_to_draft", "in_committee"),
    ("Public Hearing 03/18", "public_hearing", "in_committee"),
    ("(PH) Joint Favorable", "joint_favorable", "reported"),
    ("(ED) Joint Favorable Substitute", "joint_favorable", "reported"),
    ("Joint Favorable Change of Reference", "joint_favorable", "reported"),
    ("(LCO) Filed with Legislative Commissioners' Office", "filed_lco", "calendar"),
    (
        "(LCO) Referred to Office of Legislative Research and Office of Fiscal Analysis "
        "04/08/24 12:00 PM",
        "referred_olr_ofa",
        None,
    ),
    ("(LCO) Reported Out of Legislative Commissioners' Office", "lco_reported_out", None),
    ("Favorable Report, Tabled for the Calendar, Senate", "favorable_report", "calendar"),
    ("Tabled for the Calendar, House", "tabled", "calendar"),
    ("Senate Calendar Number 196", "calendar_number", "calendar"),
    ("(LCO) File Number 315", "file_number", "calendar"),
    ("Referred by Senate to Committee on Judiciary", "referred_committee", "in_committee"),
    ("Immediate Transmittal to Committee on Appropriations", "referred_committee", "in_committee"),
    ("Senate Adopted Senate Amendment Schedule A 4903", "amendment_adopted", None),
    ("Senate Passed as Amended by Senate Amendment Schedule A,B", "senate_passed", "passed_first"),
    ("House Adopted Senate Amendment Schedule A", "amendment_adopted", None),
    ("House Rejected House Amendment Schedule B", "amendment_rejected", None),
    ("House Passed", "house_passed", "passed_first"),
    ("Senate Passed", "senate_passed", "passed_first"),
    ("In Concurrence", "concurrence", "passed_both"),
    ("(LCO) Public Act 24-19", "public_act", "public_act"),
    ("Transmitted to the Secretary of State", "to_secretary_of_state", None),
    ("Transmitted by Secretary of the State to Governor", "to_governor", "to_governor"),
    ("Rules Suspended, Transmitted to the Governor", "to_governor", "to_governor"),
    ("Signed by the Governor", "signed", "enacted"),
    ("Signed by Governor in Original", "signed", "enacted"),
    ("Vetoed by Governor", "vetoed", None),
    ("Line Item Vetoed", "line_item_vetoed", None),
    ("Joint Unfavorable", "unfavorable", None),
    ("Withdrawn", "withdrawn", None),
    ("Failed", "failed", None),
    ("Reserved for Subject Matter Public Hearing", "public_hearing", "in_committee"),
    ("No New File by Committee on Appropriations", "other", None),
    ("Moved to Foot of the Calendar", "other", None),
]

# The bulk CSV's terse vocabulary (docs/cga-site.md, "Bulk files"; act_desc plus qualifiers).
BULK_CSV = [
    ("REF. TO JOINT COMM. ON ED", "referred_committee", "in_committee"),
    ("REFERRED TO JOINT COMMITTEE ON EDUCATION", "referred_committee", "in_committee"),
    ("PUBLIC HEARING 2015-03-02", "public_hearing", "in_committee"),
    ("Joint Favorable Substitute", "joint_favorable", "reported"),
    ("Joint favorable", "joint_favorable", "reported"),
    ("REFERRED TO OLR, OFA", "referred_olr_ofa", None),
    ("FILE NO. 394", "file_number", "calendar"),
    ("TAB. FOR CAL.", "tabled", "calendar"),
    ("FAV. REP. TAB. FOR CAL.", "favorable_report", "calendar"),
    ("FAV. RPT, TAB. FOR CAL., HOUSE", "favorable_report", "calendar"),
    ("HOUSE PASSED", "house_passed", "passed_first"),
    ("HOUSE PASSED AS AMENDED BY HOUSE AMEND. SCHED. A", "house_passed", "passed_first"),
    ("SEN. PASSED", "senate_passed", "passed_first"),
    ("HOUSE ADOPTED HOUSE AMEND. SCHED. A", "amendment_adopted", None),
    ("SENATE REJ. SENATE AMEND. SCHED. B", "amendment_rejected", None),
    ("TRANS.TO HOUSE", "transmitted_chamber", None),
    ("REPORTED OUT OF LEG. COMMISSIONERS' OFFICE", "lco_reported_out", None),
    ("FILED WITH LEG. COMMISSIONERS' OFFICE", "filed_lco", "calendar"),
    ("REF. BY SEN. TO COMM. ON APP", "referred_committee", "in_committee"),
    ("TRANSMITTED TO SENATE", "transmitted_chamber", None),
    ("PUBLIC ACT 16-189", "public_act", "public_act"),
    ("TRANSMITTED BY SECRETARY OF THE STATE TO GOVERNOR", "to_governor", "to_governor"),
    ("SIGNED BY GOVERNOR", "signed", "enacted"),
    ("VETOED BY GOVERNOR", "vetoed", None),
    ("LINE ITEM VETOED", "line_item_vetoed", None),
]


@pytest.mark.parametrize("text,event,stage", STATUS_PAGE + BULK_CSV)
def test_rules_table(text, event, stage):
    c = classify(text)
    assert (c.event, c.stage) == (event, stage)


def test_both_vocabularies_share_a_key():
    assert action_key("2015-05-01", "SEN. PASSED") == action_key("2015-05-01", "Senate Passed")
    assert action_key("2015-05-01", "TAB. FOR CAL.") == action_key(
        "2015-05-01", "Tabled for the Calendar, House"
    )
    assert action_key("2015-05-01", "HOUSE ADOPTED HOUSE AMEND. SCHED. A") == action_key(
        "2015-05-01", "House Adopted House Amendment Schedule A 7312"
    )
    # Different days, chambers or schedules stay distinct.
    assert action_key("2015-05-02", "SEN. PASSED") != action_key("2015-05-01", "Senate Passed")
    assert action_key("2015-05-01", "House Passed") != action_key("2015-05-01", "Senate Passed")
    assert action_key("2015-05-01", "House Adopted House Amendment Schedule A") != action_key(
        "2015-05-01", "House Adopted House Amendment Schedule B"
    )


def test_session_end_follows_the_constitution():
    assert session_end(2016) == date(2016, 5, 4)  # docs/cga-site.md: 2016 sine die May 4
    assert session_end(2015) == date(2015, 6, 3)
    assert session_end(2024) == date(2024, 5, 8)


HB_5469 = [  # 2016 HB 5469 → Public Act 16-189 (a sample-data paraphrase), status-page wording
    ("2016-02-18", "Referred to Joint Committee on Education"),
    ("2016-03-02", "Public Hearing 03/02"),
    ("2016-03-18", "(ED) Joint Favorable Substitute"),
    ("2016-04-05", "(LCO) File Number 224"),
    ("2016-04-20", "House Passed as Amended by House Amendment Schedule A"),
    ("2016-04-28", "Senate Passed"),
    ("2016-05-10", "(LCO) Public Act 16-189"),
    ("2016-05-20", "Transmitted by Secretary of the State to Governor"),
    ("2016-06-09", "Signed by the Governor"),
]


def test_progress_of_an_enacted_bill_step_by_step():
    expected = [
        "in_committee",
        "in_committee",
        "reported",
        "calendar",
        "passed_first",
        "passed_both",
        "public_act",
        "to_governor",
        "enacted",
    ]
    during = date(2016, 3, 1)
    for n, stage in enumerate(expected, start=1):
        assert compute_progress(HB_5469[:n], 2016, today=during).stage == stage
    assert compute_progress(HB_5469, 2016, today=date(2026, 1, 1)).outcome == "enacted"


def test_outcomes():
    in_committee = HB_5469[:3]
    assert compute_progress(in_committee, 2016, today=date(2016, 3, 20)).outcome == "pending"
    # The session ended (May 4, 2016) with the bill short of both chambers: dead.
    assert compute_progress(in_committee, 2016, today=date(2016, 5, 5)).outcome == "dead"
    assert compute_progress(in_committee, 2016, today=date(2016, 5, 4)).outcome == "pending"
    vetoed = [*HB_5469[:8], ("2016-06-09", "Vetoed by Governor")]
    assert compute_progress(vetoed, 2016, today=date(2026, 1, 1)).outcome == "vetoed"
    withdrawn = [*HB_5469[:2], ("2016-03-03", "Withdrawn")]
    assert compute_progress(withdrawn, 2016, today=date(2016, 3, 4)).outcome == "dead"
    # Passed both chambers, awaiting the Governor after sine die: not guessed dead.
    awaiting = HB_5469[:7]
    assert compute_progress(awaiting, 2016, today=date(2016, 5, 12)).outcome == "pending"


def test_concurrence_means_both_chambers():
    acts = [("2015-05-01", "HOUSE PASSED"), ("2015-05-30", "In Concurrence")]
    assert compute_progress(acts, 2015, today=date(2015, 6, 1)).stage == "passed_both"


def test_same_chamber_twice_is_not_both():
    acts = [("2015-05-01", "House Passed"), ("2015-05-03", "House Passed as Amended")]
    assert compute_progress(acts, 2015, today=date(2015, 6, 1)).stage == "passed_first"
