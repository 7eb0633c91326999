"""Feeds and hearing calendars, through Datasette's own client, on a small hostile database."""

from __future__ import annotations

import re

import feedparser
import pytest
import yaml
from lxml import etree
from publish_fixture import (
    DIFF_SUMMARY,
    EVIL,
    EVIL_NAME,
    EVIL_ORG,
    ROOT,
    WATCHED,
    build_db,
    expected_ids,
    get,
)

from billwatch.serve import make_datasette
from pipelines.schema import open_db
from publish.feed_render import entry_id
from publish.ical import Event, calendar
from publish.sanitize import redline_excerpt

PUBLIC = "https://billwatch.example.org"
NEWS = expected_ids(lambda bill, kind, s, summ, at, baseline, ref: bill in WATCHED and not baseline)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("feeds") / "any-name.db")


@pytest.fixture(scope="module")
def ds(db_path):
    return make_datasette(db_path, public_url=PUBLIC)


def parse(ds, path):
    response = get(ds, path)
    assert response.status_code == 200, response.text
    etree.fromstring(response.content)  # well-formed XML, or this raises
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return response, feed


def ids(feed) -> set[str]:
    return {e.id for e in feed.entries}


@pytest.mark.parametrize("fmt", ["rss", "atom"])
@pytest.mark.parametrize(
    "path, expected",
    [
        ("/feeds/changes", NEWS),
        (
            "/feeds/bills/2015-HB-7017",
            expected_ids(lambda bill, *rest: bill == "2015-HB-7017"),
        ),
        (
            "/feeds/topics/school-safety",
            expected_ids(
                lambda bill, k, s, summ, at, baseline, ref: (
                    bill in ("2015-HB-7017", "2015-SB-1") and not baseline
                )
            ),
        ),
        (
            "/feeds/topics/student-privacy",
            expected_ids(
                lambda bill, k, s, summ, at, baseline, ref: (
                    bill in ("2015-HB-7017", "2016-HB-5469") and not baseline
                )
            ),
        ),
        (
            # testimony of 2015-HB-7017 and the title of 2015-HB-9 mention encryption
            "/feeds/search.{fmt}?q=encryption",
            expected_ids(
                lambda bill, k, s, summ, at, baseline, ref: (
                    bill in ("2015-HB-7017", "2015-HB-9") and not baseline
                )
            ),
        ),
    ],
)
def test_feeds_parse_with_the_right_entries(ds, path, expected, fmt):
    path = path.format(fmt=fmt) if "{fmt}" in path else f"{path}.{fmt}"
    response, feed = parse(ds, path)
    assert response.headers["content-type"].startswith(f"application/{fmt}+xml")
    assert ids(feed) == {entry_id(i) for i in expected}
    assert len(feed.entries) == len(expected)  # a bill in two topics appears once


def test_entries_title_link_date_and_id(ds):
    _, feed = parse(ds, "/feeds/changes.atom")
    entry = next(e for e in feed.entries if "File No. 394" in e.title)
    assert entry.title == "2015-HB-7017: new text — File No. 394"  # first line of the summary
    # its place on the bill page: the version's anchor (issue 12)
    assert entry.link == f"{PUBLIC}/bills/2015-HB-7017#v2"
    assert entry.updated.startswith("2015-03-09T10:00:00")
    assert re.fullmatch(r"tag:billwatch,2015:change/[0-9a-f]{20}", entry.id)
    newest_first = [e.updated for e in feed.entries]
    assert newest_first == sorted(newest_first, reverse=True)


def test_global_feed_leaves_out_baseline_and_unwatched_bills(ds):
    _, feed = parse(ds, "/feeds/changes.rss")
    titles = " ".join(e.title for e in feed.entries)
    assert "first seen" not in titles and "Raised Bill" not in titles  # baseline
    assert "2015-HB-9" not in titles  # not watched


def _atom_contents(response) -> dict[str, str]:
    """Entry title -> content exactly as a reader gets it (the HTML string), from the XML."""
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = etree.fromstring(response.content)
    return {
        e.findtext("a:title", namespaces=ns): e.findtext("a:content", namespaces=ns)
        for e in root.findall("a:entry", ns)
    }


