"""Lineage: one idea followed across bills and sessions (README, "Lineage").

For each bill whose texts or public act changed, in the bill's own transaction:

1. every new version's statute references (``cga.statutes``) into ``statute_refs``;
2. the bill's latest readable text (raised → substitutes → file copies → public act) is
   its lineage text (``lineage``; a scanned or empty text is skipped, with the reason);
   its MinHash band keys replace the bill's rows in ``lineage_bands``;
3. its links are recomputed against the index, not against every bill: bills amending the
   act it became or the act it amends (``statute_refs`` by act, ``bills.public_act``), bills
   amending the same statute sections (``statute_refs`` by sort key), bills sharing a band
   key whose shared passages hold up exactly (``pipelines.similarity``);
4. ``related_bills`` rows involving the bill are replaced (both directions), the first link
   of a pair is a ``related`` change of the bill, and a bill linked (other than by shared
   sections) to a bill a watchlist topic follows joins that topic.

Rerunning with nothing changed does nothing: the bill's ``lineage`` row remembers the last
version and public act it saw.
"""

from __future__ import annotations

import json
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlite_utils

import cga
from cga.documents import ChainVersion
from cga.statutes import section_sort_key, statute_refs

from .changes import Change
from .diffs import load_chain
from .similarity import Shared, Words, band_keys, comparable_words, quote, shared_passages

# Which relation a pair's change (and the bill page) names first.
RELATION_ORDER = ("amends_act", "amended_by", "companion", "similar_text", "same_sections")
REVERSE = {"amends_act": "amended_by", "amended_by": "amends_act"}
# A bill linked to a watched bill by one of these joins the watched bill's topics (shared
# sections alone do not: 12-81 is amended by dozens of unrelated bills a year).
PROPAGATES = frozenset({"amends_act", "amended_by", "companion", "similar_text"})
RELATED_PREFIX = "related to "  # bill_topics.matched of a topic joined through a link

MIN_WORDS = 20  # a text with fewer words of its own is not compared by text
SIMILAR_MIN_SCORE = 0.2  # share of the smaller text in shared passages
SIMILAR_MIN_WORDS = 30
COMPANION_MIN = 0.8  # both texts this much shared: near-identical
MAX_CANDIDATES = 25  # bills sharing the most band keys, aligned exactly
MIN_SHARED_KEYS = 2  # a candidate shares at least this many band keys
# A band key of more bills than this (or than 1% of the indexed bills, when that is more)
# is a common passage (a standard definition), not lineage; likewise a statute section
# amended by more bills than MAX_SECTION_BILLS (10-1's definitions, 12-81's exemptions).
MAX_POSTING = 20
MAX_SECTION_BILLS = 50
MAX_LINKS = 100  # per bill and relation, the best by score
MAX_SAME_SECTIONS = 20  # the weakest evidence: fewer of them
PASSAGES_SHOWN = 3
AMENDING = ("amends", "repeals")


@dataclass
class Link:
    bill_id: str
    related_id: str
    relation: str
    score: float
    evidence: dict
    says: str  # the link in words, from bill_id's side


@dataclass
class Indexed:
    """A bill as lineage sees it."""

    bill_id: str
    session: int
    chamber: str
    public_act: str | None
    version: ChainVersion | None
    words: Words | None = None
    skipped: str | None = None
    keys: list[int] = field(default_factory=list)
    chunks: int = 0


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


# --------------------------------------------------------------------------- wording


