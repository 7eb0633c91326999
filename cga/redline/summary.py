"""The summary a person could have written: most telling changes first, places named.

Identical replacements are grouped; effective dates and dollar amounts are called out
first, then whole sections, subsections and moves, then the rest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import repeat
from operator import attrgetter, itemgetter
from typing import TypeAlias

from .model import Hunk
from .places import _MARK_AT
from .tokens import _ABBREVIATIONS, _sentence_count, _word_list

_NUMBER_WORDS = _word_list("no one two three four five six seven eight nine ten")
_PAIRS = (("(", ")"), ("[", "]"), ("{{", "}}"))
_SHORT = 12  # words: phrases up to this long are quoted whole
_MAX_ITEMS = 12  # places named in a summary
_MAX_PER_PLACE = 4  # changes spelled out for one place
_SEC_IN_TEXT = re.compile(r"(?:Section|Sec\.) (\d+[a-z]*)\.")
_KIND, _OLD, _NEW, _EFFECTIVE = map(attrgetter, ("kind", "old", "new", "effective_date"))


def _count(n: int, noun: str) -> str:
    return f"{_NUMBER_WORDS[n] if n <= 10 else f'{n:,}'} {noun}{'' if n == 1 else 's'}"


def _show(text: str, limit: int = 60) -> str:
    """A phrase as quoted in the summary: glue punctuation and unbalanced parens trimmed."""
    s = text.strip()
    while True:
        t = s.rstrip(",;:")
        last = t.rsplit(" ", 1)[-1].lstrip("[{(").lower()
        if t.endswith(".") and len(t.split()) <= 8 and last not in _ABBREVIATIONS:
            t = t[:-1]
        for open_, close in _PAIRS:
            if t.endswith(close) and t.count(close) > t.count(open_):
                t = t[: -len(close)]
            if t.startswith(open_) and t.count(open_) > t.count(close):
                t = t[len(open_) :]
        if t == s or not t:
            break
        s = t
    if len(s) > limit:
        cut = s.rfind(" ", 0, limit)
        s = s[: cut if cut > limit // 2 else limit].rstrip(",;:") + "…"
    return s


def _where(labels: Sequence[str]) -> str:
    """One place for a group of changes: 'Sec. 2(b)', 'Sec. 2', 'Secs. 2, 5'."""
    unique = list(dict.fromkeys(labels))
    if len(unique) == 1:
        return unique[0]
    tops = list(dict.fromkeys(label.split("(")[0] for label in unique))
    if len(tops) == 1:
        return tops[0]
    secs = [t[5:] for t in tops if t.startswith("Sec. ")]
    others = [t for t in tops if not t.startswith("Sec. ")]
    named = ([f"Sec{'s' if len(secs) > 1 else ''}. {_ranges(secs)}"] if secs else []) + others
    return ", ".join(named)


def _ranges(numbers: Sequence[str]) -> str:
    """'6', '6 and 7', '6–9', '2, 5 and 9'."""
    if all(n.isdigit() for n in numbers):
        nums = [int(n) for n in numbers]
        if len(nums) > 2 and nums == list(range(nums[0], nums[0] + len(nums))):
            return f"{nums[0]}–{nums[-1]}"
    if len(numbers) == 1:
        return numbers[0]
    return ", ".join(numbers[:-1]) + " and " + numbers[-1]


def _sections_phrase(numbers: Sequence[str], verb: str) -> str:
    return f"Sec{'s' if len(numbers) > 1 else ''}. {_ranges(numbers)} {verb}"


# One clause of the summary: (bucket, position, place, what to say).  Bucket 0 is effective
# dates and amounts, 1 whole sections, subsections and moves, 2 the rest; position is the
# paragraph in the new version; place is "" when the words name their own place.  What to
# say is the words, or the change (a long one) or the members of a group of identical
# changes to put into words: those are only written for the clauses that make the cut.
_Item: TypeAlias = tuple[int, int, str, "str | Hunk | list[Hunk]"]


def _is_money(h: Hunk) -> bool:
    return "$" in h.old or "$" in h.new


def _say(what: str | Hunk | list[Hunk]) -> str:
    if isinstance(what, list):
        return _say_phrase(what)
    return _say_long(what) if isinstance(what, Hunk) else what


def _say_phrase(members: Sequence[Hunk]) -> str:
    h = members[0]
    old, new = _show(h.old), _show(h.new)
    if h.kind == "replace" and old == new:  # punctuation only
        old, new = h.old, h.new
    if h.kind == "replace" and max(len(old), len(new)) <= 3 and h.context:
        old, new = f"{_show(h.context)} {old}", f"{_show(h.context)} {new}"
    if h.kind == "replace":
        text = f"'{old}' → '{new}'"
    elif h.kind == "insert":
        text = f"'{new}' inserted"
    else:
        text = f"'{old}' deleted"
    if h.effective_date:  # the same for every member: it is part of the grouping key
        text = f"effective date {text}"
    elif _is_money(h):
        text = f"amount {text}"
    if len(members) > 1:
        text += f" ({len(members)}×)"
    return text


def _say_long(h: Hunk) -> str:
    words = h.new if h.kind == "insert" else h.old
    verb = "added" if h.kind == "insert" else "deleted"
    if h.kind == "replace":
        if h.scope == "sentences":
            what = _count(max(1, _sentence_count(h.new.split())), "sentence")
            return f"{what} rewritten ('{_show(h.new, 50)}')"
        if h.scope == "paragraph":
            return f"paragraph rewritten ('{_show(h.new, 50)}')"
        return f"{h.words_removed:,} words replaced by {h.words_added:,} ('{_show(h.new, 50)}')"
    if h.scope == "sentences":
        what = _count(max(1, _sentence_count(words.split())), "sentence")
    elif h.scope == "paragraph":
        what = _count(1, "paragraph")
    else:
        what = _count(len(words.split()), "word")
    return f"{what} {verb} ('{_show(words, 50)}')"


def _opens_subsection(h: Hunk) -> bool:
    """A whole paragraph added/removed that starts with this hunk's own subsection marker."""
    m = _MARK_AT.match(h.new or h.old)
    return m is not None and h.scope == "paragraph" and h.section.endswith(f"({m[1]})")


