"""Hostile copies of the site for the hardening tests: the sample site's tree with pages
that link where they must not, and documents that are too big, endless, compressed bombs
or PDFs that stall a parser.  127.0.0.1 only; every response bounded in time."""

from __future__ import annotations

import gzip
import io
import shutil
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from billwatch.samplesite import Handler, SampleSite, serve

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample-site"
HB7017_STATUS = "asp/cgabillstatus/2015/HB07017.html"
HB7017_LISTING = "asp/menu/commdoctmybillallcomm/2015/HB07017.html"
TEXT_ROWS_AFTER = b'<a href="/2015/FC/2015HB-07017-R000394-FC.htm">File No. 394</a></td></tr>'
MB = 1024 * 1024


def stalling_pdf(pages: int = 50, stream_mb: int = 10) -> bytes:
    """A ~36 KB PDF whose pages share one 10 MB content stream: pypdf would need hours."""
    ops = b"BT /F1 1 Tf 0 0 Td (x) Tj ET\n"
    data = zlib.compress(ops * (stream_mb * MB // len(ops)), 9)
    font = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + " ".join(f"{4 + i} 0 R" for i in range(pages)).encode()
        + b"] /Count "
        + str(pages).encode()
        + b" >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources "
        + font
        + b" >>"
    ] * pages
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % off for off in offsets))
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def gzip_bomb(expanded_mb: int) -> bytes:
    return gzip.compress(b"\0" * (expanded_mb * MB), compresslevel=9)


Responder = Callable[[BaseHTTPRequestHandler], None]


def body(data: bytes, content_type: str = "text/html", **headers: str) -> Responder:
    def respond(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", content_type)
        for name, value in headers.items():
            h.send_header(name.replace("_", "-"), value)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    return respond


def endless(seconds: float = 20.0) -> Responder:
    """A body that never ends (no Content-Length), for at most ``seconds``."""

    def respond(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        h.close_connection = True
        chunk = b"<p>" + b"x" * 65536 + b"</p>\n"
        stop = time.monotonic() + seconds
        try:
            while time.monotonic() < stop:
                h.wfile.write(chunk)
        except OSError:
            pass  # the client hung up: what a size cap does

    return respond


def redirect(location: str, status: int = 302) -> Responder:
    def respond(h: BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return respond


class HostileHandler(Handler):
    def _answer(self, head: bool) -> None:
        routes: dict[str, Responder] = getattr(self.server, "routes", {})
        responder = routes.get(urlsplit(self.path).path.lower())
        if responder is None:
            super()._answer(head)
            return
        responder(self)


@contextmanager
def hostile_site(root: Path, routes: dict[str, Responder]) -> Iterator[SampleSite]:
    """The copy under ``root`` plus ``routes`` (lower-case path -> responder); no default
    transport faults."""
    server, thread = serve(root, faults={})
    server.RequestHandlerClass = HostileHandler
    server.routes = routes  # type: ignore[attr-defined]
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


class Recorder(ThreadingHTTPServer):
    """Another origin that must never be contacted: it only records requests."""

    daemon_threads = True

    def __init__(self) -> None:
        self.paths: list[str] = []
        recorder = self

        class _H(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                recorder.paths.append(self.path)
                data = b"<html><body><p>Section 1. OTHER ORIGIN CONTENT.</p></body></html>"
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        super().__init__(("127.0.0.1", 0), _H)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextmanager
def recorder() -> Iterator[Recorder]:
    server = Recorder()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def copy_sample(dest: Path) -> Path:
    shutil.copytree(SAMPLE, dest)
    return dest


def add_text_rows(root: Path, rows: list[tuple[str, str]]) -> None:
    """Add (label, href) rows to the Text of Bill table of 2015 HB 7017's status page."""
    page = root / HB7017_STATUS
    html = page.read_bytes()
    extra = b"".join(
        b'\n<tr><td>&nbsp;</td><td><a href="%s">%s</a></td></tr>' % (href.encode(), label.encode())
        for label, href in rows
    )
    assert TEXT_ROWS_AFTER in html
    page.write_bytes(html.replace(TEXT_ROWS_AFTER, TEXT_ROWS_AFTER + extra, 1))


def add_testimony_links(root: Path, hrefs: list[str]) -> None:
    page = root / HB7017_LISTING
    html = page.read_bytes()
    extra = b"".join(
        b'<tr><td>x</td><td><a href="%s">Extra, Person</a></td></tr>\n' % h.encode() for h in hrefs
    )
    at = html.index(b"</table>")
    page.write_bytes(html[:at] + extra + html[at:])
