"""Bill History action text → event, stage and outcome, as a rules table; and what else the
history says (committee of referral, file numbers, public act, hearing dates).

The vocabularies are in ``cga.vocab``; docs/cga-site.md ("Bill History") lists the phrases.

Two vocabularies describe the same events: the status page's ("Senate Passed",
"Tabled for the Calendar, House") and the bulk CSV's terse one ("SEN. PASSED",
"TAB. FOR CAL.").  Each rule names the event both spellings mean, so the two
histories can be reconciled on (date, event) — see ``action_key``.

First matching rule wins: order matters where one phrase contains another
("Referred to Office of Legislative Research" before "Referred to ... Committee";
"Joint Unfavorable" before "Joint Favorable"; amendment votes before passage).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Protocol

from .clock import ct_today
from .vocab import STAGE_RANK, STAGES


@dataclass(frozen=True)
class Rule:
    event: str
    stage: str | None  # None: recorded, but moves no stage (amendment votes, transmittals)
    pattern: re.Pattern[str]


def _r(event: str, stage: str | None, pattern: str) -> Rule:
    return Rule(event, stage, re.compile(pattern, re.IGNORECASE))


# (event, stage, pattern) — both vocabularies in each pattern.
RULES: tuple[Rule, ...] = (
    _r("amendment_adopted", None, r"\bADOPTED\b.*\bAMEND|\bAMEND.*\bADOPTED\b"),
    _r("amendment_rejected", None, r"\bREJ(ECTED|\.)?\b.*\bAMEND|\bAMEND.*\bREJ(ECTED|\.)?\b"),
    _r("veto_override", "enacted", r"\bVETO\b.*\bOVERRID|\bOVERRID\w*\b.*\bVETO"),
    _r("line_item_vetoed", None, r"\bLINE ITEM VETO"),
    _r("vetoed", None, r"\bVETOED\b"),
    _r("signed", "enacted", r"\bSIGNED BY (THE )?GOV"),
    _r(
        "to_governor",
        "to_governor",
        r"\bTRANS(MITTED|\.)?\s*(BY\s+SEC(RETARY|\.)?\s*OF\s*(THE\s+)?STATE\s+)?TO\s+(THE\s+)?GOV",
    ),
    _r("to_secretary_of_state", None, r"\bTRANS(MITTED|\.)?\s*TO\s+(THE\s+)?SEC(RETARY|\.)?\s*OF"),
    _r("public_act", "public_act", r"\bPUBLIC ACT\b|\bP\.A\.\s*\d"),
    _r("unfavorable", None, r"\bJOINT UNFAV|\bJT\.?\s*UNFAV|\bUNFAVORABLE REPORT"),
    _r("withdrawn", None, r"\bWITHDRAWN\b"),
    _r("failed", None, r"\bFAILED\b"),
    _r("concurrence", "passed_both", r"\bIN CONCURRENCE\b"),
    _r("house_passed", "passed_first", r"^(\(\w+\)\s*)?HOUSE PASSED\b"),
    _r("senate_passed", "passed_first", r"^(\(\w+\)\s*)?(SENATE|SEN\.)\s*PASSED\b"),
    _r(
        "referred_olr_ofa",
        None,
        r"\bREFERRED TO (THE )?(OFFICE OF LEGISLATIVE RESEARCH|OLR)|\bREF\.?\s*TO OLR",
    ),
    _r("joint_favorable", "reported", r"\bJOINT FAV|\bJT\.?\s*FAV|^(\(\w+\)\s*)?JF[SC]?\b"),
    _r("favorable_report", "calendar", r"\bFAVORABLE REPORT\b|\bFAV\.?\s*(REP|RPT)"),
    _r("filed_lco", "calendar", r"\bFILED WITH (THE )?(LEG(ISLATIVE|\.)?\s*COMM|LCO)"),
    _r("file_number", "calendar", r"\bFILE (NUMBER|NO\.?)\s*\d+"),
    _r("tabled", "calendar", r"\bTABLED FOR (THE )?CALENDAR|\bTAB\.?\s*FOR\s*CAL"),
    _r("calendar_number", "calendar", r"\bCALENDAR (NUMBER|NO\.?)\s*\d+|\bCAL\.?\s*NO\.?\s*\d+"),
    _r("public_hearing", "in_committee", r"\bPUBLIC HEARING\b|\bPUB\.?\s*HEAR"),
    _r("vote_to_draft", "in_committee", r"\bVOTE TO DRAFT\b"),
    _r(
        "referred_committee",
        "in_committee",
        r"\b(REFERRED|REF\.?)\s+(BY\s+(THE\s+)?(HOUSE|SENATE|SEN\.)\s*)?TO\s+(JOINT\s+)?"
        r"COMM(ITTEE|\.)?\b|\bIMMEDIATE TRANSMITTAL TO COMM|\bRESERVED FOR SUBJECT MATTER",
    ),
    _r("drafted", "introduced", r"\bDRAFTED BY COMM|^(RAISED|NEW|PROPOSED) BILL\b"),
    _r("transmitted_chamber", None, r"\bTRANS(MITTED|\.)?\s*TO\s+(THE\s+)?(HOUSE|SENATE)\b"),
    _r("lco_reported_out", None, r"\bREPORTED OUT OF (THE )?(LEG(ISLATIVE|\.)?\s*COMM|LCO)"),
)

DEAD_EVENTS = frozenset({"unfavorable", "withdrawn", "failed"})


@dataclass(frozen=True)
class Classified:
    event: str  # rule name, or "other"
    stage: str | None
    chamber: str | None  # "house" / "senate" when the text says so


@lru_cache(maxsize=65536)
def classify(text: str) -> Classified:
    """Match one action text against the rules table (cached: a session repeats its
    few hundred distinct action texts tens of thousands of times)."""
    cleaned = " ".join(text.split())
    for rule in RULES:
        if rule.pattern.search(cleaned):
            return Classified(rule.event, rule.stage, _chamber(rule.event, cleaned))
    return Classified("other", None, _chamber("other", cleaned))


def _chamber(event: str, text: str) -> str | None:
    if event == "house_passed":
        return "house"
    if event == "senate_passed":
        return "senate"
    upper = text.upper()
    has_house, has_senate = "HOUSE" in upper, "SENATE" in upper or "SEN." in upper
    if has_house and not has_senate:
        return "house"
    if has_senate and not has_house:
        return "senate"
    return None


def normalize_text(text: str) -> str:
    return " ".join(re.sub(r"[^\w#]+", " ", text.lower()).split())


# ------------------------------------------------------------- the bulk file's wording spelled out

# bill_history.csv's abbreviations and the words the status page uses for them
# (docs/cga-site.md, "Bulk files"): "SEN. CAL. NO. 612" is "Senate Calendar Number 612".
SPELLED_OUT: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), words)
    for pattern, words in (
        (
            r"\bREF(?:ERRED|\.)\s+TO\s+OLR,\s*OFA\b",
            "Referred to Office of Legislative Research and Office of Fiscal Analysis",
        ),
        (r"\bTAB\.\s*FOR\s+CAL\.", "Tabled for the Calendar"),
        (r"\bFAV\.\s*(?:RPT|REP)\.?", "Favorable Report"),
        (r"\bTRANS\.\s*TO\b", "Transmitted to"),
        (r"\bLEG\.\s*COMM(?:ISSIONERS'|\.)", "Legislative Commissioners'"),
        (r"\bSEN\.", "Senate"),
        (r"\bCAL\.", "Calendar"),
        (r"\bNO\.", "Number"),
        (r"\bREF\.", "Referred"),
        (r"\bCOMM\.", "Committee"),
        (r"\bAMEND\.", "Amendment"),
        (r"\bSCHED\.", "Schedule"),
        (r"\bJT\.", "Joint"),
        (r"\bPUB\.", "Public"),
        (r"\bREJ\.", "Rejected"),
        (r"\bRPT\b\.?", "Report"),
    )
)
# Upper-case words spelled in mixed case; any other short upper-case word (a committee or
# office code: ED, LCO, JUD; AM, PM) keeps its capitals.
_WORDS = frozenset(
    [
        "ACT",
        "ADOPTED",
        "AMENDED",
        "AMENDMENT",
        "AND",
        "AS",
        "BILL",
        "BY",
        "CALENDAR",
        "COMMITTEE",
        "CONCURRENCE",
        "DRAFT",
        "DRAFTED",
        "FAVORABLE",
        "FILE",
        "FILED",
        "FOR",
        "FROM",
        "GOVERNOR",
        "HEARING",
        "HOUSE",
        "IMMEDIATE",
        "IN",
        "JOINT",
        "LEGISLATIVE",
        "LINE",
        "ITEM",
        "NUMBER",
        "OF",
        "OFFICE",
        "ON",
        "OUT",
        "PASSED",
        "PUBLIC",
        "REFERRED",
        "REPORT",
        "REPORTED",
        "SCHEDULE",
        "SECRETARY",
        "SENATE",
        "SIGNED",
        "STATE",
        "SUBSTITUTE",
        "TABLED",
        "THE",
        "TO",
        "TRANSMITTAL",
        "TRANSMITTED",
        "UNFAVORABLE",
        "VETOED",
        "VOTE",
        "WITH",
        "WITHDRAWN",
        "COMMISSIONERS'",
        "REJECTED",
        "FAILED",
        "CHANGE",
        "REFERENCE",
        "RECONSIDERED",
        "RULES",
        "SUSPENDED",
        "ORIGINAL",
        "EMERGENCY",
        "CERTIFICATION",
        "MOVED",
        "FOOT",
        "RESERVED",
        "SUBJECT",
        "MATTER",
        "NEW",
        "RAISED",
        "PROPOSED",
        "RESEARCH",
        "FISCAL",
        "ANALYSIS",
    ]
)
_SMALL = frozenset(["and", "as", "by", "for", "from", "in", "of", "on", "the", "to", "with"])
_OBJECT = frozenset(["ON", "TO", "BY", "FROM", "OF"])  # a code after these is what they name


def spell_out(text: str, code: str | None = None, committee: str | None = None) -> str:
    """A bulk-file action in the status page's words, for people to read; ``code`` (the
    action's committee code) is dropped where the file repeats it at the end, and named
    (``committee``, "Education Committee") where it is what the action names.

    "SEN. CAL. NO. 612" → "Senate Calendar Number 612"; "FAV. RPT, TAB. FOR CAL., HOUSE" →
    "Favorable Report, Tabled for the Calendar, House"; "REF. TO JOINT COMM. ON ED" →
    "Referred to Joint Committee on Education"; text already in mixed case is kept.
    Display only: what is stored stays as the file has it.
    """
    words = " ".join(text.split())
    head, _, last = words.rpartition(" ")
    before = head.split()[-1].upper() if head else ""
    if code and head and last.upper() == code.upper():
        if before not in _OBJECT:
            words = head  # "Joint Favorable Substitute ED": the code again
        elif committee:  # "COMM. ON ED": the committee it names
            name = re.sub(r"\s+committee$", "", committee.strip(), flags=re.IGNORECASE)
            words = f"{head} {name}"
    for pattern, spelled in SPELLED_OUT:
        words = pattern.sub(spelled, words)
    out: list[str] = []
    for n, word in enumerate(words.split(" ")):
        core = word.rstrip(",.;:")
        tail = word[len(core) :]
        if core.upper() in _WORDS and core.isupper():
            after_comma = n > 0 and out[-1].endswith(",")
            if core.lower() in _SMALL and n > 0 and not after_comma:
                core = core.lower()
            else:
                core = core.capitalize()
        out.append(core + tail)
    return " ".join(out)


_SCHEDULE_RE = re.compile(r"\bSCHED(?:ULE|\.)?\s+([A-Z](?:\s*,\s*[A-Z])*)\b", re.IGNORECASE)


def action_key(date_iso: str, text: str) -> str:
    """Identity of an action across both vocabularies: date plus event.

    "SEN. PASSED" (CSV) and "Senate Passed" (page) on one day are one action.  Amendment
    votes add chamber and schedule letter ("House Adopted House Amendment Schedule A
    7312" == "HOUSE ADOPTED HOUSE AMEND. SCHED. A"); unclassified text keys on itself.
    """
    c = classify(text)
    if c.event == "other":
        return f"{date_iso}|text:{normalize_text(text)}"
    if c.event in ("amendment_adopted", "amendment_rejected"):
        m = _SCHEDULE_RE.search(text)
        letters = re.sub(r"\W", "", m.group(1)).upper() if m else normalize_text(text)
        return f"{date_iso}|{c.event}|{c.chamber or ''}|{letters}"
    return f"{date_iso}|{c.event}"


@dataclass(frozen=True)
class Progress:
    stage: str
    outcome: str
    # Index (in the actions given) of the action at which the bill reached ``stage``, and of
    # the one that decided ``outcome``; None for the first stage before any action, and for
    # an outcome no action decided (pending, or dead because the session ended).
    stage_at: int | None = None
    outcome_at: int | None = None


def compute_progress(
    actions: Sequence[tuple[str, str]],
    session: int,
    today: date | None = None,
) -> Progress:
    """Furthest stage and outcome from chronological (iso_date, text) actions."""
    stage_rank = 0
    stage_at: int | None = None
    chambers_passed: set[str] = set()
    vetoed = overridden = dead = False
    vetoed_at = dead_at = None
    for at, (_date, text) in enumerate(actions):
        c = classify(text)
        reached: str | None = c.stage
        if c.event in ("house_passed", "senate_passed"):
            assert c.chamber is not None
            chambers_passed.add(c.chamber)
            reached = "passed_both" if len(chambers_passed) == 2 else "passed_first"
        if stage_at is None or (reached is not None and STAGE_RANK[reached] > stage_rank):
            stage_at = at  # the first action introduces the bill
            stage_rank = max(stage_rank, STAGE_RANK[reached] if reached else 0)
        if c.event == "vetoed" and not vetoed:
            vetoed, vetoed_at = True, at
        overridden |= c.event == "veto_override"
        if c.event in DEAD_EVENTS and not dead:
            dead, dead_at = True, at
    stage = STAGES[stage_rank]
    today = today or ct_today()
    outcome_at = None
    if vetoed and not overridden:
        outcome, outcome_at = "vetoed", vetoed_at
    elif stage == "enacted":
        outcome, outcome_at = "enacted", stage_at
    elif dead and stage_rank < STAGE_RANK["passed_both"]:
        outcome, outcome_at = "dead", dead_at
    elif today > session_end(session) and stage_rank < STAGE_RANK["passed_both"]:
        # Sine die passed and the bill never cleared both chambers: it died.
        outcome = "dead"
    else:
        # Passed both but no signature recorded: awaiting the Governor (or law without
        # signature, which the site does not mark) — pending, not guessed.
        outcome = "pending"
    return Progress(stage, outcome, stage_at, outcome_at)


def session_end(session: int) -> date:
    """Constitutional adjournment: Wednesday after the first Monday of June (odd years,
    long session) or of May (even years, short session)."""
    month = 6 if session % 2 else 5
    first = date(session, month, 1)
    first_monday = first + timedelta(days=(7 - first.weekday()) % 7)
    return first_monday + timedelta(days=2)


# After sine die the Governor still signs or vetoes (15 days after transmittal, which
# itself takes weeks): a session is "finished" for refresh purposes 90 days later.
FINISHED_AFTER = timedelta(days=90)


def session_finished(session: int, today: date | None = None) -> bool:
    return (today or ct_today()) > session_end(session) + FINISHED_AFTER


def session_in_progress(session: int, today: date | None = None) -> bool:
    """From the session's year on until it is finished (the Governor has acted): what a
    crawl finds then may be news.  A session of a later year has not started."""
    today = today or ct_today()
    return today.year >= session and not session_finished(session, today)


# --------------------------------------------------------------------------- what else it says


class ActionLike(Protocol):
    """An action as any layer holds it: a date, an origin code, the text."""

    @property
    def date(self) -> str: ...
    @property
    def code(self) -> str | None: ...
    @property
    def text(self) -> str: ...


_COMMITTEE_RE = re.compile(r"COMM(?:ITTEE|\.)?\s+ON\s+(?P<name>.+)$", re.IGNORECASE)
# Offices, not committees: their codes prefix actions but never name a referral.
OFFICES = frozenset({"LCO", "OLR", "OFA"})
_PA_RE = re.compile(r"\bPUBLIC ACT\s*(?:NO\.?\s*)?(\d{2}-\d+)", re.IGNORECASE)
_FILE_RE = re.compile(r"\bFILE (?:NUMBER|NO\.?)\s*(\d+)", re.IGNORECASE)
_HEARING_RE = re.compile(r"\bPUBLIC HEARING\b\D{0,3}(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?", re.I)


def referral_committee(actions: Iterable[ActionLike], committees: dict[str, str]) -> str | None:
    """Code of the committee the bill was first referred to (name when no code is known).

    ``committees`` maps lower-case committee names (without " Committee") to codes.
    """
    for a in actions:
        if classify(a.text).event != "referred_committee":
            continue
        if a.code and a.code.upper() not in OFFICES:
            return a.code.upper()
        m = _COMMITTEE_RE.search(a.text)
        if m:
            name = re.sub(r"\s+committee$", "", m.group("name").strip(" ."), flags=re.I)
            return committees.get(name.lower(), name)
    return None


def file_numbers(texts: Iterable[str]) -> set[int]:
    """File (calendar) numbers named by actions ("(LCO) File Number 315")."""
    return {int(n) for text in texts for n in _FILE_RE.findall(text)}


def public_acts(texts: Iterable[str]) -> list[str]:
    """Public act numbers named by actions ("(LCO) Public Act 24-19"), in order."""
    return [m.group(1) for text in texts for m in [_PA_RE.search(text)] if m]


def hearing_dates(
    actions: Iterable[ActionLike], session: int, committee: str | None
) -> list[tuple[str, str]]:
    """(committee, ISO date) of hearings announced by "Public Hearing MM/DD" actions.

    The action's own code names the committee; else the bill's committee of referral.
    """
    out = []
    for a in actions:
        m = _HEARING_RE.search(a.text)
        if not m:
            continue
        year = int(m.group(3)) if m.group(3) else session
        year += 2000 if year < 100 else 0
        try:
            day = date(year, int(m.group(1)), int(m.group(2)))
        except ValueError:
            continue
        code = a.code if a.code and a.code not in OFFICES else (committee or "")
        out.append((code, day.isoformat()))
    return out
