"""Roll calls where people see them: the bill page's Roll calls, /legislators/ID, vote entries in
the feeds, the canned queries for reporters and the static export, on small hostile databases
(tests/votes_fixture.py)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import feedparser
import pytest
import yaml
from publish_fixture import build_db as build_feed_db
from publish_fixture import get
from test_bill_page import build_db as build_page_db
from votes_fixture import EVIL_MEMBER, EVIL_PRINTED, add_votes

from billwatch.export import export_site
from billwatch.serve import make_datasette
from pipelines.schema import open_db
from publish.bill_render import load_bill_page

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = "https://bills.example.org"
BILL = "2015-HB-7017"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    return add_votes(build_page_db(tmp_path_factory.mktemp("votes-page") / "billwatch.db"))


@pytest.fixture(scope="module")
def ds(db_path):
    return make_datasette(db_path, public_url=PUBLIC)


@pytest.fixture(scope="module")
def page(ds) -> str:
    response = get(ds, f"/bills/{BILL}")
    assert response.status_code == 200
    return response.text


def section(page: str) -> str:
    start = page.index('<section id="votes"')
    return page[start : page.index("</section>", start)]


def test_bill_page_lists_each_roll_call(page):
    votes = section(page)
    assert 'href="#votes">Roll calls (2)</a>' in page
    assert votes.index('id="vote-2015-HV-275"') < votes.index('id="vote-2015-HV-276"')
    assert "<h3>House adopted amendment schedule A 3–2 on May 29, 2015</h3>" in votes
    assert "<h3>House passed 4–2 on May 29, 2015, as amended</h3>" in votes
    assert "Roll call 275 · Amendment schedule A" in votes and "3 needed" in votes
    # the incomplete one says so, once
    assert votes.count("do not add up to its printed totals") == 1
    # official document: an http(s) link only
    assert 'href="https://www.cga.ct.gov/2015/VOTE/H/PDF/2015HV-00275-R00HB07017-HV.PDF"' in votes
    assert "javascript:" not in page


def test_members_expand_grouped_and_linked_only_when_known(page):
    votes = section(page)
    assert votes.count("<details") == 2 and "How each member voted (5)" in votes
    assert "Yea (3)" in votes and "Nay (2)" in votes
    assert f'href="{PUBLIC}/legislators/H12-marrowby"' in votes
    assert "KESTRELMORE</li>" in votes  # known by the printed name only: no link
    assert "(D)" in votes


def test_hostile_names_are_text(page):
    assert EVIL_PRINTED not in page and "&lt;IMG SRC=X ONERROR=ALERT(2)&gt;" in page
    assert "<script>alert(1)" not in page
    assert "O&#34;Brien &lt;script&gt;" in page  # the member's full name, in a title attribute


def test_bill_page_queries_use_indexes(db_path):
    conn = sqlite3.connect(db_path)
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    assert len(load_bill_page(conn, BILL, "")["votes"]) == 2
    plans = []
    for sql in seen:
        if "votes" in sql and sql.lstrip().lower().startswith("select"):
            plans += [r[-1] for r in conn.execute("explain query plan " + sql).fetchall()]
    assert plans and not [p for p in plans if p.startswith("SCAN")], plans


def test_a_bill_without_roll_calls(ds):
    text = get(ds, "/bills/2016-HB-5469").text
    assert "No roll-call vote stored for this bill." in text and "Roll calls (0)" in text


def test_member_page(ds):
    response = get(ds, "/legislators/H12-marrowby")
    assert response.status_code == 200
    text = response.text
    assert "<h1>Representative Carla Marrowby" in text and "12th District" in text
    assert 'href="mailto:Carla.Marrowby@cga.ct.gov"' in text and "860-240-8012" in text
    assert "Education Committee" in text and "(APP)" in text  # a code with no name is shown as is
    assert text.count('<tr id="vote-2015-HV-') == 2
    assert f'href="{PUBLIC}/bills/{BILL}#vote-2015-HV-275"' in text
    assert '<span class="cast yea">Yea</span> 2' in text
    assert "(sample data)" in text or "Sample data" in text


def test_member_page_escapes_everything(ds):
    text = get(ds, "/legislators/H40-obrien").text
    assert "<script>alert(1)" not in text and "<script>x()" not in text
    assert "javascript:alert(3)" not in text  # not an http(s) URL: not linked
    assert 'href="mailto:&#34;&gt;&lt;script&gt;x()&lt;/script&gt;@x.org"' in text
    assert "&lt;b&gt;Party&lt;/b&gt;" in text
    assert re.search(r"<span class=\"cast nay\">Nay</span>", text)


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/legislators/h012-Marrowby", 301, "/legislators/H12-marrowby"),
        ("/legislators/H12-nobody", 404, "billwatch holds no legislator H12-nobody."),
        ("/legislators/H152-marrowby", 400, "house district 152 is not between 1 and 151"),
        ("/legislators/not-an-id", 400, "expected e.g. H106-bolinsky"),
        ("/legislators/H12-marrowby?x=%01", 400, "parameter x holds U+0001"),
    ],
)
def test_member_page_answers(ds, path, status, says):
    response = get(ds, path)
    assert response.status_code == status
    if status == 301:
        assert response.headers["location"] == says
    else:
        assert says in response.text
        assert ("Legislator not found" if status == 404 else "Not a legislator id") in response.text


@pytest.fixture(scope="module")
def feed_ds(tmp_path_factory):
    path = add_votes(build_feed_db(tmp_path_factory.mktemp("votes-feed") / "b.db"))
    return make_datasette(path, public_url=PUBLIC), path


def test_vote_entries_in_the_feeds(feed_ds):
    ds, _ = feed_ds
    for path in (f"/feeds/bills/{BILL}.atom", "/feeds/changes.rss?kind=vote"):
        feed = feedparser.parse(get(ds, path).content)
        assert feed.bozo == 0, path
        votes = [e for e in feed.entries if e.tags[0].term == "vote"]
        assert len(votes) == 2, path
        entry = next(e for e in votes if e.link.endswith("#vote-2015-HV-275"))
        assert entry.link == f"{PUBLIC}/bills/{BILL}#vote-2015-HV-275"
        assert entry.title == "House passed 2015-HB-7017 3–2"
        assert "Roll call 275 on May 29, 2015." in (entry.get("content") or [entry])[0].get(
            "value", entry.get("summary", "")
        )


def canned(ds, name: str, **params) -> list[dict]:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    response = get(ds, f"/billwatch/{name}.json?_shape=array&{query}")
    assert response.status_code == 200, response.text
    return response.json()


def test_canned_queries_for_reporters(ds):
    mine = canned(ds, "member_votes", member="H12-marrowby")
    assert [(r["number"], r["vote"]) for r in mine] == [(276, "yea"), (275, "yea")]
    printed = canned(ds, "member_votes", member="kestrelmore")
    assert [(r["number"], r["vote"], r["legislator_id"]) for r in printed] == [(275, "nay", None)]
    assert [r["number"] for r in canned(ds, "close_votes", margin="1", session="")] == [275]
    assert {r["number"] for r in canned(ds, "close_votes", margin="", session="2015")} == {275, 276}
    against = canned(ds, "votes_against_party", session="")
    assert [(r["number"], r["legislator_id"], r["vote"]) for r in against] == [
        (275, "H88-marrowby", "nay")
    ]
    assert (against[0]["party_yea"], against[0]["party_nay"]) == (2, 1)


def test_vote_queries_use_indexes(db_path):
    queries = yaml.safe_load((ROOT / "metadata.yml").read_text())["databases"]["billwatch"][
        "queries"
    ]
    db = open_db(db_path)
    plan = [
        r[-1]
        for r in db.execute(
            "explain query plan " + queries["member_votes"]["sql"], {"member": "x"}
        ).fetchall()
    ]
    assert not [p for p in plan if p.startswith("SCAN") and "picked" not in p], plan


def test_pages_join_the_static_export(feed_ds, tmp_path):
    _, path = feed_ds
    out = tmp_path / "site"
    written = {p.relative_to(out).as_posix() for p in export_site(path, out, PUBLIC)}
    assert {
        f"bills/{BILL}/index.html",
        "legislators/H12-marrowby/index.html",
        "legislators/H40-obrien/index.html",
    } <= written
    member = (out / "legislators/H12-marrowby/index.html").read_text()
    # exported pages link each other relatively (the whole-site export, issue 13)
    assert f'href="../../bills/{BILL}/#vote-2015-HV-275"' in member
    bill = (out / f"bills/{BILL}/index.html").read_text()
    assert 'id="vote-2015-HV-276"' in bill and EVIL_MEMBER not in bill
