"""Canonical bill ids: one build/split pair, and CGA's other spellings derived from it.

billwatch names a bill ``2015-HB-7017`` (session, type, unpadded number) everywhere.
CGA spells the same bill ``HB07017`` (bulk CSVs), ``HB-07017`` (testimony listing,
JFRs) and ``bill_num=7017`` (status page); docs/cga-site.md lists where each appears.
``split_bill_id`` accepts any of those spellings; ``build_bill_id`` and the ``cga_*``
functions derive the others, so no other module pads, strips or re-spells a bill number.
URLs built from ids are in ``cga.urls``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# HB/SB bills, HJ/SJ joint resolutions, HR/SR resolutions (docs/cga-site.md, "Bill ids").
BILL_TYPES = ("HB", "SB", "HJ", "SJ", "HR", "SR")

_ID_RE = re.compile(
    r"""^\s*(?:(?P<session>\d{4})\s*[-\s_/]?\s*)?
        (?P<type>[HS][BJR])\s*[-.\s]?\s*(?:No\.?\s*)?
        (?P<number>\d{1,5})\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


class BadBillId(ValueError):
    """A string that is not a bill id in any spelling billwatch knows."""


@dataclass(frozen=True, order=True)
class BillId:
    session: int
    type: str
    number: int

    def __str__(self) -> str:
        return build_bill_id(self.session, self.type, self.number)

    @property
    def chamber(self) -> str:
        return "house" if self.type.startswith("H") else "senate"


@lru_cache(maxsize=65536)
def build_bill_id(session: int, bill_type: str, number: int) -> str:
    bill_type = bill_type.upper()
    if bill_type not in BILL_TYPES:
        raise BadBillId(
            f"unknown bill type {bill_type!r} (expected one of {', '.join(BILL_TYPES)})"
        )
    if not 1900 <= int(session) <= 2999:
        raise BadBillId(f"session {session!r} is not a year")
    if int(number) <= 0:
        raise BadBillId(f"bill number {number!r} must be positive")
    return f"{int(session)}-{bill_type}-{int(number)}"


@lru_cache(maxsize=65536)
def split_bill_id(text: str, session: int | None = None) -> BillId:
    """Parse ``2015-HB-7017``, ``HB07017``, ``HB-07017``, ``H.B. 7017``… into a BillId.

    Spellings without a year (the bulk CSV's ``HB07017``) need ``session``.
    """
    cleaned = text.replace("H.B.", "HB").replace("S.B.", "SB").replace("h.b.", "HB")
    cleaned = cleaned.replace("s.b.", "SB")
    m = _ID_RE.match(cleaned)
    if not m:
        raise BadBillId(f"not a bill id: {text!r} (expected e.g. 2015-HB-7017)")
    year = m.group("session")
    if year is None:
        if session is None:
            raise BadBillId(f"bill id {text!r} has no session year")
        year = session
    bill_type = m.group("type").upper()
    build_bill_id(int(year), bill_type, int(m.group("number")))  # validates
    return BillId(int(year), bill_type, int(m.group("number")))


def cga_padded(bill: BillId) -> str:
    """``HB07017``: the bulk CSV spelling."""
    return f"{bill.type}{bill.number:05d}"


def cga_dashed(bill: BillId) -> str:
    """``HB-07017``: the testimony listing and document-name spelling."""
    return f"{bill.type}-{bill.number:05d}"


def cga_status_num(bill: BillId) -> str:
    """The status page's ``bill_num`` value.

    Bare numbers are the site's own canonical form for bills (House >= 5001, Senate
    below); resolutions need their prefix because their numbers overlap bills'.
    """
    if bill.type in ("HB", "SB"):
        return str(bill.number)
    return f"{bill.type}{bill.number}"


# --------------------------------------------------------------------------- votes, members

# Seats (docs/cga-site.md, "Legislators"): 151 House districts, 36 Senate districts.
DISTRICTS = {"house": 151, "senate": 36}
_CHAMBER_LETTER = {"house": "H", "senate": "S"}
_LETTER_CHAMBER = {"H": "house", "S": "senate"}


