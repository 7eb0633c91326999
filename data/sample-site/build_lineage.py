"""Sample data for lineage (billwatch issue 18): one idea carried through many bills.

Called once from build.py (``all_bills = build_lineage.extend(bills(), site, globals())``):

* the student-data-privacy chain gets texts with real clause shapes (docs/cga-site.md,
  "Statute references"): 2016 HB 5469 re-uses 2015 HB 7017's text; 2017 HB 7207 amends
  sections 1 and 3 of Public Act 16-189; 2018 HB 5444 amends section 10-234bb "as amended by
  section 2 of public act 17-200"; 2017 HB 5233 proposes to repeal Public Act 16-189;
* three invented 2015 bills join the bulk files: SB 1021, the Senate companion of HB 7017
  (near-identical text, no watchlist keyword in its title, purpose or subjects); HB 6950,
  which amends other sections (10-15b, which HB 7017 also amends, and 10-220); HB 6999, a
  look-alike sharing only the bills' formulas (enacting clause, effective dates, amending
  formula) that must match nothing;
* the site's public-act lookup (``cgabillstatus.asp?selBillType=Public+Act&which_year=2016
  &bill_num=189``) answers with the status page of the bill that became the act: one copy
  per act under ``asp/cgabillstatus/{year}/PA{nnnnn}.html``.

The texts are paraphrases written for this copy, not the bills' real wording; the 2015
bills above and every name in them are invented.
"""

from __future__ import annotations

from types import SimpleNamespace

DEFINITIONS_7017 = [
    "(1) \u201cContractor\u201d means an operator or consultant that, because of a contract "
    "with a local or regional board of education, holds or may reach student information, "
    "student records or student-generated content;",
    "(2) \u201cOperator\u201d means a person who runs an Internet web site, online service or "
    "mobile application knowing that it is used mainly for school purposes;",
    "(3) \u201cSchool purposes\u201d means purposes that customarily take place at the "
    "direction of a teacher or a board of education, including instruction, administration "
    "and communication with students and parents;",
    "(4) \u201cStudent information\u201d means personally identifiable information about a "
    "student, in any medium or format, that is not publicly available; and",
    "(5) \u201cStudent-generated content\u201d means material a student creates, such as essays, "
    "research papers, portfolios, creative writing, audio files or photographs, but not "
    "answers to a standardized assessment.",
]

OPERATORS = (
    "An operator shall not knowingly (1) use information gathered through its site, service "
    "or application to aim advertising at students, or (2) sell, rent or trade student "
    "information."
)


def contracts(date: str) -> str:
    return (
        f"(a) On and after {date}, a local or regional board of education that shares student "
        "information, student records or student-generated content with a contractor shall do "
        "so only under a written contract. Each contract shall state (1) that the information "
        "remains the property of the board, (2) how the board may ask for the information to "
        "be deleted, (3) that the contractor may use the information only for the purposes "
        "the contract allows, (4) how the contractor will tell the board about a breach of "
        "security, and (5) that the contractor will delete the information when the contract "
        "ends."
    )


VOID = "(b) A contract term that conflicts with this section is void."


def breach(hours: str) -> str:
    return (
        "(c) Upon discovering a breach of security that results in the unauthorized release of "
        "student information, a contractor shall notify the board of education without "
        f"unreasonable delay, but not more than {hours} after such discovery."
    )


def hb5469(substitute: bool) -> list[str]:
    eff = "(<i>Effective October 1, 2016</i>)"
    notice = (
        "Each board shall post on its Internet web site, within five business days, notice of "
        "any contract made under section 3 of this act"
    )
    if substitute:
        notice += ", and shall notify the parents or guardians of the students concerned"
    return [
        f"<b>Section 1.</b> (NEW) {eff} As used in this section and sections 2 to 5, "
        "inclusive, of this act:",
        *DEFINITIONS_7017,
        f"<b>Sec. 2.</b> (NEW) {eff} {OPERATORS}",
        f"<b>Sec. 3.</b> (NEW) {eff} {contracts('October 1, 2016')}",
        VOID,
        breach("forty-eight hours"),
        f"<b>Sec. 4.</b> (NEW) {eff} {notice}.",
        "<b>Sec. 5.</b> (<i>Effective from passage</i>) There is established a task force to "
        "study issues relating to student data privacy. The task force shall report its "
        "findings to the joint standing committee of the General Assembly having cognizance "
        "of matters relating to education not later than January 1, 2017.",
    ]


