"""Canonical bill ids and every cga.ct.gov URL form, built in one place.

billwatch names a bill ``2015-HB-7017`` (session, type, unpadded number) everywhere.
CGA spells the same bill ``HB07017`` (bulk CSVs), ``HB-07017`` (testimony listing,
JFRs) and ``bill_num=7017`` (status page).  ``split_bill_id`` accepts any of those
spellings; ``build_bill_id`` and the ``cga_*`` functions derive the others, so no
other module pads, strips or re-spells a bill number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

CANONICAL_ORIGIN = "https://www.cga.ct.gov"
DEFAULT_BULK_URL = "ftp://ftp.cga.ct.gov/pub/data/"
# Hosts that serve the same paths as www.cga.ct.gov (REFERENCE.md §1).
CGA_HOSTS = frozenset({"www.cga.ct.gov", "cga.ct.gov", "prdext3.cga.ct.gov"})

# HB/SB bills, HJ/SJ joint resolutions, HR/SR resolutions (REFERENCE.md §2-3).
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


def status_path(bill: BillId) -> str:
    query = urlencode(
        {"selBillType": "Bill", "which_year": bill.session, "bill_num": cga_status_num(bill)}
    )
    return f"/asp/cgabillstatus/cgabillstatus.asp?{query}"


def testimony_path(bill: BillId) -> str:
    query = urlencode({"bill": cga_dashed(bill), "doc_year": bill.session})
    return f"/asp/menu/CommDocTmyBillAllComm.asp?{query}"


@lru_cache(maxsize=65536)
def status_url(bill: BillId) -> str:
    return CANONICAL_ORIGIN + status_path(bill)


# --------------------------------------------------------------------------- URLs


def canonical_url(url: str, base: str = CANONICAL_ORIGIN) -> str:
    """The stored form of a site URL: https://www.cga.ct.gov + path, whatever host served it.

    ``base`` is where the page that linked ``url`` was fetched from, so relative
    links resolve, and links into the offline copy (its host) map back to the real
    site.  Other hosts (search.cga.state.ct.us) are kept as they are.  Percent-
    encoding is normalised so ``%20`` and a space are one document.
    """
    absolute = urljoin(base, url.strip())
    parts = urlsplit(absolute)
    base_host = urlsplit(base).netloc.lower()
    host = parts.netloc.lower()
    if host in CGA_HOSTS or host == base_host:
        scheme, host = "https", "www.cga.ct.gov"
    else:
        scheme = parts.scheme
    # Bytes that are not UTF-8 (a Windows-1252 %F1) survive the round trip unchanged.
    path = quote(
        unquote(parts.path, errors="surrogateescape"),
        safe="/,-_.~'()!*:@&=+$;",
        errors="surrogateescape",
    )
    return urlunsplit((scheme, host, path, parts.query, ""))


def url_key(url: str) -> str:
    """Identity of a canonical URL: paths on cga.ct.gov are case-insensitive (IIS)."""
    parts = urlsplit(url)
    if parts.netloc == "www.cga.ct.gov":
        return urlunsplit((parts.scheme, parts.netloc, parts.path.lower(), parts.query, ""))
    return url


def request_url(canonical: str, base_url: str) -> str:
    """Where to fetch a canonical URL: the same path on ``base_url`` (live site or copy)."""
    parts = urlsplit(canonical)
    if parts.netloc != "www.cga.ct.gov":
        return canonical
    base = urlsplit(base_url.rstrip("/"))
    return urlunsplit((base.scheme, base.netloc, base.path + parts.path, parts.query, ""))


def bulk_canonical(base_url: str | None, name: str) -> str:
    """Stored URL of the bulk CSV ``name``: FTP on the real site; with ``--base-url`` a copy
    serves it at ``URL/pub/data/``, stored as https://www.cga.ct.gov/pub/data/ (the
    copy's host and port never reach the database, so validators survive a new port)."""
    if not base_url or base_url.rstrip("/") == CANONICAL_ORIGIN:
        return DEFAULT_BULK_URL + name
    return f"{CANONICAL_ORIGIN}/pub/data/{name}"
