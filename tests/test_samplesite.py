"""The offline copy of cga.ct.gov and its server (billwatch/samplesite.py).

Only 127.0.0.1 is contacted.  Each test that depends on a fault's "first request" starts
its own server, since fault state lives in the server object.
"""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest

import cga
from billwatch.samplesite import (
    DEFAULT_FAULTS,
    FAULTS,
    MAX_SLEEP,
    SampleSite,
    bill_key,
    faults_from_specs,
    parse_fault,
    running,
    serve,
    status_page_key,
)
from spiders.testimony import parse_testimony_listing

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample-site"
STATUS = "/asp/cgabillstatus/cgabillstatus.asp"
HB7017 = f"{STATUS}?selBillType=Bill&which_year=2015&bill_num=7017"
HB5712 = f"{STATUS}?selBillType=Bill&which_year=2015&bill_num=5712"
SHORT = "/2015/FC/2015HB-06688-R000431-FC.htm"
BANNER = "Sample data \u2014 billwatch offline copy, not the live site"


class Got:
    def __init__(self, status: int, headers: dict[str, str], body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("cp1252")


def fetch(
    server: SampleSite, path: str, headers: dict[str, str] | None = None, method: str = "GET"
) -> Got:
    host, port = server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        conn.request(method, path, headers=headers or {})
        resp = conn.getresponse()
        body = resp.read()
        return Got(resp.status, {k.lower(): v for k, v in resp.getheaders()}, body)
    finally:
        conn.close()


@pytest.fixture
def site() -> Iterator[SampleSite]:
    server, thread = serve(SAMPLE)
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def clean_site() -> Iterator[SampleSite]:
    """The copy without transport faults (content faults remain)."""
    server, thread = serve(SAMPLE, faults={})
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


def expected_errors() -> dict[str, str]:
    out = {}
    for line in (SAMPLE / "EXPECTED-ERRORS.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            path, why = line.split("\t")
            out[path] = why
    return out


# ------------------------------------------------------------------ the ASP scripts


@pytest.mark.parametrize(
    "query",
    [
        "selBillType=Bill&which_year=2015&bill_num=HB7017",
        "selBillType=Bill&which_year=2015&bill_num=HB07017",
        "selBillType=Bill&which_year=2015&bill_num=hb07017",
        "bill_num=7017&which_year=2015&selBillType=Bill",  # parameters in any order
        "selBillType=Bill&bill_num=HB7017",  # which_year missing: the current session
        "SELBILLTYPE=Bill&WHICH_YEAR=2015&BILL_NUM=Hb7017",
    ],
)
def test_bill_num_spellings_give_the_same_page(site, query):
    reference = fetch(site, HB7017)
    got = fetch(site, f"{STATUS}?{query}")
    assert reference.status == got.status == 200
    assert got.body == reference.body
    assert "AN ACT CONCERNING STUDENT DATA PRIVACY." in got.text


@pytest.mark.parametrize(
    "path",
    [
        "/ASP/CGABillStatus/CGABillStatus.asp",
        "/asp/CGABillStatus/cgabillstatus.asp",
        "/ASP/CGABILLSTATUS/CGABILLSTATUS.ASP",
    ],
)
def test_script_path_is_case_insensitive(site, path):
    got = fetch(site, f"{path}?selBillType=Bill&which_year=2015&bill_num=7017")
    assert got.body == fetch(site, HB7017).body


@pytest.mark.parametrize(
    "query",
    [
        "selBillType=Bill&which_year=2015&bill_num=9999",  # no such bill
        "selBillType=Bill&which_year=2015&bill_num=601",  # in bill_info.csv, not in the "DB"
        "selBillType=Bill&which_year=1999&bill_num=7017",  # no such session in the copy
        "selBillType=Bill&which_year=2015&bill_num=XYZ",
        "selBillType=Bill&which_year=2015",
    ],
)
def test_unknown_bill_gets_the_not_found_page(site, query):
    got = fetch(site, f"{STATUS}?{query}")
    assert got.status == 200
    assert "Bill not found in Database" in got.text
    assert "Session Year" not in got.text


def test_sb_601_is_in_the_bulk_file_but_not_found(site):
    info = fetch(site, "/pub/data/bill_info.csv").body
    assert b"\r\nSB00601," in info
    got = fetch(site, f"{STATUS}?selBillType=Bill&which_year=2015&bill_num=601")
    assert "Bill not found in Database" in got.text


@pytest.mark.parametrize(
    ("spelling", "key"),
    [
        ("7017", "HB07017"),
        ("HB7017", "HB07017"),
        ("HB07017", "HB07017"),
        ("hb-07017", "HB07017"),
        ("601", "SB00601"),
        ("2", "SB00002"),
        ("SB2", "SB00002"),
        ("5001", "HB05001"),
        ("HJ12", "HJ00012"),
        ("", None),
        ("0", None),
        ("HB", None),
        ("123456", None),
    ],
)
def test_bill_key(spelling, key):
    assert bill_key(spelling) == key


def test_status_page_key_defaults_to_the_current_session():
    assert status_page_key("bill_num=7017") == "asp/cgabillstatus/2015/hb07017.html"
    assert status_page_key("bill_num=5469&which_year=2016", current=2015).startswith(
        "asp/cgabillstatus/2016/"
    )


def test_testimony_listing_accepts_padded_and_unpadded_bill(site):
    padded = fetch(site, "/asp/menu/CommDocTmyBillAllComm.asp?bill=HB-07017&doc_year=2015")
    unpadded = fetch(site, "/asp/menu/commdoctmybillallcomm.asp?bill=HB-7017&doc_year=2015")
    assert padded.status == 200 and padded.body == unpadded.body
    links = parse_testimony_listing(padded.text, site.base_url + "/asp/menu/x.asp")
    assert len(links) == 10
    readable = 0
    for link in links:
        got = fetch(site, urlsplit(link.url).path)
        # A real PDF starts with %PDF-; the sample's broken ones (a 404, an HTML error page
        # served as .PDF, a truncated file) are listed in EXPECTED-ERRORS.txt.
        if got.status == 200 and got.body.startswith(b"%PDF-") and b"%%EOF" in got.body[-64:]:
            assert got.headers["content-type"] == "application/pdf"
            readable += 1
    assert readable == 7  # six for 2015 HB 7017 alone, plus the scan without text
    other = fetch(site, "/asp/menu/CommDocTmyBillAllComm.asp?bill=HB-06420&doc_year=2015")
    shared = parse_testimony_listing(other.text, site.base_url + "/asp/menu/x.asp")
    assert [cga.url_key(u.url) for u in shared] == [
        cga.url_key(u.url) for u in links if "O'Brien" in unquote(u.url)
    ]


def test_asp_pages_send_no_validators(site):
    got = fetch(site, HB7017)
    assert "etag" not in got.headers and "last-modified" not in got.headers
    # ... so a conditional GET still gets the page
    again = fetch(
        site, HB7017, {"If-None-Match": "*", "If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"}
    )
    assert again.status == 200 and again.body == got.body


def test_stored_asp_output_is_not_served_as_a_file(site):
    assert fetch(site, "/asp/cgabillstatus/2015/HB07017.html").status == 404
    for private in (
        "/build.py",
        "/build_lineage.py",
        "/README.md",
        "/EXPECTED-ERRORS.txt",
        "/manifest.tsv",
    ):
        assert fetch(site, private).status == 404


# ------------------------------------------------------------------------ faults


def test_500_then_200_on_retry(site):
    first = fetch(site, HB5712)
    second = fetch(site, HB5712)
    assert first.status == 500
    assert second.status == 200 and "GIFT CARD" in second.text
    assert [r.status for r in site.requests_for(HB5712)] == [500, 200]


def test_500_once_per_resource_whatever_the_spelling(site):
    assert fetch(site, f"{STATUS}?bill_num=HB05712").status == 500
    assert fetch(site, HB5712).status == 200


def test_500_state_is_per_server():
    for _ in range(2):
        with running(SAMPLE) as base_url:
            with pytest.raises(urllib.error.HTTPError) as err:
                urllib.request.urlopen(base_url + HB5712, timeout=10)
            assert err.value.code == 500
            with urllib.request.urlopen(base_url + HB5712, timeout=10) as resp:
                assert resp.status == 200


def test_truncated_transfer_raises_incomplete_read(site):
    with urllib.request.urlopen(site.base_url + SHORT, timeout=10) as resp:
        promised = int(resp.headers["Content-Length"])
        with pytest.raises(http.client.IncompleteRead) as err:
            resp.read()
    assert 0 < len(err.value.partial) < promised
    with (  # every time
        urllib.request.urlopen(site.base_url + SHORT, timeout=10) as resp,
        pytest.raises(http.client.IncompleteRead),
    ):
        resp.read()


def test_truncated_status_page_is_a_complete_response_of_a_broken_page(site):
    got = fetch(site, f"{STATUS}?selBillType=Bill&which_year=2015&bill_num=5533")
    assert got.status == 200
    assert int(got.headers["content-length"]) == len(got.body)
    assert "<table summary='Bill history'" in got.text
    history = got.text.split("<table summary='Bill history'")[1]
    assert "</table>" not in history and "</html>" not in got.text
    assert history.count("<tr><td>&nbsp;</td><td>") == 3  # two whole rows, one cut


def test_dangling_document_link_is_404(site):
    page = fetch(site, f"{STATUS}?selBillType=Bill&which_year=2015&bill_num=6105")
    doc = lxml.html.fromstring(page.body)
    href = doc.xpath("//a[text()='Fiscal Note For File Copy 512']/@href")[0]
    assert fetch(site, href).status == 404
    analysis = doc.xpath("//a[text()='Bill Analysis For File Copy 512']/@href")[0]
    assert fetch(site, analysis).status == 200


def test_every_expected_error_misbehaves(site):
    errors = expected_errors()
    assert len(errors) >= 5
    for path in errors:
        try:
            with urllib.request.urlopen(site.base_url + path, timeout=10) as resp:
                body = resp.read()
        except urllib.error.HTTPError:
            continue  # 404, 500
        except http.client.IncompleteRead:
            continue
        if urlsplit(path).path.lower().endswith(".pdf"):
            # A "PDF" that is really an HTML page, a truncated one, or one whose
            # name cannot be read (an impossible hearing date), or a whole roll call whose
            # printed totals disagree with its member lines: each is broken.
            whole = body.startswith(b"%PDF-") and b"%%EOF" in body[-64:]
            assert not whole or "R000230" in path or "/VOTE/" in path, path
            continue
        text = body.decode("cp1252").lower()
        assert "bill not found in database" in text or "</html>" not in text, path


def test_every_other_link_on_the_status_pages_resolves(clean_site):
    broken = {p.lower() for p in expected_errors()}
    pages = sorted((SAMPLE / "asp" / "cgabillstatus").glob("*/*.html"))
    assert len(pages) >= 14
    checked = 0
    for page in pages:
        year, bill = page.parent.name, page.stem
        got = fetch(clean_site, f"{STATUS}?selBillType=Bill&which_year={year}&bill_num={bill}")
        assert got.status == 200, page
        for href in lxml.html.fromstring(got.body).xpath("//a/@href"):
            parts = urlsplit(href)
            if parts.netloc or "CGAMemberBills" in href or href == "/" or "/css/" in href:
                continue  # off-site [doc] links, member pages, chrome
            if href.lower() in broken:
                continue
            assert fetch(clean_site, href).status == 200, (page, href)
            checked += 1
    assert checked > 60


# ------------------------------------------------------------- conditional GET etc.


def test_conditional_get_answers_304(site):
    path = "/pub/data/bill_info.csv"
    got = fetch(site, path)
    etag, modified = got.headers["etag"], got.headers["last-modified"]
    assert got.status == 200 and etag.startswith('"')
    assert modified == "Wed, 01 Jul 2015 17:00:00 GMT"  # from manifest.tsv, not the mtime
    by_tag = fetch(site, path, {"If-None-Match": etag})
    assert by_tag.status == 304 and by_tag.body == b""
    assert by_tag.headers["etag"] == etag
    assert fetch(site, path, {"If-None-Match": f'"other", W/{etag}'}).status == 304
    assert fetch(site, path, {"If-Modified-Since": modified}).status == 304
    later = format_datetime(datetime(2020, 1, 1, tzinfo=UTC), usegmt=True)
    assert fetch(site, path, {"If-Modified-Since": later}).status == 304
    earlier = format_datetime(datetime(2015, 6, 30, tzinfo=UTC), usegmt=True)
    assert fetch(site, path, {"If-Modified-Since": earlier}).status == 200
    # If-None-Match wins over If-Modified-Since
    assert fetch(site, path, {"If-None-Match": '"nope"', "If-Modified-Since": later}).status == 200
    assert fetch(site, path, {"If-Modified-Since": "garbage"}).status == 200


def test_validators_are_stable_across_servers(site):
    path = "/2015/TOB/H/PDF/2015HB-07017-R00-HB.PDF"
    first = fetch(site, path).headers
    with running(SAMPLE) as base_url, urllib.request.urlopen(base_url + path, timeout=10) as r:
        assert r.headers["ETag"] == first["etag"]
        assert r.headers["Last-Modified"] == first["last-modified"]


def test_head_sends_headers_only(site):
    got = fetch(site, "/robots.txt", method="HEAD")
    assert got.status == 200 and got.body == b""
    assert int(got.headers["content-length"]) == len(fetch(site, "/robots.txt").body)


@pytest.mark.parametrize(
    "path",
    [
        "/2015/tob/h/2015hb-07017-r00-hb.htm",
        "/2015/TOB/H/2015HB-07017-R00-HB.HTM",
        "/PUB/DATA/BILL_INFO.CSV",
        "/2016/ACT/PA/PDF/2016PA-00189-R00HB-05469-PA.PDF",  # stored under 2016/ACT/pa/PDF
        "/2016/act/pa/2016PA-00189-R00HB-05469-PA.htm",
        "/2015/eddata/tmy/2015HB-07017-R000319-Okafor,%20Grace--TMY.PDF",
    ],
)
def test_static_paths_are_case_insensitive(site, path):
    assert fetch(site, path).status == 200


def test_content_types(site):
    types = {
        "/2015/TOB/H/2015HB-07017-R00-HB.htm": "text/html; charset=windows-1252",
        "/2015/TOB/H/PDF/2015HB-07017-R00-HB.PDF": "application/pdf",
        "/pub/data/bill_history.csv": "text/csv",
        "/robots.txt": "text/plain",
        HB7017: "text/html",
    }
    for path, ctype in types.items():
        assert fetch(site, path).headers["content-type"] == ctype, path


def test_robots_txt(site):
    text = fetch(site, "/robots.txt").text
    assert "User-agent: *" in text and "Disallow: /aspx/" in text
    assert "Disallow: /\r\n" not in text


# --------------------------------------------------------------------- content


def test_cp1252_bytes_in_bulk_file_and_bill_text(site):
    info = fetch(site, "/pub/data/bill_info.csv").body
    first_line, rest = info.split(b"\r\n", 1)
    assert b"\x96" not in first_line and b"\x96" in rest
    assert info.count(b"\r\n") == info.count(b"\n")  # CRLF throughout
    with pytest.raises(UnicodeDecodeError):
        info.decode("utf-8")
    assert "fiscal years 2015\u20132017" in info.decode("cp1252")

    text = fetch(site, "/2015/TOB/H/2015HB-07017-R00-HB.htm")
    assert text.headers["content-type"].endswith("charset=windows-1252")
    assert b"charset=windows-1252" in text.body
    for byte in (b"\x93", b"\x94", b"\x96", b"\x92"):  # smart quotes, en dash, apostrophe
        assert byte in text.body
    with pytest.raises(UnicodeDecodeError):
        text.body.decode("utf-8")


def test_status_page_structure(site):
    doc = lxml.html.fromstring(fetch(site, HB7017).body)
    h3 = doc.xpath("//h3[@class='text-center']")[0].text_content()
    assert "Substitute for Raised H.B. No. 7017" in h3 and "Session Year 2015" in h3
    main = doc.xpath("//div[contains(@class,'large-12') and contains(@class,'columns')]")[0]
    assert main.xpath("h4")[0].text == "AN ACT CONCERNING STUDENT DATA PRIVACY."
    assert main.xpath("p[@class='text-justify']")[0].text
    assert main.xpath("h5")[0].text.startswith("Introduced by:")
    blocks = {
        t.xpath("thead/tr/th")[1].text: [a.text for a in t.xpath(".//a")]
        for t in doc.xpath("//table[@summary='Status of bills']")
    }
    assert blocks["Text of Bill"] == [
        "File No. 394",
        "ED Joint Favorable Substitute",
        "[doc]",
        "Raised Bill",
        "[pdf]",
        "[doc]",
    ]
    assert blocks["Committee Actions"] == ["ED Joint Fav. Rpt"]
    assert blocks["Fiscal Notes"] == ["Fiscal Note For File Copy 394"]
    assert blocks["Bill Analyses"] == ["Bill Analysis For File Copy 394"]
    assert blocks["Called Amendments"] == ["House Schedule A LCO# 8412 (R)"]
    # Two roll calls on one bill on one day (issue 14): the amendment, then the passage.
    assert blocks["Roll Call Votes"] == [
        "House Roll Call Vote 276 AS AMENDED",
        "House Roll Call Vote 275 HOUSE AMD A",
    ]
    rows = doc.xpath("//table[@summary='Bill history']/tbody/tr")
    cells = [[td.text_content().strip() for td in row.xpath("td")] for row in rows]
    assert all(len(c) == 4 and c[0] == "" for c in cells)
    assert all(re.fullmatch(r"[1-9]\d?/[1-9]\d?/\d{4}", c[1]) for c in cells)
    dates = [datetime.strptime(c[1], "%m/%d/%Y") for c in cells]
    assert dates == sorted(dates, reverse=True)  # newest first
    assert cells[-1][3] == "Referred to Joint Committee on Education"
    assert cells[-3][1:] == ["3/27/2015", "(ED)", "Joint Favorable Substitute"]
    assert any(c[3] == "House Passed as Amended by House Amendment Schedule A" for c in cells)
    assert not any("Senate Passed" in c[3] for c in cells)
    assert "Co-sponsors of HB-7017" in doc.text_content()


def test_member_links_and_cosponsors(site):
    page = fetch(site, f"{STATUS}?selBillType=Bill&which_year=2016&bill_num=5469")
    doc = lxml.html.fromstring(page.body)
    names = doc.xpath(
        "//div[@class='large-6 medium-6 columns']/a[contains(@href,'CGAMemberBills.asp')]/text()"
    )
    assert "Rep. Mitch Bolinsky, 106th Dist." in names and len(names) == 4
    assert "Signed by the Governor" in page.text and "6/9/2016" in page.text


def test_bulk_files_shape(site):
    def rows(name: str) -> list[list[str]]:
        import csv
        import io

        text = fetch(site, f"/pub/data/{name}").body.decode("cp1252")
        return list(csv.reader(io.StringIO(text, newline="")))

    info = rows("bill_info.csv")
    assert info[0][0] == "bill_num" and info[0][2] == "sess_year" and "bill_title" in info[0]
    bills = {r[0] for r in info[1:]}
    # 12 bills, and lineage's companion, other-sections bill and look-alike (build_lineage.py)
    assert len(bills) == 15 and {r[2] for r in info[1:]} == {"2015"}
    assert {"HB07017", "HB06420", "SB00601"} <= bills
    history = rows("bill_history.csv")
    assert history[0] == ["bill_num", "act_date", "act_desc", "qual1", "qual2"]
    assert {r[0] for r in history[1:]} == bills
    for r in history[1:]:
        datetime.strptime(r[1], "%Y-%m-%d %H:%M:%S")
    descs = {r[2] for r in history[1:]}
    for word in (
        "REF. TO JOINT COMM. ON",
        "Joint Favorable Substitute",
        "HOUSE PASSED",
        "SEN. PASSED",
        "TRANS.TO SENATE",
        "SIGNED BY GOVERNOR",
        "PUBLIC ACT",
        "VETOED BY GOVERNOR",
        "REFERRED TO OLR, OFA",
    ):
        assert any(d.startswith(word) for d in descs), word
    assert any("TAB. FOR CAL." in d for d in descs)
    referral = [r for r in history if r[0] == "HB07017" and r[2] == "REF. TO JOINT COMM. ON"]
    assert referral[0][3] == "ED" and referral[0][1].startswith("2015-03-12")
    committees = rows("committee.csv")
    assert committees[0] == ["comm_code", "comm_name"]
    assert all(r[1].endswith(" Committee") for r in committees[1:])
    assert ["ED", "Education Committee"] in committees
    subjects = rows("subject.csv")
    assert subjects[0] == ["bill_num", "subj_desc"]
    assert sum(1 for r in subjects if r[0] == "HB07017") > 2


def test_every_bulk_bill_but_one_has_a_status_page(site):
    info = fetch(site, "/pub/data/bill_info.csv").body.decode("cp1252").splitlines()[1:]
    missing = []
    for line in info:
        num = line.split(",")[0]
        got = fetch(site, f"{STATUS}?selBillType=Bill&which_year=2015&bill_num={num}")
        if "Bill not found in Database" in got.text:
            missing.append(num)
    assert missing == ["SB00601"]


def test_pdfs_have_text_line_numbers_and_running_header(site):
    pypdf = pytest.importorskip("pypdf")
    import io

    body = fetch(site, "/2015/TOB/H/PDF/2015HB-07017-R00-HB.PDF").body
    reader = pypdf.PdfReader(io.BytesIO(body))
    assert len(reader.pages) == 2
    first = reader.pages[0].extract_text()
    assert re.search(r"LCO No\. 4041\s+1 of 2", first)
    assert re.search(r"LCO No\. 4041\s+2 of 2", reader.pages[1].extract_text())
    assert "Raised Bill No. 7017" in first and "Section 1." in first
    numbers = [int(n) for n in re.findall(r"^(\d{1,3})$", first, re.M)]
    assert numbers[:5] == [1, 2, 3, 4, 5]
    assert "Sample data" in first
    vote = pypdf.PdfReader(
        io.BytesIO(fetch(site, "/2015/VOTE/H/PDF/2015HV-00276-R00HB07017-HV.PDF").body)
    )
    text = vote.pages[0].extract_text()
    assert "Taken on 5/29" in text and "Those voting Yea 142" in text


def test_only_pdf_text_for_sb_415(site):
    doc = lxml.html.fromstring(
        fetch(site, f"{STATUS}?selBillType=Bill&which_year=2015&bill_num=415").body
    )
    links = doc.xpath("//table[@summary='Status of bills']//a[text()='Raised Bill']/@href")
    assert links == ["/2015/TOB/S/PDF/2015SB-00415-R00-SB.PDF"]
    assert fetch(site, "/2015/TOB/S/2015SB-00415-R00-SB.htm").status == 404


# ------------------------------------------------------------------ the tree itself


def test_every_html_page_carries_the_banner():
    pages = [p for p in SAMPLE.rglob("*") if p.suffix.lower() in (".htm", ".html")]
    assert len(pages) > 50
    for page in pages:
        text = page.read_bytes().decode("cp1252")
        assert "billwatch-sample-banner" in text, page
        assert BANNER in text or BANNER.replace("\u2014", "&mdash;") in text, page


def test_tree_is_small():
    total = sum(p.stat().st_size for p in SAMPLE.rglob("*") if p.is_file())
    assert total < 2_000_000


def test_build_is_deterministic_and_matches_the_committed_tree(tmp_path):
    pytest.importorskip("reportlab")
    subprocess.run(
        [sys.executable, str(SAMPLE / "build.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    # build.py and its build_<feature>.py modules (HELPERS.md, "Sample site") are hand-written
    hand_written = {"README.md", "EXPECTED-ERRORS.txt"} | {p.name for p in SAMPLE.glob("build*.py")}

    def written_by_hand(name: str) -> bool:  # the build's own modules too: build_*.py
        return name in hand_written or re.fullmatch(r"build_\w+\.py", name) is not None

    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in root.rglob("*")
            if p.is_file()
            and not written_by_hand(p.relative_to(root).as_posix())
            and "__pycache__" not in p.parts
        }

    built, committed = files(tmp_path), files(SAMPLE)
    assert sorted(built) == sorted(committed)
    stale = [name for name in built if built[name] != committed[name]]
    assert not stale, f"run data/sample-site/build.py to refresh: {stale[:5]}"


# ------------------------------------------------------------------ fault switches

FC = "/2015/FC/2015HB-07017-R000394-FC.htm"


def test_switches_are_documented_and_the_defaults_unchanged():
    assert set(DEFAULT_FAULTS) == {"fail_once", "short_transfer"}
    assert set(DEFAULT_FAULTS) < set(FAULTS)
    for name in ("status_503", "slow", "reset", "truncate", "changed"):
        assert name in FAULTS
    assert {"robots_disallow", "redirect"} < set(FAULTS)


def test_status_503_for_the_first_n_requests_then_normal(clean_site):
    clean_site.set_fault("status_503", {FC: 2})
    first, second = fetch(clean_site, FC), fetch(clean_site, FC.lower())  # any spelling
    assert first.status == second.status == 503
    assert first.headers["retry-after"] == "1"
    assert fetch(clean_site, FC).status == 200
    clean_site.set_fault("status_503", "/2015/fc/2015hb-07017-r000394-fc.htm:1")  # recount
    assert [fetch(clean_site, FC).status for _ in range(2)] == [503, 200]


def test_slow_sleeps_before_answering(clean_site):
    clean_site.set_fault("slow", {HB7017: 0.3})
    started = time.monotonic()
    assert fetch(clean_site, HB7017).status == 200
    assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    assert fetch(clean_site, FC).status == 200  # other resources are not slowed
    assert time.monotonic() - started < 0.3
    with pytest.raises(ValueError):
        clean_site.set_fault("slow", {FC: MAX_SLEEP + 1})  # sleeps are bounded


def test_slow_everything(clean_site):
    clean_site.set_fault("slow", "*:0.1")
    started = time.monotonic()
    fetch(clean_site, "/robots.txt"), fetch(clean_site, FC)
    assert time.monotonic() - started >= 0.2


def test_reset_closes_without_an_answer(clean_site):
    clean_site.set_fault("reset", {FC})
    with pytest.raises((ConnectionResetError, http.client.RemoteDisconnected)):
        fetch(clean_site, FC)
    assert clean_site.requests_for(FC)[-1].status == 0
    assert fetch(clean_site, "/robots.txt").status == 200  # the server carries on


def test_truncate_promises_more_than_it_sends(clean_site):
    clean_site.set_fault("truncate", {FC})
    with urllib.request.urlopen(clean_site.base_url + FC, timeout=10) as resp:
        promised = int(resp.headers["Content-Length"])
        with pytest.raises(http.client.IncompleteRead) as err:
            resp.read()
    whole = (SAMPLE / "2015" / "FC" / "2015HB-07017-R000394-FC.htm").read_bytes()
    assert err.value.partial == whole and promised > len(whole)


def test_changed_from_the_kth_request(clean_site):
    clean_site.set_fault("changed", {HB7017: 2})
    original, changed = fetch(clean_site, HB7017), fetch(clean_site, HB7017)
    assert "LCO# 9020" not in original.text
    assert "Senate Adopted Senate Amendment Schedule A 9020" in changed.text
    assert 'href="/2015/lcoamd/2015LCO09020-R00-AMD.htm"' in changed.text
    assert "Senate Adopted" in fetch(clean_site, HB7017).text  # and from then on
    # the rest of the site moves with the page: the new document, the bulk history row
    amendment = fetch(clean_site, "/2015/lcoamd/2015LCO09020-R00-AMD.htm")
    assert amendment.status == 200 and "LCO No. 9020" in amendment.text
    fetch(clean_site, "/pub/data/bill_history.csv")  # its first request: still old
    history = fetch(clean_site, "/pub/data/bill_history.csv").text
    assert "HB07017,2015-06-02 11:30:00,SEN. ADOPTED SEN. AMEND. SCHED. A,9020," in history
    clean_site.clear_fault("changed")
    assert fetch(clean_site, HB7017).body == original.body
    assert fetch(clean_site, "/2015/lcoamd/2015LCO09020-R00-AMD.htm").status == 404


def test_changed_document_gets_new_validators(clean_site):
    path = "/2015/TOB/H/2015HB-07017-R00-HB.htm"
    before = fetch(clean_site, path)
    clean_site.set_fault("changed", {path})  # generic: one sentence added to the HTML
    after = fetch(clean_site, path, {"If-None-Match": before.headers["etag"]})
    assert after.status == 200 and after.headers["etag"] != before.headers["etag"]
    assert "changed" in after.text and after.text.count("</body>") == 1
    assert after.headers["last-modified"] != before.headers["last-modified"]
    assert fetch(clean_site, path, {"If-None-Match": after.headers["etag"]}).status == 304


def test_changed_needs_an_alternative_for_non_html(clean_site):
    with pytest.raises(ValueError, match="alternative"):
        clean_site.set_fault("changed", {"/pub/data/subject.csv"})
    with pytest.raises(ValueError):
        clean_site.set_fault("changed", {"*"})


def test_changed_with_an_explicit_alternative():
    server, thread = serve(SAMPLE, faults={}, alternatives={"pub/data/subject.csv": b"x\r\n"})
    try:
        server.set_fault("changed", {"/pub/data/subject.csv"})
        assert fetch(server, "/PUB/DATA/SUBJECT.CSV").body == b"x\r\n"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_robots_disallow_adds_prefixes(clean_site):
    clean_site.set_fault("robots_disallow", {"/2015/FC/"})
    text = fetch(clean_site, "/robots.txt").text
    assert text.endswith("Disallow: /aspx/\r\nDisallow: /2015/FC/\r\n")
    assert fetch(clean_site, FC).status == 200  # robots.txt asks; it does not enforce
    with pytest.raises(ValueError):
        clean_site.set_fault("robots_disallow", {"2015/FC/"})


def test_redirect_exact_path_only(clean_site):
    target = FC.lower()
    clean_site.set_fault("redirect", {FC: target})
    host, port = clean_site.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request("GET", FC)
    resp = conn.getresponse()
    resp.read()
    conn.close()
    assert resp.status == 301 and resp.getheader("Location") == clean_site.base_url + target
    assert fetch(clean_site, target).status == 200  # case-sensitive: no loop
    with urllib.request.urlopen(clean_site.base_url + FC, timeout=10) as followed:
        assert followed.url.endswith(target) and followed.status == 200
    clean_site.set_fault(
        "redirect", f"{HB7017}:/ASP/CGABillStatus/CGABillStatus.asp?bill_num=7017:302"
    )
    assert [r.status for r in clean_site.requests_for(HB7017)] == []
    assert fetch(clean_site, HB7017).status == 302
    assert fetch(clean_site, HB7017.replace("7017", "6420")).status == 200  # query matters
    with pytest.raises(ValueError):
        clean_site.set_fault("redirect", {FC: "https://www.cga.ct.gov" + FC})  # off the copy
    with pytest.raises(ValueError):
        clean_site.set_fault("redirect", {FC: (200, target)})


def test_targets_resolve_like_urls(clean_site):
    clean_site.set_fault("reset", {"/ASP/CGABillStatus/CGABillStatus.asp?bill_num=HB07017"})
    assert clean_site.faults["reset"] == {"asp/cgabillstatus/2015/hb07017.html"}
    with pytest.raises(ValueError, match="unknown fault"):
        clean_site.set_fault("explode", {FC})


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("reset=/a.htm,/b.htm", ("reset", {"/a.htm", "/b.htm"})),
        ("status_503=/a.htm:3,/b.htm", ("status_503", {"/a.htm": 3, "/b.htm": 1})),
        ("slow=*:0.05", ("slow", {"*": 0.05})),
        ("slow=/a.htm", ("slow", {"/a.htm": 15.0})),
        ("changed=/a.htm:2", ("changed", {"/a.htm": 2})),
        ("redirect=/a.htm:/A.HTM", ("redirect", {"/a.htm": (301, "/A.HTM")})),
        ("redirect=/a.htm:/b.htm:302", ("redirect", {"/a.htm": (302, "/b.htm")})),
        ("robots_disallow=/2015/FC/", ("robots_disallow", {"/2015/FC/"})),
    ],
)
def test_parse_fault(spec, expected):
    assert parse_fault(spec) == expected


@pytest.mark.parametrize(
    "spec",
    ["nope=/a", "reset=", "reset=/a.htm:1", "slow=/a:fast", "status_503=/a:x", "redirect=/a"],
)
def test_parse_fault_rejects(spec):
    with pytest.raises(ValueError):
        parse_fault(spec)


def test_control_endpoint(clean_site):
    def call(method: str, path: str, body: bytes | None = None) -> tuple[int, dict]:
        got = fetch_with_body(clean_site, method, path, body)
        return got.status, json.loads(got.body)

    assert call("GET", "/__faults__") == (200, {})
    status, faults = call("PUT", "/__faults__/status_503", FC.encode() + b":1")
    assert status == 200 and faults == {"status_503": {"2015/fc/2015hb-07017-r000394-fc.htm": 1}}
    assert fetch(clean_site, FC).status == 503
    assert call("DELETE", "/__faults__/status_503") == (200, {})
    assert fetch(clean_site, FC).status == 200
    status, error = call("PUT", "/__faults__/explode", b"/x")
    assert status == 400 and "unknown fault" in error["error"]
    assert all("__faults__" not in r.path for r in clean_site.request_log)


def fetch_with_body(server: SampleSite, method: str, path: str, body: bytes | None) -> Got:
    host, port = server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        conn.request(method, path, body=body)
        resp = conn.getresponse()
        return Got(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
    finally:
        conn.close()


def test_listens_on_127_0_0_1_only():
    with pytest.raises(ValueError, match=r"127\.0\.0\.1"):
        SampleSite(("0.0.0.0", 0), SAMPLE)


def test_command_line_faults():
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "billwatch.samplesite", "--port", "0", "--quiet"),
            *("--no-default-faults", "--fault", "status_503=/robots.txt:1"),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        base_url = re.search(r"http://127\.0\.0\.1:\d+", proc.stdout.readline()).group(0)
        assert "status_503" in proc.stdout.readline()
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(base_url + "/robots.txt", timeout=10)
        assert err.value.code == 503
        with urllib.request.urlopen(base_url + "/robots.txt", timeout=10) as resp:
            assert resp.status == 200
        with urllib.request.urlopen(base_url + HB5712, timeout=10) as resp:
            assert resp.status == 200  # no default fail_once
    finally:
        proc.kill()
        proc.wait(5)
    bad = subprocess.run(
        [sys.executable, "-m", "billwatch.samplesite", "--fault", "explode=/x"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert bad.returncode == 2 and "unknown fault" in bad.stderr


def test_faults_from_specs_add_to_the_defaults():
    faults = faults_from_specs(["fail_once=/a.htm", "slow=*:0.1", "slow=/b.htm:2"])
    assert faults["fail_once"] == set(DEFAULT_FAULTS["fail_once"]) | {"/a.htm"}
    assert faults["slow"] == {"*": 0.1, "/b.htm": 2.0}
    assert faults_from_specs([], defaults=False) == {}


# ------------------------------------------------------------------ states (issue 12)


def test_the_earlier_state_is_the_session_as_it_stood_on_18_march_2015(clean_site):
    clean_site.set_state("earlier")
    page = fetch(clean_site, HB7017).text
    assert "Raised H.B. No. 7017" in page and "Substitute for" not in page
    assert "Public Hearing 03/19" in page and "Joint Favorable" not in page
    assert fetch(clean_site, "/2015/TOB/H/2015HB-07017-R00-HB.htm").status == 200
    assert fetch(clean_site, "/2015/TOB/H/2015HB-07017-R01-HB.htm").status == 404  # not yet
    listing = fetch(clean_site, "/asp/menu/CommDocTmyBillAllComm.asp?bill=HB-07017&doc_year=2015")
    assert "No testimony found" in listing.text
    history = fetch(clean_site, "/pub/data/bill_history.csv")
    dates = [line.split(",")[1][:10] for line in history.text.splitlines()[1:]]
    assert dates and max(dates) <= "2015-03-18"
    assert history.headers["last-modified"] == "Wed, 18 Mar 2015 17:00:00 GMT"
    other = "/asp/cgabillstatus/cgabillstatus.asp?selBillType=Bill&which_year=2016&bill_num=5469"
    earlier_2016 = fetch(clean_site, other).body
    clean_site.set_state(None)  # the tree: the session as it ended
    assert "Joint Favorable Substitute" in fetch(clean_site, HB7017).text
    assert fetch(clean_site, "/2015/TOB/H/2015HB-07017-R01-HB.htm").status == 200
    assert fetch(clean_site, other).body == earlier_2016  # other sessions: the same


def test_states_are_private_and_named(clean_site):
    assert fetch(clean_site, "/states/earlier/manifest.tsv").status == 404
    assert fetch(clean_site, "/build_states.py").status == 404
    with pytest.raises(ValueError, match="no state 'later'"):
        clean_site.set_state("later")


def test_the_demos_first_clock_is_the_earlier_states_evening():
    sys.path.insert(0, str(SAMPLE))
    try:
        import build_states
    finally:
        sys.path.remove(str(SAMPLE))
    from billwatch.demo import CRAWLS

    assert CRAWLS[0].state == "earlier"
    assert CRAWLS[0].now[:10] == build_states.STATES["earlier"].isoformat()
    assert CRAWLS[1].state is None and CRAWLS[1].now > CRAWLS[0].now
