"""A small, hostile billwatch database for the feed, serve and export tests (built by inserts).

Watched: 2015-HB-7017 (topics student-privacy and school-safety; a title, a testimony
submitter, an organisation, a committee name and a redline full of ``<script>``, quotes,
``]]>`` and ``&``), 2015-SB-1 (school-safety), 2016-HB-5469 (student-privacy).
Not watched: 2015-HB-9.  ``second_crawl=True`` adds a later crawl that found one new change.
``live_server`` runs ``billwatch serve`` on a free port for the tests that need a real server
(Host headers, streams, process-wide limits); ``fetch`` reads from it.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipelines.changes import change_id
from pipelines.schema import open_db

ROOT = Path(__file__).resolve().parent.parent
EVIL = "STUDENT DATA PRIVACY <script>alert(\"t\")</script> & 'Q' ]]> </script>"
EVIL_NAME = 'Mallory "<script>x()</script>" & ]]> Co'
EVIL_ORG = 'ACME & <Sons> "]]>"'
EVIL_COMMITTEE = "Education; Committee, the \\ one"
T1 = "2015-03-02T10:00:00Z"
T2 = "2015-03-09T10:00:00Z"
T3 = "2015-03-16T10:00:00Z"
SITE = "https://www.cga.ct.gov/2015"
REDLINE = (
    "<p>AN ACT CONCERNING STUDENT DATA PRIVACY.</p>\n"
    "<p>Sec. 1. A board shall <del>share</del> <ins>protect</ins> student data &amp; "
    "records &lt;script&gt;.</p>\n"
    "<p>Sec. 2. Unchanged text.</p>\n"
    '<p class="x"><ins onclick="alert(1)">(c) New ]]&gt; subsection.</ins>'
    "<script>alert(2)</script><img src=x onerror=alert(3)></p>"
)
DIFF_SUMMARY = "Sec. 1: 'share' → 'protect'; Sec. 1(c) added"

# (bill_id, kind, key suffix, summary, detected_at, baseline, ref)
CHANGES = [
    ("2015-HB-7017", "bill", "", "2015-HB-7017: first seen", T1, 1, None),
    ("2015-HB-7017", "version", "v1", "2015-HB-7017: new text — Raised Bill", T1, 1, "v1"),
    ("2015-HB-7017", "action", "1", "2015-HB-7017: 2015-02-20 Referred to ED", T1, 1, None),
    (
        "2015-HB-7017",
        "version",
        "v2",
        f"2015-HB-7017: new text — File No. 394\n{DIFF_SUMMARY}",
        T2,
        0,
        "v2",
    ),
    ("2015-HB-7017", "stage", "reported", "2015-HB-7017: reported out of committee", T2, 0, None),
    ("2015-HB-7017", "testimony", "t1", f"2015-HB-7017: testimony from {EVIL_NAME}", T2, 0, "t1"),
    ("2015-SB-1", "action", "1", "2015-SB-1: 2015-03-01 Public Hearing 03/12", T2, 0, None),
    ("2015-SB-1", "document", "d1", "2015-SB-1: new document — Fiscal Note", T2, 0, None),
    ("2016-HB-5469", "bill", "", "2016-HB-5469: first seen", T1, 1, None),
    ("2015-HB-9", "action", "1", "2015-HB-9: 2015-03-03 Referred to JUD", T2, 0, None),
]
SECOND_CRAWL_CHANGE = (
    "2015-HB-7017",
    "stage",
    "calendar",
    "2015-HB-7017: placed on the House calendar",
    T3,
    0,
    None,
)


def _bill(bill_id: str, title: str) -> dict:
    session, btype, number = bill_id.split("-")
    return {
        "id": bill_id,
        "session": int(session),
        "chamber": "house" if btype.startswith("H") else "senate",
        "type": btype,
        "number": int(number),
        "title": title,
        "stage": "reported",
        "committee": "ED",
        "status_url": f"{SITE}/status/{bill_id}",
        "source_url": f"{SITE}/status/{bill_id}",
        "fetched_at": T1,
        "first_seen_at": T1,
        "last_action_date": "2015-03-01",
    }


def _change(bill_id, kind, suffix, summary, detected_at, baseline, ref) -> dict:
    key = f"{kind}|{bill_id}|{suffix}"
    return {
        "id": change_id(key),
        "bill_id": bill_id,
        "session": int(bill_id[:4]),
        "kind": kind,
        "key": key,
        "detected_at": detected_at,
        "summary": summary,
        "url": f"{SITE}/doc/{bill_id}/{kind}?a=1&b=2",
        "baseline": baseline,
        "ref": f"{bill_id}:{ref}" if ref else None,
    }


def build_db(path: Path, sample: bool = True, second_crawl: bool = False) -> Path:
    db = open_db(path)
    base_url = "http://127.0.0.1:8765" if sample else "https://www.cga.ct.gov"
    db["crawls"].insert(
        {
            "id": 1,
            "started_at": T2,
            "finished_at": T2,
            "session": 2015,
            "base_url": base_url,
            "finish_reason": "finished",
        }
    )
    db["committees"].insert(
        {"code": "ED", "name": EVIL_COMMITTEE, "source_url": SITE, "fetched_at": T1}
    )
    db["bills"].insert_all(
        [
            _bill("2015-HB-7017", EVIL),
            _bill("2015-SB-1", "AN ACT CONCERNING SCHOOL SAFETY."),
            _bill("2016-HB-5469", "AN ACT CONCERNING STUDENT DATA PRIVACY."),
            _bill("2015-HB-9", "AN ACT CONCERNING ENCRYPTION OF STATE RECORDS."),
        ]
    )
    db["bill_topics"].insert_all(
        [
            {"bill_id": "2015-HB-7017", "topic": "student-privacy", "matched": "bill id"},
            {"bill_id": "2015-HB-7017", "topic": "school-safety", "matched": "student data"},
            {"bill_id": "2015-SB-1", "topic": "school-safety", "matched": "bill id"},
            {"bill_id": "2016-HB-5469", "topic": "student-privacy", "matched": "bill id"},
        ]
    )
    for seq, label in ((1, "Raised Bill"), (2, "File No. 394")):
        db["versions"].insert(
            {
                "id": f"2015-HB-7017:v{seq}",
                "bill_id": "2015-HB-7017",
                "seq": seq,
                "label": label,
                "kind": "text" if seq == 1 else "file_copy",
                "url": f"{SITE}/TOB/v{seq}.htm",
                "format": "htm",
                "text": "Sec. 1. A board shall protect student data.",
                "sha256": f"s{seq}",
                "body_sha256": f"b{seq}",
                "source_url": f"{SITE}/TOB/v{seq}.htm",
                "fetched_at": T2,
            }
        )
    db["diffs"].insert(
        {
            "id": "d1",
            "bill_id": "2015-HB-7017",
            "from_version": "2015-HB-7017:v1",
            "to_version": "2015-HB-7017:v2",
            "from_label": "Raised Bill",
            "to_label": "File No. 394",
            "words_added": 7,
            "words_removed": 1,
            "summary": DIFF_SUMMARY,
            "redline_html": REDLINE,
            "unified": "-share\n+protect",
            "computed_at": T2,
        }
    )
    db["testimony"].insert(
        {
            "id": "2015-HB-7017:t1",
            "bill_id": "2015-HB-7017",
            "committee": "ED",
            "hearing_date": "2015-03-10",
            "submitter": EVIL_NAME,
            "organization": EVIL_ORG,
            "position": "support",
            "file_name": "x.pdf",
            "url": f"{SITE}/TMY/x.pdf",
            "text": "We support strong encryption of student records.",
            "source_url": SITE,
            "fetched_at": T2,
        }
    )
    db["hearings"].insert_all(
        [
            {
                "bill_id": "2015-HB-7017",
                "committee": "ED",
                "date": "2015-03-10",
                "source": "action",
            },
            {"bill_id": "2015-SB-1", "committee": "", "date": "2015-03-12", "source": "action"},
            {"bill_id": "2015-HB-9", "committee": "JUD", "date": "2015-03-11", "source": "action"},
        ]
    )
    rows = [_change(*c) for c in CHANGES]
    if second_crawl:
        db["crawls"].insert(
            {
                "id": 2,
                "started_at": T3,
                "finished_at": T3,
                "session": 2015,
                "base_url": base_url,
                "finish_reason": "finished",
            }
        )
        rows.append(_change(*SECOND_CRAWL_CHANGE))
    db["changes"].insert_all(rows)
    db.conn.commit()
    db.close()
    return path


def expected_ids(predicate) -> set[str]:
    return {_change(*c)["id"] for c in CHANGES if predicate(*c)}


WATCHED = {"2015-HB-7017", "2015-SB-1", "2016-HB-5469"}


def get(ds, path: str, **headers):
    """``await ds.client.get`` from synchronous tests (pytest-asyncio is not installed)."""
    return asyncio.run(ds.client.get(path, headers=headers or None))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(db_path: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """``billwatch serve`` in a subprocess on a free 127.0.0.1 port; yields its base URL.

    Bounded: it must answer within 30 s, and is stopped (then killed) on the way out.
    """
    port = free_port()
    command = [sys.executable, "-m", "billwatch", "serve", "--db", str(db_path)]
    proc = subprocess.Popen(
        [*command, "--port", str(port), *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/-/versions.json", timeout=5):
                    break
            except OSError:
                if proc.poll() is not None:
                    output = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                    message = f"billwatch serve exited {proc.returncode}:\n{output}"
                    raise AssertionError(message) from None
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def fetch(url: str, timeout: float = 60, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """GET ``url``: (status, headers with lower-case names, body), for errors too."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, _lower(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, _lower(error.headers), error.read()


def _lower(headers) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in headers.items():
        key = name.lower()
        out[key] = f"{out[key]}, {value}" if key in out else value
    return out
