"""``billwatch diff BILL [--from LABEL --to LABEL]``: a redline in the terminal."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import click

from cga.redline import diff_versions, render_terminal
from pipelines.diffs import ChainVersion, chain
from spiders import cga


def _versions(conn: sqlite3.Connection, bill_id: str) -> list[ChainVersion]:
    rows = conn.execute(
        "select id, seq, label, kind, url, revision, file_number, text from versions "
        "where bill_id = ? order by seq",
        [bill_id],
    ).fetchall()
    return [ChainVersion(*r) for r in rows]


def pick(versions: list[ChainVersion], wanted: str) -> ChainVersion:
    """A version by label (case-insensitive; the latest of that label), id, or ``vN``."""
    w = wanted.strip().lower()
    for v in reversed(versions):
        if w in (v.label.lower(), v.id.lower(), f"v{v.seq}"):
            return v
    labels = ", ".join(sorted({f"{v.label!r} (v{v.seq})" for v in versions}))
    raise click.BadParameter(f"no version {wanted!r}; stored versions: {labels}")


@click.command("diff")
@click.argument("bill")
@click.option("--from", "from_label", help="Earlier version: its label, id or vN.")
@click.option("--to", "to_label", help="Later version (default: the latest bill text).")
@click.option(
    "--db",
    "db_path",
    default="data/billwatch.db",
    envvar="BILLWATCH_DB",
    show_default=True,
    type=click.Path(dir_okay=False),
)
@click.option("--color/--no-color", default=None, help="Default: color on a terminal.")
def diff(bill: str, from_label: str | None, to_label: str | None, db_path: str, color):
    """Print a word-by-word redline of two stored versions of BILL (e.g. 2015-HB-7017).

    Without --from/--to: the latest bill text against the one before it.  Any two
    stored versions can be compared, amendments included.
    """
    try:
        bill_id = str(cga.split_bill_id(bill))
    except cga.BadBillId as exc:
        raise click.BadParameter(str(exc), param_hint="BILL") from None
    if not Path(db_path).exists():
        raise click.BadParameter(f"no database at {db_path}", param_hint="--db")
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        versions = _versions(conn, bill_id)
    finally:
        conn.close()
    if not versions:
        raise click.ClickException(f"no versions of {bill_id} are stored in {db_path}")
    texts = chain(versions)
    new = pick(versions, to_label) if to_label else (texts or versions)[-1]
    if from_label:
        old = pick(versions, from_label)
    else:
        ordered = texts if new in texts else versions
        at = ordered.index(new)
        if at == 0:
            raise click.ClickException(f"{new.label} is the first text of {bill_id}: use --from")
        old = ordered[at - 1]
    result = diff_versions(old.text, new.text)
    use_color = sys.stdout.isatty() if color is None else color
    click.echo(f"{bill_id}: {old.label} (v{old.seq}) → {new.label} (v{new.seq})")
    click.echo(f"+{result.words_added} / -{result.words_removed} words. {result.summary}")
    click.echo("")
    click.echo(render_terminal(result, color=use_color))
