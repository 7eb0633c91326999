"""Statute references in a bill's own clauses, and the order of General Statutes sections.

A bill says what it does to the law in the opening clause of each of its sections
(docs/cga-site.md, "Statute references"):

* ``Section 10-234bb of the general statutes is repealed and the following is substituted in
  lieu thereof (Effective …):`` and ``… is amended by adding subsection (g) as follows`` —
  the bill **amends** those sections;
* ``Sections 20-324g and 42-103b to 42-103m, inclusive, of the general statutes are
  repealed.`` — it **repeals** them (nothing substituted);
* ``(NEW) (Effective …)`` — the section **adds** new law (no statute section yet);
* ``Section 3 of public act 16-189 is repealed and …`` — the same, for a public act not yet
  codified (``public_act`` set, ``section`` is the act's own section number);
* a proposed bill's ``That section 10-220 of the general statutes be amended to …`` /
  ``That public act 16-189 be repealed.`` — amends / repeals, as proposed;
* any other mention (``as defined in section 10-234aa``) **cites** the section.

:func:`statute_refs` reads them from a stored version text (the notation of
docs/cga-site.md, "Text notation": ``[deleted]`` text is dropped first, ``{{inserted}}`` text
kept).  A clause it cannot read yields a ``cites`` reference or nothing, never a wrong
section: a section number counts only after the word "section(s)" or inside a list that
"of the general statutes" / "of public act YY-NNN" governs, so "2015-2016" or a bare
"10-15" is never taken for one.  :func:`section_sort_key` orders sections as the General
Statutes do (``10-234z`` before ``10-234aa``).  Pure functions; no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clock import ct_today
from .vocab import STATUTE_ACTIONS

__all__ = [
    "ACTIONS",
    "StatuteRef",
    "act_sort_key",
    "act_year",
    "formula_free",
    "section_sort_key",
    "statute_refs",
]

ACTIONS = STATUTE_ACTIONS


@dataclass(frozen=True)
class StatuteRef:
    bill_section: str | None  # the bill's own section ("1", "2"); None before the first
    section: str | None  # "10-234aa"; the act's section when public_act is set; None: adds
    section_end: str | None  # end of an inclusive range, else None
    public_act: str | None  # "16-189" (as bills.public_act), else None
    action: str  # amends | repeals | adds | cites

    @property
    def sort_key(self) -> str | None:
        if self.public_act:
            return act_sort_key(self.public_act, self.section)
        return section_sort_key(self.section) if self.section else None

    @property
    def sort_key_end(self) -> str | None:
        if not self.section_end:
            return None
        if self.public_act:
            return act_sort_key(self.public_act, self.section_end)
        return section_sort_key(self.section_end)


# ------------------------------------------------------------------------------ sort keys

_STATUTE = re.compile(r"(\d{1,3})([a-z]{0,2})-(\d{1,4})([a-z]{0,4})")
_ACT = re.compile(r"(\d{2})-(\d{1,4})")
_ACT_SECTION = re.compile(r"(\d{1,4})([a-z]{0,2})")


def _letters(suffix: str) -> str:
    # Statute suffixes run a…z, aa…zz, aaa…: shorter first, then alphabetical.
    return f"{len(suffix)}{suffix}"


def section_sort_key(section: str) -> str | None:
    """A string that sorts General Statutes sections in statute order, or None.

    ``1-1z`` < ``1-1aa`` < ``1-2``; ``4-52`` < ``4a-1`` < ``5-1``; ``10-234z`` < ``10-234aa``.
    """
    m = _STATUTE.fullmatch(section.strip().lower())
    if not m:
        return None
    title, title_suffix, number, suffix = m.groups()
    return f"{int(title):04d}{_letters(title_suffix)}-{int(number):05d}{_letters(suffix)}"


def act_year(public_act: str, this_year: int | None = None) -> int | None:
    """The year of a public act: ``16-189`` → 2016, ``99-1`` → 1999 (the century is the
    latest that does not lie after ``this_year``, by default this year)."""
    m = _ACT.fullmatch(public_act.strip())
    if not m:
        return None
    yy = int(m.group(1))
    year = 2000 + yy
    this_year = this_year or ct_today().year
    return year if year <= this_year else 1900 + yy


def act_sort_key(public_act: str, section: str | None = None) -> str | None:
    """Acts sort after statute sections, by year, number, then the act's own section."""
    m = _ACT.fullmatch(public_act.strip())
    year = act_year(public_act)
    if not m or year is None:
        return None
    key = f"~PA{year:04d}-{int(m.group(2)):05d}:"
    if section:
        s = _ACT_SECTION.fullmatch(section.strip().lower())
        if not s:
            return None
        key += f"{int(s.group(1)):05d}{_letters(s.group(2))}"
    return key


