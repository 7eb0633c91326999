"""Scorecards as billwatch computes them: which roll calls count for a group's position on a
bill, how a member's vote counts, the score, who sponsored a bill, and the sentence of a change.

Pure rules (docs/cga-site.md, "Scorecards"); storing the table is ``pipelines/scorecards.py``,
publishing it ``publish/scorecard_render.py``.

- By default the roll calls that count for a positioned bill are its final passage vote in each
  chamber: of the bill's roll calls whose question passes it (passage, as amended, consent
  calendar, emergency certification), the one with the highest number in each chamber (the
  number is the chamber's roll-call sequence of the session).  A roll call whose question is
  unknown is never counted by default (nothing guessed); a topic's ``count_votes:`` can name it.
- A yea on a supported bill, or a nay on an opposed one, is a vote with the group; the reverse
  is against it; absent and not voting are counted apart, never as against.
- The score is with / (with + against) × 100, rounded half up to an integer; none without a
  counted yea or nay.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from .votes import name_key

# votes.question values that pass a bill (cga.votes.label_question / action_question).
PASSAGE_QUESTIONS = frozenset(
    {"passage", "as amended", "consent calendar", "emergency certification"}
)
CHAMBER_ORDER = ("house", "senate")
TITLES = {"house": "Rep.", "senate": "Sen."}


class RollCall(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def chamber(self) -> str: ...
    @property
    def number(self) -> int: ...
    @property
    def question(self) -> str | None: ...


def default_votes(votes: Iterable[RollCall]) -> list[str]:
    """The ids of a bill's final passage vote in each chamber (House first)."""
    last: dict[str, RollCall] = {}
    for v in votes:
        if v.question in PASSAGE_QUESTIONS and (
            v.chamber not in last or v.number > last[v.chamber].number
        ):
            last[v.chamber] = v
    return [last[c].id for c in CHAMBER_ORDER if c in last]


def counts_as(position: str, vote: str) -> str:
    """How a member's vote (``vote_records.vote``) counts for a position: ``with``,
    ``against``, ``absent`` or ``not_voting``."""
    if vote in ("absent", "not_voting"):
        return vote
    if position not in ("support", "oppose") or vote not in ("yea", "nay"):
        raise ValueError(f"no rule for a {vote!r} vote on a bill the group would {position!r}")
    return "with" if (vote == "yea") == (position == "support") else "against"


def score(with_group: int, against_group: int) -> int | None:
    """with / (with + against) × 100, rounded half up (5 of 8 is 63); None without a yea or
    nay counted."""
    counted = with_group + against_group
    if counted <= 0:
        return None
    return (200 * with_group + counted) // (2 * counted)


@dataclass
class Tally:
    """One member's record on one topic in one session."""

    with_group: int = 0
    against_group: int = 0
    absent: int = 0
    not_voting: int = 0

    def add(self, counted_as: str) -> None:
        if counted_as == "with":
            self.with_group += 1
        elif counted_as == "against":
            self.against_group += 1
        elif counted_as == "absent":
            self.absent += 1
        else:
            self.not_voting += 1

    @property
    def score(self) -> int | None:
        return score(self.with_group, self.against_group)

    @property
    def on_roll(self) -> int:
        """Counted roll calls the member was on (voting, absent or not voting)."""
        return self.with_group + self.against_group + self.absent + self.not_voting


# --------------------------------------------------------------------------- sponsors

# "Rep. Mitch Bolinsky, 106th Dist.", "Sen. Martin M. Looney, 11th Dist." (docs/cga-site.md,
# "Status page"); "REP. JOHNSON, 49th Dist." in older pages.
_SPONSOR_RE = re.compile(
    r"^\s*(?P<title>Rep|Sen|Representative|Senator)\.?\s+(?P<name>.+?)\s*,\s*"
    r"(?P<district>\d{1,3})\s*(?:st|nd|rd|th)?\s+Dist(?:rict|\.)?\s*$",
    re.IGNORECASE,
)
_SUFFIX_RE = re.compile(r"[\s,]+(?:Jr|Sr|II|III|IV)\.?$", re.IGNORECASE)


@dataclass(frozen=True)
class Sponsor:
    chamber: str
    district: int
    name: str  # as the status page prints it, without the title and district


def parse_sponsor(text: str) -> Sponsor | None:
    """A member named among a bill's introducers or co-sponsors, or None (a committee, or a
    form billwatch does not read)."""
    m = _SPONSOR_RE.match(text or "")
    if m is None:
        return None
    chamber = "house" if m.group("title").lower().startswith("rep") else "senate"
    name = _SUFFIX_RE.sub("", m.group("name")).strip()
    return Sponsor(chamber, int(m.group("district")), name)


def is_sponsor(
    sponsor: Sponsor, chamber: str, district: int | None, surname: str, initial: str = ""
) -> bool:
    """True when ``sponsor`` is the member of ``chamber`` (and ``district``, when known) whose
    surname is ``surname``: the sponsor's name must end with it (letters compared as
    ``cga.votes.name_key`` does), and start with ``initial`` when one is given."""
    if sponsor.chamber != chamber or (district is not None and sponsor.district != district):
        return False
    key, wanted = name_key(sponsor.name), name_key(surname)
    if not wanted or not key.endswith(wanted):
        return False
    return not initial or key[:1] == initial


# --------------------------------------------------------------------------- in words


def member_label(chamber: str, name: str) -> str:
    """ "Rep. Carla Marrowby", "Sen. MARROWBY" (a printed name when no legislator is known)."""
    return f"{TITLES.get(chamber, 'Member')} {name}"


def score_sentence(chamber: str, name: str, topic: str, with_group: int, against: int) -> str:
    """ "Rep. Carla Marrowby now votes with student-privacy 4 of 5"."""
    return (
        f"{member_label(chamber, name)} now votes with {topic} "
        f"{with_group} of {with_group + against}"
    )


def score_label(value: int | None) -> str:
    return "no counted vote" if value is None else f"{value}%"
