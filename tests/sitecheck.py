"""A link checker for a static export, as a visitor's browser sees it: served by a plain static
file server (``python -m http.server``) from a sub-folder, every internal link of every page
reachable from the index followed, whatever kind of page it is.

``serve_static(root)`` runs the server (bounded: it must answer within 30 s, and is stopped on
the way out); ``check_site(start, public_url)`` crawls from ``start`` and returns what it found.
A link is *internal* when it resolves under the folder ``start`` is in; it must then answer 200
(after the redirect a static host gives a directory without its slash), carry no query string
(a static host ignores it) and, with a ``#fragment``, land on an element of that id.  An
absolute link to ``public_url`` works only once the files are hosted there: it is a problem too,
except a page's ``<link rel="canonical">``, which names the page's home on purpose.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from publish_fixture import free_port

LINKING = {"a": "href", "link": "href", "img": "src", "iframe": "src", "script": "src"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # (tag, rel, url)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        name = LINKING.get(tag) or ("action" if tag == "form" else None)
        if name and values.get(name) is not None:
            self.links.append((tag, (values.get("rel") or "").lower(), values[name] or ""))

    handle_startendtag = handle_starttag


@dataclass
class Report:
    pages: set[str] = field(default_factory=set)  # HTML pages visited (final URLs)
    files: set[str] = field(default_factory=set)  # everything else fetched
    links: int = 0  # internal links followed
    problems: list[str] = field(default_factory=list)


def _get(url: str) -> tuple[int, str, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            kind = response.headers.get("content-type", "")
            return response.status, response.geturl(), kind, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, url, "", b""


def check_site(start: str, public_url: str) -> Report:
    folder = start.rsplit("/", 1)[0] + "/"
    origin = urlsplit(start)[:2]
    report = Report()
    ids: dict[str, set[str]] = {}
    queue = [(start, "(start)")]
    fetched: dict[str, str] = {}  # URL asked -> final URL
    fragments: list[tuple[str, str, str]] = []
    while queue:
        url, referrer = queue.pop()
        if url in fetched:
            continue
        status, final, kind, body = _get(url)
        fetched[url] = final
        if status != 200:
            report.problems.append(f"{referrer} links {url}: HTTP {status}")
            continue
        if not kind.startswith("text/html"):
            report.files.add(final)
            continue
        report.pages.add(final)
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        ids[final] = parser.ids
        for tag, rel, link in parser.links:
            if public_url and link.startswith(public_url):
                if not (tag == "link" and "canonical" in rel):
                    report.problems.append(f"{final}: <{tag}> links the public URL: {link}")
                continue
            target, fragment = urldefrag(urljoin(final, link))
            if urlsplit(target)[:2] != origin:
                continue  # another site: not ours to check
            if not target.startswith(folder):
                report.problems.append(f"{final}: {link} leaves the export's folder")
                continue
            report.links += 1
            if urlsplit(target).query:
                report.problems.append(f"{final}: {link} has a query string")
                continue
            if fragment:
                fragments.append((final, target, fragment))
            queue.append((target, final))
    for page, target, fragment in fragments:
        landed = fetched.get(target, target)
        if landed in ids and fragment not in ids[landed]:
            report.problems.append(f"{page} links #{fragment} of {landed}: no such id")
    return report


@contextmanager
def serve_static(root: Path) -> Iterator[str]:
    """``python -m http.server`` on ``root``; yields its base URL (no trailing slash)."""
    port = free_port()
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
    proc = subprocess.Popen(
        [*command, "--directory", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/", timeout=5):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
