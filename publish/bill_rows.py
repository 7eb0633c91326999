"""A bill as one line of a listing (topic pages, session pages, the home page's changes).

``SUMMARY_COLUMNS`` are read from ``bills`` (small columns only); ``bill_summary`` turns such a
row into what a listing shows: number, short title, status in words and its tone, last action,
and the paths of the bill page and its card.
"""

from __future__ import annotations

from typing import Any

from publish import site
from publish.status import format_date, short_title, status_text, status_tone

SUMMARY_COLUMNS = (
    "id, session, type, number, title, stage, outcome, public_act, last_action_date, "
    "last_action, deep_crawled_at"
)


def bill_summary(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "number_label": f"{row['type']} {row['number']}",
        "short_title": short_title(row["title"]) or row["id"],
        "status": status_text(row["stage"], row["outcome"], row["public_act"]),
        "tone": status_tone(row["outcome"]),
        "last_action_label": format_date(row["last_action_date"]),
        "path": site.bill_path(row["id"]),
    }


def rows(conn, sql: str, params: tuple | dict = ()) -> list[dict[str, Any]]:
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
