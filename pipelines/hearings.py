"""``hearings``: one row per bill and public hearing, whatever told billwatch of it.

Three sources (``cga.vocab.HEARING_SOURCES``): a ``Public Hearing 03/02`` action, the
hearing date in testimony file names, and a committee meeting whose agenda cites the bill
(docs/cga-site.md, "Committee calendars").  A hearing already known is never added twice:

- a row of the bill on the same day is the same hearing when the committees agree or one
  of them is unknown ('');
- a row linked to a meeting is that meeting's hearing, on whatever day the meeting moved to,
  and a source that still names the day it moved from is the same hearing too.

``source`` says how the hearing was first known, ``sources`` every way it is known; a row
linked to a meeting carries the meeting's ``start`` and ``location``.
"""

from __future__ import annotations

import sqlite_utils

from cga.vocab import HEARING_SOURCES


def _sources(*groups: str | None) -> str:
    found = {s for g in groups if g for s in g.split(",") if s}
    return ",".join(s for s in HEARING_SOURCES if s in found)


def _rows(db: sqlite_utils.Database, bill_id: str) -> list[dict]:
    return list(
        db.query(
            "select rowid as rid, committee, date, source, sources, meeting_id from hearings "
            "where bill_id = ?",
            [bill_id],
        )
    )


def _same_day(rows: list[dict], committee: str, day: str) -> dict | None:
    """The row of that day that is this hearing: the same committee first, else one whose
    committee (or this one) is unknown."""
    days = [r for r in rows if r["date"] == day]
    return next((r for r in days if r["committee"] == committee), None) or next(
        (r for r in days if not committee or not r["committee"]), None
    )


def add_hearing(
    db: sqlite_utils.Database, bill_id: str, committee: str | None, day: str, source: str
) -> None:
    """A hearing of ``bill_id`` on ``day`` known from an action or testimony."""
    committee = committee or ""
    rows = _rows(db, bill_id)
    row = _same_day(rows, committee, day)
    if row is None:  # a meeting's hearing that moved away from that day
        linked = [r for r in rows if r["meeting_id"]]
        for r in linked:
            was = db.execute(
                "select 1 from meeting_history where meeting_id = ? and date = ? limit 1",
                [r["meeting_id"], day],
            ).fetchone()
            if was and (not committee or not r["committee"] or r["committee"] == committee):
                row = r
                break
    if row is None:
        db.execute(
            "insert into hearings (bill_id, committee, date, source, sources) "
            "values (?, ?, ?, ?, ?)",
            [bill_id, committee, day, source, source],
        )
        return
    updates = {"sources": _sources(row["sources"] or row["source"], source)}
    if committee and not row["committee"] and not _taken(rows, row, committee, row["date"]):
        updates["committee"] = committee
    _update(db, row["rid"], updates)


def _taken(rows: list[dict], row: dict, committee: str, day: str) -> bool:
    """Another row already holds (committee, day) for the bill."""
    return any(r is not row and r["committee"] == committee and r["date"] == day for r in rows)


def _update(db: sqlite_utils.Database, rowid: int, values: dict) -> None:
    sets = ", ".join(f"{k} = ?" for k in values)
    db.execute(f"update hearings set {sets} where rowid = ?", [*values.values(), rowid])


def link_meeting(
    db: sqlite_utils.Database,
    bill_id: str,
    meeting_id: str,
    committee: str,
    day: str,
    start: str,
    location: str | None,
) -> None:
    """The bill's hearing at a meeting whose agenda cites it: the meeting's row (moved to
    its current day), else the row of that day it turns out to be, else a new row."""
    rows = _rows(db, bill_id)
    row = next((r for r in rows if r["meeting_id"] == meeting_id), None)
    if row is None:
        row = _same_day([r for r in rows if not r["meeting_id"]], committee, day)
    values = {"meeting_id": meeting_id, "start": start, "location": location}
    if row is None:
        # (or ignore: another meeting of the committee that day already holds the row)
        db.execute(
            "insert or ignore into hearings (bill_id, committee, date, source, sources, "
            "meeting_id, start, location) values (?, ?, ?, 'meeting', 'meeting', ?, ?, ?)",
            [bill_id, committee, day, meeting_id, start, location],
        )
        return
    sources = _sources(row["sources"] or row["source"], "meeting")
    # A row already on the new day (from an action, say) is this hearing too: one row.
    other = next(
        (
            r
            for r in rows
            if r is not row
            and r["date"] == day
            and not r["meeting_id"]
            and (r["committee"] in (committee, "") or not committee)
        ),
        None,
    )
    if other is not None:
        sources = _sources(sources, other["sources"] or other["source"])
        db.execute("delete from hearings where rowid = ?", [other["rid"]])
        rows = [r for r in rows if r is not other]
    values["sources"] = sources
    final = committee or row["committee"]
    if not _taken(rows, row, final, day):  # else another meeting that day holds that row
        values.update(date=day, committee=final)
    _update(db, row["rid"], values)


def unlink_meeting(db: sqlite_utils.Database, bill_id: str, meeting_id: str) -> None:
    """The meeting's agenda no longer cites the bill: its hearing row loses the meeting,
    and goes when the meeting was its only source."""
    for row in _rows(db, bill_id):
        if row["meeting_id"] != meeting_id:
            continue
        rest = _sources(*(s for s in (row["sources"] or "").split(",") if s != "meeting"))
        if not rest:
            db.execute("delete from hearings where rowid = ?", [row["rid"]])
        else:
            source = row["source"] if row["source"] != "meeting" else rest.split(",")[0]
            _update(
                db,
                row["rid"],
                {
                    "meeting_id": None,
                    "start": None,
                    "location": None,
                    "sources": rest,
                    "source": source,
                },
            )


def store_hearings(db: sqlite_utils.Database, bill_id: str, hearings: list[tuple[str, str]]):
    """Hearings announced by the bill's "Public Hearing MM/DD" actions."""
    for code, day in sorted(set(hearings)):
        add_hearing(db, bill_id, code, day, "action")
