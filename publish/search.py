"""One search over bills, version texts and testimony: ranked hits with highlighted passages.

``search(conn, q)`` asks the three full-text indexes (``bills_fts``, ``versions_fts``,
``testimony_fts``) in two steps, so no whole text ever leaves SQLite:

1. **rank**: each index's best ``CANDIDATES`` rows by FTS5 ``rank`` (bm25), joined to their
   table for small columns only (the bill, a version's label, a testimony's submitter: all
   stored before the big ``text`` column, so SQLite reads no overflow page of it); versions and
   testimony are collapsed to the best hit per bill, with the number of matches in that bill;
   the three lists are merged by rank and cut at ``limit``;
2. **snippets** for the hits shown only: FTS5 ``snippet()`` with ``rowid IN (…)`` (a passage
   of ``SNIPPET_TOKENS`` tokens around the matches, marked with control characters that no
   stored text holds), escaped here and marked up with ``<mark>``.

The query is FTS5 syntax (``"student data"``, ``privacy OR records``, ``lunch*``); one that is
not (``2015-HB-7017``, ``title:x``, an odd quote) is searched again as a phrase per word, and the
results say so.  Everything runs under the SQL time limit: ``SearchError`` (a 400) for a query
still invalid or too slow.  A query that names a bill (``2015-HB-7017``, ``HB 7017`` needs the
year) puts that bill first.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from html import escape

from datasette.utils import sqlite_timelimit
from markupsafe import Markup

from cga.ids import BadBillId, split_bill_id
from cga.text import publishable
from publish import site
from publish.status import short_title, status_text, status_tone

MAX_QUERY_CHARS = 500
CANDIDATES = 60  # ranked rows read from each index before collapsing by bill
SNIPPET_TOKENS = 24
KINDS = ("bill", "version", "testimony")
KIND_LABELS = {"bill": "Bill", "version": "Bill text", "testimony": "Testimony"}
OPEN, CLOSE, ELLIPSIS = "\x01", "\x02", "…"  # stored text is publishable: never \x01, \x02


class SearchError(Exception):
    """A query that cannot be answered (a 400 with this reason)."""


@dataclass
class Hit:
    kind: str
    rowid: int
    rank: float
    bill_id: str
    label: str = ""  # what was found: a version's label, a testimony's submitter
    detail: str = ""  # more about it: an organisation, a position
    anchor: str = ""  # where on the bill page: v3, testimony
    also: int = 0  # other matches of the same kind in the same bill
    snippet: Markup = field(default_factory=Markup)
    bill: dict = field(default_factory=dict)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def path(self) -> str:
        """The bill page, at the version or testimony when that is what matched."""
        return site.bill_url("", self.bill_id) + (f"#{self.anchor}" if self.anchor else "")


@dataclass
class Results:
    q: str
    searched: str  # the FTS5 query actually run
    hits: list[Hit]
    counts: dict[str, int]  # matching rows per kind
    kind: str | None = None
    fallback_reason: str | None = None  # why the query was searched as words

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def phrase_query(q: str) -> str:
    """Each whitespace-separated word of ``q`` as an FTS5 phrase (``"2015-HB-7017"`` finds the
    tokens 2015 hb 7017 in a row): any string is a valid query this way."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in q.split())


def highlight(snippet: str | None) -> Markup:
    """A snippet marked with OPEN/CLOSE as HTML: text escaped, marks balanced."""
    out, inside = [], False
    for part in re.split(f"([{OPEN}{CLOSE}])", snippet or ""):
        if part == OPEN:
            if not inside:
                out.append("<mark>")
                inside = True
        elif part == CLOSE:
            if inside:
                out.append("</mark>")
                inside = False
        elif part:
            out.append(escape(publishable(part), quote=False))
    if inside:
        out.append("</mark>")
    return Markup("".join(out))


# kind -> (FTS table, SQL of the best candidates: rowid, rank, bill_id, label, detail, anchor)
_RANKED = {
    "bill": (
        "bills_fts",
        "with top as (select rowid, rank from bills_fts where bills_fts match :q "
        "order by rank limit :n) "
        "select top.rowid, top.rank, b.id, '', '', '' "
        "from top join bills as b on b.rowid = top.rowid order by top.rank",
    ),
    "version": (
        "versions_fts",
        "with top as (select rowid, rank from versions_fts where versions_fts match :q "
        "order by rank limit :n) "
        "select top.rowid, top.rank, v.bill_id, v.label, v.kind, 'v' || v.seq "
        "from top join versions as v on v.rowid = top.rowid order by top.rank",
    ),
    "testimony": (
        "testimony_fts",
        "with top as (select rowid, rank from testimony_fts where testimony_fts match :q "
        "order by rank limit :n) "
        "select top.rowid, top.rank, t.bill_id, coalesce(t.submitter, ''), "
        "trim(coalesce(t.organization, '') || ' · ' || coalesce(t.position, 'position not "
        "stated'), ' ·'), 'testimony' "
        "from top join testimony as t on t.rowid = top.rowid order by top.rank",
    ),
}
_TABLES = {"bill": "bills", "version": "versions", "testimony": "testimony"}


def _ranked(conn: sqlite3.Connection, kind: str, q: str) -> list[Hit]:
    _, sql = _RANKED[kind]
    hits: list[Hit] = []
    best: dict[str, Hit] = {}
    for rowid, rank, bill_id, label, detail, anchor in conn.execute(sql, {"q": q, "n": CANDIDATES}):
        if kind != "bill" and bill_id in best:
            continue  # the best-ranked match of this bill stands for it
        hit = Hit(kind, rowid, rank, bill_id, label or "", detail or "", anchor or "")
        best[bill_id] = hit
        hits.append(hit)
    return hits


