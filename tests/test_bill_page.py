"""The bill page /bills/{id}, through Datasette's own client, on a small hostile database.

``build_db`` (also used by test_embed.py and test_browser.py) makes a fresh database holding a
bill whose title, actions, testimony and redline carry ``<script>``, quotes, ``]]>``,
``</script>`` and ``&``, plus an enacted, a vetoed and a dead bill.
"""

from __future__ import annotations

import asyncio
import json
import re
from html import unescape
from pathlib import Path

import pytest

from billwatch.serve import make_datasette
from pipelines.schema import open_db
from publish.bill_render import load_bill_page
from publish.status import progress_steps, short_title, status_text

EVIL = (
    "AN ACT CONCERNING <script>alert(\"t\")</script> & 'Q' ]]> </script>"
    "<img src=x onerror=alert(1)>"
)
EVIL_NAME = 'Mallory "<script>x()</script>" & ]]> Co'
BILL = "2015-HB-7017"
NOW = "2026-01-02T03:04:05Z"
SITE = "https://www.cga.ct.gov/2015"
REDLINE = (
    "<p>Sec. 1. A board shall <del>share</del> <ins>protect</ins> student data &amp; "
    "records &lt;script&gt;.</p>\n"
    '<p class="x"><ins onclick="alert(1)">(c) New subsection.</ins><script>alert(2)</script>'
    "<img src=x onerror=alert(3)></p>"
)


def _bill(bill_id: str, title: str, stage: str, outcome: str, **extra) -> dict:
    session, btype, number = bill_id.split("-")
    return {
        "id": bill_id,
        "session": int(session),
        "chamber": "house" if btype.startswith("H") else "senate",
        "type": btype,
        "number": int(number),
        "title": title,
        "stage": stage,
        "outcome": outcome,
        "status_url": f"https://www.cga.ct.gov/asp/cgabillstatus/cgabillstatus.asp?"
        f"selBillType=Bill&which_year={session}&bill_num={number}",
        "source_url": "https://www.cga.ct.gov/x",
        "fetched_at": NOW,
        "first_seen_at": NOW,
        **extra,
    }


