"""The one-screen summary printed at the end of ``billwatch update``, the one line printed
instead when the site did not answer at all, and the check that keeps sample data and real
data in separate files."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import cga
from publish.site import is_sample_url


def crawl_summary(db_path: str, started: str, stats: dict) -> dict:
    """Totals, what this run added, and errors split into new / still failing."""
    conn = sqlite3.connect(db_path)
    try:

        def one(sql: str, *params) -> int:
            return conn.execute(sql, params).fetchone()[0]

        return {
            "bills": one("select count(*) from bills"),
            "actions": one("select count(*) from actions"),
            "documents": one("select count(*) from documents"),
            "versions": one("select count(*) from versions"),
            "changes": one("select count(*) from changes"),
            "meetings": one("select count(*) from meetings"),
            "meetings_new": one("select count(*) from meetings where first_seen_at >= ?", started),
            "meetings_moved": stats.get("billwatch/meetings_moved", 0),
            "meetings_cancelled": stats.get("billwatch/meetings_cancelled", 0),
            # Citations of bills billwatch does not hold, named once: when first stored.
            "citations_unknown": [
                tuple(r)
                for r in conn.execute(
                    "select mb.cited, m.agenda_url from meeting_bills as mb "
                    "join meetings as m on m.id = mb.meeting_id "
                    "where mb.bill_id is null and mb.first_seen_at >= ? order by 1",
                    [started],
                )
            ],
            "bills_new": one("select count(*) from bills where first_seen_at >= ?", started),
            "bills_deep": stats.get("billwatch/bills_deep", 0),
            "not_found": stats.get("billwatch/not_found", 0),
            "versions_new": one("select count(*) from versions where fetched_at >= ?", started),
            "documents_new": one(
                "select count(*) from documents where first_seen_at >= ?", started
            ),
            "changes_new": one("select count(*) from changes where detected_at >= ?", started),
            "changes_new_baseline": one(
                "select count(*) from changes where detected_at >= ? and baseline = 1", started
            ),
            "errors_new": [
                tuple(r)
                for r in conn.execute(
                    "select url, error from errors where resolved_at is null and first_at >= ?"
                    " order by url",
                    [started],
                )
            ],
            "errors_old": one(
                "select count(*) from errors where resolved_at is null and first_at < ?"
                " and at >= ?",
                started,
                started,
            ),
            "errors_waiting": one(
                "select count(*) from errors where resolved_at is null and at < ?", started
            ),
            "errors_this_run": [
                r[0]
                for r in conn.execute(
                    "select error from errors where resolved_at is null and at >= ?", [started]
                )
            ],
            "urls_this_run": [
                r[0]
                for r in conn.execute(
                    "select url from errors where resolved_at is null and at >= ?", [started]
                )
            ],
            "positions": one("select count(*) from positions"),
            "scorecard_rows": one("select count(*) from scorecards"),
            "score_changes_new": one(
                "select count(*) from changes where detected_at >= ? and key like 'score|%'",
                started,
            ),
            "score_changes_new_baseline": one(
                "select count(*) from changes where detected_at >= ? and key like 'score|%' "
                "and baseline = 1",
                started,
            ),
            # Positioned bills of a session still in progress with no counted roll call yet:
            # not an error (a bill is positioned before it is voted on), but said.
            "positions_waiting": [
                tuple(r)
                for r in conn.execute(
                    "select p.bill_id, p.topic from positions as p join bills as b "
                    "on b.id = p.bill_id where coalesce(b.outcome, 'pending') = 'pending' "
                    "and not exists (select 1 from scorecard_votes as v "
                    "where v.topic = p.topic and v.bill_id = p.bill_id) order by 1, 2"
                )
            ],
            "requests": stats.get("downloader/request_count", 0),
            "responses": stats.get("downloader/response_count", 0),
            "bytes": stats.get("downloader/response_bytes", 0),
            "not_modified": stats.get("downloader/response_status_count/304", 0),
            "finish_reason": stats.get("finish_reason"),
        }
    finally:
        conn.close()


def unreachable(s: dict, base_url: str) -> str | None:
    """The site answered nothing at all (requests made, no response): what to say, naming the
    host contacted and why; None when anything answered."""
    if s["responses"] or not s["requests"]:
        return None
    hosts = [urlsplit(base_url).netloc or base_url]
    if base_url.rstrip("/") == cga.CANONICAL_ORIGIN:  # the real site: stored URLs name it too
        hosts += sorted({urlsplit(u).netloc for u in s["urls_this_run"]} - set(hosts))
    reasons = Counter(s["errors_this_run"]).most_common(1)
    why = f": {reasons[0][0]}" if reasons else ""
    failing = len(s["errors_this_run"])
    retried = f" ({failing} URLs recorded as failing, retried later)" if failing else ""
    return f"could not reach {' or '.join(hosts)}{why}; nothing was fetched{retried}"


def mixing_refusal(db_path: str | Path, base_url: str) -> str | None:
    """Why ``db_path`` must not take data from ``base_url`` (sample data and real data never
    mix in one file), or None.  A copy of the site on 127.0.0.1 gives sample data."""
    if not Path(db_path).is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            urls = [r[0] for r in conn.execute("select distinct base_url from crawls")]
        finally:
            conn.close()
    except sqlite3.Error:
        return None  # not ours to judge here: the crawl reports what is wrong with it
    sample = is_sample_url(base_url)
    other = next((u for u in urls if is_sample_url(u) != sample), None)
    if other is None:
        return None
    held = "sample data (from a copy of the site)" if sample is False else "real data"
    return (
        f"{db_path} holds {held}, crawled from {other}; {base_url} would mix "
        f"{'sample' if sample else 'real'} data into it: give another --db"
    )


def format_summary(s: dict, base_url: str | None = None) -> str:
    lines = [
        "",
        f"billwatch update finished ({s['finish_reason']})",
        f"  requests   {s['requests']:>7}   {s['bytes'] / 1024:,.0f} KB downloaded, "
        f"{s['not_modified']} not modified (304)",
        f"  bills      {s['bills']:>7}   +{s['bills_new']} new, {s['bills_deep']} deep-crawled,"
        f" {s['not_found']} not found",
        f"  actions    {s['actions']:>7}",
        f"  documents  {s['documents']:>7}   +{s['documents_new']} new",
        f"  versions   {s['versions']:>7}   +{s['versions_new']} new",
        f"  changes    {s['changes']:>7}   +{s['changes_new']} new"
        f" ({s['changes_new_baseline']} baseline)",
        f"  meetings   {s['meetings']:>7}   +{s['meetings_new']} new, {s['meetings_moved']} moved,"
        f" {s['meetings_cancelled']} cancelled",
        f"  errors     {len(s['errors_new']):>7} new, {s['errors_old']} still failing,"
        f" {s['errors_waiting']} waiting for their retry time",
    ]
    if base_url and base_url.rstrip("/") != cga.CANONICAL_ORIGIN and s["errors_new"]:
        lines.append(
            f"    (requests went to {base_url.rstrip('/')}; URLs are named as on "
            f"{urlsplit(cga.CANONICAL_ORIGIN).netloc})"
        )
    for cited, agenda in s["citations_unknown"][:15]:
        lines.append(f"    ? {agenda} cites {cited}, a bill billwatch does not hold")
    if s.get("positions"):
        lines.append(
            f"  scorecards {s['scorecard_rows']:>7} member rows, {s['positions']} positions,"
            f" +{s['score_changes_new']} score changes ({s['score_changes_new_baseline']} baseline)"
        )
        if s["positions_waiting"]:
            waiting = ", ".join(f"{bill} ({topic})" for bill, topic in s["positions_waiting"])
            lines.append(f"    no counted roll call yet (not scored): {waiting}")
    for url, error in s["errors_new"][:15]:
        lines.append(f"    ! {url}\n      {error}")
    if len(s["errors_new"]) > 15:
        lines.append(f"    … and {len(s['errors_new']) - 15} more (see the errors table)")
    return "\n".join(lines)
