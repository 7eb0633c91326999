"""Roll-call documents into records (spiders/roll_calls.py): the three layouts, the traps of
docs/cga-site.md "Roll calls", bad input, and every sample document against its own totals."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from cga.votes import complete, totals_problems
from spiders.roll_calls import (
    NotARollCall,
    parse_roll_call_html,
    parse_roll_call_pages,
    parse_roll_call_text,
)

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample-site"

HEADER = """House of Representatives
House Roll Call Vote {n}{suffix}
H.B. No. 7017    AN ACT CONCERNING STUDENT DATA PRIVACY.
Taken on 5/29
Total Number Voting {voting}
Necessary for Passage {needed}
Those voting Yea {yea}
Those voting Nay {nay}
Those absent and not voting {other}
Y = Yea   N = Nay   A = Absent   X = Not Voting
The following is the roll call vote:
"""


def doc(members: str, yea: int, nay: int, other: int, n: int = 276, suffix: str = "") -> str:
    voting = yea + nay
    head = HEADER.format(
        n=n, suffix=suffix, voting=voting, needed=voting // 2 + 1, yea=yea, nay=nay, other=other
    )
    return head + members


def votes(rc) -> list[tuple[str, str, int | None]]:
    return [(m.vote, m.name, m.seat) for m in rc.members]


def test_several_members_on_a_line():
    rc = parse_roll_call_text(doc("Y 1 ABBOTT Y 2 SIMMONS, C. N 3 SIMMONS, D. A 4 BELL\n", 2, 1, 1))
    assert votes(rc) == [
        ("yea", "ABBOTT", 1),
        ("yea", "SIMMONS, C.", 2),
        ("nay", "SIMMONS, D.", 3),
        ("absent", "BELL", 4),
    ]
    assert rc.problems == [] and totals_problems(rc) == [] and complete(rc)
    assert (rc.yea, rc.nay, rc.absent_not_voting, rc.needed, rc.needed_for) == (
        2,
        1,
        1,
        2,
        "Passage",
    )
    assert rc.taken_on == "5/29" and rc.bill_text == "H.B. No. 7017"
    assert rc.heading == "House Roll Call Vote 276"


def test_letter_seat_and_name_each_on_its_own_line():
    # pypdf puts each drawn string of a column layout on its own line
    rc = parse_roll_call_text(
        doc("Y\n101\nMCCARTHY VAHEY\nX\n7\nMorrin Bello\nN\nBERGER-GIRVALO\n", 1, 1, 1)
    )
    assert votes(rc) == [
        ("yea", "MCCARTHY VAHEY", 101),
        ("not_voting", "Morrin Bello", 7),
        ("nay", "BERGER-GIRVALO", None),
    ]
    assert rc.problems == [] and complete(rc)


def test_leader_dots_and_adoption():
    text = (
        "Senate Roll Call Vote 12\nTaken on 3/4 ON SENATE AMENDMENT SCHEDULE A\n"
        "Necessary for Adoption ........ 19\nThose voting Yea ............... 2\n"
        "Those voting Nay .............  0\nThose absent and not voting ....  0\n"
        "Y  ASHBY          Y  BRAMFORD\n"
    )
    rc = parse_roll_call_text(text)
    assert (rc.needed, rc.needed_for, rc.yea, rc.nay, rc.absent_not_voting) == (
        19,
        "Adoption",
        2,
        0,
        0,
    )
    assert rc.motion == "ON SENATE AMENDMENT SCHEDULE A"
    assert [m.name for m in rc.members] == ["ASHBY", "BRAMFORD"] and complete(rc)


def test_emergency_certification_is_not_a_voter():
    """docs/cga-site.md, "Roll calls", pitfalls: the Y ending EMERGENCY once read as a yea by
    a member named CERTIFICATION.  Here the heading repeats as a running header amid the
    member lines, and once the words are split over two lines."""
    members = (
        "Y 1 ABBOTT Y 2 BAKER\n"
        "House of Representatives House Roll Call Vote 190 EMERGENCY CERTIFICATION   2 of 2\n"
        "N 3 CARTER\n"
    )
    rc = parse_roll_call_text(doc(members, 2, 1, 0, n=190, suffix=" EMERGENCY CERTIFICATION"))
    assert rc.heading == "House Roll Call Vote 190 EMERGENCY CERTIFICATION"
    assert "CERTIFICATION" not in {m.name for m in rc.members}
    assert len(rc.members) == 3 and rc.problems == [] and complete(rc)
    split = parse_roll_call_text(doc("Y 1 ABBOTT EMERGENCY\nCERTIFICATION\n", 1, 0, 0))
    assert [m.name for m in split.members] == ["ABBOTT EMERGENCY"]
    assert any("CERTIFICATION" in p for p in split.problems)  # reported, never a vote


def test_vacant_seats_are_no_votes():
    rc = parse_roll_call_text(doc("Y 1 ABBOTT 2 VACANT X 3 VACANT\nN 4 CARTER\nVACANT\n", 1, 1, 0))
    assert rc.vacant == 3 and votes(rc) == [("yea", "ABBOTT", 1), ("nay", "CARTER", 4)]
    assert rc.problems == [] and complete(rc)


def test_an_initial_after_a_comma_is_not_a_vote_letter():
    rc = parse_roll_call_text(doc("Y SIMMONS, C Y SIMMONS, D\n", 2, 0, 0))
    assert [m.name for m in rc.members] == ["SIMMONS, C", "SIMMONS, D"] and complete(rc)


def test_unknown_letter_and_lines_that_do_not_parse_are_problems_not_guesses():
    rc = parse_roll_call_text(doc("Y 1 ABBOTT P 2 BAKER\nN 3 C4RTER\nDAVIS\nY\n", 2, 1, 1))
    assert votes(rc) == [("yea", "ABBOTT", 1)]
    assert "unknown vote letter 'P' for BAKER" in rc.problems
    assert any("'N C4RTER'" in p for p in rc.problems)
    assert any("'DAVIS' (no vote letter)" in p for p in rc.problems)
    assert "vote letter 'Y' with no name" in rc.problems
    assert not complete(rc)
    assert totals_problems(rc) == [
        "1 yea member lines, but the document prints 2 (1 fewer)",
        "0 nay member lines, but the document prints 1 (1 fewer)",
        "0 absent and not voting member lines, but the document prints 1 (1 fewer)",
    ]


def test_many_problems_are_capped():
    rc = parse_roll_call_text(doc("".join(f"JUNK{i}\n" for i in range(30)), 0, 0, 0))
    assert len(rc.problems) == 9 and rc.problems[-1] == "… and 22 more"


def test_missing_totals_are_reported():
    rc = parse_roll_call_text("House Roll Call Vote 5\nTaken on 4/1\nY ABBOTT\n")
    assert votes(rc) == [("yea", "ABBOTT", None)]
    assert totals_problems(rc) == [
        "no printed yea total",
        "no printed nay total",
        "no printed absent and not voting total",
    ]
    assert not complete(rc)


def test_printed_totals_that_disagree_with_each_other():
    text = doc("Y ABBOTT\n", 1, 0, 0).replace("Total Number Voting 1", "Total Number Voting 3")
    assert "printed yea 1 + nay 0 is not the printed total voting 3" in totals_problems(
        parse_roll_call_text(text)
    )


def test_a_budget_address_is_not_a_roll_call():
    with pytest.raises(NotARollCall, match="BUDGET ADDRESS"):
        parse_roll_call_text("STATE OF CONNECTICUT\nBUDGET ADDRESS\nJoint Convention\n")
    with pytest.raises(ValueError, match="scanned"):
        parse_roll_call_pages(["", "  "])


HOUSE_TABLE = """<html><body><p>House Roll Call Vote 123</p><p>Taken on 4/20</p>
<table><tr><td>Those voting Yea</td><td>2</td></tr><tr><td>Those voting Nay</td><td>1</td></tr>
<tr><td>Those absent and not voting</td><td>1</td></tr>
<tr><td>Necessary for Passage</td><td>2</td></tr></table>
<table>
<tr><td><font>Y</font></td><td>1</td><td><font>ABBOTT</font></td><td>&nbsp;</td>
    <td>N</td><td>2</td><td>MCCARTHY VAHEY</td><td>&nbsp;</td>
    <td>&nbsp;</td><td>3</td><td>VACANT</td><td>&nbsp;</td>
    <td><span>X</span></td><td>4</td><td>Morrin Bello</td><td>&nbsp;</td></tr>
