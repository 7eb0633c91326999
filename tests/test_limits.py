"""Finding 3: one anonymous GET must not be able to exhaust the server's memory.

``select zeroblob(1000000000)`` drove the server to 9.6 GB; ``length(randomblob(900000000))``
ran for seconds past the SQL time limit.  Every connection now carries SQLITE_LIMIT_LENGTH,
cursors stop fetching past a byte budget, responses past ``--max-response-bytes`` are refused
(or, for a stream, cut with a note), and ``billwatch serve`` caps SQLite's heap.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from urllib.parse import quote

import feedparser
import pytest
from click.testing import CliRunner
from datasette.utils import tilde_encode
from publish_fixture import T2, _change, build_db, fetch, get, live_server

from billwatch.cli import main
from billwatch.serve import make_datasette
from pipelines.schema import open_db
from publish.database import MMAP_SIZE, BoundedConnection, LimitExceeded, row_bytes
from publish.limits import DEFAULTS, Limits, MiB, describe, parse_size
from publish.plugins.response_cap import ResponseCut, capped, cut_note

BILL = "2015-HB-7017"
BIG_ID = f"{BILL}:v3"


def add_versions(path: Path, count: int, size: int, first_seq: int = 3) -> list[str]:
    """``count`` more versions of 2015-HB-7017, each text ``size`` characters, all distinct."""
    db = open_db(path)
    ids = []
    for seq in range(first_seq, first_seq + count):
        unit = f"Sec. {seq}. The board shall protect student data. "
        text = (unit * (size // len(unit) + 1))[: size - 8] + f"{seq:08d}"
        version_id = f"{BILL}:v{seq}"
        db["versions"].insert(
            {
                "id": version_id,
                "bill_id": BILL,
                "seq": seq,
                "label": f"Version {seq}",
                "kind": "file_copy",
                "url": f"https://www.cga.ct.gov/2015/TOB/v{seq}.htm",
                "format": "htm",
                "text": text,
                "sha256": f"s{seq}",
                "body_sha256": f"b{seq}",
                "source_url": f"https://www.cga.ct.gov/2015/TOB/v{seq}.htm",
                "fetched_at": T2,
            }
        )
        ids.append(version_id)
    db.conn.commit()
    db.close()
    return ids


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    path = build_db(tmp_path_factory.mktemp("limits") / "limits.db")
    add_versions(path, 1, 4 * MiB)  # a budget bill's size: must read back whole
    return path


@pytest.fixture(scope="module")
def ds(db_path):
    return make_datasette(db_path)


def sql(ds, query: str, fmt: str = "json"):
    return get(ds, f"/billwatch.{fmt}?sql={quote(query)}&_shape=array")


# SQLITE_LIMIT_LENGTH ------------------------------------------------------------------------


def test_every_connection_carries_the_length_limit(ds):
    db = ds.get_database("billwatch")
    limit = asyncio.run(db.execute_fn(lambda c: c.getlimit(sqlite3.SQLITE_LIMIT_LENGTH)))
    assert limit == DEFAULTS.sql_max_length == 32 * MiB
    # the connection Datasette would write through is bounded (and read-only) too
    conn = db.connect(write=True)
    try:
        assert conn.getlimit(sqlite3.SQLITE_LIMIT_LENGTH) == DEFAULTS.sql_max_length
        assert isinstance(conn, BoundedConnection)
    finally:
        conn.close()


def test_connections_map_the_file_and_a_mapped_read_sees_new_commits(tmp_path):
    """Reads go through the memory map (``publish.database.MMAP_SIZE``, outside SQLite's heap
    limit), and a commit made after a connection mapped the file is seen by its next read."""
    path = build_db(tmp_path / "mapped.db")
    db = make_datasette(path).get_database("billwatch")
    mapped = asyncio.run(db.execute_fn(lambda c: c.execute("PRAGMA mmap_size").fetchone()[0]))
    assert 0 < mapped <= MMAP_SIZE
    count = "select count(*) from changes"
    before = asyncio.run(db.execute(count)).rows[0][0]
    writer = open_db(path)
    with writer.conn:
        writer.conn.execute(
            "insert into changes (id, bill_id, session, kind, key, detected_at, summary, "
            "baseline) values ('mmap-check', '2015-HB-7017', 2015, 'action', 'mmap|1', "
            "'2026-01-01T00:00:00Z', 'x', 0)"
        )
    writer.close()
    assert asyncio.run(db.execute(count)).rows[0][0] == before + 1


@pytest.mark.parametrize(
    "query",
    [
        "select zeroblob(1000000000)",
        "select length(zeroblob(1000000000)) + length(randomblob(900000000))",
        "select length(randomblob(900000000))",
        "select hex(randomblob(20000000))",  # 20 MB is allowed, its 40 MB hex is not
    ],
)
def test_huge_values_fail_fast_with_a_clear_error(ds, query):
    response = sql(ds, query)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error.startswith("string or blob too big: one value may hold at most 33,554,432 bytes")
    assert "--sql-max-length" in error


def test_a_4_mb_version_text_reads_back_whole(ds, db_path):
    conn = sqlite3.connect(db_path)
    (stored,) = conn.execute("select text from versions where id = ?", [BIG_ID]).fetchone()
    conn.close()
    assert len(stored) == 4 * MiB
    row = get(ds, f"/billwatch/versions/{tilde_encode(BIG_ID)}.json?_shape=array")
    assert row.status_code == 200
    assert row.json()[0]["text"] == stored
    query = sql(ds, f"select text, length(text) as n from versions where id = '{BIG_ID}'")
    assert query.status_code == 200
    assert query.json() == [{"text": stored, "n": len(stored)}]
    csv = get(ds, f"/billwatch/versions.csv?id={quote(BIG_ID)}&_col=text")
    assert csv.status_code == 200 and stored in csv.text


# The fetch budget and the response cap ------------------------------------------------------


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """20 versions of 50,000 characters (1 MB of text) under a 200,000-byte budget."""
    path = build_db(tmp_path_factory.mktemp("small") / "small.db")
    add_versions(path, 20, 50_000)
    return make_datasette(path, limits=Limits(max_response_bytes=200_000))


def test_rows_over_the_budget_are_refused_before_rendering(small):
    response = get(small, "/billwatch/versions.json?_size=max")
    assert response.status_code == 400
    assert "the query's rows hold more than 200,000 bytes" in response.json()["error"]
    assert "--max-response-bytes" in response.json()["error"]
    response = sql(small, "select text from versions")
    assert response.status_code == 400 and "_size=" in response.json()["error"]
    # the same table, narrower, is fine
    assert get(small, "/billwatch/versions.json?_size=max&_col=label").status_code == 200
    assert sql(small, "select id, length(text) from versions").status_code == 200


def test_a_response_over_the_cap_is_refused_with_a_reason(small):
    # 100,000 zero bytes fetch within the budget; as JSON they are six times that
    response = sql(small, "select zeroblob(100000) as z")
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    data = response.json()
    assert data["ok"] is False and data["title"] == "Response too large"
    assert "larger than 200,000 bytes" in data["error"] and "--max-response-bytes" in data["error"]
    assert len(response.content) < 1000


def test_a_feed_reads_big_redlines_past_the_budget(tmp_path):
    """The budget bounds what a request chooses to read; a feed's own query reads what the
    data holds (every redline of a budget bill) and the feed carries excerpts."""
    path = build_db(tmp_path / "redlines.db")
    versions = add_versions(path, 3, 1000)
    db = open_db(path)
    for n, version in enumerate(versions):
        paragraphs = "".join(f"<p>Sec. {i}. <ins>new</ins> text</p>" for i in range(3000))
        db["diffs"].insert(
            {
                "id": f"big{n}",
                "bill_id": BILL,
                "from_version": f"{BILL}:v2",
                "to_version": version,
                "from_label": "File No. 394",
                "to_label": f"Version {n}",
                "words_added": 3000,
                "words_removed": 0,
                "summary": "Sec. 1: new",
                "redline_html": paragraphs,  # about 100,000 characters each
                "unified": "+new",
                "computed_at": T2,
            }
        )
        ref = version.split(":")[1]
        db["changes"].insert(_change(BILL, "version", f"big{n}", f"{BILL}: text {n}", T2, 0, ref))
    db.conn.commit()
    db.close()
    ds = make_datasette(path, limits=Limits(max_response_bytes=200_000))
    assert sql(ds, "select redline_html from diffs").status_code == 400  # over the budget
    response = get(ds, f"/feeds/bills/{BILL}.atom")
    assert response.status_code == 200, response.text
    entries = feedparser.parse(response.content).entries
    assert sum(e.summary.count("<ins>new</ins>") for e in entries) > 1000


def test_feeds_keep_the_sql_time_limit(db_path):
    ds = make_datasette(db_path)
    ds.sql_time_limit_ms = 0  # every query is over it at its first step
    response = get(ds, "/feeds/changes.atom")
    assert response.status_code == 503 and "took too long" in response.text


def test_responses_under_the_cap_are_untouched(small):
    response = get(small, "/feeds/bills/2015-HB-7017.atom")
    assert response.status_code == 200 and response.content.endswith(b"</feed>\n")
    assert get(small, "/embed/2015-HB-7017.svg").status_code == 200


def test_rows_are_counted_as_characters_and_bytes():
    assert row_bytes(("abc", b"\x00" * 5, 7, None, 1.5)) == 8
    conn = sqlite3.connect(":memory:", factory=BoundedConnection)
    conn.max_fetch_bytes = 10
    assert conn.execute("select 'x'").fetchone() == ("x",)  # conn.execute: not bounded
    cursor = conn.cursor()
    assert cursor.execute("select 'abcde' union all select 'fghij'").fetchall() == [
        ("abcde",),
        ("fghij",),
    ]
    with pytest.raises(LimitExceeded, match="more than 10 bytes"):
        cursor.execute("select 'abcdef' union all select 'ghijkl'").fetchmany(5)
    cursor.execute("select 'abcdef' union all select 'ghijkl'")
    with pytest.raises(LimitExceeded):
        list(cursor)
    conn.close()


# The ASGI wrapper on its own: a fake application ---------------------------------------------


def run_app(app_body, limit: int) -> tuple[list[dict], list[str]]:
    """Run a fake ASGI app under ``capped``; returns what reached the server and app events."""
    sent: list[dict] = []
    events: list[str] = []

    async def send(message):
        sent.append(message)

    async def app(scope, receive, send):
        try:
            await app_body(send)
            events.append("finished")
        except ResponseCut:
            events.append("stopped")
            raise

    async def receive():
        return {"type": "http.request"}

    asyncio.run(capped(app, limit)({"type": "http", "method": "GET"}, receive, send))
    return sent, events


def start(content_type: bytes = b"text/html; charset=utf-8") -> dict:
    return {
        "type": "http.response.start",
        "status": 200,
        "headers": [(b"content-type", content_type)],
    }


def body(data: bytes, more: bool = False) -> dict:
    return {"type": "http.response.body", "body": data, "more_body": more}


def test_cap_refuses_a_whole_page_too_big_before_its_headers():
    async def page(send):
        await send(start())
        await send(body(b"x" * 101))

    sent, events = run_app(page, 100)
    assert sent[0]["status"] == 400
    assert (b"content-type", b"text/plain; charset=utf-8") in sent[0]["headers"]
    assert b"larger than 100 bytes" in sent[1]["body"] and sent[1]["more_body"] is False
    assert len(sent) == 2 and events == ["finished"]


def test_cap_passes_a_response_that_fits_exactly():
    async def page(send):
        await send(start())
        await send(body(b"x" * 60, more=True))
        await send(body(b"y" * 40, more=True))
        await send(body(b""))

    sent, events = run_app(page, 100)
    assert sent[0]["status"] == 200
    assert b"".join(m.get("body", b"") for m in sent[1:]) == b"x" * 60 + b"y" * 40
    assert events == ["finished"]


def test_cap_cuts_a_stream_with_a_note_and_stops_the_application():
    async def stream(send):
        await send(start(b"text/csv; charset=utf-8"))
        for _ in range(1000):  # would go on and on
            await send(body(b"row,of,csv\n", more=True))
        await send(body(b""))

    sent, events = run_app(stream, 100)
    assert sent[0]["status"] == 200  # the headers had gone out
    chunks = [m["body"] for m in sent[1:]]
    assert b"".join(chunks[:-1]) == b"row,of,csv\n" * 9  # whole rows only, within the cap
    assert chunks[-1] == cut_note(100) and sent[-1]["more_body"] is False
    assert events == ["stopped"]


def test_cap_answers_json_refusals_in_json():
    async def page(send):
        await send(start(b"application/json; charset=utf-8"))
        await send(body(b"[" + b"1," * 100 + b"1]"))

    sent, _ = run_app(page, 100)
    assert sent[0]["status"] == 400
    assert json.loads(sent[1]["body"])["status"] == 400


# The command line -------------------------------------------------------------------------


def test_sizes():
    assert parse_size("33554432") == 32 * MiB
    assert parse_size("32M") == parse_size("32MiB") == parse_size("32 mb") == 32 * MiB
    assert parse_size("512k") == 512 * 1024 and parse_size("1G") == 1024 * MiB
    assert parse_size("100b") == 100
    for bad in ("", "M", "1.5M", "-1", "12 parsecs", "5ib", "64MiBs"):
        with pytest.raises(ValueError):
            parse_size(bad)
    assert describe(32 * MiB) == "33,554,432 bytes (32 MiB)"
    assert describe(200_000) == "200,000 bytes"


def test_serve_limit_options():
    runner = CliRunner()
    result = runner.invoke(main, ["serve", "--help"])
    for option in ("--sql-max-length", "--max-response-bytes", "--sql-memory-limit"):
        assert option in result.output
    for option, value in (
        ("--sql-max-length", "1K"),
        ("--max-response-bytes", "lots"),
        ("--sql-memory-limit", "1M"),
    ):
        result = runner.invoke(main, ["serve", "--db", __file__, option, value])
        assert result.exit_code == 2, (option, result.output)
        assert "must be at least" in result.output or "is not a size" in result.output
    result = runner.invoke(
        main, ["serve", "--db", __file__], env={"BILLWATCH_MAX_RESPONSE_BYTES": "lots"}
    )
    assert result.exit_code == 2 and "is not a size" in result.output


# A real server ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def streamed_db(tmp_path_factory) -> Path:
    path = build_db(tmp_path_factory.mktemp("stream") / "stream.db")
    add_versions(path, 40, 20_000)  # 800,000 characters of text
    return path


def test_a_live_csv_stream_is_cut_with_a_note_and_the_server_goes_on(streamed_db):
    with live_server(streamed_db, "--max-response-bytes", "300K") as base:
        status, headers, data = fetch(f"{base}/billwatch/versions.csv?_stream=on&_size=5")
        assert status == 200 and headers["content-type"].startswith("text/plain")
        note = cut_note(300 * 1024)
        assert data.endswith(note)
        assert len(data) <= 300 * 1024 + len(note)
        assert data.count(b"The board shall protect student data.") > 100  # rows came first
        # the cut request stopped; the next one is served as usual
        count = "select count(*) as n from versions"
        status, _, data = fetch(f"{base}/billwatch.json?sql={quote(count)}&_shape=array")
        assert status == 200 and json.loads(data) == [{"n": 42}]


def test_a_live_server_refuses_a_row_of_many_large_values(streamed_db):
    # each value is within --sql-max-length; together they pass SQLite's heap limit
    columns = ", ".join(["zeroblob(1000000)"] * 40)
    with live_server(streamed_db, "--sql-max-length", "1M", "--sql-memory-limit", "32M") as base:
        status, _, data = fetch(f"{base}/billwatch.json?sql={quote('select ' + columns)}")
        assert status == 400
        error = json.loads(data)["error"]
        assert "more memory than this site allows SQLite (33,554,432 bytes (32 MiB)" in error
        assert "--sql-memory-limit" in error
        status, _, data = fetch(f"{base}/billwatch.json?sql={quote('select zeroblob(1048577)')}")
        assert status == 400 and b"--sql-max-length" in data
        status, _, _ = fetch(f"{base}/feeds/changes.atom")
        assert status == 200
