"""Real headless Chromium (Debian's chromium + chromium-driver, driven by Selenium).

A plain third-party page served from another local port embeds the status card by iframe and by
script; the stage text must render in both, the script card inside its shadow root, untouched by
the page's CSS and with the hostile title shown as text.  The bill page's redline and progress
track must be visible, and an upcoming hearing's "how to testify" block (issue 16).
Screenshots go to test-artifacts/ (git-ignored).

Nothing is downloaded: the browser and driver paths are passed explicitly, so Selenium Manager
never runs.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from test_bill_page import BILL, build_db

from billwatch.serve import make_datasette

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
STATUS = "Passed the House"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1200,1000",
)

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver);"
    " apt-get install -y chromium chromium-driver (.ci/run installs them)",
)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _uvicorn(db: Path, public: bool = True) -> Iterator[str]:
    """The billwatch site (Datasette under uvicorn) on a free 127.0.0.1 port; without
    ``public``, no public URL: its links are site-relative."""
    import uvicorn

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    ds = make_datasette(db, public_url=url if public else None)
    server = uvicorn.Server(
        uvicorn.Config(ds.app(), host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield url
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory) -> Iterator[str]:
    """The billwatch site (Datasette under uvicorn) on a free 127.0.0.1 port."""
    with _uvicorn(build_db(tmp_path_factory.mktemp("browser") / "billwatch.db")) as url:
        yield url


THIRD_PARTY_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Local 4200 — bills we follow</title>
<style>
  body {{ font-family: Georgia, serif; margin: 2rem; background: #f4f1ea; }}
  /* hostile-ish site CSS: must not leak into the shadow-root card */
  p, span, a {{ color: rgb(255, 0, 0) !important; font-size: 40px !important; }}
  .bw-card {{ display: none !important; }}
</style></head>
<body>
<h1>Bills our members are watching</h1>
<h2>By iframe</h2>
<iframe id="card-frame" src="{app}/embed/{bill}" title="Status of HB 7017" width="380" height="250"
  style="border:0"></iframe>
<h2>By script</h2>
<div id="card-script" data-billwatch-bill="{bill}"></div>
<script src="{app}/embed/{bill}.js?theme=dark" async></script>
</body></html>
"""