_VERBS = {"insert": "added", "delete": "removed", "replace": "rewritten"}
_CATEGORIES = ("change", "phrase", "numbered sections", "renumber")  # see _category


def _summarize(hunks: Sequence[Hunk], totals: tuple[int, int], empty: tuple[bool, bool]) -> str:
    """The summary line: at most _MAX_ITEMS places, most telling first."""
    headline = _headline(hunks, totals, empty)
    if headline is not None:
        return headline
    moves, moved = _moves(hunks)
    by_category: dict[str, list[Hunk]] = {c: [] for c in _CATEGORIES}
    for n, h in enumerate(hunks):
        if n not in moved:
            by_category[_category(h)].append(h)
    # The order of the items before sorting decides ties: keep it.
    items = [
        *moves,
        *map(_change_item, by_category["change"]),
        *_phrase_groups(by_category["phrase"]),
        *_section_items(by_category["numbered sections"]),
        *_renumber_items(by_category["renumber"]),
    ]
    return _join_items(items, totals)


def _headline(
    hunks: Sequence[Hunk], totals: tuple[int, int], empty: tuple[bool, bool]
) -> str | None:
    """The whole summary when there is nothing to itemise: no change, or one side empty."""
    if not hunks:
        return "no textual change"
    added, removed = totals
    old_empty, new_empty = empty
    if old_empty:
        return f"previous version has no text: {added:,} words added"
    if new_empty:
        return f"new version has no text: {removed:,} words removed"
    return None


def _moves(hunks: Sequence[Hunk]) -> tuple[list[_Item], set[int]]:
    """A passage deleted in one place and inserted word for word in another: a move.

    Returns the items and the indices of the hunks they account for."""
    deleted: dict[str, list[int]] = {}
    for n, h in enumerate(hunks):
        if h.kind == "delete" and h.words_removed >= 5:
            deleted.setdefault(h.old, []).append(n)
    items: list[_Item] = []
    moved: set[int] = set()
    for n, h in enumerate(hunks):
        if h.kind == "insert" and deleted.get(h.new):
            source = deleted[h.new].pop(0)
            moved.update((n, source))
            what = "paragraph" if h.scope == "paragraph" else "text"
            text = f"{what} moved from {hunks[source].section} to {h.section} ('{{}}')"
            items.append((1, h.new_para, "", text.format(_show(h.new, 40))))
    return items, moved


def _category(h: Hunk) -> str:
    """How a change is summarised: a short phrase (grouped with identical ones), sections
    named by number (listed together), a renumbering, or a change of its own."""
    if h.scope == "words" and h.old.count(" ") < _SHORT and h.new.count(" ") < _SHORT:
        return "phrase"
    if h.scope == "section" and h.section != "Statement of Purpose" and _section_numbers(h):
        return "numbered sections"
    if h.scope == "renumber":
        return "renumber"
    return "change"


