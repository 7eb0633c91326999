"""Redlines of consecutive bill texts, computed once per pair and stored in ``diffs`` (the
unified line diff is not stored: the site derives it from the two texts, /diffs/ID.diff).

A bill's texts form a chain: raised/proposed bill → committee substitutes → file
copies → public act (amendments are proposals to change a text, not a text of the
bill, and stay out of it).  A document re-issued with new text follows its earlier
text.  Versions can arrive out of order (a substitute found after its file copy):
the chain is recomputed from all stored versions each time, a pair already stored
is never recomputed, and stored pairs that are no longer consecutive are dropped
(``diffs`` is derived data; the change log keeps what was said when).
"""

from __future__ import annotations

import hashlib
from itertools import pairwise

import sqlite_utils

from cga.documents import ChainVersion, chain
from cga.redline import diff_versions


def diff_id(from_version: str | None, to_version: str) -> str:
    return hashlib.sha256(f"{from_version}|{to_version}".encode()).hexdigest()[:20]


def load_chain(db: sqlite_utils.Database, bill_id: str) -> list[ChainVersion]:
    rows = db.execute(
        "select id, seq, label, kind, url, revision, file_number, text from versions "
        "where bill_id = ? order by seq",
        [bill_id],
    ).fetchall()
    return chain([ChainVersion(*r) for r in rows])


def update_diffs(db: sqlite_utils.Database, bill_id: str, now: str) -> dict[str, str]:
    """Store redlines for consecutive pairs not yet diffed.

    Returns ``{to_version_id: summary}`` for the pairs computed now, so the change
    log entry of a new version can carry its summary as first computed.
    """
    texts = load_chain(db, bill_id)
    pairs = list(pairwise(texts))
    wanted = {diff_id(a.id, b.id) for a, b in pairs}
    stored = {
        r[0] for r in db.execute("select id from diffs where bill_id = ?", [bill_id]).fetchall()
    }
    stale = stored - wanted
    if stale:
        db.conn.executemany("delete from diffs where id = ?", [(i,) for i in sorted(stale)])
    computed: dict[str, str] = {}
    rows = []
    for a, b in pairs:
        if diff_id(a.id, b.id) in stored:
            continue
        d = diff_versions(a.text, b.text)
        rows.append(
            {
                "id": diff_id(a.id, b.id),
                "bill_id": bill_id,
                "from_version": a.id,
                "to_version": b.id,
                "from_label": a.label,
                "to_label": b.label,
                "words_added": d.words_added,
                "words_removed": d.words_removed,
                "summary": d.summary,
                "redline_html": d.redline_html,
                # derived on demand (publish/diff_text.py), not stored: migration 120
                "unified": None,
                "computed_at": now,
            }
        )
        computed[b.id] = d.summary
    if rows:
        db.table("diffs").insert_all(rows)
    return computed
