"""Roll calls and members for billwatch's offline copy of cga.ct.gov (SAMPLE DATA).

Called by build.py (``build_votes.add(site, bills)``, before the status pages are written):
adds the roll-call links to the sample bills' status pages and writes

- ``pub/data/LegislatorDatabase.csv``: all 151 House and 36 Senate seats of the 2015
  session (the "current" session of the copy's bulk files), 33 quoted headers, CRLF,
  Windows-1252 (one ``ñ``), the file's quirks (docs/cga-site.md, "Legislators");
- roll calls of the sample bills in the current PDF layout, the HTML table layout and the
  older ``<pre>`` layout, with every awkward case billwatch must handle: a VACANT seat,
  members sharing a surname (``MARROWBY, C.`` / ``MARROWBY, D.``), compound names
  (``FERNSBY-QUILL``, ``VANDER ASHCOMBE``, mixed-case ``Della Thornwick``), the
  "EMERGENCY CERTIFICATION" label, two roll calls on one bill on one day, a member who left
  mid-session (on early roll calls, not in the file), a roll call listed only in its vote
  folder, a file with no bill in its name, a budget address filed as a roll call, and one
  document whose printed totals disagree with its member lines (EXPECTED-ERRORS.txt).

Every member is invented (names built from made-up syllables; no real legislator's name);
every document and the file's title column say "sample data".  Deterministic: no
randomness, reportlab ``invariant=1``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

BANNER = "Sample data \u2014 billwatch offline copy, not the live site"
BANNER_ASCII = "Sample data &mdash; billwatch offline copy, not the live site"
SESSION = 2015  # the copy's current session: the members file is its
CRLF = "\r\n"

COMMITTEE_NAMES = {
    "AGE": "Aging", "APP": "Appropriations", "BA": "Banking", "KID": "Children",
    "CE": "Commerce", "ED": "Education", "ET": "Energy and Technology",
    "ENV": "Environment", "FIN": "Finance, Revenue and Bonding", "GL": "General Law",
    "GAE": "Government Administration and Elections",
    "HED": "Higher Education and Employment Advancement", "HS": "Human Services",
    "INS": "Insurance and Real Estate", "JUD": "Judiciary",
    "LAB": "Labor and Public Employees", "PD": "Planning and Development",
    "PH": "Public Health", "PS": "Public Safety and Security", "TRA": "Transportation",
}
CODES = sorted(COMMITTEE_NAMES)

# Invented surnames: a made-up first syllable and an English place-name ending.
_HEADS = ("Ash", "Bram", "Cor", "Dell", "Elder", "Fern", "Glen", "Hollin", "Ivy", "Junip",
          "Kest", "Lind", "Marrow", "Nettle", "Orch", "Pim", "Quill", "Rush", "Sorrel",
          "Thistle", "Umber", "Vetch", "Willow", "Yarrow")
_TAILS = ("by", "combe", "dale", "field", "ford", "gate", "holt", "hurst", "mere", "more",
          "stead", "thorne", "well", "wick")
FIRST = ("Avery", "Blair", "Casey", "Dana", "Emery", "Frankie", "Gale", "Harper", "Indra",
         "Jody", "Kendall", "Logan", "Morgan", "Noel", "Oakley", "Parker", "Quinn", "Reese",
         "Sage", "Tatum", "Uma", "Vale", "Wynn", "Yael", "Zola", "Ellis", "Robin", "Shay")


def _surnames() -> list[str]:
    combos = [h + t for h in _HEADS for t in _TAILS]
    # A fixed shuffle (i * 97 mod n) so neighbouring districts do not share a syllable.
    n = len(combos)
    return [combos[(i * 97) % n] for i in range(n)]


@dataclass
class Member:
    chamber: str  # H / S
    district: int
    first: str
    last: str
    party: str  # Democrat / Republican / Independent
    printed: str = ""  # as roll calls print the name (set by _printed_names)
    middle: str = ""
    suffix: str = ""
    common: str = ""
    email_form: bool = False
    committees: list[str] = field(default_factory=list)
    in_file: bool = True  # False: left mid-session, roll calls only

    @property
    def code(self) -> str:
        return f"{self.chamber}{self.district:03d}"


# Members every test and the README refer to by name (all invented).
SPECIAL = {
    ("H", 12): ("Carla", "Marrowby", "Democrat"),
    ("H", 88): ("Dennis", "Marrowby", "Republican"),
    ("H", 40): ("Robin", "Fernsby-Quill", "Democrat"),
    ("H", 53): ("Noel", "Della Thornwick", "Republican"),
    ("H", 64): ("Tatum", "Vander Ashcombe", "Democrat"),
    ("H", 77): ("Uma", "Umberdale", "Democrat"),  # elected in May: successor
    ("H", 101): ("Sage", "Pe\u00f1afield", "Republican"),
    ("H", 106): ("Casey", "O'Larkin", "Republican"),
    ("H", 143): ("Indra", "Quillstead", "Independent"),
    ("S", 5): ("Elise", "Marrowby", "Democrat"),  # a senator with a representative's surname
    ("S", 26): ("Harper", "Ashby-Nettle", "Republican"),
}
PREDECESSOR_77 = Member("H", 77, "Kit", "Kestrelmore", "Democrat", in_file=False)
VACANT_FROM, SEATED_ON = date(2015, 4, 25), date(2015, 5, 12)  # district 77


def roster() -> list[Member]:
    names = iter(_surnames())
    used = {last.lower() for _, last, _ in SPECIAL.values()}
    out = []
    for chamber, seats in (("H", 151), ("S", 36)):
        for district in range(1, seats + 1):
            if (chamber, district) in SPECIAL:
                first, last, party = SPECIAL[(chamber, district)]
            else:
                last = next(names)
                while last.lower() in used or last.lower() == "kestrelmore":
                    last = next(names)
                used.add(last.lower())
                first = FIRST[(district * 7 + (chamber == "S") * 3) % len(FIRST)]
                # About 58 % Democrats, the rest Republicans, interleaved.
                party = "Democrat" if (district * 5) % 12 < 7 else "Republican"
            m = Member(chamber, district, first, last, party)
            m.middle = "ABCDEFGHJKLMNPRSTW"[district % 18] if district % 3 == 0 else ""
            m.suffix = "Jr." if district in (31, 119) and chamber == "H" else ""
            m.common = {"Robin": "Rob", "Kendall": "Ken"}.get(first, "") if district % 2 else ""
            m.email_form = district % 17 == 0
            m.committees = [CODES[(district * k + (chamber == "S")) % len(CODES)] for k in (1, 3, 7)]
            m.committees = list(dict.fromkeys(m.committees))
            out.append(m)
    return out


def _printed_names(members: list[Member]) -> None:
    """Surname in capitals; an initial after a comma where a chamber's roll shares the
    surname; the mixed-case compound prints as written (docs/cga-site.md, "Roll calls")."""
    for chamber in ("H", "S"):
        group = [m for m in members if m.chamber == chamber]
        counts: dict[str, int] = {}
        for m in group:
            counts[m.last.upper()] = counts.get(m.last.upper(), 0) + 1
        for m in group:
            surname = m.last if m.last == "Della Thornwick" else m.last.upper()
            m.printed = f"{surname}, {m.first[0]}." if counts[m.last.upper()] > 1 else surname


# --------------------------------------------------------------------- LegislatorDatabase.csv

HEADERS = [
    "dist", "office code", "district number", "designator code", "first name",
    "middle initial", "last name", "suffix", "commonly used name", "home street address",
    "home city", "home state", "home zip code", "home phone", "capitol street address",
    "capitol city", "capitol phone", "room", "room number", "committees chaired",
    "committees vice chaired", "ranking member", "committee member1",
    "senator/representative", "party", "title", "gender", "business phone", "email", "fax",
    "prison", "URL", "committee codes",
]


def legislator_file(members: list[Member]) -> bytes:
    rows = [HEADERS]
    for m in members:
        if not m.in_file:
            continue
        chair = m.committees[0] if m.district % 9 == 1 else ""
        roles = [
            COMMITTEE_NAMES[c] + (" (Chair)" if c == chair else "") for c in m.committees
        ]
        senator = m.chamber == "S"
        email = (
            f"http://www.cga.ct.gov/sample/contact.asp?member={m.code}"
            if m.email_form
            else f"{(m.common or m.first)}.{m.last.replace(' ', '').replace(chr(39), '')}@cga.ct.gov"
        )
        rows.append([
            f"{m.district:03d}", m.chamber, str(m.district), "", m.first, m.middle, m.last,
            m.suffix, m.common, f"{10 + m.district} Sample Road", "Sampletown", "CT",
            f"06{m.district:03d}", "", "Legislative Office Building", "Hartford",
            f"860-240-{8000 + m.district + (500 if senator else 0):04d}", "",
            str(4000 + m.district), COMMITTEE_NAMES[chair] if chair else "", "", "",
            ";".join(roles), "Senator" if senator else "Representative", m.party,
            "Sample data: invented member", "", "", email, "", "",
            f"http:\\\\www.cga.ct.gov\\sample\\members\\{m.code}.asp",
            ";" + ";".join(m.committees) + ";",
        ])
    buf = io.StringIO(newline="")
    csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator=CRLF).writerows(rows)
    return buf.getvalue().encode("cp1252")


# --------------------------------------------------------------------------- roll calls


@dataclass
class Roll:
    """One sample roll call: where it is, what it decides, how the members voted."""

    chamber: str  # H / S
    number: int
    year: int
    bill: tuple[str, int] | None  # ("HB", 7017); None: no bill in the file name
    day: date
    counts: tuple[int, int, int, int]  # yea, nay, absent, not voting (member lines)
    layout: str = "pdf"  # pdf | table | pre
    suffix: str = ""  # label suffix: "AS AMENDED", "HOUSE AMD A", "CONSENT CALENDAR", ...
    linked: bool = True  # on the bill's status page (else only in the vote folder)
    overrides: dict[str, str] = field(default_factory=dict)  # printed name -> letter
    printed_offset: tuple[int, int, int] = (0, 0, 0)  # printed - counted (the mismatch)
    note: str = ""

    @property
    def name(self) -> str:
        c = self.chamber
        if self.bill is None:
            bill = ""
        else:
            bill = f"{self.bill[0]}{self.bill[1]:05d}"
        ext = "PDF" if self.layout == "pdf" else "htm"
        return f"{self.year}{c}V-{self.number:05d}-R00{bill}-{c}V.{ext}"

    @property
    def path(self) -> str:
        folder = f"/{self.year}/VOTE/{self.chamber}/" + ("PDF/" if self.layout == "pdf" else "")
        return folder + self.name

    @property
    def label(self) -> str:
        who = "House" if self.chamber == "H" else "Senate"
        return f"{who} Roll Call Vote {self.number}" + (f" {self.suffix}" if self.suffix else "")


ROLLS = [
    Roll("S", 88, 2015, ("SB", 112), date(2015, 4, 14), (34, 1, 1, 0),
         overrides={"MARROWBY": "Y", "ASHBY-NETTLE": "N"}, note="Senate passage"),
    Roll("H", 140, 2015, ("HB", 5210), date(2015, 4, 22), (131, 15, 3, 2),
         overrides={"KESTRELMORE": "Y"}, note="a member who left mid-session (not in the file)"),
    Roll("H", 160, 2015, ("HB", 5712), date(2015, 4, 29), (120, 25, 3, 2), linked=False,
         note="only in the vote folder (--all finds it); district 77 VACANT"),
    Roll("H", 190, 2015, ("HB", 6688), date(2015, 5, 5), (101, 45, 2, 2),
         suffix="EMERGENCY CERTIFICATION",
         note="the EMERGENCY CERTIFICATION label; district 77 VACANT"),
    Roll("H", 210, 2015, ("SB", 112), date(2015, 5, 12), (146, 0, 3, 2),
         suffix="CONSENT CALENDAR", overrides={"UMBERDALE": "Y"},
         note="consent calendar; district 77's new member votes"),
    Roll("H", 275, 2015, ("HB", 7017), date(2015, 5, 29), (78, 70, 2, 1), suffix="HOUSE AMD A",
         overrides={"MARROWBY, C.": "Y", "MARROWBY, D.": "N", "FERNSBY-QUILL": "Y"},
         note="amendment schedule A: a close vote, the first of two that day"),
    Roll("H", 276, 2015, ("HB", 7017), date(2015, 5, 29), (142, 2, 4, 3), suffix="AS AMENDED",
         overrides={"MARROWBY, C.": "Y", "MARROWBY, D.": "N", "FERNSBY-QUILL": "Y",
                    "Della Thornwick": "A", "VANDER ASHCOMBE": "X", "PE\u00d1AFIELD": "Y",
                    "O'LARKIN": "N", "QUILLSTEAD": "Y"},
         note="passage as amended, the second that day"),
    Roll("S", 250, 2015, ("SB", 947), date(2015, 5, 12), (19, 17, 0, 0), layout="table",
         overrides={"MARROWBY": "N"}, note="HTML table layout (2 groups of 5 cells)"),
    Roll("S", 310, 2015, ("HB", 5210), date(2015, 5, 20), (32, 2, 2, 0),
         printed_offset=(1, 0, -1),
         note="DELIBERATE FAULT: prints Yea 33 and absent 1; its lines hold 32 yea, 2 absent"),
    Roll("H", 123, 2016, ("HB", 5469), date(2016, 4, 20), (142, 2, 4, 3), layout="table",
         overrides={"MARROWBY, C.": "Y", "MARROWBY, D.": "N"},
         note="HTML table layout (4 groups of 4 cells); 2016: names only, no members file"),
    Roll("S", 301, 2016, ("HB", 5469), date(2016, 5, 3), (34, 1, 1, 0), layout="pre",
         note="the older <pre> layout"),
    Roll("H", 220, 2017, ("HB", 7207), date(2017, 5, 17), (139, 6, 4, 2)),
    Roll("S", 410, 2017, ("HB", 7207), date(2017, 6, 1), (33, 2, 1, 0)),
    Roll("H", 95, 2018, ("HB", 5444), date(2018, 4, 25), (145, 3, 2, 1)),
]
NO_BILL = Roll("S", 35, 2015, None, date(2015, 3, 4), (30, 2, 4, 0), linked=False,
               note="no bill in its name: skipped unread")
BUDGET_ADDRESS = "/2015/VOTE/H/PDF/2015HV-00001-R00HB06105-HV.PDF"


def roll_members(roll: Roll, members: list[Member]) -> list[Member | None]:
    """The chamber's seats on the roll's day in printed order (None: a VACANT seat)."""
    seats: list[Member | None] = []
    for m in members:
        if m.chamber != roll.chamber:
            continue
        if roll.chamber == "H" and m.district == 77 and roll.year == SESSION:
            if roll.day < VACANT_FROM:
                seats.append(PREDECESSOR_77)
                continue
            if roll.day < SEATED_ON:
                seats.append(None)
                continue
        seats.append(m)
    return sorted(seats, key=lambda m: (m is None, m.printed.upper() if m else ""))


def assign(roll: Roll, seats: list[Member | None]) -> list[tuple[str, Member | None]]:
    """(letter, member) per seat: the overrides, then the counts filled in a fixed order."""
    yea, nay, absent, nv = roll.counts
    people = [m for m in seats if m is not None]
    letters: dict[int, str] = {}
    for i, m in enumerate(people):
        if m.printed in roll.overrides:
            letters[i] = roll.overrides[m.printed]
    want = {"N": nay, "A": absent, "X": nv}
    for letter_ in letters.values():
        if letter_ in want:
            want[letter_] -= 1
    order = sorted(range(len(people)), key=lambda i: ((i * 37 + roll.number) % len(people), i))
    for letter_ in ("N", "A", "X"):
        for i in order:
            if want[letter_] <= 0:
                break
            if i not in letters and (letter_ != "N" or people[i].party == "Republican"
                                     or want[letter_] > 20):
                letters[i] = letter_
                want[letter_] -= 1
        for i in order:  # not enough Republicans for the nays: anyone
            if want[letter_] <= 0:
                break
            if i not in letters:
                letters[i] = letter_
                want[letter_] -= 1
    out: list[tuple[str, Member | None]] = []
    people_iter = iter(range(len(people)))
    for m in seats:
        if m is None:
            out.append(("", None))
        else:
            out.append((letters.get(next(people_iter), "Y"), m))
    got = sum(1 for letter_, m in out if letter_ == "Y")
    assert got == yea, (roll.label, got, yea)
    return out


def _totals(roll: Roll) -> list[tuple[str, int]]:
    yea, nay, absent, nv = roll.counts
    dy, dn, do = roll.printed_offset
    voting = yea + dy + nay + dn
    return [
        ("Total Number Voting", voting),
        ("Necessary for Passage", voting // 2 + 1),
        ("Those voting Yea", yea + dy),
        ("Those voting Nay", nay + dn),
        ("Those absent and not voting", absent + nv + do),
    ]


def _bill_line(roll: Roll, titles: dict[tuple[int, str, int], str]) -> str:
    assert roll.bill is not None
    title = titles.get((roll.year, *roll.bill), "")
    return f"{roll.bill[0][0]}.B. No. {roll.bill[1]}    {title}"


# --------------------------------------------------------------------------- renderers

LEFT, TOP, LEADING = 54, 738, 13.5


def roll_pdf(roll: Roll, seats, titles) -> bytes:
    chamber_long = "House of Representatives" if roll.chamber == "H" else "Senate"
    head = [
        ("Helvetica-Bold", chamber_long),
        ("Helvetica-Bold", roll.label),
        ("Helvetica", _bill_line(roll, titles) if roll.bill else "Motion to adjourn"),
        ("Helvetica", f"Taken on {roll.day.month}/{roll.day.day}"),
        *(("Helvetica", f"{label} {value}") for label, value in _totals(roll)),
        ("Helvetica", "Y = Yea   N = Nay   A = Absent   X = Not Voting"),
        ("Helvetica", "The following is the roll call vote:"),
    ]
    columns = 4 if roll.chamber == "H" else 2
    width = (612 - 2 * LEFT) / columns
    entries = list(seats)
    rows = [entries[i : i + columns] for i in range(0, len(entries), columns)]
    per_page_first = int((TOP - 80 - len(head) * LEADING) // LEADING)
    per_page = int((TOP - 80) // LEADING)
    pages = [rows[:per_page_first]]
    rest = rows[per_page_first:]
    while rest:
        pages.append(rest[:per_page])
        rest = rest[per_page:]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, invariant=1, pageCompression=1)
    c.setTitle(roll.label)
    c.setAuthor("billwatch sample site")
    c.setCreator("billwatch data/sample-site/build_votes.py")
    for n, page in enumerate(pages, start=1):
        c.setFont("Helvetica", 8)
        c.drawString(LEFT, TOP + 2 * LEADING, f"{chamber_long} {roll.label}   {n} of {len(pages)}")
        c.setFont("Helvetica", 6)
        c.drawRightString(612 - LEFT, 40, BANNER)
        y = TOP
        if n == 1:
            for font, text in head:
                c.setFont(font, 10)
                c.drawString(LEFT, y, text)
                y -= LEADING
            y -= LEADING / 2
        c.setFont("Helvetica", 9)
        for row in page:
            for col, (letter_, m) in enumerate(row):
                x = LEFT + col * width
                if m is None:
                    c.drawString(x + 14, y, "77")
                    c.drawString(x + 34, y, "VACANT")
                    continue
                c.drawString(x, y, letter_)
                if roll.chamber == "H":
                    c.drawRightString(x + 28, y, str(m.district))
                    c.drawString(x + 34, y, m.printed)
                else:
                    c.drawString(x + 14, y, m.printed)
            y -= LEADING
        c.showPage()
    c.save()
    return buf.getvalue()


def _entity(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .encode("ascii", "xmlcharrefreplace").decode("ascii"))


def roll_html_table(roll: Roll, seats, titles) -> bytes:
    """2011-2023 HTML: House rows of 4 groups of 4 cells (letter, seat, name, spacer),
    Senate rows of 2 groups of 5 (letter, seat, name, two spacers)."""
    groups, spacers = (4, 1) if roll.chamber == "H" else (2, 2)
    out = [
        "<html><head><meta http-equiv=Content-Type content=\"text/html; charset=windows-1252\">",
        f"<title>{roll.label}</title></head><body>",
        f"<p class=billwatch-sample-banner>{BANNER_ASCII}</p>",
        f"<p align=center><b>{'House of Representatives' if roll.chamber == 'H' else 'Senate'}</b></p>",
        f"<p align=center><b>{roll.label}</b></p>",
        f"<p>{_entity(_bill_line(roll, titles))}</p>",
        f"<p>Taken on {roll.day.month}/{roll.day.day}</p>",
        "<table border=0>",
    ]
    for label, value in _totals(roll):
        out.append(f"<tr><td>{label}</td><td align=right>{value}</td></tr>")
    out.append("</table>")
    out.append("<p>Y = Yea &nbsp; N = Nay &nbsp; A = Absent &nbsp; X = Not Voting</p>")
    out.append("<table border=0 cellpadding=2>")
    cells: list[str] = []
    for letter_, m in seats:
        if m is None:
            group = ["&nbsp;", "77", "VACANT"]
        else:
            group = [letter_, str(m.district), _entity(m.printed)]
        cells += [f"<td><font size=2>{x}</font></td>" for x in group]
        cells += ["<td>&nbsp;</td>"] * spacers
    per_row = groups * (3 + spacers)
    for i in range(0, len(cells), per_row):
        out.append("<tr>" + "".join(cells[i : i + per_row]) + "</tr>")
    out += ["</table>", "</body></html>", ""]
    return CRLF.join(out).encode("ascii")


def roll_html_pre(roll: Roll, seats, titles) -> bytes:
    """The older layout: everything in one <pre>, leader dots before the totals."""
    lines = [
        f"{'House of Representatives' if roll.chamber == 'H' else 'Senate':^60}",
        f"{roll.label:^60}",
        _bill_line(roll, titles),
        f"Taken on {roll.day.month}/{roll.day.day}",
        "",
    ]
    for label, value in _totals(roll):
        lines.append(f"{label} {'.' * (34 - len(label))} {value:>3}")
    lines += ["", "The following is the roll call vote:", ""]
    entries = [f"{letter_}  {m.printed:<20}" if m else f"   {'VACANT':<20}" for letter_, m in seats]
    for i in range(0, len(entries), 3):
        lines.append("   ".join(entries[i : i + 3]).rstrip())
    body = _entity("\n".join(lines))
    return CRLF.join([
        "<html><head><title>" + roll.label + "</title></head><body>",
        f"<p class=billwatch-sample-banner>{BANNER_ASCII}</p>",
        "<pre>", body.replace("\n", CRLF), "</pre>", "</body></html>", "",
    ]).encode("ascii")


def budget_address() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, invariant=1, pageCompression=1)
    c.setTitle("Budget address")
    c.setAuthor("billwatch sample site")
    y = TOP
    for text in ("STATE OF CONNECTICUT", "HOUSE OF REPRESENTATIVES", "BUDGET ADDRESS",
                 "Joint Convention of the House and the Senate, February 18, 2015",
                 "The Governor's budget address to the General Assembly (sample text).",
                 BANNER):
        c.setFont("Helvetica", 11)
        c.drawString(LEFT, y, text)
        y -= 2 * LEADING
    c.showPage()
    c.save()
    return buf.getvalue()


RENDER = {"pdf": roll_pdf, "table": roll_html_table, "pre": roll_html_pre}


def add(site, bills) -> None:
    """Put the members file and the roll calls into ``site``; link the roll calls from the
    bills' status pages (``bill.extra_docs``).  Call before the status pages are built."""
    members = roster()
    _printed_names([*members, PREDECESSOR_77])
    site.put("/pub/data/LegislatorDatabase.csv", legislator_file(members), date(2015, 5, 14))
    titles = {(b.year, b.type, b.number): b.title for b in bills}
    by_key = {(b.year, b.type, b.number): b for b in bills}
    for roll in [*ROLLS, NO_BILL]:
        seats = assign(roll, roll_members(roll, members))
        site.put(roll.path, RENDER[roll.layout](roll, seats, titles), roll.day)
        if roll.linked and roll.bill is not None:
            bill = by_key[(roll.year, *roll.bill)]
            if not any(href.lower() == roll.path.lower() for _, _, href in bill.extra_docs):
                bill.extra_docs.append(("Roll Call Votes", roll.label, roll.path))
    site.put(BUDGET_ADDRESS, budget_address(), date(2015, 2, 18))
