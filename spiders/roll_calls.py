"""Roll-call documents (docs/cga-site.md, "Roll calls") parsed into ``cga.records.RollCall``.

Pure: pages of text (a PDF's, as the extraction workers give them) or an HTML body in,
records out.  Three layouts: the current PDF, the HTML tables of about 2011-2023 (cells:
vote letter, seat number, name), and the older ``<pre>`` block after "The following is the
roll call vote:".  Much of the layout is known only from other scrapers' code, so the
parser is defensive: labels are found wherever they are (with or without leader dots), a
member line is a vote letter standing alone, an optional seat number and a name, and
anything in the member section that is neither a member, a VACANT seat nor page furniture
is reported as a problem, never guessed at.  The member lines are checked against the
document's own totals by ``cga.votes.totals_problems`` (the caller's job).

A document that is not a roll call at all (a budget address filed in the vote folder)
raises ``NotARollCall`` with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import lxml.html
from lxml import etree

from cga.records import MemberVote, RollCall
from cga.vocab import VOTE_LETTERS

MAX_PROBLEMS = 8  # listed one by one; the rest are counted


class NotARollCall(ValueError):
    """The document holds no roll call; the message says what it holds instead."""


# ----------------------------------------------------------------------------- labels

_SEP = r"[\s.:…_-]*?"  # leader dots, colons or nothing between a label and its number
_LABELS = {
    "yea": re.compile(rf"Those\s+voting\s+Yea{_SEP}(\d+)", re.IGNORECASE),
    "nay": re.compile(rf"Those\s+voting\s+Nay{_SEP}(\d+)", re.IGNORECASE),
    "absent_not_voting": re.compile(
        rf"Those\s+absent\s+and\s+not\s+voting{_SEP}(\d+)", re.IGNORECASE
    ),
    "needed": re.compile(rf"Necessary\s+for\s+(Passage|Adoption){_SEP}(\d+)", re.IGNORECASE),
    "total_voting": re.compile(rf"Total\s+Number\s+Voting{_SEP}(\d+)", re.IGNORECASE),
}
_TAKEN = re.compile(
    r"Taken\s+on\s+(\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*(?:\d{4}|\d{2}))?)[ \t]*([^\n]*)",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"The\s+following\s+is\s+the\s+roll\s*call\s+vote\s*:?", re.IGNORECASE)
_HEADING = re.compile(
    r"\b(House(?:\s+of\s+Representatives)?|Senate)\s+Roll\s*Call\s+Vote\s+(?:No\.?\s*)?\d+[^\n]*",
    re.IGNORECASE,
)
_BILL = re.compile(r"\b([HS])\.\s*([BJR])\.\s*No\.?\s*(\d{1,5})\b", re.IGNORECASE)
_PAGE_COUNTER = re.compile(r"(?:\bPage\s+)?\b\d+\s+of\s+\d+\s*$", re.IGNORECASE)
_ANY_LABEL = re.compile(
    r"Those\s+voting|Those\s+absent|Necessary\s+for|Total\s+Number\s+Voting|"
    r"The\s+following\s+is",
    re.IGNORECASE,
)

# ----------------------------------------------------------------------------- members

# The member section is read as a stream of words, because extraction may put a member's
# letter, seat number and name on one line, or each on its own (others' code allows both):
# a capital letter standing alone (not an initial after a comma) is a vote letter, 1-3
# digits a seat number, VACANT an empty seat; other words, up to the end of the line or the
# next such token, make a name.  Reading the letter only as a word of its own is what keeps
# the "Y" ending "EMERGENCY" from becoming a yea vote by a member named "CERTIFICATION"
# (docs/cga-site.md, "Roll calls": pitfalls).
_LETTER = re.compile(r"^[A-Z]$")
_SEAT = re.compile(r"^\d{1,3}$")
_NAME = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ .,'’\-])*$")
_LEGEND = re.compile(r"\b[YNXA]\s*=\s*\w")


def _furniture(line: str) -> bool:
    """Page furniture in the member section: running headers, page counters, legends,
    the offline copy's sample-data banner."""
    return bool(
        _HEADING.search(line)
        or _PAGE_COUNTER.fullmatch(line)
        or len(_LEGEND.findall(line)) >= 2
        or "sample data" in line.lower()
    )


class _Reader:
    """Member tokens in order → ``rc.members``; what does not fit → problems."""

    def __init__(self, rc: RollCall):
        self.rc = rc
        self.problems: list[str] = []
        self.letter: str | None = None
        self.seat: str | None = None

    def problem(self, text: str) -> None:
        self.problems.append(text)

    def vote_letter(self, letter: str) -> None:
        if self.letter is not None:
            self.problem(f"vote letter {self.letter!r} with no name")
        self.letter = letter

    def vacant(self) -> None:
        """An empty seat: no vote, whatever letter was printed beside it."""
        self.rc.vacant += 1
        self.letter = self.seat = None

    def name(self, name: str) -> None:
        name = " ".join(name.split()).strip(" ,;")
        letter, seat, self.letter, self.seat = self.letter, self.seat, None, None
        if letter is None:
            self.problem(f"member line does not parse: {name!r} (no vote letter)")
            return
        if not _NAME.match(name):
            self.problem(f"member line does not parse: {f'{letter} {name}'!r}")
            return
        vote = VOTE_LETTERS.get(letter)
        if vote is None:
            self.problem(f"unknown vote letter {letter!r} for {name}")
            return
        self.rc.members.append(MemberVote(name, vote, int(seat) if seat else None))

    def line(self, line: str) -> None:
        words: list[str] = []
        for word in line.split():
            after_comma = bool(words) and words[-1].endswith(",")
            if (
                word.upper() == "VACANT"
                or (_LETTER.match(word) and not after_comma)
                or (_SEAT.match(word))
            ):
                if words:
                    self.name(" ".join(words))
                    words = []
                if word.upper() == "VACANT":
                    self.vacant()
                elif _SEAT.match(word):
                    self.seat = word
                else:
                    self.vote_letter(word)
            else:
                words.append(word)
        if words:  # a name ends with its line
            self.name(" ".join(words))

    def finish(self) -> RollCall:
        if self.letter is not None:
            self.problem(f"vote letter {self.letter!r} with no name")
        if len(self.problems) > MAX_PROBLEMS:
            more = len(self.problems) - MAX_PROBLEMS
            self.problems = [*self.problems[:MAX_PROBLEMS], f"… and {more} more"]
        self.rc.problems += self.problems
        return self.rc


