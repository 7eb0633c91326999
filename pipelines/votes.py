"""Roll calls into ``votes`` and ``vote_records``; the vote folders' files into ``vote_files``.

A roll call is stored once under its id (``2016-HV-123``) with its printed totals, whether or
not its member lines add up (``complete`` says; the spider has written the errors row naming
the document and the difference).  Stored again unchanged it adds nothing; its own document
re-issued with other bytes replaces its rows and logs one "corrected" change; another
document of the same roll call (an .htm beside the PDF) is only recorded in ``vote_files``.
Questions are worked out for all the bill's votes together (``cga.votes.questions``: a House
label's suffix, else the bill's history that day) after its actions are stored.
"""

from __future__ import annotations

from typing import NamedTuple

import sqlite_utils

import cga
from cga.records import RollCallFetch, VoteFolderItem
from cga.votes import (
    complete,
    day_label,
    parse_vote_filename,
    passed,
    questions,
    vote_date,
    vote_sentence,
)

from .changes import Change
from .errors import remember_fetches, touch_fetches
from .legislators import link_records

UNKNOWN_BILL = "names a bill billwatch does not hold"


def vote_url(bill_id: str, vote_id: str) -> str:
    """Where a vote is shown: its anchor on the bill page (site-relative)."""
    return f"/bills/{bill_id}#vote-{vote_id}"


def _file_row(key: str, url: str, found_on: str, now: str, **values) -> dict:
    file = parse_vote_filename(url)
    return {
        "key": key,
        "url": url,
        "session": file.session,
        "chamber": file.chamber,
        "number": file.number,
        "bill_id": str(file.bill) if file.bill else None,
        "vote_id": None,
        "skipped": None,
        "found_on": found_on,
        "first_seen_at": now,
        **values,
    }


def _upsert_files(db: sqlite_utils.Database, rows: list[dict]) -> None:
    db.conn.executemany(
        """insert into vote_files (key, url, session, chamber, number, bill_id, vote_id,
               skipped, found_on, first_seen_at)
           values (:key, :url, :session, :chamber, :number, :bill_id, :vote_id, :skipped,
               :found_on, :first_seen_at)
           on conflict(key) do update set
               vote_id = coalesce(excluded.vote_id, vote_files.vote_id),
               skipped = case when excluded.vote_id is not null then null
                              else coalesce(excluded.skipped, vote_files.skipped) end,
               bill_id = coalesce(vote_files.bill_id, excluded.bill_id),
               session = coalesce(vote_files.session, excluded.session),
               chamber = coalesce(vote_files.chamber, excluded.chamber),
               number = coalesce(vote_files.number, excluded.number)""",
        rows,
    )


def store_vote_folders(db: sqlite_utils.Database, item: VoteFolderItem, now: str) -> int:
    """Record every file the folders list (pending until a bill stores it, or skipped with
    the reason); returns files first seen."""
    known = {r[0] for r in db.execute("select id from bills where session = ?", [item.session])}
    before = db.execute("select count(*) from vote_files").fetchone()[0]
    rows = []
    for url, folder in item.files:
        file = parse_vote_filename(url)
        skipped = file.problem
        if skipped is None and file.bill is None:
            skipped = f"no bill in the file name {file.name!r}"
        elif skipped is None and str(file.bill) not in known:
            skipped = f"{UNKNOWN_BILL} ({file.bill})"
        rows.append(_file_row(cga.url_key(url), url, folder, now))
        rows[-1]["skipped"] = skipped
    db.conn.executemany(
        """insert or ignore into vote_files (key, url, session, chamber, number, bill_id,
               vote_id, skipped, found_on, first_seen_at)
           values (:key, :url, :session, :chamber, :number, :bill_id, :vote_id, :skipped,
               :found_on, :first_seen_at)""",
        rows,
    )
    # A bill unknown when its file was first listed may be known now: the file is pending.
    db.conn.executemany(
        "update vote_files set skipped = null where key = ? and vote_id is null "
        "and skipped like ? and bill_id in (select id from bills)",
        [(r["key"], UNKNOWN_BILL + "%") for r in rows if r["skipped"] is None],
    )
    remember_fetches(db, item.listings)
    touch_fetches(db, item.not_modified, now)
    return db.execute("select count(*) from vote_files").fetchone()[0] - before


class _Stored(NamedTuple):
    id: str
    chamber: str
    number: int
    date: str | None
    label: str | None
    motion: str | None
    question: str | None