def test_version_entry_shows_summary_and_a_sanitized_redline(ds):
    response = get(ds, "/feeds/bills/2015-HB-7017.atom")
    html = _atom_contents(response)["2015-HB-7017: new text — File No. 394"]
    assert "<del>share</del> <ins>protect</ins>" in html
    assert "&lt;script&gt;" in html  # the text's own escaped markup stays text
    assert "'share' → 'protect'" in html or "&#x27;share&#x27; → &#x27;protect&#x27;" in html
    assert "+7 words, −1 words (Raised Bill → File No. 394)" in html
    assert "<p>…</p>" in html  # the unchanged paragraph between changes is elided
    for bad in ("<script", "onclick", "<img", "class=", "onerror"):
        assert bad not in html
    # what a feed reader shows: the sanitized HTML, parsed again
    _, feed = parse(ds, "/feeds/bills/2015-HB-7017.rss")
    entry = next(e for e in feed.entries if "File No. 394" in e.title)
    assert "<ins>protect</ins>" in entry.summary
    assert DIFF_SUMMARY.split(";")[0].split(":")[0] in entry.summary


def test_untrusted_text_is_escaped_and_round_trips(ds):
    for fmt in ("rss", "atom"):
        response, feed = parse(ds, f"/feeds/bills/2015-HB-7017.{fmt}")
        assert b"<script" not in response.content  # never markup in the XML itself
        testimony = next(e for e in feed.entries if "testimony" in e.title)
        assert testimony.title == f"2015-HB-7017: testimony from {EVIL_NAME}"  # plain text
        # content is HTML: the hostile strings are escaped text in it, not tags
        assert "&lt;script&gt;x()&lt;/script&gt;" in testimony.summary
        assert "ACME &amp; &lt;Sons&gt;" in testimony.summary
        assert "<script" not in testimony.summary
        assert feed.feed.title.startswith("billwatch: 2015-HB-7017: STUDENT DATA PRIVACY <script>")
        assert EVIL in feed.feed.title
    html = _atom_contents(get(ds, "/feeds/bills/2015-HB-7017.atom"))
    assert any("support: Mallory" in c and "&amp; &lt;Sons&gt;" in c for c in html.values())
    assert EVIL_ORG not in " ".join(html.values())


def test_rss_channel_link_is_the_site_and_self_link_is_the_feed(ds):
    response = get(ds, "/feeds/bills/2015-HB-7017.rss")
    root = etree.fromstring(response.content)
    channel = root.find("channel")
    assert channel.findtext("link") == f"{PUBLIC}/bills/2015-HB-7017"
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert self_link.get("rel") == "self"
    assert self_link.get("href") == f"{PUBLIC}/feeds/bills/2015-HB-7017.rss"


def test_kind_filter(ds):
    _, feed = parse(ds, "/feeds/changes.atom?kind=version")
    assert [e.title for e in feed.entries] == ["2015-HB-7017: new text — File No. 394"]
    _, feed = parse(ds, "/feeds/bills/2015-HB-7017.rss?kind=version,testimony")
    assert {e.tags[0].term for e in feed.entries} == {"version", "testimony"}
    assert len(feed.entries) == 3  # two versions (one baseline) and the testimony
    _, feed = parse(ds, "/feeds/topics/school-safety.rss?kind=document&kind=stage")
    assert {e.tags[0].term for e in feed.entries} == {"document", "stage"}
    assert "kind=document%2Cstage" in feed.feed.links[0].href or any(
        "kind=document%2Cstage" in link.href for link in feed.feed.links
    )


@pytest.mark.parametrize(
    "path, status, reason",
    [
        ("/feeds/changes.rss?kind=version,bogus", 400, "unknown kind 'bogus'"),
        ("/feeds/search.atom?q=student&kind=<x>", 400, "unknown kind '<x>'"),
        ("/feeds/search.rss?q=student+AND", 400, "bad search query: fts5: syntax error"),
        ('/feeds/search.rss?q="unbalanced', 400, "bad search query"),
        ("/feeds/search.rss?q=nosuchcolumn:x", 400, "no such column"),
        ("/feeds/search.rss", 400, "q is required"),
        ("/feeds/search.rss?q=" + "a" * 501, 400, "longer than 500"),
        ("/feeds/bills/2015-HB-1234.rss", 404, "no bill"),
        ("/feeds/bills/not-a-bill.rss", 400, "not-a-bill"),
        ("/feeds/topics/nope.atom", 404, "no topic"),
        ("/feeds/topics/nope/hearings.ics", 404, "no topic"),
    ],
)
def test_bad_requests_say_why(ds, path, status, reason):
    response = get(ds, path)
    assert response.status_code == status
    assert reason in response.text
    # the reason may echo the request: plain text, never HTML
    assert response.headers["content-type"] == "text/plain; charset=utf-8"


def test_non_canonical_bill_ids_redirect(ds):
    response = get(ds, "/feeds/bills/2015-hb-07017.atom?kind=version")
    assert response.status_code == 301
    assert response.headers["location"] == "/feeds/bills/2015-HB-7017.atom?kind=version"


