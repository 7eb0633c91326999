#!/usr/bin/env python3
"""Regenerate billwatch's offline copy of cga.ct.gov (pages, bulk CSVs, PDFs).

    .venv/bin/python data/sample-site/build.py            # rewrite this directory
    .venv/bin/python data/sample-site/build.py --out DIR  # write a fresh tree elsewhere

Deterministic: fixed dates, no randomness, reportlab ``invariant=1``; two runs give the
same bytes (tests/test_samplesite.py checks the committed tree against a fresh build).
Needs reportlab.  Owns everything in the tree except README.md, EXPECTED-ERRORS.txt and
this file.  Layout and vocabulary follow billwatch's docs/cga-site.md; facts about the
student-data-privacy bills are from its section 7, everything else is invented sample
data and every page says so.
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import re
import shutil
import textwrap
import urllib.parse
from itertools import groupby
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import build_states
from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

import build_lineage  # bill lineage across sessions (data/sample-site/build_lineage.py)
import build_votes  # roll calls and members (its own module: data/sample-site/build_votes.py)
import build_meetings  # committee calendars and agendas (data/sample-site/build_meetings.py)
import build_scorecards  # sponsors for the scorecard demo (data/sample-site/build_scorecards.py)

HERE = Path(__file__).resolve().parent
BANNER = "Sample data \u2014 billwatch offline copy, not the live site"
BANNER_ASCII = "Sample data &mdash; billwatch offline copy, not the live site"
CURRENT = 2015  # the session the bulk files describe
OWNED = ("2015", "2016", "2017", "2018", "asp", "basin", "pub", "robots.txt", "manifest.tsv",
         "states")
CRLF = "\r\n"

COMMITTEES = {  # comm_code -> name without the " Committee" suffix
    "AGE": "Aging",
    "APP": "Appropriations",
    "BA": "Banking",
    "KID": "Children",
    "CE": "Commerce",
    "ED": "Education",
    "ET": "Energy and Technology",
    "ENV": "Environment",
    "FIN": "Finance, Revenue and Bonding",
    "GL": "General Law",
    "GAE": "Government Administration and Elections",
    "HED": "Higher Education and Employment Advancement",
    "HS": "Human Services",
    "INS": "Insurance and Real Estate",
    "JUD": "Judiciary",
    "LAB": "Labor and Public Employees",
    "PD": "Planning and Development",
    "PH": "Public Health",
    "PS": "Public Safety and Security",
    "TRA": "Transportation",
}

PLACEHOLDER_REP = ("Rep. Alex Placeholder, 1st Dist.", "'001'")
PLACEHOLDER_SEN = ("Sen. Jamie Placeholder, 9th Dist.", "'S09'")
LEGEND = (
    "[Proposed deletions are enclosed in brackets. Proposed additions are indicated by "
    "underline, except that when the entire text of a bill or resolution or a section of a "
    "bill or resolution is new, it is not underlined.]"
)


# --------------------------------------------------------------------------- the model


@dataclass
class Event:
    """One Bill History row; ``csv`` is the same action in bill_history.csv's vocabulary."""

    day: date
    code: str | None  # td[2] origin code without parentheses
    text: str
    csv: tuple[str, str, str]  # act_desc, qual1, qual2
    clock: str = "10:00:00"


@dataclass
class Text:
    """One text version of a bill (raised/proposed/substitute bill, file copy, public act)."""

    kind: str  # proposed | raised | substitute | file | act
    rev: str
    lco: int
    day: date
    body: list[str]  # paragraphs; markup: <u>insert</u>, <b>bold</b>, [deletions] as text
    htm: bool = True
    pdf: bool = False
    number: str | None = None  # file number "394" or public act "15-34"
    label: str | None = None  # status-page label (computed when None)


@dataclass
class Bill:
    year: int
    type: str  # HB / SB
    number: int
    title: str
    purpose: str
    comm: str
    label: str  # status page header label
    introducers: list[tuple[str, str | None]]  # (text, dist_code or None)
    events: list[Event]
    texts: list[Text]  # oldest first
    subjects: list[str] = field(default_factory=list)
    cosponsors: list[tuple[str, str | None]] = field(default_factory=list)
    jfr: dict | None = None
    extra_docs: list[tuple[str, str, str]] = field(default_factory=list)  # (block, label, href)
    status: str = "normal"  # normal | notfound | truncated
    note: str = ""  # what this bill is for (README inventory)

    @property
    def padded(self) -> str:
        return f"{self.type}{self.number:05d}"

    @property
    def dashed(self) -> str:
        return f"{self.type}-{self.number:05d}"

    @property
    def chamber(self) -> str:
        return "House" if self.type == "HB" else "Senate"

    @property
    def dotted(self) -> str:
        return f"{self.type[0]}.B. No. {self.number}"


def d(text: str) -> date:
    month, day, year = (int(x) for x in text.split("/"))
    return date(year, month, day)


def mdy(day: date) -> str:
    return f"{day.month}/{day.day}/{day.year}"


def long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def session_name(year: int) -> str:
    return f"{'January' if year % 2 else 'February'} Session, {year}"


# ------------------------------------------------------------------ history vocabulary


def referred(day, comm):
    name = COMMITTEES[comm]
    return Event(day, None, f"Referred to Joint Committee on {name}",
                 ("REF. TO JOINT COMM. ON", comm, ""), "09:12:00")


def vote_to_draft(day, comm):
    return Event(day, comm, "Vote to Draft", ("VOTE TO DRAFT", comm, ""), "14:30:00")


def drafted(day, comm):
    return Event(day, comm, "Drafted by Committee", ("DRAFTED BY COMM.", comm, ""), "14:31:00")


def hearing(day, comm, ph: date):
    return Event(day, comm, f"Public Hearing {ph:%m/%d}",
                 ("PUBLIC HEARING", f"{ph:%m/%d/%Y}", "10:00 AM"), "15:05:00")


def favorable(day, comm, substitute=False):
    text = "Joint Favorable Substitute" if substitute else "Joint Favorable"
    return Event(day, comm, text, (text, comm, ""), "16:20:00")


def unfavorable(day, comm):
    return Event(day, comm, "Joint Unfavorable", ("Joint Unfavorable", comm, ""), "16:21:00")


def lco_filed(day):
    return Event(day, "LCO", "Filed with Legislative Commissioners' Office",
                 ("FILED WITH LEGISLATIVE COMMISSIONERS' OFFICE", "", ""), "11:02:00")


def olr_ofa(day, when: date):
    return Event(day, "LCO", "Referred to Office of Legislative Research and Office of Fiscal "
                 f"Analysis {when:%m/%d/%y} 10:00 AM",
                 ("REFERRED TO OLR, OFA", f"{when:%m/%d/%Y}", "10:00 AM"), "11:40:00")


def lco_out(day):
    return Event(day, "LCO", "Reported Out of Legislative Commissioners' Office",
                 ("REPORTED OUT OF LEG. COMMISSIONERS' OFFICE", "", ""), "13:15:00")


def tabled(day, chamber):
    return Event(day, None, f"Favorable Report, Tabled for the Calendar, {chamber}",
                 (f"FAV. RPT, TAB. FOR CAL., {chamber.upper()}", "", ""), "13:16:00")


def file_number(day, n):
    return Event(day, "LCO", f"File Number {n}", ("FILE NO.", str(n), ""), "13:17:00")


def calendar(day, chamber, n):
    short = "HOUSE" if chamber == "House" else "SEN."
    return Event(day, None, f"{chamber} Calendar Number {n}",
                 (f"{short} CAL. NO.", str(n), ""), "13:18:00")


def referred_by(day, chamber, comm):
    short = "HOUSE" if chamber == "House" else "SEN."
    return Event(day, None, f"Referred by {chamber} to Committee on {COMMITTEES[comm]}",
                 (f"REF. BY {short} TO COMM. ON", comm, ""), "12:01:00")


def adopted_amendment(day, chamber, letter, lco):
    short = "HOUSE" if chamber == "House" else "SEN."
    return Event(day, None, f"{chamber} Adopted {chamber} Amendment Schedule {letter} {lco}",
                 (f"{short} ADOPTED {short} AMEND. SCHED. {letter}", str(lco), ""), "15:40:00")


def passed(day, chamber, amended_by=None, concurrence=False):
    short = "HOUSE PASSED" if chamber == "House" else "SEN. PASSED"
    text = f"{chamber} Passed"
    desc = short
    if amended_by:
        text += f" as Amended by {amended_by}"
        desc += " AS AMENDED BY " + amended_by.upper().replace("AMENDMENT", "AMEND.").replace(
            "SCHEDULE", "SCHED.")
    if concurrence:
        text += ", In Concurrence"
        desc += ", IN CONCURRENCE"
    return Event(day, None, text, (desc, "", ""), "16:45:00")


def transmitted(day, chamber):
    short = "TRANS.TO HOUSE" if chamber == "House" else "TRANS.TO SENATE"
    return Event(day, None, f"Transmitted to {chamber}", (short, "", ""), "17:30:00")


def public_act(day, number):
    return Event(day, "LCO", f"Public Act {number}", ("PUBLIC ACT", number, ""), "09:00:00")


def to_sots(day):
    return Event(day, None, "Transmitted to the Secretary of State",
                 ("TRANSMITTED TO THE SECRETARY OF THE STATE", "", ""), "09:30:00")


def to_governor(day):
    return Event(day, None, "Transmitted by Secretary of the State to Governor",
                 ("TRANSMITTED BY SECRETARY OF THE STATE TO GOVERNOR", "", ""), "10:30:00")


def signed(day):
    return Event(day, None, "Signed by the Governor", ("SIGNED BY GOVERNOR", "", ""), "12:00:00")


def vetoed(day):
    return Event(day, None, "Vetoed by Governor", ("VETOED BY GOVERNOR", "", ""), "12:00:00")


# --------------------------------------------------------------------------- the bills

HB7017_R00 = [
    "<b>Section 1.</b> (NEW) (<i>Effective October 1, 2015</i>) As used in this section and "
    "sections 2 and 3 of this act:",
    "(1) \u201cContractor\u201d means an operator or consultant that, because of a contract "
    "with a local or regional board of education, holds or may reach student information, "
    "student records or student-generated content;",
    "(2) \u201cOperator\u201d means a person who runs an Internet web site, online service or "
    "mobile application knowing that it is used mainly for school purposes;",
    "(3) \u201cStudent information\u201d means personally identifiable information about a "
    "student, in any medium or format, that is not publicly available; and",
    "(4) \u201cStudent-generated content\u201d means material a student creates, such as essays, "
    "research papers, portfolios, creative writing, audio files or photographs, but not "
    "answers to a standardized assessment.",
    "<b>Sec. 2.</b> (NEW) (<i>Effective October 1, 2015</i>) (a) Beginning with the "
    "2015\u20132016 school year, a local or regional board of education that shares student "
    "information, student records or student-generated content with a contractor shall do so "
    "only under a written contract. Each contract shall state (1) that the information remains "
    "the property of the board, (2) how the board may ask for the information to be deleted, "
    "(3) that the contractor may use the information only for the purposes the contract "
    "allows, and (4) how the contractor will tell the board about a breach of security.",
    "(b) A contract term that conflicts with this section is void.",
    "<b>Sec. 3.</b> (NEW) (<i>Effective October 1, 2015</i>) An operator shall not knowingly "
    "(1) use information gathered through its site, service or application to aim "
    "advertising at students, or (2) sell, rent or trade student information.",
    "<b>Sec. 4.</b> Subsection (c) of section 10-15b of the general statutes is repealed and "
    "the following is substituted in lieu thereof (<i>Effective October 1, 2015</i>):",
    "(c) A board of education shall keep a record of each person, other than school staff, "
    "who [asks to see] <u>is given access to</u> a student\u2019s records, and shall show that "
    "record to the student\u2019s parent or guardian [upon request] <u>within ten days of a "
    "request</u>.",
]