def build_db(path: Path, sample: bool = True) -> Path:
    """A fresh billwatch database with one hostile bill and three ordinary ones."""
    db = open_db(path)
    db["crawls"].insert(
        {
            "started_at": "2026-01-02T03:00:00Z",
            "finished_at": NOW,
            "session": 2015,
            "base_url": "http://127.0.0.1:8765" if sample else "https://www.cga.ct.gov",
            "finish_reason": "finished",
        }
    )
    db["committees"].insert(
        {"code": "ED", "name": "Education Committee", "source_url": "x", "fetched_at": NOW}
    )
    db["bills"].insert_all(
        [
            _bill(
                BILL,
                EVIL,
                "passed_first",
                "pending",
                label="Substitute for Raised H.B. No. 7017",
                committee="ED",
                introducers=json.dumps(["Education Committee"]),
                statement_of_purpose=f"To protect {EVIL_NAME}.",
                last_action=f"House Passed {EVIL_NAME}",
                last_action_date="2015-05-29",
            ),
            _bill(
                "2016-HB-5469",
                "AN ACT CONCERNING STUDENT DATA PRIVACY.",
                "enacted",
                "enacted",
                public_act="16-189",
                last_action="Signed by the Governor",
                last_action_date="2016-06-09",
            ),
            _bill(
                "2015-HB-6688",
                "AN ACT CONCERNING THE REGISTRATION OF HOME CARE WORKERS.",
                "to_governor",
                "vetoed",
                last_action="Vetoed by Governor",
                last_action_date="2015-06-22",
            ),
            _bill(
                "2015-SB-415",
                "AN ACT CONCERNING THE USE OF SUNSCREEN BY STUDENTS.",
                "in_committee",
                "dead",
                last_action="Public Hearing 02/27",
                last_action_date="2015-02-23",
            ),
        ]
    )
    actions = [
        ("2015-03-12", "Referred to Joint Committee on Education", "in_committee", "referred"),
        ("2015-03-16", "Public Hearing 03/19", "in_committee", "public_hearing"),
        ("2015-03-27", "Joint Favorable Substitute", "reported", "joint_favorable"),
        ("2015-04-16", "House Calendar Number 297", "calendar", "calendar_number"),
        ("2015-05-29", f"House Passed {EVIL_NAME}", "passed_first", "house_passed"),
    ]
    db["actions"].insert_all(
        {
            "bill_id": BILL,
            "seq": seq,
            "date": date,
            "text": text,
            "stage": stage,
            "event": event,
            "key": f"{date}|{event}",
            "source": "both",
            "source_url": "x",
            "fetched_at": NOW,
        }
        # stored out of order: the page sorts them
        for seq, (date, text, stage, event) in reversed(list(enumerate(actions, 1)))
    )
    versions = [
        ("text", "Raised Bill", f"{SITE}/TOB/H/2015HB-07017-R00-HB.htm"),
        ("text", "ED Joint Favorable Substitute", f"{SITE}/TOB/H/2015HB-07017-R01-HB.htm"),
        ("amendment", "House Schedule A LCO# 8412", f"{SITE}/lcoamd/2015LCO08412-R00-AMD.htm"),
        ("file_copy", "File No. 394", "javascript:alert(1)"),
    ]
    db["versions"].insert_all(
        {
            "id": f"{BILL}:v{seq}",
            "bill_id": BILL,
            "seq": seq,
            "label": label,
            "kind": kind,
            "url": url,
            "format": "htm",
            "text": f"text {seq}",
            "sha256": str(seq),
            "body_sha256": str(seq),
            "source_url": url,
            "fetched_at": NOW,
        }
        for seq, (kind, label, url) in enumerate(versions, 1)
    )
    db["diffs"].insert_all(
        [
            {
                "id": "d1",
                "bill_id": BILL,
                "from_version": f"{BILL}:v1",
                "to_version": f"{BILL}:v2",
                "from_label": "Raised Bill",
                "to_label": "ED Joint Favorable Substitute",
                "words_added": 4,
                "words_removed": 1,
                "summary": f"Sec. 1: 'share' → 'protect' {EVIL_NAME}",
                "redline_html": REDLINE,
                "unified": "x",
                "computed_at": NOW,
            },
            {
                "id": "d2",
                "bill_id": BILL,
                "from_version": f"{BILL}:v2",
                "to_version": f"{BILL}:v4",
                "from_label": "ED Joint Favorable Substitute",
                "to_label": "File No. 394",
                "words_added": 1,
                "words_removed": 0,
                "summary": "Title: one paragraph added",
                "redline_html": "<p><ins>House of Representatives</ins></p>",
                "unified": "x",
                "computed_at": NOW,
            },
        ]
    )
    db["documents"].insert_all(
        [
            {
                "id": "doc1",
                "bill_id": BILL,
                "kind": "fiscal_note",
                "label": f"Fiscal Note {EVIL_NAME}",
                "url": f"{SITE}/FN/2015HB-07017-R000394-FN.htm",
                "source_url": "x",
                "first_seen_at": NOW,
            },
            {
                "id": "doc2",
                "bill_id": BILL,
                "kind": "other",
                "label": "Bad link",
                "url": "javascript:alert(document.cookie)",
                "source_url": "x",
                "first_seen_at": NOW,
            },
        ]
    )
    people = [
        (EVIL_NAME, f"Org {EVIL_NAME}", "support"),
        ("Jane Doe", "Connecticut Education Association", "support"),
        ("Sam Roe", "Software & Information Industry Association", "oppose"),
        ("Pat Lee", None, None),
    ]
    db["testimony"].insert_all(
        {
            "id": f"t{i}",
            "bill_id": BILL,
            "committee": "ED",
            "hearing_date": "2015-03-19",
            "submitter": name,
            "organization": org,
            "position": pos,
            "file_name": f"t{i}.pdf",
            "url": f"{SITE}/EDdata/Tmy/2015HB-07017-R000319-{i}-TMY.PDF",
            "pages": 2,
            "source_url": "x",
            "fetched_at": NOW,
        }
        for i, (name, org, pos) in enumerate(people)
    )
    db["hearings"].insert({"bill_id": BILL, "committee": "ED", "date": "2015-03-19", "source": "x"})
    db["bill_topics"].insert({"bill_id": BILL, "topic": "student-privacy", "matched": "bill id"})
    db.conn.commit()
    db.conn.close()
    return path


def get(ds, path: str, **kwargs):
    return asyncio.run(ds.client.get(path, **kwargs))


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    return build_db(tmp_path_factory.mktemp("bill") / "billwatch.db")


@pytest.fixture(scope="module")
def ds(db_path):
    return make_datasette(db_path, public_url="https://bills.example.org")