def test_feeds_refuse_other_methods(ds):
    import asyncio

    response = asyncio.run(ds.client.post("/feeds/changes.rss", data={"a": "b"}))
    assert response.status_code in (403, 405)


def test_sample_data_is_said_and_only_then(tmp_path):
    sample = make_datasette(build_db(tmp_path / "s.db", sample=True))
    live = make_datasette(build_db(tmp_path / "l.db", sample=False))
    for path in ("/feeds/changes.rss", "/feeds/topics/school-safety.atom"):
        assert "(sample data)" in feedparser.parse(get(sample, path).content).feed.title
        assert "sample data" not in feedparser.parse(get(live, path).content).feed.title
    assert "(sample data)" in get(sample, "/feeds/hearings.ics").text
    assert "sample data" not in get(live, "/feeds/hearings.ics").text


def test_ids_are_stable_across_builds_and_a_new_change_is_one_new_entry(tmp_path):
    first = make_datasette(build_db(tmp_path / "1.db"), public_url=PUBLIC)
    second = make_datasette(build_db(tmp_path / "2.db", second_crawl=True), public_url=PUBLIC)
    for path in ("/feeds/changes.atom", "/feeds/bills/2015-HB-7017.rss"):
        _, before = parse(first, path)
        _, after = parse(second, path)
        assert ids(before) < ids(after)
        assert len(ids(after) - ids(before)) == 1
        new = next(e for e in after.entries if e.id not in ids(before))
        # a stage reads as people say it, from the stage the change names (issue 12)
        assert new.title == "2015-HB-7017: On the calendar"
        assert after.entries[0].id == new.id  # newest first
        # the same changes render the same way: unchanged entries are not "updated"
        old = {e.id: (e.title, e.published, e.summary) for e in before.entries}
        assert all(old[e.id] == (e.title, e.published, e.summary) for e in after.entries[1:])


def test_conditional_get(tmp_path):
    ds = make_datasette(build_db(tmp_path / "c.db"), public_url=PUBLIC)
    for path in ("/feeds/changes.rss", "/feeds/bills/2015-HB-7017.atom", "/feeds/hearings.ics"):
        first = get(ds, path)
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        assert get(ds, path).headers["etag"] == etag  # deterministic
        hit = get(ds, path, **{"if-none-match": etag})
        assert hit.status_code == 304 and hit.content == b""
        assert hit.headers["etag"] == etag
        assert get(ds, path, **{"if-none-match": f'W/{etag}, "other"'}).status_code == 304
        assert get(ds, path, **{"if-none-match": '"other"'}).status_code == 200
        assert get(ds, path, **{"if-modified-since": modified}).status_code == 304
        earlier = "Sun, 01 Mar 2015 00:00:00 GMT"
        assert get(ds, path, **{"if-modified-since": earlier}).status_code == 200
        assert get(ds, path, **{"if-modified-since": "garbage"}).status_code == 200
        # If-None-Match wins over If-Modified-Since
        both = {"if-none-match": '"other"', "if-modified-since": modified}
        assert get(ds, path, **both).status_code == 200
    # the served file changes (billwatch update writes while served): the validators move
    before = get(ds, "/feeds/changes.rss").headers["etag"]
    db = open_db(tmp_path / "c.db")
    db["crawls"].insert(
        {
            "id": 2,
            "started_at": "2015-03-20T00:00:00Z",
            "finished_at": "2015-03-20T00:00:00Z",
            "base_url": "http://127.0.0.1:1",
        }
    )
    db.execute(
        "insert into changes (id, bill_id, kind, key, detected_at, summary, baseline) values "
        "('new1', '2015-SB-1', 'stage', 'stage|2015-SB-1|x', '2015-03-20T00:00:00Z', "
        "'2015-SB-1: reported', 0)"
    )
    db.conn.commit()
    db.close()
    changed = get(ds, "/feeds/changes.rss", **{"if-none-match": before})
    assert changed.status_code == 200
    assert changed.headers["etag"] != before
    assert changed.headers["last-modified"] == "Fri, 20 Mar 2015 00:00:00 GMT"


