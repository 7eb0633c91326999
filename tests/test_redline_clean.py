"""cga/redline/clean.py: the shortcut that spares content lines the furniture pattern."""

from __future__ import annotations

import random
import re

import pytest

from cga.redline import clean, tokens

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
        assert clean._FURNITURE_LINE.fullmatch(piece), piece
        assert clean._without_furniture([piece, "content."]) == ["content."], piece


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
    expected = [line for line in lines if not clean._FURNITURE_LINE.fullmatch(line)]
    assert clean._without_furniture(lines) == expected


def test_openings_cover_every_alternative_of_the_pattern() -> None:
    """Each top-level alternative of the furniture pattern starts with a listed opening."""
    body = clean._FURNITURE_PIECE.strip()[3:-1]  # inside "(?:" ... ")"
    alternatives = [
        alt.strip() for alt in re.split(r"\n\s*\|", body) if alt.strip() and alt.strip()[0] != "#"
    ]
    assert len(alternatives) >= 20
    for alt in alternatives:
        first = alt.split("\n")[0]
        examples = [p for p in PIECES if re.fullmatch(alt, p, re.VERBOSE)]
        assert examples, first  # every alternative has an example above
