"""cga.statutes: statute references read from a bill's own clauses, and statute order."""

from __future__ import annotations

import pytest

from cga.statutes import (
    StatuteRef,
    act_sort_key,
    act_year,
    formula_free,
    section_sort_key,
    statute_refs,
)


def refs(text: str) -> list[tuple]:
    return [
        (r.bill_section, r.section, r.section_end, r.public_act, r.action)
        for r in statute_refs(text)
    ]


# (opening clause after "Sec. 2. ", expected (section, section_end, public_act, action) rows)
CLAUSES = [
    (
        "Section 10-234bb of the general statutes is repealed and the following is "
        "substituted in lieu thereof (Effective October 1, 2016):",
        [("10-234bb", None, None, "amends")],
    ),
    (
        "Subsection (a) of section 10-234dd of the general statutes is repealed and the "
        "following is substituted in lieu thereof (Effective July 1, 2017):",
        [("10-234dd", None, None, "amends")],
    ),
    (
        "Section 22a-245 of the 2026 supplement to the general statutes is repealed and the "
        "following is substituted in lieu thereof (Effective from passage):",
        [("22a-245", None, None, "amends")],
    ),
    (
        "Section 10-234bb of the general statutes is amended by adding subsection (g) as "
        "follows (Effective July 1, 2018):",
        [("10-234bb", None, None, "amends")],
    ),
    (
        "Sections 20-324g and 42-103b to 42-103m, inclusive, of the general statutes are "
        "repealed. (Effective July 1, 2018)",
        [("20-324g", None, None, "repeals"), ("42-103b", "42-103m", None, "repeals")],
    ),
    ("Section 1-1z of the general statutes is repealed.", [("1-1z", None, None, "repeals")]),
    (
        "Section 140 of public act 25-168 is repealed and the following is substituted in "
        "lieu thereof (Effective from passage):",
        [("140", None, "25-168", "amends")],
    ),
    (
        "Sections 1 and 3 of public act 16-189 are repealed. (Effective July 1, 2017)",
        [("1", None, "16-189", "repeals"), ("3", None, "16-189", "repeals")],
    ),
    (
        "Section 10-234aa of the general statutes, as amended by section 54 of public act "
        "26-8, is repealed and the following is substituted in lieu thereof (Effective "
        "July 1, 2026):",
        [("10-234aa", None, None, "amends"), ("54", None, "26-8", "amends")],
    ),
    (
        "Sections 10-4a, 10-220 and 10-223e of the general statutes are repealed and the "
        "following is substituted in lieu thereof (Effective July 1, 2019):",
        [
            ("10-4a", None, None, "amends"),
            ("10-220", None, None, "amends"),
            ("10-223e", None, None, "amends"),
        ],
    ),
    (
        "(NEW) (Effective October 1, 2015) An operator shall not sell data.",
        [(None,) * 3 + ("adds",)],
    ),
    (
        "(NEW) (Effective July 1, 2017) As defined in section 10-234aa of the general "
        "statutes and section 2 of public act 16-189.",
        [
            (None, None, None, "adds"),
            ("10-234aa", None, None, "cites"),
            ("2", None, "16-189", "cites"),
        ],
    ),
    # Unreadable or unknown verbs: cites, never a wrong section.
    (
        "Section 10-234bb of the general statutes is hereby modified as follows:",
        [("10-234bb", None, None, "cites")],
    ),
    ("(Effective July 1, 2017) The 2015-2016 school year and a 10-15 score.", []),
    ("(Effective July 1, 2017) Section 3 of this act and sections 2 to 5 of this act.", []),
    ("(Effective July 1, 2017) See section 10-145d-400 of the regulations.", []),
    ("(Effective July 1, 2017) Within 10 days under section 3 of the law.", []),
]


@pytest.mark.parametrize(("clause", "expected"), CLAUSES)
def test_opening_clauses(clause: str, expected: list[tuple]):
    got = [row[1:] for row in refs(f"Sec. 2. {clause}")]
    assert got == expected
    assert all(row[0] == "2" for row in refs(f"Sec. 2. {clause}"))


def test_deleted_references_are_dropped_and_inserted_ones_kept():
    text = (
        "Section 1. (NEW) (Effective July 1, 2017) A board shall, under [section 10-15b of "
        "the general statutes] {{section 10-15c of the general statutes}}, keep records."
    )
    assert refs(text) == [
        ("1", None, None, None, "adds"),
        ("1", "10-15c", None, None, "cites"),
    ]


