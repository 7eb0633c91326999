"""The embeddable status card: its data, JSON, SVG badge and script, as pure functions.

``load_card(conn, bill_id, base)`` reads one bill (two indexed queries); the ``render_*``
functions turn that dict into response bodies.  The same card markup is built twice — by the
``embed.html`` template (iframe) and by ``static/embed.js`` in the reader's browser (script
embed, DOM nodes and ``textContent`` only) — and styled by one stylesheet, ``static/embed.css``.
"""

from __future__ import annotations

import sqlite3
from functools import cache
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from cga.text import REPLACEMENT, publishable
from publish import site
from publish.sanitize import publishable_data
from publish.script_json import json_for_script
from publish.status import (
    OUTCOME_LABELS,
    format_date,
    format_timestamp,
    progress_steps,
    short_title,
    stage_label,
    status_text,
    status_tone,
)

STATIC = Path(__file__).resolve().parent / "static"
EMBED_FORMATS = ("json", "svg", "js")
THEMES = ("light", "dark")
# The card's other looks as paths, for hosts without query strings: /embed/ID/dark…
CARD_VARIANTS = ("dark", "compact", "dark/compact")


def embed_url(base: str, bill_id: str, fmt: str | None = None) -> str:
    """``{base}/embed/2015-HB-7017`` (the iframe card) or ``….json|.svg|.js``."""
    path = f"{base.rstrip('/')}/embed/{quote(bill_id, safe='')}"
    return f"{path}.{fmt}" if fmt else path


def embed_paths(bill_id: str) -> list[str]:
    """Site-relative paths of a bill's embeds, for the static export (``site.embed_routes``).

    The export writes ``/embed/ID`` (text/html) as ``embed/ID.html``, a name the server also
    answers, so one iframe address works on both.
    """
    return [embed_url("", bill_id)] + [embed_url("", bill_id, fmt) for fmt in EMBED_FORMATS]


def variant_paths(bill_id: str) -> list[str]:
    """``/embed/ID/dark``, ``/embed/ID/compact``, ``/embed/ID/dark/compact``: the same card as
    ``?theme=dark`` and ``?compact=1``, as paths a static host can serve."""
    return [f"{embed_url('', bill_id)}/{variant}" for variant in CARD_VARIANTS]


def first_chamber(conn: sqlite3.Connection, bill_id: str) -> str | None:
    """The chamber that passed the bill first (for "Passed the House"), from its actions."""
    row = conn.execute(
        "select event from actions where bill_id = ? and event in ('house_passed', "
        "'senate_passed') order by seq limit 1",
        (bill_id,),
    ).fetchone()
    return {"house_passed": "house", "senate_passed": "senate"}.get(row[0]) if row else None


def load_card(conn: sqlite3.Connection, bill_id: str, base: str) -> dict[str, Any] | None:
    """What a card shows about one bill, or None when the bill is unknown."""
    row = conn.execute(
        "select id, session, type, number, title, stage, outcome, public_act, last_action, "
        "last_action_date from bills where id = ?",
        (bill_id,),
    ).fetchone()
    if row is None:
        return None
    bid, session, btype, number, title, stage, outcome, public_act, last_action, last_date = row
    chamber = first_chamber(conn, bid)
    updated = site.last_update(conn)
    return {
        "id": bid,
        "number": f"{btype} {number}",
        "session": session,
        "title": title or "",
        "short_title": short_title(title),
        "stage": stage,
        "stage_label": stage_label(stage, chamber),
        "outcome": outcome,
        "outcome_label": OUTCOME_LABELS.get(outcome, outcome),
        "status": status_text(stage, outcome, public_act, chamber),
        "tone": status_tone(outcome),
        "public_act": public_act,
        "last_action": last_action or "",
        "last_action_date": last_date,
        "last_action_label": format_date(last_date),
        "url": site.bill_url(base, bid),
        "sample": site.is_sample(conn),
        "updated": updated,
        "updated_label": format_timestamp(updated),
        "steps": [s.state for s in progress_steps(stage, outcome)],
    }


JSON_KEYS = (
    "id",
    "number",
    "session",
    "title",
    "short_title",
    "stage",
    "stage_label",
    "outcome",
    "status",
    "public_act",
    "last_action",
    "last_action_date",
    "url",
    "sample",
    "updated",
)


def card_json(card: dict[str, Any]) -> dict[str, Any]:
    """The public JSON document (``/embed/{id}.json``)."""
    return {key: card[key] for key in JSON_KEYS}


