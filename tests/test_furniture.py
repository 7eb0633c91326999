"""cga/furniture.py: the one set of furniture rules, each tested with real-shaped inputs."""

from __future__ import annotations

import random
import re

import pytest

from cga import furniture
from cga.redline import tokens

MONTHS = tokens._MONTHS.split("|")

PIECES = [
    "General Assembly",
    "Raised Bill No. 949",
    "Proposed Senate Bill No. 12",
    "Governor's Bill No. 6001",
    "Substitute House Bill No. 5469",
    "Committee Bill No. 7",
    "Emergency Certified Bill No. 1",
    "House Bill No. 5",
    "Senate Bill No. 5",
    "Bill No. 5",
    "Substitute for Raised H.B. No. 5469",
    "Proposed S. B. No. 22",
    "File No. 394",
    "Public Act No. 16-189",
    *(f"{month} Session, 2016" for month in MONTHS),
    "February Special Session",
    "LCO No. 3515",
    "Page 2 of 14",
    "2 of 14",
    "*03515*",
    "*_____SB00949ED____032315____*",
    "{C:\\Users\\lco\\SB949.docx}",
    "Referred to Committee on EDUCATION",
    "Introduced by: the committee",
    "(ED)",
    "(APP&)",
    "REP. FLEISCHMANN, 18th Dist.",
    "SEN. LOONEY, 11th Dist",
    "Rep. Smith, 2nd Dist.",
    "Sen. Jones, 3rd Dist.",
    "Sample data (second copy)",
    "12",
    "House of Representatives, April 4, 2016",
    "Senate, April 30, 2015",
    "The Committee on Education reported through REP. X of the 18th Dist., that it pass.",
    "ED Joint Favorable Subst.",
    "APP Joint Favorable",
    "FIN Joint Favorable C/R",
    "Approved June 9, 2016",
]


def test_every_piece_is_furniture_and_opens_as_one() -> None:
    for piece in PIECES:
        assert furniture._FURNITURE_LINE.fullmatch(piece), piece
        assert furniture.without_frame([piece, "content."]) == ["content."], piece


@pytest.mark.parametrize("seed", range(20))
def test_lines_of_pieces_are_dropped_exactly_as_by_the_pattern(seed: int) -> None:
    rng = random.Random(seed)
    lines = []
    for _ in range(400):
        roll = rng.random()
        if roll < 0.5:  # furniture, several pieces in a row
            lines.append(
                rng.choice([" ", ", ", "; ", " ,"]).join(
                    rng.choice(PIECES) for _ in range(rng.randint(1, 3))
                )
            )
        elif roll < 0.8:  # a piece with something after it
            lines.append(rng.choice(PIECES) + rng.choice([" x", ".", " (a)", " of the"]))
        else:  # printable noise
            lines.append("".join(rng.choice("aZ(1*{ .,&'S") for _ in range(rng.randint(1, 12))))
    expected = [line for line in lines if not furniture._FURNITURE_LINE.fullmatch(line)]
    assert furniture.without_frame(lines) == expected


def test_openings_cover_every_alternative_of_the_pattern() -> None:
    """Each top-level alternative of the furniture pattern starts with a listed opening."""
    body = furniture._FURNITURE_PIECE.strip()[3:-1]  # inside "(?:" ... ")"
    alternatives = [
        alt.strip() for alt in re.split(r"\n\s*\|", body) if alt.strip() and alt.strip()[0] != "#"
    ]
    assert len(alternatives) >= 20
    for alt in alternatives:
        first = alt.split("\n")[0]
        examples = [p for p in PIECES if re.fullmatch(alt, p, re.VERBOSE)]
        assert examples, first  # every alternative has an example above
        # without_frame never tries lines opening so (section headings)
        assert not any(p.startswith(furniture._NEVER_OPENS) for p in examples), first
        assert not re.sub(r"^(?:\(\?:)+", "", alt).startswith(furniture._NEVER_OPENS), first


# -------------------------------------------------------------- printing furniture, rule by rule

# What pypdf gives for a page of a raised bill (hard-wrapped, margin numbers, running header).
PDF_PAGE = """LCO No. 4041   1 of 2
General Assembly
Raised Bill No. 946
January Session, 2015 LCO No. 4041
*04041*
Referred to Committee on EDUCATION
Introduced by:
(ED)
1 Be it enacted by the Senate and House of Representatives in General
2 Assembly convened:
3 Section 1. (NEW) (Effective July 1, 2015) Each local and regional board
4 of education shall adopt a policy on student data.
{F:\\WordDocs\\2015\\SB946.docx}
LCO No. 4041   2 of 2"""

# What the HTML extractor gives (one paragraph a line, a committee tag line at the end).
HTML_TEXT = """General Assembly
Substitute Bill No. 946
January Session, 2015
*_____SB00946FIN___043015____*
Be it enacted by the Senate and House of Representatives in General Assembly convened:
Section 1. (NEW) (Effective July 1, 2015) Each board shall adopt a policy."""


def test_page_headers_go_wherever_they_sit():
    assert furniture.strip_inline_line("LCO No. 4041   1 of 2") is None
    assert furniture.strip_inline_line("lco no.4041 Page 2 of 5") is None
    text = furniture.strip_inline_text("convened: LCO No. 4041 2 of 5 Section 1.")
    assert " ".join(text.split()) == "convened: Section 1."
    assert furniture.strip_inline_line("LCO No. 4041") == "LCO No. 4041"  # the heading: frame


