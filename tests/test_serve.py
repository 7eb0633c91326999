"""``billwatch serve``: Datasette configuration, read-only but not immutable, pages, metadata."""

from __future__ import annotations

import asyncio
import hashlib
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
import yaml
from click.testing import CliRunner
from publish_fixture import EVIL, ROOT, build_db, get

from billwatch.cli import main
from billwatch.serve import make_datasette
from pipelines.schema import open_db

PUBLIC = "https://billwatch.example.org"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("serve") / "whatever-it-is-called.db")


@pytest.fixture(scope="module")
def ds(db_path):
    return make_datasette(db_path)


def test_database_is_named_billwatch_mutable_and_alone(ds):
    databases = get(ds, "/-/databases.json").json()
    assert [(d["name"], d["is_mutable"]) for d in databases] == [("billwatch", True)]
    # so metadata.yml applies: table descriptions show
    assert "One row per bill" in get(ds, "/billwatch/bills").text


def test_settings(ds):
    settings = get(ds, "/-/settings.json").json()
    assert settings["suggest_facets"] is False
    assert 0 < settings["sql_time_limit_ms"] <= 5000
    assert settings["allow_download"] is False


@pytest.mark.parametrize(
    "table, facets",
    [
        ("bills", {"session", "stage", "outcome", "committee"}),
        ("changes", {"kind"}),
        ("testimony", {"position", "committee"}),
        ("versions", set()),  # none by default: see metadata.yml
        ("documents", {"kind"}),
    ],
)
def test_facets_are_configured_and_none_suggested(ds, table, facets):
    data = get(ds, f"/billwatch/{table}.json").json()
    assert set(data["facet_results"]) == facets
    assert data["suggested_facets"] == []


@pytest.mark.parametrize(
    "table, q, expected",
    [
        ("bills", "privacy", "2015-HB-7017"),
        ("versions", "protect", "2015-HB-7017:v1"),
        ("testimony", "encryption", "2015-HB-7017:t1"),
    ],
)
def test_full_text_search(ds, table, q, expected):
    rows = get(ds, f"/billwatch/{table}.json?_search={q}&_shape=objects").json()["rows"]
    assert expected in {r.get("id") for r in rows}


def test_nothing_can_write_through_the_web(ds, db_path):
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    insert = "insert into sessions (session) values (1999)"
    assert get(ds, f"/billwatch.json?sql={insert}").status_code == 400
    assert get(ds, f"/billwatch.json?sql=select 1; {insert}").status_code == 400
    for path in (
        "/billwatch/bills",
        "/billwatch/-/create",
        "/billwatch/bills/-/insert",
        "/billwatch/latest_changes",
        "/feeds/changes.rss",
    ):
        for method in ("post", "put", "delete", "patch"):
            response = asyncio.run(getattr(ds.client, method)(path))
            assert response.status_code == 405, (method, path)
    # even Datasette's own write path is refused by the connection itself
    with pytest.raises(Exception, match="readonly"):
        asyncio.run(ds.get_database("billwatch").execute_write(insert))
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
    assert get(
        ds, "/billwatch.json?sql=select count(*) from sessions where session = 1999&_shape=array"
    ).json() == [{"count(*)": 0}]


def test_not_immutable_sees_writes_made_while_served(tmp_path):
    path = build_db(tmp_path / "live.db")
    ds = make_datasette(path)
    sql = "/billwatch.json?sql=select count(*) as n from bills&_shape=array"
    assert get(ds, sql).json() == [{"n": 4}]
    db = open_db(path)  # what billwatch update does while the site is up
    db["bills"].insert({**db["bills"].get("2015-SB-1"), "id": "2015-SB-2", "number": 2})
    db.conn.commit()
    db.close()
    assert get(ds, sql).json() == [{"n": 5}]


def test_every_canned_query_runs(ds):
    queries = yaml.safe_load((ROOT / "metadata.yml").read_text())["databases"]["billwatch"][
        "queries"
    ]
    examples = {
        "stage": "reported",
        "session": "2015",
        "topic": "school-safety",
        "organization": "acme",
        "bill": "2015-HB-7017",
        "kind": "",
        "q": "privacy",
        "section": "10-234bb",  # lineage's bills_amending_section
        "public_act": "",
        "member": "H12-marrowby",
        "margin": "",
        "committee": "ED",  # issue 16: a committee's hearing calendar
    }
    for name, query in queries.items():
        params = set(re.findall(r"(?<!:):(\w+)", query["sql"]))
        qs = "&".join(f"{p}={examples[p]}" for p in sorted(params))
        response = get(ds, f"/billwatch/{name}.json?_shape=objects&{qs}")
        assert response.status_code == 200, (name, response.text)
        assert "title" in query and "description" in query
    rows = get(ds, "/billwatch/testimony_by_organization.json?_shape=array&organization=acme")
    assert rows.json()[0]["position"] == "support"
    rows = get(ds, "/billwatch/bills_of_topic.json?_shape=array&topic=school-safety").json()
    assert {r["id"] for r in rows} == {"2015-HB-7017", "2015-SB-1"}
    rows = get(ds, "/billwatch/latest_changes.json?_shape=array").json()
    assert rows and all("first seen" not in r["summary"] for r in rows)


