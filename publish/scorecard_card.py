"""A member's scorecard card (``/embed/scorecards/TOPIC/LEGISLATOR_ID`` as HTML context, JSON,
SVG badge and script embed) and the member page's scorecards section (``/legislators/ID``).
"""

from __future__ import annotations

import sqlite3
from functools import cache
from pathlib import Path
from typing import Any

from cga.scorecards import TITLES, score
from publish import site
from publish.embed_render import card_css, render_badge
from publish.sanitize import publishable_data
from publish.scorecard_render import (
    CHAMBER_LABELS,
    card_url,
    cast_label,
    counted_as,
    counted_votes,
    has_scorecards,
    ordinal,
    query_rows,
    scorecard_url,
    tone,
    topic_info,
)
from publish.script_json import json_for_script
from publish.status import format_timestamp
from publish.vote_render import VOTE_LABELS, legislator_url, party_letter

STATIC = Path(__file__).resolve().parent / "static"


def load_member_card(
    conn: sqlite3.Connection, topic: str, legislator_id: str, base: str
) -> dict[str, Any] | None:
    """A member's record on one topic, every session, newest first; None when the topic has
    no row for them."""
    info = topic_info(conn, topic)
    if info is None:
        return None
    rows = query_rows(
        conn,
        "select * from scorecards where topic = ? and legislator_id = ? order by session desc",
        (topic, legislator_id),
    )
    if not rows:
        return None
    latest = rows[0]
    votes = {v["id"]: v for v in counted_votes(conn, topic, None)}
    mine = dict(
        conn.execute(
            "select r.vote_id, r.vote from vote_records r join scorecard_votes sv "
            "on sv.vote_id = r.vote_id and sv.topic = ? where r.legislator_id = ?",
            (topic, legislator_id),
        ).fetchall()
    )
    sessions = []
    for r in rows:
        counted = [
            v
            for v in votes.values()
            if v["session"] == r["session"] and v["chamber"] == r["chamber"]
        ]
        sessions.append(
            {
                "session": r["session"],
                "with_group": r["with_group"],
                "against_group": r["against_group"],
                "absent": r["absent"],
                "not_voting": r["not_voting"],
                "score": r["score"],
                "score_label": "no counted vote" if r["score"] is None else f"{r['score']}%",
                "roll_calls": r["roll_calls"],
                "sponsored": r["sponsored"],
                "cosponsored": r["cosponsored"],
                "url": scorecard_url(base, topic, r["session"]),
                "votes": [
                    {
                        "id": v["id"],
                        "bill_id": v["bill_id"],
                        "number": v["short"],
                        "position": v["position"],
                        "position_label": v["position_label"],
                        "vote": mine.get(v["id"]),
                        "vote_label": VOTE_LABELS.get(mine.get(v["id"]) or "", "Not on the roll"),
                        "counted": counted_as(v["position"], mine[v["id"]])
                        if v["id"] in mine
                        else "not_on_roll",
                        "cast_label": cast_label(v["position"], mine.get(v["id"])),
                        "url": f"{site.bill_url(base, v['bill_id'])}#vote-{v['id']}",
                    }
                    for v in counted
                ],
            }
        )
    w = sum(s["with_group"] for s in sessions)
    a = sum(s["against_group"] for s in sessions)
    total = score(w, a)
    updated = site.last_update(conn)
    party = party_letter(latest["party"])
    return {
        "topic": topic,
        "topic_title": info["title"],
        "legislator_id": legislator_id,
        "name": latest["name"],
        "title": TITLES.get(latest["chamber"], ""),
        "chamber": latest["chamber"],
        "district": latest["district"],
        "party": latest["party"],
        "who": f"{CHAMBER_LABELS.get(latest['chamber'], '')}, "
        + (f"{ordinal(latest['district'])} District" if latest["district"] else "")
        + (f" ({party})" if party else ""),
        "latest": sessions[0],
        "sessions": sessions,
        "with_group": w,
        "against_group": a,
        "score": total,
        "score_label": "no counted vote" if total is None else f"{total}%",
        "tone": tone(sessions[0]["score"]),
        "url": scorecard_url(base, topic, sessions[0]["session"]),
        "member_url": legislator_url(base, legislator_id),
        "sample": site.is_sample(conn),
        "sample_positions": bool(info["sample"]),
        "updated": updated,
        "updated_label": format_timestamp(updated),
    }


