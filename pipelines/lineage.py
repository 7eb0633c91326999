"""Lineage: one idea followed across bills and sessions (README, "Lineage").

For each bill whose texts or public act changed, in the bill's own transaction:

1. every new version's statute references (``cga.statutes``) into ``statute_refs``;
2. the bill's latest readable text (raised → substitutes → file copies → public act) is
   its lineage text (``lineage``; a scanned or empty text is skipped, with the reason);
   its MinHash band keys replace the bill's rows in ``lineage_bands``;
3. its links are recomputed against the index, not against every bill: bills amending the
   act it became or the act it amends (``statute_refs`` by act, ``bills.public_act``), bills
   amending the same statute sections (``statute_refs`` by sort key), bills sharing a band
   key whose shared passages hold up exactly (``pipelines.similarity``): found by
   ``pipelines/lineage_links.py``;
4. ``related_bills`` rows involving the bill are replaced (both directions), the first link
   of a pair is a ``related`` change of the bill, and a bill linked (other than by shared
   sections) to a bill a watchlist topic follows joins that topic.

Rerunning with nothing changed does nothing: the bill's ``lineage`` row remembers the last
version and public act it saw.
"""

from __future__ import annotations

import json
from collections import defaultdict

import sqlite_utils

import cga
from cga.documents import ChainVersion
from cga.statutes import statute_refs

from .changes import Change
from .diffs import load_chain
from .lineage_links import REVERSE, Indexed, Link, find_links
from .similarity import band_keys, comparable_words

# Which relation a pair's change (and the bill page) names first.
RELATION_ORDER = ("amends_act", "amended_by", "companion", "similar_text", "same_sections")
# A bill linked to a watched bill by one of these joins the watched bill's topics (shared
# sections alone do not: 12-81 is amended by dozens of unrelated bills a year).
PROPAGATES = frozenset({"amends_act", "amended_by", "companion", "similar_text"})
RELATED_PREFIX = "related to "  # bill_topics.matched of a topic joined through a link

MIN_WORDS = 20  # a text with fewer words of its own is not compared by text


# --------------------------------------------------------------------------- references


def store_refs(db: sqlite_utils.Database, bill_id: str) -> int:
    """Statute references of the bill's versions not read yet; returns rows added."""
    rows = []
    for version_id, text in db.execute(
        "select id, text from versions v where bill_id = ? and not exists "
        "(select 1 from statute_refs r where r.version_id = v.id) order by seq",
        [bill_id],
    ).fetchall():
        for seq, ref in enumerate(statute_refs(text or ""), start=1):
            rows.append(
                (
                    version_id,
                    seq,
                    ref.bill_section,
                    ref.section,
                    ref.section_end,
                    ref.public_act,
                    ref.action,
                    ref.sort_key,
                    ref.sort_key_end,
                )
            )
    db.conn.executemany(
        "insert or ignore into statute_refs (version_id, seq, bill_section, section, "
        "section_end, public_act, action, sort_key, sort_key_end) "
        "values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return len(rows)


def _lineage_text(
    db: sqlite_utils.Database, bill_id: str
) -> tuple[ChainVersion | None, str | None]:
    """The latest readable text of the bill's chain, or (None, why not)."""
    texts = load_chain(db, bill_id)
    if not texts:
        return None, "no text of the bill stored yet (amendments alone are not its text)"
    for version in reversed(texts):
        if version.text and version.text.strip():
            return version, None
    return None, "its texts are empty (a scanned PDF has no text layer)"


# --------------------------------------------------------------------------- the index


def _index(db: sqlite_utils.Database, bill_id: str) -> Indexed | None:
    row = db.execute(
        "select session, chamber, public_act from bills where id = ?", [bill_id]
    ).fetchone()
    if row is None:
        return None
    version, skipped = _lineage_text(db, bill_id)
    bill = Indexed(bill_id, row[0], row[1], row[2], version, skipped=skipped)
    if version is not None:
        bill.words = comparable_words(version.text)
        if bill.words.count < MIN_WORDS:
            bill.skipped = (
                f"only {bill.words.count} words of its own beside the bill's formulas: "
                "too short to compare by text (its statute references still count)"
            )
        else:
            bill.keys, bill.chunks = band_keys(bill.words)
    return bill


def _save_index(db: sqlite_utils.Database, bill: Indexed, seen_seq: int, now: str) -> None:
    db.execute("delete from lineage_bands where bill_id = ?", [bill.bill_id])
    db.conn.executemany(
        "insert or ignore into lineage_bands (key, bill_id) values (?, ?)",
        [(k, bill.bill_id) for k in bill.keys],
    )
    db.execute(
        "insert or replace into lineage (bill_id, version_id, public_act, seen_seq, words, "
        "chunks, skipped, indexed_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            bill.bill_id,
            bill.version.id if bill.version else None,
            bill.public_act,
            seen_seq,
            bill.words.count if bill.words else 0,
            bill.chunks,
            bill.skipped,
            now,
        ],
    )


# --------------------------------------------------------------------------- storing


def _store_links(
    db: sqlite_utils.Database, bill_id: str, links: list[Link], now: str
) -> list[Change]:
    found = {
        (r[0], r[1], r[2]): r[3]
        for r in db.execute(
            "select bill_id, related_id, relation, found_at from related_bills "
            "where bill_id = ? or related_id = ?",
            [bill_id, bill_id],
        ).fetchall()
    }
    db.execute("delete from related_bills where bill_id = ? or related_id = ?", [bill_id, bill_id])
    db.conn.executemany(
        "insert or replace into related_bills (bill_id, related_id, relation, score, evidence, "
        "found_at) values (?, ?, ?, ?, ?, ?)",
        [
            (
                lk.bill_id,
                lk.related_id,
                lk.relation,
                lk.score,
                json.dumps(lk.evidence, ensure_ascii=False, sort_keys=True),
                found.get((lk.bill_id, lk.related_id, lk.relation), now),
            )
            for lk in links
        ],
    )
    return _pair_changes(db, links)


