"""Roll calls as billwatch reads them: file names, the question voted on, the outcome, the
check of member lines against printed totals, and which legislator a printed name is.

Everything here is a rule that reads legislative text (docs/cga-site.md, "Roll calls" and
"Legislators"); parsing documents into records is ``spiders/roll_calls.py``, storing them
``pipelines/votes.py``.  Where the site is known only from other scrapers' code the rules
say what they expected and return None rather than guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol
from urllib.parse import unquote, urlsplit

from .ids import BadBillId, BillId, build_bill_id, vote_id

if TYPE_CHECKING:  # records imports this module
    from .records import MemberVote, RollCall

# --------------------------------------------------------------------------- file names

# /2023/VOTE/H/PDF/2023HV-00188-R00HB05001-HV.PDF (verified pattern); older years
# /2016/VOTE/H/2016HV-00123-R00HB05469-HV.htm (others' code).  Some names carry no bill
# (2025SV-00035-R00-SV.PDF, others' code).
_FILE_RE = re.compile(
    r"^(?P<year>\d{4})(?P<chamber>[HS])V-(?P<number>\d{1,5})-R\d{2}"
    r"(?:(?P<type>[HS][BJR])-?(?P<bill>\d{1,5}))?-(?P<chamber2>[HS])V"
    r"\.(?P<ext>pdf|htm|html)$",
    re.IGNORECASE,
)
_CHAMBERS = {"H": "house", "S": "senate"}


@dataclass(frozen=True)
class VoteFile:
    """What a roll-call document's file name says."""

    name: str  # the file name, decoded
    session: int | None = None
    chamber: str | None = None  # house | senate
    number: int | None = None  # the chamber's roll-call number of the session
    bill: BillId | None = None
    format: str | None = None  # pdf | htm
    problem: str | None = None  # why the name is not a roll call's, if it is not

    @property
    def vote_id(self) -> str | None:
        if self.session is None or self.chamber is None or not self.number:
            return None
        return vote_id(self.session, self.chamber, self.number)


def parse_vote_filename(url: str) -> VoteFile:
    """The session, chamber, number and bill a roll-call file name carries."""
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    m = _FILE_RE.match(name)
    if m is None:
        return VoteFile(name, problem=f"file name {name!r} is not a roll call's")
    if m.group("chamber").upper() != m.group("chamber2").upper():
        return VoteFile(name, problem=f"file name {name!r} names two chambers")
    session = int(m.group("year"))
    bill = None
    if m.group("type"):
        try:
            bill = BillId(session, m.group("type").upper(), int(m.group("bill")))
            build_bill_id(bill.session, bill.type, bill.number)  # validates
        except (BadBillId, ValueError):
            bill = None
    fmt = "pdf" if m.group("ext").lower() == "pdf" else "htm"
    number = int(m.group("number"))
    if number <= 0:
        return VoteFile(name, problem=f"file name {name!r} has roll-call number 0")
    return VoteFile(name, session, _CHAMBERS[m.group("chamber").upper()], number, bill, fmt)


_LABEL_RE = re.compile(
    r"\b(?P<chamber>House|Senate)(?:\s+of\s+Representatives)?\s+Roll\s*Call\s+Vote\s+"
    r"(?:No\.?\s*)?(?P<number>\d+)\b(?P<rest>.*)$",
    re.IGNORECASE,
)


def label_parts(label: str | None) -> tuple[str | None, int | None, str]:
    """("house", 188, "AS AMENDED") from "House Roll Call Vote 188 AS AMENDED"."""
    m = _LABEL_RE.search(" ".join((label or "").split()))
    if m is None:
        return None, None, ""
    return m.group("chamber").lower(), int(m.group("number")), m.group("rest").strip(" -:")


# --------------------------------------------------------------------------- the question

# Question words billwatch stores (votes.question): "passage", "as amended",
# "amendment schedule A", "consent calendar", "emergency certification", or the label's
# own words lower-cased when they are none of these (never a guess).
_AMENDMENT_RE = re.compile(
    r"^(?:(?:HOUSE|SENATE|HSE|SEN)\.?\s+)?(?:AMD|AMEND(?:MENT)?)\.?\s*(?:SCHED(?:ULE|\.)?\s*)?"
    r"(?P<letters>[A-Z](?:\s*,\s*[A-Z])*)$",
    re.IGNORECASE,
)
_SCHEDULE_RE = re.compile(r"\bSCHED(?:ULE|\.)?\s+([A-Z](?:\s*,\s*[A-Z])*)\b", re.IGNORECASE)


def _letters(text: str) -> str:
    return ",".join(re.findall(r"[A-Z]", text.upper()))


def label_question(suffix: str) -> str | None:
    """The question a House label's suffix names ("AS AMENDED" → "as amended", "HOUSE AMD
    E" → "amendment schedule E", none → "passage"); docs/cga-site.md, "Roll calls"."""
    words = " ".join(suffix.split()).strip(" .-:")
    if not words:
        return "passage"
    upper = words.upper()
    if upper in ("AS AMENDED", "AS AMD", "AS AMD."):
        return "as amended"
    if upper == "CONSENT CALENDAR":
        return "consent calendar"
    if upper in ("EMERGENCY CERTIFICATION", "EMERG. CERT.", "EMERGENCY CERT"):
        return "emergency certification"
    m = _AMENDMENT_RE.match(words)
    if m:
        return f"amendment schedule {_letters(m.group('letters'))}"
    return words.lower()