@cache
def _static(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def card_css() -> str:
    return _static("embed.css")


def render_js(card: dict[str, Any]) -> str:
    """The script embed: ``static/embed.js`` (a function expression) called with the card.

    The data travels as JSON escaped for script context, its strings publishable (this is a
    page's text, not the JSON API); the renderer builds DOM nodes with ``textContent``, never
    markup, inside a shadow root.
    """
    data = {
        key: card[key]
        for key in (
            "id",
            "number",
            "session",
            "title",
            "short_title",
            "status",
            "tone",
            "last_action",
            "last_action_date",
            "last_action_label",
            "url",
            "sample",
            "updated_label",
            "steps",
        )
    }
    data["sample_label"] = site.SAMPLE_LABEL
    data["css"] = card_css()
    payload = json_for_script(publishable_data(data))
    return f"{_static('embed.js').rstrip()}({payload}, document.currentScript);\n"


# --------------------------------------------------------------------------- badge

BADGE_COLORS = {
    "enacted": "#1e7b34",
    "vetoed": "#b3261e",
    "dead": "#5c5c5c",
    "pending": "#0b5cad",
    # a member's scorecard badge (publish/scorecard_render.py, tone())
    "score-high": "#1e7b34",
    "score-mid": "#8a5a00",
    "score-low": "#b3261e",
    "score-none": "#5c5c5c",
}
_NARROW = set("fijlrtI.,:;!|'() ")
_WIDE = set("mwMW@%")


def text_width(text: str) -> float:
    """Approximate width in px of ``text`` in 11 px Verdana (shields' metric)."""
    width = 0.0
    for ch in text:
        if ch in _NARROW:
            width += 3.9
        elif ch in _WIDE:
            width += 10.0
        elif ch.isupper() or ch.isdigit():
            width += 7.5
        else:
            width += 6.6
    return width


def badge_texts(card: dict[str, Any]) -> tuple[str, str]:
    left = f"{card['session']} {card['number']}"
    if card["sample"]:
        left += f" ({site.SAMPLE_LABEL})"
    status = card["stage_label"].lower()
    if card["outcome"] in ("enacted", "vetoed", "dead"):
        status = card["status"].split(" (")[0].lower()
        if card["outcome"] == "enacted" and card["public_act"]:
            status = f"enacted, PA {card['public_act']}"
    return left, status


def render_svg(card: dict[str, Any]) -> str:
    """The bill's badge: "2015 HB 7017 | did not pass"."""
    left, right = badge_texts(card)
    return render_badge(left, right, card["tone"], card.get("short_title"))


def _xml(text: str) -> str:
    """Escaped for XML text and attributes, characters XML 1.0 forbids dropped.

    A badge is measured and read at a glance: a character it cannot carry is left out rather
    than shown as the U+FFFD that ``publishable`` puts in its place.
    """
    return escape(publishable(text).replace(REPLACEMENT, ""), quote=True)


def render_badge(left: str, right: str, tone: str, description: str | None = None) -> str:
    """A shields-style two-part badge; every text XML-escaped.

    ``description`` (the bill's short title) goes only into the accessible name and tooltip.
    """
    lw = round(text_width(left) + 12)
    rw = round(text_width(right) + 12)
    total = lw + rw
    color = BADGE_COLORS.get(tone, BADGE_COLORS["dead"])
    label = f"{left}: {right}" + (f" — {description}" if description else "")
    t_left, t_right, t_label = _xml(left), _xml(right), _xml(label)
    lx, rx = lw / 2 * 10, (lw + rw / 2) * 10
    ltl, rtl = (lw - 12) * 10, (rw - 12) * 10
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" '
        f'role="img" aria-label="{t_label}">'
        f"<title>{t_label}</title>"
        '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" '
        'stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{total}" height="20" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{lw}" height="20" fill="#444"/>'
        f'<rect x="{lw}" width="{rw}" height="20" fill="{color}"/>'
        f'<rect width="{total}" height="20" fill="url(#s)"/></g>'
        '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,'
        'sans-serif" text-rendering="geometricPrecision" font-size="110">'
        f'<text aria-hidden="true" x="{lx:.0f}" y="150" fill="#010101" fill-opacity=".3" '
        f'transform="scale(.1)" textLength="{ltl}">{t_left}</text>'
        f'<text x="{lx:.0f}" y="140" transform="scale(.1)" fill="#fff" '
        f'textLength="{ltl}">{t_left}</text>'
        f'<text aria-hidden="true" x="{rx:.0f}" y="150" fill="#010101" fill-opacity=".3" '
        f'transform="scale(.1)" textLength="{rtl}">{t_right}</text>'
        f'<text x="{rx:.0f}" y="140" transform="scale(.1)" fill="#fff" '
        f'textLength="{rtl}">{t_right}</text>'
        "</g></svg>"
    )


# --------------------------------------------------------------------------- HTTP helpers


def card_options(args, variant: str | None = None) -> dict[str, Any]:
    """``theme=light|dark`` (anything else: light) and ``compact=1``; a path ``variant``
    (``dark``, ``compact``, ``dark/compact``) sets the same options."""
    words = (variant or "").split("/")
    theme = "dark" if "dark" in words else args.get("theme")
    return {
        "theme": theme if theme in THEMES else "light",
        "compact": "compact" in words or args.get("compact") in ("1", "true", "yes"),
    }
