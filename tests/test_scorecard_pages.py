"""Scorecard pages and cards through Datasette's client: /scorecards/TOPIC[/SESSION] as HTML (each
order its own path, filters without script), CSV (its header the table's columns) and JSON
(CORS), the member's card (HTML, JS, JSON, SVG) with the bill card's conventions, the member
page's section, errors and redirects, hostile text escaped everywhere, the static export."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from scorecards_fixture import EVIL_TOPIC_TITLE, add_scorecards
from test_bill_page import BILL, build_db, get
from votes_fixture import EVIL_MEMBER, EVIL_PRINTED, add_votes

from billwatch.serve import make_datasette
from publish.scorecard_render import CSV_COLUMNS, SORTS, scorecard_paths

PUBLIC = "https://bills.example.org"
TOPIC = "student-privacy"
CARD = f"/embed/scorecards/{TOPIC}/H88-marrowby"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return add_scorecards(add_votes(build_db(tmp_path_factory.mktemp("sc") / "billwatch.db")))


@pytest.fixture(scope="module")
def ds(db):
    return make_datasette(db, public_url=PUBLIC)


def test_the_page_lists_every_member_with_links(ds):
    response = get(ds, f"/scorecards/{TOPIC}/2015")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    assert "Student data privacy: how members voted in 2015" in page
    assert f'<a href="{PUBLIC}/legislators/H12-marrowby">Rep. Carla Marrowby</a>' in page
    assert f'<a href="{PUBLIC}/bills/{BILL}">{BILL}</a>' in page  # the positioned bill
    assert f'href="{PUBLIC}/bills/{BILL}#vote-2015-HV-276"' in page  # the counted roll call
    assert "2015-HV-275" not in page  # an amendment vote does not count by default
    assert "House 276" in page and "Supports" in page
    rows = re.findall(r'<tr class="chamber-house party-([a-z-]+) score-[a-z]+">', page)
    assert len(rows) == 5  # four linked members and one printed name
    assert "(as printed)" in page and "Sample data." in page
    assert "<IMG SRC" not in page and "&lt;IMG SRC=X ONERROR=ALERT(2)&gt;" in page
    assert "<script>x()" not in page and "<script>alert" not in page
    assert "Yea, with" in page and "Nay, against" in page


def test_filters_need_no_script(ds):
    page = get(ds, f"/scorecards/{TOPIC}/2015").text
    assert 'type="radio" name="chamber" id="chamber-house"' in page
    assert 'type="radio" name="party" id="party-is-democrat"' in page
    assert ".scorecard:has(#party-is-democrat:checked) tbody tr:not(.party-democrat)" in page
    assert ".scorecard:has(#chamber-house:checked) .chamber-senate" in page


def _order(page: str) -> list[str]:
    """The members of a page's table, in order: legislator ids, "printed" for a printed name."""
    out = []
    for cell in re.findall(r'<th scope="row">(.*?)</th>', page):
        m = re.search(r"/legislators/([^\"]+)\"", cell)
        out.append(m.group(1) if m else "printed")
    return out


def test_every_order_is_its_own_page(ds):
    def order(sort: str) -> list[str]:
        response = get(ds, f"/scorecards/{TOPIC}/2015" + (f"/by-{sort}" if sort else ""))
        assert response.status_code == 200, sort
        return _order(response.text)

    # by district (the default): H12, H40, H41, H88, then the printed name (no seat printed)
    assert order("") == ["H12-marrowby", "H40-obrien", "H41-ashby", "H88-marrowby", "printed"]
    assert order("score") == ["H12-marrowby", "H41-ashby", "H88-marrowby", "H40-obrien", "printed"]
    assert order("score-low") == [
        "H40-obrien",
        "printed",
        "H12-marrowby",
        "H41-ashby",
        "H88-marrowby",
    ]
    # by surname: ASHBY, <IMG…>, MARROWBY (Carla, then Dennis), O'BRIEN
    assert order("name") == ["H41-ashby", "printed", "H12-marrowby", "H88-marrowby", "H40-obrien"]
    assert order("against")[:2] == ["H40-obrien", "printed"]
    assert all(order(sort) for sort in SORTS if sort != "district")
    page = get(ds, f"/scorecards/{TOPIC}/2015/by-score").text
    assert 'aria-sort="descending"><a href="https://bills.example.org/scorecards/' in page
    # a second click on the sorted column reverses it
    assert (
        f'<a href="{PUBLIC}/scorecards/{TOPIC}/2015/by-score-low" data-keep-filters>Score</a>'
        in page
    )
    # the default order has one address: /by-district is a redirect to it
    redirect = get(ds, f"/scorecards/{TOPIC}/2015/by-district")
    assert redirect.status_code == 301
    assert redirect.headers["location"] == f"/scorecards/{TOPIC}/2015"
    assert get(ds, f"/scorecards/{TOPIC}/2015/by-shoe-size").status_code == 404


