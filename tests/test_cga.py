"""Canonical bill ids and URL forms: one build/split pair."""

import pytest

import cga
from cga.ids import BadBillId, BillId, split_bill_id
from cga.urls import Scope, parse_allowed_hosts


@pytest.mark.parametrize(
    "text,session",
    [
        ("2015-HB-7017", None),
        ("2015-hb-07017", None),
        ("HB07017", 2015),
        ("HB-07017", 2015),
        ("HB7017", 2015),
        ("H.B. 7017", 2015),
        ("H.B. No. 7017", 2015),
        ("2015 HB 7017", None),
    ],
)
def test_every_spelling_splits_to_one_id(text, session):
    bill = split_bill_id(text, session=session)
    assert bill == BillId(2015, "HB", 7017)
    assert str(bill) == "2015-HB-7017"


def test_cga_forms_derive_from_the_id():
    bill = split_bill_id("2015-HB-7017")
    assert cga.cga_padded(bill) == "HB07017"
    assert cga.cga_dashed(bill) == "HB-07017"
    assert cga.cga_status_num(bill) == "7017"
    assert cga.status_url(bill) == (
        "https://www.cga.ct.gov/asp/cgabillstatus/cgabillstatus.asp"
        "?selBillType=Bill&which_year=2015&bill_num=7017"
    )
    assert cga.testimony_path(bill) == (
        "/asp/menu/CommDocTmyBillAllComm.asp?bill=HB-07017&doc_year=2015"
    )
    senate = split_bill_id("2019-SB-851")
    assert cga.cga_padded(senate) == "SB00851" and senate.chamber == "senate"
    # Resolutions share numbers with bills: they keep their prefix.
    assert cga.cga_status_num(split_bill_id("2018-HR-1")) == "HR1"


@pytest.mark.parametrize("bad", ["", "HB", "2015-XB-1", "2015-HB-0", "HB 7017", "15-HB-7017"])
def test_bad_ids_are_refused_with_a_reason(bad):
    with pytest.raises(BadBillId):
        split_bill_id(bad)


def test_canonical_url_maps_copies_and_hosts_to_the_real_site():
    base = "http://127.0.0.1:8765/asp/cgabillstatus/cgabillstatus.asp?which_year=2015"
    assert cga.canonical_url("/2015/TOB/H/2015HB-07017-R00-HB.htm", base) == (
        "https://www.cga.ct.gov/2015/TOB/H/2015HB-07017-R00-HB.htm"
    )
    assert cga.canonical_url("http://prdext3.cga.ct.gov/2015/TOB/H/x.htm", base) == (
        "https://www.cga.ct.gov/2015/TOB/H/x.htm"
    )
    # Percent-encoding is normalised: a space and %20 are one document.
    a = cga.canonical_url("/2023/gldata/TMY/Werner,%20Michael-TMY.PDF", base)
    b = cga.canonical_url("/2023/gldata/TMY/Werner, Michael-TMY.PDF", base)
    assert a == b == "https://www.cga.ct.gov/2023/gldata/TMY/Werner,%20Michael-TMY.PDF"
    # Non-UTF-8 escapes (Windows-1252 file names) are kept byte for byte.
    assert cga.canonical_url("/2015/eddata/TMY/Nu%F1ez,%20Jos%E9-TMY.PDF", base).endswith(
        "/TMY/Nu%F1ez,%20Jos%E9-TMY.PDF"
    )
    # Other hosts are kept.
    other = "https://search.cga.state.ct.us/dl2026/tob/doc/2026SB-00298-R00-SB.docx"
    assert cga.canonical_url(other, base) == other


def test_url_key_ignores_path_case_on_the_site():
    a = "https://www.cga.ct.gov/2016/TOB/h/2016HB-05183-R00-HB.htm"
    b = "https://www.cga.ct.gov/2016/tob/H/2016HB-05183-R00-HB.HTM"
    assert cga.url_key(a) == cga.url_key(b)