HB7017_R01 = [
    HB7017_R00[0],
    HB7017_R00[1],
    HB7017_R00[2],
    "(3) \u201cSchool purposes\u201d means purposes that customarily take place at the "
    "direction of a teacher or a board of education, including instruction, administration "
    "and communication with students and parents;",
    "(4) \u201cStudent information\u201d means personally identifiable information about a "
    "student, in any medium or format, that is not publicly available; and",
    "(5) \u201cStudent-generated content\u201d means material a student creates, such as essays, "
    "research papers, portfolios, creative writing, audio files or photographs, but not "
    "answers to a standardized assessment.",
    "<b>Sec. 2.</b> (NEW) (<i>Effective October 1, 2015</i>) (a) On and after July 1, 2016, a "
    "local or regional board of education that shares student information, student records or "
    "student-generated content with a contractor shall do so only under a written contract. "
    "Each contract shall state (1) that the information remains the property of the board, "
    "(2) how the board may ask for the information to be deleted, (3) that the contractor may "
    "use the information only for the purposes the contract allows, (4) how the contractor "
    "will tell the board about a breach of security, and (5) that the contractor will delete "
    "the information when the contract ends.",
    "(b) A contract term that conflicts with this section is void.",
    "(c) Each board shall post on its Internet web site, within five business days, notice "
    "of any contract made under this section.",
    HB7017_R00[7],
    HB7017_R00[8],
    HB7017_R00[9],
]

HB7017_AMD = [
    "Strike section 2 in its entirety and substitute the following in lieu thereof:",
    "\u201cSec. 2. (NEW) (<i>Effective October 1, 2015</i>) (a) On and after July 1, 2016, a "
    "local or regional board of education that shares student information, student records or "
    "student-generated content with a contractor shall do so only under a written contract "
    "that meets the requirements of this section.",
    "(b) The Department of Education shall publish a model contract for the purposes of this "
    "section not later than January 1, 2016.\u201d",
    "In line 61, strike \u201cfive\u201d and insert \u201cten\u201d in lieu thereof",
]

HB6420_R00 = [
    "That title 10 of the general statutes be amended to limit the student data that the "
    "P20 WIN council may collect to the data elements it needs to answer approved research "
    "questions.",
]


def student_privacy_2016(effective="October 1, 2016"):
    return [
        f"<b>Section 1.</b> (NEW) (<i>Effective {effective}</i>) As used in this section and "
        "sections 2 to 5, inclusive, of this act, \u201ccontractor\u201d, \u201coperator\u201d, "
        "\u201cstudent information\u201d, \u201cstudent records\u201d and \u201cstudent-generated "
        "content\u201d have the meanings set out in this section in summary form for this "
        "sample.",
        f"<b>Sec. 2.</b> (NEW) (<i>Effective {effective}</i>) (a) On and after October 1, "
        "2016, a local or regional board of education shall enter into a written contract with "
        "a contractor whenever it shares student information, student records or "
        "student-generated content with that contractor.",
        "(b) Each such contract shall provide that student information remains the property of "
        "the board, that the contractor will use it only as the contract permits, and that the "
        "contractor will delete it when the contract ends.",
        f"<b>Sec. 3.</b> (NEW) (<i>Effective {effective}</i>) An operator shall not knowingly "
        "engage in targeted advertising to students or sell, rent or trade student information.",
        f"<b>Sec. 4.</b> (NEW) (<i>Effective {effective}</i>) Upon discovering a breach of "
        "security that results in the unauthorized release of student information, a "
        "contractor shall notify the board of education without unreasonable delay, but not "
        "more than forty-eight hours after such discovery.",
        "<b>Sec. 5.</b> (<i>Effective from passage</i>) There is established a task force to "
        "study issues relating to student data privacy. The task force shall report its "
        "findings to the joint standing committee of the General Assembly having cognizance of "
        "matters relating to education.",
    ]


HB5469_R00 = [
    p.replace("a written contract with a contractor", "a contract with a contractor")
    for p in student_privacy_2016()[:4]
]
HB5469_R01 = student_privacy_2016()

HB7207_R00 = [
    "<b>Section 1.</b> Subsection (a) of section 10-234bb of the general statutes is repealed "
    "and the following is substituted in lieu thereof (<i>Effective July 1, 2017</i>):",
    "(a) On and after [October 1, 2016] <u>July 1, 2018</u>, a local or regional board of "
    "education shall enter into a written contract with a contractor any time such board "
    "shares or provides access to student information, student records or student-generated "
    "content with such contractor.",
    "<b>Sec. 2.</b> Subsection (a) of section 10-234dd of the general statutes is repealed "
    "and the following is substituted in lieu thereof (<i>Effective July 1, 2017</i>):",
    "(a) Upon the discovery of a breach of security that results in the unauthorized release "
    "of student information, a contractor shall notify the board of education without "
    "unreasonable delay, but not more than [forty-eight hours] <u>two business days</u> after "
    "such discovery.",
]
HB7207_R01 = [*HB7207_R00,
    "<b>Sec. 3.</b> (<i>Effective July 1, 2017</i>) Not later than July 1, 2017, each local "
    "and regional board of education shall post on its Internet web site the contracts it "
    "has entered into under section 10-234bb of the general statutes, as amended by this act.",
]

HB5444_R00 = [
    "<b>Section 1.</b> Section 10-234bb of the general statutes is amended by adding "
    "subsection (g) as follows (<i>Effective July 1, 2018</i>):",
    "<u>(g) The Commission for Educational Technology shall develop a uniform student data "
    "privacy terms-of-service agreement addendum that contractors may sign to meet the "
    "requirements of this section. A board of education may rely on a contractor\u2019s "
    "signed addendum in place of negotiating the terms of each contract.</u>",
    "<b>Sec. 2.</b> Subsection (a) of section 10-234cc of the general statutes is repealed "
    "and the following is substituted in lieu thereof (<i>Effective July 1, 2018</i>):",
    "(a) An operator shall [protect] <u>implement and maintain security procedures and "
    "practices designed to protect</u> student information, student records and "
    "student-generated content from unauthorized access, destruction, use, modification or "
    "disclosure.",
]


def short_body(year, *paragraphs, effective=None):
    effective = effective or f"October 1, {year}"
    out = []
    for i, text in enumerate(paragraphs, start=1):
        head = "Section 1." if i == 1 else f"Sec. {i}."
        out.append(f"<b>{head}</b> (NEW) (<i>Effective {effective}</i>) {text}")
    return out


