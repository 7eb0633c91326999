"""Typed records that flow between layers: what the spiders produce and the pipelines store.

Parsers return these plain dataclasses (easy to build in tests); the spider yields the two
at the bottom (``BulkItem``, ``BillItem``) as its items, one per transaction the store
makes.  Nothing here knows how a page is fetched or how a row is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .ids import BillId
from .testimony import TestimonyName
from .votes import VoteFile


class PageError(Exception):
    """A page parsed to nothing where something was expected. The message names what."""


class BillNotFound(Exception):
    """The status page says 'Bill not found in Database'."""


@dataclass
class Fetched:
    """Provenance of one response: where it came from, when, and what it hashed to."""

    url: str  # canonical (https://www.cga.ct.gov/...)
    fetched_at: str  # ISO 8601 UTC
    sha256: str
    etag: str | None = None
    last_modified: str | None = None
    size: int | None = None  # bytes of the body
    # Canonical form of the URL that finally answered (after in-scope redirects); the
    # requested ``url`` keys the validators, this is the provenance.
    source_url: str | None = None

    @property
    def origin(self) -> str:
        return self.source_url or self.url


@dataclass
class DocumentLink:
    """One link in a status page's document tables."""

    block: str  # the table's heading cell: "Text of Bill", "Fiscal Notes", ...
    label: str  # "File No. 394", "Raised Bill", "House Schedule A LCO# 7312 (R)"
    url: str  # absolute URL as linked
    alt_urls: list[str] = field(default_factory=list)  # sibling [pdf] / [doc] links


@dataclass
class HistoryRow:
    date: str  # ISO date (Connecticut local)
    code: str | None  # origin code without parentheses: "ED", "LCO", or None
    text: str  # action text, code prefix removed


@dataclass
class StatusPage:
    bill_label: str  # "Substitute for Raised H.B. No. 5001"
    session: int
    title: str
    statement_of_purpose: str | None
    introducers: list[str]
    cosponsors: list[str]
    documents: list[DocumentLink]
    history: list[HistoryRow]
    # What the page should have had but did not (e.g. a truncated page without its
    # history table).  The bill keeps what was read; each problem becomes an errors row.
    problems: list[str] = field(default_factory=list)


@dataclass
class BillText:
    """Clean text of one bill document (the notation: docs/cga-site.md, "Text notation")."""

    text: str
    pages: int | None = None  # PDFs only
    warnings: list[str] = field(default_factory=list)


@dataclass
class VersionFetch:
    """One fetched text version of a bill (document link + what its body held)."""

    kind: str  # text | file_copy | amendment | public_act
    label: str
    url: str  # canonical URL of the document fetched (.htm, or PDF when only a PDF exists)
    document_url: str  # canonical URL of the document row it belongs to
    format: str  # "htm" | "pdf"
    fetched: Fetched
    text: BillText


@dataclass
class TestimonyFetch:
    """One testimony PDF of a bill's listing: its file-name metadata and, when it was
    downloaded in this run, its text.  ``fetched`` is None when the PDF was already
    stored (for this or another bill): it is never downloaded twice."""

    __test__ = False  # not a pytest test class, whatever its name

    url: str  # canonical
    link_text: str
    name: TestimonyName
    fetched: Fetched | None = None
    text: str | None = None  # None: a scan with no text layer (or not downloaded)
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class FetchError:
    url: str  # canonical
    error: str
    # True for a link refused before any request (out of the crawl scope): recorded once,
    # never retried (errors.refused).
    refused: bool = False


@dataclass
class BulkBill:
    """One row of bill_info.csv."""

    bill: BillId
    title: str
    extra: dict[str, str]


@dataclass
class BulkAction:
    """One row of bill_history.csv."""

    bill: BillId
    date: str  # ISO, Connecticut local date
    text: str
    code: str | None


@dataclass
class Problem:
    """A row of a bulk file that could not be read: where, and what was wrong."""

    where: str
    what: str