def _also(conn: sqlite3.Connection, kind: str, q: str, hits: list[Hit]) -> None:
    """How many other rows of each hit's bill match too (versions and testimony)."""
    if kind == "bill" or not hits:
        return
    fts, table = _RANKED[kind][0], _TABLES[kind]
    marks = ", ".join("?" * len(hits))
    sql = (
        f"select bill_id, count(*) from {table} where bill_id in ({marks}) and rowid in "
        f"(select rowid from {fts} where {fts} match ?) group by bill_id"
    )
    counts = dict(conn.execute(sql, [*(h.bill_id for h in hits), q]).fetchall())
    for hit in hits:
        hit.also = max(0, counts.get(hit.bill_id, 1) - 1)


def _snippets(conn: sqlite3.Connection, kind: str, q: str, hits: list[Hit]) -> None:
    if not hits:
        return
    fts = _RANKED[kind][0]
    marks = ", ".join("?" * len(hits))
    sql = (
        f"select rowid, snippet({fts}, -1, ?, ?, ?, {SNIPPET_TOKENS}) from {fts} "
        f"where {fts} match ? and rowid in ({marks})"
    )
    params = [OPEN, CLOSE, ELLIPSIS, q, *(h.rowid for h in hits)]
    found = dict(conn.execute(sql, params).fetchall())
    for hit in hits:
        hit.snippet = highlight(found.get(hit.rowid))


def _bills(conn: sqlite3.Connection, ids: list[str]) -> dict[str, dict]:
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    rows = conn.execute(
        "select id, session, type, number, title, stage, outcome, public_act, "
        f"last_action_date from bills where id in ({marks})",
        ids,
    ).fetchall()
    bills = {}
    for bid, session, btype, number, title, stage, outcome, public_act, last_date in rows:
        bills[bid] = {
            "id": bid,
            "number": f"{btype} {number}",
            "session": session,
            "title": title or "",
            "short_title": short_title(title) or bid,
            "status": status_text(stage, outcome, public_act),
            "tone": status_tone(outcome),
            "last_action_date": last_date,
        }
    return bills


def _named_bill(conn: sqlite3.Connection, q: str) -> str | None:
    """The bill a query names (``2015-HB-7017``, ``2015 hb 07017``), if billwatch holds it."""
    try:
        bill_id = str(split_bill_id(q))
    except BadBillId:
        return None
    row = conn.execute("select 1 from bills where id = ?", (bill_id,)).fetchone()
    return bill_id if row else None


def _run(conn: sqlite3.Connection, fts_q: str, kind: str | None, limit: int) -> tuple:
    kinds = [kind] if kind else list(KINDS)
    counts, ranked = {}, []
    for k in kinds:
        fts = _RANKED[k][0]
        counts[k] = conn.execute(
            f"select count(*) from {fts} where {fts} match ?", (fts_q,)
        ).fetchone()[0]
        ranked += _ranked(conn, k, fts_q) if counts[k] else []
    ranked.sort(key=lambda h: (h.rank, KINDS.index(h.kind), h.rowid))
    return counts, ranked[:limit]


def search(
    conn: sqlite3.Connection,
    q: str,
    kind: str | None = None,
    limit: int = 20,
    time_limit_ms: int = 1500,
) -> Results:
    """The best ``limit`` hits for ``q`` (of one ``kind``, or of all three), snippets included.

    Raises SearchError for an empty or overlong query, an unknown kind, a query invalid even
    as words, or one that takes longer than ``time_limit_ms``.
    """
    q = q.strip()
    if not q:
        raise SearchError("q is required: words to search bills, bill texts and testimony for")
    if len(q) > MAX_QUERY_CHARS:
        raise SearchError(f"q is longer than {MAX_QUERY_CHARS} characters")
    if kind is not None and kind not in KINDS:
        raise SearchError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
    searched, reason = q, None
    with sqlite_timelimit(conn, time_limit_ms):
        try:
            try:
                counts, hits = _run(conn, q, kind, limit)
            except sqlite3.OperationalError as exc:
                if str(exc) == "interrupted":
                    raise
                searched, reason = phrase_query(q), str(exc)
                counts, hits = _run(conn, searched, kind, limit)
            named = _named_bill(conn, q) if kind in (None, "bill") else None
            if named:
                hits = [h for h in hits if not (h.kind == "bill" and h.bill_id == named)]
                hits.insert(0, Hit("bill", 0, float("-inf"), named, "", "named by your search"))
                hits = hits[:limit]
            for k in KINDS:
                chosen = [h for h in hits if h.kind == k and h.rowid]
                _also(conn, k, searched, chosen)
                _snippets(conn, k, searched, chosen)
            bills = _bills(conn, sorted({h.bill_id for h in hits}))
        except sqlite3.OperationalError as exc:
            if str(exc) == "interrupted":
                raise SearchError(
                    "the search took too long (it matches too much): add words, or quote a "
                    'phrase ("student data")'
                ) from None
            raise SearchError(f"not a search this site can run: {exc}") from None
    for hit in hits:
        hit.bill = bills.get(hit.bill_id) or {"id": hit.bill_id, "short_title": hit.bill_id}
        if not hit.rowid:  # the bill named by the query: its title stands for the snippet
            hit.snippet = Markup(escape(hit.bill.get("title") or "", quote=False))
    return Results(q, searched, hits, counts, kind, reason)
