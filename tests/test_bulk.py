"""Bulk CSV parsing: header lookup, per-file encoding fallback, history-to-session mapping."""

import pytest

from cga.ids import BillId
from cga.records import PageError
from spiders import bulk

BILL_INFO = (
    b"bill_num,bill_type,sess_year,bill_title,lco_num\r\n"
    b"HB07017,HB,2015,AN ACT CONCERNING STUDENT DATA PRIVACY.,7312\r\n"
    b"SB00001,SB,2015,AN ACT CONCERNING EDUCATION FUNDING.,100\r\n"
    b"HB05469,HB,2016,AN ACT CONCERNING STUDENT DATA PRIVACY.,2222\r\n"
    # 0x96 is a Windows-1252 en dash: invalid UTF-8, deep in the file.
    b"SB00876,SB,2015,AN ACT CONCERNING MEDICAID \x96 TELEHEALTH.,876\r\n"
    b"XX12,??,2015,GARBAGE ROW,\r\n"
)


def test_bill_info_decodes_cp1252_and_reads_by_header():
    bills, problems = bulk.parse_bill_info(BILL_INFO)
    by_id = {str(b.bill): b for b in bills}
    assert set(by_id) == {"2015-HB-7017", "2015-SB-1", "2016-HB-5469", "2015-SB-876"}
    assert by_id["2015-SB-876"].title == "AN ACT CONCERNING MEDICAID – TELEHEALTH."
    assert by_id["2015-HB-7017"].extra["lco_num"] == "7312"
    assert len(problems) == 1 and "line 6" in problems[0].where


def test_utf8_files_stay_utf8():
    text, enc = bulk.decode_bulk("bill_num\r\nHB05001 – café\r\n".encode())
    assert enc == "utf-8" and "café" in text


def test_missing_columns_are_an_error_naming_them():
    with pytest.raises(PageError, match=r"bill_history\.csv: missing column"):
        bulk.parse_bill_history(b"bill_num,when,what\r\nHB07017,x,y\r\n", {})


def test_history_maps_to_the_session_and_keeps_qualifiers():
    bills, _ = bulk.parse_bill_info(BILL_INFO)
    numbers = bulk.sessions_by_number(bills)
    assert numbers["HB07017"] == 2015
    history = (
        b"bill_num,act_date,act_desc,qual1,qual2\r\n"
        b"HB07017,2015-03-12 00:00:00,REF. TO JOINT COMM. ON,ED,\r\n"
        b"HB07017,2015-03-16 10:00:00,PUBLIC HEARING,2015-03-16,10:00 AM\r\n"
        b"HB07017,2015-05-28 23:59:00,HOUSE PASSED,,\r\n"
        b"HB07017,2014-05-01 00:00:00,LEFT OVER FROM ANOTHER SESSION,,\r\n"
        b"HB09999,2015-03-12 00:00:00,REF. TO JOINT COMM. ON,ED,\r\n"
        b"HB07017,not a date,HOUSE PASSED,,\r\n"
    )
    actions, problems = bulk.parse_bill_history(history, numbers)
    assert [(a.date, a.text, a.code) for a in actions] == [
        ("2015-03-12", "REF. TO JOINT COMM. ON ED", "ED"),
        ("2015-03-16", "PUBLIC HEARING 2015-03-16 10:00 AM", None),
        ("2015-05-28", "HOUSE PASSED", None),
    ]
    assert all(a.bill == BillId(2015, "HB", 7017) for a in actions)
    assert [p.what for p in problems] == ["bad act_date 'not a date'"]


def test_committees_and_subjects():
    assert bulk.parse_committees(b"comm_code,comm_name\r\nED,Education Committee\r\n") == [
        ("ED", "Education Committee")
    ]
    subjects = bulk.parse_subjects(
        b"bill_num,subj_desc\r\nHB07017,EDUCATION - STUDENTS\r\nHB07017,PRIVACY\r\n",
        {"HB07017": 2015},
    )
    assert [s for _, s in subjects] == ["EDUCATION - STUDENTS", "PRIVACY"]
