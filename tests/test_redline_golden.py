"""The redline's whole output, byte for byte, against what the engine gave when it was recorded.

Each case holds its two input texts and the complete :class:`Diff` (counts, hunks, summary,
HTML redline, unified diff, paragraphs) with ``render_terminal`` plain, in colour and with
``context=1``.  A refactoring or an optimisation of the engine must leave every byte alone.

- ``tests/pages/redline/golden.json``: the recorded bills, readable: SB 949 raised against
  its substitute (and back), and SB 946's raised bill against its file copy
  (tests/pages/billtext, extracted by ``spiders.billtext.extract_html`` when recorded).
- ``tests/pages/redline/golden-cases.json.xz``: every pair that tests/test_redline.py and
  tests/test_diffs_pipeline.py diffed when recorded (edits scattered at random, rewraps,
  furniture, empty versions, a 6,000-word rewrite, a 20,000-word paragraph, ...), and budget
  bills of 0.05-0.2 MB from benchmarks/bench_diff.py's generator (fixed seeds).  The test
  pairs were recorded by wrapping ``diff_versions`` while those two test files ran.

The inputs are stored with the outputs, so neither the extractor nor the generator can move
them.  Each case is also diffed with the fast path off: the word path must give the same
output (or, where a case records one, its own ``word_path`` output).

After a deliberate change of output, rewrite the expected outputs from the stored inputs
with ``.venv/bin/python tests/test_redline_golden.py --regenerate`` and review the diff.
"""

from __future__ import annotations

import json
import lzma
import sys
from pathlib import Path
from typing import Any

import pytest

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cga.redline import Diff, diff_versions, render_terminal

PAGES = Path(__file__).parent / "pages" / "redline"
GOLDEN = PAGES / "golden.json"
GOLDEN_CASES = PAGES / "golden-cases.json.xz"


def load(path: Path) -> dict[str, Any]:
    raw = lzma.decompress(path.read_bytes()) if path.suffix == ".xz" else path.read_bytes()
    return json.loads(raw)


def dump(path: Path, golden: dict[str, Any]) -> None:
    text = json.dumps(golden, ensure_ascii=False, indent=1) + "\n"
    if path.suffix == ".xz":
        path.write_bytes(lzma.compress(text.encode(), preset=9 | lzma.PRESET_EXTREME))
    else:
        path.write_text(text, encoding="utf-8")


def snapshot(d: Diff) -> dict[str, Any]:
    """Everything a Diff carries, and its terminal renderings, as JSON-ready data."""
    return {
        "words_added": d.words_added,
        "words_removed": d.words_removed,
        "hunks": [list(h) for h in d.hunks],
        "summary": d.summary,
        "redline_html": d.redline_html,
        "unified": d.unified,
        "paragraphs": [[list(segment) for segment in para] for para in d.paragraphs],
        "terminal": render_terminal(d),
        "terminal_color": render_terminal(d, color=True),
        "terminal_context": render_terminal(d, context=1),
    }


def run(case: dict[str, Any], *, fast: bool = True) -> dict[str, Any]:
    labels = {"old_label": case["old_label"], "new_label": case["new_label"]}
    return snapshot(diff_versions(case["old"], case["new"], **labels, fast=fast))


def _cases() -> list[dict[str, Any]]:
    return [*load(GOLDEN)["cases"], *load(GOLDEN_CASES)["cases"]]


CASES = _cases()


def assert_same(got: dict[str, Any], expected: dict[str, Any]) -> None:
    """Field by field, so a failure names what moved."""
    assert got.keys() == expected.keys()
    for field, want in expected.items():
        have = got[field]
        if field in ("hunks", "paragraphs") and have != want:
            n = next((k for k, (x, y) in enumerate(zip(have, want, strict=False)) if x != y), None)
            n = min(len(have), len(want)) if n is None else n
            pytest.fail(
                f"{field} differ first at {n} (got {len(have)}, expected {len(want)}): "
                f"{have[n] if n < len(have) else None!r} != {want[n] if n < len(want) else None!r}"
            )
        if have != want:
            n = next((k for k, (x, y) in enumerate(zip(have, want, strict=False)) if x != y), 0)
            pytest.fail(f"{field} differs at {n}: {have[n : n + 80]!r} != {want[n : n + 80]!r}")


def test_golden_cases_cover_the_corpus() -> None:
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names))
    assert len(CASES) >= 100
    assert {"SB-949 raised -> substitute", "SB-946 R00 -> file copy 394"} <= set(names)
    assert sum(name.startswith("generated") for name in names) >= 3


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_output_is_byte_identical(case: dict[str, Any]) -> None:
    assert_same(run(case), case["expected"])


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_word_path_output_is_byte_identical(case: dict[str, Any]) -> None:
    assert_same(run(case, fast=False), case.get("word_path", case["expected"]))


def regenerate() -> None:
    """Recompute every expected output from the stored inputs (after a deliberate change)."""
    for path in (GOLDEN, GOLDEN_CASES):
        golden = load(path)
        for case in golden["cases"]:
            case["expected"] = run(case)
            slow = run(case, fast=False)
            case.pop("word_path", None)
            if slow != case["expected"]:
                case["word_path"] = slow
        dump(path, golden)
        print(f"{path}: {len(golden['cases'])} cases")


if __name__ == "__main__":
    if sys.argv[1:] != ["--regenerate"]:
        sys.exit(f"usage: {sys.argv[0]} --regenerate")
    regenerate()
