"""Bill rows: created from the bulk CSV or a status page, progress recomputed from actions."""

from __future__ import annotations

import json
import re

import sqlite_utils

import cga
from cga.actions import (
    Progress,
    compute_progress,
    file_numbers,
    public_acts,
    referral_committee,
    session_end,
)

from .actions import Action
from .changes import Change


def bill_skeleton(bill: cga.BillId, source_url: str, fetched_at: str) -> dict:
    return {
        "id": str(bill),
        "session": bill.session,
        "chamber": bill.chamber,
        "type": bill.type,
        "number": bill.number,
        "status_url": cga.status_url(bill),
        "source_url": source_url,
        "fetched_at": fetched_at,
        "first_seen_at": fetched_at,
    }


def bill_progress(bill: cga.BillId, actions: list[Action]) -> Progress:
    return compute_progress([(a.date, a.text) for a in actions], bill.session)


def progress_fields(
    bill: cga.BillId,
    actions: list[Action],
    committees: dict[str, str],
    documents: list[dict] | None = None,
    progress: Progress | None = None,
) -> dict:
    """Stage, outcome, committee, last action, file numbers and act number from history."""
    progress = progress or bill_progress(bill, actions)
    files = file_numbers(a.text for a in actions)
    acts = public_acts(a.text for a in actions)
    for d in documents or []:
        if d.get("file_number"):
            files.add(int(d["file_number"]))
        if d.get("public_act"):
            acts.append(d["public_act"])
    fields = {
        "stage": progress.stage,
        "outcome": progress.outcome,
        "public_act": acts[-1] if acts else None,
        "file_numbers": json.dumps(sorted(files)) if files else None,
        "last_action_date": actions[-1].date if actions else None,
        "last_action": actions[-1].text if actions else None,
    }
    committee = referral_committee(actions, committees)
    if committee:
        fields["committee"] = committee
    return fields


def progress_changes(
    bill_id: str,
    old: dict | None,
    new: dict,
    url: str,
    actions: list[Action] | None = None,
    progress: Progress | None = None,
) -> list[Change]:
    """Stage and outcome moves of a bill that already existed.

    Given the bill's ``actions`` and their ``progress``, each change points at the action
    that reached the stage or decided the outcome (``ref`` = its key) and takes its date; a
    bill that died with its session takes the session's last day.
    """
    if old is None:
        return []
    out = []
    for field in ("stage", "outcome"):
        before, after = old.get(field), new.get(field)
        if after and before != after:
            ref, when = _decided_by(field, after, bill_id, actions, progress)
            out.append(
                Change(
                    bill_id,
                    field,
                    f"{field}|{bill_id}|{after}",
                    f"{bill_id}: {field} {before} → {after}",
                    url,
                    ref=ref,
                    event_date=when,
                )
            )
    return out


def _decided_by(
    field: str,
    value: str,
    bill_id: str,
    actions: list[Action] | None,
    progress: Progress | None,
) -> tuple[str | None, str | None]:
    """(key, date) of the action behind a stage or outcome; (None, date or None) without."""
    if not actions or progress is None:
        return None, None
    at = progress.stage_at if field == "stage" else progress.outcome_at
    if at is not None and 0 <= at < len(actions):
        return actions[at].key, actions[at].date
    if field == "outcome" and value == "dead":
        return None, session_end(cga.split_bill_id(bill_id).session).isoformat()
    return None, None


def committee_codes(db: sqlite_utils.Database) -> dict[str, str]:
    out = {}
    for code, name in db.execute("select code, name from committees").fetchall():
        short = re.sub(r"\s+committee$", "", name.strip(), flags=re.I).lower()
        out[short] = code
        out[name.lower()] = code
    return out
