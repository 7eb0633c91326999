"""Testimony rows, the hearings they date (``pipelines/hearings.py``), and one change per
bill per crawl for new submissions.

A PDF listed under two bills is one row per bill (the position may differ); its text
is downloaded once and copied from the stored row.  A hearing with 200 submissions
is one readable change ("3 new testimonies on 2015-HB-7017: 2 support, 1 oppose"),
keyed by the set of new submissions, so a rerun adds nothing; every submission it
covers is listed in ``change_items``, so a feed can name them all.
"""

from __future__ import annotations

import hashlib
from collections import Counter

import sqlite_utils

import cga
from cga.records import Fetched, TestimonyFetch
from cga.testimony import testimony_id

from .changes import Change
from .hearings import add_hearing


def store_testimony(
    db: sqlite_utils.Database,
    bill_id: str,
    fetches: list[TestimonyFetch],
    listing: Fetched,
    now: str,
) -> list[Change]:
    known = {
        r[0] for r in db.execute("select id from testimony where bill_id = ?", [bill_id]).fetchall()
    }
    rows = []
    for f in fetches:
        row_id = testimony_id(bill_id, f.url)
        if row_id in known:
            continue
        known.add(row_id)
        if f.fetched is None:  # stored before, for another bill: copy, never re-download
            stored = db.execute(
                "select text, pages, scanned, sha256, fetched_at from testimony "
                "where url = ? limit 1",
                [f.url],
            ).fetchone()
            if stored is None:
                continue  # nothing to copy yet; the next crawl downloads it
            text, pages, scanned, sha, fetched_at = stored
        else:
            text, pages, sha, fetched_at = f.text, f.pages, f.fetched.sha256, f.fetched.fetched_at
            scanned = int(text is None)
        n = f.name
        rows.append(
            {
                "id": row_id,
                "bill_id": bill_id,
                "committee": n.committee,
                "hearing_date": n.hearing_date,
                "submitter": n.submitter,
                "title": n.title,
                "organization": n.organization,
                "position": n.position,
                "position_raw": n.position_raw,
                "file_name": n.file_name,
                "url": f.url,
                "text": text,
                "pages": pages,
                "scanned": scanned,
                "sha256": sha,
                "source_url": listing.origin,
                "fetched_at": fetched_at,
            }
        )
    if not rows:
        return []
    db.table("testimony").insert_all(rows)
    dated = {(r["committee"] or "", r["hearing_date"]) for r in rows if r["hearing_date"]}
    for committee, day in sorted(dated):
        add_hearing(db, bill_id, committee, day, "testimony")
    return [testimony_change(bill_id, rows)]


def testimony_change(bill_id: str, rows: list[dict]) -> Change:
    counts = Counter(r["position"] or "not stated" for r in rows)
    parts = [
        f"{counts[p]} {p}" for p in ("support", "oppose", "neutral", "not stated") if counts[p]
    ]
    noun = "testimony" if len(rows) == 1 else "testimonies"
    ids = sorted(r["id"] for r in rows)
    digest = hashlib.sha256("|".join(ids).encode()).hexdigest()[:16]
    hearings = [r["hearing_date"] for r in rows if r["hearing_date"]]
    return Change(
        bill_id,
        "testimony",
        f"testimony|{bill_id}|{digest}",
        f"{len(rows)} new {noun} on {bill_id}: {', '.join(parts)}",
        cga.CANONICAL_ORIGIN + cga.testimony_path(cga.split_bill_id(bill_id)),
        ids[0],
        event_date=max(hearings, default=None),
        items=tuple(ids),
    )
