"""The watchlist: named topics of keyword phrases and explicit bill ids.

A phrase matches a bill when it appears, case-insensitively and on word boundaries,
in the bill's title, statement of purpose or one of its subjects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .ids import BadBillId, BillId, split_bill_id


class WatchlistError(ValueError):
    pass


@dataclass
class Topic:
    name: str
    title: str
    keywords: list[str]
    bills: list[BillId] = field(default_factory=list)
    patterns: list[re.Pattern[str]] = field(default_factory=list, repr=False)

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
    topics_data = data.get("topics")
    if not isinstance(topics_data, dict) or not topics_data:
        raise WatchlistError(f"{path}: expected a 'topics:' mapping of topic name → settings")
    topics = []
    for name, spec in topics_data.items():
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", str(name)):
            raise WatchlistError(f"{path}: topic name {name!r} must be lower-case-with-dashes")
        spec = spec or {}
        keywords = [str(k) for k in spec.get("keywords", [])]
        try:
            bills = [split_bill_id(str(b)) for b in spec.get("bills", [])]
        except BadBillId as exc:
            raise WatchlistError(f"{path}: topic {name}: {exc}") from None
        topics.append(
            Topic(
                name=str(name),
                title=str(spec.get("title", name)),
                keywords=keywords,
                bills=bills,
                patterns=[_phrase_pattern(k) for k in keywords],
            )
        )
    return topics


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
