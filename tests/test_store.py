"""The store pipeline: one transaction per item, reruns add nothing, baseline marking."""

import hashlib
from types import SimpleNamespace

import pytest
from scrapy.utils.test import get_crawler

from cga.ids import split_bill_id
from cga.records import (
    BillItem,
    BillText,
    BulkItem,
    DocumentLink,
    Fetched,
    FetchError,
    HistoryRow,
    StatusPage,
    VersionFetch,
)
from pipelines.store import StorePipeline
from spiders.bulk import BulkAction, BulkBill

SITE = "https://www.cga.ct.gov"
STATUS = (
    f"{SITE}/asp/cgabillstatus/cgabillstatus.asp?selBillType=Bill&which_year=2015&bill_num=7017"
)
R00 = f"{SITE}/2015/TOB/H/2015HB-07017-R00-HB.htm"
FC = f"{SITE}/2015/FC/2015HB-07017-R000394-FC.htm"


def fetched(url, sha="0" * 64, at="2015-06-01T12:00:00Z"):
    return Fetched(url=url, fetched_at=at, sha256=sha, etag='"abc"')


def bulk_item():
    bill = split_bill_id("2015-HB-7017")
    other = split_bill_id("2015-SB-1")
    info = f"{SITE}/pub/data/bill_info.csv"
    hist = f"{SITE}/pub/data/bill_history.csv"
    return BulkItem(
        session=2015,
        source_url=info,
        fetched={"bill_info.csv": fetched(info), "bill_history.csv": fetched(hist)},
        bills=[
            BulkBill(bill, "AN ACT CONCERNING STUDENT DATA PRIVACY.", {}),
            BulkBill(other, "AN ACT CONCERNING EDUCATION FUNDING.", {}),
        ],
        actions=[
            BulkAction(bill, "2015-03-12", "REF. TO JOINT COMM. ON ED", "ED"),
            BulkAction(bill, "2015-03-27", "Joint Favorable Substitute", None),
            BulkAction(other, "2015-01-07", "REF. TO JOINT COMM. ON ED", "ED"),
        ],
        ok_urls=[info, hist],
    )


def body_sha(text: str) -> str:
    """The hash of the bytes a document with this text would have been fetched as: a
    changed text comes from changed bytes (a stored version is never re-derived from
    bytes that did not change)."""
    return hashlib.sha256(f"<html><body><p>{text}</p></body></html>".encode()).hexdigest()


def bill_item(text_r00="Section 1. (NEW) (Effective July 1, 2015) Student data.", fc=True):
    page = StatusPage(
        bill_label="Substitute for Raised H.B. No. 7017",
        session=2015,
        title="AN ACT CONCERNING STUDENT DATA PRIVACY.",
        statement_of_purpose="To protect student data.",
        introducers=["Education Committee"],
        cosponsors=[],
        documents=[
            DocumentLink("Text of Bill", "File No. 394", FC),
            DocumentLink("Text of Bill", "Raised Bill", R00),
            DocumentLink(
                "Fiscal Notes",
                "Fiscal Note For File Copy 394",
                f"{SITE}/2015/FN/2015HB-07017-R000394-FN.htm",
            ),
        ],
        history=[  # newest first, as the page shows it
            HistoryRow("2015-04-10", "LCO", "File Number 394"),
            HistoryRow("2015-03-27", "ED", "Joint Favorable Substitute"),
            HistoryRow("2015-03-16", None, "Public Hearing 03/16"),
            HistoryRow("2015-03-12", None, "Referred to Joint Committee on Education"),
        ],
    )
    versions = [
        VersionFetch(
            "text",
            "Raised Bill",
            R00,
            R00,
            "htm",
            fetched(R00, body_sha(text_r00)),
            BillText(text_r00),
        ),
    ]
    if fc:
        versions.append(
            VersionFetch(
                "file_copy",
                "File No. 394",
                FC,
                FC,
                "htm",
                fetched(FC, "2" * 64),
                BillText("Section 1. (NEW) (Effective October 1, 2015) Student data."),
            )
        )
    return BillItem(
        bill_id="2015-HB-7017",
        status_url=STATUS,
        topics={"student-privacy": "student data"},
        status=page,
        fetched=fetched(STATUS),
        versions=versions,
        ok_urls=[STATUS, R00, FC],
    )


