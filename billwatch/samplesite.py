"""The offline copy of cga.ct.gov: a small stdlib HTTP server over data/sample-site/.

The tree holds pages and bulk files under the real site's paths; this server plays the
parts of the site that are not plain files, the way IIS and classic ASP do:

* paths are case-insensitive (``/ASP/CGABillStatus/CGABillStatus.asp`` works);
* ``/asp/cgabillstatus/cgabillstatus.asp`` maps its query (any order, any key case,
  ``bill_num`` as ``7017``, ``HB7017`` or ``HB07017``, ``which_year`` defaulting to the
  current session) to a stored page ``asp/cgabillstatus/{year}/{HB07017}.html`` (with
  ``selBillType=Public Act``, ``bill_num=189`` to ``{year}/PA00189.html``, the page of the
  bill that became the act), and
  answers an unknown bill with the site's "Bill not found in Database" page (status 200);
* ``/asp/menu/CommDocTmyBillAllComm.asp?bill=HB-07017&doc_year=2015`` likewise;
* ``/basin/fullcalendar/commevents.php?comm_code=ED`` (a PHP script) answers the stored
  ``basin/fullcalendar/commevents/ed.json`` (a committee without one: ``none.json``, an
  empty list), as JSON without validators;
* static files carry ``ETag`` (content hash) and ``Last-Modified`` (a fixed date per file
  from ``manifest.tsv``, never the file's mtime) and answer conditional GETs with 304;
  ASP pages send no validators;
* a folder (``/2015/VOTE/H/PDF/``, with or without the slash) answers an IIS-style
  directory listing of links, with validators like a file (the vote folders billwatch lists
  with ``--all``; docs/cga-site.md, "Roll calls").

Deliberate faults, listed in data/sample-site/EXPECTED-ERRORS.txt, live in two places:
page-content faults (a truncated page, a dangling link, a bill missing from the status
"database") are in the stored tree; transport faults are in ``SampleSite.faults``, a dict
of named switches (``FAULTS`` describes each) keyed by resource, on by default only for
``DEFAULT_FAULTS``.  A *resource* is the lower-case stored path a URL resolves to
(``asp/cgabillstatus/2015/hb07017.html`` for every spelling of HB 7017's status query),
so every spelling of a URL hits the same fault; a target may also be given as a URL path
(``/2015/FC/...htm``, ``/asp/CGABillStatus/cgabillstatus.asp?...&bill_num=7017``) or
``*`` (every resource).  Switches that take an argument map target -> argument
(``{"status_503": {key: 2}}``); the others are sets of targets.  Set them

* in Python: ``serve(faults={...})`` or ``server.set_fault(name, targets)`` /
  ``server.clear_fault(name)`` on a running server;
* over HTTP (127.0.0.1 only, like everything here): ``PUT /__faults__/NAME`` with the
  spec as body, ``DELETE /__faults__/NAME``, ``GET /__faults__`` (JSON);
* on the command line: ``--fault NAME=TARGET[:ARG...][,TARGET...]`` (repeatable; write a
  comma inside a path as ``%2C``), e.g. ``--fault status_503=/pub/data/bill_info.csv:2``
  ``--fault slow=*:0.05`` ``--fault redirect=/a.htm:/A.HTM:302``.

Counted switches (``status_503``, ``changed``) count a resource's requests from the
moment the switch was set, so setting ``changed`` on a running server is the "site
changed" flip.  Sleeps are capped at ``MAX_SLEEP`` seconds; the server never loops.

States: the tree is the session as it ended; ``state="earlier"`` (``--state earlier``) serves
the site as it stood earlier in that session, from ``states/earlier/`` (built by
``data/sample-site/build_states.py``: a manifest of the files it serves, and those whose
bytes differ).  ``server.set_state(name)`` switches a running server (``None``: the tree);
``billwatch demo`` crawls one state, then the other.

    python -m billwatch.samplesite --port 8765 [--root DIR] [--state NAME] [--fault SPEC]
                                   [--no-default-faults]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import socket
import struct
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, unquote, urlsplit

DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "data" / "sample-site"
ROOT_ENV = "BILLWATCH_SAMPLE_SITE"
CURRENT_SESSION = 2015  # the session the sample's bulk files describe

STATUS_SCRIPT = "/asp/cgabillstatus/cgabillstatus.asp"
TESTIMONY_SCRIPT = "/asp/menu/commdoctmybillallcomm.asp"
STATUS_NOT_FOUND = "asp/cgabillstatus/notfound.html"
TESTIMONY_NONE = "asp/menu/commdoctmybillallcomm/none.html"
EVENTS_SCRIPT = "/basin/fullcalendar/commevents.php"
EVENTS_DIR = "basin/fullcalendar/commevents/"
EVENTS_NONE = EVENTS_DIR + "none.json"
# Files in the tree that are not part of the site (lower case, relative to the root); the
# build's modules (build.py, build_*.py) too.
PRIVATE_FILES = frozenset({"build.py", "readme.md", "expected-errors.txt", "manifest.tsv"})
# Stored ASP and PHP output (reachable only through the scripts) and the earlier states'
# files.
PRIVATE_DIRS = ("asp/", EVENTS_DIR, "states/")
STATES_DIR = "states"
FALLBACK_LAST_MODIFIED = datetime(2015, 1, 7, 17, 0, tzinfo=UTC)
BANNER = "Sample data \u2014 billwatch offline copy, not the live site"

# The switches, with what each does to a resource it names.  ARG is the argument of
# ``NAME=TARGET:ARG`` (and the value in ``{target: arg}``); without one the default applies.
FAULTS: dict[str, str] = {
    "fail_once": "500 to the first request for the resource (per server), 200 afterwards",
    "short_transfer": "Content-Length of the whole body, half the body sent, connection closed",
    "status_503": "503 with Retry-After: 1 to the first ARG requests (default 1), then normal",
    "slow": "sleep ARG seconds before answering (default 15: past the crawler's 10 s timeout)",
    "reset": "close the connection without an answer (TCP RST: SO_LINGER 0)",
    "truncate": "Content-Length larger than the body: the body sent, connection closed",
    "changed": "an alternative body from the ARG-th request on (default 1: at once)",
    "robots_disallow": "robots.txt also disallows these path prefixes (targets are prefixes)",
    "redirect": "FROM:TO[:STATUS] answers the exact path FROM (case-sensitive; with its query "
    "if FROM has one) with STATUS (301 default, or 302/303/307/308) to TO",
}
ARG_DEFAULTS: dict[str, Any] = {"status_503": 1, "slow": 15.0, "changed": 1}
MAX_SLEEP = 60.0  # no sleep is longer, whatever a switch says
RETRY_AFTER_SECONDS = 1
TRUNCATE_MISSING = 4096  # bytes promised by ``truncate`` beyond the body
REDIRECT_STATUSES = {301: "Moved Permanently", 302: "Found", 303: "See Other", 307: "", 308: ""}
CONTROL_PATH = "/__faults__"

# Transport faults on by default, each a set of resource keys (the lower-case stored
# path that a URL resolves to, so every spelling of a URL hits the same fault).
DEFAULT_FAULTS: dict[str, frozenset[str]] = {
    # answer 500 to the first request for the resource (per server), 200 afterwards
    "fail_once": frozenset({"asp/cgabillstatus/2015/hb05712.html"}),
    # promise the whole body in Content-Length, send half, close the connection
    "short_transfer": frozenset({"2015/fc/2015hb-06688-r000431-fc.htm"}),
}

CONTENT_TYPES = {
    ".htm": "text/html",
    ".html": "text/html",
    ".pdf": "application/pdf",
    ".csv": "text/csv",
    ".txt": "text/plain",
    ".json": "application/json",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_CHARSET_RE = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
_BILL_NUM_RE = re.compile(r"^\s*(?P<type>[HS][BJR])?\s*-?\s*0*(?P<num>\d{1,5})\s*$", re.I)

NOT_FOUND_BODY = (
    b"<html><head><title>404 - File or directory not found.</title></head><body>"
    b"<h2>404 - File or directory not found.</h2><h3>The resource you are looking for might "
    b"have been removed, had its name changed, or is temporarily unavailable.</h3>"
    b"</body></html>"
)
SERVER_ERROR_BODY = (
    b"<html><head><title>500 - Internal server error.</title></head><body>"
    b"<h2>500 - Internal server error.</h2><h3>There is a problem with the resource you are "
    b"looking for, and it cannot be displayed.</h3></body></html>"
)
UNAVAILABLE_BODY = (
    b"<html><head><title>Service Unavailable</title></head><body>"
    b"<h2>Service Unavailable</h2><hr><p>HTTP Error 503. The service is unavailable.</p>"
    b"</body></html>"
)


class LoggedRequest(NamedTuple):
    path: str  # as requested, with the query string
    status: int  # 0: the connection was reset without an answer
    at: float = 0.0  # time.monotonic() when answered


class Reply(NamedTuple):
    status: int
    body: bytes
    headers: list[tuple[str, str]]
    key: str | None = None  # resource key for faults; None for error pages


# ----------------------------------------------------------------- query -> stored page


def bill_key(bill_num: str) -> str | None:
    """``7017``/``HB7017``/``hb07017``/``HB-7017`` -> ``HB07017``; bare numbers are House
    bills from 5001 up, Senate bills below (docs/cga-site.md, "Bill ids")."""
    m = _BILL_NUM_RE.match(bill_num)
    if not m:
        return None
    number = int(m.group("num"))
    bill_type = (m.group("type") or ("HB" if number >= 5001 else "SB")).upper()
    return f"{bill_type}{number:05d}" if number else None


def _params(query: str) -> dict[str, str]:
    """ASP's Request.QueryString: case-insensitive keys, first value wins."""
    out: dict[str, str] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        out.setdefault(key.lower(), value)
    return out