@pytest.fixture(scope="module")
def third_party_url(app_url, tmp_path_factory) -> Iterator[str]:
    """A plain static page on ANOTHER port (another origin) embedding the card both ways."""
    root = tmp_path_factory.mktemp("thirdparty")
    (root / "index.html").write_text(
        THIRD_PARTY_PAGE.format(app=app_url, bill=BILL), encoding="utf-8"
    )

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # belt and braces: Selenium Manager may not download
    profile = tempfile.mkdtemp(prefix="billwatch-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(20)
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _wait(condition, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


def test_card_renders_by_iframe_and_by_script_on_a_third_party_page(browser, third_party_url):
    browser.get(third_party_url)
    shadow_text = _wait(
        lambda: browser.execute_script(
            "var h = document.querySelector('#card-script');"
            "return h && h.shadowRoot ? h.shadowRoot.textContent : null;"
        )
    )
    assert shadow_text, "the script embed did not render into a shadow root"
    assert STATUS in shadow_text
    assert "HB 7017" in shadow_text and "sample data" in shadow_text
    # the hostile title is text, never markup
    details = browser.execute_script(
        "var root = document.querySelector('#card-script').shadowRoot;"
        "var status = root.querySelector('.bw-status-text');"
        "var style = getComputedStyle(status);"
        "return {markup: root.querySelectorAll('script, img, iframe').length,"
        " title: root.querySelector('.bw-title').getAttribute('title'),"
        " color: style.color, size: style.fontSize,"
        " card: getComputedStyle(root.querySelector('.bw-card')).display,"
        " dark: root.querySelector('.bw-card').classList.contains('bw-dark')};"
    )
    assert details["markup"] == 0
    assert "<script>alert(" in details["title"]
    assert details["color"] != "rgb(255, 0, 0)" and details["size"] != "40px"
    assert details["card"] != "none" and details["dark"] is True
    # a placeholder rendered once, even though the script could run again
    placeholders = "return document.querySelectorAll('[data-billwatch-bill]').length"
    assert browser.execute_script(placeholders) == 1

    frame = browser.find_element("id", "card-frame")
    browser.execute_script("arguments[0].scrollIntoView()", frame)
    browser.save_screenshot(str(ARTIFACTS / "embed-third-party.png"))
    browser.switch_to.frame(frame)
    try:
        status = browser.find_element("css selector", ".bw-status-text")
        assert status.is_displayed()
        assert status.text == STATUS
        assert browser.find_elements("css selector", "script, img") == []
        link = browser.find_element("css selector", "a.bw-num")
        assert link.get_attribute("href").endswith(f"/bills/{BILL}")
        browser.find_element("css selector", ".bw-card").screenshot(
            str(ARTIFACTS / "embed-card-iframe.png")
        )
    finally:
        browser.switch_to.default_content()
    browser.find_element("id", "card-script").screenshot(str(ARTIFACTS / "embed-card-script.png"))


def test_bill_page_shows_redline_and_progress_track(browser, app_url):
    browser.get(f"{app_url}/bills/{BILL}")
    track = browser.find_element("id", "progress")
    assert track.is_displayed()
    assert track.get_attribute("aria-label").startswith("Progress: step 5 of 9")
    current = browser.find_element("css selector", "#progress li[aria-current='step']")
    assert current.is_displayed() and "Passed House" in current.text
    inserted = browser.find_element("css selector", ".redline ins")
    deleted = browser.find_element("css selector", ".redline del")
    assert inserted.is_displayed() and deleted.is_displayed()
    assert deleted.text == "share" and inserted.text == "protect"
    assert browser.find_elements("css selector", ".redline script, .redline img") == []
    assert "<script>alert(" in browser.find_element("tag name", "h1").text
    onerror = browser.execute_script("return document.querySelectorAll('[onerror]').length")
    assert onerror == 0
    browser.save_screenshot(str(ARTIFACTS / "bill-page-top.png"))
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1200, min(height + 120, 6000))
    browser.save_screenshot(str(ARTIFACTS / "bill-page-full.png"))
    browser.set_window_size(1200, 1000)


@pytest.fixture(scope="module")
def votes_url(tmp_path_factory) -> Iterator[str]:
    """The site on a database with two roll calls and their members (tests/votes_fixture.py)."""
    from votes_fixture import add_votes

    db = add_votes(build_db(tmp_path_factory.mktemp("browser-votes") / "billwatch.db"))
    with _uvicorn(db) as url:
        yield url


def test_roll_calls_expand_and_lead_to_the_member_page(browser, votes_url):
    browser.get(f"{votes_url}/bills/{BILL}#votes")
    vote = browser.find_element("id", "vote-2015-HV-276")
    assert vote.is_displayed()
    assert (
        vote.find_element("tag name", "h3").text == "House passed 4–2 on May 29, 2015, as amended"
    )
    assert "do not add up" in vote.text
    members = vote.find_element("css selector", "details.vote-members")
    link = members.find_element("css selector", "a[href$='/legislators/H12-marrowby']")
    assert not link.is_displayed()  # collapsed until asked
    members.find_element("tag name", "summary").click()
    assert _wait(link.is_displayed)
    assert "<IMG SRC=X ONERROR=ALERT(2)>" in members.text  # a hostile name, shown as text
    assert members.find_elements("css selector", "img, script") == []
    vote.screenshot(str(ARTIFACTS / "bill-page-roll-call.png"))
    link.click()
    assert _wait(lambda: browser.current_url.endswith("/legislators/H12-marrowby"))
    heading = browser.find_element("tag name", "h1")
    assert heading.text.startswith("Representative Carla Marrowby")
    rows = browser.find_elements("css selector", "#votes tbody tr")
    assert len(rows) == 2 and all(r.is_displayed() for r in rows)
    assert "House adopted amendment schedule A 3–2" in rows[1].text
    browser.save_screenshot(str(ARTIFACTS / "legislator-page.png"))


def test_without_a_public_url_the_card_links_to_the_site_that_served_it(browser, tmp_path_factory):
    """Finding 10: with no public URL the card's data holds a site-relative link; the script
    resolves it against its own address (the billwatch site), not the embedding page's."""
    db = build_db(tmp_path_factory.mktemp("relative") / "billwatch.db")
    root = tmp_path_factory.mktemp("relative-page")
    with _uvicorn(db, public=False) as app:
        (root / "index.html").write_text(
            THIRD_PARTY_PAGE.format(app=app, bill=BILL), encoding="utf-8"
        )

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        handler = functools.partial(Quiet, directory=str(root))
        page = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=page.serve_forever, daemon=True).start()
        try:
            browser.get(f"http://127.0.0.1:{page.server_address[1]}/index.html")
            href = _wait(
                lambda: browser.execute_script(
                    "var h = document.querySelector('#card-script');"
                    "var a = h && h.shadowRoot && h.shadowRoot.querySelector('a.bw-num');"
                    "return a ? a.href : null;"
                )
            )
            assert href == f"{app}/bills/{BILL}"
            # the bill page completes its copy-ready snippets with the origin it was read at
            browser.get(f"{app}/bills/{BILL}")
            snippet = browser.execute_script(
                "return document.getElementById('snippet-script').value"
            )
            assert f'<script src="{app}/embed/{BILL}.js" async></script>' in snippet
            iframe = browser.execute_script(
                "return document.getElementById('snippet-iframe').value"
            )
            assert f'<iframe src="{app}/embed/{BILL}"' in iframe
        finally:
            page.shutdown()
            page.server_close()


