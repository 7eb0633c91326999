"""Roll calls as people read them: the bill page's "Roll calls" section and a member's votes.

Pure reads from one SQLite connection, every query indexed (``votes`` by bill, records by
vote, legislators by primary key).  The sentence ("House passed 142–2 on Apr 20, 2016, as
amended") is ``cga.votes.vote_sentence``, the one the change log uses too.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any
from urllib.parse import quote

from cga.votes import vote_sentence

from .sanitize import safe_href
from .status import format_date

VOTE_LABELS = {"yea": "Yea", "nay": "Nay", "absent": "Absent", "not_voting": "Not voting"}
LAYOUTS = {"pdf": "PDF", "html_table": "HTML", "html_pre": "HTML"}


def legislator_url(base: str, legislator_id: str) -> str:
    """A member's page: ``{base}/legislators/H106-bolinsky``."""
    return f"{base.rstrip('/')}/legislators/{quote(legislator_id, safe='')}"


def _rows(conn: sqlite3.Connection, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def party_letter(party: str | None) -> str:
    """ "D" for Democrat(ic), "R" for Republican: the party's first letter."""
    m = re.search(r"[^\W\d_]", party or "")
    return m.group(0).upper() if m else ""


def describe(vote: dict[str, Any]) -> dict[str, Any]:
    """Add the words a page shows for one ``votes`` row."""
    outcome = None if vote["passed"] is None else bool(vote["passed"])
    vote["sentence"] = vote_sentence(
        vote["chamber"], vote["question"], outcome, vote["yea"], vote["nay"], vote["date"]
    )
    vote["date_label"] = format_date(vote["date"])
    question = vote["question"] or ""
    vote["question_label"] = question[:1].upper() + question[1:]
    vote["anchor"] = f"vote-{vote['id']}"
    vote["href"] = safe_href(vote["url"])
    vote["format"] = LAYOUTS.get(vote.get("layout") or "", "document")
    vote["result"] = {True: "passed", False: "failed", None: "outcome not printed"}[outcome]
    if (vote["question"] or "").startswith("amendment") and outcome is not None:
        vote["result"] = "adopted" if outcome else "rejected"
    return vote


def bill_votes(conn: sqlite3.Connection, bill_id: str, base: str) -> list[dict[str, Any]]:
    """The bill's roll calls, oldest first, each with its members grouped by how they voted."""
    votes = _rows(
        conn,
        "select id, session, chamber, number, date, question, yea, nay, absent_not_voting, "
        "needed, passed, complete, label, layout, url from votes where bill_id = ? "
        "order by date, chamber, number",
        (bill_id,),
    )
    if not votes:
        return []
    members: dict[str, list[dict[str, Any]]] = {}
    for r in _rows(
        conn,
        "select r.vote_id, r.name, r.legislator_id, r.vote, l.party, l.name as full_name "
        "from votes v join vote_records r on r.vote_id = v.id "
        "left join legislators l on l.id = r.legislator_id and l.session = v.session "
        "where v.bill_id = ? order by r.vote_id, r.seq",
        (bill_id,),
    ):
        r["href"] = legislator_url(base, r["legislator_id"]) if r["legislator_id"] else None
        r["party_letter"] = party_letter(r["party"])
        members.setdefault(r["vote_id"], []).append(r)
    for v in votes:
        describe(v)
        listed = members.get(v["id"], [])
        v["members"] = len(listed)
        v["groups"] = [
            {"vote": key, "label": label, "members": [m for m in listed if m["vote"] == key]}
            for key, label in VOTE_LABELS.items()
        ]
        v["groups"] = [g for g in v["groups"] if g["members"]]
    return votes


def member_votes(conn: sqlite3.Connection, legislator_id: str, base: str) -> list[dict[str, Any]]:
    """Every stored vote of a member, newest first, with the bill it was on."""
    votes = _rows(
        conn,
        "select v.id, v.bill_id, v.session, v.chamber, v.number, v.date, v.question, v.yea, "
        "v.nay, v.absent_not_voting, v.needed, v.passed, v.complete, v.label, v.layout, v.url, "
        "r.vote as member_vote, r.name as printed, b.title as bill_title "
        "from vote_records r join votes v on v.id = r.vote_id "
        "join bills b on b.id = v.bill_id where r.legislator_id = ? "
        "order by v.date desc, v.chamber, v.number desc",
        (legislator_id,),
    )
    for v in votes:
        describe(v)
        v["member_vote_label"] = VOTE_LABELS.get(v["member_vote"], v["member_vote"])
        v["bill_href"] = f"{base.rstrip('/')}/bills/{quote(v['bill_id'], safe='')}#{v['anchor']}"
    return votes
