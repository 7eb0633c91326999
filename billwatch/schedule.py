"""``billwatch schedule``: ready-to-use cron and systemd-timer entries for unattended runs:
``update``, then ``notify`` (which delivers what the update stored)."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

import cga

from .paths import DB_ENV, DEFAULT_DB, ROOT, in_checkout
from .summary import mixing_refusal


def entries(billwatch: str, workdir: str, db: str, every_hours: int, user: str) -> str:
    cmd = f"{shlex.quote(billwatch)} update --db {shlex.quote(db)}"
    notify = f"{shlex.quote(billwatch)} notify --db {shlex.quote(db)}"
    log = shlex.quote(str(Path(workdir) / "data" / "update.log"))
    return f"""\
# --- cron (crontab -e): every {every_hours} h at minute 17, update then notify (notify runs
# whatever update's exit status: what it stored is delivered); exit 1 of either mails once
# per new failure
MAILTO=you@example.org
17 */{every_hours} * * * cd {shlex.quote(workdir)} && {{ {cmd} >> {log} 2>&1; u=$?; \
{notify} >> {log} 2>&1 && [ $u = 0 ]; }} || tail -n 40 {log}

# --- systemd: /etc/systemd/system/billwatch-update.service
[Unit]
Description=billwatch: crawl the Connecticut General Assembly site
After=network-online.target
Wants=network-online.target billwatch-notify.service

[Service]
Type=oneshot
User={user}
WorkingDirectory={workdir}
ExecStart={cmd}
# Exit 1 means "a URL failed for the first time": let OnFailure= alert you.
Nice=10

# --- systemd: /etc/systemd/system/billwatch-update.timer
[Unit]
Description=Run billwatch update every {every_hours} hours

[Timer]
OnCalendar=*-*-* 00/{every_hours}:17:00
RandomizedDelaySec=10min
Persistent=true

[Install]
WantedBy=timers.target

# --- systemd: /etc/systemd/system/billwatch-notify.service
# Started with each update (its Wants=) and after it, whatever update's exit status.
[Unit]
Description=billwatch: deliver new changes to the subscriptions (data/subscriptions.yml)
After=billwatch-update.service network-online.target

[Service]
Type=oneshot
User={user}
WorkingDirectory={workdir}
ExecStart={notify}
# Secrets for the subscriptions' {{NAME}} placeholders (mode 0600, never in the repository):
EnvironmentFile=-/etc/billwatch/notify.env
# Exit 1 means "a delivery failed for the first time": let OnFailure= alert you.

# Enable with: systemctl daemon-reload && systemctl enable --now billwatch-update.timer
# The site keeps serving while update writes (WAL mode): run `billwatch serve` as its own
# service with the same --db.
"""


@click.command("schedule")
@click.option(
    "--db",
    "db_path",
    default=DEFAULT_DB,
    envvar=DB_ENV,
    show_default=True,
    help="The database the scheduled runs update (real data: never the demo's).",
)
@click.option(
    "--every",
    "every_hours",
    default=3,
    show_default=True,
    type=click.IntRange(1, 24),
    help="Hours between runs.",
)
@click.option("--user", default="billwatch", show_default=True, help="systemd User=.")
def schedule(db_path: str, every_hours: int, user: str) -> None:
    """Print cron and systemd-timer entries that run `billwatch update`, then `billwatch
    notify`, unattended."""
    billwatch = str(Path(sys.executable).with_name("billwatch"))
    db = str(in_checkout(db_path))
    refusal = mixing_refusal(db, cga.CANONICAL_ORIGIN)
    if refusal:  # the scheduled update would refuse it (exit 2): say so now
        raise click.UsageError(refusal)
    click.echo(entries(billwatch, str(ROOT), db, every_hours, user), nl=False)