HEARING_NOW = "2016-02-20T15:00:00Z"  # the clock: 2016-HB-5469's hearing of Mar 2 is upcoming


@pytest.fixture(scope="module")
def hearing_url(tmp_path_factory) -> Iterator[str]:
    """Issue 16: the site on a database where 2016-HB-5469 has a public hearing still to come
    (a meeting with its agenda's deadline and testimony address), by a clock set with
    BILLWATCH_NOW."""
    db = build_db(tmp_path_factory.mktemp("browser-hearing") / "billwatch.db")
    conn = sqlite3.connect(db)
    agenda = "https://www.cga.ct.gov/2016/EDdata/Agenda/2016ED-00302-R001000-AGENDA.htm"
    with conn:
        conn.execute(
            "insert into meetings (id, committee, kind, title, listed_title, start, date, timed,"
            " building, room, location, agenda_url, status, testimony_deadline,"
            " testimony_deadline_text, testimony_email, source_url, fetched_at, first_seen_at,"
            " last_listed_at) values ('ED-680c25e7e4a2', 'ED', 'hearing', 'Public Hearing',"
            " 'Public Hearing', '2016-03-02T10:00:00-05:00', '2016-03-02', 1, 'LOB', 'Room 2E',"
            " 'LOB Room 2E', ?, 'scheduled', '2016-03-01T16:00:00-05:00', '4:00 p.m. on"
            " Tuesday, March 1, 2016', 'EDtestimony@cga.ct.gov', 'x', ?, ?, ?)",
            [agenda, HEARING_NOW, HEARING_NOW, HEARING_NOW],
        )
        conn.execute(
            "insert into hearings (bill_id, committee, date, source, sources, meeting_id, start,"
            " location) values ('2016-HB-5469', 'ED', '2016-03-02', 'meeting', 'meeting',"
            " 'ED-680c25e7e4a2', '2016-03-02T10:00:00-05:00', 'LOB Room 2E')"
        )
    conn.close()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BILLWATCH_NOW", HEARING_NOW)
        with _uvicorn(db) as url:
            yield url