@pytest.fixture
def pipeline(tmp_path):
    def make():
        crawler = get_crawler(settings_dict={"BILLWATCH_DB": str(tmp_path / "t.db")})
        p = StorePipeline.from_crawler(crawler)
        p.open_spider()
        return p

    return make


def finish(p, reason="finished"):
    p.spider_closed(SimpleNamespace(session=2015, base_url=SITE), reason)


def counts(db_path):
    import sqlite3

    conn = sqlite3.connect(db_path)
    out = {
        t: conn.execute(f"select count(*) from {t}").fetchone()[0]
        for t in ("bills", "actions", "documents", "versions", "changes", "errors")
    }
    conn.close()
    return out


def test_first_crawl_is_baseline_and_rerun_adds_nothing(pipeline, tmp_path):
    p = pipeline()
    p.process_item(bulk_item())
    p.process_item(bill_item())
    db = p.db
    bill = db["bills"].get("2015-HB-7017")
    assert bill["stage"] == "calendar"
    assert bill["committee"] == "ED"
    assert bill["title"] == "AN ACT CONCERNING STUDENT DATA PRIVACY."
    assert bill["file_numbers"] == "[394]"
    actions = list(db.query("select * from actions where bill_id = '2015-HB-7017' order by seq"))
    # CSV and page rows reconciled: referral and JFS appear once, with both sources.
    assert [a["text"] for a in actions] == [
        "Referred to Joint Committee on Education",
        "Public Hearing 03/16",
        "Joint Favorable Substitute",
        "File Number 394",
    ]
    assert actions[0]["source"] == "both"
    kinds = {d["url"]: d["kind"] for d in db.query("select url, kind from documents")}
    assert kinds[FC] == "file_copy" and kinds[R00] == "text"
    assert db.execute("select count(*) from versions").fetchone()[0] == 2
    assert db.execute("select count(*) from changes where baseline = 0").fetchone()[0] == 0
    first = counts(tmp_path / "t.db")
    finish(p)

    p2 = pipeline()
    p2.process_item(bulk_item())
    p2.process_item(bill_item())
    finish(p2)
    assert counts(tmp_path / "t.db") == first


def test_changed_text_is_a_new_version_and_a_news_change(pipeline, tmp_path):
    p = pipeline()
    p.process_item(bulk_item())
    p.process_item(bill_item())
    finish(p)
    p2 = pipeline()
    p2.process_item(bill_item(text_r00="Section 1. (NEW) (Effective July 1, 2016) Student data."))
    rows = list(p2.db.query("select id, seq, text from versions order by seq"))
    assert [r["id"] for r in rows] == ["2015-HB-7017:v1", "2015-HB-7017:v2", "2015-HB-7017:v3"]
    assert "July 1, 2015" in rows[0]["text"]  # the old text is kept, never overwritten
    news = list(p2.db.query("select kind, summary from changes where baseline = 0"))
    assert news == [
        {
            "kind": "version",
            # The entry carries the redline's summary as first computed.
            "summary": "2015-HB-7017: new text — Raised Bill\n"
            "Sec. 1: effective date 'July 1, 2015' → 'July 1, 2016'",
        }
    ]
    diff = next(p2.db.query("select * from diffs where to_version = '2015-HB-7017:v3'"))
    assert diff["from_version"] == "2015-HB-7017:v1"


def test_new_bill_after_baseline_is_news(pipeline):
    p = pipeline()
    p.process_item(bulk_item())
    finish(p)
    p2 = pipeline()
    item = bulk_item()
    item.bills.append(BulkBill(split_bill_id("2015-SB-2"), "AN ACT CONCERNING TAXES.", {}))
    p2.process_item(item)
    news = list(p2.db.query("select kind, bill_id from changes where baseline = 0"))
    assert news == [{"kind": "bill", "bill_id": "2015-SB-2"}]


def test_errors_are_recorded_then_resolved(pipeline):
    p = pipeline()
    p.process_item(bulk_item())
    item = bill_item(fc=False)
    item.errors.append(FetchError(FC, "HTTP 404"))
    item.ok_urls.remove(FC)
    p.process_item(item)
    row = p.db["errors"].get(FC)
    assert row["error"] == "HTTP 404" and row["resolved_at"] is None and row["attempts"] == 1
    assert row["bill_id"] == "2015-HB-7017"
    p.process_item(bill_item())
    assert p.db["errors"].get(FC)["resolved_at"] is not None


