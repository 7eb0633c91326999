"""Precomputed feeds, embeds and calendars (issue 19): ``billwatch update`` renders them at its
end, the site answers them from the database, byte for byte what the live route answers.

One crawl of the sample site (``--session 2015 --all``) is shared by the module; a second
update of a copy, after the site moved on (the sample site's "changed" fault: 2015 HB 7017
gains a history row and an amendment), and a no-change update of another copy with
``--public-url`` follow from it.  "Live" is the same app with the precomputed answers off
(``make_datasette(precomputed=False)``, the app the update renders with).
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from billwatch.export import export_site
from billwatch.renderings import invalidate
from billwatch.samplesite import HB7017_PAGE, running_server
from billwatch.serve import make_datasette
from pipelines.changes import change_id
from publish import site
from publish.precomputed import decode_body, encode_body

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample-site"
PUBLIC = "https://bills.example.org/watch"
CHANGED = "2015-HB-7017"  # what the "changed" fault moves on
OTHER = "2015-SB-415"  # a bill the second update leaves alone
CRAWL = ("--session", "2015", "--all")


@pytest.fixture(scope="module")
def sample_site():
    with running_server(root=SAMPLE) as server:
        yield server


@pytest.fixture(scope="module")
def first(sample_site, tmp_path_factory, crawlkit):
    """The sample site crawled once: (database, the update's output)."""
    db = tmp_path_factory.mktemp("precomputed") / "first.db"
    run = crawlkit.update(sample_site.base_url, db, *CRAWL)
    return db, run.output


def rows(db: Path, sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def renderings(db: Path) -> dict[str, tuple[str, str]]:
    """path -> (etag, rendered_at)."""
    return {p: (e, at) for p, e, at in rows(db, "select path, etag, rendered_at from renderings")}


def fetch_all(ds, paths: list[str], headers: dict | None = None) -> list[tuple]:
    async def go():
        out = []
        for path in paths:
            r = await ds.client.get(path, headers=headers or {})
            out.append((path, r.status_code, r.headers.raw, r.content))
        return out

    return asyncio.run(go())


def get(ds, path: str, **headers: str):
    return asyncio.run(ds.client.get(path, headers=headers))


def same_as_live(db: Path, paths: list[str], **options) -> None:
    """Every path: the served response (status, headers in order, body) is the live one's."""
    served = fetch_all(make_datasette(db, **options), paths)
    live = fetch_all(make_datasette(db, precomputed=False, **options), paths)
    differ = [s[0] for s, x in zip(served, live, strict=True) if s != x]
    assert differ == []


def tamper(db: Path, path: str) -> bytes:
    """Change the stored body of ``path`` (a test's way to see where an answer comes from)."""
    marker = b"<!-- from the renderings table -->"
    conn = sqlite3.connect(db)
    with conn:
        (etag,) = conn.execute("select etag from renderings where path = ?", [path]).fetchone()
        stored, encoding = conn.execute(
            "select body, encoding from rendering_bodies where etag = ?", [etag]
        ).fetchone()
        body = decode_body(stored, encoding)
        assert body is not None
        conn.execute(
            "update rendering_bodies set body = ?, encoding = ? where etag = ?",
            [*encode_body(body + marker), etag],
        )
    conn.close()
    return marker


def test_update_precomputes_every_route_byte_equal_to_the_live_one(first):
    db, output = first
    conn = sqlite3.connect(db)
    routes = site.precomputed_routes(conn)
    conn.close()
    stored = renderings(db)
    assert set(stored) == set(routes)
    assert len(routes) > 100 and "Precomputed" in output
    # every kind the issue names
    for path in (
        "/feeds/changes.rss",
        "/feeds/changes.atom",
        "/feeds/hearings.ics",
        f"/feeds/bills/{CHANGED}.rss",
        f"/feeds/bills/{CHANGED}.atom",
        f"/embed/{CHANGED}",
        f"/embed/{CHANGED}.json",
        f"/embed/{CHANGED}.svg",
        f"/embed/{CHANGED}.js",
        f"/embed/{CHANGED}/dark",
        f"/embed/{CHANGED}/compact",
        f"/embed/{CHANGED}/dark/compact",
    ):
        assert path in stored, path
    assert any(p.startswith("/feeds/topics/") and p.endswith(".rss") for p in stored)
    assert any(p.startswith("/feeds/committees/") for p in stored)
    # every precomputed route is exported too
    conn = sqlite3.connect(db)
    assert set(routes) <= set(site.export_routes(conn))
    conn.close()
    (state,) = rows(db, "select current, public_url, changes_seen from renderings_state")
    assert state == (1, "", rows(db, "select max(rowid) from changes")[0][0])
    same_as_live(db, routes)


def test_answers_come_from_the_renderings(first, tmp_path, crawlkit):
    db = crawlkit.copy(first[0], tmp_path / "t.db")
    path = f"/embed/{CHANGED}.svg"
    marker = tamper(db, path)
    assert get(make_datasette(db), path).content.endswith(marker)
    assert not get(make_datasette(db, precomputed=False), path).content.endswith(marker)
    # HEAD as GET (the server leaves the body out)
    head = asyncio.run(make_datasette(db).client.head(path))
    assert head.status_code == 200 and head.headers["etag"]


def test_bodies_are_stored_compressed_and_a_damaged_one_is_rendered_live(first, tmp_path, crawlkit):
    db = crawlkit.copy(first[0], tmp_path / "t.db")
    stored = rows(db, "select encoding, length(body) from rendering_bodies")
    assert {encoding for encoding, _ in stored} == {"zlib"}
    path = f"/feeds/bills/{CHANGED}.rss"
    live = get(make_datasette(db, precomputed=False), path)
    ((size,),) = rows(
        db,
        "select length(b.body) from renderings r join rendering_bodies b using (etag) "
        "where r.path = ?",
        [path],
    )
    assert size < len(live.content) / 2  # a feed's XML compresses well
    conn = sqlite3.connect(db)
    with conn:  # a body an older billwatch stored as it was is answered as it is
        (etag,) = conn.execute("select etag from renderings where path = ?", [path]).fetchone()
        conn.execute(
            "update rendering_bodies set body = ?, encoding = 'identity' where etag = ?",
            [live.content + b"<!-- identity -->", etag],
        )
    assert get(make_datasette(db), path).content.endswith(b"<!-- identity -->")
    with conn:  # a damaged body is never answered: the live route is
        conn.execute(
            "update rendering_bodies set body = ?, encoding = 'zlib' where etag = ?",
            [b"not zlib at all", etag],
        )
    conn.close()
    served = get(make_datasette(db), path)
    assert served.status_code == 200 and served.content == live.content


def test_decode_body_is_bounded(monkeypatch):
    body = b"<rss>" + b" " * (2 * 1024 * 1024) + b"</rss>"
    assert decode_body(*encode_body(body)) == body
    stored, encoding = encode_body(body)
    assert decode_body(stored[:-8], encoding) is None  # truncated
    assert decode_body(stored, "brotli") is None  # an encoding this version does not know
    # larger than the bound once decompressed: not answered
    monkeypatch.setattr("publish.precomputed.MAX_BODY", 1024 * 1024)
    assert decode_body(stored, encoding) is None


def test_conditional_requests_answer_the_live_304(first):
    db, _ = first
    paths = [f"/feeds/bills/{CHANGED}.rss", f"/embed/{CHANGED}", f"/embed/{CHANGED}.json"]
    paths += ["/feeds/hearings.ics", "/feeds/changes.atom"]
    served, live = make_datasette(db), make_datasette(db, precomputed=False)
    for path in paths:
        first_answer = get(live, path)
        etag, modified = first_answer.headers["etag"], first_answer.headers["last-modified"]
        for headers in (
            {"if-none-match": etag},
            {"if-none-match": f'W/{etag}, "other"'},
            {"if-modified-since": modified},
            {"if-none-match": '"stale"'},
        ):
            a = fetch_all(served, [path], headers)
            b = fetch_all(live, [path], headers)
            assert a == b, (path, headers)
        assert fetch_all(served, [path], {"if-none-match": etag})[0][1] == 304


def test_a_stale_rendering_is_never_served(first, tmp_path, crawlkit):
    path = f"/feeds/bills/{CHANGED}.rss"
    # An update started (or stopped before rendering): everything live.
    db = crawlkit.copy(first[0], tmp_path / "started.db")
    marker = tamper(db, path)
    assert get(make_datasette(db), path).content.endswith(marker)
    invalidate(db)
    assert not get(make_datasette(db), path).content.endswith(marker)
    # A change logged by another writer: the renderings are behind the database.
    db = crawlkit.copy(first[0], tmp_path / "written.db")
    marker = tamper(db, path)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            "insert into changes (id, bill_id, session, kind, key, detected_at, summary, "
            "baseline) values (?, ?, 2015, 'action', 'k', '2015-07-01T00:00:00Z', 'x', 0)",
            [change_id("test|stale"), CHANGED],
        )
    conn.close()
    assert not get(make_datasette(db), path).content.endswith(marker)
    same_as_live(db, [path, f"/embed/{CHANGED}.json"])
    # A calendar rendered on another day (it says how to testify only from today on).
    db = crawlkit.copy(first[0], tmp_path / "yesterday.db")
    marker = tamper(db, "/feeds/hearings.ics")
    assert get(make_datasette(db), "/feeds/hearings.ics").content.endswith(marker)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("update renderings set ct_date = '2000-01-01' where ct_date is not null")
    conn.close()
    assert not get(make_datasette(db), "/feeds/hearings.ics").content.endswith(marker)


def test_search_and_kind_feeds_stay_live(first, tmp_path, crawlkit):
    db = crawlkit.copy(first[0], tmp_path / "t.db")
    marker = tamper(db, "/feeds/changes.rss")
    tamper(db, f"/embed/{CHANGED}")
    served = make_datasette(db)
    assert get(served, "/feeds/changes.rss").content.endswith(marker)
    for path in (
        "/feeds/changes.rss?kind=version",
        "/feeds/search.rss?q=student",
        f"/embed/{CHANGED}?theme=dark",
    ):
        assert get(served, path).status_code == 200
        assert not get(served, path).content.endswith(marker), path
    assert rows(db, "select count(*) from renderings where path like '%?%'") == [(0,)]
    assert rows(db, "select count(*) from renderings where path like '/feeds/search%'") == [(0,)]
    # a reader with a cookie gets Datasette's private answer, live
    with_cookie = get(served, "/feeds/changes.rss", cookie="a=b")
    assert not with_cookie.content.endswith(marker)


@pytest.fixture(scope="module")
def second(first, sample_site, tmp_path_factory, crawlkit):
    """A copy of the first crawl updated after the site moved on (HB 7017 changed)."""
    db = crawlkit.copy(first[0], tmp_path_factory.mktemp("second") / "second.db")
    sample_site.set_fault("changed", {HB7017_PAGE: 1})
    try:
        run = crawlkit.update(sample_site.base_url, db, "--session", "2015", "--bills", CHANGED)
    finally:
        sample_site.clear_fault("changed")
    return db, run.output


def test_a_second_update_refreshes_what_changed(first, second):
    before, after = renderings(first[0]), renderings(second[0])
    assert set(before) == set(after)
    for fmt in ("rss", "atom"):
        path = f"/feeds/bills/{CHANGED}.{fmt}"
        assert after[path][0] != before[path][0] and after[path][1] > before[path][1]
        # a feed whose entries did not change keeps its body (only its headers follow)
        path = f"/feeds/bills/{OTHER}.{fmt}"
        assert after[path] == before[path]
    assert after[f"/embed/{CHANGED}.json"][0] != before[f"/embed/{CHANGED}.json"][0]
    # the new history row shows in the precomputed card
    card = decode_body(
        *rows(
            second[0],
            "select b.body, b.encoding from renderings r join rendering_bodies b using (etag) "
            "where r.path = ?",
            [f"/embed/{CHANGED}.json"],
        )[0]
    )
    assert card is not None
    assert b"Senate Adopted Senate Amendment Schedule A" in card
    assert rows(second[0], "select current from renderings_state") == [(1,)]
    # no body is kept that no rendering uses
    assert rows(
        second[0],
        "select count(*) from rendering_bodies where etag not in (select etag from renderings)",
    ) == [(0,)]
    same_as_live(second[0], list(after))


@pytest.fixture(scope="module")
def public(first, sample_site, tmp_path_factory, crawlkit):
    """A copy updated again (nothing new) with ``--public-url``."""
    db = crawlkit.copy(first[0], tmp_path_factory.mktemp("public") / "public.db")
    run = crawlkit.update(sample_site.base_url, db, *CRAWL, "--public-url", PUBLIC + "/")
    return db, run.output


def test_public_url_renders_absolute_links_served_only_on_that_url(public, tmp_path, crawlkit):
    db, output = public
    assert f"links on {PUBLIC}" in output
    assert rows(db, "select public_url from renderings_state") == [(PUBLIC,)]
    path = f"/feeds/bills/{CHANGED}.rss"
    body = get(make_datasette(db, public_url=PUBLIC), path).content
    assert f"{PUBLIC}/bills/{CHANGED}".encode() in body
    same_as_live(db, [r for r in renderings(db)][:60], public_url=PUBLIC)
    db = crawlkit.copy(db, tmp_path / "t.db")
    marker = tamper(db, path)
    assert get(make_datasette(db, public_url=PUBLIC), path).content.endswith(marker)
    # another public URL, none, or a Host given absolute links: rendered live
    for ds, host in (
        (make_datasette(db, public_url="https://elsewhere.example.org"), "localhost"),
        (make_datasette(db), "localhost"),
        (make_datasette(db, allowed_hosts=("bills.example.org",)), "bills.example.org"),
    ):
        answer = get(ds, path, host=host)
        assert answer.status_code == 200 and not answer.content.endswith(marker)
        assert f"{PUBLIC}/bills/".encode() not in answer.content


def test_relative_renderings_are_not_served_to_a_host_with_absolute_links(first):
    db, _ = first
    path = f"/embed/{CHANGED}.json"
    ds = make_datasette(db, allowed_hosts=("bills.example.org",))
    answer = get(ds, path, host="bills.example.org")
    assert b'"url": "http://bills.example.org/bills/' in answer.content


def test_the_export_writes_the_renderings(public, tmp_path, crawlkit):
    db = crawlkit.copy(public[0], tmp_path / "t.db")
    marker = tamper(db, f"/embed/{CHANGED}.svg")
    out = tmp_path / "site"
    export_site(db, out, PUBLIC)
    assert (out / "embed" / f"{CHANGED}.svg").read_bytes().endswith(marker)
    # and what it wrote from them is what the live route answers
    live = make_datasette(db, PUBLIC, precomputed=False, static_export=True)
    paths = [f"/feeds/bills/{CHANGED}.rss", "/feeds/hearings.ics", f"/embed/{CHANGED}.json"]
    for path, status, _, body in fetch_all(live, paths):
        assert status == 200 and (out / path.lstrip("/")).read_bytes() == body
