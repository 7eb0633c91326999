"""Public-hearing testimony: what a testimony PDF's file name says (docs/cga-site.md,
"Testimony").

``parse_testimony_filename(url)`` reads the metadata CGA packs into the file name,
right to left::

    /2023/gldata/TMY/2023SB-01103-R000228-Werner, Michael, Lead Aging Policy Analyst-
         CWCSEO-Supports-TMY.PDF              (one name, wrapped here)

    gldata -> committee GL; 2023SB-01103 -> bill 2023-SB-1103; R00 0228 -> 2023-02-28;
    "Werner, Michael" submitter; "Lead Aging Policy Analyst" title; CWCSEO organisation;
    Supports -> position "support" (position_raw "Supports").

The folder ``{comm}data`` gives the committee; ``R00`` + ``MMDD`` the hearing date in the
session year; then, after ``-TMY.PDF`` is stripped, the last segment is the position if
it is a word of ``POSITION_WORDS``, the segment before it the organisation, the rest the
submitter ``Last, First[, Title]``.  Hyphens separate segments but also occur inside
names (``Smith-Jones``, ``Mary-Kate``), titles (``Co-Chair``, ``K-12``) and organisations
(``CT-N``); ``_split_organization`` documents how the boundary is chosen.  Empty
segments collapse (``Bastian, Kenneth--TMY.PDF``).  A name that fits no pattern gives
what could be read, with ``problems`` saying what could not; it never raises.

``testimony_id(bill_id, url)`` is the stable row id: one PDF listed under two bills is
two rows, and every spelling of its URL is one.  All functions are pure.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from .ids import BadBillId, BillId, split_bill_id
from .urls import canonical_url, decode_path, url_key

# --------------------------------------------------------------------------- records


@dataclass
class TestimonyName:
    """What a testimony PDF's file name says (fields fit the ``testimony`` table)."""

    committee: str | None = None  # "GL", from the {comm}data folder
    hearing_date: str | None = None  # ISO date, from R00+MMDD and the session year
    submitter: str | None = None  # "Werner, Michael" (Last, First as filed)
    title: str | None = None  # "Lead Aging Policy Analyst" (after the second comma)
    organization: str | None = None  # "CWCSEO"
    position: str | None = None  # support | oppose | neutral | None (unknown)
    position_raw: str | None = None  # the word as filed: "Supports"
    file_name: str = ""  # the last path segment, percent-decoded
    bill: BillId | None = None  # the bill in the name (a PDF may be listed under others)
    problems: list[str] = field(default_factory=list)  # what could not be read
    session: int | None = None  # the year in the name (else the session folder)

    @property
    def display_name(self) -> str | None:
        """``Michael Werner`` from ``Werner, Michael``; the submitter as is otherwise."""
        if not self.submitter:
            return None
        last, sep, first = self.submitter.partition(", ")
        return f"{first} {last}" if sep and first else self.submitter


# ------------------------------------------------------------------ position vocabulary

# A whole segment (case-insensitive, spaces/underscores collapsed) -> position.
POSITION_WORDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "supports",
            "support",
            "supporting",
            "supported",
            "in support",
            "favor",
            "favors",
            "in favor",
            "favour",
            "favours",
            "in favour",
        ),
        "support",
    ),
    **dict.fromkeys(
        ("opposes", "oppose", "opposing", "opposed", "in opposition", "against"),
        "oppose",
    ),
    **dict.fromkeys(
        ("neutral", "comments", "comment", "informational", "info"),
        "neutral",
    ),
}
# A qualified position: a vocabulary word followed by a lower-case word ("Supports with
# amendments", "Oppose as drafted", "Comments on section 3").  Lower case keeps
# organisations ("Info Tech Council") out.
_QUALIFIED_POSITION_RE = re.compile(
    r"(supports?|supporting|opposes?|opposing|in support|in opposition|neutral|comments?"
    r"|favou?rs?|in favou?r)\s+(?=[a-z])",
    re.IGNORECASE,
)


def position_of(word: str) -> str | None:
    """``support``/``oppose``/``neutral`` for a position segment, None if it is not one."""
    key = " ".join(word.replace("_", " ").split()).lower()
    if key in POSITION_WORDS:
        return POSITION_WORDS[key]
    m = _QUALIFIED_POSITION_RE.match(" ".join(word.replace("_", " ").split()))
    if m:
        return POSITION_WORDS.get(" ".join(m.group(1).split()).lower())
    return None


# ------------------------------------------------------------------------- file names