def test_not_found_is_not_a_bill(pipeline):
    p = pipeline()
    item = BillItem(
        bill_id="2015-HB-9999",
        status_url=STATUS.replace("7017", "9999"),
        fetched=fetched(STATUS),
        not_found=True,
    )
    p.process_item(item)
    assert p.db["bills"].count == 0
    assert p.db["not_found"].get("2015-HB-9999")["url"].endswith("bill_num=9999")


def test_everything_stored_is_publishable(pipeline):
    p = pipeline()
    p.process_item(bulk_item())
    item = bill_item(text_r00="Section 1. Student\x00 data\x1b[0m.")
    item.status.title = "AN ACT CONCERNING\x01 STUDENT DATA."
    item.status.history[0] = HistoryRow("2015-04-10", "LCO", "File Number 394\x0b")
    p.process_item(item)
    dump = "\n".join(p.db.conn.iterdump())
    for ch in "\x00\x01\x0b\x1b":
        assert ch not in dump, repr(ch)
    assert p.db["bills"].get("2015-HB-7017")["title"] == "AN ACT CONCERNING\ufffd STUDENT DATA."
    raised = next(p.db.query("select text from versions where label = 'Raised Bill'"))
    assert raised["text"] == "Section 1. Student\ufffd data\ufffd[0m."


def test_unchanged_bytes_never_make_a_new_version(pipeline):
    """A version stored before text was cleaned (or by an older cleaner) is not stored again
    while the document's bytes are the same: only changed bytes make a new version."""
    p = pipeline()
    p.process_item(bulk_item())
    p.process_item(bill_item())
    finish(p)
    p2 = pipeline()
    # As an older billwatch would have stored it: same bytes, text now cleaned differently.
    p2.db.conn.execute("drop trigger versions_no_update")
    p2.db.conn.execute("update versions set text = text || '\x01', sha256 = 'old' where seq = 1")
    p2.process_item(bill_item())
    assert p2.db.execute("select count(*) from versions").fetchone()[0] == 2
    assert p2.db.execute("select count(*) from changes where baseline = 0").fetchone()[0] == 0


def test_a_kind_collected_for_the_first_time_is_baseline_for_bills_crawled_before(pipeline):
    from pipelines.changes import first_collection

    p = pipeline()
    p.process_item(bulk_item())
    db = p.db
    with db.atomic():
        assert first_collection(db, "2015-HB-7017", "vote", "t1", crawled_before=True)
        assert not first_collection(db, "2015-HB-7017", "vote", "t2", crawled_before=True)
        assert first_collection(db, "2015-HB-7017", "hearing", "t1", crawled_before=True)
        # a bill seen for the first time: its first deep crawl's own rule applies
        assert not first_collection(db, "2015-SB-1", "vote", "t1", crawled_before=False)
    assert db.execute("select first_at from collections where kind = 'vote'").fetchone() == ("t1",)


def _changes(db) -> dict[str, dict]:
    return {r["key"]: r for r in db.query("select key, baseline, event_date, ref from changes")}


def test_a_first_crawl_while_the_session_is_in_progress_reports_its_last_days(
    pipeline, monkeypatch
):
    """Issue 12: the events of the last 7 days (by the project's clock) are news, older
    history baseline; each change carries its event's date."""
    monkeypatch.setenv("BILLWATCH_NOW", "2015-03-30T22:00:00Z")
    p = pipeline()
    p.process_item(bulk_item())
    p.process_item(bill_item())
    changes = _changes(p.db)
    finish(p)
    referral = changes["action|2015-HB-7017|2015-03-12|referred_committee#0"]
    favorable = changes["action|2015-HB-7017|2015-03-27|joint_favorable#0"]
    assert (referral["baseline"], referral["event_date"]) == (1, "2015-03-12")
    assert (favorable["baseline"], favorable["event_date"]) == (0, "2015-03-27")
    assert favorable["ref"] == "2015-03-27|joint_favorable#0"  # the action's key
    # the stage the bulk file shows it reached, dated by the action that reached it
    reported = changes["stage|2015-HB-7017|reported"]
    assert (reported["baseline"], reported["event_date"]) == (0, "2015-03-27")
    assert reported["ref"] == "2015-03-27|joint_favorable#0"
    assert changes["bill|2015-HB-7017"]["event_date"] == "2015-03-12"
    assert changes["bill|2015-HB-7017"]["baseline"] == 1
    # a document the site gives no date is history
    fiscal = next(k for k in changes if k.startswith("document|") and "/fn/" in k.lower())
    assert changes[fiscal]["baseline"] == 1 and changes[fiscal]["event_date"] is None
    # not a first crawl any more: everything new is news, whatever its date
    p2 = pipeline()
    item = bulk_item()
    item.actions.append(
        BulkAction(split_bill_id("2015-SB-1"), "2015-01-20", "PUBLIC HEARING", None)
    )
    p2.process_item(item)
    assert _changes(p2.db)["action|2015-SB-1|2015-01-20|public_hearing#0"]["baseline"] == 0


