"""Finding 11 (first half): no page tells the absolute path of the database file.

``/-/databases.json`` showed it, and so did ``select * from pragma_database_list``.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from publish_fixture import ROOT, build_db, get

from billwatch.serve import make_datasette


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("where-the-files-are") / "private-name.db")


@pytest.fixture(scope="module")
def ds(db_path):
    return make_datasette(db_path)


def secrets(db_path) -> list[str]:
    """What must not show: the file's directory (so its path too) and the checkout's."""
    return [str(db_path.resolve().parent), str(ROOT)]


@pytest.mark.parametrize(
    "path",
    [
        "/-/databases.json",
        "/-/databases",
        "/-/metadata.json",
        "/-/plugins.json",
        "/-/versions.json",
        "/-/settings.json",
        "/-/threads.json",
        "/-/actor.json",
        "/.json",
        "/",
        "/billwatch",
        "/billwatch.json",
        "/billwatch/bills.json",
    ],
)
def test_metadata_pages_do_not_tell_where_the_files_are(ds, db_path, path):
    response = get(ds, path)
    assert response.status_code == 200
    for secret in secrets(db_path):
        assert secret not in response.text, (path, secret)


def test_databases_json_still_describes_the_database(ds):
    (database,) = get(ds, "/-/databases.json").json()
    assert database["name"] == "billwatch" and database["is_mutable"] is True
    assert database["path"] is None
    assert database["size"] > 0


@pytest.mark.parametrize(
    "sql",
    [
        "select * from pragma_database_list",
        "select file from pragma_database_list()",
        "select name from pragma_database_list where seq = 0",
        "pragma database_list",
    ],
)
def test_sql_cannot_read_the_path_either(ds, db_path, sql):
    response = get(ds, f"/billwatch.json?sql={quote(sql)}")
    assert response.status_code == 400
    for secret in secrets(db_path):
        assert secret not in response.text


def test_other_pragmas_still_work(ds):
    rows = get(ds, "/billwatch.json?sql=select+name+from+pragma_table_info('bills')&_shape=array")
    assert {"name": "title"} in rows.json()
