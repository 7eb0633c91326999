"""Scorecard pages as people read them: the page context of ``/scorecards/TOPIC[/SESSION]``
(and of ``/scorecards``), their addresses in every order, and the paths the static export
writes; the reads a member's card shares (``publish/scorecard_card.py``).  The CSV and JSON
forms: ``publish/scorecard_formats.py``.

Pure reads from one SQLite connection (``scorecards`` by topic or legislator, the counted roll
calls by topic, their member lines by vote id); the rules live in ``cga.scorecards``, the rows
are rebuilt by every ``billwatch update``.  Sorting is on the server, each order its own static
path (``…/by-score``), so it works without JavaScript and in the static export; the chamber and
party filters are radio buttons read by CSS (``:has()``), so they need no script either.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from cga.scorecards import CHAMBER_ORDER, TITLES
from cga.votes import name_key, printed_name, vote_sentence
from publish import site
from publish.status import format_timestamp
from publish.vote_render import VOTE_LABELS, legislator_url, party_letter

TOPIC_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
# The scorecards table's columns, in the order the issue names them, then roll_calls: the
# CSV's header and every JSON row's keys.
CSV_COLUMNS = (
    "topic",
    "session",
    "legislator_id",
    "name",
    "chamber",
    "district",
    "party",
    "with_group",
    "against_group",
    "absent",
    "not_voting",
    "score",
    "sponsored",
    "cosponsored",
    "roll_calls",
)
DEFAULT_SORT = "district"
# sort name → (column header it belongs to, label); each is one static page per view.
SORTS = {
    "district": "Chamber and district",
    "name": "Name",
    "party": "Party",
    "score": "Score, highest first",
    "score-low": "Score, lowest first",
    "with": "Votes with the group, most first",
    "against": "Votes against the group, most first",
    "absent": "Absences, most first",
    "not-voting": "Not voting, most first",
}
CARD_FORMATS = ("json", "svg", "js")
CHAMBER_LABELS = {"house": "House", "senate": "Senate"}
POSITION_LABELS = {"support": "Supports", "oppose": "Opposes"}
COUNTED_LABELS = {"with": "With", "against": "Against", "absent": "Absent", "not_voting": "NV"}
TONES = (("score-high", 67), ("score-mid", 34), ("score-low", 0))


# --------------------------------------------------------------------------- addresses


def scorecard_url(
    base: str,
    topic: str,
    session: int | None = None,
    sort: str | None = None,
    fmt: str | None = None,
) -> str:
    """``{base}/scorecards/student-privacy[/2015][/by-score][.csv|.json]``."""
    path = f"{base.rstrip('/')}/scorecards/{quote(topic, safe='')}"
    if session is not None:
        path += f"/{int(session)}"
    if sort and sort != DEFAULT_SORT:
        path += f"/by-{sort}"
    return f"{path}.{fmt}" if fmt else path


def card_url(base: str, topic: str, legislator_id: str, fmt: str | None = None) -> str:
    """``{base}/embed/scorecards/student-privacy/H12-marrowby[.json|.svg|.js]``."""
    path = (
        f"{base.rstrip('/')}/embed/scorecards/{quote(topic, safe='')}/"
        f"{quote(legislator_id, safe='')}"
    )
    return f"{path}.{fmt}" if fmt else path


def index_url(base: str) -> str:
    """``{base}/scorecards``: every topic that takes positions."""
    return f"{base.rstrip('/')}/scorecards"


def load_index(conn: sqlite3.Connection, base: str) -> dict[str, Any]:
    """The topics with scorecards, each with its sessions and positions' count."""
    topics = (
        []
        if not has_scorecards(conn)
        else query_rows(
            conn,
            "select t.topic, t.title, t.sample, (select count(*) from positions p "
            "where p.topic = t.topic) as positions from scorecard_topics t "
            "where exists (select 1 from positions p where p.topic = t.topic) order by t.topic",
        )
    )
    for t in topics:
        sessions = conn.execute(
            "select distinct session from scorecards where topic = ? order by session desc",
            (t["topic"],),
        ).fetchall()
        t["href"] = scorecard_url(base, t["topic"])
        t["sessions"] = [
            {"session": s, "href": scorecard_url(base, t["topic"], s)} for (s,) in sessions
        ]
    updated = site.last_update(conn)
    return {
        "index": True,
        "topics": topics,
        "page_url": index_url(base),
        "sample": site.is_sample(conn),
        "sample_label": site.SAMPLE_LABEL,
        "updated": updated,
        "updated_label": format_timestamp(updated),
    }


