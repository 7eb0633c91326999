"""The site a new user meets after the demo, on a real crawl of the offline sample site:
one search from the home page finds what only a testimony or only a bill text holds, and the
static export, served by a plain static file server from a sub-folder, has no broken link.

One crawl (``billwatch update --session 2015 --all`` against the sample site, as the demo does)
and one export are shared by the module.  The link checker (tests/sitecheck.py) knows no page
kind: whatever pages later issues add to the export are followed the same way.
"""

from __future__ import annotations

import re
import sqlite3
import urllib.request
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

import pytest
from publish_fixture import get
from sitecheck import check_site, serve_static

from billwatch.export import export_site
from billwatch.samplesite import running
from billwatch.serve import make_datasette

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample-site"
PUBLIC = "https://union.example.org/our-bills"
ONLY_IN_TESTIMONY = ("lunchroom", "2015-HB-7017")  # word, the bill whose testimony holds it
ONLY_IN_A_TEXT = ("prescription", "2015-SB-415")  # word, the bill whose text holds it


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory, crawlkit):
    db = tmp_path_factory.mktemp("sample") / "sample.db"
    with running(root=SAMPLE) as base_url:
        crawlkit.update(base_url, db, "--session", "2015", "--all")
    return db


@pytest.fixture(scope="module")
def ds(sample_db):
    return make_datasette(sample_db)


def _matches(db, fts: str, word: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"select count(*) from {fts} where {fts} match ?", [word]).fetchone()[0]
    finally:
        conn.close()


def search_from_home(ds, word: str) -> str:
    """Fill in the home page's search form as a browser would, and return the results page."""
    home = get(ds, "/").text
    form = re.search(r'<form class="bw-search" action="([^"]+)" method="get"', home)
    field = re.search(r'<input id="bw-q" type="search" name="([^"]+)"', home)
    assert form and field, "the home page has no search box"
    response = get(ds, f"{form[1]}?{urlencode({field[1]: word})}")
    assert response.status_code == 200
    return response.text


def result_links(html: str) -> list[tuple[str, str]]:
    """(kind label, link) of each search result."""
    found = re.findall(
        r'<span class="bw-kind [^"]+">([^<]+)</span>\s*<a class="bw-result-link" href="([^"]+)"',
        html,
    )
    return [(kind, unescape(href)) for kind, href in found]


def test_a_word_only_a_testimony_holds_is_found_from_the_home_page(ds, sample_db):
    word, bill = ONLY_IN_TESTIMONY
    assert _matches(sample_db, "testimony_fts", word) >= 1
    assert _matches(sample_db, "bills_fts", word) == _matches(sample_db, "versions_fts", word) == 0
    html = search_from_home(ds, word)
    assert ("Testimony", f"/bills/{bill}#testimony") in result_links(html)
    assert f"<mark>{word}</mark>" in html  # a passage, highlighted, not the whole text
    # the anchor exists on the bill page
    assert 'id="testimony"' in get(ds, f"/bills/{bill}").text


def test_a_word_only_a_bill_text_holds_is_found_from_the_home_page(ds, sample_db):
    word, bill = ONLY_IN_A_TEXT
    assert _matches(sample_db, "versions_fts", word) >= 1
    assert _matches(sample_db, "bills_fts", word) == _matches(sample_db, "testimony_fts", word) == 0
    html = search_from_home(ds, word)
    links = result_links(html)
    assert links and links[0][0] == "Bill text" and links[0][1].startswith(f"/bills/{bill}#v")
    anchor = links[0][1].split("#")[1]
    assert f'id="{anchor}"' in get(ds, f"/bills/{bill}").text
    assert f"<mark>{word}</mark>" in html


def test_snippets_are_passages_not_whole_texts(ds, sample_db):
    conn = sqlite3.connect(sample_db)
    longest = conn.execute("select max(length(text)) from versions").fetchone()[0]
    conn.close()
    html = get(ds, "/search?q=student").text
    snippets = re.findall(r'<p class="bw-snippet">(.*?)</p>', html, re.S)
    assert snippets and max(len(s) for s in snippets) < min(1000, longest)


@pytest.fixture(scope="module")
def export(sample_db, tmp_path_factory):
    root = tmp_path_factory.mktemp("www")
    written = export_site(sample_db, root / "our-bills", PUBLIC)
    return root, written


def test_the_export_has_no_broken_link_on_a_plain_static_server(export, sample_db):
    root, written = export
    with serve_static(root) as base:
        report = check_site(f"{base}/our-bills/index.html", PUBLIC)
        # the iframe address without a slash works there too (the host adds it)
        with urllib.request.urlopen(f"{base}/our-bills/embed/2015-HB-7017") as card:
            assert card.status == 200 and b"bw-card" in card.read()
    assert report.problems == []
    assert report.links > 100
    # every page the export wrote is reachable from the index: every bill of the database
    pages = {p.relative_to(root).as_posix() for p in written if p.name == "index.html"}
    visited = {u.split(base + "/", 1)[1] for u in report.pages}
    visited = {u + "index.html" if u.endswith("/") else u for u in visited}
    assert pages <= visited
    conn = sqlite3.connect(sample_db)
    bills = {r[0] for r in conn.execute("select id from bills")}
    conn.close()
    assert {f"our-bills/bills/{b}/index.html" for b in bills} <= visited


def test_exported_cards_have_their_looks_as_paths(export):
    root, _ = export
    card = root / "our-bills" / "embed" / "2015-HB-7017"
    assert 'class="bw-card bw-light' in (card / "index.html").read_text()
    assert 'class="bw-card bw-dark' in (card / "dark" / "index.html").read_text()
    assert "bw-compact" in (card / "compact" / "index.html").read_text()
    both = (card / "dark" / "compact" / "index.html").read_text()
    assert "bw-dark" in both and "bw-compact" in both
