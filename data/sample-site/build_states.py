"""The sample site at an earlier moment of its session: ``states/earlier/`` (sample data).

The committed tree is the 2015 session as it ended (the *later* state).  ``billwatch demo``
crawls the site first as it stood on the evening of ``STATES["earlier"]`` (the clock set to
that day), then as it ended, so the second crawl finds news: 2015 HB 7017's committee
substitute (a new text, with its redline), its public-hearing testimony, new actions and
stages, bills that died with the session.

A state is derived from the same model as the tree, never written by hand: 2015 bills keep
the events, texts, reports and documents dated on or before its day (bills not yet
introduced are not on the site); their status pages, testimony listings and the bulk files
are rendered again from that; every other file is the same as in the tree, or absent if dated
later.  Other sessions' files are the same in every state.  On disk a state is
``states/NAME/manifest.tsv`` (every file it serves: path, Last-Modified date) plus the files
whose bytes differ from the tree's, under the same paths; ``billwatch/samplesite.py`` serves
it with ``state="earlier"`` (``--state earlier``).

**Adding something that happens between the demo's two crawls** (a hearing scheduled, a
vote): give it a date after ``STATES["earlier"]`` in the model.  A file your own
``build_<feature>.py`` puts with ``site.put(href, data, day)`` is then absent from the earlier
state by its date; a file that exists in both states with different contents (a listing, a
calendar) gets its earlier bytes with ``put_state(site, "earlier", href, data, day)``.  Call
your module from ``build()`` before ``build_states.add_states``, which must stay last: a state
is derived from every file put before it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

STATES = {"earlier": date(2015, 3, 18)}  # the state's name -> the day it shows (evening)
SESSION = 2015  # the session the states differ in (the bulk files' session)
PREFIX = "states"
_EXPLICIT: dict[tuple[str, str], tuple[bytes, date]] = {}  # (state, path) -> (bytes, day)


def put_state(site: Any, state: str, href: str, data: bytes, day: date) -> None:
    """``href`` holds ``data`` in ``state`` (and whatever the tree has in the others)."""
    if state not in STATES:
        raise ValueError(f"unknown state {state!r}; known: {', '.join(STATES)}")
    _EXPLICIT[(state, href.strip("/").lower())] = (data, day)


def add_states(site: Any, all_bills: list) -> None:
    """Write ``states/NAME/`` for every state into ``site`` (called at the end of build())."""
    import build as model  # the model's renderers; build.py imports this module

    for state, day in STATES.items():
        files = _state_files(site, all_bills, model, day)
        for (name, path), (data, when) in _EXPLICIT.items():
            if name == state:
                files[_tree_path(site, path) or path] = (data, when)
        lines = ["# path\tlast-modified: the files this state serves (sample data)"]
        for path in sorted(files):
            data, when = files[path]
            lines.append(f"{path}\t{when.isoformat()}")
            if site.files.get(path) != data:
                site.put(f"/{PREFIX}/{state}/{path}", data, when)
        manifest = ("\n".join(lines) + "\n").encode("utf-8")
        site.put(f"/{PREFIX}/{state}/manifest.tsv", manifest, day)


def as_of(bill: Any, day: date, site: Any) -> Any | None:
    """The bill as the site showed it on ``day``; None before it was introduced."""
    events = [e for e in bill.events if e.day <= day]
    if not events:
        return None
    texts = [t for t in bill.texts if t.day <= day]
    jfr = bill.jfr if bill.jfr and (bill.jfr.get("date") or bill.jfr["vote"]) <= day else None
    extra = [x for x in bill.extra_docs if _document_day(site, bill, x[2]) <= day]
    label = bill.label
    if label.startswith("Substitute for ") and not any(t.kind == "substitute" for t in texts):
        label = label.removeprefix("Substitute for ")
    return replace(bill, events=events, texts=texts, jfr=jfr, extra_docs=extra, label=label)


def _tree_path(site: Any, key: str) -> str | None:
    """The tree's spelling of a path (the tree is case-insensitive, as IIS)."""
    lower = key.strip("/").lower()
    return next((p for p in site.files if p.lower() == lower), None)


def _document_day(site: Any, bill: Any, href: str) -> date:
    """When a linked document appeared: its file's date; for a link to a missing file (a
    deliberate 404), the date of the bill's last file copy, else of its last event."""
    path = _tree_path(site, href)
    if path is not None:
        return site.dates[path]
    files = [t.day for t in bill.texts if t.kind == "file"]
    return max(files) if files else bill.events[-1].day


def _state_files(site: Any, all_bills: list, model: Any, day: date) -> dict[str, tuple[bytes, date]]:
    """path -> (bytes, Last-Modified date) of every file the site served on ``day``."""
    crlf = model.CRLF
    current = [b for b in all_bills if b.year == SESSION]
    shown = {id(b): as_of(b, day, site) for b in current}
    files: dict[str, tuple[bytes, date]] = {}
    pages = {}  # status pages and listings of this session's bills, rendered again
    for bill in current:
        page_path = _tree_path(site, f"asp/cgabillstatus/{bill.year}/{bill.padded}.html")
        if page_path is None:  # not found in the status "database" in any state
            continue
        now = shown[id(bill)]
        if now is None:
            pages[page_path] = None
            continue
        page = model.status_page(now)
        if bill.status == "truncated" and len(now.events) >= 3:
            page = model.truncate_in_history(page)
        pages[page_path] = (page.replace("\n", crlf).encode("ascii", "xmlcharrefreplace"),
                            now.events[-1].day)
    for path, data in site.files.items():
        top = path.split("/", 1)[0]
        if top == PREFIX:
            continue
        when = site.dates[path]
        if path in pages:
            if pages[path] is not None:
                files[path] = pages[path]
        elif path.lower().startswith(f"asp/menu/commdoctmybillallcomm/{SESSION}/"):
            files[path] = _listing(site, model, path, data, day)
        elif path.lower().startswith("pub/data/"):
            continue  # rendered below
        elif top == str(SESSION) and when > day:
            continue  # not published yet
        else:
            files[path] = (data, when)
    bulk = model.Site()
    model.bulk_files(bulk, [b for b in (shown[id(b)] for b in current) if b is not None])
    for path, data in bulk.files.items():
        files[path] = (data, min(bulk.dates[path], day))
    return files


def _listing(site: Any, model: Any, path: str, data: bytes, day: date) -> tuple[bytes, date]:
    """A testimony listing on ``day``: as in the tree from its hearing on (the tree dates each
    listing by its hearing), "No testimony found for this bill." before."""
    if site.dates[path] <= day:
        return data, site.dates[path]
    page = model.no_testimony_page().replace("\n", model.CRLF)
    return page.encode("ascii", "xmlcharrefreplace"), day
