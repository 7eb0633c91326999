"""cga/redline/: small modules, importing none of the outer layers (crawler, store, site)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cga.redline

PACKAGE = Path(cga.redline.__file__).parent
FORBIDDEN = ("scrapy", "twisted", "sqlite3", "sqlite_utils", "datasette")
FORBIDDEN += ("spiders", "pipelines", "publish", "billwatch")


def test_no_module_over_600_lines() -> None:
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.glob("*.py")}
    assert len(sizes) >= 8
    assert {name: n for name, n in sizes.items() if n > 600} == {}


def test_imports_none_of_the_outer_layers() -> None:
    code = (
        "import sys, cga.redline\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_public_api() -> None:
    assert sorted(cga.redline.__all__) == [
        "DELETED",
        "Diff",
        "Hunk",
        "INSERTED",
        "KEPT",
        "Token",
        "clean_paragraphs",
        "diff_versions",
        "normalize_for_diff",
        "render_terminal",
    ]
    assert not hasattr(cga.redline, "_FAST_PATH")