def hb7207(substitute: bool) -> list[str]:
    eff = "(<i>Effective July 1, 2017</i>)"
    out = [
        "<b>Section 1.</b> Section 1 of public act 16-189 is repealed and the following is "
        f"substituted in lieu thereof {eff}:",
        "As used in this section and sections 2 to 5, inclusive, of public act 16-189, as "
        "amended by this act:",
        *DEFINITIONS_7017[:4],
        DEFINITIONS_7017[4].replace(" assessment.", " assessment; and"),
        "<u>(6) \u201cDe-identified student information\u201d means student information from "
        "which every direct and indirect identifier has been removed.</u>",
        "<b>Sec. 2.</b> Subsections (a) and (c) of section 3 of public act 16-189 are repealed "
        f"and the following is substituted in lieu thereof {eff}:",
        contracts("[October 1, 2016] <u>July 1, 2018</u>"),
        breach("[forty-eight hours] <u>two business days</u>"),
    ]
    if substitute:
        out.append(
            f"<b>Sec. 3.</b> {eff} Not later than September 1, 2017, each local and regional "
            "board of education shall post on its Internet web site the contracts it has "
            "entered into under section 3 of public act 16-189, as amended by this act."
        )
    return out


HB5444 = [
    "<b>Section 1.</b> Section 10-234bb of the 2018 supplement to the general statutes, as "
    "amended by section 2 of public act 17-200, is amended by adding subsection (g) as follows "
    "(<i>Effective July 1, 2018</i>):",
    "<u>(g) The Commission for Educational Technology shall develop a uniform student data "
    "privacy terms-of-service agreement addendum that contractors may sign to meet the "
    "requirements of this section. A board of education may rely on a contractor\u2019s "
    "signed addendum in place of negotiating the terms of each contract.</u>",
    "<b>Sec. 2.</b> Subsection (a) of section 10-234cc of the 2018 supplement to the general "
    "statutes is repealed and the following is substituted in lieu thereof (<i>Effective July "
    "1, 2018</i>):",
    "(a) An operator shall [protect] <u>implement and maintain security procedures and "
    "practices designed to protect</u> student information, student records and "
    "student-generated content from unauthorized access, destruction, use, modification or "
    "disclosure.",
]

HB5233 = ["That public act 16-189 be repealed."]

HB6950 = [
    "<b>Section 1.</b> Subsection (a) of section 10-15b of the general statutes is repealed "
    "and the following is substituted in lieu thereof (<i>Effective October 1, 2015</i>):",
    "(a) A parent or guardian may [inspect] <u>inspect and copy</u> the school records of his "
    "or her child at any reasonable time during school hours, and the school shall answer a "
    "written request within ten school days.",
    "<b>Sec. 2.</b> Section 10-220 of the general statutes is amended by adding subsection (k) "
    "as follows (<i>Effective October 1, 2015</i>):",
    "<u>(k) Each board shall report each year to the Commissioner of Education the number of "
    "requests to inspect school records it received and how many it answered late.</u>",
]

# Shares with HB 7017 only the bills' formulas: the enacting clause (in the front matter),
# "(NEW) (Effective October 1, 2015)", "As used in this section", the amending formula,
# "of the general statutes", the committee of cognizance, "board of education".
HB6999 = [
    "<b>Section 1.</b> (NEW) (<i>Effective October 1, 2015</i>) As used in this section, "
    "\u201cschool bus\u201d has the meaning given in section 14-275 of the general statutes and "
    "\u201cdriver\u201d means a person who holds an endorsement to drive a school bus.",
    "<b>Sec. 2.</b> Section 14-276a of the general statutes is repealed and the following is "
    "substituted in lieu thereof (<i>Effective October 1, 2015</i>):",
    "(a) Each driver shall complete [four] <u>six</u> hours of safety training each year, "
    "including practice in evacuating a bus with a local or regional board of education.",
    "<b>Sec. 3.</b> (NEW) (<i>Effective October 1, 2015</i>) The Commissioner of Motor "
    "Vehicles shall report on the training to the joint standing committee of the General "
    "Assembly having cognizance of matters relating to transportation not later than "
    "January 1, 2016.",
]


