"""spiders/status_page.py against recorded status pages (tests/pages/status/, no network).

Each page's header comment says what it mirrors (docs/cga-site.md, "Status page") and what
is invented.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from parsel import Selector

from cga.documents import (
    classify_document,
    file_number,
    lco_number,
    public_act_number,
    revision,
)
from cga.records import BillNotFound, DocumentLink, HistoryRow, PageError
from cga.vocab import DOCUMENT_KINDS
from spiders.status_page import parse_status_page

PAGES = Path(__file__).parent / "pages" / "status"
SITE = "https://www.cga.ct.gov"
STATUS = f"{SITE}/asp/cgabillstatus/cgabillstatus.asp?selBillType=Bill"
URL_2016 = f"{STATUS}&which_year=2016&bill_num=5469"


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def substitute():
    return parse_status_page(page("substitute-all-blocks.html"), URL_2016)


# ---------------------------------------------------------------- modern page, every block


def test_header_title_purpose(substitute):
    assert substitute.bill_label == "Substitute for Raised H.B. No. 5469"
    assert substitute.session == 2016
    assert substitute.title == "AN ACT CONCERNING STUDENT DATA PRIVACY."
    # whitespace and &nbsp; inside the paragraph collapse to single spaces
    assert substitute.statement_of_purpose == (
        "To establish requirements for contracts between local and regional boards of "
        "education and student information, student record and student-generated content "
        "providers."
    )


def test_committee_introducer_and_cosponsors(substitute):
    assert substitute.introducers == ["Education Committee"]
    # links and plain text from both columns, in page order; the amendment's co-sponsor
    # ("Co-sponsors for Amendment LCO:") is not a bill co-sponsor
    assert substitute.cosponsors == [
        "Rep. Mitch Bolinsky, 106th Dist.",
        "Rep. Gail Lavielle, 143rd Dist.",
        "Rep. Noreen S. Kokoruda, 101st Dist.",
        "Sen. Toni Boucher, 26th Dist.",
    ]


def test_documents_every_block(substitute):
    def link(block, label, path, *alts):
        return DocumentLink(block, label, SITE + path, [SITE + a for a in alts])

    assert substitute.documents == [
        link(
            "Text of Bill",
            "Public Act No. 16-189",
            "/2016/ACT/pa/2016PA-00189-R00HB-05469-PA.htm",
            "/2016/ACT/pa/pdf/2016PA-00189-R00HB-05469-PA.pdf",
        ),
        link(
            "Text of Bill",
            "File No. 394",  # "File&nbsp;No.&nbsp;394" on the page
            "/2016/FC/2016HB-05469-R000394-FC.htm",
            "/2016/FC/pdf/2016HB-05469-R000394-FC.pdf",
        ),
        link(
            "Text of Bill",
            "ED Joint Favorable Substitute",
            "/2016/TOB/h/2016HB-05469-R01-HB.htm",
            "/2016/TOB/h/pdf/2016HB-05469-R01-HB.pdf",
        ),
        link(
            "Text of Bill",
            "Raised Bill",  # label split over two lines on the page
            "/2016/TOB/h/2016HB-05469-R00-HB.htm",
            "/2016/TOB/h/pdf/2016HB-05469-R00-HB.pdf",
        ),
        link("Committee Actions", "ED Joint Fav. Rpt", "/2016/JFR/h/2016HB-05469-R00ED-JFR.htm"),
        link(
            "Committee Actions",
            "ED Vote Tally Sheet (Joint Favorable Substitute)",
            "/2016/TS/h/2016HB-05469-R00ED-CV37-TS.htm",
        ),
        link(
            "Fiscal Notes",
            "Fiscal Note For File Copy 394",
            "/2016/FN/2016HB-05469-R000394-FN.htm",
            "/2016/FN/pdf/2016HB-05469-R000394-FN.pdf",
        ),
        link(
            "Bill Analyses", "OLR Public Act Summary", "/2016/SUM/2016SUM00189-R02HB-05469-SUM.htm"
        ),
        # the label is plain text and only [pdf] is a link: the pdf becomes the url
        link(
            "Bill Analyses",
            "Bill Analysis For File Copy 394",
            "/2016/BA/pdf/2016HB-05469-R000394-BA.pdf",
        ),
        link(
            "Called Amendments",
            "House Schedule A LCO# 7312 (R)",
            "/2016/amd/H/pdf/2016HB-05469-R00HA-AMD.pdf",
        ),
        link("Uncalled Amendments", "LCO No. 5102", "/2016/lcoamd/2016LCO05102-R00-AMD.htm"),
        link(
            "Vote Tally Sheets",
            "Senate Roll Call Vote 493",
            "/2016/VOTE/S/2016SV-00493-R00HB05469-SV.htm",
        ),
        link(
            "Vote Tally Sheets",
            "House Roll Call Vote 188 AS AMENDED",
            "/2016/VOTE/H/2016HV-00188-R00HB05469-HV.htm",
        ),
    ]


def test_history_newest_first_with_codes(substitute):
    assert substitute.history == [
        HistoryRow("2016-06-09", None, "Signed by the Governor"),
        HistoryRow("2016-05-27", None, "Transmitted by Secretary of the State to Governor"),
        HistoryRow("2016-05-20", "LCO", "Public Act 16-189"),
        HistoryRow("2016-05-04", None, "In Concurrence"),
        HistoryRow("2016-05-04", None, "Senate Passed"),
        HistoryRow("2016-04-26", None, "House Passed as Amended by House Amendment Schedule A"),
        HistoryRow("2016-04-26", None, "House Adopted House Amendment Schedule A 7312"),
        HistoryRow("2016-04-07", None, "House Calendar Number 268"),
        HistoryRow("2016-04-07", None, "Favorable Report, Tabled for the Calendar, House"),
        HistoryRow("2016-04-06", "LCO", "File Number 394"),
        HistoryRow("2016-04-05", "LCO", "Reported Out of Legislative Commissioners' Office"),
        HistoryRow("2016-03-29", "LCO", "Filed with Legislative Commissioners' Office"),
        # "(ED) Joint Favorable Substitute" in the text cell: the code moves to `code`
        HistoryRow("2016-03-18", "ED", "Joint Favorable Substitute"),
        HistoryRow("2016-02-26", None, "Public Hearing 03/02"),
        HistoryRow("2016-02-24", None, "Referred to Joint Committee on Education"),
    ]


def test_complete_page_has_no_problems(substitute):
    assert substitute.problems == []


def test_document_kinds_of_the_substitute_page(substitute):
    kinds = [classify_document(d.block, d.label, d.url) for d in substitute.documents]
    assert kinds == [
        "public_act",
        "file_copy",
        "text",
        "text",
        "committee_report",
        "vote_tally",
        "fiscal_note",
        "summary",
        "bill_analysis",
        "amendment",
        "amendment",
        "roll_call",
        "roll_call",
    ]


def test_amendment_cosponsors_stay_out_under_any_heading_tag():
    html = page("substitute-all-blocks.html").replace(
        "<h5>Co-sponsors for Amendment LCO: 7312</h5>",
        "<p><strong>Co-sponsors for Amendment LCO: 7312</strong></p>",
    )
    parsed = parse_status_page(html, URL_2016)
    assert parsed.cosponsors[-1] == "Sen. Toni Boucher, 26th Dist."
    assert "Rep. Pat Example, 99th Dist." not in parsed.cosponsors


def test_empty_cosponsor_section_is_not_a_problem():
    html = page("substitute-all-blocks.html")
    start = html.index("<h5>Co-sponsors of HB-5469</h5>")
    names = html.index('<div class="large-6 medium-6 columns">', start)
    end = html.index("<h5>Co-sponsors for Amendment", start)
    parsed = parse_status_page(html[:names] + "</div></div>" + html[end:], URL_2016)
    assert parsed.cosponsors == []
    assert parsed.problems == []


def test_document_row_without_any_link_is_a_problem():
    html = page("member-introducers.html").replace(
        '<a href="/2026/amd/S/pdf/2026SB-00298-R00HD-AMD.pdf">House Schedule D LCO# 2413 (R)</a>',
        "House Schedule D LCO# 2413 (R)",
    )
    parsed = parse_status_page(html, URL_2016)
    assert [d.block for d in parsed.documents] == ["Text of Bill", "Text of Bill"]
    assert parsed.problems == [
        "document row without a link in 'Called Amendments': 'House Schedule D LCO# 2413 (R)'"
    ]


def test_relative_links_resolve_against_the_page_url():
    other_host = "https://prdext3.cga.ct.gov/asp/CGABillStatus/cgabillstatus.asp?bill_num=HB5469"
    parsed = parse_status_page(page("substitute-all-blocks.html"), other_host)
    assert parsed.documents[0].url == (
        "https://prdext3.cga.ct.gov/2016/ACT/pa/2016PA-00189-R00HB-05469-PA.htm"
    )


# ---------------------------------------------------------------- introducers


def test_member_link_introducers_and_doc_links():
    url = f"{STATUS}&which_year=2026&bill_num=298"
    parsed = parse_status_page(page("member-introducers.html"), url)
    assert parsed.bill_label == "S.B. No. 298"
    assert parsed.session == 2026
    assert parsed.title == "AN ACT CONCERNING THE REALLOCATION OF CERTAIN STATE FUNDS."
    assert parsed.statement_of_purpose is None  # <p class="text-justify"></p>
    assert parsed.introducers == [
        "Sen. Martin M. Looney, 11th Dist.",
        "Rep. Matthew Ritter, 1st Dist.",
    ]
    assert parsed.cosponsors == []
    assert parsed.documents == [
        DocumentLink(
            "Text of Bill",
            "Public Act No. 26-1",
            f"{SITE}/2026/ACT/PA/PDF/2026PA-00001-R00SB-00298-PA.PDF",
            ["https://search.cga.state.ct.us/dl2026/PA/DOC/2026PA-00001-R00SB-00298-PA.DOCX"],
        ),
        DocumentLink(
            "Text of Bill",
            "New Bill",
            f"{SITE}/2026/TOB/S/PDF/2026SB-00298-R00-SB.PDF",
            ["https://search.cga.state.ct.us/dl2026/tob/doc/2026SB-00298-R00-SB.docx"],
        ),
        DocumentLink(
            "Called Amendments",
            "House Schedule D LCO# 2413 (R)",
            f"{SITE}/2026/amd/S/pdf/2026SB-00298-R00HD-AMD.pdf",
            [],
        ),
    ]
    assert [(r.date, r.code, r.text) for r in parsed.history[:2]] == [
        ("2026-05-15", None, "Transmitted to the Secretary of State"),
        ("2026-03-05", "LCO", "Public Act 26-1"),
    ]
    assert parsed.history[-1] == HistoryRow("2026-02-25", None, "Senate Passed")
    assert len(parsed.history) == 7
    assert parsed.problems == []


def test_committee_as_plain_text_introducer():
    parsed = parse_status_page(page("committee-introducer.html"), URL_2016)
    assert parsed.bill_label == "Substitute for Raised H.B. No. 5001"
    assert parsed.introducers == ["Government Administration and Elections Committee"]
    assert parsed.statement_of_purpose == (
        "To remove the statutory restrictions on eligibility for absentee voting."
    )
    assert parsed.history == [
        HistoryRow(
            "2026-03-06",
            None,
            "Referred to Joint Committee on Government Administration and Elections",
        )
    ]
    assert parsed.problems == []


# ---------------------------------------------------------------- damaged and odd pages


def test_truncated_mid_history_keeps_what_it_has():
    parsed = parse_status_page(page("truncated.html"), URL_2016)
    assert parsed.bill_label == "Substitute for S.B. No. 1234"
    assert parsed.introducers == ["Sen. Pat Sample, 19th Dist."]
    assert [d.label for d in parsed.documents] == ["File No. 315", "Raised Bill"]
    # the last row stops mid-text: dropped and reported, never stored half-written
    assert [(r.date, r.code, r.text) for r in parsed.history] == [
        ("2024-04-15", None, "Senate Calendar Number 196"),
        ("2024-04-15", None, "Favorable Report, Tabled for the Calendar, Senate"),
        ("2024-04-10", "LCO", "File Number 315"),
        ("2024-04-09", "LCO", "Reported Out of Legislative Commissioners' Office"),
    ]
    assert parsed.problems == [
        "page ends before </html>: truncated?",
        "last Bill History row cut off by truncation: "
        "'4/8/2024 | (LCO) | Referred to Office of Legislative Research and Office of Fis'",
    ]


def test_truncated_before_the_history_table():
    html = page("substitute-all-blocks.html")
    cut = html[: html.index('<h4 style="padding-left:10px">Bill History')]
    parsed = parse_status_page(cut, URL_2016)
    assert len(parsed.documents) == 13
    assert parsed.history == []
    assert parsed.problems == ["page ends before </html>: truncated?", "no Bill History table"]


def test_truncated_before_any_table():
    html = page("substitute-all-blocks.html")
    cut = html[: html.index("<table summary='Status of bills'")]
    parsed = parse_status_page(cut, URL_2016)
    assert parsed.title == "AN ACT CONCERNING STUDENT DATA PRIVACY."
    assert parsed.documents == []
    assert parsed.problems == [
        "page ends before </html>: truncated?",
        "no document tables",
        "no Bill History table",
    ]


def test_complete_row_at_the_cut_is_kept():
    html = page("committee-introducer.html")
    cut = html[: html.rindex("</tbody>")]  # the history row is closed with </tr>
    parsed = parse_status_page(cut, URL_2016)
    assert [r.date for r in parsed.history] == ["2026-03-06"]
    assert parsed.problems == ["page ends before </html>: truncated?"]


def test_not_found_page_raises_bill_not_found():
    with pytest.raises(BillNotFound, match="bill_num=5469"):
        parse_status_page(page("not-found.html"), URL_2016)


def test_page_without_session_header_is_an_error_not_an_empty_bill():
    with pytest.raises(PageError) as info:
        parse_status_page(page("error-page.html"), URL_2016)
    assert URL_2016 in str(info.value)
    assert "no 'Session Year' header" in str(info.value)
    with pytest.raises(PageError):
        parse_status_page("", URL_2016)


def test_page_without_tables_lists_problems():
    parsed = parse_status_page(page("no-tables.html"), URL_2016)
    assert parsed.bill_label == "Proposed H.B. No. 5999"
    assert parsed.title == "AN ACT CONCERNING STUDENT DATA."
    assert parsed.statement_of_purpose is None  # only whitespace
    assert parsed.introducers == ["Rep. Pat Example, 99th Dist."]
    assert parsed.documents == []
    assert parsed.history == []
    assert parsed.problems == ["no document tables", "no Bill History table"]


def test_missing_title_and_introducers_are_problems():
    html = page("committee-introducer.html")
    html = html.replace("<h4>AN ACT CONCERNING ABSENTEE VOTING FOR ALL.</h4>", "")
    html = html.replace("<h5>Introduced by: </h5>", "")
    parsed = parse_status_page(html, URL_2016)
    assert parsed.title == ""
    assert parsed.introducers == []
    assert parsed.problems == ["no title (h4)", "no 'Introduced by:' section"]


def test_unparseable_history_dates_are_skipped_and_reported():
    html = page("member-introducers.html")
    html = html.replace("<td>3/3/2026</td>", "<td>13/3/2026</td>")
    html = html.replace("<td>2/27/2026</td>", "<td>TBD</td>")
    parsed = parse_status_page(html, URL_2016)
    assert [r.text for r in parsed.history] == [
        "Transmitted to the Secretary of State",
        "Public Act 26-1",
        "In Concurrence",
        "House Passed",
        "Senate Passed",
    ]
    assert parsed.problems == [
        "unparseable Bill History row (date): '13/3/2026 | Signed by Governor in Original'",
        "unparseable Bill History row (date): 'TBD | Rules Suspended, Transmitted to the Governor'",
    ]


def test_history_table_dropped_by_lxml_is_recovered():
    html = page("history-dropped-by-lxml.html")
    # precondition: lxml really loses the table on this page
    assert Selector(text=html).xpath("//table[@summary='Bill history']") == []
    parsed = parse_status_page(html, URL_2016)
    assert parsed.history == [
        HistoryRow("2016-03-02", None, "Public Hearing 03/07"),
        HistoryRow("2016-02-25", None, "Referred to Joint Committee on Education"),
    ]
    assert [d.label for d in parsed.documents] == ["Raised Bill"]
    # the co-sponsors after the history are lost with it: said, not hidden
    assert parsed.cosponsors == []
    assert parsed.problems == ["co-sponsors lost: 'Co-sponsors of' is in the html, not in the tree"]


def test_older_layout():
    url = f"{STATUS}&bill_num=876&which_year=2009"
    parsed = parse_status_page(page("old-layout-2009.html"), url)
    assert parsed.bill_label == "Raised S.B. No. 876"
    assert parsed.session == 2009
    assert parsed.title == "AN ACT CONCERNING THE CONFIDENTIALITY OF STUDENT RECORDS."
    assert parsed.statement_of_purpose == (
        "To protect the confidentiality of student records held by boards of education."
    )
    assert parsed.introducers == ["SEN. DOE, 99th Dist.", "REP. ROE, 150th Dist."]
    assert parsed.cosponsors == ["SEN. DOE, 99th Dist.", "SEN. COE, 98th Dist."]
    assert [(d.block, d.label, d.url, d.alt_urls) for d in parsed.documents] == [
        (
            "Text of Bill",
            "File No. 512",
            f"{SITE}/2009/FC/2009SB-00876-R000512-FC.htm",
            [f"{SITE}/2009/FC/pdf/2009SB-00876-R000512-FC.pdf"],
        ),
        (
            "Text of Bill",
            "JUD Joint Favorable Substitute",
            f"{SITE}/2009/TOB/S/2009SB-00876-R01-SB.htm",
            [f"{SITE}/2009/TOB/S/pdf/2009SB-00876-R01-SB.pdf"],
        ),
        (
            "Text of Bill",
            "Raised Bill",  # its href carries the """ quoting bug
            f"{SITE}/2009/TOB/S/2009SB-00876-R00-SB.htm",
            [f"{SITE}/2009/TOB/S/pdf/2009SB-00876-R00-SB.pdf"],
        ),
        (
            "Vote Tally Sheets",
            "Senate Roll Call Vote 321",
            f"{SITE}/2009/VOTE/S/2009SV-00321-R00SB00876-SV.htm",
            [],
        ),
    ]
    assert parsed.history == [
        HistoryRow("2009-04-21", None, "Senate Passed"),
        HistoryRow("2009-04-14", None, "Senate Calendar Number 412"),
        HistoryRow("2009-04-02", "LCO", "File Number 512"),
        HistoryRow("2009-03-20", "JUD", "Joint Favorable Substitute"),
    ]
    assert parsed.problems == []