<tr><td>Y</td><td>5</td><td>SIMMONS, C.</td><td>&nbsp;</td></tr>
</table></body></html>"""


def test_html_table_layout():
    rc = parse_roll_call_html(HOUSE_TABLE)
    assert rc.layout == "html_table"
    assert votes(rc) == [
        ("yea", "ABBOTT", 1),
        ("nay", "MCCARTHY VAHEY", 2),
        ("not_voting", "Morrin Bello", 4),
        ("yea", "SIMMONS, C.", 5),
    ]
    assert rc.vacant == 1 and rc.problems == [] and complete(rc)
    assert (rc.heading, rc.taken_on, rc.needed) == ("House Roll Call Vote 123", "4/20", 2)


def test_html_table_with_a_bad_cell():
    rc = parse_roll_call_html(HOUSE_TABLE.replace("<td>Y</td><td>5</td>", "<td>Q</td><td>5</td>"))
    assert "unknown vote letter 'Q' for SIMMONS, C." in rc.problems and not complete(rc)


def test_pre_layout():
    html = (
        "<html><body><pre>\n          Senate\n  Senate Roll Call Vote 301\n Taken on 5/3\n"
        " Necessary for Passage .... 2\n Those voting Yea .... 2\n Those voting Nay .... 1\n"
        " Those absent and not voting .... 0\n The following is the roll call vote:\n"
        " Y  ASHBY-NETTLE        N  PE\u00d1AFIELD\n Y  O'LARKIN\n</pre></body></html>"
    )
    rc = parse_roll_call_html(html)
    assert rc.layout == "html_pre"
    assert votes(rc) == [
        ("yea", "ASHBY-NETTLE", None),
        ("nay", "PE\u00d1AFIELD", None),
        ("yea", "O'LARKIN", None),
    ]
    assert complete(rc)


def test_html_that_is_no_roll_call():
    with pytest.raises(NotARollCall):
        parse_roll_call_html("<html><body><p>Nothing here</p></body></html>")


def _sample_documents() -> list[Path]:
    return sorted(p for p in SAMPLE.glob("20*/VOTE/**/*") if p.suffix.lower() in (".pdf", ".htm"))


def _read(path: Path):
    if path.suffix.lower() == ".pdf":
        return parse_roll_call_pages([p.extract_text() for p in pypdf.PdfReader(path).pages])
    return parse_roll_call_html(path.read_bytes().decode("cp1252"))


@pytest.mark.parametrize("path", _sample_documents(), ids=lambda p: p.name)
def test_every_sample_document_adds_up_but_the_deliberate_one(path):
    if "HB06105" in path.name:  # the budget address
        with pytest.raises(NotARollCall, match="BUDGET ADDRESS"):
            _read(path)
        return
    rc = _read(path)
    assert rc.problems == []
    if "SV-00310" in path.name:
        assert totals_problems(rc) == [
            "32 yea member lines, but the document prints 33 (1 fewer)",
            "2 absent and not voting member lines, but the document prints 1 (1 more)",
        ]
        return
    assert totals_problems(rc) == [] and complete(rc), path.name
    seats = 151 if "HV-" in path.name else 36
    assert len(rc.members) + rc.vacant == seats
