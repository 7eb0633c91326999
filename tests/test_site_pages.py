"""The site for reporters and union webmasters, on the small hostile database: the home page,
topic and session pages, the card's looks as paths, bill links in Datasette's tables, row pages
and queries, table pages that show data first, and the reporters' guide."""

from __future__ import annotations

import re
from html import unescape

import pytest
from publish_fixture import EVIL, build_db, get

from billwatch.serve import make_datasette
from publish.reporters import DEFAULT_SQL

PUBLIC = "https://union.example.org"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("pages") / "p.db")


@pytest.fixture(scope="module")
def ds(db_path):
    return make_datasette(db_path)


@pytest.fixture(scope="module")
def export_ds(db_path):
    return make_datasette(db_path, public_url=PUBLIC, static_export=True)


def body(html: str) -> str:
    return html.split("<body", 1)[1]


def hrefs(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]*)"', html)]


# ------------------------------------------------------------------ the home page


def test_home_page_searches_and_links_topics_sessions_and_bills(ds):
    response = get(ds, "/")
    assert response.status_code == 200
    html = response.text
    assert '<form class="bw-search" action="/search" method="get"' in html
    links = hrefs(html)
    for path in ("/topics/school-safety", "/topics/student-privacy", "/sessions/2015"):
        assert path in links
    assert "/sessions/2016" in links
    assert "/bills/2015-HB-7017" in links  # the latest changes link their bill pages
    assert "/feeds/topics/student-privacy/hearings.ics" in links
    assert "/reporters" in links and "/billwatch" in links
    assert "first seen" not in html  # baseline history is not news
    assert "<script>alert" not in body(html)


def test_home_page_for_the_export_offers_only_what_a_static_host_serves(export_ds):
    html = get(export_ds, "/").text
    assert 'class="bw-search"' not in html
    links = hrefs(html)
    assert "/reporters" not in links and not any(h.startswith("/billwatch") for h in links)
    assert f"{PUBLIC}/feeds/changes.rss" in links


# ------------------------------------------------------------------ topics and sessions


def test_topic_page_lists_its_bills_with_status_feeds_and_calendar(ds):
    response = get(ds, "/topics/school-safety")
    assert response.status_code == 200
    html = response.text
    links = hrefs(html)
    assert "/bills/2015-HB-7017" in links and "/bills/2015-SB-1" in links
    assert "/bills/2016-HB-5469" not in links  # another topic's
    for path in (
        "/feeds/topics/school-safety.rss",
        "/feeds/topics/school-safety.atom",
        "/feeds/topics/school-safety/hearings.ics",
        "/embed/2015-SB-1",
    ):
        assert path in links
    assert "Reported by committee" in html and "Last action" in html
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert "<script>alert" not in body(html) and "&lt;script&gt;" in html
    assert "bills_of_topic?topic=school-safety" in html  # the data, live only