def test_request_url_sends_canonical_urls_to_the_base():
    url = "https://www.cga.ct.gov/2015/TOB/H/2015HB-07017-R00-HB.htm"
    assert cga.request_url(url, "http://127.0.0.1:9/") == (
        "http://127.0.0.1:9/2015/TOB/H/2015HB-07017-R00-HB.htm"
    )
    assert cga.request_url(url, cga.CANONICAL_ORIGIN) == url


def test_bulk_urls_are_stored_canonical_and_requested_from_the_base():
    live = cga.bulk_canonical(None, "bill_info.csv")
    assert live == "ftp://ftp.cga.ct.gov/pub/data/bill_info.csv"
    assert cga.request_url(live, cga.CANONICAL_ORIGIN) == live
    copy = cga.bulk_canonical("http://127.0.0.1:9", "bill_info.csv")
    assert copy == "https://www.cga.ct.gov/pub/data/bill_info.csv"
    assert (
        cga.request_url(copy, "http://127.0.0.1:9") == "http://127.0.0.1:9/pub/data/bill_info.csv"
    )


# --------------------------------------------------------------------------- crawl scope

LIVE = Scope()
COPY = Scope("http://127.0.0.1:8765")


@pytest.mark.parametrize(
    ("scope", "url", "allowed"),
    [
        (LIVE, "https://www.cga.ct.gov/2015/TOB/H/x.htm", True),
        (LIVE, "http://cga.ct.gov/2015/TOB/H/x.htm", True),
        (LIVE, "https://prdext3.cga.ct.gov/asp/cgabillstatus/cgabillstatus.asp?x=1", True),
        (LIVE, "ftp://ftp.cga.ct.gov/pub/data/bill_info.csv", True),
        (LIVE, "ftp://ftp.cga.ct.gov/2018/tob/h/2018HB-05444-R00-HB.htm", True),
        (LIVE, "ftp://ftp.cga.ct.gov/etc/passwd", False),
        (LIVE, "ftp://evil.example/pub/data/bill_info.csv", False),
        (LIVE, "https://search.cga.state.ct.us/dl2015/tob/doc/x.docx", False),
        (LIVE, "https://evil.example/2015/TOB/H/x.htm", False),
        (LIVE, "file:///etc/passwd?x=.htm", False),
        (LIVE, "data:text/html,hello", False),
        (COPY, "http://127.0.0.1:8765/2015/TOB/H/x.htm", True),
        (COPY, "http://127.0.0.1:8766/2015/TOB/H/x.htm", False),  # another port
        (COPY, "https://127.0.0.1:8765/2015/TOB/H/x.htm", False),  # another scheme
        (COPY, "http://localhost:8765/2015/TOB/H/x.htm", False),  # another host name
        (COPY, "https://www.cga.ct.gov/2015/TOB/H/x.htm", False),  # never the live site
        (COPY, "ftp://ftp.cga.ct.gov/pub/data/bill_info.csv", False),
    ],
)
def test_scope_of_a_request(scope, url, allowed):
    reason = scope.refusal(url)
    assert (reason is None) is allowed, reason


def test_canonical_links_are_fetched_from_the_copy():
    # A canonical www.cga.ct.gov link is requested from the copy, so it is in scope there.
    assert COPY.link_refusal("https://www.cga.ct.gov/2015/TOB/H/x.htm") is None
    assert "not the crawled copy" in COPY.link_refusal("http://127.0.0.1:9/x.htm")


def test_allowed_hosts_extend_the_scope():
    hosts = frozenset(parse_allowed_hosts("mirror.example, 127.0.0.1:9"))
    scope = Scope("http://127.0.0.1:8765", hosts)
    assert scope.refusal("https://mirror.example/2015/x.htm") is None
    assert scope.refusal("http://127.0.0.1:9/x.htm") is None
    assert scope.refusal("http://127.0.0.1:10/x.htm") is not None
    assert scope.refusal("file://mirror.example/x.htm") is not None  # never another scheme


@pytest.mark.parametrize("bad", ["http://x", "a b/c", "host:port", "x;y"])
def test_allowed_hosts_must_be_host_names(bad):
    with pytest.raises(ValueError, match="not a host name"):
        parse_allowed_hosts(bad)
