"""Everything ``/legislators/{id}`` shows, read from one SQLite connection.

``load_legislator_page(conn, legislator_id, base)``: the member's latest row (district,
party, contact details, committees by name), the sessions billwatch knows them in, every
stored vote (``publish.vote_render.member_votes``) and their record on each watchlist topic
that takes positions (``publish.scorecard_card.member_scorecards``); None for an unknown id.
Indexed reads only: legislators by primary key, vote records and scorecards by
``legislator_id``.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from typing import Any

from publish import site
from publish.sanitize import safe_href
from publish.scorecard_card import member_scorecards
from publish.status import format_timestamp
from publish.vote_render import VOTE_LABELS, legislator_url, member_votes, party_letter

CHAMBERS = {"house": "House", "senate": "Senate"}
TITLES = {"house": "Representative", "senate": "Senator"}


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _committees(conn: sqlite3.Connection, codes_json: str | None) -> list[dict[str, str]]:
    try:
        codes = [str(c) for c in json.loads(codes_json or "[]")]
    except ValueError:
        codes = []
    names = dict(conn.execute("select code, name from committees").fetchall()) if codes else {}
    return [{"code": c, "name": names.get(c, c)} for c in codes]


def load_legislator_page(
    conn: sqlite3.Connection, legislator_id: str, base: str
) -> dict[str, Any] | None:
    cur = conn.execute(
        "select * from legislators where id = ? order by session desc", (legislator_id,)
    )
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    if not rows:
        return None
    member = rows[0]
    member.update(
        chamber_label=CHAMBERS.get(member["chamber"], member["chamber"]),
        title=TITLES.get(member["chamber"], "Member"),
        district_label=f"{_ordinal(member['district'])} District",
        party_letter=party_letter(member["party"]),
        url_href=safe_href(member["url"]),
        committee_list=_committees(conn, member["committees"]),
    )
    votes = member_votes(conn, legislator_id, base)
    counts = Counter(v["member_vote"] for v in votes)
    tally = [
        {"vote": key, "label": label, "count": counts[key]}
        for key, label in VOTE_LABELS.items()
        if counts[key]
    ]
    updated = site.last_update(conn)
    return {
        "member": member,
        "sessions": [r["session"] for r in rows],
        "votes": votes,
        "tally": tally,
        "scorecards": member_scorecards(conn, legislator_id, base),
        "page_url": legislator_url(base, legislator_id),
        "sample": site.is_sample(conn),
        "sample_label": site.SAMPLE_LABEL,
        "updated": updated,
        "updated_label": format_timestamp(updated),
    }
