"""``billwatch diff BILL [--from LABEL --to LABEL]``: a redline in the terminal.

In colour on a terminal; piped (or ``--no-color``), with git's ``[-removed-]{+added+}``
markers, so the redline survives a pipe, a file or an e-mail.  Without ``--from``/``--to``
it shows the latest pair of the bill's texts whose wording changed (a file copy usually
repeats its substitute word for word).
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import click

import cga
from cga.documents import ChainVersion, chain
from cga.redline import Diff, diff_versions, render_terminal

from .paths import database_to_read, db_option, missing_database


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


def latest_change(
    texts: list[ChainVersion],
) -> tuple[ChainVersion, ChainVersion, Diff, list[ChainVersion]]:
    """(old, new, diff, later texts that repeat ``new`` word for word) for the latest pair of
    consecutive texts whose wording differs; the latest pair when none does."""
    repeats: list[ChainVersion] = []
    fallback = None
    for at in range(len(texts) - 1, 0, -1):
        old, new = texts[at - 1], texts[at]
        result = diff_versions(old.text, new.text)
        if result.changed:
            return old, new, result, repeats
        fallback = fallback or (old, new, result)
        repeats.insert(0, new)
    assert fallback is not None
    return (*fallback, [])


def _pair(
    versions: list[ChainVersion], from_label: str | None, to_label: str | None, bill_id: str
) -> tuple[ChainVersion, ChainVersion, Diff, list[ChainVersion]]:
    texts = chain(versions)
    if not from_label and not to_label and len(texts) >= 2:
        return latest_change(texts)
    new = pick(versions, to_label) if to_label else (texts or versions)[-1]
    if from_label:
        old = pick(versions, from_label)
    else:
        ordered = texts if new in texts else versions
        at = ordered.index(new)
        if at == 0:
            raise click.ClickException(f"{new.label} is the first text of {bill_id}: use --from")
        old = ordered[at - 1]
    return old, new, diff_versions(old.text, new.text), []


@click.command("diff")
@click.argument("bill")
@click.option("--from", "from_label", help="Earlier version: its label, id or vN.")
@click.option(
    "--to", "to_label", help="Later version (default: the latest text whose wording changed)."
)
@db_option()
@click.option("--color/--no-color", default=None, help="Default: color on a terminal.")
def diff(bill: str, from_label: str | None, to_label: str | None, db_path: str | None, color):
    """Print a word-by-word redline of two stored versions of BILL (e.g. 2015-HB-7017).

    Without --from/--to: the latest of the bill's texts whose wording changed, against the
    one before it.  Any two stored versions can be compared, amendments included.  On a
    terminal the redline is in colour; piped, deletions read [-like this-] and insertions
    {+like this+}.
    """
    try:
        bill_id = str(cga.split_bill_id(bill))
    except cga.BadBillId as exc:
        raise click.BadParameter(str(exc), param_hint="BILL") from None
    path = database_to_read(db_path, "diff")
    if not Path(path).exists():
        raise click.BadParameter(missing_database(path), param_hint="--db")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        versions = _versions(conn, bill_id)
    finally:
        conn.close()
    if not versions:
        raise click.ClickException(f"no versions of {bill_id} are stored in {path}")
    old, new, result, repeats = _pair(versions, from_label, to_label, bill_id)
    use_color = sys.stdout.isatty() if color is None else color
    click.echo(f"{bill_id}: {old.label} (v{old.seq}) → {new.label} (v{new.seq})")
    if repeats:
        later = ", ".join(f"{v.label} (v{v.seq})" for v in repeats)
        click.echo(f"(the latest change of wording: {later} repeats it word for word)")
    click.echo(f"+{result.words_added} / -{result.words_removed} words. {result.summary}")
    click.echo("")
    # color=: click strips ANSI codes from output that is not a terminal unless told not to.
    click.echo(render_terminal(result, color=use_color), color=use_color)