def store_roll_calls(
    db: sqlite_utils.Database,
    bill_id: str,
    fetches: list[RollCallFetch],
    now: str,
    baseline: bool | None = None,
) -> list[Change]:
    """Store the roll calls read for one bill (in the bill's transaction, after its
    actions); returns the change-log entries of votes first seen or corrected."""
    session = cga.split_bill_id(bill_id).session
    new: list[str] = []
    corrected: dict[str, str] = {}  # vote id -> sha of the new document
    motions: dict[str, str | None] = {}
    files: list[dict] = []
    for f in fetches:
        key = cga.url_key(f.url)
        if f.skipped is not None or f.roll_call is None or f.fetched is None:
            files.append(_file_row(key, f.url, f.found_on, now, skipped=f.skipped, bill_id=bill_id))
            continue
        rc, vid = f.roll_call, f.file.vote_id
        assert vid is not None and f.file.chamber is not None and f.file.number is not None
        files.append(_file_row(key, f.url, f.found_on, now, vote_id=vid, bill_id=bill_id))
        motions[vid] = rc.motion
        stored = db.execute("select url, sha256, label from votes where id = ?", [vid]).fetchone()
        if stored is not None and cga.url_key(stored[0]) != key:
            continue  # another document of a roll call already stored
        if stored is not None and stored[1] == f.fetched.sha256:
            if f.label and f.label != stored[2]:
                db.execute("update votes set label = ? where id = ?", [f.label, vid])
            continue
        row = {
            "id": vid,
            "bill_id": bill_id,
            "session": f.file.session or session,
            "chamber": f.file.chamber,
            "number": f.file.number,
            "date": vote_date(rc.taken_on, f.file.session or session),
            "yea": rc.yea,
            "nay": rc.nay,
            "absent_not_voting": rc.absent_not_voting,
            "needed": rc.needed,
            "passed": passed(rc.yea, rc.needed),
            "complete": int(complete(rc)),
            "label": f.label or (stored[2] if stored else None),
            "layout": rc.layout,
            "url": f.url,
            "sha256": f.fetched.sha256,
            "source_url": f.fetched.origin,
            "fetched_at": f.fetched.fetched_at,
        }
        if stored is None:
            db.table("votes").insert(row)
            new.append(vid)
        else:
            db.table("votes").update(vid, row)
            db.execute("delete from vote_records where vote_id = ?", [vid])
            corrected[vid] = f.fetched.sha256
        db.conn.executemany(
            "insert into vote_records (vote_id, seq, name, legislator_id, vote, seat) "
            "values (?, ?, ?, null, ?, ?)",
            [(vid, n, m.name, m.vote, m.seat) for n, m in enumerate(rc.members, start=1)],
        )
    _upsert_files(db, files)
    link_records(db, [*new, *corrected])
    _assign_questions(db, bill_id, motions)
    return [_change(db, bill_id, vid, None, baseline) for vid in new] + [
        _change(db, bill_id, vid, sha, baseline) for vid, sha in corrected.items()
    ]


class _Action(NamedTuple):
    date: str
    text: str
    event: str
    chamber: str | None


def _assign_questions(db: sqlite_utils.Database, bill_id: str, motions: dict[str, str | None]):
    votes = [
        _Stored(row[0], row[1], row[2], row[3], row[4], motions.get(row[0]), row[5])
        for row in db.execute(
            "select id, chamber, number, date, label, question from votes where bill_id = ?",
            [bill_id],
        ).fetchall()
    ]
    if not votes:
        return
    actions = [
        _Action(*row)
        for row in db.execute(
            "select date, text, event, chamber from actions where bill_id = ? order by seq",
            [bill_id],
        ).fetchall()
    ]
    asked = questions(votes, actions)
    db.conn.executemany(
        "update votes set question = ? where id = ?",
        [
            (asked[v.id], v.id)
            for v in votes
            # A question once known is kept when the inputs that gave it are not re-read.
            if asked.get(v.id) is not None and asked[v.id] != v.question
        ],
    )


def _change(
    db: sqlite_utils.Database, bill_id: str, vid: str, sha: str | None, baseline: bool | None
) -> Change:
    row = db.execute(
        "select chamber, number, date, question, yea, nay, absent_not_voting, needed, passed, "
        "complete from votes where id = ?",
        [vid],
    ).fetchone()
    chamber, number, day, question, yea, nay, others, needed, outcome, whole = row
    outcome = None if outcome is None else bool(outcome)
    title = vote_sentence(chamber, question, outcome, yea, nay, bill_id=bill_id)
    detail = f"Roll call {number}"
    if day:
        detail += f" on {day_label(day)}"
    if question and question != "passage":
        detail += f", {question}"
    counts = [f"{yea} yea" if yea is not None else "", f"{nay} nay" if nay is not None else ""]
    if others is not None:
        counts.append(f"{others} absent or not voting")
    detail += ": " + ", ".join(c for c in counts if c)
    if needed is not None:
        detail += f"; {needed} needed"
    detail += "."
    if not whole:
        detail += " Its member lines do not add up to these printed totals (see errors)."
    if sha is not None:
        title += " (corrected document)"
    key = f"vote|{vid}" if sha is None else f"vote|{vid}|{sha[:16]}"
    return Change(bill_id, "vote", key, f"{title}\n{detail}", vote_url(bill_id, vid), vid, baseline)