class ActionRow(Protocol):
    @property
    def date(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def event(self) -> str: ...
    @property
    def chamber(self) -> str | None: ...


PASSAGE_EVENTS = frozenset({"house_passed", "senate_passed", "concurrence", "failed"})
AMENDMENT_EVENTS = frozenset({"amendment_adopted", "amendment_rejected"})


def action_question(text: str, event: str) -> str | None:
    """The question a Bill History action records a vote on, or None (not a vote)."""
    if event in AMENDMENT_EVENTS:
        m = _SCHEDULE_RE.search(text)
        return f"amendment schedule {_letters(m.group(1))}" if m else "amendment"
    if event in PASSAGE_EVENTS:
        return "as amended" if re.search(r"\bAS\s+AMEND", text, re.IGNORECASE) else "passage"
    return None


_ACTOR_RE = re.compile(r"^\s*(?:\(\w+\)\s*)?(HOUSE|SENATE|SEN\.)", re.IGNORECASE)


def acting_chamber(text: str, chamber: str | None) -> str | None:
    """The chamber that acted: the first word ("Senate Adopted House Amendment Schedule
    A" is the Senate's vote), else the chamber the action names."""
    m = _ACTOR_RE.match(text)
    if m:
        return "house" if m.group(1).upper() == "HOUSE" else "senate"
    return chamber


class VoteRow(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def chamber(self) -> str: ...
    @property
    def number(self) -> int: ...
    @property
    def date(self) -> str | None: ...
    @property
    def label(self) -> str | None: ...
    @property
    def motion(self) -> str | None: ...


def questions(votes: Sequence[VoteRow], actions: Sequence[ActionRow]) -> dict[str, str | None]:
    """Vote id → the question voted on.

    A House label names the question in its suffix.  Otherwise (Senate labels name none,
    and a roll call found only in a vote folder has no label) the bill's history on the
    vote's date does: that chamber's vote actions of the day, in order, pair with its roll
    calls of the day by number when there are as many of each; a single roll call with a
    single passage action that day is that passage.  Failing both, the words the document
    prints after its date, else None.  docs/cga-site.md, "Roll calls".
    """
    out: dict[str, str | None] = {}
    day_votes: dict[tuple[str | None, str], list[VoteRow]] = {}
    for v in votes:
        chamber, _, suffix = label_parts(v.label)
        if v.chamber == "house" and chamber == "house":
            out[v.id] = label_question(suffix)
        else:
            day_votes.setdefault((v.date, v.chamber), []).append(v)
    for (day, chamber), group in day_votes.items():
        group = sorted(group, key=lambda v: v.number)
        acts = [
            a
            for a in actions
            if day is not None
            and a.date == day
            and acting_chamber(a.text, a.chamber) == chamber
            and action_question(a.text, a.event) is not None
        ]
        asked = [action_question(a.text, a.event) for a in acts]
        if len(acts) == len(group):
            pairs = list(zip(group, asked, strict=True))
        elif len(group) == 1:
            passages = [q for a, q in zip(acts, asked, strict=True) if a.event in PASSAGE_EVENTS]
            pairs = [(group[0], passages[0] if len(passages) == 1 else None)]
        else:
            pairs = [(v, None) for v in group]
        for v, question in pairs:
            if question is None and v.motion:
                question = " ".join(v.motion.split()).lower()
            out[v.id] = question
    return out


# --------------------------------------------------------------------------- outcome and checks


def passed(yea: int | None, needed: int | None) -> bool | None:
    """The printed "Necessary for Passage/Adoption" is the number of yeas it takes: passed
    when the yeas reach it; None when either number is missing."""
    if yea is None or needed is None:
        return None
    return yea >= needed


def counted(members: Iterable[MemberVote]) -> Counter[str]:
    return Counter(m.vote for m in members)


def totals_problems(rc: RollCall) -> list[str]:
    """Member lines against the document's own printed totals: yea and nay lines against
    the yea and nay totals, absent plus not-voting lines against "absent and not voting".
    Each difference is one sentence (empty: the document adds up)."""
    n = counted(rc.members)
    problems = []
    for what, printed, lines in (
        ("yea", rc.yea, n["yea"]),
        ("nay", rc.nay, n["nay"]),
        ("absent and not voting", rc.absent_not_voting, n["absent"] + n["not_voting"]),
    ):
        if printed is None:
            problems.append(f"no printed {what} total")
        elif printed != lines:
            more = "more" if lines > printed else "fewer"
            problems.append(
                f"{lines} {what} member lines, but the document prints {printed} "
                f"({abs(lines - printed)} {more})"
            )
    if (
        rc.total_voting is not None
        and rc.yea is not None
        and rc.nay is not None
        and rc.yea + rc.nay != rc.total_voting
    ):
        problems.append(
            f"printed yea {rc.yea} + nay {rc.nay} is not the printed total voting {rc.total_voting}"
        )
    return problems


_PRINTED_BILL_RE = re.compile(r"^([HS])\.([BJR])\. No\. (\d+)$")


def consistency_problems(rc: RollCall, file: VoteFile, bill: BillId) -> list[str]:
    """What a document says about itself that contradicts where it was found: its printed
    bill, its heading's chamber and number against its file name."""
    problems = []
    m = _PRINTED_BILL_RE.match(rc.bill_text or "")
    if m and (m.group(1) + m.group(2), int(m.group(3))) != (bill.type, bill.number):
        problems.append(f"the document is on {rc.bill_text}, not {bill}")
    if file.bill is not None and (file.bill.type, file.bill.number) != (bill.type, bill.number):
        problems.append(f"the file name names {file.bill}, but the document is stored for {bill}")
    chamber, number, _ = label_parts(rc.heading)
    if chamber and file.chamber and chamber != file.chamber:
        problems.append(f"the heading says {chamber}, the file name {file.chamber}")
    if number and file.number and number != file.number:
        problems.append(f"the heading says roll call {number}, the file name {file.number}")
    return problems


def complete(rc: RollCall) -> bool:
    """True when every printed total is there and the member lines add up to it."""
    n = counted(rc.members)
    return (
        rc.yea == n["yea"]
        and rc.nay == n["nay"]
        and rc.absent_not_voting is not None
        and rc.absent_not_voting == n["absent"] + n["not_voting"]
    )


def vote_date(taken_on: str | None, session: int) -> str | None:
    """ "4/20" (year from the session) or "4/20/2016" → ISO date; None when unreadable."""
    m = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{2}|\d{4}))?\s*", taken_on or "")
    if m is None:
        return None
    year = int(m.group(3)) if m.group(3) else session
    if year < 100:
        year += 2000
    try:
        return date(year, int(m.group(1)), int(m.group(2))).isoformat()
    except ValueError:
        return None


