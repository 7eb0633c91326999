"""What a delivery says: subjects, e-mails (plain text and HTML), digests, webhook payloads.

Written from the feed's own wording (``publish.feed_entries``: an entry's title, content,
date and link to its place on the bill page), so a message and a feed entry always say the
same thing; the subject says what happened in the way a person scans an inbox ("HB 5469: new
text (File No. 574), +120/−40 words").  The plain text is the HTML read as text (a redline's
insertions ``{+like this+}``, deletions ``[-like this-]``), so there is one renderer.

Links: with ``--public-url`` each message links the change's place on the bill page and a
digest the feed for what it leaves out; without it, links go to the bill's status page on
cga.ct.gov.  Every string from the database is untrusted: the HTML is built of escaped text
and the feed's allowlisted redline; subjects are one line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from typing import ClassVar

from cga.ids import BadBillId, split_bill_id
from cga.text import publishable
from publish import feed_entries, site
from publish.sanitize import redline_excerpt, safe_href, text_to_html
from publish.status import short_title

from .subscriptions import Subscription

DIGEST_MAX_CHANGES = 30  # changes shown in one digest; the rest are counted and linked
DIGEST_MAX_CHARS = 200_000  # HTML of one digest, at most (about)
DIGEST_REDLINE_CHARS = 6_000  # each redline in a digest, at most
SUBJECT_CHARS = 200
INS_STYLE = "background:#e6ffed;text-decoration:underline"
DEL_STYLE = "background:#ffeef0;text-decoration:line-through"
SAMPLE_NOTE = "Sample data: built from an offline copy of the site, not live."


@dataclass(frozen=True)
class Message:
    subject: str
    text: str  # the plain-text part
    html: str  # the HTML part: a whole document
    fragment: str  # the HTML body alone (what a chat service gets)


def short_bill(bill_id: str) -> str:
    """``2016-HB-5469`` → ``HB 5469``."""
    try:
        bill = split_bill_id(bill_id)
    except BadBillId:
        return bill_id
    return f"{bill.type} {bill.number}"


def one_line(text: str, limit: int = SUBJECT_CHARS) -> str:
    line = " ".join(publishable(text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _without_bill(title: str, bill_id: str) -> str:
    prefix = f"{bill_id}: "
    return title[len(prefix) :] if title.startswith(prefix) else title


def what(row: Mapping) -> str:
    """What happened, without the bill: "new text (File No. 574), +120/−40 words",
    "Passed the House"."""
    if row.get("kind") == "version" and row.get("version_label"):
        noun = "new amendment" if row.get("version_kind") == "amendment" else "new text"
        words = f"{noun} ({row['version_label']})"
        added, removed = row.get("words_added"), row.get("words_removed")
        if added is not None:
            if added == 0 and removed == 0:
                words += ", no change in wording"
            else:
                words += f", +{added}/−{removed} words"
        return words
    return _without_bill(feed_entries.title(row), row["bill_id"])


def subject(row: Mapping, sample: bool = False) -> str:
    """The subject of one change's message: "HB 5469: new text (File No. 574), +120/−40
    words"."""
    text = f"{short_bill(row['bill_id'])}: {what(row)}"
    return one_line(f"[{site.SAMPLE_LABEL}] {text}" if sample else text)


def change_link(row: Mapping, base: str) -> str:
    """The change's place on the bill page ("" without a public URL)."""
    return feed_entries.entry_link(base, row["bill_id"], row.get("anchor")) if base else ""


def bill_link(row: Mapping, base: str) -> str:
    """The bill page on billwatch (at the change), else the status page on cga.ct.gov."""
    return change_link(row, base) or row.get("status_url") or ""


def styled(html: str) -> str:
    """E-mail clients drop style sheets: the redline's marks carry their style inline."""
    return html.replace("<ins>", f'<ins style="{INS_STYLE}">').replace(
        "<del>", f'<del style="{DEL_STYLE}">'
    )