def test_body_mentions_are_cites_once_per_bill_section():
    text = (
        "Section 1. Section 10-234bb of the general statutes is repealed and the following is "
        "substituted in lieu thereof (Effective July 1, 2017):\n"
        "(a) A contract under section 10-234bb shall name section 10-234aa.\n"
        "(b) Section 10-234aa applies.\n"
        "Sec. 2. (Effective July 1, 2017) A report under section 10-234aa of the general "
        "statutes."
    )
    assert refs(text) == [
        ("1", "10-234bb", None, None, "amends"),
        ("1", "10-234aa", None, None, "cites"),
        ("2", "10-234aa", None, None, "cites"),
    ]


def test_proposed_bills_and_front_matter():
    proposed = (
        "General Assembly\nProposed Bill No. 5233\nJanuary Session, 2017\nLCO No. 1530\n"
        "Referred to Committee on EDUCATION\nIntroduced by:\nREP. SAMPLE, 107th Dist.\n"
        "AN ACT REPEALING THE STUDENT DATA PRIVACY ACT.\n"
        "Be it enacted by the Senate and House of Representatives in General Assembly "
        "convened:\nThat public act 16-189 be repealed.\n"
        "Statement of Purpose: To repeal public act 16-189."
    )
    assert refs(proposed) == [
        (None, None, None, "16-189", "repeals"),
        (None, None, None, "16-189", "cites"),
    ]
    amend = "That section 10-220 of the general statutes be amended to require reports."
    assert refs(amend) == [(None, "10-220", None, None, "amends")]
    act = (
        "Substitute House Bill No. 5444\nPublic Act No. 18-125\nAN ACT CONCERNING REVISIONS.\n"
        "Section 1. Section 10-234bb of the general statutes is amended by adding subsection "
        "(g) as follows (Effective July 1, 2018):\n(g) The commission shall act.\n"
        "Approved June 6, 2018"
    )
    assert refs(act) == [("1", "10-234bb", None, None, "amends")]


def test_amendment_texts_quote_sections():
    text = (
        "Strike section 2 in its entirety and substitute the following in lieu thereof:\n"
        "\u201cSec. 2. (NEW) (Effective October 1, 2015) (a) A board shall contract.\n"
        "In line 61, strike \u201cfive\u201d and insert \u201cten\u201d in lieu thereof"
    )
    assert refs(text) == [("2", None, None, None, "adds")]


def test_empty_and_odd_texts():
    assert statute_refs("") == []
    assert statute_refs("\n\n  \n") == []
    assert statute_refs("Sec. 1.\n") == []
    assert statute_refs("[unbalanced bracket section 10-1 of the general statutes") != [
        StatuteRef(None, "10-1", None, None, "amends")
    ]


SORTED = [
    "1-1",
    "1-1z",
    "1-1aa",
    "1-1zz",
    "1-1aaa",
    "1-2",
    "1a-1",
    "4-52",
    "4a-52a",
    "10-234",
    "10-234z",
    "10-234aa",
    "10-234bb",
    "22a-245",
    "54-1",
]


def test_sections_sort_in_statute_order():
    keys = [section_sort_key(s) for s in SORTED]
    assert all(keys) and keys == sorted(keys)
    assert sorted(reversed(SORTED), key=section_sort_key) == SORTED
    assert section_sort_key("2015") is None and section_sort_key("10-145d-400") is None


def test_public_acts_sort_after_statutes_by_year():
    assert act_year("16-189") == 2016 and act_year("99-1", this_year=2025) == 1999
    keys = [
        section_sort_key("54-1"),
        act_sort_key("99-1", "2"),
        act_sort_key("16-189"),
        act_sort_key("16-189", "1"),
        act_sort_key("16-189", "3"),
        act_sort_key("16-189", "10"),
        act_sort_key("17-2", "1"),
    ]
    assert keys == sorted(keys)
    ref = StatuteRef("1", "3", "5", "16-189", "amends")
    assert ref.sort_key == act_sort_key("16-189", "3")
    assert ref.sort_key_end == act_sort_key("16-189", "5")


def test_formulas_are_blanked():
    text = (
        "Be it enacted by the Senate and House of Representatives in General Assembly "
        "convened: Sec. 2. (NEW) (Effective October 1, 2015) Section 10-1 of the general "
        "statutes is repealed and the following is substituted in lieu thereof (Effective "
        "July 1, 2017): A board shall act."
    )
    words = formula_free(text).split()
    assert words == ["Section", "10-1", ":", "A", "board", "shall", "act."]
