"""Storing testimony: one row per bill and PDF, grouped change rows, hearings, no re-download."""

import pytest

from cga.actions import hearing_dates
from cga.records import Fetched, TestimonyFetch
from cga.testimony import parse_testimony_filename
from pipelines.actions import Action
from pipelines.schema import open_db
from pipelines.testimony import store_testimony

TMY = "https://www.cga.ct.gov/2015/eddata/TMY/"
LISTING = Fetched(
    "https://www.cga.ct.gov/asp/menu/CommDocTmyBillAllComm.asp?bill=HB-07017&doc_year=2015",
    "2015-03-20T12:00:00Z",
    "0" * 64,
)
NAMES = [
    "2015HB-07017-R000319-Alvarez, Maria, Chief Technology Officer-SSD-Supports-TMY.PDF",
    "2015HB-07017-R000319-Chen, Robert-CPSP-Opposes-TMY.PDF",
    "2015HB-07017-R000319-O'Brien-Smith, Patrick-CT-DSC-Comments-TMY.PDF",
    "2015HB-07017-R000319-Okafor, Grace--TMY.PDF",
]


def fetch(name, text="Sample data. I testify on student data privacy.", downloaded=True):
    url = TMY + name.replace(" ", "%20")
    fetched = Fetched(url, "2015-03-20T12:00:00Z", "1" * 64) if downloaded else None
    return TestimonyFetch(url, name, parse_testimony_filename(url), fetched, text, 1)


@pytest.fixture
def db(tmp_path):
    db = open_db(tmp_path / "t.db")
    for bill in ("2015-HB-7017", "2015-HB-6420"):
        db["bills"].insert(
            {
                "id": bill,
                "session": 2015,
                "chamber": "house",
                "type": "HB",
                "number": int(bill[-4:]),
                "status_url": "x",
                "source_url": "x",
                "fetched_at": "t",
                "first_seen_at": "t",
            }
        )
    return db


def test_new_submissions_are_one_change_with_counts(db):
    fetches = [fetch(n) for n in NAMES]
    fetches[3].text = None  # a scan: stored and flagged
    changes = store_testimony(db, "2015-HB-7017", fetches, LISTING, "now")
    assert [c.summary for c in changes] == [
        "4 new testimonies on 2015-HB-7017: 1 support, 1 oppose, 1 neutral, 1 not stated"
    ]
    rows = {r["submitter"]: r for r in db.query("select * from testimony")}
    assert rows["Alvarez, Maria"]["title"] == "Chief Technology Officer"
    assert rows["Alvarez, Maria"]["position"] == "support"
    assert rows["Alvarez, Maria"]["hearing_date"] == "2015-03-19"
    assert rows["Okafor, Grace"]["scanned"] == 1 and rows["Okafor, Grace"]["text"] is None
    assert list(db.query("select * from hearings")) == [
        {
            "bill_id": "2015-HB-7017",
            "committee": "ED",
            "date": "2015-03-19",
            "source": "testimony",
            # issue 16: the meeting, its start and place, every source
            "meeting_id": None,
            "start": None,
            "location": None,
            "sources": "testimony",
        }
    ]
    # Rerun: nothing new, no change.
    assert store_testimony(db, "2015-HB-7017", fetches, LISTING, "later") == []
    assert db["testimony"].count == 4
    counts = next(db.query("select * from testimony_positions"))
    assert (counts["support"], counts["oppose"], counts["neutral"], counts["unknown"]) == (
        1,
        1,
        1,
        1,
    )


def test_a_pdf_under_two_bills_is_copied_not_downloaded(db):
    store_testimony(db, "2015-HB-7017", [fetch(NAMES[2])], LISTING, "now")
    again = fetch(NAMES[2], text=None, downloaded=False)
    changes = store_testimony(db, "2015-HB-6420", [again], LISTING, "now")
    assert len(changes) == 1
    texts = [r[0] for r in db.execute("select text from testimony order by bill_id")]
    assert texts[0] == texts[1] and "student data privacy" in texts[0]


def test_search_finds_testimony_text(db):
    fetches = [fetch(NAMES[0], text="Sample data. Our district retired the purple kangaroo app.")]
    store_testimony(db, "2015-HB-7017", fetches, LISTING, "now")
    hits = db.execute(
        "select submitter from testimony where rowid in "
        "(select rowid from testimony_fts where testimony_fts match 'purple kangaroo')"
    ).fetchall()
    assert hits == [("Alvarez, Maria",)]


def test_hearing_dates_from_actions():
    acts = [
        Action("2015-03-12", None, "Public Hearing 03/19", "k1", "status_page", None, "u", "t"),
        Action(
            "2015-03-12", "ED", "PUBLIC HEARING 03/04/2015 10:00 AM", "k2", "bulk", None, "u", "t"
        ),
        Action("2015-03-12", None, "Public Hearing 02/30", "k3", "status_page", None, "u", "t"),
    ]
    assert hearing_dates(acts, 2015, "ED") == [("ED", "2015-03-19"), ("ED", "2015-03-04")]


def test_a_batch_change_lists_every_submission_and_its_hearing_date(db):
    """Issue 12: a feed names every submitter of a batch (change_items), dated by the hearing."""
    from pipelines.changes import record_changes

    (change,) = store_testimony(db, "2015-HB-7017", [fetch(n) for n in NAMES], LISTING, "now")
    assert change.event_date == "2015-03-19"
    stored = {r["id"] for r in db.query("select id from testimony")}
    assert set(change.items) == stored and change.ref in stored
    record_changes(db, [change], "2015-03-20T12:00:00Z", False, 2015)
    record_changes(db, [change], "2015-03-21T12:00:00Z", False, 2015)  # a rerun adds nothing
    assert db.execute("select count(*) from change_items").fetchone() == (4,)
    (listed,) = db.execute("select submitters from feed_entries").fetchone()
    assert "Chen, Robert" in listed and "Okafor, Grace" in listed


def test_earlier_batches_get_their_items_from_the_migration(tmp_path):
    """A testimony change written before change_items existed gets its submissions, proven by
    its key (a hash of their ids); one whose key does not match stays with its ref."""
    import hashlib
    import sqlite3

    from pipelines.schema import _backfill_testimony_items

    db = open_db(tmp_path / "b.db")
    db["bills"].insert(
        {
            "id": "2015-HB-7017",
            "session": 2015,
            "chamber": "house",
            "type": "HB",
            "number": 7017,
            "status_url": "x",
            "source_url": "x",
            "fetched_at": "t",
            "first_seen_at": "t",
        }
    )
    store_testimony(db, "2015-HB-7017", [fetch(n) for n in NAMES[:2]], LISTING, "now")
    ids = sorted(r[0] for r in db.execute("select id from testimony"))
    digest = hashlib.sha256("|".join(ids).encode()).hexdigest()[:16]
    for key, at in (
        (f"testimony|2015-HB-7017|{digest}", "2015-03-21T00:00:00Z"),
        ("testimony|2015-HB-7017|0000", "2015-03-22T00:00:00Z"),
    ):
        db.execute(
            "insert into changes (id, bill_id, kind, key, detected_at, summary, baseline,"
            " ref) values (?, '2015-HB-7017', 'testimony', ?, ?, 's', 0, ?)",
            [key[-4:], key, at, ids[0]],
        )
    _backfill_testimony_items(db)
    rows = db.execute("select change_id, item_id from change_items order by 2").fetchall()
    assert rows == [(digest[-4:], ids[0]), (digest[-4:], ids[1])]
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("delete from change_items")
