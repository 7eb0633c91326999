"""``billwatch export``: feeds, calendars (and embeds) as static files, as the server answers."""

from __future__ import annotations

import feedparser
import pytest
from click.testing import CliRunner
from publish_fixture import build_db, get

from billwatch.cli import main
from billwatch.export import ExportError, export_site, target_path
from billwatch.serve import make_datasette
from publish import site

PUBLIC = "https://advocates.example.org/billwatch"
WATCHED = ("2015-HB-7017", "2015-SB-1", "2016-HB-5469")
TOPICS = ("school-safety", "student-privacy")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("export")
    db = build_db(tmp / "b.db")
    out = tmp / "site"
    result = CliRunner().invoke(
        main, ["export", "--db", str(db), "--out", str(out), "--public-url", PUBLIC + "/"]
    )
    assert result.exit_code == 0, result.output
    return db, out


def test_every_feed_and_calendar_is_written(exported):
    _, out = exported
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    expected = {"feeds/changes.rss", "feeds/changes.atom", "feeds/hearings.ics"}
    for topic in TOPICS:
        expected |= {f"feeds/topics/{topic}.rss", f"feeds/topics/{topic}.atom"}
        expected.add(f"feeds/topics/{topic}/hearings.ics")
    for bill in WATCHED:
        expected |= {f"feeds/bills/{bill}.rss", f"feeds/bills/{bill}.atom"}
    assert expected <= files
    assert "feeds/bills/2015-HB-9.rss" not in files  # not watched
    # whatever else is written comes from embed_routes (part B's embeds)
    embeds = {r.lstrip("/") for bill in WATCHED for r in site.embed_routes(bill)}
    assert {f.removesuffix(".html") for f in files - expected} <= embeds


def test_files_are_what_the_server_answers_with_public_links(exported):
    db, out = exported
    ds = make_datasette(db, public_url=PUBLIC)
    for route in site.export_routes(list(WATCHED), list(TOPICS)):
        response = get(ds, route)
        path = target_path(out, route, response.headers["content-type"])
        assert path.read_bytes() == response.content, route
    feed = feedparser.parse((out / "feeds/bills/2015-HB-7017.atom").read_bytes())
    assert feed.bozo == 0
    assert feed.entries[0].link == f"{PUBLIC}/bills/2015-HB-7017"
    assert any(link.href == f"{PUBLIC}/feeds/bills/2015-HB-7017.atom" for link in feed.feed.links)
    assert "(sample data)" in feed.feed.title
    assert "localhost" not in (out / "feeds/hearings.ics").read_text()


def test_export_needs_a_public_url(tmp_path):
    db = build_db(tmp_path / "b.db")
    runner = CliRunner()
    result = runner.invoke(main, ["export", "--db", str(db), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "--public-url" in result.output
    result = runner.invoke(
        main, ["export", "--db", str(db), "--out", str(tmp_path / "o"), "--public-url", "x.org"]
    )
    assert result.exit_code == 2


def test_export_routes_are_data_driven(monkeypatch, tmp_path):
    # part B fills embed_routes(bill_id); whatever it lists is exported like the feeds
    monkeypatch.setattr(site, "embed_routes", lambda bill_id: [f"/feeds/bills/{bill_id}.rss"])
    routes = site.export_routes(["2015-SB-1"], ["t"])
    assert routes == [
        "/feeds/changes.rss",
        "/feeds/changes.atom",
        "/feeds/hearings.ics",
        "/feeds/topics/t.rss",
        "/feeds/topics/t.atom",
        "/feeds/topics/t/hearings.ics",
        "/feeds/bills/2015-SB-1.rss",
        "/feeds/bills/2015-SB-1.atom",
    ]  # no duplicates, stable order


def test_a_failing_route_fails_the_export(monkeypatch, tmp_path):
    monkeypatch.setattr(site, "embed_routes", lambda bill_id: [f"/embed-missing/{bill_id}"])
    with pytest.raises(ExportError, match="HTTP 404"):
        export_site(build_db(tmp_path / "b.db"), tmp_path / "o", PUBLIC)


def test_target_paths(tmp_path):
    assert target_path(tmp_path, "/feeds/changes.rss", "application/rss+xml") == (
        tmp_path / "feeds" / "changes.rss"
    )
    assert target_path(tmp_path, "/embed/2015-HB-7017", "text/html; charset=utf-8") == (
        tmp_path / "embed" / "2015-HB-7017.html"
    )
    assert target_path(tmp_path, "/feeds/topics/a%20b.rss", "application/rss+xml") == (
        tmp_path / "feeds" / "topics" / "a b.rss"
    )
    for bad in ("/feeds/../../etc/x", "/feeds/%2e%2e/x", "/a%2Fb", "/x?y=1", "relative", "/"):
        with pytest.raises(ExportError):
            target_path(tmp_path, bad, "text/plain")