def test_the_csv_opens_with_the_table_columns(ds):
    response = get(ds, f"/scorecards/{TOPIC}/2015.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["access-control-allow-origin"] == "*"
    text = response.text
    assert text.splitlines()[0] == (
        "topic,session,legislator_id,name,chamber,district,party,with_group,against_group,"
        "absent,not_voting,score,sponsored,cosponsored,roll_calls"
    )
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["Carla Marrowby"]["score"] == "100" and rows["Carla Marrowby"]["with_group"] == "1"
    assert rows[EVIL_PRINTED]["legislator_id"] == "" and rows[EVIL_PRINTED]["score"] == "0"
    assert rows[EVIL_MEMBER]["party"] == "<b>Party</b>"  # data as it is: a CSV is not HTML
    assert tuple(next(csv.reader(io.StringIO(text)))) == CSV_COLUMNS


def test_a_formula_in_a_name_is_not_run_by_a_spreadsheet(tmp_path):
    import sqlite3

    db = add_scorecards(add_votes(build_db(tmp_path / "f.db")))
    conn = sqlite3.connect(db)
    conn.execute(
        "update scorecards set name = '=HYPERLINK(\"http://x\")' where member = 'H41-ashby'"
    )
    conn.commit()
    conn.close()
    text = get(make_datasette(db), f"/scorecards/{TOPIC}/2015.csv").text
    assert "'=HYPERLINK" in text


def test_the_json_document(ds):
    response = get(ds, f"/scorecards/{TOPIC}.json")
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    doc = response.json()
    assert doc["topic"] == TOPIC and doc["session"] is None and doc["sessions"] == [2015]
    assert doc["columns"] == list(CSV_COLUMNS) and doc["sample"] is True
    [position] = doc["positions"]
    assert position["bill_id"] == BILL and position["position"] == "support"
    assert position["counted_by"] == "default" and [v["id"] for v in position["votes"]] == [
        "2015-HV-276"
    ]
    rows = {r["name"]: r for r in doc["rows"]}
    assert rows["Dennis Marrowby"]["url"] == f"{PUBLIC}/legislators/H88-marrowby"
    assert rows["Dennis Marrowby"]["card"] == f"{PUBLIC}{CARD}"
    assert rows[EVIL_PRINTED]["url"] is None and rows[EVIL_PRINTED]["card"] is None


def test_the_all_sessions_page_and_the_other_topic(ds):
    page = get(ds, f"/scorecards/{TOPIC}").text
    assert "how members voted, every session" in page
    assert f'<a href="{PUBLIC}/scorecards/{TOPIC}/2015">2015</a>' in page
    other = get(ds, "/scorecards/local-4200/2015")
    assert other.status_code == 200
    assert "Counted (chosen by the group)" in other.text and "Opposes" in other.text
    assert "House 275" in other.text and "House 276" in other.text
    assert "<script>alert(&#34;topic&#34;)" not in other.text
    assert "&lt;script&gt;alert(&#34;topic&#34;)&lt;/script&gt;" in other.text
    assert "so are the group's positions" in other.text  # its positions are sample data


def test_conditional_get(ds):
    first = get(ds, f"/scorecards/{TOPIC}/2015.json")
    etag = first.headers["etag"]
    again = get(ds, f"/scorecards/{TOPIC}/2015.json", headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    html = get(ds, f"/scorecards/{TOPIC}/2015")
    assert (
        get(
            ds, f"/scorecards/{TOPIC}/2015", headers={"if-none-match": html.headers["etag"]}
        ).status_code
        == 304
    )


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/scorecards/nothing-here", 404),
        (f"/scorecards/{TOPIC}/2016", 404),
        ("/scorecards/nothing-here.json", 404),
        (f"/scorecards/{TOPIC}/2015?x=%01", 400),
    ],
)
def test_errors(ds, path, status):
    response = get(ds, path)
    assert response.status_code == status
    if path.endswith(".json"):
        assert response.json()["status"] == status