def bills() -> list[Bill]:
    ed = [("Education Committee", None)]
    out: list[Bill] = []

    # ----- 2015 HB 7017: the deep one (docs/cga-site.md and public records; details invented)
    out.append(Bill(
        2015, "HB", 7017, "AN ACT CONCERNING STUDENT DATA PRIVACY.",
        "To protect the privacy of student information that boards of education share with "
        "contractors and that operators of school web sites and applications collect.",
        "ED", "Substitute for Raised H.B. No. 7017", ed,
        events=[
            referred(d("3/12/2015"), "ED"),
            hearing(d("3/16/2015"), "ED", d("3/19/2015")),
            favorable(d("3/27/2015"), "ED", substitute=True),
            lco_filed(d("4/6/2015")),
            olr_ofa(d("4/10/2015"), d("4/15/2015")),
            lco_out(d("4/16/2015")),
            tabled(d("4/16/2015"), "House"),
            file_number(d("4/16/2015"), 394),
            calendar(d("4/16/2015"), "House", 297),
            adopted_amendment(d("5/29/2015"), "House", "A", 8412),
            passed(d("5/29/2015"), "House", amended_by="House Amendment Schedule A"),
            transmitted(d("6/1/2015"), "Senate"),
            tabled(d("6/1/2015"), "Senate"),
            calendar(d("6/1/2015"), "Senate", 612),
        ],
        texts=[
            Text("raised", "R00", 4041, d("3/12/2015"), HB7017_R00, pdf=True),
            Text("substitute", "R01", 5923, d("3/27/2015"), HB7017_R01),
            Text("file", "R01", 5923, d("4/16/2015"), HB7017_R01, number="394"),
        ],
        subjects=["EDUCATION", "STUDENTS", "PRIVACY", "CONTRACTS", "DATA SECURITY",
                  "INTERNET"],
        jfr={
            "vote": d("3/27/2015"), "action": "Joint Favorable Substitute",
            "ph": d("3/19/2015"), "file": "", "sponsors": "Education Committee",
            "reasons": "Schools increasingly rely on online services that collect information "
            "about students. The bill sets minimum terms for contracts under which boards of "
            "education share that information and limits what operators may do with it.",
            "substitute": "Lines 12-20: a definition of \u201cschool purposes\u201d is added. "
            "Lines 34-35: the contract requirement starts July 1, 2016 instead of with the "
            "2015\u20132016 school year, and contracts must require deletion of data when they "
            "end. A new subsection requires boards to post notice of contracts online.",
            "agency": "The Department of Education supported the bill\u2019s goals and asked "
            "for time to prepare model contract language.",
            "support": "Parents and privacy advocates who testified said families need to know "
            "who holds their children\u2019s information and why.",
            "opposition": "Some technology providers said the contract terms would be hard to "
            "apply to free services that teachers adopt on their own.",
            "date": d("4/6/2015"),
        },
        extra_docs=[
            ("Fiscal Notes", "Fiscal Note For File Copy 394",
             "/2015/FN/2015HB-07017-R000394-FN.htm"),
            ("Bill Analyses", "Bill Analysis For File Copy 394",
             "/2015/BA/2015HB-07017-R000394-BA.htm"),
            ("Called Amendments", "House Schedule A LCO# 8412 (R)",
             "/2015/lcoamd/2015LCO08412-R00-AMD.htm"),
            ("Roll Call Votes", "House Roll Call Vote 276 AS AMENDED",
             "/2015/VOTE/H/PDF/2015HV-00276-R00HB07017-HV.PDF"),
        ],
        note="deep bill: reported, file copy, amended, passed House, Senate never acted",
    ))

    # ----- 2015 HB 6420: proposed bill, introduction and referral only
    out.append(Bill(
        2015, "HB", 6420,
        "AN ACT LIMITING THE STUDENT DATA THAT THE P20 WIN COUNCIL CAN COLLECT.",
        "To limit the student data that the P20 WIN council may collect.",
        "ED", "H.B. No. 6420", [PLACEHOLDER_REP],
        events=[referred(d("1/23/2015"), "ED")],
        texts=[Text("proposed", "R00", 1830, d("1/23/2015"), HB6420_R00)],
        subjects=["EDUCATION", "STUDENTS", "PRIVACY"],
        note="proposed bill, referred 1/23/15, no further action (dead)",
    ))

    # ----- ordinary (invented) 2015 bills
    out.append(Bill(
        2015, "SB", 112, "AN ACT CONCERNING MUNICIPAL FOOD WASTE COMPOSTING.",
        "To allow municipalities to set up programs to collect and compost food waste.",
        "ENV", "Raised S.B. No. 112", [("Environment Committee", None)],
        events=[
            referred(d("2/5/2015"), "ENV"),
            hearing(d("2/9/2015"), "ENV", d("2/13/2015")),
            favorable(d("3/4/2015"), "ENV"),
            lco_filed(d("3/6/2015")),
            olr_ofa(d("3/10/2015"), d("3/13/2015")),
            lco_out(d("3/16/2015")),
            tabled(d("3/16/2015"), "Senate"),
            file_number(d("3/16/2015"), 58),
            calendar(d("3/16/2015"), "Senate", 71),
            passed(d("4/14/2015"), "Senate"),
            transmitted(d("4/15/2015"), "House"),
            calendar(d("4/16/2015"), "House", 180),
            passed(d("5/12/2015"), "House", concurrence=True),
            public_act(d("5/18/2015"), "15-34"),
            to_sots(d("5/20/2015")),
            to_governor(d("5/21/2015")),
            signed(d("5/29/2015")),
        ],
        texts=[
            Text("raised", "R00", 1502, d("2/5/2015"), short_body(
                2015,
                "Any municipality may establish a program to collect food waste from "
                "residents and deliver it to a composting facility.",
                "The Commissioner of Energy and Environmental Protection may give technical "
                "help to a municipality that establishes such a program."), pdf=True),
            Text("file", "R00", 1502, d("3/16/2015"), [], number="58"),
            Text("act", "R00", 1502, d("5/18/2015"), [], number="15-34", pdf=True),
        ],
        subjects=["ENVIRONMENT", "MUNICIPALITIES", "SOLID WASTE", "RECYCLING"],
        jfr={"vote": d("3/4/2015"), "action": "Joint Favorable", "ph": d("2/13/2015")},
        extra_docs=[
            ("Fiscal Notes", "Fiscal Note For File Copy 58",
             "/2015/FN/2015SB-00112-R000058-FN.htm"),
            ("Bill Analyses", "Bill Analysis For File Copy 58",
             "/2015/BA/2015SB-00112-R000058-BA.htm"),
            ("Roll Call Votes", "Senate Roll Call Vote 88",
             "/2015/VOTE/S/PDF/2015SV-00088-R00SB00112-SV.PDF"),
        ],
        note="enacted: Public Act 15-34 (htm + pdf), signed",
    ))

    out.append(Bill(
        2015, "SB", 230, "AN ACT CONCERNING ELECTRONIC FILING IN PROBATE COURTS.",
        "To let parties file papers in probate courts electronically.",
        "JUD", "Substitute for Raised S.B. No. 230", [("Judiciary Committee", None)],
        events=[
            referred(d("2/11/2015"), "JUD"),
            hearing(d("2/13/2015"), "JUD", d("2/20/2015")),
            favorable(d("3/20/2015"), "JUD", substitute=True),
            lco_filed(d("3/25/2015")),
            lco_out(d("4/1/2015")),
            tabled(d("4/1/2015"), "Senate"),
            file_number(d("4/1/2015"), 211),
            calendar(d("4/1/2015"), "Senate", 190),
        ],
        texts=[
            Text("raised", "R00", 2210, d("2/11/2015"), short_body(
                2015,
                "The Probate Court Administrator may allow parties to file papers in any "
                "probate court by electronic means.")),
            Text("substitute", "R01", 3377, d("3/20/2015"), short_body(
                2015,
                "The Probate Court Administrator may allow parties to file papers in any "
                "probate court by electronic means.",
                "A party without access to a computer may continue to file papers on paper.")),
            Text("file", "R01", 3377, d("4/1/2015"), [], number="211"),
        ],
        subjects=["COURTS", "PROBATE COURTS", "ELECTRONIC FILING"],
        jfr={"vote": d("3/20/2015"), "action": "Joint Favorable Substitute",
             "ph": d("2/20/2015")},
        extra_docs=[
            ("Fiscal Notes", "Fiscal Note For File Copy 211",
             "/2015/FN/2015SB-00230-R000211-FN.htm"),
            ("Bill Analyses", "Bill Analysis For File Copy 211",
             "/2015/BA/2015SB-00230-R000211-BA.htm"),
        ],
        note="dead on the Senate calendar",
    ))

    out.append(Bill(
        2015, "SB", 415, "AN ACT CONCERNING THE USE OF SUNSCREEN BY STUDENTS.",
        "To allow students to carry and apply sunscreen at school.",
        "PH", "Raised S.B. No. 415", [("Public Health Committee", None)],
        events=[
            referred(d("2/19/2015"), "PH"),
            hearing(d("2/23/2015"), "PH", d("2/27/2015")),
        ],
        texts=[Text("raised", "R00", 2904, d("2/19/2015"), short_body(
            2015,
            "A student may carry and apply sunscreen at school and at school-sponsored "
            "activities without a prescription.",
            "A board of education may adopt a policy on sunscreen use consistent with this "
            "section."), htm=False, pdf=True)],
        subjects=["PUBLIC HEALTH", "SCHOOLS", "STUDENTS"],
        note="text only as PDF (no .htm); died in committee",
    ))

    out.append(Bill(
        2015, "SB", 601, "AN ACT CONCERNING ONLINE POSTING OF MUNICIPAL MEETING AGENDAS.",
        "To require municipalities to post meeting agendas online.",
        "GAE", "Raised S.B. No. 601", [("Government Administration and Elections Committee",
                                         None)],
        events=[referred(d("2/24/2015"), "GAE")],
        texts=[],
        subjects=["MUNICIPALITIES", "OPEN MEETINGS", "INTERNET"],
        status="notfound",
        note="in bill_info.csv, but its status page says 'Bill not found in Database'",
    ))

    out.append(Bill(
        2015, "SB", 947, "AN ACT CONCERNING SOLAR ENERGY PROJECTS ON STATE BUILDINGS.",
        "To require a study of solar energy projects on state buildings in fiscal years "
        "2015\u20132017.",
        "ET", "Substitute for Raised S.B. No. 947", [("Energy and Technology Committee", None)],
        events=[
            referred(d("2/26/2015"), "ET"),
            hearing(d("3/2/2015"), "ET", d("3/5/2015")),
            favorable(d("3/24/2015"), "ET", substitute=True),
            lco_filed(d("3/30/2015")),
            lco_out(d("4/9/2015")),
            tabled(d("4/9/2015"), "Senate"),
            file_number(d("4/9/2015"), 402),
            calendar(d("4/9/2015"), "Senate", 301),
            referred_by(d("4/14/2015"), "Senate", "APP"),
            favorable(d("4/23/2015"), "APP"),
            passed(d("5/12/2015"), "Senate"),
            transmitted(d("5/13/2015"), "House"),
            calendar(d("5/14/2015"), "House", 511),
        ],
        texts=[
            Text("raised", "R00", 3012, d("2/26/2015"), short_body(
                2015,
                "The Commissioner of Administrative Services shall study placing solar "
                "energy systems on state buildings.")),
            Text("substitute", "R01", 4480, d("3/24/2015"), short_body(
                2015,
                "The Commissioner of Administrative Services, with the Commissioner of "
                "Energy and Environmental Protection, shall study placing solar energy "
                "systems on state buildings during fiscal years 2015\u20132017.",
                "The commissioners shall report on the study not later than January 1, "
                "2017.")),
            Text("file", "R01", 4480, d("4/9/2015"), [], number="402"),
        ],
        subjects=["ENERGY", "SOLAR ENERGY", "STATE BUILDINGS"],
        jfr={"vote": d("3/24/2015"), "action": "Joint Favorable Substitute",
             "ph": d("3/5/2015")},
        note="two committees (ET, then APP); passed Senate; died on House calendar",
    ))

    out.append(Bill(
        2015, "HB", 5210, "AN ACT CONCERNING SCHOOL BUS STOP-ARM CAMERAS.",
        "To allow municipalities to use cameras on school bus stop arms.",
        "TRA", "Substitute for H.B. No. 5210", [PLACEHOLDER_REP],
        cosponsors=[PLACEHOLDER_SEN],
        events=[
            referred(d("1/15/2015"), "TRA"),
            vote_to_draft(d("2/2/2015"), "TRA"),
            drafted(d("2/4/2015"), "TRA"),
            hearing(d("2/20/2015"), "TRA", d("2/27/2015")),
            favorable(d("3/13/2015"), "TRA", substitute=True),
            lco_filed(d("3/18/2015")),
            lco_out(d("3/25/2015")),
            tabled(d("3/25/2015"), "House"),
            file_number(d("3/25/2015"), 87),
            calendar(d("3/25/2015"), "House", 94),
            passed(d("4/22/2015"), "House"),
            transmitted(d("4/23/2015"), "Senate"),
            calendar(d("4/24/2015"), "Senate", 420),
            passed(d("5/20/2015"), "Senate", concurrence=True),
            public_act(d("5/27/2015"), "15-88"),
            to_sots(d("5/29/2015")),
            to_governor(d("6/2/2015")),
            signed(d("6/11/2015")),
        ],
        texts=[
            Text("proposed", "R00", 1244, d("1/15/2015"), [
                "That title 14 of the general statutes be amended to allow municipalities to "
                "place cameras on school bus stop arms to record vehicles that pass a stopped "
                "school bus."]),
            Text("substitute", "R01", 3930, d("3/13/2015"), short_body(
                2015,
                "A municipality may contract to install cameras on the stop arms of school "
                "buses to record vehicles that pass a stopped school bus.",
                "A recording made under this section may be used only to enforce the law on "
                "passing a stopped school bus.")),
            Text("file", "R01", 3930, d("3/25/2015"), [], number="87"),
            Text("act", "R01", 3930, d("5/27/2015"), [], number="15-88"),
        ],
        subjects=["TRANSPORTATION", "SCHOOL BUSES", "MOTOR VEHICLES"],
        jfr={"vote": d("3/13/2015"), "action": "Joint Favorable Substitute",
             "ph": d("2/27/2015")},
        note="enacted: Public Act 15-88 (htm only); proposed bill drafted by committee",
    ))

    out.append(Bill(
        2015, "HB", 5533, "AN ACT CONCERNING THE LICENSING OF TATTOO TECHNICIANS.",
        "To update the licensing rules for tattoo technicians.",
        "PH", "Substitute for H.B. No. 5533", [PLACEHOLDER_REP],
        events=[
            referred(d("1/21/2015"), "PH"),
            vote_to_draft(d("2/9/2015"), "PH"),
            hearing(d("2/27/2015"), "PH", d("3/4/2015")),
            favorable(d("3/20/2015"), "PH", substitute=True),
            lco_filed(d("3/26/2015")),
        ],
        texts=[Text("proposed", "R00", 1390, d("1/21/2015"), [
            "That chapter 387a of the general statutes be amended to update the licensing "
            "requirements for tattoo technicians."])],
        subjects=["PUBLIC HEALTH", "LICENSING", "TATTOOING"],
        status="truncated",
        note="status page served cut off inside the Bill History table",
    ))

    out.append(Bill(
        2015, "HB", 5712, "AN ACT CONCERNING GIFT CARD DISCLOSURES.",
        "To require sellers of gift cards to disclose fees and expiration terms.",
        "GL", "Substitute for H.B. No. 5712", [PLACEHOLDER_REP],
        events=[
            referred(d("1/22/2015"), "GL"),
            hearing(d("2/12/2015"), "GL", d("2/17/2015")),
            favorable(d("3/10/2015"), "GL", substitute=True),
            lco_filed(d("3/13/2015")),
            lco_out(d("3/20/2015")),
            tabled(d("3/20/2015"), "House"),
            file_number(d("3/20/2015"), 156),
            calendar(d("3/20/2015"), "House", 122),
            passed(d("4/29/2015"), "House"),
            transmitted(d("4/30/2015"), "Senate"),
            calendar(d("5/1/2015"), "Senate", 455),
        ],
        texts=[
            Text("proposed", "R00", 1455, d("1/22/2015"), [
                "That chapter 743 of the general statutes be amended to require sellers of "
                "gift cards to disclose any fees and expiration terms."]),
            Text("substitute", "R01", 3511, d("3/10/2015"), short_body(
                2015,
                "A person who sells a gift card shall disclose, on the card or its package, "
                "any fee charged for the card and any date after which the card may not be "
                "used.")),
            Text("file", "R01", 3511, d("3/20/2015"), [], number="156"),
        ],
        subjects=["CONSUMER PROTECTION", "GIFT CARDS"],
        jfr={"vote": d("3/10/2015"), "action": "Joint Favorable Substitute",
             "ph": d("2/17/2015")},
        note="status page answers 500 once, then 200; passed House, died in Senate",
    ))

    out.append(Bill(
        2015, "HB", 6105, "AN ACT CONCERNING PAYROLL CARDS.",
        "To set conditions for paying wages by payroll card.",
        "LAB", "Raised H.B. No. 6105", [("Labor and Public Employees Committee", None)],
        events=[
            referred(d("2/17/2015"), "LAB"),
            hearing(d("2/24/2015"), "LAB", d("3/3/2015")),
            favorable(d("3/19/2015"), "LAB"),
            lco_filed(d("3/24/2015")),
            olr_ofa(d("4/8/2015"), d("4/13/2015")),
            lco_out(d("4/14/2015")),
            tabled(d("4/14/2015"), "House"),
            file_number(d("4/14/2015"), 512),
            calendar(d("4/14/2015"), "House", 356),
        ],
        texts=[
            Text("raised", "R00", 2722, d("2/17/2015"), short_body(
                2015,
                "An employer may pay wages by payroll card only if the employee agrees in "
                "writing and can withdraw the full wages once each pay period without a "
                "fee.")),
            Text("file", "R00", 2722, d("4/14/2015"), [], number="512"),
        ],
        subjects=["LABOR", "WAGES", "BANKING"],
        extra_docs=[
            ("Fiscal Notes", "Fiscal Note For File Copy 512",
             "/2015/FN/2015HB-06105-R000512-FN.htm"),  # deliberately missing (404)
            ("Bill Analyses", "Bill Analysis For File Copy 512",
             "/2015/BA/2015HB-06105-R000512-BA.htm"),
            # An amendment is a text version the crawler fetches: this one is missing too.
            ("Uncalled Amendments", "House Schedule A LCO# 9120 (R)",
             "/2015/lcoamd/2015LCO09120-R00-AMD.htm"),  # deliberately missing (404)
        ],
        note="its Fiscal Note and amendment links are 404s; died on the House calendar",
    ))

    out.append(Bill(
        2015, "HB", 6688, "AN ACT CONCERNING THE REGISTRATION OF HOME CARE WORKERS.",
        "To create a registry of home care workers.",
        "HS", "Substitute for Raised H.B. No. 6688", [("Human Services Committee", None)],
        events=[
            referred(d("3/3/2015"), "HS"),
            hearing(d("3/5/2015"), "HS", d("3/10/2015")),
            favorable(d("3/26/2015"), "HS", substitute=True),
            lco_filed(d("4/1/2015")),
            lco_out(d("4/13/2015")),
            tabled(d("4/13/2015"), "House"),
            file_number(d("4/13/2015"), 431),
            calendar(d("4/13/2015"), "House", 330),
            passed(d("5/5/2015"), "House"),
            transmitted(d("5/6/2015"), "Senate"),
            calendar(d("5/7/2015"), "Senate", 560),
            passed(d("5/27/2015"), "Senate", concurrence=True),
            public_act(d("6/4/2015"), "15-117"),
            to_sots(d("6/8/2015")),
            to_governor(d("6/10/2015")),
            vetoed(d("6/22/2015")),
        ],
        texts=[
            Text("raised", "R00", 3301, d("3/3/2015"), short_body(
                2015,
                "The Commissioner of Social Services shall keep a registry of persons who "
                "provide home care services for pay."), pdf=True),
            Text("substitute", "R01", 4702, d("3/26/2015"), short_body(
                2015,
                "The Commissioner of Social Services shall keep a registry of persons who "
                "provide home care services for pay.",
                "A person listed on the registry may ask the commissioner to correct any "
                "entry about that person.")),
            Text("file", "R01", 4702, d("4/13/2015"), [], number="431"),
        ],
        subjects=["HUMAN SERVICES", "HOME CARE", "REGISTRIES"],
        note="passed both chambers, Public Act 15-117, vetoed; file copy truncated in transfer",
    ))

    # ----- earlier and later student-data-privacy bills (not in the bulk files)
    out.append(Bill(
        2016, "HB", 5469, "AN ACT CONCERNING STUDENT DATA PRIVACY.",
        "To protect student information held by contractors and operators of school web "
        "sites and applications.",
        "ED", "Substitute for Raised H.B. No. 5469", ed,
        cosponsors=[
            ("Rep. Mitch Bolinsky, 106th Dist.", "'106'"),
            ("Rep. Gail Lavielle, 143rd Dist.", "'143'"),
            ("Rep. Noreen S. Kokoruda, 101st Dist.", "'101'"),
            ("Sen. Toni Boucher, 26th Dist.", "'S26'"),
        ],
        events=[
            referred(d("2/24/2016"), "ED"),
            hearing(d("2/26/2016"), "ED", d("3/2/2016")),
            favorable(d("3/18/2016"), "ED", substitute=True),
            lco_filed(d("3/24/2016")),
            lco_out(d("4/4/2016")),
            tabled(d("4/4/2016"), "House"),
            file_number(d("4/4/2016"), 126),
            calendar(d("4/4/2016"), "House", 144),
            passed(d("4/20/2016"), "House"),
            transmitted(d("4/21/2016"), "Senate"),
            passed(d("5/3/2016"), "Senate", concurrence=True),
            public_act(d("5/19/2016"), "16-189"),
            to_sots(d("5/24/2016")),
            to_governor(d("5/27/2016")),
            signed(d("6/9/2016")),
        ],
        texts=[
            Text("raised", "R00", 1719, d("2/24/2016"), HB5469_R00, pdf=True),
            Text("substitute", "R01", 2786, d("3/18/2016"), HB5469_R01),
            Text("file", "R01", 2786, d("4/4/2016"), [], number="126"),
            Text("act", "R01", 2786, d("5/19/2016"), [], number="16-189", pdf=True),
        ],
        jfr={
            "vote": d("3/18/2016"), "action": "Joint Favorable Substitute",
            "ph": d("3/2/2016"), "file": "",
            "sponsors": "Rep. Mitch Bolinsky, 106th Dist.; Rep. Gail Lavielle, 143rd Dist.; "
            "Rep. Noreen S. Kokoruda, 101st Dist.; Sen. Toni Boucher, 26th Dist.",
            "reasons": "The bill sets rules for contracts between boards of education and "
            "the companies that hold student information, and for operators of school web "
            "sites and applications.",
            "substitute": "Adds breach notice within forty-eight hours and a task force on "
            "student data privacy.",
            "misspell": True,
            "date": d("3/24/2016"),
        },
        note="Public Act 16-189, signed 6/9/2016, effective 10/1/2016",
    ))

    out.append(Bill(
        2017, "HB", 7207, "AN ACT MAKING REVISIONS TO THE STUDENT DATA PRIVACY ACT OF 2016.",
        "To delay the contract requirements of the student data privacy act and change the "
        "time allowed for breach notices.",
        "ED", "Substitute for Raised H.B. No. 7207", ed,
        events=[
            referred(d("3/1/2017"), "ED"),
            hearing(d("3/2/2017"), "ED", d("3/6/2017")),
            favorable(d("3/24/2017"), "ED", substitute=True),
            lco_filed(d("3/30/2017")),
            lco_out(d("4/10/2017")),
            tabled(d("4/10/2017"), "House"),
            file_number(d("4/10/2017"), 509),
            calendar(d("4/10/2017"), "House", 301),
            passed(d("5/17/2017"), "House"),
            transmitted(d("5/18/2017"), "Senate"),
            passed(d("6/1/2017"), "Senate", concurrence=True),
            public_act(d("6/8/2017"), "17-200"),
            to_sots(d("6/13/2017")),
            to_governor(d("6/15/2017")),
            signed(d("6/27/2017")),
        ],
        texts=[
            Text("raised", "R00", 6004, d("3/1/2017"), HB7207_R00),
            Text("substitute", "R01", 7329, d("3/24/2017"), HB7207_R01),
            Text("file", "R01", 7329, d("4/10/2017"), [], number="509"),
            Text("act", "R01", 7329, d("6/8/2017"), [], number="17-200", pdf=True),
        ],
        jfr={"vote": d("3/24/2017"), "action": "Joint Favorable Substitute",
             "ph": d("3/6/2017"), "file": "509",
             "reasons": "Boards of education asked for more time to bring contracts into line "
             "with the 2016 act. The bill delays the contract duty to July 1, 2018 and allows "
             "two business days, rather than forty-eight hours, for breach notices."},
        note="Public Act 17-200 (File No. 509)",
    ))

    out.append(Bill(
        2018, "HB", 5444, "AN ACT CONCERNING REVISIONS TO THE STUDENT DATA PRIVACY ACT.",
        "To have the Commission for Educational Technology develop a uniform terms-of-service "
        "addendum for student data privacy contracts.",
        "ED", "Raised H.B. No. 5444", ed,
        events=[
            referred(d("2/28/2018"), "ED"),
            hearing(d("3/2/2018"), "ED", d("3/7/2018")),
            favorable(d("3/21/2018"), "ED"),
            lco_filed(d("3/26/2018")),
            lco_out(d("4/2/2018")),
            tabled(d("4/2/2018"), "House"),
            file_number(d("4/2/2018"), 104),
            calendar(d("4/2/2018"), "House", 98),
            passed(d("4/25/2018"), "House"),
            transmitted(d("4/26/2018"), "Senate"),
            passed(d("5/7/2018"), "Senate", concurrence=True),
            public_act(d("5/22/2018"), "18-125"),
            to_sots(d("5/25/2018")),
            to_governor(d("5/29/2018")),
            signed(d("6/6/2018")),
        ],
        texts=[
            Text("raised", "R00", 2357, d("2/28/2018"), HB5444_R00, pdf=True),
            Text("file", "R00", 2357, d("4/2/2018"), [], number="104"),
            Text("act", "R00", 2357, d("5/22/2018"), [], number="18-125", pdf=True),
        ],
        jfr={"vote": d("3/21/2018"), "action": "Joint Favorable", "ph": d("3/7/2018"),
             "reasons": "The Commission for Educational Technology would write one "
             "terms-of-service addendum that vendors can sign, sparing each district from "
             "negotiating its own."},
        note="Public Act 18-125 (JF, not substitute)",
    ))
    return out


