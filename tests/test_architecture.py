"""The arrows of the house, held by an ``ast`` walk over every module.

Data flows one way: site → ``spiders/`` → ``pipelines/`` → SQLite → ``publish/``, and every
layer shares the domain core ``cga/``.  So: spiders, pipelines and publish may import the
core; pipelines never import spiders; publish never imports spiders or pipelines; the core
imports none of them, nor the libraries that fetch pages, store rows or serve them.  The CLI
(``billwatch/``) may use everything.  Imports inside functions count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("cga", "spiders", "pipelines", "publish", "billwatch")
# layer -> top-level packages it must never import
FORBIDDEN: dict[str, frozenset[str]] = {
    "cga": frozenset(
        {"spiders", "pipelines", "publish", "billwatch"}
        | {"scrapy", "twisted", "sqlite3", "sqlite_utils", "datasette"}
    ),
    "spiders": frozenset({"pipelines", "publish", "billwatch"}),
    "pipelines": frozenset({"spiders", "publish", "billwatch"}),
    "publish": frozenset({"spiders", "pipelines", "billwatch"}),
    "billwatch": frozenset(),
}


def imported(tree: ast.AST, package: str) -> list[tuple[int, str]]:
    """(line, top-level module) of every import in ``tree``, relative ones resolved
    against ``package`` (the dotted package of the module)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # from . import x / from ..x import y: inside our own tree
                parts = package.split(".")
                base = parts[: len(parts) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                found.append((node.lineno, target.split(".")[0]))
            elif node.module:
                found.append((node.lineno, node.module.split(".")[0]))
    return found


def violations(root: Path, layers: tuple[str, ...] = LAYERS) -> list[str]:
    out = []
    for layer in layers:
        for path in sorted((root / layer).rglob("*.py")):
            rel = path.relative_to(root)
            package = ".".join(rel.parent.parts)
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for line, module in imported(tree, package):
                if module in FORBIDDEN[layer]:
                    out.append(f"{rel}:{line}: {layer} imports {module}")
    return out


def test_every_layer_keeps_its_arrows():
    assert violations(ROOT) == []


def test_every_layer_exists():
    for layer in LAYERS:
        assert (ROOT / layer / "__init__.py").is_file(), layer


@pytest.mark.parametrize(
    ("layer", "source", "culprit"),
    [
        ("pipelines", "def f():\n    from spiders.bills_spider import BillsSpider\n", "spiders"),
        ("publish", "import pipelines.schema\n", "pipelines"),
        ("publish", "from spiders import status_page\n", "spiders"),
        ("cga", "def g():\n    import sqlite3\n", "sqlite3"),
        ("cga", "from scrapy import Request\n", "scrapy"),
        ("cga", "from ..pipelines import store\n", "pipelines"),
        ("spiders", "from publish.site import bill_url\n", "publish"),
    ],
)
def test_a_planted_violation_is_caught(tmp_path: Path, layer: str, source: str, culprit: str):
    for name in LAYERS:
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("")
    (tmp_path / layer / "planted.py").write_text(source)
    found = violations(tmp_path)
    assert len(found) == 1
    assert found[0].startswith(f"{layer}/planted.py:") and found[0].endswith(f"imports {culprit}")


def test_allowed_arrows_pass(tmp_path: Path):
    for name in LAYERS:
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("")
    (tmp_path / "pipelines" / "ok.py").write_text("import cga\nfrom cga.ids import BillId\n")
    (tmp_path / "publish" / "ok.py").write_text("from . import site\nfrom cga import vocab\n")
    (tmp_path / "billwatch" / "ok.py").write_text("import spiders, pipelines, publish\n")
    assert violations(tmp_path) == []
