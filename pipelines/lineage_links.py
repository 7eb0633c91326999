"""The links between one bill and the others, found through the lineage index: bills amending
the act it became or the act it amends, bills amending the same statute sections, bills whose
texts share passages that hold up exactly (``pipelines.similarity``); each link with its
evidence and its words, both directions, the best per relation.

``pipelines/lineage.py`` indexes the bill before and stores what is found here.
"""

from __future__ import annotations

import json
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlite_utils

from cga.documents import ChainVersion
from cga.statutes import section_sort_key

from .similarity import Shared, Words, comparable_words, quote, shared_passages

# A link through an act, seen from its other side.
REVERSE = {"amends_act": "amended_by", "amended_by": "amends_act"}

SIMILAR_MIN_SCORE = 0.2  # share of the smaller text in shared passages
SIMILAR_MIN_WORDS = 30
COMPANION_MIN = 0.8  # both texts this much shared: near-identical
MAX_CANDIDATES = 25  # bills sharing the most band keys, aligned exactly
MIN_SHARED_KEYS = 2  # a candidate shares at least this many band keys
# A band key of more bills than MAX_POSTING is a common passage (a standard definition, a
# formula the patterns missed), not lineage: about 120 words near-identical in more than 20
# bills is what boilerplate does, while one idea's chain is a bill or two a session (a
# re-introduction, a companion).  A fixed number, not a share of the index: a boilerplate
# key grows with the archive (600 bills of 12,000 in bench_lineage.py), and a share would
# let ever more of them through, each giving every bill that carries it hundreds of
# candidates to align for nothing (the build grew quadratically).  A real re-introduction
# shares with its source the keys of every chunk it copied, and those are rare (only the
# bill's own chain carries them): in bench_lineage.py's archive of 12,000 bills every pair
# linked by text shares 2 or more keys of at most 20 bills, even once all are indexed.  A
# passage copied into more than 20 bills links them through their other passages only
# (README, "Lineage").  Likewise a statute section
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
    # The sections each other bill amends, counted for all of them in one query.
    counts = dict(
        db.execute(
            "select l.bill_id, count(distinct coalesce(r.section, '') || "
            "coalesce(r.section_end, '')) from lineage l join statute_refs r "
            "on r.version_id = l.version_id where l.bill_id in (select value from json_each(?)) "
            "and r.action in ('amends', 'repeals') and r.public_act is null "
            "and r.sort_key is not null group by l.bill_id",
            [json.dumps(sorted(shared))],
        ).fetchall()
    )
    links = []
    for other, sections in shared.items():
        theirs = counts.get(other, 0)
        ordered = _by_key(sections)
        score = round(min(1.0, len(ordered) / max(1, min(mine_count, theirs or 1))), 3)
        evidence = {"sections": ordered, "public_act": None, "passages": []}
        noun = "section" if len(ordered) == 1 else "sections"
        for a, b in ((bill.bill_id, other), (other, bill.bill_id)):
            says = f"{a} amends {noun} {_and(ordered)}, which {b} amends too"
            links.append(Link(a, b, "same_sections", score, evidence, says))
    return links


def _candidates(db: sqlite_utils.Database, bill: Indexed) -> list[str]:
    """The bills sharing at least ``MIN_SHARED_KEYS`` of the bill's rare band keys (of at most
    ``MAX_POSTING`` bills each), the ``MAX_CANDIDATES`` sharing the most.  Each key's bills
    are counted only up to ``MAX_POSTING + 1`` (the index's primary key, stopped there), so
    a key of thousands of bills costs no more than a rare one."""
    if not bill.keys:
        return []
    return [
        r[0]
        for r in db.execute(
            "with rare as (select value as key from json_each(?) where (select count(*) from "
            "(select 1 from lineage_bands b where b.key = value limit ?)) <= ?) "
            "select bill_id, count(*) as n from lineage_bands where key in "
            "(select key from rare) and bill_id != ? group by bill_id "
            "having n >= ? order by n desc, bill_id limit ?",
            [
                json.dumps(bill.keys),
                MAX_POSTING + 1,
                MAX_POSTING,
                bill.bill_id,
                MIN_SHARED_KEYS,
                MAX_CANDIDATES,
            ],
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