def test_topic_page_unknown_or_unpublishable(ds):
    assert get(ds, "/topics/no-such-topic").status_code == 404
    bad = get(ds, "/topics/a%01b")
    assert bad.status_code == 400 and "U+0001" in bad.text
    evil = get(ds, "/topics/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert evil.status_code == 404 and "<script>alert(1)" not in evil.text


def test_session_page_lists_every_bill(ds):
    html = get(ds, "/sessions/2015").text
    links = hrefs(html)
    for bill in ("2015-HB-7017", "2015-SB-1", "2015-HB-9"):  # watched or not
        assert f"/bills/{bill}" in links
    assert "/bills/2016-HB-5469" not in links
    assert "<script>alert" not in body(html)
    assert get(ds, "/sessions/1999").status_code == 404


# ------------------------------------------------------------------ the card's looks as paths


@pytest.mark.parametrize(
    "path, query",
    [("dark", "theme=dark"), ("compact", "compact=1"), ("dark/compact", "theme=dark&compact=1")],
)
def test_card_looks_are_paths_and_queries_alike(ds, path, query):
    by_path = get(ds, f"/embed/2015-HB-7017/{path}")
    by_query = get(ds, f"/embed/2015-HB-7017?{query}")
    assert by_path.status_code == 200
    assert body(by_path.text) == body(by_query.text)
    assert by_path.headers["content-security-policy"] == by_query.headers["content-security-policy"]


def test_card_look_paths_redirect_to_the_canonical_id(ds):
    response = get(ds, "/embed/2015-hb-07017/dark")
    assert response.status_code == 301
    assert response.headers["location"] == "/embed/2015-HB-7017/dark"
    assert get(ds, "/embed/2015-HB-7017/purple").status_code == 404


# ------------------------------------------------------------------ bill links in Datasette


def test_a_bill_id_links_its_bill_page_in_tables_rows_and_queries(ds):
    link = '<a class="bw-bill" href="/bills/2015-HB-7017">2015-HB-7017</a>'
    for path in (
        "/billwatch/changes",
        "/billwatch/testimony",
        "/billwatch/versions",
        "/billwatch/bills/2015-HB-7017",  # a row page
        "/billwatch/bills_of_topic?topic=student-privacy",  # a canned query
        "/billwatch?sql=select+bill_id+from+changes+limit+3",  # any SQL
        "/billwatch/testimony?_search=encryption",  # a table search
    ):
        html = get(ds, path).text
        assert link in html, path
    for path in ("/billwatch/bills", "/billwatch/bills?_search=privacy"):
        table = get(ds, path).text  # the id links the row page, and the bill page beside it
        assert '<a class="bw-bill-page" href="/bills/2015-HB-7017"' in table, path
    row = get(ds, "/billwatch/bills/2015-HB-7017").text
    assert '<p class="bw-row-bill"><a href="/bills/2015-HB-7017">The bill page</a>' in row
    # a version id, a change key or a title holding an id are not bill ids
    versions = get(ds, "/billwatch/versions").text
    assert 'href="/bills/2015-HB-7017:v1"' not in versions


def test_json_and_csv_are_untouched(ds):
    rows = get(ds, "/billwatch/changes.json?_shape=array&_size=1").json()
    assert "<a" not in rows[0]["bill_id"]
    assert "<a" not in get(ds, "/billwatch/changes.csv?_size=2").text


# ------------------------------------------------------------------ data first


def test_table_pages_fold_their_column_descriptions(ds):
    html = get(ds, "/billwatch/bills").text
    folded = re.search(r'<details class="bw-columns">(.*?)</details>', html, re.S)
    assert folded and "Canonical bill id" in folded[1]
    assert '<details class="bw-columns" open' not in html
    outside = html.replace(folded[0], "")
    assert "Canonical bill id" not in outside.split("<table", 1)[0]  # nothing unfolded
    assert '<dl class="column-descriptions">' not in outside
    assert html.index('id="_search"') - html.index("<h1") < 6000  # the search box near the top
    assert 'href="/search"' in html  # one search for everything
    assert "data-column-description=" in html  # still in the column menus


def test_internal_tables_are_hidden_but_queryable(ds):
    html = get(ds, "/billwatch").text
    listed = re.findall(r'<h3><a href="/billwatch/([^"]+)">', html)
    assert "bills" in listed and "testimony" in listed
    for internal in ("_sqlite_migrations", "http_cache", "crawls", "errors", "collections"):
        assert internal not in listed
        count = get(ds, f"/billwatch.json?sql=select+count(*)+as+n+from+{internal}&_shape=array")
        assert count.status_code == 200, internal


def test_the_sql_box_starts_on_a_useful_query(ds):
    html = get(ds, "/billwatch").text
    box = re.search(r'<textarea id="sql-editor" name="sql">(.*?)</textarea>', html, re.S)[1]
    assert unescape(box) == DEFAULT_SQL
    assert get(ds, "/billwatch.json?sql=" + DEFAULT_SQL.replace("\n", " ")).status_code == 200


def test_feed_and_calendar_queries_are_not_listed_but_still_answer(ds):
    html = get(ds, "/billwatch").text
    listed = re.findall(r'<li><a href="/billwatch/([a-z_]+)"', html)
    assert "latest_changes" in listed and "bills_of_topic" in listed
    assert not [q for q in listed if q.startswith(("feed_", "calendar_"))]
    assert get(ds, "/billwatch/calendar_hearings").status_code == 200


def test_reporters_page(ds):
    response = get(ds, "/reporters")
    assert response.status_code == 200
    html = response.text
    links = hrefs(html)
    assert "/billwatch/latest_changes" in links and "/billwatch/testimony_on_bill" in links
    assert not any("/feed_" in h or "/calendar_" in h for h in links)
    assert "/billwatch/bills" in links  # the schema: each table
    assert "/billwatch/bills.csv?_stream=on&_size=max&_dl=1" in links  # bulk download
    assert "/billwatch/versions.csv?_stream=on&_size=max&_dl=1&_nocol=text" in links
    assert "_shape=array" in html and "ISO 8601" in html  # the conventions
    assert "(asks for bill)" in html  # testimony_on_bill's parameter
    assert "/billwatch/http_cache" not in links


def test_the_bill_page_links_its_topics_and_card_looks(ds):
    html = get(ds, "/bills/2015-HB-7017").text
    links = hrefs(html)
    assert "/topics/student-privacy" in links and "/topics/school-safety" in links
    assert "/embed/2015-HB-7017/dark" in links and "/embed/2015-HB-7017/compact" in links
    assert 'href="/static/billwatch.css"' in html


def test_a_bulk_only_bill_says_so(tmp_path):
    db = build_db(tmp_path / "b.db")
    ds = make_datasette(db)
    assert 'id="bulk-only"' in get(ds, "/bills/2015-HB-9").text
    assert EVIL  # the fixture's hostile title is the watched bill's
