"""The CSV and JSON forms of a scorecard view (``/scorecards/TOPIC[/SESSION].csv|.json``),
from the page context ``publish.scorecard_render.load_scorecard`` makes.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from publish.sanitize import publishable_data
from publish.scorecard_render import CSV_COLUMNS

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula ("=HYPERLINK(…)") starts with ' (OWASP's
    CSV-injection advice); numbers and everything else stay as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def render_csv(page: dict[str, Any]) -> str:
    """The view's rows, ``CSV_COLUMNS`` first line; text publishable."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in publishable_data(page["rows"]):
        writer.writerow([_cell(row[c]) for c in CSV_COLUMNS])
    return buf.getvalue()


def render_json(page: dict[str, Any]) -> str:
    """The view as one JSON document: the topic, its positions with the roll calls that count,
    and the rows (``CSV_COLUMNS`` plus the member's page and card)."""
    doc = {
        "topic": page["topic"],
        "title": page["title"],
        "session": page["session"],
        "sessions": page["sessions"],
        "sample": page["sample"],
        "sample_positions": page["sample_positions"],
        "updated": page["updated"],
        "url": page["page_url"],
        "columns": list(CSV_COLUMNS),
        "positions": [
            {
                "bill_id": p["bill_id"],
                "session": p["session"],
                "title": p["title"],
                "position": p["position"],
                "counted_by": "watchlist" if p["chosen"] else "default",
                "votes": [
                    {
                        "id": v["id"],
                        "chamber": v["chamber"],
                        "number": v["number"],
                        "date": v["date"],
                        "question": v["question"],
                        "yea": v["yea"],
                        "nay": v["nay"],
                    }
                    for v in p["counted"]
                ],
                "url": p["href"],
            }
            for p in page["positions"]
        ],
        "rows": [
            {
                **{c: r[c] for c in CSV_COLUMNS},
                "url": r["href"],
                "card": r["card"],
            }
            for r in page["rows"]
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)
