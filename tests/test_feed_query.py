"""The feed query written once (issue 11, item 3): every feed query returns exactly the
columns of the feed_entries view, contract columns first, each one documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from publish_fixture import build_db

from pipelines.feed_view import COLUMNS, CONTRACT_COLUMNS
from pipelines.schema import open_db

ROOT = Path(__file__).resolve().parent.parent
METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text())["databases"]["billwatch"]
FEED_QUERIES = {n: q for n, q in METADATA["queries"].items() if n.startswith("feed_")}
# The contract as issue 11 states it, written out here so that a change to it is a visible diff.
CONTRACT = [
    "change_id",
    "bill_id",
    "kind",
    "detected_at",
    "summary",
    "url",
    "baseline",
    "bill_title",
    "diff_summary",
    "from_label",
    "to_label",
    "words_added",
    "words_removed",
    "redline_html",
    "submitter",
    "organization",
    "position",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return open_db(build_db(tmp_path_factory.mktemp("query") / "q.db"))


def columns(db, sql: str) -> list[str]:
    params = {p: "x" for p in re.findall(r"(?<!:):(\w+)", sql)}
    return [d[0] for d in db.execute(sql, params).description]


def test_the_contract_is_the_issues():
    assert list(CONTRACT_COLUMNS) == CONTRACT
    assert list(COLUMNS[: len(CONTRACT)]) == CONTRACT


@pytest.mark.parametrize("name", sorted(FEED_QUERIES))
def test_every_feed_query_returns_exactly_the_views_columns(db, name):
    assert columns(db, FEED_QUERIES[name]["sql"]) == list(COLUMNS)


def test_there_are_four_feed_queries_and_each_selects_from_the_view():
    assert sorted(FEED_QUERIES) == ["feed_bill", "feed_changes", "feed_search", "feed_topic"]
    for query in FEED_QUERIES.values():
        # each adds only its filter and limit: the column list and joins are the view's
        assert "select e.* from picked cross join feed_entries as e" in query["sql"]
        assert "join diffs" not in query["sql"] and "join testimony as t" not in query["sql"]


def test_the_view_has_the_columns_and_each_is_documented(db):
    assert columns(db, "select * from feed_entries limit 0") == list(COLUMNS)
    documented = METADATA["tables"]["feed_entries"]["columns"]
    assert list(documented) == list(COLUMNS)
    assert all(documented[c] for c in COLUMNS)


def test_feed_queries_give_rows_for_the_fixture(db):
    rows = db.execute(FEED_QUERIES["feed_bill"]["sql"], {"bill": "2015-HB-7017", "kind": ""})
    kinds = {r[2] for r in rows.fetchall()}
    assert {"version", "testimony", "stage", "bill", "action"} <= kinds