def test_an_upcoming_hearing_says_how_to_testify(browser, hearing_url):
    browser.get(f"{hearing_url}/bills/2016-HB-5469#hearing-ED-680c25e7e4a2")
    hearing = browser.find_element("id", "hearing-ED-680c25e7e4a2")
    assert hearing.is_displayed()
    assert "Wed Mar 2, 2016, 10:00 AM" in hearing.text and "LOB Room 2E" in hearing.text
    block = hearing.find_element("css selector", ".testify")
    assert block.is_displayed()
    assert block.find_element("tag name", "h3").text == "How to testify"
    form = block.find_element("link text", "Submit testimony online")
    assert form.get_attribute("href") == (
        "https://www.cga.ct.gov/aspx/CGATestimonySub/CGAtestimonysubmission.aspx?comm_code=ed"
    )
    mail = block.find_element("css selector", "a[href^='mailto:']")
    assert mail.text == "EDtestimony@cga.ct.gov"
    assert "Tue Mar 1, 2016, 4:00 PM" in block.text
    assert "submits nothing on anyone" in block.text
    block.screenshot(str(ARTIFACTS / "bill-page-how-to-testify.png"))


# Phone width (issue 13): a 390 px wide phone, emulated (a mobile viewport: the pages' viewport
# meta tag applies).  No page may be wider than the screen, and the bill page's progress-step
# labels may not run into each other.

PHONE_WIDTH = 390
LABEL_BOXES = """
return Array.from(document.querySelectorAll('#progress li')).map(function (li) {
  var texts = Array.from(li.childNodes).filter(function (n) {
    return n.nodeType === 3 && n.textContent.trim();
  });
  var range = document.createRange();
  range.setStartBefore(texts[0]);
  range.setEndAfter(texts[texts.length - 1]);
  var b = range.getBoundingClientRect();
  return {label: li.textContent.trim(), left: b.left, top: b.top, right: b.right, bottom: b.bottom};
});
"""


@contextmanager
def _phone(browser, height: int = 844) -> Iterator[None]:
    metrics = {"width": PHONE_WIDTH, "height": height, "deviceScaleFactor": 1, "mobile": True}
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    try:
        yield
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _page_width(browser) -> int:
    return browser.execute_script(
        "return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
    )


def _overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            x = min(a["right"], b["right"]) - max(a["left"], b["left"])
            y = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if x > 0.5 and y > 0.5:
                pairs.append((a["label"], b["label"]))
    return pairs


def _full_page_screenshot(browser, name: str) -> None:
    height = browser.execute_script("return document.documentElement.scrollHeight")
    with _phone(browser, height=min(height + 40, 8000)):
        browser.save_screenshot(str(ARTIFACTS / name))


def test_bill_page_at_phone_width(browser, app_url):
    with _phone(browser):
        browser.get(f"{app_url}/bills/{BILL}")
        assert browser.execute_script("return window.innerWidth") == PHONE_WIDTH
        assert _page_width(browser) <= PHONE_WIDTH
        boxes = browser.execute_script(LABEL_BOXES)
        assert len(boxes) == 9 and all(b["right"] - b["left"] > 0 for b in boxes)
        assert _overlaps(boxes) == [], boxes
        assert all(b["left"] >= 0 and b["right"] <= PHONE_WIDTH for b in boxes)
        history = browser.execute_script(
            "var r = document.querySelector('#history table').getBoundingClientRect();"
            "return [r.left, r.right];"
        )
        assert history[0] >= 0 and history[1] <= PHONE_WIDTH
        browser.save_screenshot(str(ARTIFACTS / "phone-bill-page-top.png"))
        browser.execute_script("document.getElementById('history').scrollIntoView()")
        browser.save_screenshot(str(ARTIFACTS / "phone-bill-page-history.png"))
    _full_page_screenshot(browser, "phone-bill-page-full.png")


def test_progress_labels_do_not_overlap_on_a_desktop_either(browser, app_url):
    browser.get(f"{app_url}/bills/{BILL}")
    assert _overlaps(browser.execute_script(LABEL_BOXES)) == []