_PREFIX_RE = re.compile(
    r"""^\s*(?P<bill>(?P<year>\d{4})\s*[HS][BJR]\s*-?\s*\d{1,5})   # 2023SB-01103
        \s*(?:-\s*R(?P<rev>\d\d)(?P<mmdd>\d{4})?)?                 # -R000228
        \s*(?:-|$)""",
    re.IGNORECASE | re.VERBOSE,
)
_TMY_SUFFIX_RE = re.compile(r"[-_\s]*TMY\s*\.pdf\s*$", re.IGNORECASE)
_PDF_SUFFIX_RE = re.compile(r"\.pdf\s*$", re.IGNORECASE)
_COMMITTEE_DIR_RE = re.compile(r"^([A-Za-z]{1,8})data$", re.IGNORECASE)
_HYPHEN_RUN_RE = re.compile(r"-{2,}")
# The segment after an organisation's own comma ("Sample & Partners, LLP").
_CORPORATE_SUFFIX_RE = re.compile(
    r"^\s*(?:Inc|LLC|L\.L\.C|LLP|L\.L\.P|Ltd|P\.?C|Corp|Co|N\.?A)\.?\s*$", re.IGNORECASE
)
# Generational suffixes stay with the name ("King, Martin, Jr., Pastor").
_NAME_SUFFIX_RE = re.compile(r"^(?:Jr|Sr|II|III|IV|V|2nd|3rd)\.?$", re.IGNORECASE)
# Words that take a hyphen inside a title or organisation ("Co-Chair", "Vice-President"),
# and lower-case words inside titles and names ("Editor-in-Chief", "de la Cruz").
_HYPHEN_PREFIX_RE = re.compile(
    r"co|vice|ex|non|pre|post|anti|self|multi|sub|inter|intra|mid|semi|pro|tri|bi|re|e|k|pk"
    r"|in|of|at|and|the|for|to|on|de|la|le|van|von|da|del|di|du",
    re.IGNORECASE,
)
_WORD_BEFORE_RE = re.compile(r"([^\W\d_][^\W\d_'’.]*)$")
_WORD_AFTER_RE = re.compile(r"^([^\W\d_][^\W\d_'’]*)")


def _is_titlecase_word(word: str) -> bool:
    """``Kate``, ``O'Neil``: capital then lower case (a name part, not an acronym)."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and letters[0].isupper() and all(c.islower() for c in letters[1:])


def _is_acronym_like(text: str) -> bool:
    """``CT-N``, ``CWCSEO``, ``AFT CT``: letters all capitals, at least one."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and "," not in text


def _inner_hyphen(text: str, i: int, name_segment: bool) -> bool:
    """Whether the hyphen at ``text[i]`` joins a word rather than separating segments."""
    before, after = text[:i], text[i + 1 :]
    if not before.strip() or not after.strip():
        return False
    if before[-1].isdigit() or after[0].isdigit():
        return True  # "K-12", "Grades 6-8"
    if after[0].islower():
        return True  # "Superintendent-elect", "Editor-in-Chief"
    prev = _WORD_BEFORE_RE.search(before)
    if prev and _HYPHEN_PREFIX_RE.fullmatch(prev.group(1)):
        return True  # "Co-Chair", "in-Chief"
    if name_segment and prev and _is_titlecase_word(prev.group(1)):
        # A first name: "Mary-Kate", "Anna-Marie"; its second part is one word that
        # ends the segment or meets the next separator.
        nxt = _WORD_AFTER_RE.match(after)
        if nxt and _is_titlecase_word(nxt.group(1)):
            rest = after[nxt.end() :]
            if not rest or rest.startswith("-"):
                return True
    return False


def _split_organization(text: str) -> tuple[str, str | None]:
    """Split ``Last, First[, Title]-Organisation`` at the right hyphen.

    The organisation follows the submitter's last comma (or the comma before an
    organisation's own ``, LLP``/``, Inc.``).  Within that window every hyphen is a
    candidate except those joining a word (``_inner_hyphen``).  One candidate: split
    there.  Several: the leftmost that leaves an all-capitals organisation (``CT-N``,
    ``AFT-CT``), else the rightmost (an organisation is more often one segment than a
    title).  No candidate: no organisation.
    """
    commas = [i for i, c in enumerate(text) if c == ","]
    window = 0
    if commas:
        k = len(commas) - 1
        while k > 0 and _CORPORATE_SUFFIX_RE.match(text[commas[k] + 1 :]):
            k -= 1
        window = commas[k] + 1
        name_segment = k == 0  # the window is the first name, not a title
    else:
        name_segment = False
    candidates = [
        i
        for i in range(window, len(text))
        if text[i] == "-" and not _inner_hyphen(text, i, name_segment)
    ]
    if not candidates:
        return text, None
    chosen = candidates[-1]
    if len(candidates) > 1:
        for i in candidates:
            if _is_acronym_like(text[i + 1 :]):
                chosen = i
                break
    organization = text[chosen + 1 :].strip(" -")
    return text[:chosen], organization or None


