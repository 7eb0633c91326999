"""Rows of a feed query (see the ``feed_*`` canned queries in metadata.yml) → RSS 2.0 / Atom.

Pure: no database, no request.  Output is deterministic for the same rows (the feed's
``updated`` is its newest entry, or the data's last update when it has none, never "now"), so
a hash of it is a valid ETag.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from feedgen.feed import FeedGenerator

from cga.text import publishable

from .conditional import parse_utc
from .sanitize import redline_excerpt, safe_href, text_to_html
from .site import SAMPLE_LABEL, bill_url

ID_PREFIX = "tag:billwatch,2015:"  # RFC 4151 tag URIs; never change: readers key on them
EPOCH = datetime(2015, 1, 1, tzinfo=UTC)
CONTENT_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
}


@dataclass(frozen=True)
class FeedSpec:
    key: str  # identity of the feed, e.g. "changes", "bill/2015-HB-7017"
    title: str
    description: str
    self_url: str  # the feed's own address
    site_url: str  # the HTML page the feed is about
    base: str  # public URL of the site, for entry links
    sample: bool = False
    updated: datetime | None = None  # the data's last update: the date of a feed with no entries


def entry_id(change_id: str) -> str:
    """Stable entry id from ``changes.id`` (itself a hash of the change's natural key)."""
    return f"{ID_PREFIX}change/{change_id}"


def entry_title(summary: str) -> str:
    """First line of ``changes.summary`` ("2015-HB-7017: new text — File No. 394")."""
    return (summary or "").splitlines()[0].strip() if summary else "(no summary)"


def entry_link(base: str, row: Mapping) -> str:
    """The bill page, or the place on it a change points at (a roll call's
    ``/bills/ID#vote-2016-HV-123``, stored site-relative in ``changes.url``)."""
    url = row.get("url") or ""
    prefix = f"/bills/{row['bill_id']}#"
    if url.startswith(prefix):
        return bill_url(base, row["bill_id"]) + url[len(prefix) - 1 :]
    return bill_url(base, row["bill_id"])


def entry_content(row: Mapping) -> str:
    """Safe HTML showing the change (escaped text; allowlisted redline for versions)."""
    parts = []
    if row.get("bill_title"):
        parts.append(f"<p><strong>{text_to_html(row['bill_title'])}</strong></p>")
    lines = (row.get("summary") or "").splitlines()
    extra = "\n".join(lines[1:]).strip()
    if lines:
        parts.append(f"<p>{text_to_html(lines[0])}</p>")
    if row.get("kind") == "version":
        if row.get("words_added") is not None:
            counts = f"+{row['words_added']} words, −{row['words_removed']} words"
            if row.get("from_label"):
                counts += f" ({row['from_label']} → {row['to_label']})"
            parts.append(f"<p>{text_to_html(counts)}</p>")
        summary = row.get("diff_summary") or extra
        if summary:
            parts.append(f"<p>{text_to_html(summary)}</p>")
        redline = redline_excerpt(row.get("redline_html"))
        if redline:
            parts.append(f"<div>{redline}</div>")
    else:
        if extra:
            parts.append(f"<p>{text_to_html(extra)}</p>")
        if row.get("kind") == "testimony" and (row.get("submitter") or row.get("organization")):
            who = ", ".join(x for x in (row.get("submitter"), row.get("organization")) if x)
            position = row.get("position") or "position not stated"
            parts.append(f"<p>{text_to_html(f'{position}: {who}')}</p>")
    href = safe_href(row.get("url"))
    if href:
        parts.append(f'<p><a href="{href}">Source on cga.ct.gov</a></p>')
    return "\n".join(parts)


def newest(rows: Iterable[Mapping]) -> datetime | None:
    stamps = [s for r in rows if (s := parse_utc(r.get("detected_at"))) is not None]
    return max(stamps) if stamps else None


def publishable_spec(spec: FeedSpec) -> FeedSpec:
    return replace(
        spec,
        key=publishable(spec.key),
        title=publishable(spec.title),
        description=publishable(spec.description),
        self_url=publishable(spec.self_url),
        site_url=publishable(spec.site_url),
        base=publishable(spec.base),
    )


def build_feed(spec: FeedSpec, rows: Sequence[Mapping]) -> FeedGenerator:
    """Every string handed to feedgen is publishable: lxml under it refuses a control
    character outright, so one in a title or a file name would fail the whole feed.  Entry
    texts are made publishable once built (a content is an excerpt: cheaper than the redlines
    it comes from)."""
    spec = publishable_spec(spec)
    fg = FeedGenerator()
    title = f"{spec.title} ({SAMPLE_LABEL})" if spec.sample else spec.title
    fg.id(f"{ID_PREFIX}feed/{spec.key}")
    fg.title(title)
    description = spec.description
    if spec.sample:
        description += " Sample data: built from an offline copy of the site, not live."
    fg.description(description)
    fg.subtitle(description)
    fg.author({"name": "billwatch"})
    fg.language("en")
    fg.generator("billwatch")
    # feedgen takes the LAST link as the RSS channel link: self first, the site last.
    fg.link(href=spec.self_url, rel="self")
    fg.link(href=spec.site_url, rel="alternate")
    fg.updated(newest(rows) or spec.updated or EPOCH)
    for row in reversed(rows):  # feedgen prepends: add oldest first, newest ends on top
        fe = fg.add_entry()
        fe.id(publishable(entry_id(row["change_id"])))
        fe.title(publishable(entry_title(row.get("summary"))))
        fe.link(href=publishable(entry_link(spec.base, row)))
        stamp = parse_utc(row.get("detected_at")) or EPOCH
        fe.updated(stamp)
        fe.published(stamp)
        fe.category(term=publishable(row.get("kind") or "change"))
        fe.content(publishable(entry_content(row)), type="html")
    return fg


def render(spec: FeedSpec, rows: Sequence[Mapping], fmt: str) -> bytes:
    fg = build_feed(spec, rows)
    if fmt == "atom":
        return fg.atom_str(pretty=True)
    return fg.rss_str(pretty=True)
