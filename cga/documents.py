"""What a document of a bill is: its kind, its numbers, and where it stands in the bill's chain.

``classify_document`` maps a document link to the closed vocabulary
``cga.vocab.DOCUMENT_KINDS`` with a rules table (URL path first, then the status page's block
heading, then the label); ``file_number``, ``public_act_number``, ``revision`` and
``lco_number`` read the numbers in labels and CGA file names (docs/cga-site.md, "Documents").
``chain`` orders a bill's texts the way the legislature produced them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar
from urllib.parse import urlsplit

from .vocab import CHAIN_KINDS

# --------------------------------------------------------------------------- kinds


@dataclass(frozen=True)
class _Rule:
    kind: str
    pattern: re.Pattern[str]


def _rules(*pairs: tuple[str, str]) -> tuple[_Rule, ...]:
    return tuple(_Rule(kind, re.compile(p, re.IGNORECASE)) for kind, p in pairs)


# Matched against the URL path (case-insensitive; CGA paths vary in case, §1-2).
_URL_RULES = _rules(
    ("summary", r"/sum/|\d{4}sum\d{5}"),
    ("public_act", r"/act/pa/|\d{4}pa-\d{5}"),
    ("file_copy", r"/fc/|-fc\.\w+$"),
    ("amendment", r"/amd/|/lcoamd/|-amd\.\w+$"),
    ("fiscal_note", r"/fn/|-fn\.\w+$"),
    ("bill_analysis", r"/ba/|-ba\.\w+$"),
    ("committee_report", r"/jfr/|-jfr\.\w+$"),
    ("vote_tally", r"/ts/|-ts\.\w+$"),  # guessed: committee tally URLs are unverified (§2)
    ("roll_call", r"/vote/|-[hs]v\.\w+$"),
    ("text", r"/tob/"),
)
# Blocks that hold one kind only ("Text of Bill" and "Committee Actions" hold several).
_BLOCK_RULES = _rules(
    ("amendment", r"amendment"),
    ("fiscal_note", r"fiscal\s+note"),
    ("bill_analysis", r"bill\s+analys"),
    ("summary", r"summar"),
)
_LABEL_RULES = _rules(
    ("summary", r"summary"),
    ("vote_tally", r"vote\s+tally\s+sheet"),
    ("roll_call", r"roll\s*call"),
    ("committee_report", r"joint\s+fav\w*\.?\s+(rpt|report)"),
    ("fiscal_note", r"fiscal\s+note"),
    ("bill_analysis", r"bill\s+analysis"),
    ("amendment", r"amendment|schedule\s+[A-Z]+\b.*\bLCO|\bLCO\s*(#|No\b)"),
    ("public_act", r"public\s+act"),
    ("file_copy", r"\bfile\s+(no\b|number|copy)"),
    (
        "text",
        r"\b(raised|proposed|new|substitute|committee|governor'?s)\s+bill\b|joint\s+favorable",
    ),
)
# Last resort by block when the label said nothing.
_BLOCK_DEFAULTS = _rules(("text", r"text\s+of\s+bill"))


def classify_document(block: str, label: str, url: str) -> str:
    """Kind of one document link: URL path evidence, then block heading, then label."""
    path = urlsplit(url).path or url
    for rules, subject in (
        (_URL_RULES, path),
        (_BLOCK_RULES, block),
        (_LABEL_RULES, label),
        (_BLOCK_DEFAULTS, block),
    ):
        for rule in rules:
            if rule.pattern.search(subject):
                return rule.kind
    return "other"


def _basename(url: str) -> str:
    return (urlsplit(url).path or url).rsplit("/", 1)[-1]


_FILE_LABEL_RE = re.compile(r"\bFile\s*(?:No\.?|Number|Copy)\s*#?\s*(\d+)", re.IGNORECASE)
_FILE_URL_RE = re.compile(r"-R\d{2}(\d{4})-(?:FC|BA|FN)\b", re.IGNORECASE)
_PA_LABEL_RE = re.compile(r"\bPublic\s+Act\s*(?:No\.?)?\s*(\d{2})\s*-\s*(\d+)", re.IGNORECASE)
_PA_URL_RE = re.compile(r"(\d{4})(?:PA-|SUM)(\d{5})", re.IGNORECASE)
_REVISION_RE = re.compile(r"-R(\d{2})", re.IGNORECASE)
_LCO_RE = re.compile(r"\bLCO\s*(?:#|No\.?|Number)?\s*:?\s*#?\s*(\d+)", re.IGNORECASE)


def file_number(label: str, url: str) -> int | None:
    """File copy number: "File No. 394", "... For File Copy 394", or ``R000394-FC`` in the URL."""
    m = _FILE_LABEL_RE.search(label) or _FILE_URL_RE.search(_basename(url))
    if m is None or int(m.group(1)) == 0:
        return None
    return int(m.group(1))


def public_act_number(label: str, url: str) -> str | None:
    """Act number ("15-5") from "Public Act No. 15-5", ``2015PA-00005-…`` or ``2016SUM00189-…``."""
    m = _PA_LABEL_RE.search(label)
    if m:
        return f"{m.group(1)}-{int(m.group(2))}"
    m = _PA_URL_RE.search(_basename(url))
    if m:
        return f"{int(m.group(1)) % 100:02d}-{int(m.group(2))}"
    return None


def revision(url: str) -> str | None:
    """``R00``/``R01``… from a CGA file name (``2015HB-07017-R01-HB.htm``)."""
    m = _REVISION_RE.search(_basename(url))
    return f"R{m.group(1)}" if m else None


def lco_number(label: str) -> int | None:
    """7312 from "House Schedule A LCO# 7312 (R)" or "LCO No. 7312"."""
    m = _LCO_RE.search(label)
    return int(m.group(1)) if m else None


# --------------------------------------------------------------------------- the chain of texts

# Chronological order of a bill's texts: raised → substitutes → file copies → public act;
# amendments sit outside that chain and come last.
KIND_ORDER = {"text": 0, "file_copy": 1, "public_act": 2, "amendment": 3}


def chain_key(kind: str, rev: str | None, file_no: int | None, label: str) -> tuple:
    return (KIND_ORDER.get(kind, 9), rev or "", file_no or 0, label)


class Chained(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def revision(self) -> str | None: ...
    @property
    def file_number(self) -> int | None: ...
    @property
    def url(self) -> str: ...
    @property
    def seq(self) -> int: ...


V = TypeVar("V", bound=Chained)


def chain(versions: Sequence[V]) -> list[V]:
    """A bill's texts in legislative order; amendments left out.  A document re-issued with
    new text follows its earlier text (``seq``)."""
    texts = [v for v in versions if v.kind in CHAIN_KINDS]
    return sorted(
        texts,
        key=lambda v: (*chain_key(v.kind, v.revision, v.file_number, ""), v.url.lower(), v.seq),
    )


@dataclass(frozen=True)
class ChainVersion:
    """A stored text version, as the chain and the redline need it."""

    id: str
    seq: int
    label: str
    kind: str
    url: str
    revision: str | None
    file_number: int | None
    text: str