def _companion_text(hb7017_r01: list[str]) -> list[str]:
    # The Senate's copy of HB 7017's substitute, a few words apart.
    out = [p.replace("within five business days", "within seven business days") for p in hb7017_r01]
    return [p.replace("mainly for school purposes", "primarily for school purposes") for p in out]


def extend(bills: list, site, ns: dict) -> list:
    """Give the chain its lineage texts, add the 2015 bills and the act lookup pages;
    returns ``bills`` (changed in place)."""
    b = SimpleNamespace(**ns)
    d = b.d
    by_id = {(x.year, x.padded): x for x in bills}

    hb7017 = by_id[(2015, "HB07017")]
    bill_5469 = by_id[(2016, "HB05469")]
    t = {x.rev + x.kind: x for x in bill_5469.texts}
    t["R00raised"].body = hb5469(substitute=False)
    t["R01substitute"].body = hb5469(substitute=True)

    bill_7207 = by_id[(2017, "HB07207")]
    t = {x.rev + x.kind: x for x in bill_7207.texts}
    t["R00raised"].body = hb7207(substitute=False)
    t["R01substitute"].body = hb7207(substitute=True)

    bill_5444 = by_id[(2018, "HB05444")]
    next(x for x in bill_5444.texts if x.kind == "raised").body = HB5444

    ed = [("Education Committee", None)]
    bills.append(b.Bill(
        2017, "HB", 5233, "AN ACT REPEALING THE STUDENT DATA PRIVACY ACT OF 2016.",
        "To repeal public act 16-189.",
        "ED", "H.B. No. 5233", [b.PLACEHOLDER_REP],
        events=[b.referred(d("1/19/2017"), "ED")],
        texts=[b.Text("proposed", "R00", 1530, d("1/19/2017"), HB5233)],
        note="proposed repeal of Public Act 16-189; referred, no further action",
    ))

    r01 = next(x for x in hb7017.texts if x.rev == "R01" and x.body).body
    bills.append(b.Bill(
        2015, "SB", 1021, "AN ACT CONCERNING CONTRACTS FOR ONLINE SERVICES USED BY SCHOOLS.",
        "To set the terms of contracts under which boards of education share information "
        "with the operators of school web sites and applications.",
        "ED", "Raised S.B. No. 1021", ed,
        events=[
            b.referred(d("3/12/2015"), "ED"),
            b.hearing(d("3/16/2015"), "ED", d("3/19/2015")),
        ],
        texts=[b.Text("raised", "R00", 4077, d("3/12/2015"), _companion_text(r01))],
        subjects=["EDUCATION", "CONTRACTS", "INTERNET"],
        note="lineage: Senate companion of HB 7017 (near-identical text, no watchlist keyword)",
    ))
    bills.append(b.Bill(
        2015, "HB", 6950, "AN ACT CONCERNING ACCESS TO SCHOOL RECORDS.",
        "To let parents copy school records and have boards report late answers.",
        "ED", "Raised H.B. No. 6950", ed,
        events=[b.referred(d("3/5/2015"), "ED")],
        texts=[b.Text("raised", "R00", 3550, d("3/5/2015"), HB6950)],
        subjects=["EDUCATION", "SCHOOLS", "RECORDS"],
        note="lineage: amends 10-15b (as HB 7017 does) and 10-220",
    ))
    bills.append(b.Bill(
        2015, "HB", 6999, "AN ACT CONCERNING SCHOOL BUS DRIVER TRAINING.",
        "To require more safety training for school bus drivers.",
        "TRA", "Raised H.B. No. 6999", [("Transportation Committee", None)],
        events=[b.referred(d("3/6/2015"), "TRA")],
        texts=[b.Text("raised", "R00", 3611, d("3/6/2015"), HB6999)],
        subjects=["TRANSPORTATION", "SCHOOL BUSES"],
        note="lineage: a look-alike sharing only the bills' formulas; related to nothing",
    ))

    # The public-act lookup answers with the status page of the act's bill.
    for bill in bills:
        act = next((e.csv[1] for e in bill.events if e.csv[0] == "PUBLIC ACT"), None)
        if not act or bill.status != "normal":
            continue
        number = act.split("-")[1]
        page = b.status_page(bill).replace("\n", b.CRLF).encode("ascii", "xmlcharrefreplace")
        site.put(f"/asp/cgabillstatus/{bill.year}/PA{int(number):05d}.html", page,
                 bill.events[-1].day)
    return bills
