"""Reconciling the CSV history and the status page's Bill History."""

from pipelines.actions import BOTH, BULK, STATUS_PAGE, merge_actions

CSV = [
    ("2015-03-12", "ED", "REF. TO JOINT COMM. ON ED"),
    ("2015-03-27", None, "Joint Favorable Substitute"),
    ("2015-05-28", None, "HOUSE PASSED AS AMENDED BY HOUSE AMEND. SCHED. A"),
]
PAGE = [  # chronological (the page lists newest first; the store reverses it)
    ("2015-03-12", None, "Referred to Joint Committee on Education"),
    ("2015-03-16", None, "Public Hearing 03/16"),
    ("2015-03-27", "ED", "Joint Favorable Substitute"),
    ("2015-05-28", None, "House Adopted House Amendment Schedule A 7312"),
    ("2015-05-28", None, "House Passed as Amended by House Amendment Schedule A"),
]


def test_page_after_csv_merges_without_duplicates():
    merged, new = merge_actions([], CSV, BULK, "csv", "t1")
    assert len(merged) == 3 and len(new) == 3
    merged2, new2 = merge_actions(merged, PAGE, STATUS_PAGE, "page", "t2")
    assert len(merged2) == 5
    assert [a.text for a in new2] == [
        "Public Hearing 03/16",
        "House Adopted House Amendment Schedule A 7312",
    ]
    referred = merged2[0]
    assert referred.source == BOTH
    assert referred.text == "Referred to Joint Committee on Education"
    assert referred.bulk_text == "REF. TO JOINT COMM. ON ED"
    assert referred.code == "ED"
    assert [a.date for a in merged2] == sorted(a.date for a in merged2)


def test_csv_after_page_adds_nothing_new():
    merged, _ = merge_actions([], PAGE, STATUS_PAGE, "page", "t1")
    merged2, new = merge_actions(merged, CSV, BULK, "csv", "t2")
    assert new == [] and len(merged2) == 5
    assert merged2[2].bulk_text == "Joint Favorable Substitute"


def test_rerun_is_idempotent_and_nothing_is_dropped():
    merged, _ = merge_actions([], PAGE, STATUS_PAGE, "page", "t1")
    again, new = merge_actions(merged, PAGE, STATUS_PAGE, "page", "t1")
    assert new == [] and again == merged
    # A truncated page with only the newest rows loses nothing stored earlier.
    partial, new = merge_actions(merged, PAGE[-2:], STATUS_PAGE, "page", "t3")
    assert new == [] and len(partial) == 5


def test_repeated_event_on_one_day_is_kept_twice():
    rows = [("2015-04-01", None, "Referred to Joint Committee on Appropriations")] * 2
    merged, new = merge_actions([], rows, STATUS_PAGE, "page", "t1")
    assert len(merged) == 2 and len(new) == 2


def test_a_first_history_is_placed_as_the_general_merge_places_it():
    # Out of date order, with a repeated event: the first history of a bill (nothing
    # stored) takes a quicker path that must agree with the general one.
    rows = [PAGE[2], PAGE[0], PAGE[4], PAGE[1], PAGE[4], PAGE[3], CSV[1]]
    first, new = merge_actions([], rows, BULK, "csv", "t1")
    assert len(new) == len(first) == len(rows) and sorted(new, key=lambda a: a.date) == first
    (earlier,), _ = merge_actions([], [("2015-01-07", None, "Introduced")], BULK, "csv", "t0")
    general, new_general = merge_actions([earlier], rows, BULK, "csv", "t1")
    assert general == [earlier, *first] and new_general == new
    assert [a.date for a in first] == sorted(a.date for a in first)
    again, none = merge_actions(first, rows, BULK, "csv", "t2")
    assert none == [] and again == first
