"""Commands that fit together (issue 12): the default databases, contradictory flags, a site
that does not answer, sample and real data kept apart, and ``diff``'s defaults."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from publish_fixture import build_db

from billwatch.cli import main
from billwatch.paths import DEFAULT_DB, SAMPLE_DB, database_to_read
from pipelines.schema import open_db

ROOT = Path(__file__).resolve().parent.parent


def test_reading_commands_fall_back_to_the_demos_database_and_say_so(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert database_to_read(None, "diff") == DEFAULT_DB  # neither exists: the real one
    (tmp_path / "data").mkdir()
    (tmp_path / SAMPLE_DB).write_bytes(b"")
    assert database_to_read(None, "diff") == SAMPLE_DB
    assert "sample data" in capsys.readouterr().err
    (tmp_path / DEFAULT_DB).write_bytes(b"")
    assert database_to_read(None, "diff") == DEFAULT_DB  # real data, once there is some
    assert database_to_read("other.db", "diff") == "other.db"
    assert capsys.readouterr().err == ""


def test_bills_with_all_is_bad_usage():
    result = CliRunner().invoke(main, ["update", "--bills", "2015-HB-7017", "--all"])
    assert result.exit_code == 2
    assert "--bills and --all" in result.output


def test_sample_and_real_data_never_mix_in_one_file(tmp_path):
    sample = build_db(tmp_path / "sample.db", sample=True)
    real = build_db(tmp_path / "real.db", sample=False)
    runner = CliRunner()
    result = runner.invoke(main, ["update", "--db", str(sample), "--session", "2015"])
    assert result.exit_code == 2 and "holds sample data" in result.output
    result = runner.invoke(
        main, ["update", "--db", str(real), "--base-url", "http://127.0.0.1:9", "--session", "2015"]
    )
    assert result.exit_code == 2 and "holds real data" in result.output


def test_a_site_that_refuses_connections_is_one_line_naming_the_host(tmp_path):
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "billwatch",
            "update",
            "--base-url",
            f"http://127.0.0.1:{port}",
            "--db",
            str(tmp_path / "r.db"),
            "--session",
            "2015",
            "--bills",
            "2015-HB-7017",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    output = (proc.stdout + proc.stderr).strip()
    assert proc.returncode == 1
    assert "Traceback" not in output
    assert len(output.splitlines()) <= 3, output
    assert f"could not reach 127.0.0.1:{port}: connection refused; nothing was fetched" in output
    assert "www.cga.ct.gov" not in output


@pytest.fixture
def texts_db(tmp_path) -> Path:
    """2015-HB-7017 with a raised bill, a substitute that changes it, and a file copy that
    repeats the substitute word for word."""
    path = tmp_path / "d.db"
    db = open_db(path)
    db["bills"].insert(
        {
            "id": "2015-HB-7017",
            "session": 2015,
            "chamber": "house",
            "type": "HB",
            "number": 7017,
            "status_url": "x",
            "source_url": "x",
            "fetched_at": "t",
            "first_seen_at": "t",
        }
    )
    texts = [
        ("text", "Raised Bill", "R00", None, "Sec. 1. A board shall share student data."),
        (
            "text",
            "ED Joint Favorable Substitute",
            "R01",
            None,
            "Sec. 1. A board shall protect student data.",
        ),
        ("file_copy", "File No. 394", "R01", 394, "Sec. 1. A board shall protect student data."),
    ]
    for seq, (kind, label, rev, number, text) in enumerate(texts, start=1):
        db["versions"].insert(
            {
                "id": f"2015-HB-7017:v{seq}",
                "bill_id": "2015-HB-7017",
                "seq": seq,
                "label": label,
                "kind": kind,
                "url": f"https://www.cga.ct.gov/v{seq}.htm",
                "revision": rev,
                "file_number": number,
                "format": "htm",
                "text": text,
                "sha256": f"s{seq}",
                "body_sha256": f"b{seq}",
                "source_url": "x",
                "fetched_at": "t",
            }
        )
    db.conn.commit()
    db.close()
    return path


def test_diff_shows_the_latest_change_of_wording_with_markers_when_piped(texts_db):
    result = CliRunner().invoke(main, ["diff", "2015-HB-7017", "--db", str(texts_db)])
    assert result.exit_code == 0, result.output
    first, second = result.output.splitlines()[:2]
    assert first == "2015-HB-7017: Raised Bill (v1) → ED Joint Favorable Substitute (v2)"
    assert "File No. 394 (v3) repeats it word for word" in second
    assert "[-share-] {+protect+}" in result.output  # not a terminal: git's markers
    forced = CliRunner().invoke(main, ["diff", "2015-HB-7017", "--db", str(texts_db), "--color"])
    assert "\x1b[32mprotect\x1b[0m" in forced.output  # --color is kept even when piped
    explicit = CliRunner().invoke(
        main, ["diff", "2015-HB-7017", "--db", str(texts_db), "--to", "File No. 394"]
    )
    assert "→ File No. 394 (v3)" in explicit.output and "no textual change" in explicit.output


def test_diff_without_a_database_says_how_to_get_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BILLWATCH_DB", raising=False)
    result = CliRunner().invoke(main, ["diff", "2015-HB-7017"])
    assert result.exit_code == 2
    assert "no database at data/billwatch.db" in result.output
    assert "billwatch demo" in result.output
