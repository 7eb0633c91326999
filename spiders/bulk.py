"""The legislature's bulk CSV files (docs/cga-site.md, "Bulk files"), parsed into plain records.

Columns are looked up by header name, because only some are documented; a file
whose required columns are missing raises ``PageError`` naming the file and the
columns, never silently yields nothing.  Each file is decoded on its own: UTF-8 if
the whole file decodes, else Windows-1252 (a stray 0x96 sits deep in the real files,
past any sniffing sample).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import date, datetime

from cga.ids import BadBillId, BillId, cga_padded, split_bill_id
from cga.records import BulkAction, BulkBill, PageError, Problem

BULK_FILES = ("bill_info.csv", "bill_history.csv", "committee.csv", "subject.csv")


def decode_bulk(body: bytes) -> tuple[str, str]:
    """(text, encoding used): UTF-8 when the whole file is valid UTF-8, else cp1252."""
    try:
        return body.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        # cp1252 leaves 5 bytes undefined; map them rather than fail the whole file.
        return body.decode("cp1252", errors="replace"), "cp1252"


def _rows(
    body: bytes, name: str, required: tuple[str, ...], positional: dict[str, int] | None = None
) -> list[dict[str, str]]:
    """Rows as dicts keyed by lower-case header; ``positional`` names a column by its
    position when the header does not (``sess_year`` is documented as the third).

    A field may be as large as the file (the size of the file is bounded by the crawl's
    bulk budget); a malformed file raises ``PageError`` naming the line."""
    text, _ = decode_bulk(body)
    # csv's default 128 KB field limit would reject one long title and lose the file.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        try:
            header = next(reader)
        except StopIteration:
            raise PageError(f"{name}: empty file") from None
        keys = [h.strip().lower() for h in header]
        for column, position in (positional or {}).items():
            if column not in keys and len(keys) > position:
                keys[position] = column
        missing = [c for c in required if c not in keys]
        if missing:
            raise PageError(
                f"{name}: missing column(s) {', '.join(missing)}; header was {header!r}"
            )
        rows = []
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            rows.append(
                {k: (values[i].strip() if i < len(values) else "") for i, k in enumerate(keys)}
            )
    except csv.Error as exc:
        raise PageError(f"{name} line {reader.line_num}: not readable as CSV ({exc})") from None
    return rows


def has_rows(body: bytes) -> bool:
    """True when a CSV body holds anything beyond its header line."""
    return body.strip().count(b"\n") >= 1


def parse_bill_info(body: bytes) -> tuple[list[BulkBill], list[Problem]]:
    year_key = "sess_year"
    rows = _rows(
        body, "bill_info.csv", ("bill_num", year_key, "bill_title"), positional={year_key: 2}
    )
    bills, problems = [], []
    for n, row in enumerate(rows, start=2):
        try:
            bill = split_bill_id(row["bill_num"], session=int(row[year_key]))
        except (BadBillId, ValueError) as exc:
            problems.append(Problem(f"bill_info.csv line {n}", str(exc)))
            continue
        extra = {
            k: v for k, v in row.items() if k not in ("bill_num", year_key, "bill_title") and v
        }
        bills.append(BulkBill(bill, " ".join(row["bill_title"].split()), extra))
    return bills, problems


_YEAR_RE = re.compile(r"\b(19|20)\d\d\b")


def parse_bill_history(
    body: bytes, sessions_by_num: dict[str, int]
) -> tuple[list[BulkAction], list[Problem]]:
    """Rows of bill_history.csv.  It has no year column, so each ``bill_num`` takes
    the session ``bill_info.csv`` gives it (``sessions_by_num``: ``HB07017`` → 2015);
    a row dated outside that session's year belongs to another session and is skipped.
    """
    rows = _rows(body, "bill_history.csv", ("bill_num", "act_date", "act_desc"))
    actions, problems = [], []
    for n, row in enumerate(rows, start=2):
        num = _num_key(row["bill_num"])
        session = sessions_by_num.get(num)
        if session is None:
            continue  # a bill of a session bill_info does not list
        try:
            when = _parse_act_date(row["act_date"])
        except ValueError:
            problems.append(
                Problem(f"bill_history.csv line {n}", f"bad act_date {row['act_date']!r}")
            )
            continue
        if when[:4] != str(session):
            continue
        qual1, qual2 = row.get("qual1", ""), row.get("qual2", "")
        parts = [row["act_desc"]]
        code = None
        if qual1 and _YEAR_RE.search(qual1):
            parts.append(" ".join(p for p in (qual1, qual2) if p))  # a date (and time)
        elif qual1:
            parts.append(qual1)
            if re.fullmatch(r"[A-Z]{2,4}", qual1):
                code = qual1
            if qual2:
                parts.append(qual2)
        bill = split_bill_id(num, session=session)
        actions.append(BulkAction(bill, when, " ".join(" ".join(parts).split()), code))
    return actions, problems


def _num_key(bill_num: str) -> str:
    """Any CSV spelling (``HB07017``, ``HB7017``) → the padded key; '' if unreadable."""
    try:
        return cga_padded(split_bill_id(bill_num, session=2000))
    except BadBillId:
        return ""


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")


def _parse_act_date(value: str) -> str:
    value = value.strip()
    m = _ISO_DATE.fullmatch(value)
    if m:  # the documented form: no strptime for 60,000 rows
        year, month, day = map(int, m.groups())
        return date(year, month, day).isoformat()  # still rejects 2015-02-30
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y"):
        try:
            # The legislature's timestamps are Connecticut wall-clock times already.
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(value)


def parse_committees(body: bytes) -> list[tuple[str, str]]:
    rows = _rows(body, "committee.csv", ("comm_code", "comm_name"))
    return [
        (r["comm_code"].upper(), " ".join(r["comm_name"].split())) for r in rows if r["comm_code"]
    ]


def parse_subjects(body: bytes, sessions_by_num: dict[str, int]) -> list[tuple[BillId, str]]:
    rows = _rows(body, "subject.csv", ("bill_num", "subj_desc"))
    out = []
    for r in rows:
        num = _num_key(r["bill_num"])
        session = sessions_by_num.get(num)
        if session is None or not r["subj_desc"]:
            continue
        out.append((split_bill_id(num, session=session), " ".join(r["subj_desc"].split())))
    return out


def sessions_by_number(bills: list[BulkBill]) -> dict[str, int]:
    """``HB07017`` → latest session bill_info lists it for (history has no year)."""
    out: dict[str, int] = {}
    for b in bills:
        key = cga_padded(b.bill)
        out[key] = max(out.get(key, 0), b.bill.session)
    return out


def history_hashes(actions: list[BulkAction]) -> dict[str, str]:
    """Bill id → hash of its bill_history.csv rows: it moves when the bill's history does."""
    rows: dict[str, list[str]] = {}
    for a in actions:
        rows.setdefault(str(a.bill), []).append(f"{a.date}|{a.code or ''}|{a.text}")
    return {
        bill: hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()[:16]
        for bill, lines in rows.items()
    }
