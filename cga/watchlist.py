"""The watchlist: named topics of keyword phrases and explicit bill ids, and a group's
positions on bills.

A phrase matches a bill when it appears, case-insensitively and on word boundaries,
in the bill's title, statement of purpose or one of its subjects.

A topic may carry ``positions:`` (bill id → ``support`` or ``oppose``) and ``count_votes:``
(bill id → the roll-call ids that count for it, instead of the final passage vote in each
chamber); a positioned bill is one of the topic's bills.  A watchlist whose top level says
``sample: true`` holds sample positions (the demo's): ``billwatch update`` uses it only against
a local copy of the site.  Anything malformed is a ``WatchlistError`` naming the topic, the
bill and what is wrong (``billwatch update`` exits 2).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .ids import BadBillId, BadVoteId, BillId, split_bill_id, split_vote_id, vote_id
from .vocab import GROUP_POSITIONS


class WatchlistError(ValueError):
    pass


@dataclass
class Topic:
    name: str
    title: str
    keywords: list[str]
    bills: list[BillId] = field(default_factory=list)
    patterns: list[re.Pattern[str]] = field(default_factory=list, repr=False)
    positions: dict[BillId, str] = field(default_factory=dict)  # support | oppose
    count_votes: dict[BillId, tuple[str, ...]] = field(default_factory=dict)  # canonical ids
    sample: bool = False  # the watchlist says ``sample: true``: positions are sample data

    def match(self, texts: Iterable[str | None]) -> str | None:
        """The first keyword phrase found in any of ``texts`` (None when none is)."""
        for text in texts:
            if not text:
                continue
            for keyword, pattern in zip(self.keywords, self.patterns, strict=True):
                if pattern.search(text):
                    return keyword
        return None


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in phrase.split()]
    return re.compile(r"\b" + r"\W+".join(words) + r"\b", re.IGNORECASE)


def load_watchlist(path: str | Path) -> list[Topic]:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise WatchlistError(f"watchlist not found: {path}") from None
    except yaml.YAMLError as exc:
        raise WatchlistError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise WatchlistError(f"{path}: expected a mapping with 'topics:'")
    topics_data = data.get("topics")
    if not isinstance(topics_data, dict) or not topics_data:
        raise WatchlistError(f"{path}: expected a 'topics:' mapping of topic name → settings")
    sample = data.get("sample", False)
    if not isinstance(sample, bool):
        raise WatchlistError(f"{path}: 'sample:' must be true or false, not {sample!r}")
    topics = []
    for name, spec in topics_data.items():
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", str(name)):
            raise WatchlistError(f"{path}: topic name {name!r} must be lower-case-with-dashes")
        spec = spec or {}
        if not isinstance(spec, dict):
            raise WatchlistError(f"{path}: topic {name}: expected a mapping of settings")
        keywords = [str(k) for k in spec.get("keywords", None) or []]
        try:
            bills = [split_bill_id(str(b)) for b in spec.get("bills", None) or []]
        except BadBillId as exc:
            raise WatchlistError(f"{path}: topic {name}: {exc}") from None
        where = f"{path}: topic {name}"
        positions = _positions(where, spec.get("positions"))
        count_votes = _count_votes(where, spec.get("count_votes"), positions)
        topics.append(
            Topic(
                name=str(name),
                title=str(spec.get("title", name)),
                keywords=keywords,
                bills=list(dict.fromkeys([*bills, *positions])),
                patterns=[_phrase_pattern(k) for k in keywords],
                positions=positions,
                count_votes=count_votes,
                sample=sample,
            )
        )
    return topics


def _bill_keys(where: str, section: str, value: object) -> list[tuple[BillId, object]]:
    """(bill, value) pairs of a ``positions:`` or ``count_votes:`` mapping, each bill once."""
    if value is None:
        return []
    if not isinstance(value, dict):
        raise WatchlistError(f"{where}: '{section}:' must map bill ids to values")
    pairs: dict[BillId, object] = {}
    for raw, item in value.items():
        try:
            bill = split_bill_id(str(raw))
        except BadBillId as exc:
            raise WatchlistError(f"{where}: {section}: {exc}") from None
        if bill in pairs:
            raise WatchlistError(f"{where}: {section}: {bill} is named twice")
        pairs[bill] = item
    return list(pairs.items())


def _positions(where: str, value: object) -> dict[BillId, str]:
    """``positions:``: bill → support | oppose (any case); another word is an error."""
    out = {}
    for bill, word in _bill_keys(where, "positions", value):
        position = str(word).strip().lower() if isinstance(word, str) else None
        if position not in GROUP_POSITIONS:
            raise WatchlistError(
                f"{where}: positions: {bill}: unknown position {word!r} "
                f"(expected {' or '.join(GROUP_POSITIONS)})"
            )
        out[bill] = position
    return out


def _count_votes(
    where: str, value: object, positions: dict[BillId, str]
) -> dict[BillId, tuple[str, ...]]:
    """``count_votes:``: bill → roll-call ids of the bill's session (a list, or one id), only
    for a bill the topic takes a position on."""
    out = {}
    for bill, ids in _bill_keys(where, "count_votes", value):
        if bill not in positions:
            raise WatchlistError(
                f"{where}: count_votes: {bill} has no position (add it under 'positions:')"
            )
        items = [ids] if isinstance(ids, str) else ids
        if not isinstance(items, list) or not items:
            raise WatchlistError(
                f"{where}: count_votes: {bill}: expected a list of roll-call ids "
                "(e.g. [2016-HV-123, 2016-SV-301])"
            )
        canonical = []
        for item in items:
            try:
                session, chamber, number = split_vote_id(str(item))
            except BadVoteId as exc:
                raise WatchlistError(f"{where}: count_votes: {bill}: {exc}") from None
            if session != bill.session:
                raise WatchlistError(
                    f"{where}: count_votes: {bill}: {item} is a roll call of {session}, "
                    f"not of the bill's session {bill.session}"
                )
            canonical.append(vote_id(session, chamber, number))
        if len(set(canonical)) != len(canonical):
            raise WatchlistError(f"{where}: count_votes: {bill}: a roll call is named twice")
        out[bill] = tuple(canonical)
    return out


def match_topics(topics: list[Topic], bill: BillId, texts: Iterable[str | None]) -> dict[str, str]:
    """topic name → why it matched ("bill id" or the keyword phrase found)."""
    texts = list(texts)
    found = {}
    for topic in topics:
        if bill in topic.bills:
            found[topic.name] = "bill id"
        else:
            keyword = topic.match(texts)
            if keyword:
                found[topic.name] = keyword
    return found
