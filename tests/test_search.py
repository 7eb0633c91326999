"""One search for everything (``/search``, ``publish/search.py``) on the small hostile database:
ranked hits of three kinds linking bill pages, passages highlighted and escaped, any query
answered (as words when it is no FTS5 syntax), never a 500, never a whole text read."""

from __future__ import annotations

import re
import sqlite3
from html import unescape
from urllib.parse import urlencode

import pytest
from publish_fixture import build_db, get

from billwatch.serve import make_datasette
from publish.search import CLOSE, OPEN, SearchError, highlight, phrase_query, search

HOSTILE_TEXT = (
    "Testimony. <script>alert('x')</script> The lunchroom <img src=x onerror=alert(1)> "
    '& "quotes" ]]> should stay text.'
)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = build_db(tmp_path_factory.mktemp("search") / "s.db")
    conn = sqlite3.connect(path)
    conn.execute(
        "insert into testimony (id, bill_id, committee, hearing_date, submitter, organization, "
        "position, file_name, url, text, source_url, fetched_at) values ('t9', '2015-SB-1', "
        "'ED', '2015-03-12', ?, ?, 'oppose', 'y.pdf', 'https://www.cga.ct.gov/y.pdf', ?, 'x', "
        "'2015-03-12T00:00:00Z')",
        ("<b>Eve</b>", "Org <i>&</i>", HOSTILE_TEXT),
    )
    conn.commit()
    conn.close()
    return path


@pytest.fixture(scope="module")
def ds(db_path):
    return make_datasette(db_path)


def hits(html: str) -> list[tuple[str, str]]:
    found = re.findall(
        r'<span class="bw-kind [^"]+">([^<]+)</span>\s*<a class="bw-result-link" href="([^"]+)"',
        html,
    )
    return [(kind, unescape(href)) for kind, href in found]


def test_three_kinds_at_once_each_linking_its_bill_page(ds):
    html = get(ds, "/search?q=student").text
    found = hits(html)
    kinds = {kind for kind, _ in found}
    assert kinds == {"Bill", "Bill text", "Testimony"}
    assert ("Bill", "/bills/2016-HB-5469") in found
    assert ("Testimony", "/bills/2015-HB-7017#testimony") in found
    text_links = [href for kind, href in found if kind == "Bill text"]
    assert text_links and text_links[0].startswith("/bills/2015-HB-7017#v")
    # two versions of one bill match: one hit, saying the other matches too
    assert "1 more version of this bill match" in html
    assert 'class="bw-counts"' in html and "2 bill texts" in html


def test_hostile_text_comes_out_escaped_in_snippets(ds):
    html = get(ds, "/search?q=lunchroom").text
    assert [kind for kind, _ in hits(html)] == ["Testimony"]
    snippet = re.search(r'<p class="bw-snippet">(.*?)</p>', html, re.S)[1]
    assert "<mark>lunchroom</mark>" in snippet
    assert "&lt;script&gt;" in snippet and "&lt;img" in snippet
    body = html.split("<body", 1)[1]
    for raw in ("<script>alert", "<img src=x", "<b>Eve", "<i>&"):
        assert raw not in body
    assert "&lt;b&gt;Eve&lt;/b&gt;" in html  # the submitter, escaped too


def test_a_hostile_bill_title_is_escaped(ds):
    html = get(ds, "/search?q=privacy").text
    assert "<script>alert" not in html.split("<body", 1)[1]
    assert "&lt;script&gt;alert" in html


@pytest.mark.parametrize(
    "q",
    [
        '"unbalanced',
        "title:x",
        "2015-HB-7017-",
        "AND",
        "*",
        "NEAR(",
        "a OR",
        "(((",
        "^",
        "-privacy",
        "'; drop table bills; --",
        "\u2028 \ufeff privacy",
        "x" * 500,
    ],
)
def test_any_query_is_answered_never_a_500(ds, q):
    response = get(ds, "/search?" + urlencode({"q": q}))
    assert response.status_code == 200, response.text[:300]
    assert "<script>alert" not in response.text.split("<body", 1)[1]


def test_not_fts_syntax_is_searched_as_words_and_says_so(ds):
    html = get(ds, '/search?q="student').text
    assert "is not search syntax" in html
    assert hits(html)  # still finds "student"


@pytest.mark.parametrize(
    "query, reason",
    [
        ("q=a%01b", "U+0001"),
        ("q=" + "x" * 501, "longer than 500"),
        ("q=student&kind=laws", "unknown kind"),
        ("q=student&x=%00", "U+0000"),
    ],
)
def test_what_cannot_be_searched_is_a_clear_400(ds, query, reason):
    response = get(ds, f"/search?{query}")
    assert response.status_code == 400
    assert reason in response.text


def test_an_empty_query_shows_the_form(ds):
    response = get(ds, "/search")
    assert response.status_code == 200 and 'name="q"' in response.text


def test_a_bill_id_finds_that_bill_first(ds):
    html = get(ds, "/search?q=2015-hb-07017").text
    assert hits(html)[0] == ("Bill", "/bills/2015-HB-7017")


def test_one_kind(ds):
    html = get(ds, "/search?q=student&kind=testimony").text
    assert {kind for kind, _ in hits(html)} == {"Testimony"}


def test_too_slow_is_a_400_reason(db_path):
    conn = sqlite3.connect(db_path)
    with pytest.raises(SearchError, match="took too long"):
        search(conn, "student", time_limit_ms=0)


def test_no_whole_text_leaves_sqlite(db_path):
    conn = sqlite3.connect(db_path)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    results = search(conn, "student")
    assert results.hits and statements
    ours = [sql for sql in statements if "'main'." not in sql]  # not FTS5's own reads
    assert len(ours) >= 6
    for sql in ours:
        assert "select *" not in sql.lower()
        assert not re.search(r"\b[vt]\.text\b|\btext\b\s*(,|from)", sql), sql
        assert "snippet(" in sql or " limit " in sql.lower() or "count(" in sql or "in (" in sql


def test_highlight_escapes_and_balances():
    assert highlight(f"a {OPEN}<b>{CLOSE} c") == "a <mark>&lt;b&gt;</mark> c"
    assert highlight(f"{CLOSE}x{OPEN}{OPEN}y") == "x<mark>y</mark>"
    assert highlight("\x00 & <") == "\ufffd &amp; &lt;"
    assert highlight(None) == ""


def test_phrase_query_quotes_every_word():
    assert phrase_query('say "hi" 2015-HB-1') == '"say" """hi""" "2015-HB-1"'