# ---------------------------------------------------------------- classification

CLASSIFY_CASES = [
    # URL path evidence (any case)
    ("Text of Bill", "Raised Bill", "/2016/TOB/h/2016HB-05469-R00-HB.htm", "text"),
    (
        "Text of Bill",
        "New Bill",
        "https://search.cga.state.ct.us/dl2026/tob/doc/2026SB-00298-R00-SB.docx",
        "text",
    ),
    ("Text of Bill", "File No. 44", "/2026/FC/pdf/2026SB-00093-R000044-FC.PDF", "file_copy"),
    (
        "Text of Bill",
        "Public Act No. 22-15",
        "/2022/ACT/PA/PDF/2022PA-00015-R00SB-00006-PA.PDF",
        "public_act",
    ),
    (
        "Text of Bill",
        "Public Act No. 26-1",
        "https://search.cga.state.ct.us/dl2026/PA/DOC/2026PA-00001-R00SB-00298-PA.DOCX",
        "public_act",
    ),
    (
        "Called Amendments",
        "House Schedule D LCO# 2413 (R)",
        "/2026/amd/S/pdf/2026SB-00298-R00HD-AMD.pdf",
        "amendment",
    ),
    ("Uncalled Amendments", "LCO No. 4141", "/2018/lcoamd/2018LCO04141-R00-AMD.htm", "amendment"),
    (
        "Fiscal Notes",
        "Fiscal Note For File Copy 95",
        "/2026/FN/pdf/2026SB-00001-R000095-FN.PDF",
        "fiscal_note",
    ),
    (
        "Bill Analyses",
        "Bill Analysis For File Copy 621",
        "/2025/BA/pdf/2025HB-07076-R000621-BA.PDF",
        "bill_analysis",
    ),
    (
        "Committee Actions",
        "ED Joint Fav. Rpt",
        "/2015/JFR/H/2015HB-07017-R00ED-JFR.htm",
        "committee_report",
    ),
    (
        "Vote Tally Sheets",
        "House Roll Call Vote 188 AS AMENDED",
        "/2023/VOTE/H/PDF/2023HV-00188-R00HB05001-HV.PDF",
        "roll_call",
    ),
    (
        "Bill Analyses",
        "OLR Public Act Summary",
        "/2017/SUM/2017SUM00200-R01HB-07207-SUM.htm",
        "summary",
    ),
    # the URL wins over a misleading block or label
    ("Text of Bill", "Raised Bill", "/2016/FC/2016HB-05469-R000394-FC.htm", "file_copy"),
    # no URL evidence: a single-kind block decides
    ("Called Amendments", "Senate Schedule B", "/asp/x.asp?id=1", "amendment"),
    ("Fiscal Notes", "For File Copy 95", "/asp/x.asp?id=2", "fiscal_note"),
    ("Bill Analyses", "For File Copy 95", "/asp/x.asp?id=3", "bill_analysis"),
    # no URL evidence, mixed block: the label decides
    (
        "Committee Actions",
        "ED Vote Tally Sheet (Joint Favorable Substitute)",
        "/asp/x.asp?id=4",
        "vote_tally",
    ),
    ("Committee Actions", "ED Joint Fav. Rpt", "/asp/x.asp?id=5", "committee_report"),
    ("Text of Bill", "Public Act No. 15-5", "/asp/x.asp?id=6", "public_act"),
    ("Text of Bill", "File No. 394", "/asp/x.asp?id=7", "file_copy"),
    ("Text of Bill", "ED Joint Favorable Substitute", "/asp/x.asp?id=8", "text"),
    ("Votes", "Senate Roll Call Vote 493", "/asp/x.asp?id=9", "roll_call"),
    ("Votes", "House Schedule A LCO# 7312 (R)", "/asp/x.asp?id=10", "amendment"),
    ("Other Documents", "OLR Public Act Summary", "/asp/x.asp?id=11", "summary"),
    # block default, then nothing
    ("Text of Bill", "Bill Text", "/asp/x.asp?id=12", "text"),
    (
        "Committee Actions",
        "Testimony",
        "/asp/menu/CommDocTmyBillAllComm.asp?bill=HB-07017&doc_year=2015",
        "other",
    ),
]


