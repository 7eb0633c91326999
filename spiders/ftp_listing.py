"""FTP has no conditional GET: compare a directory listing's size and time instead.

``stamps("ftp://ftp.cga.ct.gov/pub/data/")`` → ``{"bill_info.csv": "size=5120331;modify=..."}``.
The stamp is stored like an ETag (http_cache.etag); an equal stamp means "unchanged,
do not download".  MLSD is tried first (exact facts), then LIST in Unix or IIS/DOS form.
"""

from __future__ import annotations

import ftplib
import logging
import re
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

_UNIX = re.compile(
    r"^[-l][-rwxsStT]{9}\s+\d+\s+\S+\s+\S+\s+(?P<size>\d+)\s+"
    r"(?P<time>\w{3}\s+\d{1,2}\s+(?:\d{1,2}:\d{2}|\d{4}))\s+(?P<name>.+)$"
)
_DOS = re.compile(
    r"^(?P<time>\d{2}-\d{2}-\d{2,4}\s+\d{1,2}:\d{2}[AP]M)\s+(?P<size>\d+|<DIR>)\s+(?P<name>.+)$",
    re.IGNORECASE,
)


def parse_list_line(line: str) -> tuple[str, str] | None:
    """(name, stamp) from one LIST line in Unix or IIS (DOS) format; None for others."""
    line = line.rstrip("\r\n")
    for pattern in (_UNIX, _DOS):
        m = pattern.match(line)
        if m and m.group("size") != "<DIR>":
            stamp = "size={};time={}".format(m.group("size"), " ".join(m.group("time").split()))
            return m.group("name").strip(), stamp
    return None


def stamps(dir_url: str, timeout: float = 30.0) -> dict[str, str]:
    """Stamps of the files in an FTP directory; {} (and a warning) when unreachable."""
    parts = urlsplit(dir_url)
    try:
        with ftplib.FTP(parts.hostname or "", timeout=timeout) as ftp:
            ftp.login()
            path = parts.path or "/"
            try:
                return {
                    name: "size={};modify={}".format(facts.get("size"), facts.get("modify"))
                    for name, facts in ftp.mlsd(path, facts=["size", "modify"])
                    if facts.get("type") == "file"
                }
            except ftplib.error_perm:
                lines: list[str] = []
                ftp.retrlines(f"LIST {path}", lines.append)
                return dict(p for p in map(parse_list_line, lines) if p)
    except (OSError, ftplib.Error) as exc:
        log.warning(
            "FTP listing of %s failed (%s): downloading bulk files unconditionally", dir_url, exc
        )
        return {}