# ------------------------------------------------------------------------------ clean-up

_DELETION = re.compile(r"\[[^\[\]\n]*\]")
_INSERT_MARKS = re.compile(r"\{\{|\}\}")
_SPACES = re.compile(r"[ \t\u00a0]+")


def _readable(line: str) -> str:
    """A line as the law will read: deletions dropped, insertion marks removed."""
    line = _INSERT_MARKS.sub("", line)
    for _ in range(4):  # nested brackets are rare; a few passes drop them
        stripped = _DELETION.sub(" ", line)
        if stripped == line:
            break
        line = stripped
    return _SPACES.sub(" ", line).strip()


# ------------------------------------------------------------------------------ grammar

# A statute section (10-234aa, 4a-52a) or an act's section (3); never part of a longer
# token (a regulation's 10-145d-400 is no statute section).
_NUM = r"(?:\d{1,3}[a-z]{0,2}-\d{1,4}[a-z]{0,4}|\d{1,4}[a-z]{0,2})(?![a-z0-9-])"
_ITEM = rf"{_NUM}(?:\s+(?:to|through)\s+{_NUM}(?:,?\s+inclusive)?)?"
_LIST = rf"{_ITEM}(?:\s*,\s*(?:and\s+|or\s+)?{_ITEM}|\s+(?:and|or)\s+{_ITEM})*"
_ACT_NO = r"public\s+acts?\s+(?:no\.\s*)?(\d{2}-\d{1,4})(?![0-9-])"
_SUPPLEMENT = (
    r"(?:the\s+(?:\d{4}\s+)?(?:revision|supplement)\s+(?:of|to)\s+)?the\s+general\s+statutes"
)
# "section(s) LIST" with what governs it: the general statutes, a public act, this act, or
# nothing said (a statute-shaped number inside a statute's own text).
_SECTIONS = re.compile(
    rf"\bsections?\s+(?P<list>{_LIST})"
    rf"(?:,?\s+of\s+(?:(?P<statutes>{_SUPPLEMENT})"
    r"|public\s+acts?\s+(?:no\.\s*)?(?P<act>\d{2}-\d{1,4})(?![0-9-])"
    r"|(?P<this>this\s+act)))?",
    re.IGNORECASE,
)
_WHOLE_ACT = re.compile(rf"\b{_ACT_NO}", re.IGNORECASE)
_RANGE = re.compile(rf"({_NUM})\s+(?:to|through)\s+({_NUM})", re.IGNORECASE)
_ITEMS = re.compile(_ITEM, re.IGNORECASE)

_HEADING = re.compile(r"^[\"“']?(?:Section|Sec\.)\s+(\d{1,4}[a-z]?)\.(?:\s+|$)")
_PURPOSE = re.compile(r"^statement\s+of\s+purpose\b", re.IGNORECASE)
_NEW = re.compile(r"^\(NEW\)")
# The verb of an opening clause, after its subject.
_SUBSTITUTED = re.compile(
    r"\s(?:is|are)\s+(?:hereby\s+)?repealed\s+and\s+the\s+following\s+(?:is|are)\s+"
    r"substituted\s+in\s+lieu\s+thereof",
    re.IGNORECASE,
)
_ADDING = re.compile(r"\s(?:is|are)\s+(?:hereby\s+)?amended\s+(?:by\s+adding|to\s+read)\b", re.I)
_REPEALED = re.compile(
    r"\s(?:is|are)\s+(?:hereby\s+)?repealed\s*(?:\((?:Effective|effective)[^)]*\)\s*)?\.?\s*"
    r"(?:\((?:Effective|effective)[^)]*\)\s*\.?)?$"
)
_PROPOSED = re.compile(r"^That\s+(?P<subject>.+?)\s+be\s+(?P<verb>amended|repealed)\b", re.I)