def vote_id(session: int, chamber: str, number: int) -> str:
    """``2016-HV-123``: session, the chamber's roll-call letter pair (HV/SV), the number
    (the chamber's roll-call sequence of the session, docs/cga-site.md, "Roll calls")."""
    if chamber not in _CHAMBER_LETTER:
        raise ValueError(f"chamber must be house or senate, not {chamber!r}")
    if int(number) <= 0:
        raise ValueError(f"roll-call number {number!r} must be positive")
    return f"{int(session)}-{_CHAMBER_LETTER[chamber]}V-{int(number)}"


class BadVoteId(ValueError):
    """A string that is not a roll-call id (``2016-HV-123``)."""


_VOTE_ID_RE = re.compile(r"^\s*(\d{4})-([HS])V-0*(\d{1,5})\s*$", re.IGNORECASE)


def split_vote_id(text: str) -> tuple[int, str, int]:
    """``2016-HV-123`` (any case, ``2016-hv-0123``) → (2016, "house", 123); raises
    ``BadVoteId``.  ``vote_id`` builds the canonical spelling back."""
    m = _VOTE_ID_RE.match(text)
    if not m or not 1900 <= int(m.group(1)) <= 2999 or int(m.group(3)) <= 0:
        raise BadVoteId(f"not a roll-call id: {text!r} (expected e.g. 2016-HV-123)")
    return int(m.group(1)), _LETTER_CHAMBER[m.group(2).upper()], int(m.group(3))


class BadLegislatorId(ValueError):
    """A string that is not a legislator id (``H106-bolinsky``)."""


def surname_slug(surname: str) -> str:
    """``McCarthy Vahey`` → ``mccarthy-vahey``, ``O'Dea`` → ``odea``, ``Peña`` → ``pena``."""
    folded = unicodedata.normalize("NFKD", surname).encode("ascii", "ignore").decode()
    folded = re.sub(r"['’`]", "", folded.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    if not slug:
        raise BadLegislatorId(f"surname {surname!r} gives no id")
    return slug


def legislator_id(chamber: str, district: int, surname: str) -> str:
    """``H106-bolinsky``: chamber letter, district, slug of the surname.  Stable for a person
    across sessions while they hold the same seat (docs/cga-site.md, "Legislators")."""
    if chamber not in _CHAMBER_LETTER:
        raise BadLegislatorId(f"chamber must be house or senate, not {chamber!r}")
    if not 1 <= int(district) <= DISTRICTS[chamber]:
        raise BadLegislatorId(
            f"{chamber} district {district!r} is not between 1 and {DISTRICTS[chamber]}"
        )
    return f"{_CHAMBER_LETTER[chamber]}{int(district)}-{surname_slug(surname)}"


_LEGISLATOR_RE = re.compile(r"^\s*([HS])0*(\d{1,3})-([a-z0-9]+(?:-[a-z0-9]+)*)\s*$", re.IGNORECASE)


def split_legislator_id(text: str) -> tuple[str, int, str]:
    """``H106-bolinsky`` (any case, ``H0106``) → ("house", 106, "bolinsky"); raises
    ``BadLegislatorId``.  ``build`` the canonical spelling back with ``legislator_id``."""
    m = _LEGISLATOR_RE.match(text)
    if not m:
        raise BadLegislatorId(f"not a legislator id: {text!r} (expected e.g. H106-bolinsky)")
    chamber = _LETTER_CHAMBER[m.group(1).upper()]
    district = int(m.group(2))
    legislator_id(chamber, district, m.group(3))  # validates the district
    return chamber, district, m.group(3).lower()


def canonical_legislator_id(text: str) -> str:
    chamber, district, slug = split_legislator_id(text)
    return f"{_CHAMBER_LETTER[chamber]}{district}-{slug}"


_LABEL_RE = re.compile(r"\b([HS])\.\s*([BJR])\.\s*(?:No\.\s*)?(\d{1,5})\b")


def bill_from_label(label: str, session: int) -> BillId | None:
    """The bill a status page's header names: ``Substitute for Raised H.B. No. 5469`` (and
    its ``Session Year``) → 2016-HB-5469; None when the label names no bill."""
    m = _LABEL_RE.search(label or "")
    if not m:
        return None
    try:
        return split_bill_id(f"{session}-{m.group(1)}{m.group(2)}-{m.group(3)}")
    except BadBillId:
        return None