CARD_JSON_KEYS = (
    "topic",
    "topic_title",
    "legislator_id",
    "name",
    "chamber",
    "district",
    "party",
    "with_group",
    "against_group",
    "score",
    "sessions",
    "url",
    "member_url",
    "sample",
    "sample_positions",
    "updated",
)


def card_json(card: dict[str, Any]) -> dict[str, Any]:
    """The public JSON document (``….json``): the member, their record in each session (with
    the roll calls that count) and the total over the sessions."""
    out = {key: card[key] for key in CARD_JSON_KEYS}
    out["sessions"] = [
        {k: v for k, v in s.items() if k not in ("score_label",)} for s in card["sessions"]
    ]
    for s in out["sessions"]:
        s["votes"] = [
            {
                k: v
                for k, v in vote.items()
                if k not in ("position_label", "vote_label", "cast_label")
            }
            for vote in s["votes"]
        ]
    return out


@cache
def _static(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def scorecard_css() -> str:
    """The bill card's stylesheet and the scorecard card's own rules (one text: the iframe's
    ``<style>`` and the script embed's shadow root get the same)."""
    return card_css() + "\n" + _static("scorecard-embed.css")


def render_card_js(card: dict[str, Any]) -> str:
    """The script embed: ``static/scorecard-embed.js`` called with the card's data (JSON
    escaped for script context, strings publishable), rendered with ``textContent`` only."""
    data = publishable_data(
        {
            "key": f"{card['topic']}/{card['legislator_id']}",
            "topic_title": card["topic_title"],
            "name": card["name"],
            "title": card["title"],
            "who": card["who"],
            "tone": card["tone"],
            "latest": card["latest"],
            "sessions": card["sessions"],
            "url": card["url"],
            "member_url": card["member_url"],
            "sample": card["sample"],
            "sample_label": site.SAMPLE_LABEL,
            "updated_label": card["updated_label"],
        }
    )
    data["css"] = scorecard_css()
    renderer = _static("scorecard-embed.js").rstrip()
    return f"{renderer}({json_for_script(data)}, document.currentScript);\n"


def badge_texts(card: dict[str, Any]) -> tuple[str, str]:
    """("Rep. Marrowby on student-privacy 2015", "67% · 2 of 3")."""
    surname = card["name"].split()[-1] if card["name"] else ""
    latest = card["latest"]
    left = f"{card['title']} {surname} on {card['topic']} {latest['session']}"
    if card["sample"]:
        left += f" ({site.SAMPLE_LABEL})"
    counted = latest["with_group"] + latest["against_group"]
    right = (
        "no counted vote"
        if latest["score"] is None
        else f"{latest['score']}% · {latest['with_group']} of {counted}"
    )
    return left, right


def render_card_svg(card: dict[str, Any]) -> str:
    left, right = badge_texts(card)
    return render_badge(left, right, card["tone"], f"{card['name']}, {card['topic_title']}")


# --------------------------------------------------------------------------- the member page


def member_scorecards(
    conn: sqlite3.Connection, legislator_id: str, base: str
) -> list[dict[str, Any]]:
    """The member's record on every topic that takes positions, for ``/legislators/ID``."""
    if not has_scorecards(conn):
        return []
    topics = [
        r[0]
        for r in conn.execute(
            "select distinct topic from scorecards where legislator_id = ? order by topic",
            (legislator_id,),
        ).fetchall()
    ]
    out = []
    for topic in topics:
        card = load_member_card(conn, topic, legislator_id, base)
        if card is not None:
            card["embed"] = card_url(base, topic, legislator_id)
            out.append(card)
    return out