# ----------------------------------------------------------------------------- paths


def tob_dirs(year: int, chamber: str) -> tuple[str, str, str]:
    """(text dir, pdf dir, pdf extension): 2015 in upper case, later years as docs/cga-site.md's
    2016-2017 examples (`/2016/TOB/h/`, `/2017/TOB/h/pdf/...pdf`)."""
    if year == 2015:
        return f"/{year}/TOB/{chamber}", f"/{year}/TOB/{chamber}/PDF", "PDF"
    return f"/{year}/TOB/{chamber.lower()}", f"/{year}/TOB/{chamber.lower()}/pdf", "pdf"


def text_paths(bill: Bill, t: Text) -> tuple[str | None, str | None]:
    y, T, n = bill.year, bill.type, bill.number
    c = T[0]
    if t.kind == "file":
        stem = f"{y}{T}-{n:05d}-R00{int(t.number):04d}-FC"
        return f"/{y}/FC/{stem}.htm" if t.htm else None, (
            f"/{y}/FC/pdf/{stem}.PDF" if t.pdf else None)
    if t.kind == "act":
        pa = int(t.number.split("-")[1])
        stem = f"{y}PA-{pa:05d}-R00{T}-{n:05d}-PA"
        act_dir = f"/{y}/ACT/pa" if y == 2016 else f"/{y}/ACT/PA"
        return f"{act_dir}/{stem}.htm" if t.htm else None, (
            f"/{y}/ACT/PA/PDF/{stem}.PDF" if t.pdf else None)
    text_dir, pdf_dir, ext = tob_dirs(y, c)
    stem = f"{y}{T}-{n:05d}-{t.rev}-{T}"
    return f"{text_dir}/{stem}.htm" if t.htm else None, (
        f"{pdf_dir}/{stem}.{ext}" if t.pdf else None)


def doc_link(bill: Bill, t: Text) -> str | None:
    """The off-site Word copy ("[doc]" link, docs/cga-site.md "URL patterns"); not in the offline copy."""
    if t.kind in ("file", "act"):
        return None
    return (f"https://search.cga.state.ct.us/dl{bill.year}/tob/doc/"
            f"{bill.year}{bill.type}-{bill.number:05d}-{t.rev}-{bill.type}.docx")


def jfr_path(bill: Bill) -> str:
    c = bill.type[0] if bill.year == 2015 else bill.type[0].lower()
    return f"/{bill.year}/JFR/{c}/{bill.year}{bill.dashed}-R00{bill.comm}-JFR.htm"


def text_label(bill: Bill, t: Text) -> str:
    if t.label:
        return t.label
    if t.kind == "file":
        return f"File No. {t.number}"
    if t.kind == "act":
        return f"Public Act No. {t.number}"
    if t.kind == "substitute":
        last_jf = [e for e in bill.events if e.text.startswith("Joint Favorable Sub")]
        comm = last_jf[0].code if last_jf else bill.comm
        return f"{comm} Joint Favorable Substitute"
    return {"raised": "Raised Bill", "proposed": "Proposed Bill"}[t.kind]


# ------------------------------------------------------------------------- the site