def _year(value: str | None, current: int) -> str | None:
    value = (value or "").strip()
    if not value:
        return str(current)
    return value if re.fullmatch(r"\d{4}", value) else None


def status_page_key(query: str, current: int = CURRENT_SESSION) -> str | None:
    """The stored page for a bill-status query, or None for a bill the site lacks.

    ``selBillType=Public Act`` looks the number up as a public act of that year: the answer
    is the status page of the bill that became the act, stored as ``{year}/PA00189.html``
    (docs/cga-site.md, "URL patterns")."""
    params = _params(query)
    year = _year(params.get("which_year"), current)
    if params.get("selbilltype", "").strip().lower() == "public act":
        act = params.get("bill_num", "").strip()
        if not (year and act.isdigit() and 0 < int(act) < 100000):
            return None
        return f"asp/cgabillstatus/{year}/pa{int(act):05d}.html"
    bill = bill_key(params.get("bill_num", ""))
    if not (year and bill):
        return None
    return f"asp/cgabillstatus/{year}/{bill}.html".lower()


def testimony_page_key(query: str, current: int = CURRENT_SESSION) -> str | None:
    params = _params(query)
    year = _year(params.get("doc_year"), current)
    bill = bill_key(params.get("bill", ""))
    if not (year and bill):
        return None
    return f"asp/menu/commdoctmybillallcomm/{year}/{bill}.html".lower()