@pytest.mark.parametrize(
    "path, shot",
    [
        ("/topics/student-privacy", "phone-topic-page.png"),
        ("/", "phone-home.png"),
        ("/search?q=student", "phone-search.png"),
        ("/sessions/2015", "phone-session-page.png"),
    ],
)
def test_site_pages_at_phone_width(browser, app_url, path, shot):
    with _phone(browser):
        browser.get(app_url + path)
        assert browser.execute_script("return document.readyState") == "complete"
        assert _page_width(browser) <= PHONE_WIDTH, path
    _full_page_screenshot(browser, shot)


@pytest.mark.parametrize("look", ["", "/dark", "/compact", "/dark/compact"])
def test_embed_cards_at_phone_width(browser, app_url, look):
    with _phone(browser):
        browser.get(f"{app_url}/embed/{BILL}{look}")
        assert _page_width(browser) <= PHONE_WIDTH
        card = browser.find_element("css selector", ".bw-card")
        right = browser.execute_script("return arguments[0].getBoundingClientRect().right", card)
        assert right <= PHONE_WIDTH
        assert ("bw-dark" in card.get_attribute("class")) == ("dark" in look)
        name = "phone-embed-card" + look.replace("/", "-") + ".png"
        card.screenshot(str(ARTIFACTS / name))


# --------------------------------------------------------------------------- scorecards