# --------------------------------------------------------------------------- printed names


def name_key(text: str) -> str:
    """Letters only, upper case, accents folded: "McCarthy Vahey" == "MCCARTHY VAHEY",
    "Berger-Girvalo" == "BERGER GIRVALO", "Peña" == "PENA"."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z]", "", folded.upper())


def printed_name(name: str) -> tuple[str, str]:
    """(surname key, first initial or "") of a printed name: "SIMMONS, C." → ("SIMMONS",
    "C"); members sharing a surname carry an initial after a comma (others' code)."""
    surname, _, rest = name.partition(",")
    initial = name_key(rest)[:1]
    return name_key(surname), initial


class Candidate(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def last_name(self) -> str: ...
    @property
    def first_name(self) -> str | None: ...
    @property
    def name(self) -> str: ...


def match_legislator(printed: str, candidates: Sequence[Candidate]) -> str | None:
    """The id of the one legislator (of the vote's session and chamber) a printed name can
    be, or None when none or several fit (docs/cga-site.md, "Legislators")."""
    surname, initial = printed_name(printed)
    if not surname:
        return None
    fits = [c for c in candidates if name_key(c.last_name) == surname]
    if initial:
        fits = [
            c
            for c in fits
            if name_key(c.first_name or "")[:1] == initial or name_key(c.name)[:1] == initial
        ]
    ids = {c.id for c in fits}
    return ids.pop() if len(ids) == 1 else None


# --------------------------------------------------------------------------- in words

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
CHAMBER_NAMES = {"house": "House", "senate": "Senate"}


def day_label(iso: str | None) -> str:
    """ "Apr 20, 2016"."""
    try:
        day = date.fromisoformat(iso or "")
    except ValueError:
        return iso or ""
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


def vote_sentence(
    chamber: str,
    question: str | None,
    outcome: bool | None,
    yea: int | None,
    nay: int | None,
    day: str | None = None,
    bill_id: str | None = None,
) -> str:
    """ "House passed 142–2 on Apr 20, 2016, as amended" (or, with ``bill_id``, "House
    passed 2016-HB-5469 142–2 …").  Amendments are adopted or rejected."""
    who = CHAMBER_NAMES.get(chamber, chamber.capitalize())
    tally = f"{yea if yea is not None else '?'}–{nay if nay is not None else '?'}"
    q = question or ""
    if q.startswith("amendment"):
        verb = {True: "adopted", False: "rejected", None: "voted on"}[outcome]
        what = q + (f" to {bill_id}" if bill_id else "")
        text = f"{who} {verb} {what} {tally}"
        tail = ""
    else:
        verb = {True: "passed", False: "failed to pass", None: "voted on"}[outcome]
        text = f"{who} {verb} {bill_id + ' ' if bill_id else ''}{tally}"
        tail = "" if q in ("", "passage") else q
        if q == "consent calendar":
            tail = "on the consent calendar"
    if day:
        text += f" on {day_label(day)}"
    if tail:
        text += f", {tail}"
    return text
