"""Table pages: the header and cells written in Python (publish/table_cells.py) are the
bytes Datasette's own template writes, on every kind of table page."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import datasette
import pytest
from jinja2 import FileSystemLoader
from publish_fixture import build_db, get

from billwatch.serve import make_datasette

TEMPLATES = Path(__file__).resolve().parents[1] / "publish" / "templates"
DATASETTE_TABLE = Path(datasette.__file__).parent / "templates" / "_table.html"
THEAD = re.compile(r"( *){% for column in display_columns %}.*?{% endfor %}\n", re.S)
CELLS = re.compile(r"( *){% for cell in row %}.*?{% endfor %}\n", re.S)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = build_db(tmp_path_factory.mktemp("cells") / "c.db")
    conn = sqlite3.connect(path)
    # A title that needs escaping and a character XML forbids, in a cell and a column value.
    conn.execute(
        "update bills set title = ? where id = '2015-SB-1'",
        ['AN ACT <b>"CONCERNING"</b> & \x0b SCHOOLS'],
    )
    conn.commit()
    conn.close()
    return path


def _reference_templates(tmp: Path) -> Path:
    """The project's templates with Datasette's own loops: its _table.html as it ships, and
    the bills table's template with the loops it was written with."""
    ref = tmp / "templates"
    shutil.copytree(TEMPLATES, ref)
    (ref / "_table.html").unlink()
    original = DATASETTE_TABLE.read_text()
    thead = THEAD.search(original)
    cells = CELLS.search(original)
    assert thead and cells
    bills = ref / "_table-billwatch-bills.html"
    text = bills.read_text()
    text = text.replace("                {{ bw_header_cells(display_columns) }}\n", thead.group(0))
    rest = cells.group(0).replace("for cell in row ", "for cell in row.cells[1:] ")
    text = text.replace("                {{ bw_row_cells(row.cells[1:]) }}\n", rest)
    assert "bw_header_cells(" not in text and "bw_row_cells(" not in text
    bills.write_text(text)
    return ref


@pytest.fixture(scope="module")
def apps(db_path, tmp_path_factory):
    ours = make_datasette(db_path, precomputed=False)
    reference = make_datasette(db_path, precomputed=False)
    ref_dir = _reference_templates(tmp_path_factory.mktemp("ref"))
    for loader in reference.jinja_env.loader.loaders:
        if isinstance(loader, FileSystemLoader) and str(TEMPLATES) in loader.searchpath:
            loader.searchpath = [
                str(ref_dir) if p == str(TEMPLATES) else p for p in loader.searchpath
            ]
            break
    else:
        pytest.fail("the project's templates are not on Datasette's template path")
    reference.jinja_env.cache = {}
    return ours, reference


TIMING = re.compile(rb"Queries took [0-9.]+ms")

PAGES = [
    "/billwatch/bills",
    "/billwatch/bills?_search=privacy",
    "/billwatch/bills?_sort=title",
    "/billwatch/bills?_sort_desc=number",
    "/billwatch/bills/2015-SB-1",
    "/billwatch/versions",
    "/billwatch/versions?_search=student",
    "/billwatch/changes?_sort=kind",
    "/billwatch/actions?bill_id=2015-HB-7017",
    "/billwatch/testimony",
    "/billwatch/committees",
    "/billwatch/feed_entries",
]


@pytest.mark.parametrize("path", PAGES)
def test_a_table_page_is_the_bytes_datasettes_template_writes(apps, path):
    ours, reference = apps
    got, want = get(ours, path), get(reference, path)
    assert got.status_code == want.status_code == 200
    assert b"<td class=" in want.content or b"zero-results" in want.content
    assert TIMING.sub(b"", got.content) == TIMING.sub(b"", want.content)


def test_cells_are_escaped_and_publishable(apps):
    page = get(apps[0], "/billwatch/bills/2015-SB-1").text
    assert "AN ACT &lt;b&gt;&#34;CONCERNING&#34;&lt;/b&gt; &amp; \ufffd SCHOOLS" in page
    assert "<b>" not in page.split("<tbody>")[1]