def _document(title: str, body: str, footer: list[str]) -> str:
    foot = "".join(f"<p>{line}</p>" for line in footer)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head>\n"
        '<body style="font-family:sans-serif;line-height:1.4;max-width:46em">\n'
        f"{styled(body)}\n"
        f'<hr><div style="color:#666;font-size:small">{foot}</div>\n</body></html>\n'
    )


def _footer(sub: Subscription, sample: bool) -> list[str]:
    lines = []
    if sample:
        lines.append(escape(SAMPLE_NOTE))
    lines.append(
        f"billwatch sends this to the subscription {escape(sub.id)} "
        "(the operator's subscriptions file)."
    )
    if sub.unsubscribe:
        href = sub.unsubscribe if "://" in sub.unsubscribe else f"mailto:{sub.unsubscribe}"
        lines.append(f'<a href="{escape(href)}">Unsubscribe</a>')
    return lines


def change_message(sub: Subscription, row: Mapping, base: str, sample: bool) -> Message:
    """One change, one message (``every: each``)."""
    fragment = feed_entries.content(row, change_link(row, base))
    title = subject(row, sample)
    heading = f"<h2>{text_to_html(title)}</h2>"
    html = _document(title, f"{heading}\n{fragment}", _footer(sub, sample))
    return Message(subject=title, text=html_to_text(html), html=html, fragment=fragment)


# ------------------------------------------------------------------------------ digests


def _order(rows: Sequence[Mapping]) -> list[tuple[str, list[Mapping]]]:
    """Rows grouped by bill (bills in session, type, number order), each bill's changes in
    the order they happened."""
    bills: dict[str, list[Mapping]] = {}
    for row in rows:
        bills.setdefault(row["bill_id"], []).append(row)

    def bill_key(bill_id: str) -> tuple:
        try:
            b = split_bill_id(bill_id)
        except BadBillId:
            return (9999, bill_id, 0)
        return (b.session, b.type, b.number)

    def change_key(row: Mapping) -> tuple:
        day = row.get("event_date") or (row.get("detected_at") or "")[:10]
        return (day, row.get("detected_at") or "", row.get("change_rowid") or 0)

    return [(b, sorted(bills[b], key=change_key)) for b in sorted(bills, key=bill_key)]


def feed_for(sub: Subscription, base: str) -> str | None:
    """The feed holding a subscription's changes: its topic's, bill's or search's when it
    names one alone, else the feed of every watched bill."""
    if not base:
        return None
    if len(sub.topics) == 1 and not sub.bills and not sub.search:
        url = site.feed_urls(base, "topic", sub.topics[0])["atom"]
    elif len(sub.bills) == 1 and not sub.topics and not sub.search:
        url = site.feed_urls(base, "bill", sub.bills[0])["atom"]
    elif len(sub.search) == 1 and not sub.topics and not sub.bills:
        url = site.feed_urls(base, "search", sub.search[0])["atom"]
    else:
        url = site.feed_urls(base, "changes")["atom"]
    if sub.kinds:
        url += ("&" if "?" in url else "?") + "kind=" + ",".join(sub.kinds)
    return url


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def lead(rows: Sequence[Mapping]) -> Mapping:
    """The change a digest's subject names: its first new text, else its first change."""
    for row in rows:
        if row.get("kind") == "version":
            return row
    return rows[0]