@pytest.fixture(scope="module")
def page(ds) -> str:
    response = get(ds, f"/bills/{BILL}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def test_title_label_session_and_status(page):
    assert "Substitute for Raised H.B. No. 7017" in page
    assert "2015 session" in page
    assert "Passed the House" in page
    assert "Education Committee" in page


def test_untrusted_text_is_escaped_everywhere(page):
    for raw in ("<script>alert", "<img src=x", "<script>x()", "onerror=alert(1)>", "]]> </script>"):
        assert raw not in page, raw
    assert "AN ACT CONCERNING &lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; &amp;" in page
    assert "Mallory &#34;&lt;script&gt;x()&lt;/script&gt;&#34; &amp; ]]&gt; Co" in page
    # the only scripts are the JSON-LD block and the page's own (copy buttons, Datasette menus)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert all("alert" not in body for attrs, body in scripts if "ld+json" not in attrs)


def test_json_ld_round_trips_the_hostile_title(page):
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert block is not None
    assert "<" not in block.group(1) and ">" not in block.group(1)
    data = json.loads(block.group(1))
    assert data["name"] == EVIL
    assert data["legislationIdentifier"] == BILL
    assert data["url"] == f"https://bills.example.org/bills/{BILL}"


def test_progress_track_is_labelled_and_marks_the_current_step(page):
    track = re.search(
        r'<ol class="track" id="progress" aria-label="([^"]+)">(.*?)</ol>', page, re.S
    )
    assert track is not None
    assert track.group(1) == "Progress: step 5 of 9, passed the house"
    items = re.findall(r"<li class=\"(\w+)\"([^>]*)>", track.group(2))
    assert [state for state, _ in items] == ["done"] * 4 + ["current"] + ["todo"] * 4
    assert 'aria-current="step"' in items[4][1]
    assert "Passed House" in track.group(2)
    assert "(not reached)" in track.group(2)


def test_actions_are_chronological(page):
    history = page[page.index('id="history"') : page.index('id="versions"')]
    texts = ["Referred to Joint", "Public Hearing 03/19", "Joint Favorable", "House Calendar"]
    positions = [history.index(t) for t in texts]
    assert positions == sorted(positions)
    assert 'datetime="2015-03-12">Mar 12, 2015' in history


def test_versions_with_sanitized_redlines(page):
    versions = page[page.index('id="versions"') : page.index('id="documents"')]
    assert versions.count('class="version"') == 4
    assert "<del>share</del> <ins>protect</ins>" in versions
    assert "&amp; records &lt;script&gt;." in versions
    assert "<ins>(c) New subsection.</ins>" in versions  # attributes dropped
    assert "onclick" not in versions and "alert(2)" not in versions
    assert "First text of the bill" in versions
    assert "An amendment" in versions
    assert "What changed since “Raised Bill”" in versions
    assert "<ins>House of Representatives</ins>" in versions  # v4 against v2, across v3


def test_only_http_links(page):
    assert "javascript:" not in page
    assert f'href="{SITE}/FN/2015HB-07017-R000394-FN.htm"' in page
    assert "Bad link" in page  # shown, not linked


def test_testimony_table_and_bar(page):
    section = page[page.index('id="testimony"') : page.index('id="hearings"')]
    assert 'aria-label="Positions in 4 testimonies: 2 support, 1 oppose, 1 not stated"' in section
    assert 'class="pos-support" style="width: 50.0%"' in section
    assert section.count("<tr>") == 5  # header + 4
    assert "Software &amp; Information Industry Association" in section


def test_hearings(page):
    section = page[page.index('id="hearings"') : page.index('id="embed"')]
    assert "Mar 19, 2015" in section and "Education Committee" in section


def test_feeds_advertised_and_linked(page):
    for fmt, mime in (("rss", "application/rss\\+xml"), ("atom", "application/atom\\+xml")):
        url = f"https://bills.example.org/feeds/bills/{BILL}.{fmt}"
        assert re.search(rf'<link rel="alternate" type="{mime}"[^>]+href="{url}"', page)
        assert f'<a href="{url}">' in page
    assert "https://bills.example.org/feeds/topics/student-privacy.rss" in page


def test_embed_snippets_use_the_public_url(page):
    iframe = re.search(r'<textarea id="snippet-iframe" readonly>(.*?)</textarea>', page, re.S)
    script = re.search(r'<textarea id="snippet-script" readonly>(.*?)</textarea>', page, re.S)
    assert iframe and script
    assert f'<iframe src="https://bills.example.org/embed/{BILL}"' in unescape(iframe.group(1))
    assert unescape(script.group(1)) == (
        f'<div data-billwatch-bill="{BILL}"></div>\n'
        f'<script src="https://bills.example.org/embed/{BILL}.js" async></script>'
    )


def test_sample_data_and_last_update(page):
    assert "Sample data." in page
    assert "(sample data)" in page  # in the <title> and the footer line
    assert 'Data last updated <time datetime="2026-01-02T03:04:05Z">Jan 2, 2026, 03:04 UTC' in page


def test_live_data_is_not_called_sample(tmp_path):
    ds = make_datasette(build_db(tmp_path / "live.db", sample=False))
    text = get(ds, f"/bills/{BILL}").text
    assert "sample data" not in text.lower()
    # without --public-url (nor an allowed Host) links are site-relative: the Host is not trusted
    assert f'href="/feeds/bills/{BILL}.rss"' in text


@pytest.mark.parametrize(
    ("bill_id", "words"),
    [
        ("2016-HB-5469", ["Signed into law (Public Act 16-189)", "Outcome: Enacted"]),
        ("2015-HB-6688", ["Vetoed by the governor", "Outcome: Vetoed by the governor"]),
        (
            "2015-SB-415",
            ["Did not pass (last stage: in committee)", "got as far as “In committee”"],
        ),
    ],
)
def test_outcomes_are_shown_distinctly(ds, bill_id, words):
    response = get(ds, f"/bills/{bill_id}")
    assert response.status_code == 200
    for w in words:
        assert w in response.text
    if bill_id != "2016-HB-5469":
        assert '<li class="stopped" aria-current="step">' in response.text
        assert "No testimony recorded" in response.text


def test_unknown_bill_is_404(ds):
    response = get(ds, "/bills/2015-HB-1")
    assert response.status_code == 404
    assert "Bill not found" in response.text and "2015-HB-1" in response.text


@pytest.mark.parametrize("bad", ["xyz", "2015-XX-1", "HB-7017", "2015-HB-0", "%3Cscript%3E"])
def test_malformed_id_is_400(ds, bad):
    response = get(ds, f"/bills/{bad}")
    assert response.status_code == 400
    assert "Not a bill id" in response.text
    assert "<script>" not in response.text.split("</h1>")[1].split("</form>")[0]


def test_other_spellings_redirect_to_the_canonical_id(ds):
    response = get(ds, "/bills/2015-hb-07017")
    assert response.status_code == 301
    assert response.headers["location"] == f"/bills/{BILL}"


def test_loader_reads_no_big_columns(db_path):
    import sqlite3

    conn = sqlite3.connect(db_path)
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    context = load_bill_page(conn, BILL, "https://x.org")
    assert context is not None and len(context["versions"]) == 4
    assert not any(re.search(r"select[^;]*\btext\b[^;]*from versions", s, re.I) for s in seen)
    assert load_bill_page(conn, "2015-HB-2", "https://x.org") is None


def test_status_helpers():
    assert short_title("AN ACT CONCERNING STUDENT DATA PRIVACY.") == "Student data privacy"
    assert short_title("AN ACT LIMITING THE P20 WIN COUNCIL.").startswith("An act limiting the P20")
    assert status_text("to_governor", "vetoed") == "Vetoed by the governor"
    assert status_text("passed_first", "pending", None, "senate") == "Passed the Senate"
    steps = progress_steps("enacted", "enacted")
    assert [s.state for s in steps] == ["done"] * 9
    steps = progress_steps("calendar", "dead")
    assert [s.state for s in steps][2:5] == ["done", "stopped", "todo"]


def test_a_bare_bill_renders(tmp_path):
    db = open_db(tmp_path / "bare.db")
    db["bills"].insert(_bill("2025-SB-1", None, "introduced", "pending"))
    db.conn.commit()
    db.conn.close()
    ds = make_datasette(tmp_path / "bare.db")
    response = get(ds, "/bills/2025-SB-1")
    assert response.status_code == 200
    text = response.text
    for empty in ("No actions recorded yet", "No text versions", "No testimony recorded"):
        assert empty in text
    assert "Data last updated never" in text
    assert '<li class="current" aria-current="step">' in text
    card = get(ds, "/embed/2025-SB-1")
    assert card.status_code == 200 and "updated" not in card.text.split("<body>")[1]
    assert get(ds, "/embed/2025-SB-1.json").json()["updated"] is None


def test_huge_redline_is_linked_not_inlined(db_path, monkeypatch):
    import sqlite3

    from publish import bill_render

    monkeypatch.setattr(bill_render, "INLINE_REDLINE_LIMIT", 50)
    context = load_bill_page(sqlite3.connect(db_path), BILL, "https://x.org")
    v2 = context["versions"][1]
    assert v2["diff"]["redline"] is None
    assert v2["diff"]["row_url"] == "/billwatch/diffs/d1"
