"""Tokens: the words a redline compares, with CGA's markup kept attached.

A date (``July 1, 2016``), a heading (``Sec. 2.``) and ``$1.5 million`` are one token each
(their words glued by ``_JOIN``); section and subsection numbers are matched by kind
(:func:`_key`), so an inserted section or subsection lines up and the renumbering after it
shows as such.
"""

from __future__ import annotations

import re
from collections.abc import Sequence


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _word_list(text: str) -> list[str]:
    return text.split()


_JOIN = "\ue000"  # glues the words of a date or heading into one token (private-use char)
_MARKUP_SPACING = (("[ ", "["), (" ]", "]"), ("{{ ", "{{"), (" }}", "}}"))

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# Phrases glued into one token, each behind a cheap substring test (one combined pattern
# scans five times slower).
_DATE = re.compile(rf"(?:{_MONTHS})\s\d{{1,2}},\s\d{{4}}")
_HEADING = re.compile(r"(?:Section|Sec\.)\s\d+[a-z]*\.(?=\s|$)")
_AMOUNT_IN_WORDS = re.compile(r"\$[\d,.]*\d\s(?:million|billion|thousand)\b")
_HEADING_TOKEN = re.compile(r"(?:\[|\{\{)?(?:Section|Sec\.)\ue000(\d+[a-z]*)\.")
_MARKER_KEY = {"a": "\ue001a", "1": "\ue0011", "A": "\ue001A"}
_HEADING_KEY = "\ue001S"


def _glue(match: re.Match[str]) -> str:
    return match.group().replace(" ", _JOIN).replace("\n", _JOIN)


def _tokenize(lines: Sequence[str]) -> tuple[list[str], list[int], list[str]]:
    """Tokens of consecutive paragraphs, the index where each paragraph starts, the paragraphs.

    Paragraphs are joined before gluing so a date wrapped over two lines stays one token
    (those two lines then count as one paragraph here).
    """
    tokens: list[str] = []
    starts: list[int] = []
    if not lines:
        return tokens, starts, []
    text = "\n".join(lines)
    while "  " in text:
        text = text.replace("  ", " ")
    for spaced, tight in _MARKUP_SPACING:
        if spaced in text:
            text = text.replace(spaced, tight)
    if ", 1" in text or ", 2" in text or ",\n1" in text or ",\n2" in text:
        text = _DATE.sub(_glue, text)
    if "Sec" in text:
        text = _HEADING.sub(_glue, text)
    if "$" in text and ("illion" in text or "thousand" in text):
        text = _AMOUNT_IN_WORDS.sub(_glue, text)
    pieces = text.split("\n")
    for piece in pieces:
        starts.append(len(tokens))
        tokens += piece.split()
    return tokens, starts, pieces


# "(a)", "(12)", "(B)" standing alone.  The pattern starts with its literal "(" so the
# regex engine can skip ahead; the space before is checked in _key_of_match (a leading
# look-behind would make every position a candidate: twenty times slower).
_KEYED = re.compile(r"\((?:(\d{1,3})|([a-z]{1,3})|([A-Z]))\)(?!\S)")


def _key_of_match(m: re.Match[str]) -> str:
    start = m.start()
    if start and m.string[start - 1] != " ":
        return m[0]  # "x(a)": not a marker on its own
    if m[1]:
        return _MARKER_KEY["1"]
    return _MARKER_KEY["a"] if m[2] else _MARKER_KEY["A"]


def _keys(tokens: list[str]) -> list[str]:
    """_key of every token; the list itself when no token has a number to hide."""
    text = " ".join(tokens)
    if _JOIN in text and "Sec" in text:  # a glued heading: rare, token by token
        return [_key(t) for t in tokens]
    if "(" not in text:
        return tokens
    keyed = _KEYED.sub(_key_of_match, text)
    return tokens if keyed == text else keyed.split(" ")


def _key(token: str) -> str:
    """What a token is matched by: section and subsection numbers only by their kind."""
    if token[0] == "(" and token[-1] == ")" and len(token) <= 5:
        inner = token[1:-1]
        if inner.isdigit():
            return _MARKER_KEY["1"]
        if inner.isalpha() and inner.isascii():
            if inner.islower():
                return _MARKER_KEY["a"]
            if len(inner) == 1:
                return _MARKER_KEY["A"]
    elif _JOIN in token and _HEADING_TOKEN.fullmatch(token):
        return _HEADING_KEY
    return token


_ABBREVIATIONS = _words(
    "sec. secs. no. nos. gen. stat. stats. conn. u.s.c. c.f.r. dist. rep. sen. inc. co. corp. "
    "jr. sr. st. e.g. i.e. etc. ch. subd. subdiv. subsec. p.a. art. vol. pp. p. v. vs. dept. "
    "mr. ms. mrs. dr. gov. lt."
)


def _ends_sentence(token: str) -> bool:
    core = token.rstrip("]})\"'”’")
    if not core or core[-1] not in ".?!":
        return False
    if _JOIN in core:
        return not core.startswith(("Sec.", "Section", "[Sec.", "{{Sec."))
    word = core.lstrip("[{(\"'“‘").lower()
    if word in _ABBREVIATIONS:
        return False
    return not (len(word) == 2 and word[0].isalpha())  # an initial: "A."


def _sentence_count(tokens: Sequence[str]) -> int:
    return sum(1 for t in tokens if _ends_sentence(t))


_PHRASES = (_DATE, _HEADING, _AMOUNT_IN_WORDS)


_MONTH_NAMES = frozenset(_MONTHS.split("|"))
_SCALES = ("million", "billion", "thousand")


def _words_in(middle: str) -> list[str]:
    """Tokens of a changed middle (one line): _tokenize without the paragraph bookkeeping."""
    if " " not in middle:
        return [middle] if middle else []
    if "[ " in middle or " ]" in middle or "{{ " in middle or " }}" in middle:
        for spaced, tight in _MARKUP_SPACING:
            middle = middle.replace(spaced, tight)
    if ", 1" in middle or ", 2" in middle:
        middle = _DATE.sub(_glue, middle)
    if "Sec" in middle:
        middle = _HEADING.sub(_glue, middle)
    if "$" in middle and ("illion" in middle or "thousand" in middle):
        middle = _AMOUNT_IN_WORDS.sub(_glue, middle)
    return middle.split()