def _header(text: str, rc: RollCall) -> int:
    """Read the labels into ``rc``; the offset where the member section starts."""
    ends = []
    for field, pattern in _LABELS.items():
        m = pattern.search(text)
        if m is None:
            continue
        if field == "needed":
            rc.needed_for, rc.needed = m.group(1).capitalize(), int(m.group(2))
        else:
            setattr(rc, field, int(m.group(1)))
        ends.append(m.end())
    m = _TAKEN.search(text)
    if m:
        rc.taken_on = "".join(m.group(1).split())
        motion = _ANY_LABEL.split(m.group(2))[0].strip(" .-:")
        rc.motion = motion or None
        ends.append(m.end())
    m = _SEPARATOR.search(text)
    if m:
        ends.append(m.end())
    headings = [" ".join(h.group(0).split()) for h in _HEADING.finditer(text)]
    if headings:
        stripped = [_PAGE_COUNTER.sub("", h).strip() for h in headings]
        # The one whose number is followed by words (AS AMENDED) over a running header.
        rc.heading = max(stripped, key=lambda h: len(re.split(r"Vote\s+(?:No\.?\s*)?\d+", h)[-1]))
    m = _BILL.search(text)
    if m:
        rc.bill_text = f"{m.group(1).upper()}.{m.group(2).upper()}. No. {m.group(3)}"
    if not ends and not headings:
        start = " ".join(text.split())[:80]
        raise NotARollCall(
            f"not a roll call: no roll-call heading or vote totals (it begins {start!r})"
        )
    if not ends:  # a heading and nothing else: members follow the first heading
        first = _HEADING.search(text)
        assert first is not None
        ends.append(first.end())
    return max(ends)


def parse_roll_call_text(text: str, layout: str = "pdf") -> RollCall:
    """A roll call from its text (a PDF's pages joined, or an HTML ``<pre>`` block)."""
    text = text.replace("\xa0", " ").replace("\f", "\n").replace("\r", "\n")
    rc = RollCall(layout=layout)
    start = _header(text, rc)
    reader = _Reader(rc)
    for raw in text[start:].split("\n"):
        line = " ".join(raw.split())
        if line and not _furniture(line):
            reader.line(line)
    return reader.finish()


def parse_roll_call_pages(pages: Sequence[str]) -> RollCall:
    """A roll call from a PDF's page texts (``Extractor.pdf_pages``)."""
    if not any(p.strip() for p in pages):
        raise ValueError("no extractable text (scanned?)")
    return parse_roll_call_text("\n".join(pages), "pdf")


# ----------------------------------------------------------------------------- HTML

_BLOCKS = ("br", "p", "div", "tr", "table", "pre", "li", "h1", "h2", "h3", "h4", "h5", "h6")


def _text_with_lines(root) -> str:
    for el in root.iter(*_BLOCKS):
        el.tail = "\n" + (el.tail or "")
    for el in root.iter("td", "th"):
        el.tail = " " + (el.tail or "")
    return root.text_content()


def _member_table(root):
    """The table of member cells: the one with the most cells holding a lone capital."""
    best, most = None, 1
    for table in root.iter("table"):
        letters = sum(
            1
            for td in table.iter("td")
            if re.fullmatch(r"[A-Z]", " ".join(td.text_content().split()))
        )
        if letters > most:
            best, most = table, letters
    return best


def parse_roll_call_html(html: str) -> RollCall:
    """A roll call from an HTML document: the table layout, else the ``<pre>`` one."""
    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise NotARollCall(f"not a roll call: the HTML does not parse ({exc})") from None
    for el in root.xpath("//script | //style"):
        el.drop_tree()
    table = _member_table(root)
    if table is None:
        pres = root.xpath("//pre")
        text = "\n".join(p.text_content() for p in pres) if pres else _text_with_lines(root)
        return parse_roll_call_text(text, "html_pre")
    cells = [" ".join(td.text_content().split()) for td in table.iter("td")]
    table.drop_tree()
    rc = RollCall(layout="html_table")
    _header(_text_with_lines(root), rc)
    reader = _Reader(rc)
    for cell in cells:  # a cell is a letter, a seat number, VACANT or a whole name
        if not cell:
            continue
        if _LETTER.match(cell):
            reader.vote_letter(cell)
        elif _SEAT.match(cell):
            reader.seat = cell
        elif cell.upper() == "VACANT":
            reader.vacant()
        else:
            reader.name(cell)
    return reader.finish()