@pytest.mark.parametrize(("block", "label", "url", "kind"), CLASSIFY_CASES)
def test_classify_document(block, label, url, kind):
    assert classify_document(block, label, urljoin(SITE, url)) == kind


def test_classification_cases_cover_every_kind():
    assert {case[-1] for case in CLASSIFY_CASES} == set(DOCUMENT_KINDS)


# ---------------------------------------------------------------- number helpers


@pytest.mark.parametrize(
    ("label", "url", "expected"),
    [
        ("File No. 394", "", 394),
        ("File No.\xa0394", "", 394),
        ("Fiscal Note For File Copy 95", "", 95),
        ("", f"{SITE}/2026/FC/pdf/2026SB-00093-R000044-FC.PDF", 44),
        ("Bill Analysis", f"{SITE}/2025/BA/2025HB-07076-R000621-BA.htm", 621),
        ("Raised Bill", f"{SITE}/2016/TOB/h/2016HB-05469-R00-HB.htm", None),
        # testimony names carry R00 + a date, not a file number
        ("", f"{SITE}/2024/gldata/TMY/2024SB-00002-R000229-Bastian, Kenneth--TMY.PDF", None),
    ],
)
def test_file_number(label, url, expected):
    assert file_number(label, url) == expected


@pytest.mark.parametrize(
    ("label", "url", "expected"),
    [
        ("Public Act No. 15-5", "", "15-5"),
        ("(LCO) Public Act 24-19", "", "24-19"),
        ("Text", f"{SITE}/2015/ACT/PA/2015PA-00005-R00HB-05001-PA.htm", "15-5"),
        ("", f"{SITE}/2022/ACT/PA/PDF/2022PA-00015-R00SB-00006-PA.PDF", "22-15"),
        ("OLR Public Act Summary", f"{SITE}/2016/SUM/2016SUM00189-R02HB-05469-SUM.htm", "16-189"),
        ("File No. 394", f"{SITE}/2016/FC/2016HB-05469-R000394-FC.htm", None),
    ],
)
def test_public_act_number(label, url, expected):
    assert public_act_number(label, url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"{SITE}/2015/TOB/h/2015HB-07017-R01-HB.htm", "R01"),
        (f"{SITE}/2016/TOB/h/pdf/2016HB-05469-R00-HB.pdf", "R00"),
        (f"{SITE}/2026/FC/pdf/2026SB-00093-R000044-FC.PDF", "R00"),
        (f"{SITE}/2016/SUM/2016SUM00189-R02HB-05469-SUM.htm", "R02"),
        (f"{SITE}/asp/cgabillstatus/cgabillstatus.asp?bill_num=5469", None),
    ],
)
def test_revision(url, expected):
    assert revision(url) == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("House Schedule A LCO# 7312 (R)", 7312),
        ("LCO No. 7312", 7312),
        ("Senate LCO #4903", 4903),
        ("House Schedule D LCO#2413", 2413),
        ("Public Act No. 15-5", None),
    ],
)
def test_lco_number(label, expected):
    assert lco_number(label) == expected


def test_a_page_nested_deeper_than_the_parser_says_so():
    depth = 3000  # lxml keeps 2048 levels and drops the rest
    html = (
        "<html><body>"
        + "<div>" * depth
        + "<h3><strong>S.B. No. 1 </strong><br>Session Year 2015</h3>"
        + "</div>" * depth
        + "</body></html>"
    )
    with pytest.raises(PageError) as err:
        parse_status_page(html, URL_2016)
    message = str(err.value)
    assert "'Session Year' header is in its HTML but not in the parsed tree" in message
    assert "nested deeper than the parser follows" in message
