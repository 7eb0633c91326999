"""Every cga.ct.gov URL form billwatch builds or reads, and the one canonical form it stores.

Stored URLs are canonical: ``https://www.cga.ct.gov`` + path, whatever host served them
(the site's three hosts serve the same paths, and a copy of the site on ``--base-url``
maps back to them); ``request_url`` maps a canonical URL to where it is fetched from.
docs/cga-site.md ("Hosts and URLs") says which of these forms are verified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

from .ids import BillId, cga_dashed, cga_status_num

CANONICAL_ORIGIN = "https://www.cga.ct.gov"
DEFAULT_BULK_URL = "ftp://ftp.cga.ct.gov/pub/data/"
# The bulk file of current members, beside the four bill files (docs/cga-site.md, "Legislators").
LEGISLATOR_FILE = "LegislatorDatabase.csv"
# Hosts that serve the same paths as www.cga.ct.gov (docs/cga-site.md, "Hosts and URLs").
CGA_HOSTS = frozenset({"www.cga.ct.gov", "cga.ct.gov", "prdext3.cga.ct.gov"})


@lru_cache(maxsize=65536)  # a session's bulk ingest asks for each bill's twice or more
def status_path(bill: BillId) -> str:
    query = urlencode(
        {"selBillType": "Bill", "which_year": bill.session, "bill_num": cga_status_num(bill)}
    )
    return f"/asp/cgabillstatus/cgabillstatus.asp?{query}"


def public_act_path(year: int, number: int) -> str:
    """The status page looked up by public act (docs/cga-site.md, "URL patterns": seen in
    others' code): the site answers with the page of the bill that became the act."""
    query = urlencode({"selBillType": "Public Act", "which_year": year, "bill_num": number})
    return f"/asp/cgabillstatus/cgabillstatus.asp?{query}"


def testimony_path(bill: BillId) -> str:
    query = urlencode({"bill": cga_dashed(bill), "doc_year": bill.session})
    return f"/asp/menu/CommDocTmyBillAllComm.asp?{query}"


# Committee calendars and testimony (docs/cga-site.md, "Committee calendars").
COMMITTEE_EVENTS_PATH = "/basin/fullcalendar/commevents.php"
TESTIMONY_FORM_PATH = "/aspx/CGATestimonySub/CGAtestimonysubmission.aspx"


def committee_events_url(code: str) -> str:
    """The committee's events JSON (``?comm_code=ED``): its meetings, with agenda links."""
    return f"{CANONICAL_ORIGIN}{COMMITTEE_EVENTS_PATH}?{urlencode({'comm_code': code.upper()})}"


def testimony_form_url(code: str) -> str:
    """The legislature's online testimony submission form for a committee.  The verified
    link spells the code in lower case (``comm_code=app``), so this one does too."""
    return f"{CANONICAL_ORIGIN}{TESTIMONY_FORM_PATH}?{urlencode({'comm_code': code.lower()})}"


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


def decode_path(text: str) -> str:
    """Percent-decode as UTF-8, else as Windows-1252 (IIS-era ``%96`` en dash)."""
    try:
        return unquote(text, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return unquote(text, encoding="cp1252", errors="replace")


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


# --------------------------------------------------------------------------- crawl scope

FTP_HOST = "ftp.cga.ct.gov"
# What the legislature's FTP server holds that billwatch reads: the bulk files and the
# per-session document trees (/2015/tob/h/..., mirroring the web site).
_FTP_PATH_RE = re.compile(r"^/(?:pub/data/|\d{4}/)", re.IGNORECASE)


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or {"http": 80, "https": 443, "ftp": 21}.get(scheme)
    except ValueError:  # a port that is not a number
        port = -1
    return scheme, (parts.hostname or "").lower(), port


def _host_matches(allowed: str, host: str, port: int | None) -> bool:
    name, _, want_port = allowed.lower().partition(":")
    return name == host and (not want_port or want_port == str(port))


@dataclass(frozen=True)
class Scope:
    """Where requests may go (docs/security.md, "What the crawler will and will not fetch").

    Crawling the real site (``base_url`` is ``CANONICAL_ORIGIN``): http(s) on the
    legislature's hosts, and ftp on ``ftp.cga.ct.gov`` for ``pub/data`` and the per-session
    document folders.  Crawling a copy (``--base-url``): that exact origin (scheme, host and
    port) and nothing else.  ``allowed_hosts`` (``--allowed-hosts``) adds http(s) hosts, each
    ``name`` or ``name:port``.  No other scheme is ever fetched (no ``file:``, ``data:``…).
    """

    base_url: str = CANONICAL_ORIGIN
    allowed_hosts: frozenset[str] = frozenset()

    @property
    def live(self) -> bool:
        return self.base_url.rstrip("/") == CANONICAL_ORIGIN

    def refusal(self, url: str) -> str | None:
        """Why a request to ``url`` (as sent, after ``request_url``) must not go out, or None."""
        scheme, host, port = _origin(url)
        if scheme not in ("http", "https", "ftp"):
            return f"the {scheme or 'empty'}: scheme is never fetched"
        if scheme in ("http", "https") and any(
            _host_matches(a, host, port) for a in self.allowed_hosts
        ):
            return None
        if self.live:
            if scheme in ("http", "https") and host in CGA_HOSTS:
                return None
            if scheme == "ftp" and host == FTP_HOST:
                if _FTP_PATH_RE.match(urlsplit(url).path):
                    return None
                return f"ftp://{FTP_HOST} is read only under /pub/data/ and the session folders"
            return f"{host or 'no host'} is not one of the legislature's hosts"
        if _origin(self.base_url) == (scheme, host, port):
            return None
        base = urlsplit(self.base_url)
        return f"{scheme}://{urlsplit(url).netloc} is not the crawled copy {base.scheme}://{base.netloc}"

    def link_refusal(self, canonical: str) -> str | None:
        """Why a canonical URL found on a page must not be fetched, or None."""
        return self.refusal(request_url(canonical, self.base_url))


# A host: a DNS name or an IPv4 address, or an [IPv6] literal, and an optional port.
_HOST = re.compile(
    r"(?P<name>\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)"
    r"(?::(?P<port>[0-9]{1,5}))?"
)


def parse_host(value: str) -> str | None:
    """``Example.ORG:8001`` → ``example.org:8001``; None for anything that is not a host."""
    match = _HOST.fullmatch(value.strip().lower())
    if match is None or (match.group("port") and not 0 < int(match.group("port")) < 65536):
        return None
    return match.group(0)


def parse_allowed_hosts(value: str | None) -> tuple[str, ...]:
    """``--allowed-hosts`` / ``BILLWATCH_ALLOWED_HOSTS``: comma-separated hosts, each with an
    optional port (for ``update``: more hosts to crawl; for ``serve``: Host headers trusted
    for absolute links).  Raises ValueError naming the first entry that is not a host."""
    hosts = []
    for entry in (value or "").split(","):
        if not entry.strip():
            continue
        host = parse_host(entry)
        if host is None:
            raise ValueError(f"{entry.strip()!r} is not a host name (with an optional :port)")
        hosts.append(host)
    return tuple(dict.fromkeys(hosts))
