"""Positions and scorecards on a publish-test database (tests/votes_fixture.py's roll calls).

``add_scorecards(path)`` adds to a database holding ``votes_fixture``'s two House roll calls on
2015-HB-7017 (275, an amendment vote, and 276, passage as amended) two topics, and rebuilds the
scorecards as ``billwatch update`` does:

- ``student-privacy`` supports 2015-HB-7017; by default only 276 counts (its final passage
  vote in the House);
- ``local-4200`` (its title hostile) opposes it and counts both (``count_votes``).

How the five members come out (votes_fixture.RECORDS):

=================  ======  ======  =================  ====================
member             275     276     student-privacy    local-4200
=================  ======  ======  =================  ====================
H12-marrowby       yea     yea     1 with, 100        0 with 2 against, 0
H88-marrowby       nay     yea     1 with, 100        1 with 1 against, 50
H40-obrien (evil)  yea     nay     1 against, 0       1 with 1 against, 50
H41-ashby          yea     yea     1 with, 100        2 against, 0
KESTRELMORE        nay     —       no row (note 1)    1 with, 100
EVIL_PRINTED       —       nay     1 against, 0       1 with, 100
=================  ======  ======  =================  ====================

Note 1: not on 276 and not in the members file, so not a member of that scorecard at all.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from votes_fixture import BILL

from cga.ids import split_bill_id
from cga.watchlist import Topic
from pipelines.scorecards import rebuild_scorecards, store_positions

NOW = "2026-01-02T03:04:05Z"
EVIL_TOPIC_TITLE = 'Local 4200 <script>alert("topic")</script> & ]]>'
TOPICS = [
    Topic(
        "student-privacy",
        "Student data privacy",
        [],
        positions={split_bill_id(BILL): "support"},
    ),
    Topic(
        "local-4200",
        EVIL_TOPIC_TITLE,
        [],
        positions={split_bill_id(BILL): "oppose"},
        count_votes={split_bill_id(BILL): ("2015-HV-275", "2015-HV-276")},
        sample=True,
    ),
]


def add_scorecards(path: Path) -> Path:
    db = sqlite_utils.Database(path)
    with db.conn:
        store_positions(db, TOPICS)
        rebuild_scorecards(db, NOW)
    db.close()
    return path
