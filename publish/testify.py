"""How to testify at a committee's public hearing: the legislature's own channels.

Every committee takes written testimony through the legislature's online submission form
(docs/cga-site.md, "Committee calendars"); an e-mail address is given only where a crawled
agenda states one, and a deadline only when the agenda prints one.  billwatch links those
channels and submits nothing on anyone's behalf, and says so wherever it shows them (the bill
page, a hearing's feed entry, a calendar event).  Pure: values in, words and escaped HTML out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from cga.meetings import format_start
from cga.urls import testimony_form_url

from .sanitize import safe_href

NOTE = (
    "billwatch only points to the legislature’s own channels: it submits nothing on anyone’s "
    "behalf."
)
_CODE = re.compile(r"^[A-Za-z]{2,6}$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


@dataclass(frozen=True)
class Testify:
    committee: str  # "Education Committee"
    form_url: str
    email: str | None = None
    deadline: str | None = None  # "Tue Mar 1, 2016, 4:00 PM", or as the agenda prints it


def how_to_testify(
    code: str | None,
    name: str | None,
    email: str | None = None,
    deadline: str | None = None,
    deadline_text: str | None = None,
) -> Testify | None:
    """The channels for a committee (by code); None when the committee is not known by code."""
    if not code or not _CODE.match(code):
        return None
    label = format_start(deadline) if deadline else ""
    return Testify(
        committee=name or f"{code.upper()} Committee",
        form_url=testimony_form_url(code),
        email=email if email and _EMAIL.match(email) else None,
        deadline=label or deadline_text or None,
    )


def testify_lines(t: Testify) -> list[str]:
    """Plain text (calendar descriptions)."""
    lines = [f"How to testify ({t.committee}):", f"- online: {t.form_url}"]
    if t.email:
        lines.append(f"- by e-mail (as the agenda states): {t.email}")
    if t.deadline:
        lines.append(f"- deadline (as the agenda states): {t.deadline}")
    lines.append(NOTE)
    return lines


def testify_html(t: Testify) -> str:
    """Escaped HTML (feed entries)."""
    items = [
        f'<li><a href="{safe_href(t.form_url)}">Submit testimony online</a>: the '
        f"legislature’s testimony form for the {escape(t.committee)}</li>"
    ]
    if t.email:
        mail = escape(t.email)
        items.append(
            f'<li>By e-mail, as the agenda states: <a href="mailto:{mail}">{mail}</a></li>'
        )
    if t.deadline:
        items.append(f"<li>Deadline, as the agenda states: {escape(t.deadline)}</li>")
    return (
        "<p><strong>How to testify</strong></p><ul>"
        + "".join(items)
        + f"</ul><p>{escape(NOTE)}</p>"
    )