class Site:
    """Files to write, keyed by site path; directory casing follows the first link seen."""

    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.dates: dict[str, date] = {}
        self._dir_case: dict[str, str] = {}

    def put(self, href: str, data: bytes, day: date) -> None:
        parts = href.strip("/").split("/")
        dirs = []
        for i in range(len(parts) - 1):
            key = "/".join(parts[: i + 1]).lower()
            dirs.append(self._dir_case.setdefault(key, parts[i]))
        path = "/".join([*dirs, parts[-1]])
        if any(p.lower() == path.lower() for p in self.files):
            raise ValueError(f"two files at {path}")
        self.files[path] = data
        self.dates[path] = day

    def write(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        for name in OWNED:
            target = out / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
        for path, data in sorted(self.files.items()):
            target = out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        lines = ["# path\tlast-modified (UTC date; the server serves it as Last-Modified)"]
        lines += [f"{p}\t{self.dates[p].isoformat()}" for p in sorted(self.files)]
        # UTF-8: a testimony file name has non-ASCII letters (Nu\u00f1ez, Jos\u00e9).
        (out / "manifest.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


# ------------------------------------------------------------------- Word-style HTML


def esc_markup(text: str) -> str:
    """Escape text, keeping the <u>/<b>/<i> markup tags."""
    out = html.escape(text, quote=False)
    return re.sub(r"&lt;(/?[ubi])&gt;", r"<\1>", out)


def strip_markup(text: str) -> str:
    return re.sub(r"</?[ubi]>", "", text)


def word_para(inner: str, style: str = "justify") -> str:
    if style == "center":
        head = "<p class=MsoNormal align=center style='text-align:center'>"
    elif style == "right":
        head = "<p class=MsoNormal align=right style='text-align:right'>"
    elif style == "blank":
        return "<p class=MsoNormal>&nbsp;</p>"
    else:
        head = "<p class=MsoNormal style='text-align:justify'>"
    body = textwrap.fill(inner, width=76, break_long_words=False, break_on_hyphens=False)
    return f"{head}{body}</p>"


def word_html(title: str, paragraphs: list[str]) -> bytes:
    head = f"""<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset=windows-1252">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 14">
<meta name=Originator content="Microsoft Word 14">
<title>{html.escape(title)}</title>
<style>
<!--
p.MsoNormal, li.MsoNormal, div.MsoNormal
\t{{margin:0in;
\tmargin-bottom:.0001pt;
\tfont-size:12.0pt;
\tfont-family:"Times New Roman","serif";}}
p.billwatch-sample-banner
\t{{font-size:8.0pt;
\tfont-family:"Arial","sans-serif";
\tbackground:#FFF2CC;}}
@page WordSection1
\t{{size:8.5in 11.0in;
\tmargin:1.0in 1.0in 1.0in 1.0in;}}
div.WordSection1
\t{{page:WordSection1;}}
-->
</style>
</head>

<body lang=EN-US style='tab-interval:.5in'>
<p class=billwatch-sample-banner>{html.escape(BANNER)}</p>

<div class=WordSection1>
"""
    text = head + "\n\n".join(paragraphs) + "\n\n</div>\n\n</body>\n\n</html>\n"
    return text.replace("\n", CRLF).encode("cp1252", errors="xmlcharrefreplace")


@dataclass
class Rendered:
    """A document as (style, markup) blocks, rendered to both HTML and PDF."""

    title: str
    header: str  # PDF running header prefix, e.g. "LCO No. 4041"
    front: list[tuple[str, str]]  # unnumbered (style, markup) lines
    body: list[str]  # numbered paragraphs
    back: list[tuple[str, str]] = field(default_factory=list)

    def htm(self) -> bytes:
        paras = [word_para(esc_markup(m), s) for s, m in self.front]
        paras.append(word_para("", "blank"))
        paras += [word_para(esc_markup(p)) for p in self.body]
        if self.back:
            paras.append(word_para("", "blank"))
            paras += [word_para(esc_markup(m), s) for s, m in self.back]
        return word_html(self.title, paras)

    def pdf(self) -> bytes:
        return pdf_document(self.title, self.header, self.front, self.body, self.back)


def text_document(bill: Bill, t: Text, source: Text) -> Rendered:
    """Raised/proposed/substitute bill, file copy or public act for ``t``; ``source`` holds
    the body (a file copy or act repeats the text of the version it was made from)."""
    y, n = bill.year, bill.number
    chamber_long = "House" if bill.type == "HB" else "Senate"
    body = source.body
    committee_upper = COMMITTEES[bill.comm].upper()
    front: list[tuple[str, str]] = []
    back: list[tuple[str, str]] = []
    tag_event = next((e for e in bill.events if e.text.startswith("Joint Favorable")), None)
    tag = (f"*_____{bill.padded}{tag_event.code}___{tag_event.day:%m%d%y}____*"
           if tag_event else "")
    lco_line = f"LCO No. {source.lco}"
    substituted = any(x.kind == "substitute" and x.day <= t.day for x in bill.texts)
    if t.kind in ("raised", "proposed", "substitute"):
        kind = {"raised": "Raised", "proposed": "Proposed", "substitute": "Substitute"}[t.kind]
        front += [("center", "<b>General Assembly</b>"),
                  ("right", f"<b>{kind} Bill No. {n}</b>"),
                  ("center", session_name(y))]
        if t.kind == "substitute":
            front.append(("justify", f"{lco_line}    {tag}"))
        else:
            front.append(("justify", lco_line))
        front.append(("center", f"*{source.lco:05d}*"))
        if t.kind != "substitute":
            front += [("justify", f"Referred to Committee on {committee_upper}"),
                      ("justify", "Introduced by:")]
            for name, _dist in bill.introducers:
                if name.endswith("Committee"):
                    front.append(("justify", f"({bill.comm})"))
                else:
                    person, district = name.split(", ", 1)
                    title, *_, surname = person.split()
                    front.append(("justify", f"{title.upper()} {surname.upper()}, {district}"))
        front.append(("center", f"<b>{bill.title}</b>"))
        if t.kind == "proposed":
            front.append(("justify", "Be it enacted by the Senate and House of Representatives "
                          "in General Assembly convened:"))
            back += [("justify", f"<b>Statement of Purpose:</b> {bill.purpose}"),
                     ("justify", LEGEND)]
        else:
            front.append(("justify", "Be it enacted by the Senate and House of Representatives "
                          "in General Assembly convened:"))
            if t.kind == "raised":
                back.append(("justify", f"<b>Statement of Purpose:</b> {bill.purpose}"))
            back.append(("justify", LEGEND))
    elif t.kind == "file":
        file_day = next(e.day for e in bill.events if e.text.startswith("File Number"))
        sub = "Substitute " if substituted else ""
        front += [("center", f"<b>File No. {t.number}</b>"),
                  ("center", session_name(y)),
                  ("center", f"<b>{sub}{chamber_long} Bill No. {n}</b>"),
                  ("center", f"{chamber_long}{' of Representatives' if bill.type == 'HB' else ''}"
                             f", {long_date(file_day)}"),
                  ("justify", f"The Committee on {COMMITTEES[bill.comm]} reported through the "
                              f"Chairperson of the Committee on the part of the "
                              f"{chamber_long}, that the {'substitute ' if sub else ''}bill "
                              "ought to pass."),
                  ("justify", f"{lco_line}    {tag}".rstrip()),
                  ("center", f"<b>{bill.title}</b>"),
                  ("justify", "Be it enacted by the Senate and House of Representatives in "
                              "General Assembly convened:")]
        if tag_event:
            back.append(("justify", f"{tag_event.code}    {tag_event.text.replace('Substitute', 'Subst.')}"))
    elif t.kind == "act":
        signed_ev = next((e for e in bill.events if e.text.startswith("Signed by")), None)
        # 2018 HB 5444: the public record quotes the act as "Substitute House Bill No. 5444" although
        # its committee vote was a plain Joint Favorable; the sample keeps both as found.
        sub = "Substitute " if substituted or (y, n) == (2018, 5444) else ""
        front += [("center", f"<b>{sub}{chamber_long} Bill No. {n}</b>"),
                  ("center", f"<b>Public Act No. {t.number}</b>"),
                  ("center", f"<b>{bill.title}</b>"),
                  ("justify", "Be it enacted by the Senate and House of Representatives in "
                              "General Assembly convened:")]
        if signed_ev:
            back.append(("justify", f"Approved {long_date(signed_ev.day)}"))
    header = lco_line if t.kind != "act" else f"Public Act No. {t.number}"
    return Rendered(bill.title, header, front, body, back)


# ------------------------------------------------------------------------------ PDFs

PAGE_W, PAGE_H = letter
LEFT, RIGHT, TOP, BOTTOM = 72.0 + 18, PAGE_W - 72.0, PAGE_H - 72.0, 72.0
FONT, BOLD, SIZE, LEADING = "Times-Roman", "Times-Bold", 11, 15


def runs_of(markup: str) -> list[tuple[str, bool, bool]]:
    """Split markup into (word, bold, underline) tokens."""
    out = []
    bold = underline = False
    for piece in re.split(r"(</?[ubi]>)", markup):
        if piece in ("<b>", "</b>"):
            bold = piece == "<b>"
        elif piece in ("<u>", "</u>"):
            underline = piece == "<u>"
        elif piece in ("<i>", "</i>"):
            continue
        else:
            for word in re.split(r"(\s+)", piece):
                if word.strip():
                    out.append((word, bold, underline))
                elif word and out:
                    out.append((" ", bold, underline))
    return out


def wrap(markup: str, width: float) -> list[list[tuple[str, bool, bool]]]:
    lines, line, used = [], [], 0.0
    for word, bold, ul in runs_of(markup):
        if word == " ":
            if line:
                line.append((word, bold, ul))
                used += stringWidth(" ", FONT, SIZE)
            continue
        w = stringWidth(word, BOLD if bold else FONT, SIZE)
        if line and used + w > width:
            while line and line[-1][0] == " ":
                line.pop()
            lines.append(line)
            line, used = [], 0.0
        line.append((word, bold, ul))
        used += w
    while line and line[-1][0] == " ":
        line.pop()
    if line:
        lines.append(line)
    return lines or [[]]


def pdf_document(title, header, front, body, back, numbered=True, compress=True) -> bytes:
    width = RIGHT - LEFT
    rows: list[tuple[str, list, bool]] = []  # (align, words, numbered)
    for style, markup in front:
        rows += [(style, ln, False) for ln in wrap(markup, width)]
    rows.append(("justify", [], False))
    for para in body:
        rows += [("justify", ln, numbered) for ln in wrap(para, width)]
    for style, markup in back:
        rows.append(("justify", [], False))
        rows += [(style, ln, False) for ln in wrap(markup, width)]
    per_page = int((TOP - BOTTOM - 2 * LEADING) // LEADING)
    pages = [rows[i:i + per_page] for i in range(0, len(rows), per_page)] or [[]]

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, invariant=1, pageCompression=int(compress))
    c.setTitle(strip_markup(title))
    c.setAuthor("billwatch sample site")
    c.setCreator("billwatch data/sample-site/build.py")
    line_no = 0
    for page_no, page in enumerate(pages, start=1):
        c.setFont(FONT, 9)
        c.drawString(LEFT, TOP + LEADING, f"{header}   {page_no} of {len(pages)}")
        c.setFont("Helvetica", 6)
        c.drawRightString(RIGHT, BOTTOM - 2 * LEADING, BANNER)
        y = TOP - LEADING
        for align, words, is_numbered in page:
            if is_numbered:
                line_no += 1
                c.setFont(FONT, 8)
                c.drawRightString(LEFT - 12, y, str(line_no))
            total = sum(stringWidth(w, BOLD if b else FONT, SIZE) for w, b, _ in words)
            x = LEFT
            if align == "center":
                x = LEFT + (width - total) / 2
            elif align == "right":
                x = RIGHT - total
            text = c.beginText(x, y)
            for (bold, ul), group in groupby(words, key=lambda w: (w[1], w[2])):
                segment = "".join(w for w, _, _ in group)
                font = BOLD if bold else FONT
                seg_w = stringWidth(segment, font, SIZE)
                text.setFont(font, SIZE)
                text.textOut(segment)
                if ul:
                    c.line(x, y - 1.5, x + seg_w, y - 1.5)
                x += seg_w
            c.drawText(text)
            y -= LEADING
        c.showPage()
    c.save()
    return buf.getvalue()


def plain_pdf(title: str, header: str, lines: list[str], compress: bool = True) -> bytes:
    return pdf_document(title, header, [], [], [("justify", ln) for ln in lines],
                        numbered=False, compress=compress)


# --------------------------------------------------------------- other bill documents


def jfr_document(bill: Bill) -> bytes:
    j = bill.jfr or {}
    comm_name = COMMITTEES[bill.comm] + " Committee"
    sub_heading = "SUBSITUTE LANGUAGE:" if j.get("misspell") else "SUBSTITUTE LANGUAGE:"
    sponsors = j.get("sponsors") or (
        comm_name if bill.introducers[0][0].endswith("Committee")
        else "; ".join(n for n, _ in bill.introducers))
    rows = [("Bill No.:", f"{bill.type}-{bill.number}"), ("Title:", bill.title),
            ("Vote Date:", mdy(j["vote"])), ("Vote Action:", j["action"]),
            ("PH Date:", mdy(j["ph"])), ("File No.:", j.get("file", ""))]
    table = ["<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0>"]
    for label, value in rows:
        table.append(f"<tr><td width=120 valign=top><p class=MsoNormal><b>{label}</b></p></td>"
                     f"<td valign=top><p class=MsoNormal>{html.escape(value) or '&nbsp;'}</p>"
                     "</td></tr>")
    table.append("</table>")
    generic = {
        "reasons": f"The bill responds to concerns raised with the {comm_name} during the "
                   "session. (Sample summary.)",
        "substitute": "The substitute language clarifies the duties in the bill and adjusts "
                      "its effective dates. (Sample summary.)",
        "agency": "No agency testimony is summarized in this sample.",
        "support": "Supporters who testified at the public hearing favored the bill. "
                   "(Sample summary.)",
        "opposition": "None expressed.",
    }

    def section(head, key):
        return [word_para(f"<b>{head}</b>"), word_para(html.escape(j.get(key, generic[key]))),
                word_para("", "blank")]

    paras = [word_para(f"<b>{html.escape(comm_name)}</b>", "center"),
             word_para("<b>JOINT FAVORABLE REPORT</b>", "center"), word_para("", "blank"),
             "\n".join(table), word_para("", "blank"),
             word_para("<b>Disclaimer:</b> The following JOINT FAVORABLE Report is prepared "
                       "for the benefit of the members of the General Assembly, solely for "
                       "purposes of information, summarization and explanation and does not "
                       "represent the intent of the General Assembly or either chamber "
                       "thereof for any purpose."),
             word_para("", "blank"),
             word_para("<b>SPONSORS OF BILL:</b>"), word_para(html.escape(sponsors)),
             word_para("", "blank")]
    paras += section("REASONS FOR BILL:", "reasons")
    if "Substitute" in j["action"]:
        paras += [word_para(f"<b>{sub_heading}</b>"),
                  word_para(html.escape(j.get("substitute", generic["substitute"]))),
                  word_para("", "blank")]
    paras += section("RESPONSE FROM ADMINISTRATION/AGENCY:", "agency")
    paras += section("NATURE AND SOURCES OF SUPPORT:", "support")
    paras += section("NATURE AND SOURCES OF OPPOSITION:", "opposition")
    report_day = j.get("date") or next(e.day for e in bill.events if e.code == "LCO")
    paras += [word_para("<b>Reported by:</b> Committee staff (sample)"),
              word_para(f"<b>Date:</b> {mdy(report_day)}")]
    return word_html(f"{bill.type}-{bill.number} JFR", paras)


def fiscal_note(bill: Bill, file_no: int) -> bytes:
    sub = "s" if any(t.kind == "substitute" for t in bill.texts) else ""
    paras = [word_para("<b>OFFICE OF FISCAL ANALYSIS</b>", "center"),
             word_para("Legislative Office Building, Room 5200, Hartford, CT 06106", "center"),
             word_para("", "blank"),
             word_para(f"<b>{sub}{bill.type} {bill.number}</b>"),
             word_para(f"<b>{bill.title}</b>"),
             word_para(f"<b>OFA Fiscal Note For File Copy {file_no}</b>"),
             word_para("", "blank"),
             word_para("<b>State Impact:</b> None"),
             word_para("<b>Municipal Impact:</b> Potential minimal cost"),
             word_para("", "blank"),
             word_para("<b>Explanation</b>"),
             word_para("The bill is not expected to result in a fiscal impact to the state. "
                       "Any municipal cost depends on how local boards carry out its "
                       "requirements. (Sample note.)"),
             word_para("", "blank"),
             word_para("<b>The Out Years</b>"),
             word_para("The annualized ongoing fiscal impact identified above would continue "
                       "into the future.")]
    return word_html(f"{bill.type} {bill.number} fiscal note", paras)


def bill_analysis(bill: Bill, file_no: int) -> bytes:
    sub = "s" if any(t.kind == "substitute" for t in bill.texts) else ""
    jf = next(e for e in bill.events if e.text.startswith("Joint Favorable"))
    eff = re.search(r"Effective ([A-Za-z]+ \d+, \d{4}|from passage)",
                    " ".join(t for x in bill.texts for t in x.body))
    paras = [word_para("<b>OLR Bill Analysis</b>", "center"),
             word_para(f"<b>{sub}{bill.type} {bill.number}</b>"),
             word_para(f"<b>{bill.title}</b>"),
             word_para(f"<b>Bill Analysis For File Copy {file_no}</b>"),
             word_para("", "blank"),
             word_para("<b>SUMMARY</b>"),
             word_para(html.escape(bill.purpose.replace("To ", "This bill would ", 1))),
             word_para("", "blank"),
             word_para(f"EFFECTIVE DATE: {eff.group(1) if eff else 'October 1, 2015'}"),
             word_para("", "blank"),
             word_para("<b>COMMITTEE ACTION</b>"),
             word_para(f"{COMMITTEES[jf.code]} Committee"),
             word_para(f"{jf.text}  ({jf.day:%m/%d/%Y})")]
    return word_html(f"{bill.type} {bill.number} bill analysis", paras)


def amendment_7017() -> Rendered:
    front = [("center", "<b>General Assembly</b>"), ("right", "<b>Amendment</b>"),
             ("center", session_name(2015)),
             ("justify", "LCO No. 8412"), ("center", "*HB0701708412HDO*"),
             ("justify", "Offered by:"), ("justify", "REP. ALEX PLACEHOLDER, 1st Dist."),
             ("justify", "To: Subst. House Bill No. 7017    File No. 394    Cal. No. 297"),
             ("center", "<b>\u201cAN ACT CONCERNING STUDENT DATA PRIVACY.\u201d</b>")]
    return Rendered("LCO 8412 amendment", "LCO No. 8412", front, HB7017_AMD)


# ------------------------------------------------------------------------- testimony
#
# Testimony listings (/asp/menu/CommDocTmyBillAllComm.asp) and their PDFs.  The real
# listing's markup is unknown (docs/cga-site.md, "Testimony"), so each sample listing uses a
# different one.  Every submitter and organisation is invented; the texts paraphrase the
# kind of thing said at these hearings and speak for no real person or organisation.

SAMPLE_NOTE = ("Sample data: invented testimony for billwatch's offline copy of the site. It "
               "stands in for a real submission and says nothing on behalf of any real person "
               "or organisation.")


@dataclass
class Testimony:
    """One testimony link on a listing page (docs/cga-site.md, "Testimony": file-name grammar)."""

    year: int
    bill: str  # bill in the file name: "HB-07017"
    mmdd: str  # public-hearing date in the name ("0319"; "0230" is deliberately impossible)
    submitter: str  # "Last, First[, Title]"
    org: str
    position: str  # the word in the name ("" when none)
    display: str  # who, in words (listing row and PDF)
    paragraphs: list[str] = field(default_factory=list)
    kind: str = "text"  # text | scan | truncated | missing (404) | html (error page as PDF)
    folder: str = "eddata/TMY"  # as stored; links may spell it in another case

    @property
    def name(self) -> str:
        """docs/cga-site.md, "Testimony": with no organisation and position the name collapses to `--`."""
        tail = f"-{self.org}-{self.position}-TMY.PDF" if self.org or self.position else "--TMY.PDF"
        return f"{self.year}{self.bill}-R00{self.mmdd}-{self.submitter}{tail}"

    @property
    def path(self) -> str:
        return f"/{self.year}/{self.folder}/{self.name}"


def encoded(path: str) -> str:
    """A link as the site would percent-encode it (spaces, apostrophes, non-ASCII)."""
    return urllib.parse.quote(path, safe="/,-&")


STANDARD_7017 = [  # the original four; their PDFs carry only the standard paragraph
    Testimony(2015, "HB-07017", "0319", "Alvarez, Maria, Chief Technology Officer", "SSD",
              "Supports", "Maria Alvarez, Chief Technology Officer, Sample School District"),
    Testimony(2015, "HB-07017", "0319", "Chen, Robert", "CPSP", "Opposes",
              "Robert Chen, Connecticut Parents for Student Privacy (sample organisation)"),
    Testimony(2015, "HB-07017", "0319", "Okafor, Grace", "", "", "Grace Okafor"),
    Testimony(2015, "HB-07017", "0319", "Lindqvist, Erik, Senior Counsel", "EdTechVendorsAssn",
              "Supports",
              "Erik Lindqvist, Senior Counsel, Education Technology Vendors Association (sample)"),
]

# Listed on both the 2015 HB 7017 and the 2015 HB 6420 listings (same URL).
SHARED_7017_6420 = Testimony(
    2015, "HB-07017", "0319", "O'Brien-Smith, Patrick, Director of Data Governance", "CT-DSC",
    "Comments",
    "Patrick O'Brien-Smith, Director of Data Governance, Connecticut Data Stewards Council "
    "(sample organisation)", [
        "These comments address H.B. No. 7017 and H.B. No. 6420 together, because both bills "
        "decide which student records leave the classroom and who may hold them afterwards.",
        "We take no side on either bill. We ask the committee to define \"student data\" once, "
        "in one section, so that a district, a vendor and the P20 WIN council read the same "
        "words the same way, and to name the office that answers a parent's question.",
        "A retention schedule measured in school years, not in contract terms, would let "
        "districts delete records on a date everyone can check.",
    ])

EXTRA_7017 = [
    SHARED_7017_6420,
    Testimony(
        2015, "HB-07017", "0319", "Nu\u00f1ez, Jos\u00e9, Parent\u2013Teacher Liaison",
        "Shoreline Parents' Network", "In Opposition",
        "Jos\u00e9 Nu\u00f1ez, Parent\u2013Teacher Liaison, Shoreline Parents' Network (sample)", [
            "Parents in our network oppose the bill as drafted. It lets an operator keep "
            "de-identified records for product improvement without a deadline, and nothing "
            "in it says when that permission ends.",
            "Families told us about cafeteria payment apps that keep every purchase a child "
            "makes. A lunchroom ledger should never follow a child into adulthood, and the "
            "bill should require its deletion when the student leaves the district.",
            "We also ask that parents be able to see, in plain language, the list of "
            "operators that hold their child's information.",
        ]),
    Testimony(2015, "HB-07017", "0319", "Kowalski, Anna-Marie", "", "Opposing",
              "Anna-Marie Kowalski (sample)", kind="scan"),
    Testimony(
        2015, "HB-07017", "0319", "Haddad, Samir, Policy Fellow", "CTDataLab", "Supporting",
        "Samir Haddad, Policy Fellow, Connecticut Data Lab (sample organisation)", [
            "We support the bill. Contracts between boards of education and operators should "
            "say what data is collected, why, and when it is destroyed.",
            "Researchers can work with de-identified data under a written agreement; the bill "
            "keeps that door open while closing the door on targeted advertising.",
        ], kind="truncated"),
    Testimony(2015, "HB-07017", "0319", "Brennan, Liam", "CEQS", "Supports",
              "Liam Brennan, Coalition for Equity in Schools (sample)", kind="missing"),
    Testimony(2015, "HB-07017", "0319", "Delacroix, Yvette", "DPEC", "Neutral",
              "Yvette Delacroix, Digital Privacy Education Center (sample)", kind="html"),
]

TESTIMONY_5469 = [  # 2016, Education Committee public hearing 3/2/2016
    Testimony(
        2016, "HB-05469", "0302", "Marchetti, Laura, President", "Connecticut Teachers' Guild",
        "Supports", "Laura Marchetti, President, Connecticut Teachers' Guild (sample union)", [
            "Our members support the bill. Teachers use dozens of free classroom applications, "
            "and today no one can tell them which of those sell what they learn about children.",
            "A contract requirement puts that burden on the board and the operator, where it "
            "belongs, instead of on the teacher who picked a spelling game.",
        ], folder="EDdata/tmy"),
    Testimony(
        2016, "HB-05469", "0302", "Pryor, Nathaniel, Policy Director",
        "Nutmeg Education Reform Council", "Opposes",
        "Nathaniel Pryor, Policy Director, Nutmeg Education Reform Council (sample)", [
            "The council opposes the bill in its current form. Measuring whether schools serve "
            "every child depends on data moving between districts, the state and researchers.",
            "Broad limits written for advertisers will also stop the analysis that shows where "
            "achievement gaps are closing, and the bill offers no path for that work.",
        ], folder="EDdata/tmy"),
    Testimony(
        2016, "HB-05469", "0302", "Abernathy-Cole, Denise, Superintendent",
        "Sampletown Public Schools", "Informational",
        "Denise Abernathy-Cole, Superintendent, Sampletown Public Schools (sample district)", [
            "This testimony is informational. Our district shares the bill's goals and "
            "describes what compliance will take.",
            "We hold more than two hundred software agreements. Renegotiating each of them by "
            "the effective date is not possible with current staff, and many vendors will not "
            "answer a small district at all.",
        ], folder="EDdata/tmy"),
    Testimony(
        2016, "HB-05469", "0302", "Fairweather, Jordan", "Student Privacy Alliance CT", "Favor",
        "Jordan Fairweather, Student Privacy Alliance CT (sample organisation)", [
            "We are parents and we favor the bill. A child cannot consent to a privacy policy, "
            "and a parent cannot read three hundred of them.",
            "Please keep the ban on targeted advertising and the notice to parents after a "
            "breach exactly as written.",
        ], folder="EDdata/tmy"),
]

TESTIMONY_7207 = [  # 2017, Education Committee public hearing 3/6/2017
    Testimony(
        2017, "HB-07207", "0306", "Marchetti, Laura, President", "Connecticut Teachers' Guild",
        "Support", "Laura Marchetti, President, Connecticut Teachers' Guild (sample union)", [
            "We support these revisions. Since the act took effect, teachers have been told to "
            "stop using tools their classes relied on while contracts were rewritten.",
            "Moving the contract deadline lets classrooms keep working while districts and "
            "operators finish that work.",
        ], folder="EDdata/TMY"),
    Testimony(
        2017, "HB-07207", "0306", "Pryor, Nathaniel, Policy Director", "NutmegERC", "Against",
        "Nathaniel Pryor, Policy Director, Nutmeg Education Reform Council (sample)", [
            "We testify against the bill. A second year of revisions leaves districts unsure "
            "which rules apply, and the delay rewards operators that ignored the first law.",
        ], folder="EDdata/TMY"),
    Testimony(
        2017, "HB-07207", "0306", "D'Angelo, Teresa, Director of Technology",
        "Sampletown Public Schools", "Info",
        "Teresa D'Angelo, Director of Technology, Sampletown Public Schools (sample district)", [
            "For the committee's information: of the operators our district contacted, fewer "
            "than half signed the required terms by the deadline.",
            "A single statewide model contract would spare each district from negotiating the "
            "same clauses alone.",
        ], folder="EDdata/TMY"),
    Testimony(
        2017, "HB-07207", "0306", "Vance, Morgan", "Digital Rights Watch CT",
        "Supports with amendments",
        "Morgan Vance, Digital Rights Watch CT (sample organisation)", [
            "We support the bill with amendments. Replacing the forty-eight hour breach notice "
            "with two business days weakens the act; please keep the shorter period.",
        ], folder="EDdata/TMY"),
    Testimony(
        2017, "HB-07207", "0230", "Osei, Kwame, Chair", "Student Data Task Force", "Opposes",
        "Kwame Osei, Chair, Student Data Task Force (sample)", [
            "The task force opposes changing the act before it has reported. Its file name "
            "carries an impossible hearing date (February 30): sample data for a name that "
            "does not fit the pattern.",
        ], folder="EDdata/TMY"),
]


def testimony_pdf(t: Testimony, bill_title: str, committee: str, hearing: date) -> bytes:
    """A short testimony letter; uncompressed so the sample stays readable (and greppable)."""
    paragraphs = t.paragraphs or [
        "This is invented sample testimony for billwatch's offline copy of the site. It "
        "stands in for a real submission and says nothing on behalf of any real person or "
        "organisation."]
    number = int(t.bill.split("-")[1])
    lines = [
        f"<b>Testimony before the {committee} Committee</b>",
        f"Public Hearing, {long_date(hearing)}",
        f"<b>{t.bill[0]}.B. No. {number} {bill_title}</b>",
        f"Submitted by: {t.display}",
        f"Position: {t.position or 'not stated'}",
        *paragraphs,
    ]
    if t.paragraphs:
        lines.append(SAMPLE_NOTE)
    return plain_pdf(f"Testimony on {t.bill[:2]} {number}", f"Testimony, {committee} Committee",
                     lines, compress=False)


# 5x7 bitmap glyphs: the scanned-style PDF draws its words as filled squares, so it is
# visibly "Sample data" and has no text layer at all.
GLYPHS = {
    "A": ".###.#...##...#######...##...##...#", "B": "####.#...#####.#...##...##...#####.",
    "C": ".#####.....#....#....#.....#.####.", "D": "####.#...##...##...##...##...#####.",
    "E": "######....####.#....#....#....#####", "I": "#####..#....#....#....#....#..#####",
    "L": "#....#....#....#....#....#....#####", "M": "#...###.###.#.##...##...##...##...#",
    "N": "#...###..##.#.##..###...##...##...#", "O": ".###.#...##...##...##...##...#.###.",
    "P": "####.#...##...#####.#....#....#....", "R": "####.#...##...#####.#.#..#..#.#...#",
    "S": ".#####.....#.....###.....#.....####", "T": "#####..#....#....#....#....#....#..",
    "X": "#...##...#.#.#...#...#.#.#...##...#", "Y": "#...##...#.#.#...#....#....#....#..",
    "-": "...............###...............",
}


def scanned_pdf(t: Testimony) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, invariant=1, pageCompression=1)
    c.setTitle("Sample data: scanned testimony (no text layer)")
    c.setAuthor("billwatch sample site")
    c.setCreator("billwatch data/sample-site/build.py")
    c.setFillGray(0.96)
    c.rect(0, 0, PAGE_W, PAGE_H, stroke=0, fill=1)  # paper
    c.setFillGray(0.1)
    y = PAGE_H - 110
    for words, cell in (("SAMPLE DATA", 4.0), ("SCANNED TESTIMONY", 3.0),
                        ("NO TEXT LAYER", 3.0)):
        x = LEFT
        for ch in words:
            rows = GLYPHS.get(ch)
            if rows:
                for i, bit in enumerate(rows):
                    if bit == "#":
                        c.rect(x + (i % 5) * cell, y - (i // 5) * cell, cell, cell, stroke=0,
                               fill=1)
            x += 6 * cell
        y -= 9 * cell + 14
    c.setFillGray(0.45)  # "handwritten" lines of a letter: bars of varying length
    for i in range(24):
        width = (RIGHT - LEFT) * (0.55 + 0.45 * ((i * 37) % 11) / 10)
        c.rect(LEFT, y - i * 16, width, 6, stroke=0, fill=1)
    c.showPage()
    c.save()
    return buf.getvalue()


# IIS-style error page stored where a testimony PDF should be (served as application/pdf).
HTML_ERROR_AS_PDF = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">
<HTML><HEAD><TITLE>The page cannot be displayed</TITLE>
<META HTTP-EQUIV="Content-Type" Content="text/html; charset=Windows-1252">
<!-- Sample data - billwatch offline copy, not the live site: an HTML error page stored
     where a testimony PDF should be (deliberate fault, see EXPECTED-ERRORS.txt). -->
<STYLE type="text/css">BODY { font: 8pt/12pt verdana } H1 { font: 13pt/15pt verdana }</STYLE>
</HEAD><BODY><TABLE width=500 border=0 cellspacing=10><TR><TD>
<H1>The page cannot be displayed</H1>
There is a problem with the page you are trying to reach and it cannot be displayed.
<HR>
<P>Please try the following:</P>
<UL><LI>Click the Refresh button, or try again later.</LI></UL>
<H2>HTTP 500.100 - Internal server error - ASP error<BR>Internet Information Services</H2>
</TD></TR></TABLE></BODY></HTML>
"""


def testimony_body(t: Testimony, bill_title: str, committee: str, hearing: date) -> bytes | None:
    if t.kind == "missing":
        return None
    if t.kind == "scan":
        return scanned_pdf(t)
    if t.kind == "html":
        return HTML_ERROR_AS_PDF.replace("\n", CRLF).encode("ascii")
    body = testimony_pdf(t, bill_title, committee, hearing)
    if t.kind == "truncated":
        return body[: len(body) // 2]
    return body


# ------------------------------------------------------------------- status pages (ASP)

STATUS_HEAD = """<!DOCTYPE html>
<html class="no-js" lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{title}</title>
<link rel="stylesheet" href="/css/foundation.min.css">
<link rel="stylesheet" href="/css/footable.core.min.css">
</head>
<body>
<div class="billwatch-sample-banner" style="font-size:small;background:#fff2cc;\
padding:2px 6px">{banner}</div>
<nav class="top-bar"><a href="/">Connecticut General Assembly</a></nav>
"""
STATUS_FOOT = """<footer class="row"><div class="large-12 columns"><p><small>Connecticut \
General Assembly &middot; Legislative Office Building &middot; Hartford, CT 06106</small></p>\
</div></footer>
</body>
</html>
"""


def link(href: str, text: str) -> str:
    href = html.escape(href, quote=False).replace('"', "&quot;")
    return f'<a href="{href}">{html.escape(text, quote=False)}</a>'


def member_link(name: str, dist: str) -> str:
    return link(f"/asp/CGABillStatus/CGAMemberBills.asp?dist_code={dist}", name)


def status_page(bill: Bill) -> str:
    blocks: dict[str, list[str]] = {}
    for t in reversed(bill.texts):  # newest first
        htm, pdf = text_paths(bill, t)
        label = text_label(bill, t)
        cell = link(htm or pdf, label)
        if htm and pdf:
            cell += " " + link(pdf, "[pdf]")
        doc = doc_link(bill, t)
        if doc:
            cell += " " + link(doc, "[doc]")
        blocks.setdefault("Text of Bill", []).append(cell)
    if bill.jfr:
        blocks.setdefault("Committee Actions", []).append(
            link(jfr_path(bill), f"{bill.comm} Joint Fav. Rpt"))
    for block, label, href in bill.extra_docs:
        blocks.setdefault(block, []).append(link(href, label))

    out = [STATUS_HEAD.format(title=f"Bill Status {bill.dashed} {bill.year}",
                              banner=BANNER_ASCII)]
    out.append('<div class="row">')
    out.append(f'<h3 class="text-center"><strong>{bill.label} </strong><br>'
               f"Session Year {bill.year}</h3>")
    out.append("</div>")
    out.append('<div class="row">\n<div class="large-12 columns">')
    out.append(f"<h4>{html.escape(bill.title)}</h4>")
    out.append(f'<p class="text-justify">{html.escape(bill.purpose)}</p>')
    out.append("<h5>Introduced by: </h5>")
    intro = []
    for name, dist in bill.introducers:
        intro.append(member_link(name, dist) if dist else html.escape(name))
    out.append("<p>" + "<br>\n".join(intro) + "</p>")
    out.append('<p class="legend"><span class="new-today">New today</span> | '
               '<span class="days-2-4">2-4 days old</span> | '
               '<span class="days-5">5 days &amp; older</span></p>')
    out.append("<p><small>Add to My Bills: bills you add are remembered by a cookie in this "
               "browser. Clearing your cookies clears the list.</small></p>")
    for block in ("Text of Bill", "Committee Actions", "Fiscal Notes", "Bill Analyses",
                  "Called Amendments", "Uncalled Amendments", "Roll Call Votes"):
        if block not in blocks:
            continue
        out.append("<table summary='Status of bills' class='footable table'>")
        out.append(f"<thead><tr><th>&nbsp;</th><th>{block}</th></tr></thead>")
        out.append("<tbody>")
        for cell in blocks[block]:
            out.append(f"<tr><td>&nbsp;</td><td>{cell}</td></tr>")
        out.append("</tbody>\n</table>")
    out.append('<h4 style="padding-left:10px">Bill History</h4>')
    out.append("<table summary='Bill history' class='footable table'>")
    out.append("<thead><tr><th>&nbsp;</th><th>Date</th><th>&nbsp;</th><th>Action Taken</th>"
               "</tr></thead>")
    out.append("<tbody>")
    for e in reversed(bill.events):  # newest first
        code = f"({e.code})" if e.code else "&nbsp;"
        out.append(f"<tr><td>&nbsp;</td><td>{mdy(e.day)}</td><td>{code}</td>"
                   f"<td>{html.escape(e.text, quote=False)}</td></tr>")
    out.append("</tbody>\n</table>")
    out.append(f"<h5>Co-sponsors of {bill.type}-{bill.number}</h5>")
    out.append('<div class="row">')
    for name, dist in bill.cosponsors:
        out.append(f'<div class="large-6 medium-6 columns">{member_link(name, dist)}</div>')
    out.append("</div>")
    out.append("<h5>Co-sponsors for Amendment LCO: </h5>")
    out.append("<p><small>NOTE: The information on this page is provided as a convenience. "
               "Direct inquiries about the status of a bill to the House Clerk's Office or "
               "the Senate Clerk's Office.</small></p>")
    out.append("</div>\n</div>")
    out.append(STATUS_FOOT)
    return "\n".join(out)


def not_found_page() -> str:
    return "\n".join([
        STATUS_HEAD.format(title="Bill Status", banner=BANNER_ASCII),
        '<div class="row">\n<div class="large-12 columns">',
        '<p class="text-center"><strong>Bill not found in Database</strong></p>',
        "<p>Please check the bill number and session year and try again.</p>",
        "</div>\n</div>",
        STATUS_FOOT,
    ])


def listing_head(bill: Bill) -> list[str]:
    return [
        STATUS_HEAD.format(title=f"Testimony {bill.dashed} {bill.year}", banner=BANNER_ASCII),
        '<div class="row">\n<div class="large-12 columns">',
        f'<h3 class="text-center"><strong>Testimony for {bill.dashed}</strong><br>'
        f"Session Year {bill.year}</h3>",
    ]


def listing_foot() -> list[str]:
    return ["</div>\n</div>", STATUS_FOOT]


def testimony_table(rows: list[Testimony]) -> list[str]:
    """Heading-grouped table, double-quoted %20-encoded links (the original layout)."""
    out = ["<table summary='Testimony' class='footable table'>",
           "<thead><tr><th>Submitted by</th><th>Document</th></tr></thead>\n<tbody>"]
    for t in rows:
        out.append(f"<tr><td>{html.escape(t.display)}</td>"
                   f'<td><a href="{html.escape(encoded(t.path))}">'
                   f"{html.escape(t.submitter)}</a></td></tr>")
    out.append("</tbody>\n</table>")
    return out


def testimony_page_7017(bill: Bill) -> str:
    """Committee and hearing headings, the original table, then a list of later additions
    in another markup: single-quoted links, one relative ("../../2015/...")."""
    out = listing_head(bill)
    out.append(f"<h4>{COMMITTEES[bill.comm]} Committee</h4>")
    out.append(f"<h5>Public Hearing {mdy(d('3/19/2015'))}</h5>")
    out += testimony_table(STANDARD_7017)
    out.append("<p><b>Additional written testimony</b></p>")
    out.append("<ul class='testimony'>")
    for i, t in enumerate(EXTRA_7017):
        href = encoded(t.path)
        if i == 1:
            href = "../.." + href  # relative to /asp/menu/
        out.append(f"<li><a href='{html.escape(href)}' target='_blank'>"
                   f"{html.escape(t.display)}</a></li>")
    out.append("</ul>")
    return "\n".join(out + listing_foot())


def testimony_page_6420(bill: Bill) -> str:
    """One submission, shared with HB 7017 (same URL); no testimony in other committees."""
    out = listing_head(bill)
    out.append(f"<h4>{COMMITTEES[bill.comm]} Committee</h4>")
    out.append(f"<h5>Public Hearing {mdy(d('3/19/2015'))}</h5>")
    out += testimony_table([SHARED_7017_6420])
    out.append("<p>No testimony found for this bill in other committees.</p>")
    return "\n".join(out + listing_foot())


def testimony_page_5469(bill: Bill) -> str:
    """A flat table, no headings; hrefs with raw spaces and apostrophes."""
    out = listing_head(bill)
    out.append('<table class="footable table" border="1">')
    out.append("<tr><th>Date</th><th>Committee</th><th>Testimony</th></tr>")
    for t in TESTIMONY_5469:
        out.append(f"<tr><td>3/2/2016</td><td>ED</td>"
                   f'<td><a href="{html.escape(t.path, quote=False)}">'
                   f"{html.escape(t.display)}</a></td></tr>")
    out.append("</table>")
    return "\n".join(out + listing_foot())


def testimony_page_7207(bill: Bill) -> str:
    """Group rows (one wide cell) instead of headings; each submission linked twice (name,
    and a PDF icon whose href spells the path in lower case with raw spaces)."""
    out = listing_head(bill)
    out.append('<table class="footable table">')
    out.append('<tr><th colspan="2">Education Committee - Public Hearing 3/6/2017</th></tr>')
    for t in TESTIMONY_7207:
        icon = html.escape(t.path.lower(), quote=False)
        out.append(f'<tr><td><a href="{html.escape(encoded(t.path))}">'
                   f"{html.escape(t.display)}</a></td>"
                   f'<td><a href="{icon}"><img src="/images/pdf.gif" alt="PDF"></a></td></tr>')
    out.append("</table>")
    return "\n".join(out + listing_foot())


def no_testimony_page() -> str:
    return "\n".join([
        STATUS_HEAD.format(title="Testimony", banner=BANNER_ASCII),
        '<div class="row">\n<div class="large-12 columns">',
        "<p>No testimony found for this bill.</p>",
        "</div>\n</div>",
        STATUS_FOOT,
    ])


def truncate_in_history(page: str) -> str:
    """Cut the page after the second history row, in the middle of the third."""
    start = page.index("<table summary='Bill history'")
    cut = start
    for _ in range(3):
        cut = page.index("<tr><td>&nbsp;</td><td>", cut + 1)
    return page[: cut + len("<tr><td>&nbsp;</td><td>") + 2]


# ------------------------------------------------------------------------- bulk CSVs


def csv_bytes(rows: list[list[str]]) -> bytes:
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode("cp1252")


def bulk_files(site: Site, all_bills: list[Bill]) -> None:
    current = sorted((b for b in all_bills if b.year == CURRENT), key=lambda b: b.padded)
    day = date(2015, 7, 1)
    info = [["bill_num", "bill_type", "sess_year", "bill_title", "stmt_purpose", "comm_code",
             "lco_num", "file_num", "pa_num"]]
    for b in current:
        file_no = next((t.number for t in b.texts if t.kind == "file"), "")
        pa = next((e.csv[1] for e in b.events if e.csv[0] == "PUBLIC ACT"), "")
        lco = b.texts[-1].lco if b.texts else ""
        info.append([b.padded, "B", str(b.year), b.title, b.purpose, b.comm, str(lco),
                     file_no, pa])
    site.put("/pub/data/bill_info.csv", csv_bytes(info), day)

    history = [["bill_num", "act_date", "act_desc", "qual1", "qual2"]]
    for b in current:
        for e in b.events:
            history.append([b.padded, f"{e.day.isoformat()} {e.clock}", *e.csv])
    site.put("/pub/data/bill_history.csv", csv_bytes(history), day)

    committees = [["comm_code", "comm_name"]]
    committees += [[code, f"{name} Committee"] for code, name in sorted(COMMITTEES.items())]
    site.put("/pub/data/committee.csv", csv_bytes(committees), date(2015, 1, 7))

    subjects = [["bill_num", "subj_desc"]]
    for b in current:
        subjects += [[b.padded, s] for s in b.subjects]
    site.put("/pub/data/subject.csv", csv_bytes(subjects), day)


# ---------------------------------------------------------------------------- build


def build() -> Site:
    site = Site()
    all_bills = build_lineage.extend(bills(), site, globals())
    build_votes.add(site, all_bills)  # before the status pages: it adds their roll-call links
    build_scorecards.add(all_bills)  # before the status pages too: sponsors of HB 5210
    for bill in all_bills:
        if bill.status == "notfound":
            continue
        last_body = None
        for t in bill.texts:
            if t.body:
                last_body = t
            doc = text_document(bill, t, last_body or t)
            htm, pdf = text_paths(bill, t)
            if htm:
                site.put(htm, doc.htm(), t.day)
            if pdf:
                site.put(pdf, doc.pdf(), t.day)
        if bill.jfr:
            j = bill.jfr
            site.put(jfr_path(bill), jfr_document(bill), j.get("date") or j["vote"])
        page = status_page(bill)
        if bill.status == "truncated":
            page = truncate_in_history(page)
        site.put(f"/asp/cgabillstatus/{bill.year}/{bill.padded}.html",
                 page.replace("\n", CRLF).encode("ascii", "xmlcharrefreplace"), bill.events[-1].day)

    by_id = {(b.year, b.padded): b for b in all_bills}
    hb7017 = by_id[(2015, "HB07017")]
    fc_day = d("4/20/2015")
    site.put("/2015/FN/2015HB-07017-R000394-FN.htm", fiscal_note(hb7017, 394), fc_day)
    site.put("/2015/BA/2015HB-07017-R000394-BA.htm", bill_analysis(hb7017, 394), fc_day)
    site.put("/2015/lcoamd/2015LCO08412-R00-AMD.htm", amendment_7017().htm(), d("5/29/2015"))
    listings = [  # (bill, page, submissions stored under it, hearing date)
        ((2015, "HB07017"), testimony_page_7017, [*STANDARD_7017, *EXTRA_7017], d("3/19/2015")),
        ((2015, "HB06420"), testimony_page_6420, [], d("3/19/2015")),  # shares one with 7017
        ((2016, "HB05469"), testimony_page_5469, TESTIMONY_5469, d("3/2/2016")),
        ((2017, "HB07207"), testimony_page_7207, TESTIMONY_7207, d("3/6/2017")),
    ]
    for (year, padded), page, rows, hearing in listings:
        bill = by_id[(year, padded)]
        site.put(f"/asp/menu/commdoctmybillallcomm/{year}/{padded}.html",
                 page(bill).replace("\n", CRLF).encode("ascii", "xmlcharrefreplace"), hearing)
        for t in rows:
            body = testimony_body(t, bill.title, COMMITTEES[bill.comm], hearing)
            if body is not None:  # kind "missing": listed, never stored (404)
                site.put(t.path, body, hearing)

    sb112 = by_id[(2015, "SB00112")]
    site.put("/2015/FN/2015SB-00112-R000058-FN.htm", fiscal_note(sb112, 58), d("3/17/2015"))
    site.put("/2015/BA/2015SB-00112-R000058-BA.htm", bill_analysis(sb112, 58), d("3/17/2015"))
    sb230 = by_id[(2015, "SB00230")]
    site.put("/2015/FN/2015SB-00230-R000211-FN.htm", fiscal_note(sb230, 211), d("4/2/2015"))
    site.put("/2015/BA/2015SB-00230-R000211-BA.htm", bill_analysis(sb230, 211), d("4/2/2015"))
    hb6105 = by_id[(2015, "HB06105")]  # its fiscal note is deliberately missing
    site.put("/2015/BA/2015HB-06105-R000512-BA.htm", bill_analysis(hb6105, 512),
             d("4/15/2015"))

    site.put("/asp/cgabillstatus/notfound.html",
             not_found_page().replace("\n", CRLF).encode("ascii", "xmlcharrefreplace"), date(2015, 1, 7))
    site.put("/asp/menu/commdoctmybillallcomm/none.html",
             no_testimony_page().replace("\n", CRLF).encode("ascii", "xmlcharrefreplace"), date(2015, 1, 7))
    bulk_files(site, all_bills)
    site.put("/robots.txt", (
        "# Sample data - billwatch offline copy, not the live site.\r\n"
        "# The real robots.txt is unknown (docs/cga-site.md, \"Hosts and URLs\"); this one is invented.\r\n"
        "User-agent: *\r\n"
        "Disallow: /aspx/\r\n").encode("ascii"), date(2015, 1, 7))
    build_meetings.add(site)
    build_states.add_states(site, all_bills)  # last: the states derive from all files above
    return site


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="tree to (re)write")
    args = parser.parse_args(argv)
    site = build()
    site.write(args.out)
    total = sum(len(b) for b in site.files.values())
    print(f"wrote {len(site.files)} files, {total:,} bytes, to {args.out}")


if __name__ == "__main__":
    main()