def test_an_upper_case_topic_is_redirected(ds):
    response = get(ds, "/scorecards/Student-Privacy/2015.csv")
    assert response.status_code == 301
    assert response.headers["location"] == f"/scorecards/{TOPIC}/2015.csv"


# --------------------------------------------------------------------------- the member's card


def test_card_iframe(ds):
    response = get(ds, CARD)
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors *" in csp
    html = response.text
    assert f'<a class="bw-num" href="{PUBLIC}/legislators/H88-marrowby"' in html
    assert '<span class="bw-score-num">100%</span>' in html
    assert "Votes with the group 1 of 1 in 2015" in html
    assert "Yea, with" in html and '<span class="bw-sample">sample data</span>' in html
    assert "bw-light" in html and "bw-compact" not in html.split("<body>")[1]
    assert "<script" not in html.lower()
    dark = get(ds, CARD + "?theme=dark&compact=1").text.split("<body>")[1]
    assert "bw-dark" in dark and "bw-compact" in dark and "bw-votes" not in dark
    assert get(ds, CARD + ".html").content == response.content


def test_card_json_svg_js(ds):
    data = get(ds, CARD + ".json")
    assert data.headers["access-control-allow-origin"] == "*"
    card = data.json()
    assert card["legislator_id"] == "H88-marrowby" and card["score"] == 100
    [session] = card["sessions"]
    assert session["session"] == 2015 and session["votes"][0]["vote"] == "yea"
    assert session["votes"][0]["counted"] == "with"
    svg = get(ds, CARD + ".svg")
    assert svg.headers["content-type"] == "image/svg+xml; charset=utf-8"
    root = ET.fromstring(svg.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "100% · 1 of 1" in svg.text and "Rep. Marrowby on student-privacy 2015" in svg.text
    js = get(ds, CARD + ".js")
    assert js.headers["content-type"] == "text/javascript; charset=utf-8"
    assert js.text.startswith("/* billwatch scorecard card") and "document.currentScript" in js.text
    assert '"key":"student-privacy/H88-marrowby"' in js.text
    assert get(ds, CARD + ".js", headers={"if-none-match": js.headers["etag"]}).status_code == 304


def test_a_hostile_member_card(ds):
    card = get(ds, f"/embed/scorecards/{TOPIC}/H40-obrien")
    assert card.status_code == 200
    assert "<script>x()</script>" not in card.text
    assert "O&#34;Brien &lt;script&gt;alert(1)&lt;/script&gt;" in card.text
    js = get(ds, f"/embed/scorecards/{TOPIC}/H40-obrien.js").text
    data = js[js.rindex("})(") :]  # the card's data, after the renderer
    assert "</script>" not in data and "\\u003cscript\\u003e" in data
    svg = get(ds, f"/embed/scorecards/{TOPIC}/H40-obrien.svg")
    ET.fromstring(svg.content)  # well-formed whatever the name
    assert (
        json.loads(get(ds, f"/embed/scorecards/{TOPIC}/H40-obrien.json").text)["name"]
        == EVIL_MEMBER
    )


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (f"/embed/scorecards/{TOPIC}/H99-nobody.json", 404),
        ("/embed/scorecards/nothing/H88-marrowby.json", 404),
        (f"/embed/scorecards/{TOPIC}/not-an-id.json", 400),
        (f"/embed/scorecards/{TOPIC}/h088-Marrowby.svg", 301),
    ],
)
def test_card_errors(ds, path, status):
    response = get(ds, path)
    assert response.status_code == status
    assert response.headers["access-control-allow-origin"] == "*"
    if status == 301:
        assert response.headers["location"] == f"{CARD}.svg"


