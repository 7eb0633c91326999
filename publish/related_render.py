"""The bill page's "Earlier and later bills": what lineage linked to a bill, and why.

``related(conn, bill_id, base)`` reads ``related_bills`` (one indexed query by bill) and the
bill's ``lineage`` row; nothing here computes a link (``pipelines/lineage.py`` does).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from publish import site

# From the page's bill's side: "This bill …".
RELATION_LABELS = {
    "amends_act": "Amends the public act it became",
    "amended_by": "Amends the public act this bill became",
    "companion": "Companion bill (the other chamber, near-identical text)",
    "similar_text": "Shares text",
    "same_sections": "Amends the same statute sections",
}
ORDER = ("amends_act", "amended_by", "companion", "similar_text", "same_sections")


def _and(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _detail(relation: str, evidence: dict[str, Any], related_id: str, act: str | None) -> str:
    sections = [str(s) for s in evidence.get("sections") or []]
    noun = "section" if len(sections) == 1 else "sections"
    if relation in ("amends_act", "amended_by"):
        where = f", {noun} {_and(sections)}" if sections else " (the whole act)"
        if relation == "amends_act":
            return f"This bill amends Public Act {evidence.get('public_act')}{where}."
        return f"{related_id} amends Public Act {act or evidence.get('public_act')}{where}."
    if relation == "same_sections":
        return f"Both amend {noun} {_and(sections)} of the General Statutes."
    return ""


def related(conn: sqlite3.Connection, bill_id: str, base: str) -> dict[str, Any]:
    """Template context: ``bills`` (earlier first, each with its relations) and ``note``
    (why this bill's text could not be compared, if it could not)."""
    try:
        return _related(conn, bill_id, base)
    except sqlite3.OperationalError:  # a database from before lineage (not migrated yet)
        return {"bills": [], "note": None}


def _related(conn: sqlite3.Connection, bill_id: str, base: str) -> dict[str, Any]:
    own = conn.execute("select session, public_act from bills where id = ?", (bill_id,)).fetchone()
    session, act = (own[0], own[1]) if own else (None, None)
    grouped: dict[str, dict[str, Any]] = {}
    cur = conn.execute(
        "select r.related_id, r.relation, r.score, r.evidence, b.title, b.session, "
        "b.public_act, b.outcome from related_bills r left join bills b on b.id = r.related_id "
        "where r.bill_id = ? order by b.session, r.related_id",
        (bill_id,),
    )
    for related_id, relation, score, evidence_json, title, rsession, ract, outcome in cur:
        try:
            evidence = json.loads(evidence_json or "{}")
        except ValueError:
            evidence = {}
        entry = grouped.setdefault(
            related_id,
            {
                "id": related_id,
                "title": title,
                "session": rsession,
                "public_act": ract,
                "outcome": outcome,
                "href": site.bill_url(base, related_id),
                "compare_href": base
                + site.compare_path(
                    *site.compare_order((session or 0, bill_id), (rsession or 0, related_id))
                ),
                "when": (
                    "earlier"
                    if session and rsession and rsession < session
                    else "later"
                    if session and rsession and rsession > session
                    else "same session"
                ),
                "relations": [],
            },
        )
        entry["relations"].append(
            {
                "relation": relation,
                "label": RELATION_LABELS.get(relation, relation),
                "percent": round(100 * float(score or 0)),
                "detail": _detail(relation, evidence, related_id, act),
                "passages": [
                    {"text": str(p.get("text", "")), "words": int(p.get("words", 0))}
                    for p in evidence.get("passages") or []
                    if isinstance(p, dict)
                ],
            }
        )
    for entry in grouped.values():
        entry["relations"].sort(
            key=lambda r: ORDER.index(r["relation"]) if r["relation"] in ORDER else 9
        )
    note = None
    row = conn.execute("select skipped from lineage where bill_id = ?", (bill_id,)).fetchone()
    if row and row[0]:
        note = f"This bill's text is not compared with others: {row[0]}."
    return {"bills": list(grouped.values()), "note": note}
