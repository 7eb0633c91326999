"""Everything the bill page shows, read from one SQLite connection (no Datasette needed).

``load_bill_page(conn, bill_id, base)`` runs a handful of indexed queries (all by ``bill_id``)
and returns the template context for ``templates/bill.html``; ``None`` when the bill is unknown.
Big columns (version texts, testimony texts) are never read; a redline is read only for the
versions it belongs to.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from datasette.utils import tilde_encode
from markupsafe import Markup

from cga.clock import ct_today
from cga.meetings import format_start
from publish import site
from publish.embed_render import embed_url, first_chamber
from publish.related_render import related
from publish.sanitize import redline_paragraphs
from publish.sanitize import safe_href as _safe_href
from publish.script_json import json_for_script
from publish.status import (
    OUTCOME_LABELS,
    format_date,
    format_timestamp,
    progress_steps,
    progress_summary,
    short_title,
    stage_label,
    status_text,
    status_tone,
)
from publish.testify import NOTE as TESTIFY_NOTE
from publish.testify import how_to_testify
from publish.vote_render import bill_votes

# A redline above this many characters is not inlined (a budget bill's runs to megabytes);
# its summary is shown with a link to the diffs row.
INLINE_REDLINE_LIMIT = 200_000
POSITIONS = ("support", "oppose", "neutral", "unknown")
# A meeting's states, as the bill page lists them (meeting_history.event).
HEARING_EVENT_LABELS = {
    "scheduled": "Scheduled",
    "moved": "Moved",
    "cancelled": "Cancelled",
    "restored": "Scheduled again",
}


def _rows(conn: sqlite3.Connection, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def safe_href(url: str | None) -> Markup | None:
    """An http(s) link target, already escaped for an attribute (so marked safe), or None."""
    href = _safe_href(url)
    return Markup(href) if href else None


def redline_markup(redline_html: str | None) -> Markup:
    """The stored redline rebuilt from the ``<p>``/``<ins>``/``<del>`` allowlist."""
    return Markup("\n".join(f"<p>{html}</p>" for _, html in redline_paragraphs(redline_html)))


def _json_list(value: str | None) -> list[str]:
    try:
        items = json.loads(value or "[]")
    except ValueError:
        return []
    return [str(i) for i in items] if isinstance(items, list) else []


def _versions(conn: sqlite3.Connection, bill_id: str) -> list[dict[str, Any]]:
    versions = _rows(
        conn,
        "select id, seq, label, kind, url, revision, file_number, format, fetched_at "
        "from versions where bill_id = ? order by seq",
        (bill_id,),
    )
    diffs: dict[str, list[dict[str, Any]]] = {}
    for d in _rows(
        conn,
        "select id, from_version, to_version, from_label, to_label, words_added, "
        "words_removed, summary, length(redline_html) as redline_chars, computed_at "
        "from diffs where bill_id = ? order by computed_at",
        (bill_id,),
    ):
        diffs.setdefault(d["to_version"], []).append(d)
    compared = {d["from_version"] for ds in diffs.values() for d in ds}
    previous = None
    for v in versions:
        v["href"] = safe_href(v["url"])
        v["anchor"] = f"v{v['seq']}"
        candidates = diffs.get(v["id"], [])
        # The redline against the previous version; failing that, the latest diff to it.
        chosen = next((d for d in candidates if d["from_version"] == previous), None)
        if chosen is None and candidates:
            chosen = candidates[-1]
        v["diff"] = chosen
        if chosen is not None:
            v["role"] = "diffed"
            if chosen["redline_chars"] <= INLINE_REDLINE_LIMIT:
                row = conn.execute(
                    "select redline_html from diffs where id = ?", (chosen["id"],)
                ).fetchone()
                chosen["redline"] = redline_markup(row[0])
            else:
                chosen["redline"] = None
            chosen["row_url"] = f"/billwatch/diffs/{tilde_encode(chosen['id'])}"
        elif v["kind"] == "amendment":
            v["role"] = "amendment"
        elif v["id"] in compared or previous is None:
            v["role"] = "first"
        else:
            v["role"] = "pending"
        previous = v["id"]
    return versions


def _testimony(conn: sqlite3.Connection, bill_id: str) -> tuple[list[dict], dict[str, Any]]:
    rows = _rows(
        conn,
        "select id, committee, hearing_date, submitter, title, organization, position, "
        "position_raw, url, pages, scanned from testimony where bill_id = ? "
        "order by hearing_date, organization is null, organization collate nocase, "
        "submitter collate nocase",
        (bill_id,),
    )
    for r in rows:
        r["href"] = safe_href(r["url"])
        r["position_label"] = (r["position"] or "not stated").capitalize()
        r["hearing_label"] = format_date(r["hearing_date"])
    counts = _rows(
        conn,
        "select support, oppose, neutral, unknown, total from testimony_positions "
        "where bill_id = ?",
        (bill_id,),
    )
    c = counts[0] if counts else dict.fromkeys((*POSITIONS, "total"), 0)
    total = c["total"] or 0
    segments = []
    for pos in POSITIONS:
        n = c[pos] or 0
        if n:
            segments.append(
                {
                    "position": pos,
                    "count": n,
                    "percent": round(100 * n / total, 1),
                    "label": "not stated" if pos == "unknown" else pos,
                }
            )
    summary = ", ".join(f"{s['count']} {s['label']}" for s in segments)
    bar = {"total": total, "segments": segments, "summary": summary}
    return rows, bar


def _hearings(conn: sqlite3.Connection, bill_id: str) -> list[dict[str, Any]]:
    """The bill's public hearings, one line each, with the meeting's time, place, status and
    agenda when a meeting is known; an upcoming one says how to testify."""
    rows = _rows(
        conn,
        "select h.date, h.committee, h.start, h.location, h.meeting_id, h.sources, "
        "c.name as committee_name, m.status, m.agenda_url, m.testimony_deadline, "
        "m.testimony_deadline_text, coalesce(m.testimony_email, ("
        "  select e.testimony_email from meetings as e where e.committee = h.committee "
        "  and e.testimony_email is not null order by e.date desc limit 1)) as testimony_email "
        "from hearings as h left join committees as c on c.code = h.committee "
        "left join meetings as m on m.id = h.meeting_id where h.bill_id = ? "
        "order by h.date, h.start, h.committee",
        (bill_id,),
    )
    today = ct_today().isoformat()
    history: dict[str, list[dict[str, Any]]] = {}
    for state in _rows(
        conn,
        "select mh.meeting_id, mh.seq, mh.event, mh.start, mh.location, mh.seen_at "
        "from meeting_history as mh where mh.meeting_id in "
        "(select meeting_id from hearings where bill_id = ? and meeting_id is not null) "
        "order by mh.meeting_id, mh.seq",
        (bill_id,),
    ):
        state["anchor"] = f"hearing-{state['meeting_id']}-{state['seq']}"
        state["event_label"] = HEARING_EVENT_LABELS.get(state["event"], state["event"])
        state["when"] = ", ".join(x for x in (format_start(state["start"]), state["location"]) if x)
        state["seen_label"] = format_date(state["seen_at"])
        history.setdefault(state["meeting_id"], []).append(state)
    for r in rows:
        r["history"] = history.get(r["meeting_id"] or "", [])
        r["label"] = format_start(r["start"]) or format_date(r["date"])
        r["datetime"] = r["start"] or r["date"]
        r["committee_label"] = r["committee_name"] or r["committee"]
        r["anchor"] = f"hearing-{r['meeting_id']}" if r["meeting_id"] else None
        r["cancelled"] = r["status"] == "cancelled"
        r["upcoming"] = r["date"] >= today
        r["agenda_href"] = safe_href(r["agenda_url"])
        r["testify"] = (
            how_to_testify(
                r["committee"],
                r["committee_name"],
                r["testimony_email"],
                r["testimony_deadline"],
                r["testimony_deadline_text"],
            )
            if r["upcoming"] and not r["cancelled"]
            else None
        )
        if r["testify"] is not None:
            r["form_href"] = safe_href(r["testify"].form_url)
    return rows


def embed_snippets(base: str, bill_id: str, number: str, session: int) -> dict[str, str]:
    """The two ways to put the card on another site, ready to copy."""
    title = f"Status of {number} ({session}), from billwatch"
    iframe = (
        f'<iframe src="{embed_url(base, bill_id)}" title="{title}" width="380" '
        'height="250" style="border:0;max-width:100%" loading="lazy"></iframe>'
    )
    script = (
        f'<div data-billwatch-bill="{bill_id}"></div>\n'
        f'<script src="{embed_url(base, bill_id, "js")}" async></script>'
    )
    return {"iframe": iframe, "script": script}


def load_bill_page(conn: sqlite3.Connection, bill_id: str, base: str) -> dict[str, Any] | None:
    """Template context for the bill page, or None when the bill is not in the database."""
    found = _rows(conn, "select * from bills where id = ?", (bill_id,))
    if not found:
        return None
    bill = found[0]
    chamber = first_chamber(conn, bill_id)
    number = f"{bill['type']} {bill['number']}"
    committee = conn.execute(
        "select name from committees where code = ?", (bill["committee"],)
    ).fetchone()
    bill.update(
        number=number,
        short_title=short_title(bill["title"]),
        committee_name=committee[0] if committee else bill["committee"],
        introducer_list=_json_list(bill["introducers"]),
        cosponsor_list=_json_list(bill["cosponsors"]),
        status_href=safe_href(bill["status_url"]),
        stage_label=stage_label(bill["stage"], chamber),
        outcome_label=OUTCOME_LABELS.get(bill["outcome"], bill["outcome"]),
        status=status_text(bill["stage"], bill["outcome"], bill["public_act"], chamber),
        tone=status_tone(bill["outcome"]),
        last_action_label=format_date(bill["last_action_date"]),
    )
    actions = _rows(
        conn,
        "select seq, date, code, text, stage, event, chamber from actions "
        "where bill_id = ? order by date, seq",
        (bill_id,),
    )
    for a in actions:
        a["date_label"] = format_date(a["date"])
        a["stage_label"] = stage_label(a["stage"]) if a["stage"] else ""
    documents = _rows(
        conn,
        "select id, kind, label, url from documents where bill_id = ? order by kind, label",
        (bill_id,),
    )
    for d in documents:
        d["href"] = safe_href(d["url"])
        d["kind_label"] = d["kind"].replace("_", " ").capitalize()
    testimony, bar = _testimony(conn, bill_id)
    topics = [
        {"topic": r[0], "path": site.topic_path(r[0]), "feeds": site.feed_urls(base, "topic", r[0])}
        for r in conn.execute(
            "select topic from bill_topics where bill_id = ? order by topic", (bill_id,)
        )
    ]
    subjects = [
        r[0]
        for r in conn.execute(
            "select subject from subjects where bill_id = ? order by subject", (bill_id,)
        )
    ]
    updated = site.last_update(conn)
    sample = site.is_sample(conn)
    page_url = site.bill_url(base, bill_id)
    json_ld = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": bill["title"],
        "alternateName": f"{number} ({bill['session']})",
        "legislationIdentifier": bill_id,
        "legislationJurisdiction": "Connecticut",
        "legislationPassedBy": {"@type": "Organization", "name": "Connecticut General Assembly"},
        "url": page_url,
        "sameAs": bill["status_href"],
        "dateModified": updated,
    }
    return {
        "bill": bill,
        "steps": progress_steps(bill["stage"], bill["outcome"], chamber),
        "progress_label": progress_summary(bill["stage"], bill["outcome"], chamber),
        "actions": actions,
        "versions": _versions(conn, bill_id),
        "related": related(conn, bill_id, base),
        "votes": bill_votes(conn, bill_id, base),
        "documents": documents,
        "testimony": testimony,
        "bar": bar,
        "hearings": _hearings(conn, bill_id),
        "testify_note": TESTIFY_NOTE,
        "topics": topics,
        "subjects": subjects,
        "feeds": site.feed_urls(base, "bill", bill_id),
        "snippets": embed_snippets(base, bill_id, number, bill["session"]),
        "snippets_relative": not base,  # completed in the browser from location.origin
        "embed_path": f"/embed/{bill_id}",
        "page_url": page_url,
        "json_ld": json_for_script(json_ld),
        "sample": sample,
        "sample_label": site.SAMPLE_LABEL,
        "updated": updated,
        "updated_label": format_timestamp(updated),
    }