@dataclass
class BulkItem:
    """Everything read from the bulk CSVs for one session: stored in one transaction."""

    session: int
    source_url: str  # canonical-ish location of bill_info.csv
    fetched: dict[str, Fetched] = field(default_factory=dict)  # by file name; 200s only
    not_modified: list[str] = field(default_factory=list)  # file names answered 304/unchanged
    bills: list[BulkBill] = field(default_factory=list)
    actions: list[BulkAction] = field(default_factory=list)
    committees: list[tuple[str, str]] = field(default_factory=list)
    subjects: list[tuple[BillId, str]] = field(default_factory=list)
    bulk_sha: dict[str, str] = field(default_factory=dict)  # bill id -> hash of its CSV rows
    # LegislatorDatabase.csv: the members it lists, and the session they are members of
    # (the current one: the latest session bill_info.csv lists).
    legislators: list[Legislator] = field(default_factory=list)
    legislators_session: int | None = None
    errors: list[FetchError] = field(default_factory=list)
    ok_urls: list[str] = field(default_factory=list)


@dataclass
class BillItem:
    """One deep-crawled bill: status page, its versions and errors — one transaction."""

    bill_id: str
    status_url: str  # canonical
    topics: dict[str, str] = field(default_factory=dict)  # topic -> what matched
    status: StatusPage | None = None
    fetched: Fetched | None = None
    not_found: bool = False
    versions: list[VersionFetch] = field(default_factory=list)
    not_modified: list[str] = field(default_factory=list)  # canonical URLs answered 304
    testimony_listing: Fetched | None = None  # None: listing not read in this run
    testimony: list[TestimonyFetch] = field(default_factory=list)
    errors: list[FetchError] = field(default_factory=list)
    ok_urls: list[str] = field(default_factory=list)
    # The bill's bulk_sha when it was selected: stored as crawled_bulk_sha with the status
    # page, so a crawl killed before the bill is stored leaves it due for the next run.
    bulk_sha: str | None = None
    # Roll-call documents read in this run (linked from the page or listed in the session's
    # vote folders); None: roll calls were not looked for.
    roll_calls: list[RollCallFetch] | None = None
    # Not selected, only its status page and first text fetched so lineage can compare it
    # with the watched bills (bills.first_text_at; not a deep crawl).
    first_text: bool = False


# --------------------------------------------------------------------------- roll calls


@dataclass
class MemberVote:
    """One member line of a roll call, as printed."""

    name: str  # "SIMMONS, C.", "MCCARTHY VAHEY", "Morrin Bello"
    vote: str  # cga.vocab.VOTE_VALUES
    seat: int | None = None  # the number printed beside the name, if any


@dataclass
class RollCall:
    """What one roll-call document says (docs/cga-site.md, "Roll calls"): its printed
    totals and its member lines, and what could not be read."""

    layout: str  # pdf | html_table | html_pre
    heading: str | None = None  # "House Roll Call Vote 276 AS AMENDED", as printed
    bill_text: str | None = None  # "H.B. No. 7017", as printed
    taken_on: str | None = None  # "5/29": month/day as printed (the year is the session's)
    motion: str | None = None  # words printed after the date, if any
    yea: int | None = None  # printed totals
    nay: int | None = None
    absent_not_voting: int | None = None
    needed: int | None = None
    needed_for: str | None = None  # "Passage" or "Adoption"
    total_voting: int | None = None
    members: list[MemberVote] = field(default_factory=list)
    vacant: int = 0  # seats printed VACANT
    problems: list[str] = field(default_factory=list)


@dataclass
class RollCallFetch:
    """One roll-call document of a bill read in this run: where it was found, what its
    file name says, what was fetched and read; or why it is not a roll call on a bill."""

    url: str  # canonical
    file: VoteFile
    found_on: str  # the status page or vote folder that listed it (canonical)
    label: str | None = None  # the status page's label ("House Roll Call Vote 188 AS AMENDED")
    fetched: Fetched | None = None
    roll_call: RollCall | None = None
    skipped: str | None = None  # why this document is not stored as a vote


