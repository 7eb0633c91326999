"""How a bill's stage and outcome read to people: labels, the progress track, short titles.

Pure functions shared by the bill page and the embeds, so a card, a badge and a page never
disagree.  Stage order comes from ``cga.vocab.STAGES`` (the furthest stage reached);
the outcome (pending, enacted, vetoed, dead) is shown distinctly from the stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from cga.vocab import STAGE_RANK, STAGES

STAGE_LABELS = {
    "introduced": "Introduced",
    "in_committee": "In committee",
    "reported": "Reported by committee",
    "calendar": "On the calendar",
    "passed_first": "Passed one chamber",
    "passed_both": "Passed both chambers",
    "public_act": "Public act number",
    "to_governor": "Sent to the governor",
    "enacted": "Signed into law",
}
# Shorter forms for the progress track's step captions.
STEP_LABELS = {
    "introduced": "Introduced",
    "in_committee": "Committee",
    "reported": "Reported",
    "calendar": "Calendar",
    "passed_first": "Passed 1st chamber",
    "passed_both": "Passed both",
    "public_act": "Public act",
    "to_governor": "To governor",
    "enacted": "Enacted",
}
OUTCOME_LABELS = {
    "pending": "Pending",
    "enacted": "Enacted",
    "vetoed": "Vetoed",
    "dead": "Did not pass",
}
assert set(STAGE_LABELS) == set(STAGES) == set(STEP_LABELS)


def stage_label(stage: str | None, first_chamber: str | None = None) -> str:
    """``passed_first`` names the chamber when known ("Passed the House")."""
    if stage == "passed_first" and first_chamber in ("house", "senate"):
        return f"Passed the {first_chamber.capitalize()}"
    return STAGE_LABELS.get(stage or "", (stage or "unknown").replace("_", " ").capitalize())


def status_text(
    stage: str | None,
    outcome: str | None,
    public_act: str | None = None,
    first_chamber: str | None = None,
) -> str:
    """One line a reader understands: where the bill is, or how it ended."""
    label = stage_label(stage, first_chamber)
    if outcome == "enacted":
        return f"Signed into law (Public Act {public_act})" if public_act else "Signed into law"
    if outcome == "vetoed":
        return "Vetoed by the governor"
    if outcome == "dead":
        return f"Did not pass (last stage: {label[0].lower()}{label[1:]})"
    return label


def status_tone(outcome: str | None) -> str:
    """A colour family for the outcome: enacted, vetoed, dead or pending."""
    return outcome if outcome in ("enacted", "vetoed", "dead") else "pending"


@dataclass(frozen=True)
class Step:
    stage: str
    label: str
    state: str  # done | current | stopped | todo

    @property
    def state_text(self) -> str:
        return {
            "done": "completed",
            "current": "current stage",
            "stopped": "furthest stage reached",
            "todo": "not reached",
        }[self.state]


def progress_steps(
    stage: str | None, outcome: str | None, first_chamber: str | None = None
) -> list[Step]:
    """The track from introduced to enacted, each step done, current, stopped or to do.

    A dead or vetoed bill's furthest stage is ``stopped`` (it will not move on); an enacted
    bill's last step is ``done``.  The first passage names its chamber when known.
    """
    reached = STAGE_RANK.get(stage or "", 0)
    steps = []
    for rank, name in enumerate(STAGES):
        if rank < reached or (rank == reached and outcome == "enacted"):
            state = "done"
        elif rank == reached:
            state = "stopped" if outcome in ("dead", "vetoed") else "current"
        else:
            state = "todo"
        label = STEP_LABELS[name]
        if name == "passed_first" and first_chamber in ("house", "senate"):
            label = f"Passed {first_chamber.capitalize()}"
        steps.append(Step(name, label, state))
    return steps


def progress_summary(stage: str | None, outcome: str | None, first_chamber: str | None) -> str:
    """What the track shows, in words (its aria-label)."""
    reached = STAGE_RANK.get(stage or "", 0) + 1
    text = f"Progress: step {reached} of {len(STAGES)}, {stage_label(stage, first_chamber).lower()}"
    if outcome in ("vetoed", "dead"):
        text += f"; outcome: {OUTCOME_LABELS[outcome].lower()}"
    return text


_ACT_PREFIX = re.compile(
    r"^\s*AN\s+ACT\s+(?:CONCERNING|REGARDING|RELATING\s+TO|ON)\s+(?:THE\s+)?", re.IGNORECASE
)


def short_title(title: str | None, limit: int = 90) -> str:
    """ "AN ACT CONCERNING STUDENT DATA PRIVACY." → "Student data privacy".

    All-capitals titles become sentence case; words with digits (P20) keep their capitals.
    """
    text = " ".join((title or "").split()).rstrip(".")
    if not text:
        return ""
    stripped = _ACT_PREFIX.sub("", text)
    if stripped:
        text = stripped
    if text.isupper() or not any(map(str.islower, text)):  # map: a listing calls it per bill
        words = [w if any(map(str.isdigit, w)) else w.lower() for w in text.split(" ")]
        text = " ".join(words)
    text = text[0].upper() + text[1:]
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text


def format_date(iso: str | None) -> str:
    """ "2015-06-01" → "Jun 1, 2015" (unparseable input is returned as given)."""
    if not iso:
        return ""
    try:
        d = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{d:%b} {d.day}, {d.year}"


def format_timestamp(iso: str | None) -> str:
    """ "2026-11-28T13:54:44Z" → "Nov 28, 2026, 13:54 UTC"."""
    if not iso:
        return ""
    try:
        t = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    return f"{t:%b} {t.day}, {t.year}, {t:%H:%M} UTC"