# Hearing calendars ----------------------------------------------------------------------


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_hearings_calendar(ds):
    response = get(ds, "/feeds/hearings.ics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    body = response.content
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and body.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")  # CRLF only
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))  # folded at 75 octets
    lines = unfold(body.decode("utf-8"))
    assert lines.count("BEGIN:VEVENT") == 2  # watched bills only (not 2015-HB-9)
    assert "UID:hearing-2015-HB-7017-ED-2015-03-10@billwatch" in lines
    assert "DTSTART;VALUE=DATE:20150310" in lines and "DTEND;VALUE=DATE:20150311" in lines
    assert "DTSTAMP:20150309T100000Z" in lines  # from the data (last crawl), not the clock
    summary = next(
        line for line in lines if line.startswith("SUMMARY:Public hearing: 2015-HB-7017")
    )
    assert "Education\\; Committee\\, the \\\\ one" in summary  # ; , \ escaped
    description = next(line for line in lines if line.startswith("DESCRIPTION:STUDENT DATA"))
    assert "\\n" in description and "\r" not in description
    assert f"URL:{PUBLIC}/bills/2015-HB-7017" in lines
    assert get(ds, "/feeds/hearings.ics").content == body  # stable


def test_topic_hearings_calendar(ds):
    lines = unfold(get(ds, "/feeds/topics/student-privacy/hearings.ics").text)
    assert [line for line in lines if line.startswith("UID:")] == [
        "UID:hearing-2015-HB-7017-ED-2015-03-10@billwatch"
    ]


def test_ical_folding_never_splits_a_character():
    # Issue 16: icalendar writes the calendar; the same guarantees hold through it.
    from datetime import UTC, date, datetime

    text = "é€😀a" * 40
    body = calendar(
        "n",
        [Event(uid="u", start=date(2015, 3, 11), summary="s", description=text)],
        datetime(2015, 3, 1, tzinfo=UTC),
    )
    pieces = body.split(b"\r\n")
    assert all(len(p) <= 75 for p in pieces)
    for piece in pieces:
        piece.decode("utf-8")  # no line ends inside a character
    assert f"DESCRIPTION:{text}" in unfold(body.decode("utf-8"))
    odd = calendar(
        "n",
        [Event(uid="u", start=date(2015, 3, 11), summary="a,b;c\\d\ne\r\nf\x07")],
        datetime(2015, 3, 1, tzinfo=UTC),
    )
    assert "SUMMARY:a\\,b\\;c\\\\d\\ne\\nf" in unfold(odd.decode("utf-8"))


def test_ical_timed_event_and_uid_stability():
    from datetime import UTC, date, datetime

    stamp = datetime(2015, 3, 1, tzinfo=UTC)
    events = [
        Event(uid="u1", start=datetime(2015, 3, 10, 10, 30), summary="s"),
        Event(uid="u2", start=date(2015, 3, 11), summary="t"),
    ]
    text = calendar("n", events, stamp).decode()
    # Issue 16: a time is Connecticut's, with a VTIMEZONE (no longer floating).
    assert "DTSTART;TZID=America/New_York:20150310T103000\r\n" in text
    assert "DTSTART;VALUE=DATE:20150311" in text
    assert "BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n" in text
    assert calendar("n", events, stamp).decode() == text


# Sanitizing and query plans ----------------------------------------------------------------


def test_redline_excerpt_allows_only_p_ins_del():
    html = redline_excerpt(
        '<p>a <ins style="x">b</ins><script>c()</script><del>d<p>e</del></p><p>same</p>'
        "<p><ins>f</ins> &lt;g&gt; &amp; ]]&gt;</p><!-- c --><svg onload=x>h</svg>"
    )
    assert "<script" not in html and "style" not in html and "svg" not in html
    assert "c()" not in html  # script content dropped
    assert "<p>a <ins>b</ins><del>d</del></p>" in html  # unclosed tags closed in their paragraph
    assert "&lt;g&gt; &amp; ]]&gt;" in html
    assert "same" not in html  # unchanged paragraph elided
    two = ("<p><ins>" + "x" * 50 + "</ins></p>") * 2
    assert redline_excerpt(two, max_chars=60).count("x") == 50  # the first always, then a budget
    assert redline_excerpt(two, max_chars=200).count("x") == 100


def test_feed_and_calendar_queries_use_indexes(db_path):
    queries = yaml.safe_load((ROOT / "metadata.yml").read_text())["databases"]["billwatch"][
        "queries"
    ]
    db = open_db(db_path)
    for name, query in queries.items():
        if not name.startswith(("feed_", "calendar_")):
            continue
        params = {p: "x" for p in re.findall(r"(?<!:):(\w+)", query["sql"])}
        plan = [r[-1] for r in db.execute("explain query plan " + query["sql"], params).fetchall()]
        scans = [
            step
            for step in plan
            if step.startswith("SCAN")
            # w: the watched bills; picked: the (at most 100) changes chosen first; events,
            # scores: a topic feed's (at most 100 each) bill changes and scorecard changes
            and not re.match(
                r"SCAN (w|picked|events|scores|bill_topics|\w+_fts VIRTUAL TABLE)\b", step
            )
        ]
        assert scans == [], f"{name} scans: {plan}"
