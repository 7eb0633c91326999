"""LegislatorDatabase.csv into records (spiders/legislators.py): the sample file with its quirks,
and broken files: a missing column, unreadable rows, a file with nobody in it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from cga.records import PageError
from spiders.legislators import COLUMNS, clean_url, parse_legislators

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample-site" / "pub" / "data"
HEADERS = [("URL" if c == "url" else c) for c in COLUMNS]


def csv_bytes(rows: list[list[str]], headers: list[str] = HEADERS, encoding="utf-8") -> bytes:
    buf = io.StringIO(newline="")
    csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows([headers, *rows])
    return buf.getvalue().encode(encoding)


def row(**values: str) -> list[str]:
    base = dict.fromkeys(HEADERS, "")
    base.update(
        {
            "dist": "106",
            "office code": "H",
            "district number": "106",
            "first name": "Mitchell",
            "last name": "Bolinsky",
            "commonly used name": "Mitch",
            "capitol street address": "Legislative Office Building",
            "capitol city": "Hartford",
            "room number": "4000",
            "capitol phone": "860-240-8700",
            "party": "Republican",
            "email": "Mitch.Bolinsky@cga.ct.gov",
            "URL": "http:\\\\www.cga.ct.gov\\hro\\bolinsky",
            "committee codes": ";ED;APP;ED;",
        }
    )
    base.update(values)
    return [base[h] for h in HEADERS]


def test_the_sample_file():
    members, problems = parse_legislators((SAMPLE / "LegislatorDatabase.csv").read_bytes())
    assert problems == []
    assert len(members) == 187
    assert sum(m.chamber == "house" for m in members) == 151
    assert {m.district for m in members if m.chamber == "senate"} == set(range(1, 37))
    by_id = {m.id: m for m in members}
    assert by_id["H101-penafield"].last_name == "Pe\u00f1afield"  # a cp1252 byte in the file
    assert {"H12-marrowby", "H88-marrowby", "S5-marrowby", "H53-della-thornwick"} <= set(by_id)
    carla = by_id["H12-marrowby"]
    assert carla.email == "Carla.Marrowby@cga.ct.gov"
    assert carla.url == "http://www.cga.ct.gov/sample/members/H012.asp"  # backslashes
    assert carla.committees and all(c.isupper() for c in carla.committees)
    form = next(m for m in members if m.district % 17 == 0)
    assert form.email is None and form.url and form.url.startswith("http://www.cga.ct.gov/")
    assert "sample" not in {m.party for m in members}
    assert "Kestrelmore" not in {m.last_name for m in members}  # left mid-session


def test_fields():
    [m], problems = parse_legislators(csv_bytes([row(**{"middle initial": "J"})]))
    assert problems == []
    assert (m.id, m.name, m.first_name, m.chamber, m.district) == (
        "H106-bolinsky",
        "Mitch J. Bolinsky",
        "Mitchell",
        "house",
        106,
    )
    assert m.office == "Legislative Office Building, Room 4000, Hartford"
    assert m.phone == "860-240-8700" and m.committees == ["ED", "APP"]
    assert m.url == "http://www.cga.ct.gov/hro/bolinsky"


def test_senate_by_the_other_column_and_a_padded_dist():
    [m], _ = parse_legislators(
        csv_bytes(
            [
                row(
                    **{
                        "office code": "",
                        "senator/representative": "Senator",
                        "district number": "",
                        "dist": "026",
                        "last name": "Boucher",
                    }
                )
            ]
        )
    )
    assert m.id == "S26-boucher"


def test_a_contact_form_instead_of_an_email():
    [m], problems = parse_legislators(csv_bytes([row(email="https://www.cga.ct.gov/form?m=1")]))
    assert m.email is None and m.url == "https://www.cga.ct.gov/form?m=1" and problems == []
    [m], problems = parse_legislators(csv_bytes([row(email="not an address")]))
    assert m.email is None and "neither an address nor a URL" in problems[0].what


def test_a_missing_optional_column_is_named_and_the_rest_stored():
    headers = [h for h in HEADERS if h not in ("email", "party")]
    data = row()
    values = [v for h, v in zip(HEADERS, data, strict=True) if h not in ("email", "party")]
    members, problems = parse_legislators(csv_bytes([values], headers))
    assert len(members) == 1 and members[0].email is None and members[0].party is None
    assert len(problems) == 1 and "missing column(s) party, email" in problems[0].what


@pytest.mark.parametrize(
    ("drop", "message"),
    [
        ("last name", r"missing column\(s\) last name"),
        ("office code", "no column says the chamber"),
        ("district number", "no column says the district"),
    ],
)
def test_without_a_naming_column_the_file_is_an_error(drop, message):
    drops = {drop} | ({"senator/representative"} if drop == "office code" else set())
    drops |= {"dist"} if drop == "district number" else set()
    headers = [h for h in HEADERS if h not in drops]
    values = [v for h, v in zip(HEADERS, row(), strict=True) if h not in drops]
    with pytest.raises(PageError, match=message):
        parse_legislators(csv_bytes([values], headers))


def test_unreadable_rows_are_named_the_others_kept():
    rows = [
        row(),
        row(**{"district number": "", "dist": ""}),
        row(**{"district number": "152", "last name": "Toomany"}),
        row(**{"office code": "Q"}),
        row(),  # the same member twice
        row(**{"last name": "Lavielle", "district number": "143"}),
    ]
    members, problems = parse_legislators(csv_bytes(rows))
    assert [m.id for m in members] == ["H106-bolinsky", "H143-lavielle"]
    assert [p.where for p in problems] == [
        "LegislatorDatabase.csv line 3",
        "LegislatorDatabase.csv line 4",
        "LegislatorDatabase.csv line 5",
        "LegislatorDatabase.csv line 6",
    ]
    assert "no district" in problems[0].what and "between 1 and 151" in problems[1].what
    assert "no chamber" in problems[2].what and "listed already (line 2)" in problems[3].what


def test_a_file_with_nobody_is_an_error():
    with pytest.raises(PageError, match="no member in the file"):
        parse_legislators(csv_bytes([]))
    with pytest.raises(PageError, match="no member could be read"):
        parse_legislators(csv_bytes([row(**{"last name": ""})]))
    with pytest.raises(PageError, match="empty file"):
        parse_legislators(b"")


def test_windows_1252():
    [m], _ = parse_legislators(csv_bytes([row(**{"last name": "Pe\u00f1a"})], encoding="cp1252"))
    assert m.last_name == "Pe\u00f1a" and m.id == "H106-pena"


def test_clean_url():
    assert clean_url("http:\\\\www.cga.ct.gov\\a\\b") == "http://www.cga.ct.gov/a/b"
    assert clean_url("www.cga.ct.gov/x") == "https://www.cga.ct.gov/x"
    assert clean_url("  ") is None