@pytest.mark.parametrize(
    "path, feeds",
    [
        ("/", ["/feeds/changes.rss", "/feeds/changes.atom", "/feeds/hearings.ics"]),
        ("/billwatch", ["/feeds/changes.rss", "/feeds/changes.atom"]),
        ("/billwatch/changes", ["/feeds/changes.rss", "/feeds/changes.atom"]),
        ("/billwatch/bills/2015-HB-7017", ["/feeds/bills/2015-HB-7017.rss"]),
        ("/billwatch/changes?bill_id=2015-SB-1", ["/feeds/bills/2015-SB-1.atom"]),
        (
            "/billwatch/bills_of_topic?topic=school-safety",
            ["/feeds/topics/school-safety.rss", "/feeds/topics/school-safety/hearings.ics"],
        ),
        ("/billwatch/bills?_search=privacy", ["/feeds/search.rss?q=%22privacy%22"]),
        ("/billwatch/hearings", ["/feeds/hearings.ics"]),
    ],
)
def test_pages_advertise_their_feeds(ds, path, feeds):
    html = get(ds, path).text
    head = html.split("</head>")[0]
    links = re.findall(r'<link rel="alternate" type="([^"]+)" title="[^"]*" href="([^"]+)">', head)
    hrefs = {href.replace("&amp;", "&") for _, href in links}
    for feed in feeds:
        # no --public-url and no allowed Host: site-relative links (the Host is not trusted)
        assert feed in hrefs, (feed, links)


def test_page_feed_links_use_the_public_url(db_path):
    ds = make_datasette(db_path, public_url=PUBLIC + "/")
    assert f'href="{PUBLIC}/feeds/changes.atom"' in get(ds, "/").text


def test_pages_say_sample_data_only_for_sample_data(tmp_path, ds):
    for path in ("/", "/billwatch", "/billwatch/bills", "/billwatch/bills/2015-SB-1"):
        assert "billwatch-sample" in get(ds, path).text
    live = make_datasette(build_db(tmp_path / "live.db", sample=False))
    for path in ("/", "/billwatch/bills"):
        assert "billwatch-sample" not in get(live, path).text


def test_pages_show_the_last_successful_update(ds):
    import sqlite3

    from publish.site import last_update

    conn = sqlite3.connect(ds.get_database("billwatch").path)
    stamp = last_update(conn)
    conn.close()
    assert stamp
    for path in ("/", "/billwatch/bills"):
        assert f'Last successful update: <time datetime="{stamp}">' in get(ds, path).text


def test_untrusted_titles_are_escaped_on_pages(ds):
    for path in ("/billwatch/bills", "/billwatch/bills/2015-HB-7017", "/billwatch/testimony"):
        html = get(ds, path).text
        assert "<script>alert" not in html and "<script>x()" not in html
    assert "&lt;script&gt;alert" in get(ds, "/billwatch/bills/2015-HB-7017").text
    assert EVIL.startswith("STUDENT DATA PRIVACY <script>")


def test_serve_command_options():
    runner = CliRunner()
    result = runner.invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--port", "--host", "--public-url"):
        assert option in result.output
    result = runner.invoke(main, ["serve", "--db", "/nonexistent.db"])
    assert result.exit_code == 2
    result = runner.invoke(main, ["serve", "--db", __file__, "--public-url", "ftp://x"])
    assert result.exit_code == 2 and "http(s) URL" in result.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_billwatch_serve_really_serves(db_path):
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "billwatch",
            "serve",
            "--db",
            str(db_path),
            "--port",
            str(port),
            "--public-url",
            PUBLIC,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}/feeds/changes.atom"
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    body = response.read()
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        assert f"{PUBLIC}/feeds/changes.atom".encode() in body
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_only_finished_crawls_count_as_an_update(tmp_path):
    from pipelines.schema import open_db
    from publish.site import last_update

    db = open_db(tmp_path / "u.db")
    rows = [("2026-03-01T10:00:00Z", "finished"), ("2026-03-02T10:00:00Z", "shutdown")]
    for finished_at, reason in rows:
        db["crawls"].insert(
            {
                "started_at": finished_at,
                "finished_at": finished_at,
                "base_url": "https://www.cga.ct.gov",
                "finish_reason": reason,
            }
        )
    assert last_update(db.conn) == "2026-03-01T10:00:00Z"


def test_table_permission_rules_are_datasettes_own(db_path):
    """``PublicDatasette`` works each table's rules out once: they are Datasette's own, a
    table closed by its metadata stays closed request after request, and the others open."""
    from datasette.app import Datasette
    from datasette.database import Database

    from publish.app import PublicDatasette

    closed = {"databases": {"billwatch": {"tables": {"actions": {"allow": False}}}}}
    ds = PublicDatasette(metadata=closed)
    ds.add_database(Database(ds, path=str(db_path)), name="billwatch")
    tables = asyncio.run(ds.get_database("billwatch").table_names())
    assert "actions" in tables
    for table in [*tables, "no_such_table"]:
        for _ in range(2):
            assert ds._table_permission_allows("billwatch", table) == (
                Datasette._table_permission_allows(ds, "billwatch", table)
            ), table
    assert ds._table_permission_allows("billwatch", "actions") == [False]
    assert [get(ds, "/billwatch/actions").status_code for _ in range(2)] == [403, 403]
    assert get(ds, "/billwatch/bills").status_code == 200
