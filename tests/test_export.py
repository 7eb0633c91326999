"""``billwatch export``: the whole site as static files, as the server answers (its pages with
relative links: tests/test_export_site.py follows them on a static server)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner
from publish_fixture import _bill, build_db, get

from billwatch.cli import main
from billwatch.export import ExportError, export_site, target_path
from billwatch.serve import make_datasette
from pipelines.schema import open_db
from publish import site
from publish.relative_links import StaticLinks, is_page

PUBLIC = "https://advocates.example.org/billwatch"
WATCHED = ("2015-HB-7017", "2015-SB-1", "2016-HB-5469")
BILLS = (*WATCHED, "2015-HB-9")  # every bill, watched or not
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


def test_every_page_feed_and_calendar_is_written(exported):
    _, out = exported
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    expected = {"feeds/changes.rss", "feeds/changes.atom", "feeds/hearings.ics", "index.html"}
    expected |= {"sessions/2015/index.html", "sessions/2016/index.html"}
    for topic in TOPICS:
        expected |= {f"feeds/topics/{topic}.rss", f"feeds/topics/{topic}.atom"}
        expected |= {f"feeds/topics/{topic}/hearings.ics", f"topics/{topic}/index.html"}
    for bill in BILLS:  # a bill no topic follows has its page, feeds and card too
        expected |= {f"feeds/bills/{bill}.rss", f"feeds/bills/{bill}.atom"}
        expected |= {f"bills/{bill}/index.html", f"embed/{bill}/index.html"}
        expected |= {f"embed/{bill}.{fmt}" for fmt in ("js", "json", "svg")}
        expected |= {f"embed/{bill}/{look}/index.html" for look in ("dark", "compact")}
    # and each committee's hearing calendar (issue 16): the fixture's committee is ED
    expected.add("feeds/committees/ED/hearings.ics")
    assert expected <= files
    # whatever else is written: the card in its third look, the static files pages use
    assert {f for f in files - expected if not f.endswith("/dark/compact/index.html")} == {
        "-/static/app.css",
        "static/billwatch.css",
        ".billwatch-export",
    }


def test_files_are_what_the_server_answers_with_public_links(exported):
    db, out = exported
    ds = make_datasette(db, public_url=PUBLIC, static_export=True)
    routes = site.export_routes(ds.get_database("billwatch").connect())
    links = StaticLinks(routes, PUBLIC)
    for route in routes:
        response = get(ds, route)
        path = target_path(out, route, response.headers["content-type"])
        if is_page(route):  # the same page, its internal links relative
            assert path.read_text() == links.rewrite(response.text, route)[0], route
        else:
            assert path.read_bytes() == response.content, route
    feed = feedparser.parse((out / "feeds/bills/2015-HB-7017.atom").read_bytes())
    assert feed.bozo == 0
    # on the public URL, at the entry's place on the bill page (issue 12)
    assert feed.entries[0].link.startswith(f"{PUBLIC}/bills/2015-HB-7017#")
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
    db = open_db(tmp_path / "r.db")
    db["bills"].insert_all([_bill(bill_id, "A TITLE.") for bill_id in ("2015-SB-1", "2016-HB-2")])
    db["bill_topics"].insert({"bill_id": "2015-SB-1", "topic": "t", "matched": "bill id"})
    # whatever embed_routes(bill_id) lists is exported like the feeds, each route once
    monkeypatch.setattr(site, "embed_routes", lambda bill_id: [f"/feeds/bills/{bill_id}.rss"])
    monkeypatch.setattr(site, "card_variant_routes", lambda bill_id: [])
    assert site.export_routes(db.conn) == [
        "/",
        "/feeds/changes.rss",
        "/feeds/changes.atom",
        "/feeds/hearings.ics",
        "/sessions/2016",
        "/sessions/2015",
        "/topics/t",
        "/feeds/topics/t.rss",
        "/feeds/topics/t.atom",
        "/feeds/topics/t/hearings.ics",
        "/bills/2015-SB-1",
        "/feeds/bills/2015-SB-1.rss",
        "/feeds/bills/2015-SB-1.atom",
        "/bills/2016-HB-2",
        "/feeds/bills/2016-HB-2.rss",
        "/feeds/bills/2016-HB-2.atom",
    ]  # no duplicates, stable order
    # a new kind of page is one more entry of site.EXPORTED
    kind = site.PageKind("select 'x' union select 'y'", lambda key: [f"/things/{key}"], ("x",))
    monkeypatch.setattr(site, "EXPORTED", [*site.EXPORTED, kind])
    assert site.export_routes(db.conn)[-2:] == ["/things/x", "/things/y"]
    assert "things" in site.export_folders()


def test_a_failing_route_fails_the_export(monkeypatch, tmp_path):
    monkeypatch.setattr(site, "embed_routes", lambda bill_id: [f"/embed-missing/{bill_id}"])
    with pytest.raises(ExportError, match="HTTP 404"):
        export_site(build_db(tmp_path / "b.db"), tmp_path / "o", PUBLIC)


def test_target_paths(tmp_path):
    assert target_path(tmp_path, "/feeds/changes.rss", "application/rss+xml") == (
        tmp_path / "feeds" / "changes.rss"
    )
    assert target_path(tmp_path, "/embed/2015-HB-7017", "text/html; charset=utf-8") == (
        tmp_path / "embed" / "2015-HB-7017" / "index.html"
    )
    assert target_path(tmp_path, "/", "text/html") == tmp_path / "index.html"
    with pytest.raises(ExportError, match="must answer HTML"):
        target_path(tmp_path, "/bills/2015-HB-1", "application/json")
    assert target_path(tmp_path, "/feeds/topics/a%20b.rss", "application/rss+xml") == (
        tmp_path / "feeds" / "topics" / "a b.rss"
    )
    for bad in ("/feeds/../../etc/x", "/feeds/%2e%2e/x", "/a%2Fb", "/x?y=1", "relative", "/x#y"):
        with pytest.raises(ExportError):
            target_path(tmp_path, bad, "text/plain")


# All or nothing (finding 11): a failing route leaves --out as it was ------------------------


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def fail_on_embeds(monkeypatch) -> str:
    monkeypatch.setattr(site, "embed_routes", lambda bill_id: [f"/embed-missing/{bill_id}"])
    return "/embed-missing/2015-HB-7017"


@pytest.fixture
def previous(tmp_path) -> tuple[Path, Path, dict[str, bytes]]:
    """A database and a first, good export of it in tmp_path/www/site."""
    db = build_db(tmp_path / "b.db")
    out = tmp_path / "www" / "site"
    export_site(db, out, PUBLIC)
    return db, out, snapshot(out)


def test_a_failing_route_leaves_the_previous_export_untouched(monkeypatch, previous):
    db, out, before = previous
    route = fail_on_embeds(monkeypatch)
    with pytest.raises(ExportError, match=f"export stopped at {route}: HTTP 404"):
        export_site(db, out, PUBLIC)
    assert snapshot(out) == before
    assert [p.name for p in out.parent.iterdir()] == ["site"]  # nothing half-made left beside


def test_a_failing_first_export_writes_nothing(monkeypatch, tmp_path):
    db = build_db(tmp_path / "b.db")
    fail_on_embeds(monkeypatch)
    with pytest.raises(ExportError):
        export_site(db, tmp_path / "new" / "site", PUBLIC)
    assert not (tmp_path / "new" / "site").exists()
    assert list((tmp_path / "new").iterdir()) == []


def test_the_command_names_the_route_and_keeps_the_directory(monkeypatch, previous):
    db, out, before = previous
    route = fail_on_embeds(monkeypatch)
    result = CliRunner().invoke(
        main, ["export", "--db", str(db), "--out", str(out), "--public-url", PUBLIC]
    )
    assert result.exit_code == 1
    assert f"export stopped at {route}: HTTP 404" in result.output
    assert "left as it was" in result.output
    assert snapshot(out) == before


def test_an_export_replaces_the_previous_one_whole(previous):
    db, out, before = previous
    stale = out / "feeds" / "bills" / "2015-HB-9999.rss"  # a bill no longer watched
    stale.write_text("old")
    written = export_site(db, out, PUBLIC)
    assert not stale.exists()
    assert snapshot(out) == before
    assert all(path.is_file() and path.is_relative_to(out) for path in written)


def test_without_an_atomic_exchange_two_renames_do_it(monkeypatch, previous):
    from billwatch import export

    db, out, before = previous
    (out / "feeds" / "changes.rss").write_text("old")
    monkeypatch.setattr(export, "_exchange", lambda a, b: False)
    export_site(db, out, PUBLIC)
    assert snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]


def test_a_failed_swap_puts_the_previous_export_back(monkeypatch, previous):
    from billwatch import export

    db, out, before = previous
    monkeypatch.setattr(export, "_exchange", lambda a, b: False)
    real_rename = os.rename

    def rename(src, dst):
        name = Path(src).name  # the staged export (not the previous one coming back)
        if name.startswith(".site.export-") and not name.endswith(".previous"):
            raise OSError(errno.EXDEV, "simulated failure")
        real_rename(src, dst)

    monkeypatch.setattr(export.os, "rename", rename)
    (out / "feeds" / "changes.rss").write_text("old")
    before = snapshot(out)
    with pytest.raises(ExportError, match="could not put the export in place"):
        export_site(db, out, PUBLIC)
    assert snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]


def test_a_directory_holding_other_files_is_not_replaced(tmp_path):
    db = build_db(tmp_path / "b.db")
    out = tmp_path / "www" / "mine"
    (out / ".git").mkdir(parents=True)
    (out / "index.html").write_text("my page")
    with pytest.raises(ExportError, match=r"holds \.git, index\.html, which no export writes"):
        export_site(db, out, PUBLIC)
    assert snapshot(out) == {"index.html": b"my page"}
    assert sorted(p.name for p in out.parent.iterdir()) == ["mine"]


def test_an_export_made_before_the_marker_is_replaced(tmp_path):
    db = build_db(tmp_path / "b.db")
    out = tmp_path / "www" / "site"
    (out / "feeds").mkdir(parents=True)  # what exports wrote before: feeds and embeds only
    (out / "embed").mkdir()
    (out / "feeds" / "changes.rss").write_text("old")
    export_site(db, out, PUBLIC)
    assert (out / ".billwatch-export").is_file() and (out / "index.html").is_file()
    assert (out / "feeds" / "changes.rss").read_text() != "old"


def test_a_page_linking_what_no_static_host_answers_fails_the_export(monkeypatch, tmp_path):
    db = build_db(tmp_path / "b.db")
    monkeypatch.setattr(site, "card_variant_routes", lambda bill_id: [])  # pages still link them
    with pytest.raises(ExportError, match=r"/embed/2015-HB-7017/dark: not a route the export"):
        export_site(db, tmp_path / "o", PUBLIC)
    assert not (tmp_path / "o").exists()


def test_exported_pages_escape_hostile_text(exported):
    _, out = exported
    for page in out.rglob("*.html"):
        text = page.read_text()
        assert "<script>alert" not in text and "<script>x()" not in text, page
    assert "&lt;script&gt;alert" in (out / "bills" / "2015-HB-7017" / "index.html").read_text()
    assert "&lt;script&gt;alert" in (out / "topics" / "student-privacy" / "index.html").read_text()


def test_the_export_serves_from_a_sub_folder_with_no_broken_link(exported):
    from sitecheck import check_site, serve_static

    _, out = exported
    with serve_static(out.parent) as base:
        report = check_site(f"{base}/{out.name}/index.html", PUBLIC)
    assert report.problems == []
    assert any(page.endswith("/bills/2015-HB-9/") for page in report.pages)


def test_an_out_that_is_a_symlink_stays_one(previous):
    db, out, before = previous
    link = out.parent / "current"
    link.symlink_to(out, target_is_directory=True)
    export_site(db, link, PUBLIC)
    assert link.is_symlink() and link.resolve() == out.resolve()
    assert snapshot(link) == before


def test_the_link_checker_finds_what_is_broken(tmp_path):
    from sitecheck import check_site, serve_static

    site_dir = tmp_path / "www" / "s"
    (site_dir / "a").mkdir(parents=True)
    (site_dir / "index.html").write_text(
        '<link rel="canonical" href="https://pub.example/s/">'
        '<a href="a/">fine</a> <a href="a/#here">fine</a> <a href="nowhere/">404</a>'
        ' <a href="a/?q=1">query</a> <a href="a/#missing">fragment</a>'
        ' <a href="/elsewhere">outside</a> <a href="https://pub.example/s/a/">public</a>'
        ' <img src="x.png"> <a href="https://other.example/">another site</a>'
    )
    (site_dir / "a" / "index.html").write_text('<p id="here">a</p>')
    with serve_static(tmp_path / "www") as base:
        problems = check_site(f"{base}/s/index.html", "https://pub.example/s").problems
    assert len(problems) == 6, problems
    for bad in ("nowhere/: HTTP 404", "query string", "#missing", "leaves the export's folder"):
        assert any(bad in p for p in problems), bad
    assert any("links the public URL" in p for p in problems)
    assert any("x.png: HTTP 404" in p for p in problems)