SCORECARD_TOPIC = "student-privacy"
SCORECARD_MEMBER = "H88-marrowby"
THIRD_PARTY_SCORECARD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Local 4200 — our scorecard</title>
<style>
  body {{ font-family: Georgia, serif; margin: 2rem; background: #f4f1ea; }}
  p, span, a {{ color: rgb(255, 0, 0) !important; font-size: 40px !important; }}
  .bw-card {{ display: none !important; }}
</style></head>
<body>
<h1>How our legislators voted</h1>
<iframe id="scorecard-frame" src="{app}/scorecards/{topic}/2015" title="Scorecard" width="1100"
  height="700" style="border:0"></iframe>
<iframe id="member-frame" src="{app}/embed/scorecards/{topic}/{member}" title="Member scorecard"
  width="380" height="300" style="border:0"></iframe>
<div id="member-script" data-billwatch-scorecard="{topic}/{member}"></div>
<script src="{app}/embed/scorecards/{topic}/{member}.js?theme=dark" async></script>
<pre id="csv">waiting</pre><pre id="json">waiting</pre>
<script>
fetch("{app}/scorecards/{topic}/2015.csv").then(function (r) {{ return r.text(); }})
  .then(function (t) {{ document.getElementById("csv").textContent = t; }})
  .catch(function (e) {{ document.getElementById("csv").textContent = "failed: " + e; }});
fetch("{app}/scorecards/{topic}.json").then(function (r) {{ return r.json(); }})
  .then(function (d) {{
    document.getElementById("json").textContent = d.topic + " " + d.rows.length;
  }})
  .catch(function (e) {{ document.getElementById("json").textContent = "failed: " + e; }});
</script>
</body></html>
"""


@pytest.fixture(scope="module")
def scorecard_urls(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """(the billwatch site, a third-party page on another origin) on a database with two
    topics' scorecards (tests/scorecards_fixture.py)."""
    from scorecards_fixture import add_scorecards
    from votes_fixture import add_votes

    db = build_db(tmp_path_factory.mktemp("browser-scorecards") / "billwatch.db")
    root = tmp_path_factory.mktemp("scorecard-page")
    with _uvicorn(add_scorecards(add_votes(db))) as app:
        (root / "index.html").write_text(
            THIRD_PARTY_SCORECARD.format(app=app, topic=SCORECARD_TOPIC, member=SCORECARD_MEMBER),
            encoding="utf-8",
        )

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        handler = functools.partial(Quiet, directory=str(root))
        page = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=page.serve_forever, daemon=True).start()
        try:
            yield app, f"http://127.0.0.1:{page.server_address[1]}/index.html"
        finally:
            page.shutdown()
            page.server_close()


def _visible_rows(browser) -> list[str]:
    return [
        row.find_element("tag name", "th").text
        for row in browser.find_elements("css selector", "#members tbody tr")
        if row.is_displayed()
    ]


def test_a_scorecard_on_a_third_party_page(browser, scorecard_urls):
    app, third_party = scorecard_urls
    browser.get(third_party)
    # CSV and JSON fetched across origins (CORS)
    csv_text = _wait(lambda: (t := browser.find_element("id", "csv").text) != "waiting" and t)
    assert csv_text.startswith(
        "topic,session,legislator_id,name,chamber,district,party,with_group,against_group,"
        "absent,not_voting,score,sponsored,cosponsored"
    ), csv_text[:200]
    assert _wait(lambda: browser.find_element("id", "json").text == f"{SCORECARD_TOPIC} 5")
    # the member's card by script: in a shadow root, untouched by the page's CSS
    shadow = _wait(
        lambda: browser.execute_script(
            "var h = document.querySelector('#member-script');"
            "return h && h.shadowRoot ? h.shadowRoot.textContent : null;"
        )
    )
    assert shadow and "Rep. Dennis Marrowby" in shadow and "100%" in shadow
    assert "Votes with the group 1 of 1 in 2015" in shadow and "Yea, with" in shadow
    details = browser.execute_script(
        "var root = document.querySelector('#member-script').shadowRoot;"
        "var n = root.querySelector('.bw-score-num'); var s = getComputedStyle(n);"
        "return {markup: root.querySelectorAll('script, img, iframe').length, size: s.fontSize,"
        " card: getComputedStyle(root.querySelector('.bw-card')).display,"
        " dark: root.querySelector('.bw-card').classList.contains('bw-dark'),"
        " href: root.querySelector('a.bw-num').href};"
    )
    assert details["markup"] == 0 and details["size"] != "40px" and details["card"] != "none"
    assert details["dark"] is True and details["href"] == f"{app}/legislators/{SCORECARD_MEMBER}"
    browser.save_screenshot(str(ARTIFACTS / "scorecard-third-party.png"))
    # the member's card by iframe
    browser.switch_to.frame(browser.find_element("id", "member-frame"))
    try:
        assert browser.find_element("css selector", ".bw-score-num").text == "100%"
        assert browser.find_elements("css selector", "script, img") == []
        browser.find_element("css selector", ".bw-card").screenshot(
            str(ARTIFACTS / "scorecard-card-iframe.png")
        )
    finally:
        browser.switch_to.default_content()
    # the whole scorecard page, framed by the other site
    browser.switch_to.frame(browser.find_element("id", "scorecard-frame"))
    try:
        assert browser.find_element("tag name", "h1").text.startswith("Student data privacy")
        assert len(_visible_rows(browser)) == 5
        link = browser.find_element("css selector", f"a[href$='/legislators/{SCORECARD_MEMBER}']")
        assert link.is_displayed()
    finally:
        browser.switch_to.default_content()


def test_scorecard_filters_and_order_work_without_javascript(browser, scorecard_urls):
    """The filters are radio buttons read by CSS and each order is a page: with the page's
    scripts off (as in a static export viewed without JavaScript) both still work."""
    app, _ = scorecard_urls
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.get(f"{app}/scorecards/{SCORECARD_TOPIC}/2015")
        assert len(_visible_rows(browser)) == 5
        browser.find_element("css selector", "label:has(#party-is-democrat)").click()
        assert _visible_rows(browser) == [
            "Rep. Carla Marrowby",
            "Rep. Robin Ashby",
            "Rep. Dennis Marrowby",
        ]
        assert "#" not in browser.current_url  # the page's own script did not run
        browser.save_screenshot(str(ARTIFACTS / "scorecard-page-filtered.png"))
        browser.find_element("css selector", "label:has(#party-any)").click()
        assert len(_visible_rows(browser)) == 5
        # ordering is a link to another page
        browser.find_element("css selector", "th a[href$='/by-score']").click()
        assert _wait(lambda: browser.current_url.endswith("/by-score"))
        rows = _visible_rows(browser)
        assert rows[:3] == ["Rep. Carla Marrowby", "Rep. Robin Ashby", "Rep. Dennis Marrowby"]
        assert rows[-1] == "Rep. <IMG SRC=X ONERROR=ALERT(2)> (as printed)"  # shown as text
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
