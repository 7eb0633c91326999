"""Finding 10: the Host header is not trusted.

Without ``--public-url``, ``Host: evil.example`` made feed links, canonical links and embed URLs
point at it, on responses marked ``Cache-Control: public`` without ``Vary: Host``.  Now absolute
links come from ``--public-url``, or from a Host listed in ``--allowed-hosts``; any other Host
gets site-relative links (feed readers resolve them against the feed's own address), and every
response says ``Vary: Host`` while no public URL is set.
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from urllib.parse import quote

import feedparser
import icalendar
import pytest
from click.testing import CliRunner
from publish_fixture import build_db, fetch, live_server

from billwatch.cli import main
from billwatch.serve import make_datasette
from cga.urls import parse_allowed_hosts, parse_host
from publish.site import host_allowed

EVIL = "evil.example"
BILL = "2015-HB-7017"
PUBLIC = "https://billwatch.example.org"
# What a client can ask with an arbitrary Host: the project's routes and Datasette's own.
PATHS = [
    "/",
    "/billwatch",
    "/billwatch/bills",
    "/billwatch/bills?_facet=stage",
    "/billwatch/changes.json?_size=2",
    "/billwatch/changes.csv?_size=2",
    f"/billwatch/bills/{BILL}",
    f"/bills/{BILL}",
    f"/embed/{BILL}",
    f"/embed/{BILL}.json",
    f"/embed/{BILL}.js",
    f"/embed/{BILL}.svg",
    "/feeds/changes.rss",
    "/feeds/changes.atom",
    f"/feeds/bills/{BILL}.atom",
    "/feeds/topics/student-privacy.rss",
    "/feeds/search.atom?q=student",
    "/feeds/hearings.ics",
    "/feeds/topics/student-privacy/hearings.ics",
    "/search?q=student",
    "/topics/student-privacy",
    "/sessions/2015",
    "/reporters",
    f"/embed/{BILL}/dark/compact",
]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    return build_db(tmp_path_factory.mktemp("hosts") / "hosts.db")


def get(ds, path: str, host: str, **headers: str):
    return asyncio.run(ds.client.get(path, headers={"host": host, **headers}))


def absolute_links(text: str) -> set[str]:
    return set(re.findall(r"https?://[^\s\"'<>\\]+", text))


@pytest.mark.parametrize("path", PATHS)
def test_an_untrusted_host_never_reaches_a_response(db_path, path):
    ds = make_datasette(db_path)
    response = get(ds, path, EVIL, **{"x-forwarded-host": EVIL})
    assert response.status_code == 200, response.text
    assert EVIL not in response.text
    assert EVIL not in json.dumps(dict(response.headers))
    assert "Host" in response.headers["vary"]
    # the only absolute links left are to the legislature's site and to standards
    for link in absolute_links(response.text):
        assert not link.startswith(("http://localhost", "http://127.")), link


@pytest.mark.parametrize("path", ["/feeds/changes.atom", f"/bills/{BILL}", f"/embed/{BILL}.json"])
def test_an_allowed_host_gets_absolute_links(db_path, path):
    ds = make_datasette(db_path, allowed_hosts=parse_allowed_hosts("bills.example.org"))
    trusted = get(ds, path, "Bills.Example.org")
    assert "http://bills.example.org/bills/2015-HB-7017" in trusted.text
    assert "Host" in trusted.headers["vary"]
    other = get(ds, path, EVIL)
    assert EVIL not in other.text and "bills.example.org" not in other.text
    assert "/bills/2015-HB-7017" in other.text
    assert "Host" in other.headers["vary"]
    # a port must be listed to be trusted
    assert "bills.example.org:8080" not in get(ds, path, "bills.example.org:8080").text


def test_the_public_url_wins_and_nothing_varies(db_path):
    ds = make_datasette(db_path, public_url=PUBLIC, allowed_hosts=("bills.example.org",))
    for path in ("/feeds/changes.atom", f"/bills/{BILL}", "/billwatch/changes.json?_size=2"):
        response = get(ds, path, EVIL)
        assert EVIL not in response.text
        assert PUBLIC in response.text
        assert "vary" not in response.headers or "host" not in response.headers["vary"].lower()
    data = get(ds, "/billwatch/changes.json?_size=2", EVIL).json()
    assert data["next_url"].startswith(f"{PUBLIC}/billwatch/changes.json?")


def test_datasette_own_absolute_urls_are_relative_without_a_trusted_origin(db_path):
    ds = make_datasette(db_path)
    data = get(ds, "/billwatch/changes.json?_size=2", EVIL).json()
    assert data["next_url"].startswith("/billwatch/changes.json?")
    html = get(ds, "/billwatch/bills?_facet=stage", EVIL).text
    assert 'href="/billwatch/bills.json' in html  # the JSON alternate link


def test_bill_page_without_a_public_url(db_path):
    ds = make_datasette(db_path)
    page = get(ds, f"/bills/{BILL}", EVIL).text
    assert f'<link rel="canonical" href="/bills/{BILL}">' in page
    iframe = re.search(r'<textarea id="snippet-iframe" readonly data-relative-urls>(.*?)<', page)
    assert iframe and f"src=&#34;/embed/{BILL}&#34;" in iframe.group(1)
    # the browser completes the snippets from the origin it loaded the page from
    assert "location.origin" in page
    public = get(make_datasette(db_path, public_url=PUBLIC), f"/bills/{BILL}", EVIL).text
    assert "readonly data-relative-urls" not in public


def test_calendar_without_a_trusted_origin_has_no_links(db_path):
    ds = make_datasette(db_path)
    response = get(ds, "/feeds/hearings.ics", EVIL)
    events = list(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))
    assert events and all("URL" not in e for e in events)
    assert "/bills/" not in response.text
    trusted = make_datasette(db_path, allowed_hosts=("bills.example.org",))
    events = icalendar.Calendar.from_ical(
        get(trusted, "/feeds/hearings.ics", "bills.example.org").content
    ).walk("VEVENT")
    assert {str(e["URL"]) for e in events} >= {f"http://bills.example.org/bills/{BILL}"}


def test_hosts_parse():
    assert parse_host("Example.ORG:8001") == "example.org:8001"
    assert parse_host("[::1]:8001") == "[::1]:8001"
    for bad in ("", "a..b", "x:0", "x:65536", "exa_mple.org", "a.org/x", "a.org:80:80", "@a"):
        assert parse_host(bad) is None, bad
    assert parse_allowed_hosts(" a.org, localhost:8001,,A.ORG ") == ("a.org", "localhost:8001")
    with pytest.raises(ValueError, match=r"'a\.org/x' is not a host name"):
        parse_allowed_hosts("b.org,a.org/x")
    assert host_allowed("A.org", ("a.org",))
    assert not host_allowed("a.org:8001", ("a.org",))
    assert not host_allowed("evil.example", ("a.org",))
    assert not host_allowed(None, ("a.org",))


def test_serve_allowed_hosts_option():
    runner = CliRunner()
    assert "--allowed-hosts" in runner.invoke(main, ["serve", "--help"]).output
    result = runner.invoke(main, ["serve", "--db", __file__, "--allowed-hosts", "a.org,/x"])
    assert result.exit_code == 2 and "is not a host name" in result.output
    result = runner.invoke(
        main, ["serve", "--db", __file__], env={"BILLWATCH_ALLOWED_HOSTS": "a.org, b:x"}
    )
    assert result.exit_code == 2 and "'b:x' is not a host name" in result.output


# A real server: what a feed reader does with the relative links ----------------------------


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_a_feed_read_through_an_untrusted_host_links_to_the_right_bill_page(db_path, fmt):
    with live_server(db_path) as base:
        url = f"{base}/feeds/bills/{BILL}.{fmt}"
        status, headers, body = fetch(url, Host=EVIL)
        assert status == 200 and EVIL.encode() not in body
        assert "host" in headers["vary"].lower()
        assert headers["cache-control"].startswith("public")
        # what a reader does: fetch the feed (with the hostile Host), resolve against its URL
        feed = feedparser.parse(url, request_headers={"Host": EVIL})
        assert feed.bozo == 0, feed.get("bozo_exception")
        assert feed.entries
        for entry in feed.entries:  # each at its place on the bill page (issue 12)
            assert entry.link.split("#")[0] == f"{base}/bills/{BILL}"
        links = [entry.link for entry in feed.entries] + [x.href for x in feed.feed.links]
        assert all(EVIL not in link for link in links)
        # and the link works
        status, _, page = fetch(feed.entries[0].link)
        assert status == 200 and b"HB 7017" in page


def test_a_live_server_with_allowed_hosts(db_path):
    with live_server(db_path, env={"BILLWATCH_ALLOWED_HOSTS": "bills.example.org"}) as base:
        status, headers, body = fetch(
            f"{base}/feeds/changes.atom",
            Host="bills.example.org",
            **{"X-Forwarded-Host": EVIL, "X-Forwarded-Proto": "https"},
        )
        assert status == 200 and EVIL.encode() not in body
        # X-Forwarded-Proto is believed from 127.0.0.1 (a proxy on this machine) only
        assert b'href="https://bills.example.org/bills/2015-HB-7017#' in body  # + its anchor
        assert "host" in headers["vary"].lower()
        _, _, body = fetch(f"{base}/embed/{BILL}.json", Host=EVIL)
        assert json.loads(body)["url"] == f"/bills/{BILL}"
        sql = quote("select 1")
        _, _, body = fetch(f"{base}/billwatch.json?sql={sql}", Host=EVIL)
        assert EVIL.encode() not in body


def test_a_plain_path_joins_as_urljoin_would():
    """``PublicDatasette.absolute_url`` joins a plain absolute path to the origin without
    ``urljoin``: the same URL, for 20,000 random paths made of the characters that matter."""
    import random
    from urllib.parse import urljoin

    from publish.app import _plain_path

    rng = random.Random(19)
    alphabet = ["/", "/", ".", "..", "?", "#", ";", "%2e", "a", "b", ":", "=", "&", "@", "\\"]
    bases = [("", "/billwatch/bills"), (PUBLIC, "/a/b/"), ("http://127.0.0.1:8001", "/")]
    plain = 0
    for _ in range(20_000):
        path = "/" + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        if _plain_path(path):
            plain += 1
            for origin, request_path in bases:
                assert origin + path == urljoin(origin + request_path, path), (origin, path)
    assert plain > 2_000
    assert not _plain_path("//evil.example/x") and not _plain_path("x/y")
    assert not _plain_path("/a/../b") and _plain_path("/billwatch/bills?_facet=stage&x=/./")
