"""``billwatch export``: feeds, calendars (and embeds) as static files, as the server answers."""

from __future__ import annotations

import errno
import os
from pathlib import Path

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
    # the watched bills' pages, with their roll calls, join the export (issue 14)
    pages = {f"bills/{bill}.html" for bill in WATCHED}
    assert pages <= files and "bills/2015-HB-9.html" not in files
    # and each committee's hearing calendar (issue 16): the fixture's committee is ED
    pages.add("feeds/committees/ED/hearings.ics")
    assert pages <= files
    # whatever else is written comes from embed_routes (part B's embeds)
    embeds = {r.lstrip("/") for bill in WATCHED for r in site.embed_routes(bill)}
    assert {f.removesuffix(".html") for f in files - expected - pages} <= embeds


def test_files_are_what_the_server_answers_with_public_links(exported):
    db, out = exported
    ds = make_datasette(db, public_url=PUBLIC)
    for route in site.export_routes(list(WATCHED), list(TOPICS)):
        response = get(ds, route)
        path = target_path(out, route, response.headers["content-type"])
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
        "/bills/2015-SB-1",  # the bill page, with its roll calls (issue 14)
    ]  # no duplicates, stable order
    assert site.export_routes(["2015-SB-1"], ["t"], ["H12-marrowby"])[-1] == (
        "/legislators/H12-marrowby"
    )


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


def test_an_out_that_is_a_symlink_stays_one(previous):
    db, out, before = previous
    link = out.parent / "current"
    link.symlink_to(out, target_is_directory=True)
    export_site(db, link, PUBLIC)
    assert link.is_symlink() and link.resolve() == out.resolve()
    assert snapshot(link) == before
