"""``billwatch related BILL``: the earlier and later bills lineage linked to a bill."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import click

import cga

from .paths import DEFAULT_DB

LABELS = {
    "amends_act": "amends the public act it became",
    "amended_by": "amends the public act this bill became",
    "companion": "companion bill (other chamber, near-identical text)",
    "similar_text": "shares text",
    "same_sections": "amends the same statute sections",
}


@click.command("related")
@click.argument("bill")
@click.option(
    "--db",
    "db_path",
    default=DEFAULT_DB,
    envvar="BILLWATCH_DB",
    show_default=True,
    type=click.Path(dir_okay=False),
)
@click.option("--json", "as_json", is_flag=True, help="Print the links as JSON.")
def related(bill: str, db_path: str, as_json: bool) -> None:
    """Print the bills linked to BILL (e.g. 2016-HB-5469): how, and on what evidence."""
    try:
        bill_id = str(cga.split_bill_id(bill))
    except cga.BadBillId as exc:
        raise click.BadParameter(str(exc), param_hint="BILL") from None
    if not Path(db_path).exists():
        raise click.BadParameter(f"no database at {db_path}", param_hint="--db")
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        if conn.execute("select 1 from bills where id = ?", [bill_id]).fetchone() is None:
            raise click.ClickException(f"no bill {bill_id} is stored in {db_path}")
        rows = conn.execute(
            "select r.related_id, b.session, b.title, r.relation, r.score, r.evidence "
            "from related_bills r left join bills b on b.id = r.related_id "
            "where r.bill_id = ? order by b.session, r.related_id, r.relation",
            [bill_id],
        ).fetchall()
        skipped = conn.execute(
            "select skipped from lineage where bill_id = ?", [bill_id]
        ).fetchone()
    except sqlite3.OperationalError as exc:
        raise click.ClickException(f"{db_path} has no lineage yet ({exc}): run update") from None
    finally:
        conn.close()
    links = [
        {
            "related_id": r[0],
            "session": r[1],
            "title": r[2],
            "relation": r[3],
            "score": r[4],
            "evidence": json.loads(r[5] or "{}"),
        }
        for r in rows
    ]
    if as_json:
        click.echo(json.dumps({"bill_id": bill_id, "related": links}, indent=2, ensure_ascii=False))
        return
    if skipped and skipped[0]:
        click.echo(f"note: {bill_id}'s text is not compared with others: {skipped[0]}")
    if not links:
        click.echo(f"{bill_id}: no earlier or later bill linked.")
        return
    click.echo(f"{bill_id}: {len({lk['related_id'] for lk in links})} linked bill(s)")
    last = None
    for lk in links:
        if lk["related_id"] != last:
            click.echo(f"\n  {lk['related_id']} ({lk['session']}) {lk['title'] or ''}".rstrip())
            last = lk["related_id"]
        evidence = lk["evidence"]
        line = f"    - {LABELS.get(lk['relation'], lk['relation'])} ({round(100 * lk['score'])}%)"
        if evidence.get("public_act"):
            line += f", Public Act {evidence['public_act']}"
        if evidence.get("sections"):
            line += ", sections " + ", ".join(evidence["sections"])
        click.echo(line)
        for passage in evidence.get("passages") or []:
            click.echo(f"        \u201c{passage['text']}\u201d ({passage['words']} words)")
