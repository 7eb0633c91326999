"""Roll calls and members added by inserts to a publish-test database (hostile names included).

``add_votes(path)`` puts into an existing billwatch database (``test_bill_page.build_db``'s or
``publish_fixture.build_db``'s, both holding 2015-HB-7017) two House roll calls on
2015-HB-7017 (275 adds up and is close, 276 does not add up), four legislators of 2015 (one
with a hostile name, party, e-mail and URL; two sharing a surname, one of whom votes against
the other Democrats on 275), members known only by the printed name (one of them hostile),
and a ``vote`` change per roll call.
"""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from pipelines.changes import change_id

BILL = "2015-HB-7017"
EVIL_MEMBER = 'O"Brien <script>alert(1)</script> & ]]>'
EVIL_PRINTED = "<IMG SRC=X ONERROR=ALERT(2)>"
AT = "2015-05-30T10:00:00Z"
DOC = "https://www.cga.ct.gov/2015/VOTE/H/PDF/2015HV-00276-R00HB07017-HV.PDF"

LEGISLATORS = [
    # id, name, first, last, district, party, email, url
    (
        "H12-marrowby",
        "Carla Marrowby",
        "Carla",
        "Marrowby",
        12,
        "Democrat",
        "Carla.Marrowby@cga.ct.gov",
        None,
    ),
    (
        "H88-marrowby",
        "Dennis Marrowby",
        "Dennis",
        "Marrowby",
        88,
        "Democrat",
        None,
        "https://www.cga.ct.gov/contact?m=88",
    ),
    ("H41-ashby", "Robin Ashby", "Robin", "Ashby", 41, "Democrat", None, None),
    (
        "H40-obrien",
        EVIL_MEMBER,
        "Pat",
        "O'Brien",
        40,
        "<b>Party</b>",
        '"><script>x()</script>@x.org',
        "javascript:alert(3)",
    ),
]
# vote id -> (number, question, yea, nay, absent_not_voting, needed, passed, complete, url)
VOTES = {
    "2015-HV-275": (275, "amendment schedule A", 3, 2, 0, 3, 1, 1, DOC.replace("276", "275")),
    "2015-HV-276": (276, "as amended", 4, 2, 0, 4, 1, 0, "javascript:alert(4)"),
}
RECORDS = {
    "2015-HV-275": [  # adds up
        ("MARROWBY, C.", "H12-marrowby", "yea"),
        ("MARROWBY, D.", "H88-marrowby", "nay"),  # against the other two Democrats
        ("O'BRIEN", "H40-obrien", "yea"),
        ("KESTRELMORE", None, "nay"),
        ("ASHBY", "H41-ashby", "yea"),
    ],
    "2015-HV-276": [  # prints 4 yeas: one short
        ("MARROWBY, C.", "H12-marrowby", "yea"),
        ("MARROWBY, D.", "H88-marrowby", "yea"),
        (EVIL_PRINTED, None, "nay"),
        ("O'BRIEN", "H40-obrien", "nay"),
        ("ASHBY", "H41-ashby", "yea"),
    ],
}


def add_votes(path: Path) -> Path:
    db = sqlite_utils.Database(path)
    if not db.execute("select 1 from committees where code = 'ED'").fetchone():
        db["committees"].insert(
            {"code": "ED", "name": "Education Committee", "source_url": "x", "fetched_at": AT}
        )
    db["legislators"].insert_all(
        {
            "id": lid,
            "session": 2015,
            "name": name,
            "first_name": first,
            "last_name": last,
            "chamber": "house",
            "district": district,
            "party": party,
            "email": email,
            "phone": "860-240-8012",
            "office": "Legislative Office Building, Room 4012, Hartford",
            "url": url,
            "committees": json.dumps(["ED", "APP"]),
            "source_url": "https://www.cga.ct.gov/pub/data/LegislatorDatabase.csv",
            "fetched_at": AT,
        }
        for lid, name, first, last, district, party, email, url in LEGISLATORS
    )
    for vid, (number, question, yea, nay, anv, needed, passed, complete, url) in VOTES.items():
        db["votes"].insert(
            {
                "id": vid,
                "bill_id": BILL,
                "session": 2015,
                "chamber": "house",
                "number": number,
                "date": "2015-05-29",
                "question": question,
                "yea": yea,
                "nay": nay,
                "absent_not_voting": anv,
                "needed": needed,
                "passed": passed,
                "complete": complete,
                "label": f"House Roll Call Vote {number}",
                "layout": "pdf",
                "url": url,
                "sha256": f"sha{number}",
                "source_url": url,
                "fetched_at": AT,
            }
        )
        db["vote_records"].insert_all(
            {"vote_id": vid, "seq": n, "name": name, "legislator_id": lid, "vote": vote}
            for n, (name, lid, vote) in enumerate(RECORDS[vid], start=1)
        )
        key = f"vote|{vid}"
        db["changes"].insert(
            {
                "id": change_id(key),
                "bill_id": BILL,
                "session": 2015,
                "kind": "vote",
                "key": key,
                "detected_at": AT,
                "summary": f"House passed {BILL} {yea}–{nay}\nRoll call {number} on May 29, 2015.",
                "url": f"/bills/{BILL}#vote-{vid}",
                "baseline": 0,
                "ref": vid,
            }
        )
    db.conn.commit()
    db.close()
    return path
