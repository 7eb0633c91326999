"""Bill rows: created from the bulk CSV or a status page, progress recomputed from actions."""

from __future__ import annotations

import json
import re

import sqlite_utils

import cga
from cga.actions import compute_progress, file_numbers, public_acts, referral_committee

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


def progress_fields(
    bill: cga.BillId,
    actions: list[Action],
    committees: dict[str, str],
    documents: list[dict] | None = None,
) -> dict:
    """Stage, outcome, committee, last action, file numbers and act number from history."""
    progress = compute_progress([(a.date, a.text) for a in actions], bill.session)
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


def progress_changes(bill_id: str, old: dict | None, new: dict, url: str) -> list[Change]:
    """Stage and outcome moves of a bill that already existed."""
    if old is None:
        return []
    out = []
    for field in ("stage", "outcome"):
        before, after = old.get(field), new.get(field)
        if after and before != after:
            out.append(
                Change(
                    bill_id,
                    field,
                    f"{field}|{bill_id}|{after}",
                    f"{bill_id}: {field} {before} → {after}",
                    url,
                )
            )
    return out


def committee_codes(db: sqlite_utils.Database) -> dict[str, str]:
    out = {}
    for code, name in db.execute("select code, name from committees").fetchall():
        short = re.sub(r"\s+committee$", "", name.strip(), flags=re.I).lower()
        out[short] = code
        out[name.lower()] = code
    return out