def _expand(items: str) -> list[tuple[str, str | None]]:
    """``20-324g and 42-103b to 42-103m, inclusive`` → ``[(20-324g, None), (42-103b, 42-103m)]``."""
    out = []
    for m in _ITEMS.finditer(items):
        piece = m.group()
        r = _RANGE.match(piece)
        if r:
            out.append((r.group(1).lower(), r.group(2).lower()))
        else:
            out.append((piece.strip().lower(), None))
    return out


def _is_statute(number: str) -> bool:
    return _STATUTE.fullmatch(number) is not None


def _mentions(text: str) -> list[tuple[str | None, str | None, str | None, int, int]]:
    """(section, section_end, public_act, start, end) of every reference in ``text``."""
    found: list[tuple[str | None, str | None, str | None, int, int]] = []
    taken: list[tuple[int, int]] = []
    for m in _SECTIONS.finditer(text):
        if m.group("this"):
            taken.append(m.span())
            continue  # the bill's own sections
        act = m.group("act")
        pairs = _expand(m.group("list"))
        if act:
            act = _act_form(act)
            for start, end in pairs:
                if _is_statute(start) or (end and _is_statute(end)):
                    continue  # "section 10-1 of public act ..." is no act section
                found.append((start, end, act, *m.span()))
        else:
            # Governed by the general statutes, or nothing said: only statute-shaped
            # numbers are sections of the statutes ("section 3" alone is ambiguous).
            for start, end in pairs:
                if _is_statute(start) and (end is None or _is_statute(end)):
                    found.append((start, end, None, *m.span()))
        taken.append(m.span())
    for m in _WHOLE_ACT.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        found.append((None, None, _act_form(m.group(1)), *m.span()))
    found.sort(key=lambda f: f[3])
    return found


def _act_form(number: str) -> str:
    year, _, serial = number.partition("-")
    return f"{year}-{int(serial)}"


# ------------------------------------------------------------------------------ the reader


# Header lines of a file copy or public act naming the bill and act themselves.
_OWN_HEADER = re.compile(
    r"(?:(?:Substitute\s+)?(?:House|Senate)\s+Bill\s+No\.\s*\d+\s*)?"
    r"(?:Public\s+Act\s+No\.\s*\d{2}-\d+)?\s*",
    re.IGNORECASE,
)


def _sections(text: str) -> list[tuple[str | None, list[str]]]:
    """The text as (bill section, its readable paragraphs): None before the first heading
    (title, enacting clause, a proposed bill's text) and from the statement of purpose on."""
    out: list[tuple[str | None, list[str]]] = [(None, [])]
    for raw in text.splitlines():
        line = _readable(raw)
        if not line or (len(out) == 1 and _OWN_HEADER.fullmatch(line)):
            continue
        if _PURPOSE.match(line):
            out.append((None, [line]))
            continue
        m = _HEADING.match(line)
        if m:
            rest = line[m.end() :].strip()
            out.append((m.group(1), [rest] if rest else []))
        else:
            out[-1][1].append(line)
    return [(s, paras) for s, paras in out if paras]


def _opening(line: str) -> tuple[str, str, str] | None:
    """(action, subject, rest) of an amending or repealing opening clause, or None."""
    for pattern, action in ((_SUBSTITUTED, "amends"), (_ADDING, "amends")):
        m = pattern.search(line)
        if m:
            return action, line[: m.start()], line[m.end() :]
    m = _REPEALED.search(line)
    if m:
        return "repeals", line[: m.start()], ""
    return None


def _proposal(line: str) -> tuple[str, str, str] | None:
    """A proposed bill's "That SUBJECT be amended/repealed ..." clause."""
    m = _PROPOSED.match(line)
    if not m:
        return None
    action = "amends" if m.group("verb").lower() == "amended" else "repeals"
    return action, m.group("subject"), line[m.end() :]


