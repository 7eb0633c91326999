"""The diff pipeline: chain order, once per pair, out-of-order arrival, change summaries."""

import pytest

from pipelines.diffs import update_diffs
from pipelines.schema import open_db

BILL = "2016-HB-5469"
SITE = "https://www.cga.ct.gov/2016"
R00 = ("text", "Raised Bill", f"{SITE}/TOB/h/2016HB-05469-R00-HB.htm", "R00", None)
R01 = (
    "text",
    "ED Joint Favorable Substitute",
    f"{SITE}/TOB/h/2016HB-05469-R01-HB.htm",
    "R01",
    None,
)
FC = ("file_copy", "File No. 126", f"{SITE}/FC/2016HB-05469-R000126-FC.htm", "R00", 126)
AMD = (
    "amendment",
    "House Schedule A LCO# 4321 (R)",
    f"{SITE}/lcoamd/2016LCO04321-R00-AMD.htm",
    "R00",
    None,
)
PA = (
    "public_act",
    "Public Act No. 16-189",
    f"{SITE}/ACT/pa/2016PA-00189-R00HB-05469-PA.htm",
    "R00",
    None,
)

BODY = (
    "AN ACT CONCERNING STUDENT DATA PRIVACY.\n"
    "Be it enacted by the Senate and House of Representatives in General Assembly convened:\n"
    "Section 1. (NEW) (Effective {date}) A contractor shall protect student information.\n"
    "Sec. 2. (NEW) (Effective {date}) An operator shall not sell student information.{extra}\n"
)


def text(date="July 1, 2016", extra=""):
    return BODY.format(date=date, extra=extra)


@pytest.fixture
def db(tmp_path):
    db = open_db(tmp_path / "t.db")
    db["bills"].insert(
        {
            "id": BILL,
            "session": 2016,
            "chamber": "house",
            "type": "HB",
            "number": 5469,
            "status_url": "x",
            "source_url": "x",
            "fetched_at": "t",
            "first_seen_at": "t",
        }
    )
    return db


def add(db, doc, body):
    kind, label, url, rev, file_no = doc
    seq = db.execute(
        "select coalesce(max(seq),0)+1 from versions where bill_id=?", [BILL]
    ).fetchone()[0]
    db["versions"].insert(
        {
            "id": f"{BILL}:v{seq}",
            "bill_id": BILL,
            "seq": seq,
            "label": label,
            "kind": kind,
            "url": url,
            "revision": rev,
            "file_number": file_no,
            "format": "htm",
            "text": body,
            "sha256": str(hash(body)),
            "body_sha256": "b",
            "source_url": url,
            "fetched_at": "t",
        }
    )
    return f"{BILL}:v{seq}"


def pairs(db):
    return [
        (r[0], r[1])
        for r in db.execute(
            "select f.label, t.label from diffs d join versions f on f.id = d.from_version "
            "join versions t on t.id = d.to_version order by t.seq"
        )
    ]


def test_chain_is_legislative_order_without_amendments(db):
    add(db, PA, text("October 1, 2016"))  # stored first: the page lists newest first
    add(db, FC, text("October 1, 2016"))
    add(db, AMD, "Strike section 2.")
    add(db, R00, text())
    summaries = update_diffs(db, BILL, "now")
    assert sorted(pairs(db)) == sorted(
        [
            ("Raised Bill", "File No. 126"),
            ("File No. 126", "Public Act No. 16-189"),
        ]
    )
    assert "'July 1, 2016' → 'October 1, 2016' (2×)" in summaries[f"{BILL}:v2"]
    assert summaries[f"{BILL}:v1"] == "no textual change"


def test_computed_once_and_out_of_order_arrival(db):
    add(db, R00, text())
    add(db, FC, text("October 1, 2016", " A parent may inspect the records."))
    assert len(update_diffs(db, BILL, "t1")) == 1
    assert update_diffs(db, BILL, "t2") == {}  # run twice: nothing recomputed
    assert db["diffs"].count == 1
    # The committee substitute turns up on a later crawl, after the file copy.
    v3 = add(db, R01, text("October 1, 2016"))
    new = update_diffs(db, BILL, "t3")
    assert set(new) == {v3, f"{BILL}:v2"}  # R00→R01 and R01→FC; R00→FC is gone
    assert pairs(db) == [
        ("ED Joint Favorable Substitute", "File No. 126"),
        ("Raised Bill", "ED Joint Favorable Substitute"),
    ]
    assert db["diffs"].count == 2


def test_empty_text_version_is_diffed_not_dropped(db):
    add(db, R00, text())
    add(db, FC, "")  # a PDF with no extractable text
    update_diffs(db, BILL, "t")
    row = next(db.query("select * from diffs"))
    assert row["words_added"] == 0 and row["words_removed"] > 0