@dataclass
class VoteFolderItem:
    """The session's vote folders as listed in this run: one transaction, before the bills
    whose roll calls they list are crawled (each listed file is then pending until a bill's
    transaction stores it)."""

    session: int
    listings: list[Fetched] = field(default_factory=list)
    files: list[tuple[str, str]] = field(default_factory=list)  # (file URL, folder URL)
    not_modified: list[str] = field(default_factory=list)  # folders answered 304
    errors: list[FetchError] = field(default_factory=list)
    ok_urls: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- legislators


@dataclass
class Legislator:
    """One row of LegislatorDatabase.csv (docs/cga-site.md, "Legislators")."""

    id: str  # H106-bolinsky
    chamber: str  # house | senate
    district: int
    name: str  # as commonly written: "Mitch Bolinsky"
    first_name: str | None
    last_name: str
    party: str | None = None
    email: str | None = None
    phone: str | None = None
    office: str | None = None
    url: str | None = None
    committees: list[str] = field(default_factory=list)  # committee codes


# --------------------------------------------------------------------------- committee calendars


@dataclass
class Meeting:
    """One meeting of a committee's events JSON, read by ``cga.meetings``' rules
    (docs/cga-site.md, "Committee calendars")."""

    id: str  # its identity: committee + agenda, else committee + title + date
    committee: str  # code (ED)
    kind: str  # hearing | meeting (cga.vocab.MEETING_KINDS)
    title: str  # without a CANCELLED: prefix
    listed_title: str  # as the calendar lists it
    status: str  # scheduled | cancelled
    start: str  # ISO 8601 with Connecticut's offset, or a date when no time is known
    date: str  # ISO date (Connecticut)
    timed: bool
    building: str | None = None
    room: str | None = None  # the JSON's "location"
    location: str | None = None  # "LOB Room 2E"
    agenda_url: str | None = None  # canonical


@dataclass
class AgendaRead:
    """What a meeting's agenda says: the bills it cites, and what it says of testimony."""

    citations: list[tuple[str, str]] = field(default_factory=list)  # (as printed, bill id)
    deadline: str | None = None  # ISO 8601 with offset (a date when no time is printed)
    deadline_text: str | None = None  # as printed
    email: str | None = None  # a testimony address the agenda states
    printed_time: str | None = None  # "10:00": the meeting's time as the agenda prints it
    # What a reader should know ("the agenda cites no bill", "the agenda prints 1:00 PM;
    # the calendar says 10:00 AM").
    notes: list[str] = field(default_factory=list)


@dataclass
class AgendaFetch:
    """A meeting's agenda in this run: read (``fetched`` and ``read`` set), unchanged
    (``not_modified``), or neither (not due, deferred, out of scope or failed: its
    citations stay as stored)."""

    url: str  # canonical
    fetched: Fetched | None = None
    not_modified: bool = False
    read: AgendaRead | None = None


@dataclass
class CalendarItem:
    """One committee's events JSON and the agendas it links, read in this run: one
    transaction."""

    committee: str
    url: str  # the events JSON, canonical
    fetched: Fetched | None = None  # None: the JSON could not be read (errors say why)
    meetings: list[Meeting] = field(default_factory=list)
    agendas: dict[str, AgendaFetch] = field(default_factory=dict)  # by meeting id
    not_modified: list[str] = field(default_factory=list)  # agenda URLs answered 304
    errors: list[FetchError] = field(default_factory=list)
    ok_urls: list[str] = field(default_factory=list)


@dataclass
class ActLookupItem:
    """The site's answer to a public act looked up by number (docs/cga-site.md, "URL
    patterns"): the bill that became the act, or None when the site holds no such act."""

    public_act: str  # "16-189"
    url: str  # canonical lookup URL
    bill_id: str | None = None
    errors: list[FetchError] = field(default_factory=list)
    ok_urls: list[str] = field(default_factory=list)