def _section_numbers(h: Hunk) -> list[str]:
    return _SEC_IN_TEXT.findall(h.new if h.kind == "insert" else h.old)


def _change_item(h: Hunk) -> _Item:
    """A whole section or subsection added, removed or rewritten, or a long change."""
    if h.scope == "section" or _opens_subsection(h):
        return (1, h.new_para, "", f"{h.section} {_VERBS[h.kind]}")
    bucket = 0 if _is_money(h) and h.scope == "words" else 2
    return (bucket, h.new_para, h.section, h)


def _phrase_groups(hunks: Sequence[Hunk]) -> list[_Item]:
    """Short changes, identical ones grouped ("'July 1' → 'October 1' (4×)")."""
    groups: dict[tuple[str, str, str, bool], list[Hunk]] = {}
    # "July 1, 2016)" and "July 1, 2016," are the same change for a reader.  The keys of a
    # budget bill's thousands of changes are made in C (map), then grouped.
    keys = zip(
        map(_KIND, hunks),
        map(str.rstrip, map(_OLD, hunks), repeat(",;:.)")),
        map(str.rstrip, map(_NEW, hunks), repeat(",;:.)")),
        map(_EFFECTIVE, hunks),
        strict=True,
    )
    for key, h in zip(keys, hunks, strict=True):
        members = groups.get(key)
        if members is None:
            groups[key] = [h]
        else:
            members.append(h)
    items: list[_Item] = []
    for (_, old, new, effective), members in groups.items():
        first = members[0]
        bucket = 0 if effective or "$" in old or "$" in new else 2
        where = first.section if len(members) == 1 else _where([m.section for m in members])
        items.append((bucket, first.new_para, where, members))
    return items


def _section_items(hunks: Sequence[Hunk]) -> list[_Item]:
    """Whole sections added, removed or rewritten, one item for each of the three."""
    numbers: dict[str, list[tuple[int, str]]] = {"added": [], "removed": [], "rewritten": []}
    for h in hunks:
        numbers[_VERBS[h.kind]].extend((h.new_para, num) for num in _section_numbers(h))
    return [
        (1, found[0][0], "", _sections_phrase([n for _, n in found], verb))
        for verb, found in numbers.items()
        if found
    ]


def _renumber_items(hunks: Sequence[Hunk]) -> list[_Item]:
    """Sections renumbered (one item), subsections relettered (one item per section)."""
    renumbered: list[tuple[int, str, str]] = []
    relettered: dict[str, list[tuple[int, str, str]]] = {}
    for h in hunks:
        old_num, new_num = _SEC_IN_TEXT.match(h.old), _SEC_IN_TEXT.match(h.new)
        if old_num and new_num:
            renumbered.append((h.new_para, old_num[1], new_num[1]))
        else:
            top = h.section.split("(")[0]
            relettered.setdefault(top, []).append((h.new_para, h.old, h.new))
    items: list[_Item] = []
    if renumbered:
        olds = [o for _, o, _ in renumbered]
        news = [n for _, _, n in renumbered]
        text = f"Sec{'s' if len(olds) > 1 else ''}. {_ranges(olds)} renumbered {_ranges(news)}"
        items.append((1, renumbered[0][0], "", text))
    for top, letters in relettered.items():
        text = ", ".join(f"{o}→{n}" for _, o, n in letters[:6]) + (
            ", …" if len(letters) > 6 else ""
        )
        items.append((1, letters[0][0], top, f"relettered {text}"))
    return items


def _join_items(items: list[_Item], totals: tuple[int, int]) -> str:
    """Most telling first; items in a row for one place share its label; the rest counted."""
    items.sort(key=itemgetter(0, 1))
    by_place: list[tuple[str, list[_Item]]] = []
    last = ""
    for item in items:
        label = item[2]
        if label and label == last:
            by_place[-1][1].append(item)
        else:
            by_place.append((label, [item]))
        last = label
    parts = []
    for label, group in by_place[:_MAX_ITEMS]:
        text = ", ".join(_say(what) for _, _, _, what in group[:_MAX_PER_PLACE])
        if len(group) > _MAX_PER_PLACE:
            text += f" and {len(group) - _MAX_PER_PLACE:,} more changes"
        parts.append(f"{label}: {text}" if label else text)
    if len(by_place) > _MAX_ITEMS:
        added, removed = totals
        parts.append(
            f"and {len(by_place) - _MAX_ITEMS:,} more (+{added:,}/−{removed:,} words in all)"
        )
    return "; ".join(parts)
