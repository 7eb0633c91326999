"""The site's listing pages, read from one SQLite connection: the home page, a watchlist
topic's page and a session's list of bills.

Each loader returns the template context (``templates/home.html``, ``topic.html``,
``session.html``), or None for a topic or session billwatch does not hold.  Only small columns
are read, through indexes (``bill_topics_topic``, ``bills_session``, ``changes_detected``).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from publish import site
from publish.bill_rows import SUMMARY_COLUMNS, bill_summary, rows
from publish.embed_render import first_chamber
from publish.page_feeds import FeedLink, page_feeds
from publish.status import format_date, status_text

LATEST_CHANGES = 15
RECENTLY_ACTIVE = 10


def topic_links(base: str, topic: str) -> dict[str, str]:
    """A topic's page, feeds and calendar."""
    feeds = site.feed_urls(base, "topic", topic)
    return {
        "path": site.topic_path(topic),
        "rss": feeds["rss"],
        "atom": feeds["atom"],
        "ics": base + site.hearings_path(topic),
    }


def _summary_line(bill_id: str, summary: str) -> str:
    """A change's first line without the bill id it starts with (the listing shows it)."""
    line = (summary or "").split("\n", 1)[0]
    return line.removeprefix(f"{bill_id}: ")


def load_home(conn: sqlite3.Connection, base: str) -> dict[str, Any]:
    topics = [
        {"topic": topic, "bills": count, **topic_links(base, topic)}
        for topic, count in conn.execute(
            "select topic, count(*) from bill_topics group by topic order by topic"
        )
    ]
    sessions = [
        {"session": session, "bills": count, "deep": deep, "path": site.session_path(session)}
        for session, count, deep in conn.execute(
            "select session, count(*), count(deep_crawled_at) from bills "
            "group by session order by session desc"
        )
    ]
    changes = rows(
        conn,
        "select c.detected_at, c.bill_id, c.kind, c.summary, b.type, b.number, b.session "
        "from changes as c join bills as b on b.id = c.bill_id "
        "where c.baseline = 0 order by c.detected_at desc, c.rowid desc limit ?",
        (LATEST_CHANGES,),
    )
    for c in changes:
        c["when"] = format_date(c["detected_at"])
        c["text"] = _summary_line(c["bill_id"], c["summary"])
        c["path"] = site.bill_path(c["bill_id"])
    watched = "where id in (select bill_id from bill_topics)" if topics else ""
    active = [
        bill_summary(row)
        for row in rows(
            conn,
            f"select {SUMMARY_COLUMNS} from bills {watched} "
            "order by last_action_date desc, id limit ?",
            (RECENTLY_ACTIVE,),
        )
    ]
    feeds = site.feed_urls(base, "changes")
    return {
        "topics": topics,
        "sessions": sessions,
        "changes": changes,
        "active": active,
        "watched": bool(topics),
        "follow": {"rss": feeds["rss"], "atom": feeds["atom"], "ics": base + site.hearings_path()},
        "feeds": page_feeds(base, "index", {}, {}),
    }


def topic_has_scorecards(conn: sqlite3.Connection, topic: str) -> bool:
    """A watchlist topic that takes positions is followed even with no bill of its own
    (its feed carries its scorecards' changes)."""
    try:
        return bool(
            conn.execute("select 1 from scorecard_topics where topic = ?", (topic,)).fetchone()
        )
    except sqlite3.OperationalError:  # a database from before scorecards (not migrated)
        return False


def topic_known(conn: sqlite3.Connection, topic: str) -> bool:
    """A topic with bills, or with scorecards only: its page, feeds and calendar answer."""
    found = conn.execute("select 1 from bill_topics where topic = ? limit 1", (topic,))
    return found.fetchone() is not None or topic_has_scorecards(conn, topic)


def load_topic(conn: sqlite3.Connection, topic: str, base: str) -> dict[str, Any] | None:
    found = rows(
        conn,
        f"select {', '.join('b.' + c.strip() for c in SUMMARY_COLUMNS.split(','))}, t.matched "
        "from bill_topics as t join bills as b on b.id = t.bill_id where t.topic = ? "
        "order by b.session desc, b.type, b.number",
        (topic,),
    )
    if not found and not topic_has_scorecards(conn, topic):
        return None
    bills = []
    for row in found:
        bill = bill_summary(row)
        chamber = first_chamber(conn, row["id"])  # "Passed the House"; a topic has few bills
        bill["status"] = status_text(row["stage"], row["outcome"], row["public_act"], chamber)
        bill["embed"] = f"/embed/{row['id']}"
        bills.append(bill)
    links = topic_links(base, topic)
    feeds = [
        FeedLink(f"Changes to {topic} bills (RSS)", "application/rss+xml", links["rss"]),
        FeedLink(f"Changes to {topic} bills (Atom)", "application/atom+xml", links["atom"]),
        FeedLink(f"Public hearings, {topic} (iCalendar)", "text/calendar", links["ics"]),
    ]
    return {
        "topic": topic,
        "bills": bills,
        "links": links,
        "sessions": sorted({b["session"] for b in bills}, reverse=True),
        "feeds": feeds,
        "page_url": (base or "") + site.topic_path(topic),
    }


def load_session(conn: sqlite3.Connection, session: int, base: str) -> dict[str, Any] | None:
    found = rows(
        conn,
        f"select {SUMMARY_COLUMNS} from bills where session = ? order by type, number",
        (session,),
    )
    if not found:
        return None
    bills = [bill_summary(row) for row in found]
    return {
        "session": session,
        "bills": bills,
        "deep": sum(1 for b in bills if b["deep_crawled_at"]),
        "feeds": page_feeds(base, "index", {}, {}),
    }