def statute_refs(text: str) -> list[StatuteRef]:
    """Every statute and public-act reference of one version text, in text order."""
    refs: list[StatuteRef] = []
    for bill_section, paragraphs in _sections(text):
        acted: set[tuple[str | None, str | None]] = set()
        body: list[str] = []
        if bill_section is not None and _NEW.match(paragraphs[0]):
            refs.append(StatuteRef(bill_section, None, None, None, "adds"))
            body = paragraphs
        else:
            # A section's opening clause says what it does; before the first section only a
            # proposed bill's "That ... be amended" does.
            for n, paragraph in enumerate(paragraphs):
                if bill_section is not None and n > 0:
                    body.append(paragraph)
                    continue
                clause = _opening(paragraph) if bill_section is not None else None
                clause = clause or _proposal(paragraph)
                if clause is None:
                    body.append(paragraph)
                    continue
                action, subject, after = clause
                mentions = _mentions(subject)
                for section, end, act, *_ in mentions:
                    refs.append(StatuteRef(bill_section, section, end, act, action))
                    acted.add((section, act))
                body += [after] if mentions else [subject, after]
        seen: set[tuple[str | None, str | None, str | None]] = set()
        for paragraph in body:
            for section, end, act, *_ in _mentions(paragraph):
                if (section, act) in acted or (section, end, act) in seen:
                    continue
                seen.add((section, end, act))
                refs.append(StatuteRef(bill_section, section, end, act, "cites"))
    return refs


# ------------------------------------------------------------------------------ formulas

# The bill's own formulas: words every bill shares that say nothing about what this one does.
# Blanked (not removed) before texts are compared, so no passage runs across one.  One
# pattern each, each opening with a literal, so the engine skips through long texts fast.
_FORMULAS = tuple(
    re.compile(p)
    for p in (
        r"Be\s+it\s+enacted\s+by\s+the\s+Senate\s+and\s+House\s+of\s+Representatives\s+in\s+"
        r"General\s+Assembly\s+convened:?",
        r"\([Ee]ffective\s+[^()]{0,80}\)",
        r"\(NEW\)",
        r"(?:is|are)\s+(?:hereby\s+)?repealed\s+and\s+the\s+following\s+(?:is|are)\s+"
        r"substituted\s+in\s+lieu\s+thereof:?",
        r"(?:is|are)\s+amended\s+by\s+adding\s+(?:a\s+)?(?:new\s+)?(?:sub)?(?:section|division)s?"
        r"\s+\([a-z0-9]+\)(?:\s+(?:to|and)\s+\([a-z0-9]+\))?\s+as\s+follows:?",
        r"of\s+the\s+(?:\d{4}\s+supplement\s+to\s+the\s+)?general\s+statutes",
        r"as\s+amended\s+by\s+this\s+act",
        r"(?<![^\s])(?:Section|Sec\.)\s+\d{1,4}[a-z]?\.(?=\s|$)",
        r"Statement\s+of\s+Purpose:?",
        r"[Nn]otwithstanding\s+the\s+provisions\s+of\s+any\s+(?:other\s+)?"
        r"(?:section\s+of\s+the\s+)?(?:general\s+statutes|law)",
        r"[Aa]s\s+used\s+in\s+this\s+section(?:\s+and\s+sections?\s+[^:]{1,60}?\s+of\s+this\s+act)?",
        r"[Tt]he\s+joint\s+standing\s+committee\s+of\s+the\s+General\s+Assembly\s+having\s+"
        r"cognizance\s+of\s+matters\s+relating\s+to",
    )
)
# A cheap test before each pattern: the literal it cannot match without.
_FORMULA_HINTS = (
    "enacted",
    "ffective",
    "(NEW)",
    "repealed",
    "amended",
    "statutes",
    "this act",
    "Se",
    "Purpose",
    "otwithstanding",
    "s used in",
    "joint standing",
)


def formula_free(text: str) -> str:
    """``text`` with the bill's formulas (enacting clause, effective-date clauses,
    ``(NEW)``, section headings, amending formulas, "of the general statutes", …) replaced
    by a line break, so two bills that share only these are not alike."""
    for pattern, hint in zip(_FORMULAS, _FORMULA_HINTS, strict=True):
        if hint in text:
            text = pattern.sub("\n", text)
    return text
