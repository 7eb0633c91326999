"""metadata.yml is the data dictionary: every table and column must be described."""

from pathlib import Path

import yaml

from pipelines.schema import open_db

ROOT = Path(__file__).resolve().parent.parent


def test_every_table_and_column_is_described(tmp_path):
    meta = yaml.safe_load((ROOT / "metadata.yml").read_text())
    described = meta["databases"]["billwatch"]["tables"]
    db = open_db(tmp_path / "t.db")
    missing = []
    for table in db.table_names():
        if table.startswith("_") or "_fts" in table:
            continue
        if table not in described or not described[table].get("description"):
            missing.append(table)
            continue
        cols = described[table].get("columns", {})
        missing += [f"{table}.{c.name}" for c in db[table].columns if not cols.get(c.name)]
    assert missing == [], f"undescribed in metadata.yml: {missing}"


def test_closed_vocabularies_are_documented():
    from cga.vocab import CHANGE_KINDS, DOCUMENT_KINDS, VERSION_KINDS

    tables = yaml.safe_load((ROOT / "metadata.yml").read_text())["databases"]["billwatch"]["tables"]
    readme = (ROOT / "README.md").read_text()
    for table, vocabulary in (
        ("documents", DOCUMENT_KINDS),
        ("versions", VERSION_KINDS),
        ("changes", CHANGE_KINDS),
    ):
        described = tables[table]["columns"]["kind"]
        assert all(word in described for word in vocabulary), (table, described)
        assert all(f"`{word}`" in readme for word in vocabulary), table
