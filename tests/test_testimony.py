"""Testimony listings, file names and the sample testimony PDFs (spiders/testimony.py).

Listings under tests/pages/testimony/ are synthetic (the real markup is unknown,
docs/cga-site.md, "Testimony"); the sample site's listings and PDFs are read from the tree,
no server.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

import cga
from cga import testimony as tmy  # testimony_id by name would be collected
from cga.records import PageError
from cga.testimony import POSITION_WORDS, parse_testimony_filename, position_of
from spiders.billtext import DocumentError, extract_pdf
from spiders.testimony import parse_testimony_listing

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "pages" / "testimony"
SAMPLE = ROOT / "data" / "sample-site"
LISTINGS = SAMPLE / "asp" / "menu" / "commdoctmybillallcomm"
LISTING_URL = "https://www.cga.ct.gov/asp/menu/CommDocTmyBillAllComm.asp?bill={}&doc_year={}"
OFFLINE_URL = "http://127.0.0.1:8765/asp/menu/CommDocTmyBillAllComm.asp?bill={}&doc_year={}"
UNIQUE_PHRASE = "lunchroom ledger"


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


# ------------------------------------------------------------------------ file names

WERNER = (
    "/2023/gldata/TMY/2023SB-01103-R000228-Werner, Michael, Lead Aging Policy Analyst"
    "-CWCSEO-Supports-TMY.PDF"
)
ED15 = "https://www.cga.ct.gov/2015/eddata/TMY/2015HB-07017-R000319-"

# url -> expected fields; "bill" as the canonical id, "problems" as substrings ([] = none).
NAMES: list[tuple[str, dict]] = [
    (  # docs/cga-site.md, "Testimony": the verified example
        WERNER,
        dict(
            committee="GL",
            hearing_date="2023-02-28",
            submitter="Werner, Michael",
            title="Lead Aging Policy Analyst",
            organization="CWCSEO",
            position="support",
            position_raw="Supports",
            bill="2023-SB-1103",
            problems=[],
        ),
    ),
    (  # empty organisation and position collapse; 0229 fits 2024 (leap year)
        "/2024/gldata/TMY/2024SB-00002-R000229-Bastian, Kenneth--TMY.PDF",
        dict(
            committee="GL",
            hearing_date="2024-02-29",
            submitter="Bastian, Kenneth",
            title=None,
            organization=None,
            position=None,
            position_raw=None,
            bill="2024-SB-2",
            problems=[],
        ),
    ),
    (  # ... and does not fit 2023
        "/2023/gldata/TMY/2023SB-01103-R000229-Bastian, Kenneth--TMY.PDF",
        dict(
            hearing_date=None,
            submitter="Bastian, Kenneth",
            bill="2023-SB-1103",
            problems=["R000229 is not a date in 2023"],
        ),
    ),
    (  # %20 and %27, hyphenated last name, hyphenated organisation
        ED15 + "O%27Brien-Smith,%20Patrick,%20Director%20of%20Data%20Governance"
        "-CT-DSC-Comments-TMY.PDF",
        dict(
            committee="ED",
            hearing_date="2015-03-19",
            submitter="O'Brien-Smith, Patrick",
            title="Director of Data Governance",
            organization="CT-DSC",
            position="neutral",
            position_raw="Comments",
            problems=[],
        ),
    ),
    (  # hyphenated first name, then an all-capitals organisation with a hyphen
        ED15 + "Smith, Mary-Kate-CT-N-Opposes-TMY.PDF",
        dict(
            submitter="Smith, Mary-Kate",
            title=None,
            organization="CT-N",
            position="oppose",
            position_raw="Opposes",
            problems=[],
        ),
    ),
    (  # hyphenated first name, then a spelled-out organisation; two-word position
        ED15 + "Smith, Mary-Kate-Connecticut Education Association-In Support-TMY.PDF",
        dict(
            submitter="Smith, Mary-Kate",
            organization="Connecticut Education Association",
            position="support",
            position_raw="In Support",
            problems=[],
        ),
    ),
    (  # hyphenated first name, no organisation, position after an empty segment
        ED15 + "Kowalski,%20Anna-Marie--Opposing-TMY.PDF",
        dict(
            submitter="Kowalski, Anna-Marie",
            organization=None,
            position="oppose",
            position_raw="Opposing",
            problems=[],
        ),
    ),
    (  # an organisation with its own comma
        ED15 + "Doe, Jane-Sample & Partners, LLP-Against-TMY.PDF",
        dict(
            submitter="Doe, Jane",
            title=None,
            organization="Sample & Partners, LLP",
            position="oppose",
            position_raw="Against",
            problems=[],
        ),
    ),
    (  # a hyphen inside the title (prefix word); lower-case extension
        ED15 + "Doe, Jane, Co-Chair-CEA-Support-TMY.pdf",
        dict(
            submitter="Doe, Jane",
            title="Co-Chair",
            organization="CEA",
            position="support",
            position_raw="Support",
            problems=[],
        ),
    ),
    (  # UTF-8 percent-encoding, an en dash in the title, an apostrophe in the organisation
        ED15 + "Nu%C3%B1ez,%20Jos%C3%A9,%20Parent%E2%80%93Teacher%20Liaison"
        "-Shoreline%20Parents%27%20Network-In%20Opposition-TMY.PDF",
        dict(
            submitter="Nu\u00f1ez, Jos\u00e9",
            title="Parent\u2013Teacher Liaison",
            organization="Shoreline Parents' Network",
            position="oppose",
            position_raw="In Opposition",
            problems=[],
        ),
    ),
    (  # Windows-1252 percent-encoding (IIS era): %F1 %E9, %96 en dash
        ED15 + "Nu%F1ez,%20Jos%E9,%20Parent%96Teacher%20Liaison-SPN-Oppose-TMY.PDF",
        dict(
            submitter="Nu\u00f1ez, Jos\u00e9",
            title="Parent\u2013Teacher Liaison",
            organization="SPN",
            position="oppose",
            problems=[],
        ),
    ),
    (  # fits no pattern at all: what can be read, and why the rest cannot
        "/2015/eddata/TMY/Testimony of Kwame Osei.pdf",
        dict(
            committee="ED",
            hearing_date=None,
            bill=None,
            position=None,
            submitter="Testimony of Kwame Osei",
            problems=["-TMY.PDF", "bill number", "not 'Last, First'"],
        ),
    ),
    (  # a qualified position; an impossible date
        "/2017/EDdata/TMY/2017HB-07207-R000230-Osei, Kwame, Chair-Student Data Task Force"
        "-Supports with amendments-TMY.PDF",
        dict(
            committee="ED",
            hearing_date=None,
            submitter="Osei, Kwame",
            title="Chair",
            organization="Student Data Task Force",
            position="support",
            position_raw="Supports with amendments",
            bill="2017-HB-7207",
            problems=["R000230 is not a date in 2017"],
        ),
    ),
    (  # generational suffix stays with the name; digits around a hyphen; "Info"
        ED15 + "King, Martin, Jr., Pastor-Grades 6-8 Teachers-Info-TMY.PDF",
        dict(
            submitter="King, Martin, Jr.",
            title="Pastor",
            organization="Grades 6-8 Teachers",
            position="neutral",
            position_raw="Info",
            problems=[],
        ),
    ),
    (  # an organisation without a person
        ED15 + "-Connecticut Education Association-Supports-TMY.PDF",
        dict(
            submitter=None,
            organization="Connecticut Education Association",
            position="support",
            problems=["no submitter"],
        ),
    ),
    (  # a bare file name: no folders, so no committee (and no complaint about it)
        "2015HB-07017-R000319-Chen, Robert-CPSP-Opposes-TMY.PDF",
        dict(
            committee=None,
            hearing_date="2015-03-19",
            submitter="Chen, Robert",
            organization="CPSP",
            position="oppose",
            bill="2015-HB-7017",
            problems=[],
        ),
    ),
    (  # lower-case word after a hyphen belongs to the title
        ED15 + "Rivera, Ana, Superintendent-elect-HPS-Against-TMY.PDF",
        dict(
            submitter="Rivera, Ana",
            title="Superintendent-elect",
            organization="HPS",
            position="oppose",
            problems=[],
        ),
    ),
    (
        ED15 + "Park, Min, Editor-in-Chief-Student Press Law Forum-Neutral-TMY.PDF",
        dict(
            submitter="Park, Min",
            title="Editor-in-Chief",
            organization="Student Press Law Forum",
            position="neutral",
            problems=[],
        ),
    ),
    (  # no position segment at all
        ED15 + "Smith-Jones, Alexandra-Connecticut Association of Boards of Education-TMY.PDF",
        dict(
            submitter="Smith-Jones, Alexandra",
            organization="Connecticut Association of Boards of Education",
            position=None,
            position_raw=None,
            problems=[],
        ),
    ),
    (  # position without an organisation
        ED15 + "Bastian, Kenneth--Supports-TMY.PDF",
        dict(submitter="Bastian, Kenneth", organization=None, position="support", problems=[]),
    ),
    (  # a word where the position goes that is not in the vocabulary
        ED15 + "Lee, Dana-CEA-Undecided-TMY.PDF",
        dict(
            submitter="Lee, Dana",
            organization="CEA",
            position=None,
            position_raw="Undecided",
            problems=["unknown position word 'Undecided'"],
        ),
    ),
    (  # a position word followed by more words
        ED15 + "Ng, Tom-CEA-Opposes Section 3-TMY.PDF",
        dict(
            submitter="Ng, Tom",
            organization="CEA",
            position="oppose",
            position_raw="Opposes Section 3",
            problems=[],
        ),
    ),
    (  # "+" and "#" (%23) in the organisation; a prefix hyphen in the title
        ED15 + "Gupta, Ravi, Co-Director-Parents+Teachers AFT Local %231-Favors-TMY.PDF",
        dict(
            submitter="Gupta, Ravi",
            title="Co-Director",
            organization="Parents+Teachers AFT Local #1",
            position="support",
            problems=[],
        ),
    ),
    (  # "Tri-County": a hyphen prefix inside a spelled-out organisation
        ED15 + "Werner, Michael, Analyst-Tri-County Health District-NEUTRAL-TMY.PDF",
        dict(
            title="Analyst",
            organization="Tri-County Health District",
            position="neutral",
            position_raw="NEUTRAL",
            problems=[],
        ),
    ),
    (  # underscore before TMY, spaces around segments
        ED15 + "Ng, Tom -CEA- In Favor _TMY.PDF",
        dict(
            submitter="Ng, Tom",
            organization="CEA",
            position="support",
            position_raw="In Favor",
            problems=[],
        ),
    ),
    (  # no R00MMDD segment
        "/2023/GLdata/TMY/2023SB-01103-Werner, Michael-CEA-Supports-TMY.PDF",
        dict(
            committee="GL",
            hearing_date=None,
            submitter="Werner, Michael",
            organization="CEA",
            bill="2023-SB-1103",
            problems=["no public-hearing date"],
        ),
    ),
    (  # mixed-case committee folder; session folder disagrees with the name
        "/2014/GAEdata/Tmy/2015SB-00230-R000305-Ortiz, Luis-SOTS-Neutral-TMY.PDF",
        dict(
            committee="GAE",
            hearing_date="2015-03-05",
            bill="2015-SB-230",
            problems=["session folder 2014 differs"],
        ),
    ),
    (  # no {comm}data folder; unpadded bill number in the name
        "/2015/TMY/2015HB-7017-R000319-Chen, Robert-CPSP-Opposes-TMY.PDF",
        dict(
            committee=None,
            bill="2015-HB-7017",
            submitter="Chen, Robert",
            problems=["no {committee}data folder"],
        ),
    ),
]


@pytest.mark.parametrize(("url", "expected"), NAMES, ids=[n[0][-48:] for n in NAMES])
def test_filename_table(url, expected):
    got = parse_testimony_filename(url)
    expected = dict(expected)
    problems = expected.pop("problems")
    if "bill" in expected:
        assert (str(got.bill) if got.bill else None) == expected.pop("bill")
    for name, value in expected.items():
        assert getattr(got, name) == value, (name, got)
    for needle in problems:
        assert any(needle in p for p in got.problems), (needle, got.problems)
    if not problems:
        assert got.problems == []
    assert got.file_name.endswith(("-TMY.PDF", "-TMY.pdf", "_TMY.PDF", ".pdf"))
    assert "/" not in got.file_name and "%" not in got.file_name


def test_filename_table_is_big_enough():
    assert len(NAMES) >= 20


def test_position_vocabulary():
    spec = {
        "support": ["Supports", "Support", "Supporting", "In Support", "Favor", "Favors"],
        "oppose": ["Opposes", "Oppose", "Opposing", "In Opposition", "Against"],
        "neutral": ["Neutral", "Comments", "Informational", "Info"],
    }
    for position, words in spec.items():
        for word in words:
            for spelling in (word, word.upper(), word.lower(), f" {word} "):
                assert position_of(spelling) == position, spelling
    assert set(POSITION_WORDS.values()) == {"support", "oppose", "neutral"}
    for not_a_position in ("CEA", "Info Tech Council", "Mothers Against Drunk Driving", ""):
        assert position_of(not_a_position) is None


def test_raw_position_word_is_kept_as_filed():
    got = parse_testimony_filename(ED15 + "Chen, Robert-CPSP-in opposition-TMY.PDF")
    assert (got.position, got.position_raw) == ("oppose", "in opposition")


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "/",
        "%",
        "%%%ZZ",
        "-",
        "---",
        "TMY.PDF",
        "-TMY.PDF",
        "/2015/eddata/TMY/",
        "/2015/eddata/TMY/.pdf",
        "https://www.cga.ct.gov/",
        "2015HB-07017-R00",
        "2015HB-07017-R009999--TMY.PDF",
        "2015HB-99999-R000319-,,,---,-TMY.PDF",
        "2015XX-07017-R000319-Chen, Robert-TMY.PDF",
        "0000HB-07017-R000319-Chen, Robert-TMY.PDF",
        "\x00\ufffd\u2013,,-TMY.PDF",
        "a" * 5000 + "-TMY.PDF",
        "-".join(["Supports"] * 50),
    ],
)
def test_filename_parser_never_raises(junk):
    got = parse_testimony_filename(junk)
    assert isinstance(got, tmy.TestimonyName)
    assert got.position in (None, "support", "oppose", "neutral")
    if got.bill is None and junk.strip("-/%"):
        assert got.problems


def test_display_name():
    assert parse_testimony_filename(WERNER).display_name == "Michael Werner"
    assert parse_testimony_filename("x/Testimony.pdf").display_name == "Testimony"


# ---------------------------------------------------------------------- testimony_id


def test_testimony_id_is_stable_across_url_spellings():
    a = ED15 + "Okafor,%20Grace--TMY.PDF"
    spellings = [
        a,
        "https://cga.ct.gov/2015/EDDATA/tmy/2015HB-07017-R000319-Okafor, Grace--TMY.PDF",
        "/2015/eddata/TMY/2015HB-07017-R000319-Okafor,%20Grace--TMY.pdf",
    ]
    ids = {tmy.testimony_id("2015-HB-7017", url) for url in spellings}
    ids.add(tmy.testimony_id(cga.split_bill_id("2015-HB-7017"), a))
    assert len(ids) == 1
    (only,) = ids
    assert len(only) == 16 and int(only, 16) >= 0
    assert tmy.testimony_id("2015-HB-7017", a) == tmy.testimony_id("2015HB07017", a)
    assert tmy.testimony_id("2015-HB-6420", a) != only  # one PDF, two bills: two rows
    other = ED15 + "Chen,%20Robert-CPSP-Opposes-TMY.PDF"
    assert tmy.testimony_id("2015-HB-7017", other) != only


# --------------------------------------------------------------------------- listings


def test_grouped_by_committee_with_headings():
    url = LISTING_URL.format("HB-05469", 2016)
    links = parse_testimony_listing(page("grouped-by-committee.html"), url)
    got = [(parse_testimony_filename(x.url).submitter, x.context, x.headings[1:]) for x in links]
    assert got == [
        (
            "Marchetti, Laura",
            "Public Hearing 3/2/2016",
            ("Education Committee", "Public Hearing 3/2/2016"),
        ),
        (
            "Pryor, Nathaniel",
            "Public Hearing 3/2/2016",
            ("Education Committee", "Public Hearing 3/2/2016"),
        ),
        (
            "Fairweather, Jordan",
            "Written testimony only",
            ("Education Committee", "Written testimony only"),
        ),
        (
            "Okonkwo, Chidi",
            "Public Hearing 3/14/2016",
            ("Judiciary Committee", "Public Hearing 3/14/2016"),
        ),
    ]
    assert links[0].text == "Marchetti, Laura"
    assert links[0].url == (
        "https://www.cga.ct.gov/2016/EDdata/Tmy/2016HB-05469-R000302-Marchetti,%20Laura,"
        "%20President-Connecticut%20Teachers'%20Guild-Supports-TMY.PDF"
    )
    assert links[0].headings[0] == "Testimony for HB-05469 Session Year 2016"
    assert [parse_testimony_filename(x.url).committee for x in links] == ["ED", "ED", "ED", "JUD"]


def test_flat_table_dedupes_and_ignores_other_pdfs():
    url = OFFLINE_URL.format("HB-07017", 2015)
    links = parse_testimony_listing(page("flat-table.html"), url)
    names = [parse_testimony_filename(x.url).submitter for x in links]
    assert names == [
        "Alvarez, Maria",
        "O'Brien-Smith, Patrick",
        "Okafor, Grace",
        "Nu\u00f1ez, Jos\u00e9",
        "Kowalski, Anna-Marie",
    ]
    assert all(x.url.startswith("https://www.cga.ct.gov/2015/eddata/TMY/") for x in links)
    assert all(x.context is None and x.headings == () for x in links)
    keys = [cga.url_key(x.url) for x in links]
    assert len(set(keys)) == len(keys)
    by_name = dict(zip(names, links, strict=True))
    assert by_name["Alvarez, Maria"].text == "Alvarez, Maria, Chief Technology Officer"
    # the first spelling is kept, %27 and raw apostrophe are one URL
    assert "O'Brien-Smith,%20Patrick-CT-N-Opposes" in by_name["O'Brien-Smith, Patrick"].url
    assert by_name["Okafor, Grace"].text == "Okafor, Grace"  # from the icon's alt text
    assert by_name["Okafor, Grace"].url.endswith("--TMY.PDF")  # no #fragment
    assert by_name["Nu\u00f1ez, Jos\u00e9"].text == "Nu\u00f1ez, Jos\u00e9"
    assert by_name["Nu\u00f1ez, Jos\u00e9"].href.startswith("/2015/eddata/TMY/")


def test_scripted_links_options_base_href_and_group_rows():
    links = parse_testimony_listing(page("scripted.html"), LISTING_URL.format("HB-07207", 2017))
    got = [(x.url.split("/TMY/")[0], x.text, x.context) for x in links]
    base = "https://www.cga.ct.gov/2017"
    assert got == [
        (f"{base}/EDdata", "Vance, Morgan", "Education Committee"),
        (f"{base}/EDdata", "D'Angelo, Teresa", "Education Committee"),
        (f"{base}/APPdata", "Kim, Soo-Jin", "Appropriations Committee"),
        (f"{base}/EDdata", "Osei, Kwame", "Late submissions"),
    ]
    assert "in-a-script" not in " ".join(x.url for x in links)
    kim = parse_testimony_filename(links[2].url)
    assert (kim.committee, kim.submitter, kim.title, kim.organization, kim.position) == (
        "APP",
        "Kim, Soo-Jin",
        "Budget Analyst",
        "OPM",
        "neutral",
    )


def test_no_testimony_page_is_empty():
    assert parse_testimony_listing(page("no-testimony.html"), LISTING_URL) == []
    none = (LISTINGS / "none.html").read_text(encoding="ascii")
    assert parse_testimony_listing(none, LISTING_URL.format("HB-06105", 2015)) == []


@pytest.mark.parametrize(
    "message",
    [
        "No testimony found for this bill.",
        "NO TESTIMONY",
        "There is no testimony for HB-5469.",
        "There has been no public testimony submitted.",
        "No documents found.",
        "No records were found",
        "Testimony is not available for this bill.",
        "0 testimonies found",
    ],
)
def test_no_testimony_messages(message):
    html = f"<html><body><h3>Testimony</h3><p>{message}</p><a href='/'>Home</a></body></html>"
    assert parse_testimony_listing(html, LISTING_URL) == []


def test_links_win_over_a_no_testimony_message():
    html = (
        "<html><body><p>No testimony found for the Judiciary Committee.</p>"
        f"<a href='{WERNER}'>Werner</a></body></html>"
    )
    assert len(parse_testimony_listing(html, LISTING_URL)) == 1


@pytest.mark.parametrize(
    ("html", "why"),
    [
        (page("garbage.html"), "no testimony PDF links"),
        (page("only-other-pdfs.html"), "2 PDF link(s) but none under a /TMY/ folder"),
        ((ROOT / "tests/pages/status/error-page.html").read_text(), "no testimony PDF links"),
        ("", "empty"),
        ("   \r\n", "empty"),
        ("<html><script>var none = 'No testimony found';</script></html>", "no testimony PDF"),
    ],
)
def test_not_a_listing_raises_page_error_naming_the_url(html, why):
    url = LISTING_URL.format("HB-07017", 2015)
    with pytest.raises(PageError) as err:
        parse_testimony_listing(html, url)
    assert url in str(err.value) and why in str(err.value)


# ------------------------------------------------------- the sample site's testimony


def sample_listing(year: int, padded: str) -> list:
    html = (LISTINGS / str(year) / f"{padded}.html").read_text(encoding="ascii")
    bill = cga.split_bill_id(padded, session=year)
    return parse_testimony_listing(html, OFFLINE_URL.format(cga.cga_dashed(bill), year))


def sample_file(url: str) -> Path | None:
    """The stored file behind a canonical URL (paths are case-insensitive)."""
    wanted = unquote(urlsplit(url).path).lstrip("/").lower()
    for path in SAMPLE.rglob("*"):
        if path.is_file() and path.relative_to(SAMPLE).as_posix().lower() == wanted:
            return path
    return None


def row(url: str) -> tuple:
    n = parse_testimony_filename(url)
    return (n.submitter, n.title, n.organization, n.position, n.position_raw, n.hearing_date)


# (submitter, title, organisation, position, position_raw, hearing_date), page order
SAMPLE_7017 = [
    ("Alvarez, Maria", "Chief Technology Officer", "SSD", "support", "Supports", "2015-03-19"),
    ("Chen, Robert", None, "CPSP", "oppose", "Opposes", "2015-03-19"),
    ("Okafor, Grace", None, None, None, None, "2015-03-19"),
    ("Lindqvist, Erik", "Senior Counsel", "EdTechVendorsAssn", "support", "Supports", "2015-03-19"),
    (
        "O'Brien-Smith, Patrick",
        "Director of Data Governance",
        "CT-DSC",
        "neutral",
        "Comments",
        "2015-03-19",
    ),
    (
        "Nu\u00f1ez, Jos\u00e9",
        "Parent\u2013Teacher Liaison",
        "Shoreline Parents' Network",
        "oppose",
        "In Opposition",
        "2015-03-19",
    ),
    ("Kowalski, Anna-Marie", None, None, "oppose", "Opposing", "2015-03-19"),  # scan
    (
        "Haddad, Samir",
        "Policy Fellow",
        "CTDataLab",
        "support",
        "Supporting",
        "2015-03-19",
    ),  # truncated
    ("Brennan, Liam", None, "CEQS", "support", "Supports", "2015-03-19"),  # 404
    ("Delacroix, Yvette", None, "DPEC", "neutral", "Neutral", "2015-03-19"),  # HTML
]
SAMPLE_5469 = [
    (
        "Marchetti, Laura",
        "President",
        "Connecticut Teachers' Guild",
        "support",
        "Supports",
        "2016-03-02",
    ),
    (
        "Pryor, Nathaniel",
        "Policy Director",
        "Nutmeg Education Reform Council",
        "oppose",
        "Opposes",
        "2016-03-02",
    ),
    (
        "Abernathy-Cole, Denise",
        "Superintendent",
        "Sampletown Public Schools",
        "neutral",
        "Informational",
        "2016-03-02",
    ),
    ("Fairweather, Jordan", None, "Student Privacy Alliance CT", "support", "Favor", "2016-03-02"),
]
SAMPLE_7207 = [
    (
        "Marchetti, Laura",
        "President",
        "Connecticut Teachers' Guild",
        "support",
        "Support",
        "2017-03-06",
    ),
    ("Pryor, Nathaniel", "Policy Director", "NutmegERC", "oppose", "Against", "2017-03-06"),
    (
        "D'Angelo, Teresa",
        "Director of Technology",
        "Sampletown Public Schools",
        "neutral",
        "Info",
        "2017-03-06",
    ),
    (
        "Vance, Morgan",
        None,
        "Digital Rights Watch CT",
        "support",
        "Supports with amendments",
        "2017-03-06",
    ),
    ("Osei, Kwame", "Chair", "Student Data Task Force", "oppose", "Opposes", None),
]


@pytest.mark.parametrize(
    ("year", "padded", "expected"),
    [
        (2015, "HB07017", SAMPLE_7017),
        (2016, "HB05469", SAMPLE_5469),
        (2017, "HB07207", SAMPLE_7207),
    ],
)
def test_sample_listings_parse_to_the_inventory(year, padded, expected):
    links = sample_listing(year, padded)
    assert [row(x.url) for x in links] == expected
    for x in links:
        name = parse_testimony_filename(x.url)
        assert name.committee == "ED" and str(name.bill) == str(
            cga.split_bill_id(padded, session=year)
        )
        assert x.url.startswith("https://www.cga.ct.gov/")


def test_sample_listing_markups_differ():
    l7017 = sample_listing(2015, "HB07017")
    assert {x.context for x in l7017} == {
        "Public Hearing 3/19/2015",
        "Additional written testimony",
    }
    assert any(x.href.startswith("../../") for x in l7017)  # relative link
    assert all(x.context.startswith("Testimony for") for x in sample_listing(2016, "HB05469"))
    assert " " in sample_listing(2016, "HB05469")[0].href  # raw spaces
    l7207 = sample_listing(2017, "HB07207")
    assert {x.context for x in l7207} == {"Education Committee - Public Hearing 3/6/2017"}
    html = (LISTINGS / "2017" / "HB07207.html").read_text(encoding="ascii")
    assert html.lower().count("-tmy.pdf") == 2 * len(l7207)  # each linked twice, deduplicated


def test_one_pdf_listed_under_two_bills():
    (shared,) = sample_listing(2015, "HB06420")
    assert shared.url in {x.url for x in sample_listing(2015, "HB07017")}
    assert str(parse_testimony_filename(shared.url).bill) == "2015-HB-7017"
    ids = {tmy.testimony_id(bill, shared.url) for bill in ("2015-HB-6420", "2015-HB-7017")}
    assert len(ids) == 2
    assert "H.B. No. 6420" in extract_pdf(sample_file(shared.url).read_bytes()).text


def sample_pdfs() -> dict[str, Path | None]:
    urls = {}
    for year, padded in (
        (2015, "HB07017"),
        (2015, "HB06420"),
        (2016, "HB05469"),
        (2017, "HB07207"),
    ):
        for link in sample_listing(year, padded):
            urls[link.url] = sample_file(link.url)
    return urls


def test_sample_pdfs_extract_or_fail_as_documented():
    pdfs = sample_pdfs()
    assert len(pdfs) == 19
    texts: dict[str, str] = {}  # by URL
    outcomes: dict[str, str] = {}
    for url, path in pdfs.items():
        submitter = parse_testimony_filename(url).submitter
        if path is None:
            outcomes[submitter] = "404"
            continue
        try:
            result = extract_pdf(path.read_bytes())
        except DocumentError as exc:
            outcomes[submitter] = str(exc).split(":")[0]
            continue
        assert result.pages == 1
        if not result.text:
            outcomes[submitter] = "scan"
            assert result.warnings == ["no extractable text (scanned?)"]
            continue
        assert "Sample data" in result.text
        texts[url] = result.text
    assert outcomes == {
        "Brennan, Liam": "404",
        "Haddad, Samir": "truncated PDF",
        "Delacroix, Yvette": "not a PDF",
        "Kowalski, Anna-Marie": "scan",
    }
    assert len(texts) == 15
    holders = [url for url, text in texts.items() if UNIQUE_PHRASE in text.lower()]
    assert len(holders) == 1
    assert parse_testimony_filename(holders[0]).submitter == "Nu\u00f1ez, Jos\u00e9"
    assert "Position: In Opposition" in texts[holders[0]]


def test_broken_sample_testimony_is_in_expected_errors():
    listed = set()
    for line in (SAMPLE / "EXPECTED-ERRORS.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            listed.add(line.split("\t")[0].lower())
    for who in ("Brennan,%20Liam", "Haddad,%20Samir", "Delacroix,%20Yvette", "Osei,%20Kwame"):
        assert any(who.lower() in path and "/tmy/" in path for path in listed), who
    for url in sample_pdfs():
        path = urlsplit(url).path.lower()
        if "kowalski" in path:  # a scan is flagged, not an error
            assert path not in listed