def _strip_inline_spelling_by_spelling(text: str) -> str:
    """strip_inline_text as first written: each spelling of "LCO" looked for on its own."""
    text = furniture._sub_at(furniture.STARRED, "*", text)
    if "\\" in text:
        text = furniture.WORD_PATH.sub(" ", text)
    for spelling in furniture._LCO_SPELLINGS:
        if spelling in text:
            text = furniture._sub_at(furniture.PAGE_HEADER, spelling, text)
    return text


@pytest.mark.parametrize(
    "text",
    [
        "convened: LCO No. 4041 2 of 5 Section 1. lco no. 4041 3 of 5 alcohol Lco No.1 4 of 5",
        "lco No. 5 LCO No. 7 1 of 2 1 of 3",  # replacing the LCO header makes an lco one
        "Lco No. 5 lco No. 7 1 of 2 1 of 3 *04041* welcome",
        "İstanbul LCO No. 4041 1 of 2 lco No. 4041 2 of 2",  # "İ" lowers to two characters
        "LCO No. 4041 (the heading) Lco lCO LcO no. 3 1 of 1",
        "",
        "no page header at all",
    ],
)
def test_page_headers_found_in_one_scan_as_spelling_by_spelling(text: str) -> None:
    assert furniture.strip_inline_text(text) == _strip_inline_spelling_by_spelling(text)


def test_trailing_number_found_from_the_end_as_by_a_full_search() -> None:
    rng = random.Random(5)
    pieces = ["12", "12345", "123456", "١٢", "x", "7,500", " ", "   ", "\t", "\xa0", "(3)", "of"]
    lines = ["", "5", " 5 ", "text" + " " * 40 + "12", "text 12" + " " * 30]
    lines += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))) for _ in range(3000)]
    for line in lines:
        expected = furniture._TRAIL_NUMBER_RE.search(line)
        found = furniture._trailing_number(line)
        assert (found and (found.span(), found[1])) == (expected and (expected.span(), expected[1]))


def test_barcodes_committee_tags_and_word_paths_are_printing_furniture():
    for piece in ("*04041*", "*_____SB00946FIN___043015____*", "{F:\\WordDocs\\SB946.docx}"):
        assert furniture.strip_inline_line(piece) is None, piece
        assert furniture.strip_inline_line(f"Section 1. {piece}") == "Section 1.  ", piece
    assert furniture.strip_inline_line("a $5* rate") == "a $5* rate"  # a lone star stays
    assert furniture.strip_inline_line("{{inserted}}") == "{{inserted}}"  # the notation stays


def test_page_counters_need_a_recurring_total():
    lines = ["Public Act No. 15-34 1 of 3", "text", "Public Act No. 15-34 2 of 3", "more"]
    assert furniture.page_counter_lines(lines) == {0, 2}
    assert furniture.page_counter_lines(["It passed 3 of 5 times.", "text"]) == set()


def test_the_extractor_keeps_the_frame_and_drops_the_printing():
    kept = furniture.strip_printing(PDF_PAGE.split("\n"))
    assert kept[:4] == [
        "General Assembly",
        "Raised Bill No. 946",
        "January Session, 2015 LCO No. 4041",
        "Referred to Committee on EDUCATION",
    ]
    joined = "\n".join(kept)
    for gone in ("1 of 2", "2 of 2", "*04041*", "WordDocs", "\n1 Be it", "\n3 Section"):
        assert gone not in "\n" + joined, gone
    assert "Section 1. (NEW) (Effective July 1, 2015) Each local" in joined


def test_line_numbers_in_paragraphs_joined_back_from_a_pdf():
    words = [
        "Each",
        "local",
        "and",
        "regional",
        "board",
        "of",
        "education",
        "shall",
        "adopt",
        "a",
        "policy",
    ]
    numbered = " ".join(f"{n} {w}" for n, w in enumerate(words * 2, 1))
    assert furniture.strip_line_numbers([numbered]) == [" ".join(words * 2)]
    prose = ["within 30 days of section 1 and section 2", "of the 2015 supplement"]
    assert furniture.strip_line_numbers(prose) == prose


def test_comparisons_drop_the_frame_report_heading_closing_vote_and_approval():
    lines = [
        *HTML_TEXT.split("\n"),
        "House of Representatives, April 4, 2016",
        "The Committee on Education reported through REP. X of the 18th Dist., that it pass.",
        "ED Joint Favorable Subst.",
        "Approved June 9, 2016",
    ]
    cleaned = [furniture.strip_inline_text(line).strip() for line in lines]
    kept = furniture.without_frame([line for line in cleaned if line])
    assert kept == [
        "Be it enacted by the Senate and House of Representatives in General Assembly convened:",
        "Section 1. (NEW) (Effective July 1, 2015) Each board shall adopt a policy.",
    ]


def test_the_legend_is_frame_even_wrapped_over_two_lines():
    legend = [
        "[Proposed deletions are enclosed in brackets. Proposed additions are indicated by",
        "underline, except that when the entire text of a bill or resolution or a section of "
        "a bill or resolution is new, it is not underlined.]",
    ]
    assert furniture.without_legend(["Section 1. Text.", *legend]) == ["Section 1. Text."]