def _submitter_fields(text: str, problems: list[str]) -> tuple[str | None, str | None]:
    """``Last, First[, Title...]`` -> (``Last, First``, title)."""
    text = text.strip(" -,")
    if not text:
        problems.append("no submitter in the file name")
        return None, None
    parts = [p.strip() for p in text.split(",")]
    if len(parts) < 2 or not parts[0] or not parts[1]:
        problems.append(f"submitter {text!r} is not 'Last, First'")
        return " ".join(text.split()), None
    name = [parts[0], parts[1]]
    rest = parts[2:]
    while rest and _NAME_SUFFIX_RE.match(rest[0]):
        name.append(rest.pop(0))
    title = ", ".join(p for p in rest if p) or None
    return ", ".join(" ".join(p.split()) for p in name), title and " ".join(title.split())


def _unknown_position_slot(segments: list[str]) -> bool:
    """Whether the last segment sits where a position goes although it is no vocabulary
    word: it follows an all-capitals organisation after a ``Last, First`` submitter
    (``Lee, Dana-CEA-Undecided``, ``Ng, Tom-CEA-Opposes Section 3``)."""
    if len(segments) < 3 or "," not in "-".join(segments[:-2]):
        return False
    last = segments[-1].strip()
    return (
        _is_acronym_like(segments[-2])
        and not _is_acronym_like(last)
        and "," not in last
        and len(last.split()) <= 4
    )


def _read_segments(rest: str, out: TestimonyName) -> None:
    """Position, organisation, submitter and title from ``Last, First, Title-Org-Pos``."""
    rest = rest.strip()
    segments = rest.split("-")
    while segments and not segments[-1].strip():
        segments.pop()
    position = position_of(segments[-1]) if segments else None
    if position is not None:
        out.position, out.position_raw = position, " ".join(segments[-1].split())
        segments.pop()
    elif _unknown_position_slot([s for s in segments if s.strip()]):
        raw = " ".join(segments.pop().split())
        words = raw.lower().split()
        out.position = POSITION_WORDS.get(" ".join(words[:2])) or POSITION_WORDS.get(words[0])
        out.position_raw = raw
        if out.position is None:
            out.problems.append(f"unknown position word {raw!r}")
    rest = _HYPHEN_RUN_RE.sub("-", "-".join(segments)).strip()
    if rest.startswith("-"):  # an organisation without a person
        out.organization = rest.strip(" -") or None
        out.problems.append("no submitter in the file name")
        return
    rest = rest.rstrip(" -")
    submitter, organization = _split_organization(rest)
    out.organization = organization
    out.submitter, out.title = _submitter_fields(submitter, out.problems)


def parse_testimony_filename(url: str) -> TestimonyName:
    """Read committee, hearing date, submitter, title, organisation and position from a
    testimony PDF's URL (or bare file name); see the module docstring.  Never raises."""
    raw_path = urlsplit(url).path if "://" in url or url.startswith("/") else url
    path = decode_path(raw_path)
    folders = [p for p in path.split("/") if p]
    file_name = folders.pop() if folders else path
    out = TestimonyName(file_name=file_name)
    problems = out.problems

    for folder in reversed(folders):
        m = _COMMITTEE_DIR_RE.match(folder)
        if m:
            out.committee = m.group(1).upper()
            break
    if folders and out.committee is None:
        problems.append("no {committee}data folder in the path")
    if folders and not any(f.lower() == "tmy" for f in folders):
        problems.append("not under a /TMY/ folder")
    folder_year = next((int(f) for f in folders if re.fullmatch(r"\d{4}", f)), None)

    stem = _TMY_SUFFIX_RE.sub("", file_name)
    if stem == file_name:
        stem = _PDF_SUFFIX_RE.sub("", file_name)
        problems.append("file name does not end in -TMY.PDF")

    m = _PREFIX_RE.match(stem)
    if m:
        try:
            out.bill = split_bill_id(m.group("bill"))
        except BadBillId as exc:
            problems.append(str(exc))
        out.session = int(m.group("year"))
        if folder_year is not None and folder_year != out.session:
            problems.append(
                f"session folder {folder_year} differs from the file name's year {out.session}"
            )
        mmdd = m.group("mmdd")
        if mmdd is None:
            problems.append("no public-hearing date (R00MMDD) in the file name")
        else:
            try:
                hearing = date(out.session, int(mmdd[:2]), int(mmdd[2:]))
                out.hearing_date = hearing.isoformat()
            except ValueError:
                problems.append(
                    f"hearing date R{m.group('rev')}{mmdd} is not a date in {out.session}"
                )
        rest = stem[m.end() :]
    else:
        out.session = folder_year
        problems.append("file name does not start with a bill number (2023SB-01103-R000228-)")
        rest = stem
    _read_segments(rest, out)
    return out


def testimony_id(bill_id: str | BillId, url: str) -> str:
    """Stable id of one testimony row: the bill it is listed under + the PDF's URL key."""
    bill = bill_id if isinstance(bill_id, BillId) else split_bill_id(str(bill_id))
    key = url_key(canonical_url(url))
    return hashlib.sha256(f"{bill}|{key}".encode()).hexdigest()[:16]