def _and(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _sections_phrase(sections: list[str]) -> str:
    if not sections:
        return ""
    noun = "section" if len(sections) == 1 else "sections"
    return f", {noun} {_and(sections)}"


def _by_key(sections: Iterable[str], act: bool = False) -> list[str]:
    def key(s: str) -> tuple:
        head = s.split(" to ")[0]
        if act:
            digits = "".join(c for c in head if c.isdigit())
            return (int(digits or 0), head)
        return (section_sort_key(head) or head,)

    return sorted(set(sections), key=key)


def _range(section: str | None, end: str | None) -> str | None:
    if section is None:
        return None
    return f"{section} to {end}" if end else section


# --------------------------------------------------------------------------- finding links


def _amending_refs(db: sqlite_utils.Database, version_id: str) -> list[tuple]:
    return db.execute(
        "select section, section_end, public_act, action, sort_key, sort_key_end "
        "from statute_refs where version_id = ? and action in ('amends', 'repeals') "
        "order by seq",
        [version_id],
    ).fetchall()


def _act_links(
    amending_id: str, act_bill: str, act: str, refs: list[tuple], total: int
) -> list[Link]:
    sections = _by_key((f"{r[0]} to {r[1]}" if r[1] else r[0] for r in refs if r[0]), act=True)
    # A bill repealing an act changes nothing until it passes: it "would repeal".
    repeal = all(r[3] == "repeals" for r in refs)
    verb, passive = ("would repeal", "would be repealed") if repeal else ("amends", "is amended")
    evidence = {"sections": sections, "public_act": act, "passages": []}
    score = round(min(1.0, len(refs) / total), 3) if total else 1.0
    where = _sections_phrase(sections)
    return [
        Link(
            amending_id,
            act_bill,
            "amends_act",
            score,
            evidence,
            f"{amending_id} {verb} Public Act {act} ({act_bill}){where}",
        ),
        Link(
            act_bill,
            amending_id,
            "amended_by",
            score,
            evidence,
            f"{act_bill} (Public Act {act}) {passive} by {amending_id}{where}",
        ),
    ]


def _links_by_acts(db: sqlite_utils.Database, bill: Indexed) -> list[Link]:
    links: list[Link] = []
    if bill.version is not None:
        refs = _amending_refs(db, bill.version.id)
        by_act: dict[str, list[tuple]] = defaultdict(list)
        for r in refs:
            if r[2]:
                by_act[r[2]].append(r)
        for act, act_refs in by_act.items():
            for (other,) in db.execute(
                "select id from bills where public_act = ? and id != ?", [act, bill.bill_id]
            ).fetchall():
                links += _act_links(bill.bill_id, other, act, act_refs, len(refs))
    if bill.public_act:
        amending: dict[str, list[tuple]] = defaultdict(list)
        for other, *ref in db.execute(
            "select l.bill_id, r.section, r.section_end, r.public_act, r.action, r.sort_key, "
            "r.sort_key_end from statute_refs r join lineage l on l.version_id = r.version_id "
            "where r.public_act = ? and r.action in ('amends', 'repeals') and l.bill_id != ? "
            "order by r.seq",
            [bill.public_act, bill.bill_id],
        ).fetchall():
            amending[other].append(tuple(ref))
        for other, refs in amending.items():
            (total,) = db.execute(
                "select count(*) from statute_refs r join lineage l on l.version_id = "
                "r.version_id where l.bill_id = ? and r.action in ('amends', 'repeals')",
                [other],
            ).fetchone()
            links += _act_links(other, bill.bill_id, bill.public_act, refs, total)
    return links


def _links_by_sections(db: sqlite_utils.Database, bill: Indexed) -> list[Link]:
    if bill.version is None:
        return []
    mine = [r for r in _amending_refs(db, bill.version.id) if not r[2] and r[4]]
    if not mine:
        return []
    shared: dict[str, set[str]] = defaultdict(set)
    select = (
        "select l.bill_id, r.section, r.section_end from statute_refs r join lineage l "
        "on l.version_id = r.version_id where r.action in ('amends', 'repeals') "
        "and r.public_act is null and l.bill_id != ? and "
    )
    cap = MAX_SECTION_BILLS + 1
    for section, end, _act, _action, key, key_end in mine:
        found = db.execute(
            select + "r.sort_key between ? and ? limit ?",
            [bill.bill_id, key, key_end or key, cap],
        ).fetchall()
        # Ranges of other bills that contain this section (or overlap this range).
        found += db.execute(
            select + "r.sort_key_end is not null and r.sort_key_end >= ? and r.sort_key <= ? "
            "limit ?",
            [bill.bill_id, key, key_end or key, cap],
        ).fetchall()
        if len({f[0] for f in found}) > MAX_SECTION_BILLS:
            continue  # a section amended that often links nothing by itself
        for other, other_section, other_end in found:
            if end or other_end:  # overlapping ranges: name the narrower one
                narrow = (section, end) if not other_end else (other_section, other_end)
                shared[other].add(_range(*narrow) or section)
            else:
                shared[other].add(section)
    mine_count = len({_range(r[0], r[1]) for r in mine})
    links = []
    for other, sections in shared.items():
        (theirs,) = db.execute(
            "select count(distinct coalesce(r.section, '') || coalesce(r.section_end, '')) "
            "from statute_refs r join lineage l on l.version_id = r.version_id "
            "where l.bill_id = ? and r.action in ('amends', 'repeals') "
            "and r.public_act is null and r.sort_key is not null",
            [other],
        ).fetchone()
        ordered = _by_key(sections)
        score = round(min(1.0, len(ordered) / max(1, min(mine_count, theirs or 1))), 3)
        evidence = {"sections": ordered, "public_act": None, "passages": []}
        noun = "section" if len(ordered) == 1 else "sections"
        for a, b in ((bill.bill_id, other), (other, bill.bill_id)):
            says = f"{a} amends {noun} {_and(ordered)}, which {b} amends too"
            links.append(Link(a, b, "same_sections", score, evidence, says))
    return links


def _candidates(db: sqlite_utils.Database, bill: Indexed) -> list[str]:
    if not bill.keys:
        return []
    keys = json.dumps(bill.keys)
    (indexed,) = db.execute("select count(*) from lineage where chunks > 0").fetchone()
    limit = max(MAX_POSTING, indexed // 100)
    common = {
        k
        for k, n in db.execute(
            "select key, count(*) from lineage_bands where key in "
            "(select value from json_each(?)) group by key",
            [keys],
        ).fetchall()
        if n > limit
    }
    wanted = json.dumps([k for k in bill.keys if k not in common])
    return [
        r[0]
        for r in db.execute(
            "select bill_id, count(*) as n from lineage_bands where key in "
            "(select value from json_each(?)) and bill_id != ? group by bill_id "
            "having n >= ? order by n desc, bill_id limit ?",
            [wanted, bill.bill_id, MIN_SHARED_KEYS, MAX_CANDIDATES],
        ).fetchall()
    ]


def _text_link(bill: Indexed, other: Indexed, shared: Shared, words_of_a: Words) -> list[Link]:
    longest = sorted(shared.passages, key=lambda p: -p.words)[:PASSAGES_SHOWN]
    evidence = {
        "sections": [],
        "public_act": None,
        "passages": [{"text": quote(words_of_a, p), "words": p.words} for p in longest],
    }
    companion = (
        bill.session == other.session
        and bill.chamber != other.chamber
        and shared.both >= COMPANION_MIN
    )
    percent = round(100 * shared.score)
    links = []
    for a, b in ((bill.bill_id, other.bill_id), (other.bill_id, bill.bill_id)):
        if companion:
            says = f"{a} and {b} are companion bills: near-identical texts ({percent}% shared)"
        else:
            count = len(shared.passages)
            says = (
                f"{a} shares text with {b}: {percent}% of the shorter text, in {count} "
                f"passage{'s' if count != 1 else ''} (longest {longest[0].words} words)"
            )
        relation = "companion" if companion else "similar_text"
        links.append(Link(a, b, relation, shared.score, evidence, says))
    return links


def _links_by_text(db: sqlite_utils.Database, bill: Indexed) -> list[Link]:
    links: list[Link] = []
    if bill.words is None or not bill.keys:
        return links
    for other_id in _candidates(db, bill):
        other = _stored(db, other_id)
        if other is None or other.words is None:
            continue
        a, b = (
            (bill.words, other.words)
            if bill.words.count <= other.words.count
            else (
                other.words,
                bill.words,
            )
        )
        shared = shared_passages(a, b)
        if shared.shared_words >= SIMILAR_MIN_WORDS and shared.score >= SIMILAR_MIN_SCORE:
            links += _text_link(bill, other, shared, a)
    return links


def _stored(db: sqlite_utils.Database, bill_id: str) -> Indexed | None:
    """Another bill as indexed (its lineage text re-read, no keys recomputed)."""
    row = db.execute(
        "select b.session, b.chamber, b.public_act, l.version_id from lineage l "
        "join bills b on b.id = l.bill_id where l.bill_id = ? and l.skipped is null",
        [bill_id],
    ).fetchone()
    if row is None or row[3] is None:
        return None
    version = db.execute(
        "select id, seq, label, kind, url, revision, file_number, text from versions where id = ?",
        [row[3]],
    ).fetchone()
    if version is None:
        return None
    v = ChainVersion(*version)
    return Indexed(bill_id, row[0], row[1], row[2], v, _words_of(v.id, v.text))


_WORDS: OrderedDict[str, Words] = OrderedDict()  # candidates recur: their words, by version


def _words_of(version_id: str, text: str) -> Words:
    """A stored version's comparable words (versions never change: cached by id)."""
    words = _WORDS.get(version_id)
    if words is None:
        words = _WORDS[version_id] = comparable_words(text)
        if len(_WORDS) > 512:
            _WORDS.popitem(last=False)
    else:
        _WORDS.move_to_end(version_id)
    return words


def find_links(db: sqlite_utils.Database, bill: Indexed) -> list[Link]:
    """Every link of ``bill``, both directions; per relation the ``MAX_LINKS`` best pairs."""
    links = _links_by_acts(db, bill) + _links_by_sections(db, bill) + _links_by_text(db, bill)
    pairs: dict[tuple[str, str], list[Link]] = defaultdict(list)  # (other, relation) -> links
    for link in links:
        other = link.related_id if link.bill_id == bill.bill_id else link.bill_id
        pairs[(other, link.relation if link.relation not in REVERSE else "act")].append(link)
    by_relation: dict[str, list[tuple[float, str, list[Link]]]] = defaultdict(list)
    for (other, relation), group in pairs.items():
        by_relation[relation].append((max(lk.score for lk in group), other, group))
    kept: dict[tuple[str, str, str], Link] = {}
    for relation, ranked in by_relation.items():
        ranked.sort(key=lambda item: (-item[0], item[1]))
        cap = MAX_SAME_SECTIONS if relation == "same_sections" else MAX_LINKS
        for _, _, group in ranked[:cap]:
            for link in group:
                key = (link.bill_id, link.related_id, link.relation)
                if key not in kept or link.score > kept[key].score:
                    kept[key] = link
    return list(kept.values())


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