def scorecard_paths(topic: str, sessions: Sequence[int], members: Sequence[str]) -> list[str]:
    """Every site-relative path of a topic's scorecards, for the static export: each view
    (all sessions, each session) in every order, its CSV and JSON, and every member's card."""
    paths = []
    for session in [None, *sessions]:
        paths += [scorecard_url("", topic, session, sort) for sort in SORTS]
        paths += [scorecard_url("", topic, session, fmt=fmt) for fmt in ("csv", "json")]
    for member in members:
        paths.append(card_url("", topic, member))
        paths += [card_url("", topic, member, fmt) for fmt in CARD_FORMATS]
    return paths


def export_scorecards(conn: sqlite3.Connection) -> list[tuple[str, list[int], list[str]]]:
    """(topic, sessions, legislator ids) of every scorecard, for ``site.export_routes``."""
    out: dict[str, tuple[set[int], set[str]]] = {}
    if not has_scorecards(conn):
        return []
    for topic, session, member in conn.execute(
        "select topic, session, legislator_id from scorecards"
    ).fetchall():
        sessions, members = out.setdefault(topic, (set(), set()))
        sessions.add(session)
        if member:
            members.add(member)
    return [(t, sorted(s), sorted(m)) for t, (s, m) in sorted(out.items())]


# --------------------------------------------------------------------------- reading


