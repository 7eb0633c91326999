"""LegislatorDatabase.csv (docs/cga-site.md, "Legislators") parsed into ``cga.records.Legislator``.

Decoded like the other bulk files (UTF-8, else Windows-1252; ``spiders/bulk.py``), columns
looked up by header name.  Without a column that names a member (last name, chamber,
district) the file is an error (``PageError``); a missing optional column (email, party…)
is a problem naming it and those fields are stored empty; a row that cannot be read is a
problem naming its line, and the other rows are kept.  Quirks handled (others' code):
zero-padded ``dist``, ``office code`` H/S, committee codes as ``;ENV;PH;TRA;``, backslashes
in ``URL``, a contact-form URL where the e-mail address should be.
"""

from __future__ import annotations

import re

from cga.ids import BadLegislatorId, legislator_id
from cga.records import Legislator, PageError, Problem
from cga.urls import LEGISLATOR_FILE

from .bulk import _rows

FILE = LEGISLATOR_FILE
# The 33 headers of the real file (others' code), lower case as ``_rows`` keys them.
COLUMNS = (
    "dist",
    "office code",
    "district number",
    "designator code",
    "first name",
    "middle initial",
    "last name",
    "suffix",
    "commonly used name",
    "home street address",
    "home city",
    "home state",
    "home zip code",
    "home phone",
    "capitol street address",
    "capitol city",
    "capitol phone",
    "room",
    "room number",
    "committees chaired",
    "committees vice chaired",
    "ranking member",
    "committee member1",
    "senator/representative",
    "party",
    "title",
    "gender",
    "business phone",
    "email",
    "fax",
    "prison",
    "url",
    "committee codes",
)
# What the fields billwatch stores are read from; a missing one is reported by name.
USED = (
    "first name",
    "middle initial",
    "suffix",
    "commonly used name",
    "capitol street address",
    "capitol city",
    "capitol phone",
    "room number",
    "party",
    "business phone",
    "email",
    "url",
    "committee codes",
)
_CHAMBER = {"H": "house", "S": "senate", "REPRESENTATIVE": "house", "SENATOR": "senate"}


def _chamber(row: dict[str, str]) -> str | None:
    for column in ("office code", "senator/representative"):
        value = row.get(column, "").strip().upper()
        if value in _CHAMBER:
            return _CHAMBER[value]
    return None


def _district(row: dict[str, str]) -> int | None:
    for column in ("district number", "dist"):
        digits = re.sub(r"\D", "", row.get(column, ""))
        if digits:
            return int(digits)
    return None


def clean_url(value: str) -> str | None:
    """``http:\\\\www.cga.ct.gov\\hdo`` → ``http://www.cga.ct.gov/hdo``; None if empty."""
    url = value.strip().replace("\\", "/")
    if not url:
        return None
    url = re.sub(r"^(https?):/*", r"\1://", url, flags=re.IGNORECASE)
    if not re.match(r"^https?://", url, re.IGNORECASE):
        url = "https://" + url.lstrip("/")
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{re.sub('/{2,}', '/', rest)}"


def _contact(
    row: dict[str, str], where: str, problems: list[Problem]
) -> tuple[str | None, str | None]:
    """(email, url): the e-mail column holds an address, a contact-form URL or nothing."""
    email = row.get("email", "").strip()
    page = clean_url(row.get("url", ""))
    if not email:
        return None, page
    if re.match(r"^(https?:|www\.)", email, re.IGNORECASE):
        return None, clean_url(email)  # a contact form: the way to write to the member
    if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        return email, page
    problems.append(Problem(where, f"email {email!r} is neither an address nor a URL"))
    return None, page


def _office(row: dict[str, str]) -> str | None:
    street = row.get("capitol street address", "").strip()
    room = row.get("room number", "").strip()
    city = row.get("capitol city", "").strip()
    parts = [street, f"Room {room}" if room else "", city]
    text = ", ".join(p for p in parts if p)
    return text or None


def _display_name(row: dict[str, str]) -> str:
    first = row.get("commonly used name", "").strip() or row.get("first name", "").strip()
    middle = row.get("middle initial", "").strip()
    if len(middle) == 1 and middle.isalpha():
        middle += "."
    parts = [first, middle, row["last name"].strip(), row.get("suffix", "").strip()]
    return " ".join(p for p in parts if p)


def parse_legislators(body: bytes) -> tuple[list[Legislator], list[Problem]]:
    """Members the file lists, and what could not be read (rows kept wherever possible)."""
    rows = _rows(body, FILE, ("last name",))
    if not rows:
        raise PageError(f"{FILE}: no member in the file")
    present = set(rows[0])
    problems: list[Problem] = []
    if not (present & {"office code", "senator/representative"}):
        raise PageError(f"{FILE}: no column says the chamber (office code)")
    if not (present & {"district number", "dist"}):
        raise PageError(f"{FILE}: no column says the district (district number, dist)")
    missing = [c for c in USED if c not in present]
    if missing:
        problems.append(
            Problem(FILE, f"missing column(s) {', '.join(missing)}: those fields are stored empty")
        )
    out: list[Legislator] = []
    seen: dict[str, int] = {}
    for n, row in enumerate(rows, start=2):
        where = f"{FILE} line {n}"
        last = " ".join(row["last name"].split())
        chamber, district = _chamber(row), _district(row)
        if not last or chamber is None or district is None:
            what = (
                "no last name" if not last else "no chamber" if chamber is None else "no district"
            )
            problems.append(Problem(where, f"row skipped: {what}"))
            continue
        try:
            member_id = legislator_id(chamber, district, last)
        except BadLegislatorId as exc:
            problems.append(Problem(where, f"row skipped: {exc}"))
            continue
        if member_id in seen:
            problems.append(
                Problem(
                    where, f"row skipped: {member_id} is listed already (line {seen[member_id]})"
                )
            )
            continue
        seen[member_id] = n
        email, url = _contact(row, where, problems)
        codes = [c.strip().upper() for c in row.get("committee codes", "").split(";")]
        out.append(
            Legislator(
                id=member_id,
                chamber=chamber,
                district=district,
                name=" ".join(_display_name(row).split()),
                first_name=row.get("first name", "").strip() or None,
                last_name=last,
                party=row.get("party", "").strip() or None,
                email=email,
                phone=row.get("capitol phone", "").strip()
                or row.get("business phone", "").strip()
                or None,
                office=_office(row),
                url=url,
                committees=list(dict.fromkeys(c for c in codes if c)),
            )
        )
    if not out:
        raise PageError(f"{FILE}: no member could be read from the file")
    return out, problems