def test_no_news_from_a_first_crawl_with_news_days_0_or_after_the_session(
    pipeline, monkeypatch, tmp_path
):
    from pipelines.store import StorePipeline as Store

    for now, days in (("2015-03-30T22:00:00Z", 0), ("2016-01-02T12:00:00Z", 7)):
        monkeypatch.setenv("BILLWATCH_NOW", now)
        db = tmp_path / f"{days}.db"
        settings = {"BILLWATCH_DB": str(db), "BILLWATCH_NEWS_DAYS": days}
        p = Store.from_crawler(get_crawler(settings_dict=settings))
        p.open_spider()
        p.process_item(bulk_item())
        p.process_item(bill_item())
        assert p.db.execute("select count(*) from changes where baseline = 0").fetchone() == (0,)
        finish(p)


def test_versions_are_dated_by_the_documents_last_modified(pipeline, monkeypatch):
    monkeypatch.setenv("BILLWATCH_NOW", "2015-04-12T22:00:00Z")
    p = pipeline()
    p.process_item(bulk_item())
    item = bill_item()
    item.versions[1].fetched.last_modified = "Fri, 10 Apr 2015 17:00:00 GMT"
    item.versions[0].fetched.last_modified = "Thu, 12 Mar 2015 17:00:00 GMT"
    p.process_item(item)
    changes = _changes(p.db)
    fc = changes["version|2015-HB-7017:v2"]
    raised = changes["version|2015-HB-7017:v1"]
    assert (fc["event_date"], fc["baseline"]) == ("2015-04-10", 0)
    assert (raised["event_date"], raised["baseline"]) == ("2015-03-12", 1)


def test_a_changed_history_file_merges_only_the_bills_whose_rows_changed(pipeline, tmp_path):
    from spiders.bulk import history_hashes

    item = bulk_item()
    item.bulk_sha = history_hashes(item.actions)
    p = pipeline()
    p.process_item(item)
    rows = "select rowid, bill_id, key, text from actions order by bill_id, seq"
    before = list(p.db.query(rows))
    finish(p)
    again = bulk_item()
    again.bulk_sha = history_hashes(again.actions)
    p2 = pipeline()
    p2.process_item(again)  # the same rows: nothing read, nothing written
    assert list(p2.db.query(rows)) == before
    finish(p2)
    changed = bulk_item()
    other = split_bill_id("2015-SB-1")
    changed.actions.append(BulkAction(other, "2015-03-02", "JOINT FAVORABLE", None))
    changed.bulk_sha = history_hashes(changed.actions)
    p3 = pipeline()
    p3.process_item(changed)
    after = list(p3.db.query(rows))
    assert [r for r in after if r["bill_id"] == "2015-HB-7017"] == [
        r for r in before if r["bill_id"] == "2015-HB-7017"
    ]
    assert [r["text"] for r in after if r["bill_id"] == "2015-SB-1"] == [
        "REF. TO JOINT COMM. ON ED",
        "JOINT FAVORABLE",
    ]
    news = list(p3.db.query("select kind, bill_id from changes where baseline = 0"))
    assert {"kind": "action", "bill_id": "2015-SB-1"} in news
    assert all(c["bill_id"] == "2015-SB-1" for c in news)
    stored = dict(p3.db.execute("select id, bulk_sha from bills").fetchall())
    assert stored == changed.bulk_sha
    finish(p3)
