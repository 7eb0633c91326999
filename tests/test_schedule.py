"""`billwatch schedule` prints entries a sysadmin can paste."""

from click.testing import CliRunner

from billwatch.cli import main


def test_schedule_prints_cron_and_systemd_entries():
    out = CliRunner().invoke(main, ["schedule", "--every", "4", "--db", "/srv/bw.db"]).output
    cron = [line for line in out.splitlines() if line.startswith("17 */4 ")]
    assert len(cron) == 1 and "update --db /srv/bw.db" in cron[0]
    assert "OnCalendar=*-*-* 00/4:17:00" in out
    assert "ExecStart=" in out and "billwatch update --db /srv/bw.db" in out


def test_schedule_refuses_a_bad_interval():
    result = CliRunner().invoke(main, ["schedule", "--every", "0"])
    assert result.exit_code == 2


def test_schedule_runs_notify_after_update():
    out = CliRunner().invoke(main, ["schedule", "--db", "/srv/bw.db"]).output
    (cron,) = [line for line in out.splitlines() if line.startswith("17 ")]
    assert cron.index("update --db /srv/bw.db") < cron.index("notify --db /srv/bw.db")
    assert "ExecStart=" in out and "billwatch notify --db /srv/bw.db" in out
    assert "Wants=network-online.target billwatch-notify.service" in out
    assert "After=billwatch-update.service" in out