def query_rows(conn: sqlite3.Connection, sql: str, params: Sequence = ()) -> list[dict[str, Any]]:
    cur = conn.execute(sql, tuple(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def slug(text: str | None) -> str:
    """A CSS-class-safe word for a party ("Democrat" → "democrat"; none → "unknown")."""
    return re.sub(r"[^a-z0-9]+", "-", (text or "").lower()).strip("-") or "unknown"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def tone(value: int | None) -> str:
    """The colour family of a score: score-high (67 and up), score-mid, score-low (below 34),
    score-none (no counted vote)."""
    if value is None:
        return "score-none"
    return next(name for name, floor in TONES if value >= floor)


def has_scorecards(conn: sqlite3.Connection) -> bool:
    """False for a database ``billwatch update`` has not migrated yet (served before its first
    update with this version): the pages then say "not found" instead of failing."""
    row = conn.execute(
        "select 1 from sqlite_master where type = 'table' and name = 'scorecard_topics'"
    ).fetchone()
    return row is not None


def topic_info(conn: sqlite3.Connection, topic: str) -> dict[str, Any] | None:
    """The topic's title and flags, or None when it takes no position."""
    if not has_scorecards(conn):
        return None
    rows = query_rows(
        conn,
        "select t.topic, t.title, t.sample, t.computed_at from scorecard_topics t "
        "where t.topic = ? and exists (select 1 from positions p where p.topic = t.topic)",
        (topic,),
    )
    return rows[0] if rows else None


def counted_votes(
    conn: sqlite3.Connection, topic: str, session: int | None
) -> list[dict[str, Any]]:
    """The topic's counted roll calls (of one session, or all), House first, then by number."""
    votes = query_rows(
        conn,
        "select sv.vote_id as id, sv.bill_id, sv.session, sv.chamber, sv.position, "
        "sv.counted_by, v.number, v.date, v.question, v.yea, v.nay, v.passed, v.complete "
        "from scorecard_votes sv join votes v on v.id = sv.vote_id "
        "where sv.topic = ? and (? is null or sv.session = ?)",
        (topic, session, session),
    )
    votes.sort(key=lambda v: (v["session"], CHAMBER_ORDER.index(v["chamber"]), v["number"]))
    for v in votes:
        outcome = None if v["passed"] is None else bool(v["passed"])
        v["sentence"] = vote_sentence(
            v["chamber"], v["question"], outcome, v["yea"], v["nay"], v["date"]
        )
        v["short"] = f"{CHAMBER_LABELS[v['chamber']]} {v['number']}"
        v["position_label"] = POSITION_LABELS[v["position"]]
    return votes


def _positions(
    conn: sqlite3.Connection, topic: str, session: int | None, base: str, votes: list[dict]
) -> list[dict[str, Any]]:
    rows = query_rows(
        conn,
        "select p.bill_id, p.position, p.votes, b.session, b.title, b.outcome "
        "from positions p left join bills b on b.id = p.bill_id where p.topic = ? "
        "and (? is null or b.session = ?) order by b.session desc, p.bill_id",
        (topic, session, session),
    )
    for p in rows:
        p["href"] = site.bill_url(base, p["bill_id"]) if p["title"] is not None else None
        p["position_label"] = POSITION_LABELS[p["position"]]
        p["counted"] = [v for v in votes if v["bill_id"] == p["bill_id"]]
        for v in p["counted"]:
            v["href"] = f"{site.bill_url(base, p['bill_id'])}#vote-{v['id']}"
        p["chosen"] = p["votes"] is not None
    return rows


def _members(conn: sqlite3.Connection, topic: str, session: int | None) -> list[dict[str, Any]]:
    return query_rows(
        conn,
        "select s.*, l.last_name, l.first_name from scorecards s left join legislators l "
        "on l.id = s.legislator_id and l.session = s.session "
        "where s.topic = ? and (? is null or s.session = ?)",
        (topic, session, session),
    )


def _name_key(row: dict[str, Any]) -> tuple[str, str]:
    if row["last_name"]:
        return name_key(row["last_name"]), name_key(row["first_name"] or row["name"])
    surname, initial = printed_name(row["name"])
    return surname, initial


def _none_last(value: int | None, descending: bool = True) -> tuple[bool, int]:
    if value is None:
        return True, 0
    return False, -value if descending else value


def sort_rows(rows: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    """The rows in one of ``SORTS``' orders (ties by session, chamber, district, name)."""

    def base(r: dict[str, Any]) -> tuple:
        return (
            -r["session"],
            CHAMBER_ORDER.index(r["chamber"]),
            r["district"] is None,
            r["district"] or 0,
            _name_key(r),
        )

    keys = {
        "district": lambda r: base(r),
        "name": lambda r: (_name_key(r), base(r)),
        "party": lambda r: (r["party"] is None, r["party"] or "", base(r)),
        "score": lambda r: (_none_last(r["score"]), base(r)),
        "score-low": lambda r: (_none_last(r["score"], descending=False), base(r)),
        "with": lambda r: (-r["with_group"], base(r)),
        "against": lambda r: (-r["against_group"], base(r)),
        "absent": lambda r: (-r["absent"], base(r)),
        "not-voting": lambda r: (-r["not_voting"], base(r)),
    }
    return sorted(rows, key=keys[sort])


def _describe(row: dict[str, Any], base: str, topic: str) -> dict[str, Any]:
    row["chamber_label"] = CHAMBER_LABELS.get(row["chamber"], row["chamber"])
    row["title"] = TITLES.get(row["chamber"], "")
    row["district_label"] = ordinal(row["district"]) if row["district"] else "—"
    row["party_letter"] = party_letter(row["party"])
    row["party_slug"] = slug(row["party"])
    row["href"] = legislator_url(base, row["legislator_id"]) if row["legislator_id"] else None
    row["card"] = card_url(base, topic, row["legislator_id"]) if row["legislator_id"] else None
    row["session_href"] = scorecard_url(base, topic, row["session"])
    row["on_roll"] = row["with_group"] + row["against_group"] + row["absent"] + row["not_voting"]
    row["partial"] = row["on_roll"] < row["roll_calls"]
    row["tone"] = tone(row["score"])
    row["score_label"] = "—" if row["score"] is None else f"{row['score']}%"
    return row


def _cells(
    conn: sqlite3.Connection, votes: list[dict[str, Any]]
) -> dict[tuple[int, str, str], dict[str, str]]:
    """(session, chamber, member) → vote id → how the member voted on each counted roll call."""
    out: dict[tuple[int, str, str], dict[str, str]] = {}
    info = {v["id"]: v for v in votes}
    ids = list(info)
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        for vid, name, legislator, vote in conn.execute(
            "select vote_id, name, legislator_id, vote from vote_records "
            f"where vote_id in ({','.join('?' * len(part))})",
            part,
        ).fetchall():
            v = info[vid]
            out.setdefault((v["session"], v["chamber"], legislator or name), {})[vid] = vote
    return out


def counted_as(position: str, vote: str) -> str:
    if vote in ("absent", "not_voting"):
        return vote
    return "with" if (vote == "yea") == (position == "support") else "against"


def cast_label(position: str, vote: str | None) -> str:
    """ "Yea, with", "Nay, against", "Absent", "Not voting", "Not on the roll"."""
    if vote is None:
        return "Not on the roll"
    counted = counted_as(position, vote)
    label = VOTE_LABELS.get(vote, vote)
    return f"{label}, {counted}" if counted in ("with", "against") else label


def load_scorecard(
    conn: sqlite3.Connection,
    topic: str,
    session: int | None,
    base: str,
    sort: str = DEFAULT_SORT,
) -> dict[str, Any] | None:
    """Everything a scorecard view shows (the page, its CSV and JSON), or None when the topic
    takes no position or has no row in ``session``."""
    info = topic_info(conn, topic)
    if info is None:
        return None
    sessions = [
        r[0]
        for r in conn.execute(
            "select distinct session from scorecards where topic = ? order by session desc",
            (topic,),
        ).fetchall()
    ]
    if session is not None and session not in sessions:
        return None
    votes = counted_votes(conn, topic, session)
    rows = [_describe(r, base, topic) for r in sort_rows(_members(conn, topic, session), sort)]
    columns = votes if session is not None else []  # the bill-by-bill columns of one session
    if columns:
        cells = _cells(conn, columns)
        for r in rows:
            mine = cells.get((r["session"], r["chamber"], r["member"]), {})
            r["cells"] = [
                {
                    "vote": mine.get(v["id"]),
                    "label": VOTE_LABELS.get(mine.get(v["id"]) or "", ""),
                    "counted": counted_as(v["position"], mine[v["id"]]) if v["id"] in mine else "",
                    "other_chamber": v["chamber"] != r["chamber"],
                }
                for v in columns
            ]
    parties = Counter((r["party_slug"], r["party"] or "Not known") for r in rows)
    chambers = Counter(r["chamber"] for r in rows)
    updated = site.last_update(conn)
    return {
        "topic": topic,
        "title": info["title"],
        "sample_positions": bool(info["sample"]),
        "session": session,
        "sessions": sessions,
        "sort": sort,
        "sorts": SORTS,
        "positions": _positions(conn, topic, session, base, votes),
        "columns": columns,
        "rows": rows,
        "parties": [
            {"slug": s, "label": label, "count": n} for (s, label), n in sorted(parties.items())
        ],
        "chambers": [
            {"slug": c, "label": CHAMBER_LABELS[c], "count": chambers[c]}
            for c in CHAMBER_ORDER
            if chambers[c]
        ],
        "base": base,
        "page_url": scorecard_url(base, topic, session),
        "links": {
            "index": index_url(base),
            "all": scorecard_url(base, topic, None, sort),
            "csv": scorecard_url(base, topic, session, fmt="csv"),
            "json": scorecard_url(base, topic, session, fmt="json"),
            "sessions": [
                {"session": s, "href": scorecard_url(base, topic, s, sort)} for s in sessions
            ],
            "sort": {s: scorecard_url(base, topic, session, s) for s in SORTS},
        },
        "feeds": site.feed_urls(base, "topic", topic),
        "sample": site.is_sample(conn),
        "sample_label": site.SAMPLE_LABEL,
        "updated": updated,
        "updated_label": format_timestamp(updated),
    }
