"""One feed entry, in words people read, from one row of the ``feed_entries`` view.

Pure: a row in, an ``Entry`` out.  The wording is rendered here, at feed time, from the rows
a change points to (the change log itself is never rewritten): an action reads as the status
page prints it (the bulk file's terse text, spelled out, only when nothing better exists); a
stage as people say it ("Passed the House"); a testimony batch names its submitters.  Each
entry says when it happened at the legislature, and links to its place on the bill page
(``#v3``, ``#action-12``, ``#stage-reported``, ``#testimony-…``).  When the row a change
points to is missing, its stored summary is used: an entry is always readable.

Strings here are untrusted: titles stay plain text (the feed writer escapes them), content
is built of escaped text, and anchors are percent-encoded.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from html import escape
from urllib.parse import quote

from cga.actions import spell_out
from cga.clock import CT_TZ
from cga.meetings import format_start, hearing_words

from .conditional import parse_utc
from .sanitize import redline_excerpt, safe_href, text_to_html
from .site import bill_url
from .status import format_date
from .testify import how_to_testify, testify_html

ID_PREFIX = "tag:billwatch,2015:"  # RFC 4151 tag URIs; never change: readers key on them
NAMES_IN_TITLE = 3  # "testimony from A, B, C and 4 more"
NAMES_IN_CONTENT = 50

# What reaching each stage reads like as news ("calendar" names its chamber when known).
STAGE_NEWS = {
    "introduced": "Introduced",
    "in_committee": "Referred to committee",
    "reported": "Reported by committee",
    "calendar": "On the calendar",
    "passed_first": "Passed one chamber",
    "passed_both": "Passed both chambers",
    "public_act": "Assigned a public act number",
    "to_governor": "Sent to the governor",
    "enacted": "Signed into law",
}
OUTCOME_NEWS = {
    "enacted": "Signed into law",
    "vetoed": "Vetoed by the governor",
    "dead": "Did not pass",
    "pending": "Pending again",
}
POSITION_ORDER = ("support", "oppose", "neutral", None)


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    link: str  # the entry's place on the bill page
    category: str
    content: str  # HTML, every piece of text in it escaped
    event_date: date | None  # when it happened at the legislature
    seen: datetime | None  # when billwatch saw it


def entry_id(change_id: str) -> str:
    """Stable entry id from ``changes.id`` (itself a hash of the change's natural key)."""
    return f"{ID_PREFIX}change/{change_id}"


def first_line(summary: str | None) -> str:
    """First line of ``changes.summary`` ("2015-HB-7017: new text — File No. 394")."""
    return summary.splitlines()[0].strip() if summary and summary.strip() else "(no summary)"


def parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def event_instant(day: date) -> datetime:
    """A legislature's date as an instant: its start in Connecticut."""
    return datetime.combine(day, time(0, 0), tzinfo=CT_TZ)


def entry_link(base: str, bill_id: str, anchor: str | None) -> str:
    page = bill_url(base, bill_id)
    return f"{page}#{quote(anchor, safe='-._~:')}" if anchor else page


# ----------------------------------------------------------------------------- the words


def person(name: str | None) -> str | None:
    """A testimony file's "Last, First" as people write it ("First Last")."""
    if not name:
        return name
    last, comma, first = name.partition(",")
    if comma and first.strip() and "," not in first:
        return f"{first.strip()} {last.strip()}"
    return name.strip()


def submissions(row: Mapping) -> list[tuple[str | None, str | None, str | None]]:
    """(submitter, organisation, position) of every submission of a testimony change,
    by position then name; the one ``ref`` names when the batch's list is unknown."""
    try:
        listed = json.loads(row.get("submitters") or "[]")
    except ValueError:
        listed = []
    items = [tuple(x) for x in listed if isinstance(x, list) and len(x) == 3]
    if not items and (row.get("submitter") or row.get("organization")):
        items = [(row.get("submitter"), row.get("organization"), row.get("position"))]
    rank = {p: n for n, p in enumerate(POSITION_ORDER)}
    items.sort(key=lambda x: (rank.get(x[2], len(rank)), (x[0] or x[1] or "").casefold()))
    return [(person(s), o, p) for s, o, p in items]


def names(people: list[str], limit: int = NAMES_IN_TITLE) -> str:
    """ "A", "A and B", "A, B and C", "A, B, C and 4 more"."""
    if len(people) > limit:
        return f"{', '.join(people[:limit])} and {len(people) - limit} more"
    if len(people) > 1:
        return f"{', '.join(people[:-1])} and {people[-1]}"
    return people[0] if people else ""


def action_words(row: Mapping) -> str | None:
    """The action as the status page prints it; the bulk file's text spelled out when the
    status page never showed it."""
    text = row.get("action_text")
    if not text:
        return None
    code = row.get("action_code")
    if row.get("action_source") == "bulk":
        text = spell_out(text, code, row.get("action_committee"))
    return f"{text} ({code})" if code and not text.endswith(f" {code}") else text


def stage_words(stage: str, chamber: str | None) -> str:
    house = chamber.capitalize() if chamber in ("house", "senate") else None
    if stage == "passed_first" and house:
        return f"Passed the {house}"
    if stage == "calendar" and house:
        return f"On the {house} calendar"
    return STAGE_NEWS.get(stage, stage.replace("_", " ").capitalize())


def title(row: Mapping) -> str:
    bill, kind = row["bill_id"], row.get("kind")
    what: str | None = None
    if kind == "action":
        what = action_words(row)
    elif kind == "stage" and row.get("reached"):
        what = stage_words(row["reached"], row.get("action_chamber"))
    elif kind == "outcome" and row.get("reached"):
        what = OUTCOME_NEWS[row["reached"]]
        if row["reached"] == "dead" and not row.get("action_text"):
            what += ": the session ended"
    elif kind == "version" and row.get("version_label"):
        what = f"new text — {row['version_label']}"
    elif kind == "document" and row.get("document_label"):
        kind_words = (row.get("document_kind") or "document").replace("_", " ")
        what = f"new document — {row['document_label']} ({kind_words})"
    elif kind == "testimony":
        people = [who for s, o, _ in submissions(row) if (who := s or o)]
        if people:
            what = f"testimony from {names(people)}"
    elif kind == "bill" and row.get("bill_title"):
        what = f"new bill — {row['bill_title']}"
    elif kind == "hearing" and row.get("hearing_event") and row.get("hearing_start"):
        what = hearing_words(
            row["hearing_event"],
            row.get("hearing_committee_name") or row.get("hearing_committee"),
            row["hearing_start"],
            row.get("hearing_location"),
        )
    return f"{bill}: {what}" if what else first_line(row.get("summary"))


# ---------------------------------------------------------------------------- the content


def _when(row: Mapping) -> str:
    """When it happened at the legislature; for what the site does not date (a document
    link), when billwatch first saw it."""
    day = parse_date(row.get("event_date"))
    if day is not None:
        label = escape(format_date(day.isoformat()))
        return f'<p><time datetime="{day.isoformat()}">{label}</time></p>'
    seen = parse_date(row.get("detected_at"))
    if seen is None:
        return ""
    label = escape(format_date(seen.isoformat()))
    return (
        f'<p>Listed on the site by <time datetime="{seen.isoformat()}">{label}</time> '
        "(the site gives no date)</p>"
    )


def _version(row: Mapping, extra: str) -> list[str]:
    parts = []
    if row.get("words_added") is not None:
        if row["words_added"] == 0 and row.get("words_removed") == 0:
            counts = "No change in wording"
            if row.get("from_label"):
                counts += f" from {row['from_label']}"
        else:
            counts = f"+{row['words_added']} words, −{row['words_removed']} words"
            if row.get("from_label"):
                counts += f" ({row['from_label']} → {row['to_label']})"
        parts.append(f"<p>{text_to_html(counts)}</p>")
    summary = row.get("diff_summary") or extra
    if summary and summary != "no textual change":
        parts.append(f"<p>{text_to_html(summary)}</p>")
    redline = redline_excerpt(row.get("redline_html"))
    if redline:
        parts.append(f"<div>{redline}</div>")
    return parts


def _testimony(row: Mapping) -> list[str]:
    items = submissions(row)
    if not items:
        return []
    counts = Counter(p or "not stated" for _, _, p in items)
    order = ("support", "oppose", "neutral", "not stated")
    tally = ", ".join(f"{counts[p]} {p}" for p in order if counts[p])
    noun = "submission" if len(items) == 1 else "submissions"
    parts = [f"<p>{text_to_html(f'{len(items)} {noun}: {tally}')}</p>"]
    lines = []
    for submitter, organization, position in items[:NAMES_IN_CONTENT]:
        who = ", ".join(x for x in (submitter, organization) if x)
        said = position or "position not stated"
        lines.append(f"<li>{text_to_html(f'{said}: {who}')}</li>")
    if len(items) > NAMES_IN_CONTENT:
        lines.append(f"<li>and {len(items) - NAMES_IN_CONTENT} more</li>")
    parts.append("<ul>" + "".join(lines) + "</ul>")
    return parts


def _hearing(row: Mapping) -> list[str]:
    """When and where, where it was before a move, the agenda and its bills, how to testify."""
    if not row.get("hearing_start"):
        return []
    committee = row.get("hearing_committee_name") or row.get("hearing_committee") or ""
    where = ", ".join(
        x for x in (format_start(row["hearing_start"]), row.get("hearing_location")) if x
    )
    parts = [f"<p>{text_to_html(f'{committee}: {where}' if committee else where)}</p>"]
    if row.get("hearing_event") == "moved" and row.get("hearing_previous_start"):
        before = ", ".join(
            x
            for x in (
                format_start(row["hearing_previous_start"]),
                row.get("hearing_previous_location"),
            )
            if x
        )
        parts.append(f"<p>{text_to_html(f'Moved from {before}')}</p>")
    if row.get("hearing_status") == "cancelled":
        parts.append("<p>The committee has cancelled this hearing.</p>")
    try:
        bills = [b for b in json.loads(row.get("hearing_bills") or "[]") if isinstance(b, str)]
    except ValueError:
        bills = []
    agenda = safe_href(row.get("hearing_agenda_url"))
    if agenda or bills:
        on = f"On the agenda: {', '.join(bills)}" if bills else ""
        link = f' <a href="{agenda}">Agenda</a>' if agenda else ""
        parts.append(f"<p>{text_to_html(on)}{link}</p>")
    if row.get("hearing_status") != "cancelled":
        testify = how_to_testify(
            row.get("hearing_committee"),
            row.get("hearing_committee_name"),
            row.get("testimony_email"),
            row.get("testimony_deadline"),
            row.get("testimony_deadline_text"),
        )
        if testify is not None:
            parts.append(testify_html(testify))
    return parts


def content(row: Mapping, link: str) -> str:
    """Safe HTML showing the change (escaped text; allowlisted redline for versions)."""
    parts = []
    if row.get("bill_title"):
        parts.append(f"<p><strong>{text_to_html(row['bill_title'])}</strong></p>")
    when = _when(row)
    if when:
        parts.append(when)
    lines = (row.get("summary") or "").splitlines()
    extra = "\n".join(lines[1:]).strip()
    kind = row.get("kind")
    if kind == "version":
        parts += _version(row, extra)
        if row.get("version_kind") == "amendment":
            parts.append("<p>An amendment: a proposal to change the bill’s text.</p>")
    else:
        if extra:
            parts.append(f"<p>{text_to_html(extra)}</p>")
        if kind == "testimony":
            parts += _testimony(row)
        if kind == "hearing":
            parts += _hearing(row)
        if kind == "action" and row.get("action_source") == "bulk":
            raw = row.get("action_text") or ""
            parts.append(f"<p>{text_to_html(f'In the bulk file bill_history.csv: {raw}')}</p>")
    links = []
    page = safe_href(link) if link.startswith(("http://", "https://")) else escape(link)
    if page:
        links.append(f'<a href="{page}">On the bill page</a>')
    source = safe_href(row.get("url") or row.get("status_url"))
    if source:
        links.append(f'<a href="{source}">Source on cga.ct.gov</a>')
    if links:
        parts.append(f"<p>{' · '.join(links)}</p>")
    return "\n".join(parts)


def build_entry(row: Mapping, base: str) -> Entry:
    link = entry_link(base, row["bill_id"], row.get("anchor"))
    return Entry(
        id=entry_id(row["change_id"]),
        title=title(row),
        link=link,
        category=row.get("kind") or "change",
        content=content(row, link),
        event_date=parse_date(row.get("event_date")),
        seen=parse_utc(row.get("detected_at")),
    )
