"""The offline copy of cga.ct.gov: a small stdlib HTTP server over data/sample-site/.

The tree holds pages and bulk files under the real site's paths; this server plays the
parts of the site that are not plain files, the way IIS and classic ASP do:

* paths are case-insensitive (``/ASP/CGABillStatus/CGABillStatus.asp`` works);
* ``/asp/cgabillstatus/cgabillstatus.asp`` maps its query (any order, any key case,
  ``bill_num`` as ``7017``, ``HB7017`` or ``HB07017``, ``which_year`` defaulting to the
  current session) to a stored page ``asp/cgabillstatus/{year}/{HB07017}.html``, and
  answers an unknown bill with the site's "Bill not found in Database" page (status 200);
* ``/asp/menu/CommDocTmyBillAllComm.asp?bill=HB-07017&doc_year=2015`` likewise;
* static files carry ``ETag`` (content hash) and ``Last-Modified`` (a fixed date per file
  from ``manifest.tsv``, never the file's mtime) and answer conditional GETs with 304;
  ASP pages send no validators.

Deliberate faults, listed in data/sample-site/EXPECTED-ERRORS.txt, live in two places:
page-content faults (a truncated page, a dangling link, a bill missing from the status
"database") are in the stored tree; transport faults are in ``SampleSite.faults``, a dict
of named switches keyed by resource (see ``DEFAULT_FAULTS``) so more can be added.

    python -m billwatch.samplesite --port 8765 [--root DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
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
# Files in the tree that are not part of the site (lower case, relative to the root).
PRIVATE_FILES = frozenset({"build.py", "readme.md", "expected-errors.txt", "manifest.tsv"})
PRIVATE_DIRS = ("asp/",)  # stored ASP output: reachable only through the scripts
FALLBACK_LAST_MODIFIED = datetime(2015, 1, 7, 17, 0, tzinfo=UTC)

# Transport faults, each a set of resource keys (the lower-case stored path that a URL
# resolves to, so every spelling of a URL hits the same fault).
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


class LoggedRequest(NamedTuple):
    path: str  # as requested, with the query string
    status: int


class Reply(NamedTuple):
    status: int
    body: bytes
    headers: list[tuple[str, str]]
    key: str | None = None  # resource key for faults; None for error pages


# ----------------------------------------------------------------- query -> stored page


def bill_key(bill_num: str) -> str | None:
    """``7017``/``HB7017``/``hb07017``/``HB-7017`` -> ``HB07017``; bare numbers are House
    bills from 5001 up, Senate bills below (REFERENCE.md section 2)."""
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
    """The stored page for a bill-status query, or None for a bill the site lacks."""
    params = _params(query)
    year = _year(params.get("which_year"), current)
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


# ---------------------------------------------------------------------- the tree


class SiteTree:
    """The files of the copy, found case-insensitively, with their fixed dates."""

    def __init__(self, root: Path):
        self.root = root
        self.files: dict[str, Path] = {}
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                key = path.relative_to(root).as_posix().lower()
                self.files[key] = path
        self.last_modified: dict[str, datetime] = {}
        manifest = root / "manifest.tsv"
        if manifest.exists():
            for line in manifest.read_text(encoding="utf-8").splitlines():
                if line.startswith("#") or "\t" not in line:
                    continue
                rel, day = line.split("\t", 1)
                stamp = datetime.fromisoformat(day.strip()).replace(hour=17, tzinfo=UTC)
                self.last_modified[rel.lower()] = stamp

    def read(self, key: str) -> bytes | None:
        path = self.files.get(key)
        return path.read_bytes() if path else None

    def public_key(self, url_path: str) -> str | None:
        """The stored file a URL path names, if the site serves it as a plain file."""
        key = url_path.lstrip("/").lower()
        if key in PRIVATE_FILES or key.startswith(PRIVATE_DIRS) or key not in self.files:
            return None
        return key


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
        verbose: bool = False,
    ):
        self.tree = SiteTree(Path(root))
        self.current_session = current_session
        base = DEFAULT_FAULTS if faults is None else faults
        self.faults: dict[str, Any] = {name: set(keys) for name, keys in base.items()}
        self.verbose = verbose
        self.request_log: list[LoggedRequest] = []
        self._seen_faults: set[tuple[str, str]] = set()
        self._lock = threading.Lock()
        super().__init__(address, Handler)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def log(self, path: str, status: int) -> None:
        with self._lock:
            self.request_log.append(LoggedRequest(path, status))

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

    # --- what to answer (pure apart from reading files)

    def reply(self, raw_path: str, headers: Any) -> Reply:
        parts = urlsplit(raw_path)
        path = unquote(parts.path).lower()
        if path == STATUS_SCRIPT:
            return self._asp(status_page_key(parts.query, self.current_session), STATUS_NOT_FOUND)
        if path == TESTIMONY_SCRIPT:
            return self._asp(testimony_page_key(parts.query, self.current_session), TESTIMONY_NONE)
        key = self.tree.public_key(path)
        if key is None:
            return Reply(404, NOT_FOUND_BODY, [("Content-Type", "text/html")])
        return self._static(key, headers)

    def _asp(self, key: str | None, missing: str) -> Reply:
        if key is None or key not in self.tree.files:
            key = missing
        body = self.tree.read(key)
        if body is None:  # the tree lacks even its fallback page
            return Reply(500, SERVER_ERROR_BODY, [("Content-Type", "text/html")])
        # Classic ASP: no validators, private caching, no charset parameter.
        return Reply(200, body, [("Content-Type", "text/html"), ("Cache-Control", "private")], key)

    def _static(self, key: str, request_headers: Any) -> Reply:
        body = self.tree.read(key) or b""
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        modified = self.tree.last_modified.get(key, FALLBACK_LAST_MODIFIED)
        headers = [
            ("Content-Type", content_type(key, body)),
            ("ETag", etag),
            ("Last-Modified", format_datetime(modified, usegmt=True)),
            ("Accept-Ranges", "bytes"),
        ]
        if not_modified(request_headers, etag, modified):
            return Reply(304, b"", headers, key)
        return Reply(200, body, headers, key)


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

    def _answer(self, head: bool) -> None:
        reply = self.server.reply(self.path, self.headers)
        faults = self.server.faults
        key = reply.key
        if key and key in faults.get("fail_once", ()) and self.server.first_time("fail_once", key):
            reply = Reply(500, SERVER_ERROR_BODY, [("Content-Type", "text/html")])
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        if reply.status == 304:
            self.end_headers()
            return
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if head:
            return
        if reply.status == 200 and key in faults.get("short_transfer", ()):
            self.wfile.write(reply.body[: len(reply.body) // 2])
            self.wfile.flush()
            self.close_connection = True  # the client sees EOF before Content-Length bytes
            return
        self.wfile.write(reply.body)

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
    verbose: bool = False,
) -> tuple[SampleSite, threading.Thread]:
    """Start the copy in a daemon thread; ``server.base_url`` names the bound port."""
    server = SampleSite(
        (host, port),
        Path(root) if root else DEFAULT_ROOT,
        current_session=current_session,
        faults=faults,
        verbose=verbose,
    )
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="samplesite", daemon=True
    )
    thread.start()
    return server, thread


@contextmanager
def running(root: Path | None = None, **kwargs: Any) -> Iterator[str]:
    """``with running() as base_url:`` the copy on a free port, stopped on exit."""
    server, thread = serve(root, **kwargs)
    try:
        yield server.base_url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Serve billwatch's offline copy of cga.ct.gov (sample data)."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--root",
        type=Path,
        default=Path(os.environ.get(ROOT_ENV, DEFAULT_ROOT)),
        help=f"site tree (env {ROOT_ENV}; default {DEFAULT_ROOT})",
    )
    parser.add_argument("--quiet", action="store_true", help="do not log requests")
    args = parser.parse_args(argv)
    try:
        server = SampleSite((args.host, args.port), args.root, verbose=not args.quiet)
    except OSError as exc:
        raise SystemExit(f"cannot serve on {args.host}:{args.port}: {exc.strerror or exc}") from exc
    print(f"Sample data, not the live site: serving {args.root} at {server.base_url}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
