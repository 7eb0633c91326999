"""Bill rows: created from the bulk CSV or a status page, progress recomputed from actions."""

from __future__ import annotations

import json
import re

import sqlite_utils

from spiders import cga
from spiders.stages import classify, compute_progress

from .actions import Action
from .changes import Change

_COMMITTEE_RE = re.compile(r"COMM(?:ITTEE|\.)?\s+ON\s+(?P<name>.+)$", re.IGNORECASE)
_OFFICES = {"LCO", "OLR", "OFA"}
_PA_RE = re.compile(r"\bPUBLIC ACT\s*(?:NO\.?\s*)?(\d{2}-\d+)", re.IGNORECASE)
_FILE_RE = re.compile(r"\bFILE (?:NUMBER|NO\.?)\s*(\d+)", re.IGNORECASE)


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


def referral_committee(actions: list[Action], committees: dict[str, str]) -> str | None:
    """Code of the committee the bill was first referred to (name when no code is known).

    ``committees`` maps lower-case committee names (without " Committee") to codes.
    """
    for a in actions:
        if classify(a.text).event != "referred_committee":
            continue
        if a.code and a.code.upper() not in _OFFICES:
            return a.code.upper()
        m = _COMMITTEE_RE.search(a.text)
        if m:
            name = re.sub(r"\s+committee$", "", m.group("name").strip(" ."), flags=re.I)
            return committees.get(name.lower(), name)
    return None


def progress_fields(
    bill: cga.BillId,
    actions: list[Action],
    committees: dict[str, str],
    documents: list[dict] | None = None,
) -> dict:
    """Stage, outcome, committee, last action, file numbers and act number from history."""
    progress = compute_progress([(a.date, a.text) for a in actions], bill.session)
    files = {int(n) for a in actions for n in _FILE_RE.findall(a.text)}
    acts = [m.group(1) for a in actions for m in [_PA_RE.search(a.text)] if m]
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