def _later(db: sqlite_utils.Database, a: str, b: str) -> str:
    """The bill that continues the other: the later session, else the one billwatch saw
    first later (a bill new in the bulk files), else the higher number."""

    def key(bill_id: str) -> tuple:
        bill = cga.split_bill_id(bill_id)
        row = db.execute("select first_seen_at from bills where id = ?", [bill_id]).fetchone()
        return (bill.session, row[0] if row else "", bill.number, bill.type)

    return a if key(a) >= key(b) else b


def _pair_changes(db: sqlite_utils.Database, links: list[Link]) -> list[Change]:
    """One change per pair of bills, the first time they are linked, on the bill that
    continues the other (the amending bill, or the later one) and in its words."""
    pairs: dict[tuple[str, str], list[Link]] = defaultdict(list)
    for lk in links:
        low, high = sorted((lk.bill_id, lk.related_id))
        pairs[(low, high)].append(lk)
    changes = []
    for (low, high), group in sorted(pairs.items()):
        acts = [lk for lk in group if lk.relation == "amends_act"]
        speaker = acts[0].bill_id if acts else _later(db, low, high)
        own = [lk for lk in group if lk.bill_id == speaker]
        own.sort(key=lambda lk: RELATION_ORDER.index(lk.relation))
        other = high if speaker == low else low
        changes.append(
            Change(
                speaker,
                "related",
                f"related|{low}|{high}",
                own[0].says,
                cga.status_url(cga.split_bill_id(other)),
                other,
            )
        )
    return changes


def _source_topics(db: sqlite_utils.Database, bill_id: str, relation: str) -> list[str]:
    """Topics a link passes on: the bill's own, and, along a chain of acts amended (each
    amending the act before it), topics that came down that chain."""
    rows = db.execute(
        "select topic, matched from bill_topics where bill_id = ?", [bill_id]
    ).fetchall()
    acts = relation in REVERSE
    return [
        topic
        for topic, matched in rows
        if not matched.startswith(RELATED_PREFIX)
        or (acts and matched.endswith(("(amends_act)", "(amended_by)")))
    ]


def _propagate_topics(db: sqlite_utils.Database, bill_id: str, links: list[Link]) -> None:
    """A bill linked to a bill a topic follows directly joins the topic (one hop), naming
    the strongest link; a topic's own match (keyword, bill id) is never overwritten."""
    wanted: dict[tuple[str, str], tuple[int, str]] = {}
    for lk in links:
        if lk.relation not in PROPAGATES or lk.bill_id != bill_id:
            continue
        back = REVERSE.get(lk.relation, lk.relation)
        for member, other, relation in (
            (bill_id, lk.related_id, lk.relation),
            (lk.related_id, bill_id, back),
        ):
            for topic in _source_topics(db, other, relation):
                rank = RELATION_ORDER.index(relation)
                why = f"{RELATED_PREFIX}{other} ({relation})"
                if (member, topic) not in wanted or rank < wanted[(member, topic)][0]:
                    wanted[(member, topic)] = (rank, why)
    for (member, topic), (rank, why) in sorted(wanted.items()):
        row = db.execute(
            "select matched from bill_topics where bill_id = ? and topic = ?", [member, topic]
        ).fetchone()
        if row is not None:
            current = row[0]
            if not current.startswith(RELATED_PREFIX):
                continue  # the topic matches the bill itself
            held = current.rsplit("(", 1)[-1].rstrip(")")
            if held in RELATION_ORDER and RELATION_ORDER.index(held) <= rank:
                continue
        db.execute(
            "insert or replace into bill_topics (bill_id, topic, matched) values (?, ?, ?)",
            [member, topic, why],
        )


# --------------------------------------------------------------------------- entry points


def update_lineage(db: sqlite_utils.Database, bill_id: str, now: str) -> list[Change] | None:
    """Bring the bill's lineage up to date; its new ``related`` changes, or None when
    nothing it depends on changed since last time (nothing was done)."""
    seen = db.execute(
        "select max(seq), (select public_act from bills where id = ?) from versions "
        "where bill_id = ?",
        [bill_id, bill_id],
    ).fetchone()
    if seen is None or seen[0] is None:
        return None
    row = db.execute(
        "select seen_seq, public_act from lineage where bill_id = ?", [bill_id]
    ).fetchone()
    if row is not None and row[0] == seen[0] and (row[1] or "") == (seen[1] or ""):
        return None
    store_refs(db, bill_id)
    bill = _index(db, bill_id)
    if bill is None:
        return None
    _save_index(db, bill, seen[0], now)
    links = find_links(db, bill)
    changes = _store_links(db, bill_id, links, now)
    _propagate_topics(db, bill_id, links)
    return changes


def stale_bills(db: sqlite_utils.Database) -> list[str]:
    """Bills with texts whose lineage is missing or behind (a migration's backfill, a
    public act learnt from the bulk files)."""
    return [
        r[0]
        for r in db.execute(
            """select v.bill_id from versions v
               join bills b on b.id = v.bill_id
               left join lineage l on l.bill_id = v.bill_id
               group by v.bill_id
               having max(l.bill_id) is null or max(v.seq) != max(l.seen_seq)
                   or coalesce(max(b.public_act), '') != coalesce(max(l.public_act), '')
               order by v.bill_id"""
        ).fetchall()
    ]