def events_page_key(query: str) -> str | None:
    """The stored events JSON of ``comm_code=ED`` (any key case), or None."""
    code = _params(query).get("comm_code", "").strip()
    if not re.fullmatch(r"[A-Za-z]{1,8}", code):
        return None
    return f"{EVENTS_DIR}{code.lower()}.json"


def resource_key(raw_path: str, current: int = CURRENT_SESSION) -> str | None:
    """The resource a request path names, whether or not the copy holds it."""
    parts = urlsplit(raw_path)
    path = unquote(parts.path).lower()
    if path == STATUS_SCRIPT:
        return status_page_key(parts.query, current)
    if path == TESTIMONY_SCRIPT:
        return testimony_page_key(parts.query, current)
    if path == EVENTS_SCRIPT:
        return events_page_key(parts.query)
    return path.lstrip("/")


# ---------------------------------------------------------------------- the tree


def available_states(root: Path) -> list[str]:
    """Names of the earlier states the tree holds (``states/NAME/manifest.tsv``)."""
    base = Path(root) / STATES_DIR
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if (p / "manifest.tsv").is_file())


def _manifest(path: Path) -> dict[str, tuple[str, datetime]]:
    """lower-case key -> (path as written, Last-Modified) of a manifest.tsv."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        rel, day = line.split("\t", 1)
        stamp = datetime.fromisoformat(day.strip()).replace(hour=17, tzinfo=UTC)
        out[rel.lower()] = (rel, stamp)
    return out


class SiteTree:
    """The files of the copy, found case-insensitively, with their fixed dates; with
    ``state``, the files of that earlier state (its manifest lists them: its own copy of a
    file where it has one, else the tree's)."""

    def __init__(self, root: Path, state: str | None = None):
        self.root = root
        self.state = state
        self.files: dict[str, Path] = {}
        self.last_modified: dict[str, datetime] = {}
        self._folders: tuple[dict[str, list[str]], dict[str, str]] | None = None
        if state is not None:
            folder = root / STATES_DIR / state
            if not (folder / "manifest.tsv").is_file():
                known = ", ".join(available_states(root)) or "none"
                raise ValueError(f"no state {state!r} in {root} (states: {known})")
            for key, (rel, stamp) in _manifest(folder / "manifest.tsv").items():
                own = folder / rel
                self.files[key] = own if own.is_file() else root / rel
                self.last_modified[key] = stamp
            return
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                key = path.relative_to(root).as_posix().lower()
                self.files[key] = path
        manifest = root / "manifest.tsv"
        if manifest.exists():
            self.last_modified = {k: v[1] for k, v in _manifest(manifest).items()}

    def folders(self) -> tuple[dict[str, list[str]], dict[str, str]]:
        """(public folder key -> the keys of its files and sub-folders, sub-folders ending
        in "/"; key of every file and folder -> its on-disk spelling).  Keys are lower case
        without slashes at the ends."""
        children: dict[str, set[str]] = {}
        spelling: dict[str, str] = {}
        for key, path in self.files.items():
            if self.private(key):
                continue
            parts, real = key.split("/"), path.relative_to(self.root).as_posix().split("/")
            for depth in range(1, len(parts) + 1):
                spelling["/".join(parts[:depth])] = "/".join(real[:depth])
                if depth < len(parts):
                    child = "/".join(parts[: depth + 1]) + ("/" if depth + 1 < len(parts) else "")
                    children.setdefault("/".join(parts[:depth]), set()).add(child)
        return {f: sorted(c) for f, c in children.items()}, spelling

    def listing(self, key: str) -> tuple[bytes, datetime] | None:
        """IIS "directory browsing" of a public folder (links in a ``<pre>``), and its
        newest file's date; None when ``key`` is no folder of the copy."""
        if self._folders is None:
            self._folders = self.folders()
        tree, spelling = self._folders
        folder = key.strip("/")
        if folder not in tree:
            return None
        here = f"/{spelling[folder]}/"
        up = here.rsplit("/", 2)[0] + "/"
        rows = [f'<A HREF="{up}">[To Parent Directory]</A><br><br>']
        dates = []
        for child in tree[folder]:
            path = "/" + spelling[child.rstrip("/")]
            name = path.rsplit("/", 1)[-1]
            if child.endswith("/"):
                rows.append(f'                  &lt;dir&gt; <A HREF="{path}/">{name}</A><br>')
                continue
            stamp = self.last_modified.get(child, FALLBACK_LAST_MODIFIED)
            dates.append(stamp)
            size = self.files[child].stat().st_size
            when = f"{stamp.month}/{stamp.day}/{stamp.year}  5:00 PM"
            rows.append(f'{when:>20} {size:>12} <A HREF="{path}">{name}</A><br>')
        title = f"www.cga.ct.gov - {here}"
        body = (
            f"<html><head><title>{title}</title></head><body><H1>{title}</H1>"
            f"<p>{BANNER}</p><hr>\r\n\r\n<pre>" + "\r\n".join(rows) + "</pre><hr></body></html>"
        )
        return body.encode("utf-8"), max(dates, default=FALLBACK_LAST_MODIFIED)

    def read(self, key: str) -> bytes | None:
        path = self.files.get(key)
        return path.read_bytes() if path else None

    @staticmethod
    def private(key: str) -> bool:
        # The builders (build.py, build_votes.py…) are not part of the site.
        builder = "/" not in key and key.startswith("build") and key.endswith(".py")
        return builder or key in PRIVATE_FILES or key.startswith(PRIVATE_DIRS)

    def public_key(self, url_path: str) -> str | None:
        """The stored file a URL path names, if the site serves it as a plain file."""
        key = url_path.lstrip("/").lower()
        if self.private(key) or key not in self.files:
            return None
        return key


# ------------------------------------------------------------ the "changed" fault


HB7017_PAGE = "asp/cgabillstatus/2015/hb07017.html"
HB7017_NEW_AMENDMENT = "2015/lcoamd/2015lco09020-r00-amd.htm"
BILL_HISTORY = "pub/data/bill_history.csv"
CHANGED_NOTE = (
    b"<p class=MsoNormal>Sec. 99. (Sample data: text added by the billwatch sample site's "
    b"&quot;changed&quot; fault.) This act shall take effect July 1, 2016.</p>\r\n"
)


def hb7017_change(tree: SiteTree) -> dict[str, bytes]:
    """2015 HB 7017 a few days on: a new Bill History row (on its status page and in
    ``bill_history.csv``) and a new text version (a called Senate amendment, LCO 9020,
    with its own document).  Returns resource -> body."""
    page = tree.read(HB7017_PAGE)
    amendment = tree.read("2015/lcoamd/2015lco08412-r00-amd.htm")
    history_csv = tree.read(BILL_HISTORY)
    if page is None or amendment is None or history_csv is None:
        return {}
    lines = history_csv.split(b"\r\n")
    last = max(i for i, line in enumerate(lines) if line.startswith(b"HB07017,"))
    lines.insert(last + 1, b"HB07017,2015-06-02 11:30:00,SEN. ADOPTED SEN. AMEND. SCHED. A,9020,")
    history = b"<table summary='Bill history' class='footable table'>\r\n"
    row = (
        b"<tr><td>&nbsp;</td><td>6/2/2015</td><td>&nbsp;</td>"
        b"<td>Senate Adopted Senate Amendment Schedule A 9020</td></tr>\r\n"
    )
    link = (
        b'<tr><td>&nbsp;</td><td><a href="/2015/lcoamd/2015LCO09020-R00-AMD.htm">'
        b"Senate Schedule A LCO# 9020 (R)</a></td></tr>\r\n"
    )
    newline = b"\r\n" if b"\r\n" in page else b"\n"
    row, link, history = (x.replace(b"\r\n", newline) for x in (row, link, history))
    tbody = b"<tbody>" + newline
    at = page.index(history)
    at = page.index(tbody, at) + len(tbody)
    page = page[:at] + row + page[at:]
    amendments = page.index(b"<th>Called Amendments</th>")
    at = page.index(tbody, amendments) + len(tbody)
    page = page[:at] + link + page[at:]
    for old, new in (
        (b"LCO 8412", b"LCO 9020"),
        (b"LCO No. 8412", b"LCO No. 9020"),
        (b"*HB0701708412HDO*", b"*HB0701709020SDO*"),
        (b"REP. ALEX PLACEHOLDER, 1st Dist.", b"SEN. SAM PLACEHOLDER, 2nd Dist."),
        (b"Strike section 2 in its entirety", b"Strike section 3 in its entirety"),
    ):
        amendment = amendment.replace(old, new)
    return {
        HB7017_PAGE: page,
        HB7017_NEW_AMENDMENT: amendment,
        BILL_HISTORY: b"\r\n".join(lines),
    }


ED_CALENDAR = EVENTS_DIR + "ed.json"


def ed_calendar_change(tree: SiteTree) -> dict[str, bytes]:
    """The Education Committee's calendar a few days on: its 2016 public hearing (2016 HB
    5469) moved to 1:00 PM in LOB Room 1E (same agenda: the same meeting, moved)."""
    body = tree.read(ED_CALENDAR)
    if body is None:
        return {}
    events = json.loads(body.decode("utf-8"))
    for event in events:
        if str(event.get("start", "")).startswith("2016-03-02T"):
            event["start"], event["location"] = "2016-03-02T13:00:00Z", "Room 1E"
    return {ED_CALENDAR: json.dumps(events, indent=1, ensure_ascii=False).encode("utf-8")}


# Resource -> a function giving the changed site around it (resource -> body).
BUILTIN_CHANGES = {HB7017_PAGE: hb7017_change, ED_CALENDAR: ed_calendar_change}


def generic_change(body: bytes) -> bytes | None:
    """An HTML document with one sentence added before ``</body>``; None for others."""
    at = body.lower().rfind(b"</body>")
    return None if at < 0 else body[:at] + CHANGED_NOTE + body[at:]


# ------------------------------------------------------------------- fault specs


def parse_fault(spec: str) -> tuple[str, set[str] | dict[str, Any]]:
    """``NAME=TARGET[:ARG...][,TARGET...]`` -> (name, targets or {target: arg})."""
    name, _, rest = spec.partition("=")
    name = name.strip()
    if name not in FAULTS:
        raise ValueError(f"unknown fault {name!r}; known: {', '.join(FAULTS)}")
    items = [item.strip() for item in rest.split(",") if item.strip()]
    if not items:
        raise ValueError(f"{name}: name at least one target ({name}=TARGET[,TARGET])")
    if name == "redirect":
        out: dict[str, Any] = {}
        for item in items:
            source, _, target = item.partition(":")
            status = 301
            head, _, tail = target.rpartition(":")
            if tail.isdigit() and int(tail) in REDIRECT_STATUSES:
                target, status = head, int(tail)
            if not (source and target):
                raise ValueError(f"redirect: {item!r} is not FROM:TO[:STATUS]")
            out[source] = (status, target)
        return name, out
    if name not in ARG_DEFAULTS:
        bad = [item for item in items if ":" in item]
        if bad:
            raise ValueError(f"{name} takes no argument: {bad[0]!r}")
        return name, set(items)
    args: dict[str, Any] = {}
    for item in items:
        target, _, arg = item.partition(":")
        if not arg:
            args[target] = ARG_DEFAULTS[name]
        elif name == "slow":
            try:
                args[target] = float(arg)
            except ValueError:
                raise ValueError(f"slow: {arg!r} is not a number of seconds") from None
        else:
            args[target] = _int_arg(name, arg)
    return name, args


def _int_arg(name: str, arg: str) -> int:
    try:
        return int(arg)
    except ValueError:
        raise ValueError(f"{name}: {arg!r} is not a whole number") from None


# ---------------------------------------------------------------------- the server


class SampleSite(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        root: Path,
        *,
        current_session: int = CURRENT_SESSION,
        faults: dict[str, Any] | None = None,
        alternatives: dict[str, bytes] | None = None,
        verbose: bool = False,
        state: str | None = None,
    ):
        if address[0] not in ("127.0.0.1", "localhost"):
            raise ValueError(f"the sample site listens on 127.0.0.1 only, not {address[0]}")
        self.root = Path(root)
        self.tree = SiteTree(self.root, state)
        self.current_session = current_session
        self.verbose = verbose
        self.request_log: list[LoggedRequest] = []
        self._seen_faults: set[tuple[str, str]] = set()
        self._hits: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()
        # Bodies the "changed" fault serves, by resource (explicit ones win).
        self.alternatives: dict[str, bytes] = dict(alternatives or {})
        self.faults: dict[str, Any] = {}
        for name, targets in (DEFAULT_FAULTS if faults is None else faults).items():
            self.set_fault(name, targets)
        super().__init__(address, Handler)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def state(self) -> str | None:
        return self.tree.state

    def set_state(self, state: str | None) -> None:
        """Serve another state of the site from now on (None: the tree, as the session
        ended).  Set a "changed" fault after the state it changes."""
        tree = SiteTree(self.root, state)
        with self._lock:
            self.tree = tree

    def log(self, path: str, status: int) -> None:
        with self._lock:
            self.request_log.append(LoggedRequest(path, status, time.monotonic()))

    def requests_for(self, path: str) -> list[LoggedRequest]:
        with self._lock:
            return [r for r in self.request_log if r.path == path]

    def first_time(self, fault: str, key: str) -> bool:
        """True once per (fault, resource) in this server's life."""
        with self._lock:
            if (fault, key) in self._seen_faults:
                return False
            self._seen_faults.add((fault, key))
            return True

    # --- switches

    def set_fault(self, name: str, targets: Any) -> None:
        """Turn switch ``name`` on for ``targets`` (replacing what it had): a spec string
        (``"TARGET:ARG,TARGET"``), a set of targets (default arguments) or a dict target
        -> argument.  Its request counts start again from zero."""
        if name not in FAULTS:
            raise ValueError(f"unknown fault {name!r}; known: {', '.join(FAULTS)}")
        if isinstance(targets, str):
            targets = parse_fault(f"{name}={targets}")[1]
        if name in ("robots_disallow", "redirect"):
            value: Any = set(targets) if name == "robots_disallow" else dict(targets)
            for path in value:
                if not path.startswith("/"):
                    raise ValueError(f"{name}: {path!r} must be a path starting with /")
            if name == "redirect":
                # {FROM: TO} or {FROM: (STATUS, TO)}
                value = {
                    src: (int(arg[0]), str(arg[1])) if isinstance(arg, tuple | list) else (301, arg)
                    for src, arg in value.items()
                }
                for status, target in value.values():
                    if status not in REDIRECT_STATUSES:
                        raise ValueError(f"redirect: status {status} is not a redirect")
                    if not target.startswith(("/", "http://127.0.0.1", "http://localhost")):
                        raise ValueError(f"redirect: {target!r} leaves the copy")
        elif name in ARG_DEFAULTS:
            pairs = targets.items() if isinstance(targets, dict) else ((t, None) for t in targets)
            value = {}
            for target, arg in pairs:
                value[self._target(target)] = ARG_DEFAULTS[name] if arg is None else arg
            for arg in value.values():
                if not 0 <= float(arg) <= (MAX_SLEEP if name == "slow" else 10**6):
                    raise ValueError(f"{name}: argument {arg!r} out of range")
            if name == "changed":
                value = self._prepare_changes(value)
        else:
            value = {self._target(t) for t in targets}
        with self._lock:
            self._hits = {k: n for k, n in self._hits.items() if k[0] != name}
            self.faults[name] = value

    def clear_fault(self, name: str) -> None:
        with self._lock:
            self.faults.pop(name, None)

    def describe_faults(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, value in self.faults.items():
            if isinstance(value, dict):
                out[name] = {k: list(v) if isinstance(v, tuple) else v for k, v in value.items()}
            else:
                out[name] = sorted(value)
        return out

    def _target(self, target: str) -> str:
        if target == "*":
            return target
        if target.startswith("/"):
            key = resource_key(target, self.current_session)
            if key is None:
                raise ValueError(f"{target!r} names no resource of the copy")
            return key
        return target.lower()

    def _prepare_changes(self, value: dict[str, int]) -> dict[str, int]:
        if "*" in value:
            raise ValueError("changed: name the resources that change, not *")
        out = dict(value)
        for key, start in value.items():
            builtin = BUILTIN_CHANGES.get(key)
            if builtin:
                for extra, body in builtin(self.tree).items():
                    self.alternatives.setdefault(extra, body)
                    # the rest of the site changes alike; new documents exist at once
                    out.setdefault(extra, start if extra in self.tree.files else 1)
            if key in self.alternatives:
                continue
            stored = self.tree.read(key)
            changed = generic_change(stored) if stored is not None else None
            if changed is None:
                raise ValueError(
                    f"changed: no alternative body for {key!r} (pass alternatives={{...}})"
                )
            self.alternatives[key] = changed
        return out

    def fault_arg(self, name: str, key: str | None) -> Any:
        """The switch's argument for this resource (True for plain ones), None when off."""
        conf = self.faults.get(name)
        if not conf or key is None:
            return None
        for target in (key, "*"):
            if target in conf:
                return conf[target] if isinstance(conf, dict) else True
        return None

    def count(self, name: str, key: str) -> int:
        """This request's number among the resource's requests since ``name`` was set."""
        with self._lock:
            n = self._hits.get((name, key), 0) + 1
            self._hits[(name, key)] = n
            return n

    def redirect_for(self, raw_path: str) -> tuple[int, str] | None:
        conf = self.faults.get("redirect")
        if not conf:
            return None
        parts = urlsplit(raw_path)
        for source, target in conf.items():
            if "?" in source:
                if unquote(raw_path) == unquote(source):
                    return target
            elif unquote(parts.path) == unquote(source):
                return target
        return None

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up (timeout, reset) is expected here: no traceback."""
        if isinstance(sys.exc_info()[1], ConnectionError) and not self.verbose:
            return
        super().handle_error(request, client_address)

    # --- what to answer (pure apart from reading files and counting "changed")

    def reply(self, raw_path: str, headers: Any) -> Reply:
        parts = urlsplit(raw_path)
        path = unquote(parts.path).lower()
        if path == STATUS_SCRIPT:
            return self._asp(status_page_key(parts.query, self.current_session), STATUS_NOT_FOUND)
        if path == TESTIMONY_SCRIPT:
            return self._asp(testimony_page_key(parts.query, self.current_session), TESTIMONY_NONE)
        if path == EVENTS_SCRIPT:
            return self._asp(events_page_key(parts.query), EVENTS_NONE, "application/json")
        key = path.lstrip("/")
        changed = None if self.tree.private(key) else self._changed(key)
        if changed is not None:
            return self._static(key, changed, headers, changed=True)
        public = self.tree.public_key(path)
        if public is None:
            listing = None if self.tree.private(key) else self.tree.listing(key)
            if listing is not None:
                return self._folder(key, *listing, headers)
            return Reply(404, NOT_FOUND_BODY, [("Content-Type", "text/html")])
        return self._static(public, self.tree.read(public) or b"", headers)

    def _changed(self, key: str) -> bytes | None:
        start = self.fault_arg("changed", key)
        if start is None or self.count("changed", key) < start:
            return None
        return self.alternatives.get(key)

    def _asp(self, key: str | None, missing: str, ctype: str = "text/html") -> Reply:
        body = self._changed(key) if key else None
        if body is None and key in self.tree.files:
            body = self.tree.read(key)
        if body is None:
            key = missing
            body = self.tree.read(missing)
        if body is None:  # the tree lacks even its fallback page
            return Reply(500, SERVER_ERROR_BODY, [("Content-Type", "text/html")])
        # Classic ASP (and PHP): no validators, private caching, no charset parameter.
        return Reply(200, body, [("Content-Type", ctype), ("Cache-Control", "private")], key)

    def _static(self, key: str, body: bytes, request_headers: Any, changed: bool = False) -> Reply:
        if key == "robots.txt" and self.faults.get("robots_disallow"):
            newline = b"\r\n" if b"\r\n" in body else b"\n"
            body = body.rstrip(b"\r\n") + newline
            for prefix in sorted(self.faults["robots_disallow"]):
                body += b"Disallow: " + prefix.encode("utf-8") + newline
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        modified = self.tree.last_modified.get(key, FALLBACK_LAST_MODIFIED)
        if changed:  # a later edition of the file
            modified = max(modified, FALLBACK_LAST_MODIFIED) + timedelta(days=1)
        headers = [
            ("Content-Type", content_type(key, body)),
            ("ETag", etag),
            ("Last-Modified", format_datetime(modified, usegmt=True)),
            ("Accept-Ranges", "bytes"),
        ]
        if not_modified(request_headers, etag, modified):
            return Reply(304, b"", headers, key)
        return Reply(200, body, headers, key)

    def _folder(self, key: str, body: bytes, modified: datetime, request_headers: Any) -> Reply:
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        headers = [
            ("Content-Type", "text/html; charset=utf-8"),
            ("ETag", etag),
            ("Last-Modified", format_datetime(modified, usegmt=True)),
        ]
        if not_modified(request_headers, etag, modified):
            return Reply(304, b"", headers, key.strip("/"))
        return Reply(200, body, headers, key.strip("/"))


def content_type(key: str, body: bytes) -> str:
    suffix = Path(key).suffix.lower()
    ctype = CONTENT_TYPES.get(suffix, "application/octet-stream")
    if ctype == "text/html":
        m = _CHARSET_RE.search(body[:2048])
        if m:
            ctype += "; charset=" + m.group(1).decode("ascii").lower()
    return ctype


def not_modified(headers: Any, etag: str, modified: datetime) -> bool:
    """RFC 9110 13.1: If-None-Match wins over If-Modified-Since."""
    inm = headers.get("If-None-Match")
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or etag in tags
    ims = headers.get("If-Modified-Since")
    if ims:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return modified <= since
    return False


class Handler(BaseHTTPRequestHandler):
    server: SampleSite
    protocol_version = "HTTP/1.1"
    server_version = "Microsoft-IIS/8.5"

    def version_string(self) -> str:
        return self.server_version

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_PUT(self) -> None:
        self._control("PUT")

    def do_DELETE(self) -> None:
        self._control("DELETE")

    def _answer(self, head: bool) -> None:
        if urlsplit(self.path).path.rstrip("/") == CONTROL_PATH:
            self._control("GET")
            return
        server = self.server
        redirect = server.redirect_for(self.path)
        if redirect is not None:
            self._redirect(*redirect)
            return
        key = resource_key(self.path, server.current_session)
        delay = server.fault_arg("slow", key)
        if delay:
            time.sleep(min(float(delay), MAX_SLEEP))
        if server.fault_arg("reset", key):
            self._reset()
            return
        reply = None
        first_503s = server.fault_arg("status_503", key)
        if first_503s and key and server.count("status_503", key) <= first_503s:
            reply = Reply(
                503,
                UNAVAILABLE_BODY,
                [("Content-Type", "text/html"), ("Retry-After", str(RETRY_AFTER_SECONDS))],
            )
        elif key and server.fault_arg("fail_once", key) and server.first_time("fail_once", key):
            reply = Reply(500, SERVER_ERROR_BODY, [("Content-Type", "text/html")])
        else:
            reply = server.reply(self.path, self.headers)
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        if reply.status == 304:
            self.end_headers()
            return
        body = reply.body
        if reply.status == 200 and server.fault_arg("truncate", key):
            self.send_header("Content-Length", str(len(body) + TRUNCATE_MISSING))
            self.end_headers()
            if not head:
                self.wfile.write(body)
            self.close_connection = True  # the client sees EOF before Content-Length bytes
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if head:
            return
        if reply.status == 200 and server.fault_arg("short_transfer", key):
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True  # the client sees EOF before Content-Length bytes
            return
        self.wfile.write(body)

    def _redirect(self, status: int, target: str) -> None:
        if target.startswith("/"):  # IIS sends an absolute Location
            host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
            target = f"http://{host}{target}"
        body = (
            "<head><title>Document Moved</title></head><body><h1>Object Moved</h1>"
            f'This document may be found <a HREF="{target}">here</a></body>'
        ).encode()
        self.send_response(status, REDIRECT_STATUSES.get(status) or None)
        self.send_header("Location", target)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _reset(self) -> None:
        """Abort the connection: with SO_LINGER 0, close() sends RST, not FIN."""
        self.server.log(self.path, 0)
        self.close_connection = True
        with suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.rfile.close()  # the socket closes for real once its file is gone too
        self.connection.close()

    def _control(self, method: str) -> None:
        """``GET /__faults__``; ``PUT /__faults__/NAME`` (body: spec); ``DELETE`` likewise."""
        path = urlsplit(self.path).path.rstrip("/")
        name = path[len(CONTROL_PATH) + 1 :] if path.startswith(CONTROL_PATH + "/") else ""
        status = 200
        try:
            if not (path == CONTROL_PATH or name):
                raise ValueError(f"not a control path: {path}")
            if method == "PUT":
                length = min(int(self.headers.get("Content-Length") or 0), 65536)
                spec = self.rfile.read(length).decode("utf-8").strip()
                self.server.set_fault(name, spec)
            elif method == "DELETE":
                if name not in FAULTS:
                    raise ValueError(f"unknown fault {name!r}; known: {', '.join(FAULTS)}")
                self.server.clear_fault(name)
            payload: Any = self.server.describe_faults()
        except ValueError as exc:
            status, payload = 400, {"error": str(exc)}
        body = json.dumps(payload, indent=1, sort_keys=True).encode("utf-8")
        self.send_response_only(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        status = code.value if hasattr(code, "value") else code
        self.server.log(getattr(self, "path", ""), int(status) if str(status).isdigit() else 0)
        if self.server.verbose:
            super().log_request(code, size)

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


# ---------------------------------------------------------------------- entry points


def serve(
    root: Path | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    current_session: int = CURRENT_SESSION,
    faults: dict[str, Any] | None = None,
    alternatives: dict[str, bytes] | None = None,
    verbose: bool = False,
    state: str | None = None,
) -> tuple[SampleSite, threading.Thread]:
    """Start the copy in a daemon thread; ``server.base_url`` names the bound port."""
    server = SampleSite(
        (host, port),
        Path(root) if root else DEFAULT_ROOT,
        current_session=current_session,
        faults=faults,
        alternatives=alternatives,
        verbose=verbose,
        state=state,
    )
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="samplesite", daemon=True
    )
    thread.start()
    return server, thread


@contextmanager
def running(root: Path | None = None, **kwargs: Any) -> Iterator[str]:
    """``with running() as base_url:`` the copy on a free port, stopped on exit."""
    with running_server(root, **kwargs) as server:
        yield server.base_url


@contextmanager
def running_server(root: Path | None = None, **kwargs: Any) -> Iterator[SampleSite]:
    """``with running_server() as server:`` the copy on a free port (``server.base_url``,
    ``server.set_state(...)``), stopped on exit."""
    server, thread = serve(root, **kwargs)
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def faults_from_specs(specs: list[str], defaults: bool = True) -> dict[str, Any]:
    """``--fault`` specs on top of ``DEFAULT_FAULTS`` (or of nothing); one name's specs
    add up."""
    faults: dict[str, Any] = (
        {name: set(keys) for name, keys in DEFAULT_FAULTS.items()} if defaults else {}
    )
    for spec in specs:
        name, value = parse_fault(spec)
        if isinstance(value, dict):
            faults[name] = {**faults.get(name, {}), **value}
        else:
            faults[name] = set(faults.get(name, set())) | value
    return faults


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Serve billwatch's offline copy of cga.ct.gov (sample data).",
        epilog="faults (--fault NAME=TARGET[:ARG][,TARGET...]; TARGET is a URL path, a "
        "resource key or *):\n" + "\n".join(f"  {name:16} {what}" for name, what in FAULTS.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1", choices=["127.0.0.1", "localhost"])
    parser.add_argument("--port", type=int, default=8765, help="0: any free port")
    parser.add_argument(
        "--root",
        type=Path,
        default=Path(os.environ.get(ROOT_ENV, DEFAULT_ROOT)),
        help=f"site tree (env {ROOT_ENV}; default {DEFAULT_ROOT})",
    )
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="NAME=SPEC",
        help="turn a fault switch on (repeatable)",
    )
    parser.add_argument(
        "--no-default-faults",
        action="store_true",
        help=f"start without the sample's transport faults ({', '.join(DEFAULT_FAULTS)})",
    )
    parser.add_argument("--quiet", action="store_true", help="do not log requests")
    parser.add_argument(
        "--state",
        help="serve an earlier state of the session (states/NAME/ of the tree, e.g. earlier)",
    )
    args = parser.parse_args(argv)
    try:
        faults = faults_from_specs(args.fault, defaults=not args.no_default_faults)
        server = SampleSite(
            (args.host, args.port),
            args.root,
            faults=faults,
            verbose=not args.quiet,
            state=args.state,
        )
    except ValueError as exc:
        parser.error(str(exc))
    except OSError as exc:
        raise SystemExit(f"cannot serve on {args.host}:{args.port}: {exc.strerror or exc}") from exc
    shown = f" (state {args.state})" if args.state else ""
    print(
        f"Sample data, not the live site: serving {args.root}{shown} at {server.base_url}",
        flush=True,
    )
    if server.faults:
        print(f"faults: {json.dumps(server.describe_faults(), sort_keys=True)}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
