"""The session's vote folders (docs/cga-site.md, "Roll calls"): which roll-call files they hold.

On the real site the folders are listed over FTP (``ftp://ftp.cga.ct.gov/2015/vote/h/pdf/``,
others' code) and the files fetched from ``https://www.cga.ct.gov`` + the same path; a copy
of the site (``--base-url``) serves the same paths over HTTP as a directory listing of
links (IIS "directory browsing"), read here as any page of links.
"""

from __future__ import annotations

import ftplib
import logging
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

import cga

log = logging.getLogger(__name__)

# Current PDFs under vote/{c}/pdf/, older HTML documents under vote/{c}/ (others' code).
FOLDERS = ("{year}/VOTE/{c}/PDF/", "{year}/VOTE/{c}/")
DOCUMENT_SUFFIXES = (".pdf", ".htm", ".html")


def folder_paths(session: int) -> list[str]:
    """Site paths of a session's vote folders, House first."""
    return ["/" + f.format(year=session, c=c) for c in ("H", "S") for f in FOLDERS]


def folder_url(path: str, live: bool) -> str:
    """Canonical URL of a vote folder: FTP on the real site, the copy's HTTP path otherwise
    (stored on www.cga.ct.gov like every other URL of a copy)."""
    if live:
        return f"ftp://{cga.urls.FTP_HOST}{path.lower()}"
    return cga.CANONICAL_ORIGIN + path


def file_url(folder_path: str, name: str) -> str:
    """Canonical URL of a listed file: always https://www.cga.ct.gov + its path."""
    return cga.canonical_url(urljoin(cga.CANONICAL_ORIGIN + folder_path, name))


def parse_listing(html: str, listing_url: str, folder_path: str) -> list[str]:
    """Canonical URLs of the documents a directory listing links to, in the folder itself
    (sub-folders, the parent and other links are left out)."""
    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    out = []
    folder = folder_path.lower()
    for href in root.xpath("//a/@href"):
        path = urlsplit(urljoin(listing_url, href)).path
        if not path.lower().startswith(folder) or "/" in path[len(folder) :]:
            continue
        if path.lower().endswith(DOCUMENT_SUFFIXES):
            out.append(cga.canonical_url(cga.CANONICAL_ORIGIN + path))
    return list(dict.fromkeys(out))


class FolderMissing(Exception):
    """The folder does not exist (FTP 550 / HTTP 404): a session without that layout."""


def ftp_names(url: str, timeout: float = 30.0) -> list[str]:
    """Names of the files in an FTP folder; raises ``FolderMissing`` for a folder that is
    not there, ``OSError``/``ftplib.Error`` when the server cannot be read."""
    parts = urlsplit(url)
    with ftplib.FTP(parts.hostname or "", timeout=timeout) as ftp:
        ftp.login()
        try:
            ftp.cwd(parts.path or "/")
        except ftplib.error_perm as exc:
            raise FolderMissing(str(exc)) from None
        try:
            names = ftp.nlst()
        except ftplib.error_perm as exc:  # "550 No files found" on an empty folder
            if str(exc).startswith("550"):
                return []
            raise
    return [n.rsplit("/", 1)[-1] for n in names if n.lower().endswith(DOCUMENT_SUFFIXES)]