def test_the_member_page_shows_each_topic(ds):
    page = get(ds, "/legislators/H88-marrowby").text
    assert 'id="scorecards"' in page
    assert f'<a href="{PUBLIC}/scorecards/{TOPIC}/2015">Student data privacy</a>' in page
    assert f'href="{PUBLIC}/scorecards/local-4200/2015"' in page
    assert "Nay, with" in page and "Yea, against" in page  # local-4200 opposes the bill
    assert "&lt;script&gt;alert(&#34;topic&#34;)" in page and EVIL_TOPIC_TITLE not in page
    assert f"{PUBLIC}{CARD}" in page


def test_the_index_lists_the_topics(ds):
    page = get(ds, "/scorecards").text
    assert f'<a href="{PUBLIC}/scorecards/{TOPIC}">Student data privacy</a>' in page
    assert f'<a href="{PUBLIC}/scorecards/local-4200/2015">2015</a>' in page
    assert "1 position, sample positions" in page
    assert get(ds, "/scorecards.html").content == get(ds, "/scorecards").content
    assert f'<a href="{PUBLIC}/scorecards">Scorecards</a>' in get(ds, f"/scorecards/{TOPIC}").text


def test_the_scorecards_join_the_static_export(db, tmp_path):
    from billwatch.export import export_site

    out = tmp_path / "site"
    written = {p.relative_to(out).as_posix() for p in export_site(db, out, PUBLIC)}
    for path in scorecard_paths(TOPIC, [2015], ["H12-marrowby"]):
        name = path.lstrip("/")
        # a page is ROUTE/index.html (the export's form for every page: README, "export")
        assert name in written or f"{name}/index.html" in written, path
    assert "scorecards/student-privacy/2015/by-score/index.html" in written
    assert "scorecards/index.html" in written
    assert "embed/scorecards/local-4200/H40-obrien.svg" in written
    assert (out / "scorecards/student-privacy/2015.csv").read_text().startswith("topic,session,")
    assert not any("KESTRELMORE" in p or "IMG" in p for p in written)  # no card without an id


SCORECARD_PATHS = [
    f"/scorecards/{TOPIC}",
    f"/scorecards/{TOPIC}/2015",
    f"/scorecards/{TOPIC}/2015/by-score",
    f"/scorecards/{TOPIC}.csv",
    f"/scorecards/{TOPIC}/2015.json",
    CARD,
    CARD + ".json",
    CARD + ".js",
    CARD + ".svg",
    "/legislators/H88-marrowby",
]


@pytest.mark.parametrize("path", SCORECARD_PATHS)
def test_an_untrusted_host_never_reaches_a_scorecard(db, path):
    response = get(make_datasette(db), path, headers={"host": "evil.example"})
    assert response.status_code == 200
    assert "evil.example" not in response.text and "Host" in response.headers["vary"]
    assert "http://" not in response.text.replace("http://www.w3.org/2000/svg", "")


def test_dirty_text_is_published_readably(tmp_path):
    import sqlite3

    from cga.text import REPLACEMENT, is_publishable

    db = add_scorecards(add_votes(build_db(tmp_path / "d.db")))
    conn = sqlite3.connect(db)
    conn.execute(
        "update scorecards set name = ? where member = ?",
        ["Dennis\x00 Mar\x1browby", "H88-marrowby"],
    )
    conn.commit()
    conn.close()
    ds = make_datasette(db)
    for path in SCORECARD_PATHS[:-1]:
        response = get(ds, path)
        assert response.status_code == 200, path
        if not path.endswith(".json"):
            assert all(is_publishable(ch) for ch in response.text), path
    assert f"Dennis{REPLACEMENT} Mar{REPLACEMENT}rowby" in get(ds, f"/scorecards/{TOPIC}/2015").text
    ET.fromstring(get(ds, CARD + ".svg").content)