def digest_message(sub: Subscription, rows: Sequence[Mapping], base: str, sample: bool) -> Message:
    """Several changes in one message, grouped by bill, at most ``DIGEST_MAX_CHANGES`` of
    them (and about ``DIGEST_MAX_CHARS`` of HTML); the rest counted and linked to the feed."""
    every = sub.every.capitalize()
    grouped = _order(rows)
    ordered = [row for _, changes in grouped for row in changes]
    first = lead(ordered)
    more = len(ordered) - 1
    title = f"{every} digest: {short_bill(first['bill_id'])}: {what(first)}"
    if more:
        title += f", and {_plural(more, 'more change')}"
    if sample:
        title = f"[{site.SAMPLE_LABEL}] {title}"
    title = one_line(title)
    n_bills = len(grouped)
    parts = [
        f"<h1>{escape(every)} digest: {_plural(len(ordered), 'change')} to "
        f"{_plural(n_bills, 'bill')}</h1>"
    ]
    shown = size = 0
    left: list[Mapping] = []
    for bill_id, changes in grouped:
        bill_parts: list[str] = []
        for row in changes:
            if shown >= DIGEST_MAX_CHANGES or size > DIGEST_MAX_CHARS:
                left.append(row)
                continue
            entry = dict(row, bill_title=None)
            entry["redline_html"] = redline_excerpt(row.get("redline_html"), DIGEST_REDLINE_CHARS)
            link = change_link(row, base)
            href = safe_href(link)
            words = text_to_html(what(row))
            heading = f'<a href="{href}">{words}</a>' if href else words
            piece = f"<h3>{heading}</h3>\n{feed_entries.content(entry, link)}"
            bill_parts.append(piece)
            shown += 1
            size += len(piece)
        if bill_parts:
            name = escape(short_bill(bill_id))
            page = safe_href(site.bill_url(base, bill_id) if base else changes[0].get("status_url"))
            named = f'<a href="{page}">{name}</a>' if page else name
            about = short_title(changes[0].get("bill_title"))
            parts.append(f"<h2>{named}" + (f": {escape(about)}" if about else "") + "</h2>")
            parts += bill_parts
    if left:
        bills_left = len({r["bill_id"] for r in left})
        rest = (
            f"… and {_plural(len(left), 'more change')} to {_plural(bills_left, 'bill')} "
            "not shown here"
        )
        feed = safe_href(feed_for(sub, base))
        parts.append(
            f'<p>{escape(rest)}: <a href="{feed}">the feed has them all</a></p>'
            if feed
            else f"<p>{escape(rest)} (billwatch's feeds have them all).</p>"
        )
    fragment = "\n".join(parts)
    html = _document(title, fragment, _footer(sub, sample))
    return Message(subject=title, text=html_to_text(html), html=html, fragment=fragment)


# ----------------------------------------------------------------------------- webhooks


def webhook_payload(sub_id: str, delivery_id: str, row: Mapping, base: str) -> dict:
    """The JSON a webhook receives for one change (README, "Webhooks")."""
    redline = redline_excerpt(row.get("redline_html")) if row.get("kind") == "version" else ""
    return {
        "delivery_id": delivery_id,
        "subscription": sub_id,
        "change": {
            "id": row["change_id"],
            "bill_id": row["bill_id"],
            "kind": row["kind"],
            "event_date": row.get("event_date"),
            "detected_at": row.get("detected_at"),
            "summary": feed_entries.title(row),
            "url": row.get("url"),
            "bill_url": bill_link(row, base) or None,
            "redline_html": redline or None,
        },
    }


# ----------------------------------------------------------------------- HTML as text


class _Text(HTMLParser):
    BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "ul", "li", "hr", "title"})
    MARKS: ClassVar[dict[str, tuple[str, str]]] = {"ins": ("{+", "+}"), "del": ("[-", "-]")}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.href: list[str | None] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("head", "style", "script"):
            self.skip += 1
        elif tag in self.BLOCKS or tag == "br":
            self.out.append("\n")
            if tag == "li":
                self.out.append("- ")
            elif tag == "hr":
                self.out.append("--\n")
            elif tag in ("h1", "h2"):
                self.out.append("\n")
        elif tag in self.MARKS:
            self.out.append(self.MARKS[tag][0])
        elif tag == "a":
            self.href.append(dict(attrs).get("href"))

    def handle_endtag(self, tag):
        if tag in ("head", "style", "script"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.out.append("\n")
        elif tag in self.MARKS:
            self.out.append(self.MARKS[tag][1])
        elif tag == "a" and self.href:
            href = self.href.pop()
            if href:
                self.out.append(f" <{href}>")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """Readable plain text of the HTML a message is built of (links as ``<URL>``)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = [line.strip() for line in "".join(parser.out).splitlines()]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
