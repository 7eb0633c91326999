"""``billwatch notify`` against a real local SMTP server (aiosmtpd) and a local HTTP receiver:
each new change reaches each matching subscription once; digests group and cap; webhook
signatures verify; failures are retried with backoff, alert once, and lose nothing; a run
killed with SIGKILL mid-delivery and rerun loses nothing and repeats only with the same
delivery id; a dry run sends and records nothing; no secret reaches the database, the
output or the logs; one notify at a time.

The database is the small hostile one of the publish tests (``publish_fixture``); a test
"crawls" by appending changes to the log, as ``update`` does.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from notify_fixture import HOOK_SECRET, SMTP_PASSWORD, SMTP_USER, http_receiver, smtp_server
from publish_fixture import SITE, build_db

from billwatch.cli import main
from billwatch.lock import exclusive
from billwatch.notify import rules
from pipelines.changes import change_id

ROOT = Path(__file__).resolve().parent.parent
WATCHLIST = """\
topics:
  student-privacy:
    keywords: [student data]
  school-safety:
    keywords: [school safety]
"""
START = "2015-03-20T12:00:00Z"  # after everything in publish_fixture
LATER = "2015-03-21T12:00:00Z"
ENV = {
    "SMTP_USER": SMTP_USER,
    "SMTP_PASSWORD": SMTP_PASSWORD,
    "BILLWATCH_HOOK_SECRET": HOOK_SECRET,
}


@pytest.fixture(scope="module")
def smtp():
    with smtp_server() as server:
        yield server


@pytest.fixture(scope="module")
def rx():
    with http_receiver() as receiver:
        yield receiver


class World:
    def __init__(self, tmp: Path, smtp, rx):
        self.dir = tmp
        self.db = build_db(tmp / "bw.db")
        self.watchlist = tmp / "watchlist.yml"
        self.watchlist.write_text(WATCHLIST)
        self.subs = tmp / "subscriptions.yml"
        self.box, self.smtp_port = smtp
        self.rx = rx
        self.added = 0

    def mail(self, to: str = "list@example.org", **extra: str) -> str:
        query = "&".join(f"{k}={v}" for k, v in {"to": to, **extra}.items())
        return (
            f'"mailto://{{SMTP_USER}}:{{SMTP_PASSWORD}}@127.0.0.1:{self.smtp_port}'
            f'?{query}&from=billwatch@example.org"'
        )

    def write(self, text: str) -> None:
        self.subs.write_text("subscriptions:\n" + text)

    def notify(self, now: str, *args: str, env: dict | None = None):
        argv = ["notify", "--db", str(self.db), "--subscriptions", str(self.subs)]
        argv += ["--watchlist", str(self.watchlist), "--retry-wait", "0", "--timeout", "5"]
        result = CliRunner().invoke(
            main, [*argv, *args], env={**ENV, "BILLWATCH_NOW": now, **(env or {})}
        )
        assert result.exit_code in (0, 1), (result.exit_code, result.output, result.exception)
        return result

    def add(
        self,
        bill: str,
        kind: str,
        summary: str,
        baseline: int = 0,
        ref: str | None = None,
        at: str = "2015-03-21T10:00:00Z",
    ) -> str:
        """A change appended to the log, as a crawl would."""
        self.added += 1
        key = f"{kind}|{bill}|n{self.added}"
        cid = change_id(key)
        conn = sqlite3.connect(self.db)
        with conn:
            conn.execute(
                "insert into changes (id, bill_id, session, kind, key, detected_at, summary,"
                " url, baseline, ref) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    cid,
                    bill,
                    int(bill[:4]),
                    kind,
                    key,
                    at,
                    f"{bill}: {summary}",
                    f"{SITE}/doc/{bill}/{self.added}",
                    baseline,
                    ref,
                ],
            )
        conn.close()
        return cid

    def ledger(self) -> list[dict]:
        conn = sqlite3.connect(self.db)
        conn.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in conn.execute("select * from deliveries order by rowid")]
        finally:
            conn.close()

    def to(self, address: str) -> list:
        return [m for m in self.box.messages if m["To"] == address]


@pytest.fixture
def world(tmp_path, smtp, rx) -> World:
    return World(tmp_path, smtp, rx)


def hook(world: World, sub_id: str, path: str, extra: str = "") -> str:
    return (
        f"  - id: {sub_id}\n    webhook: {world.rx.url(path)}\n"
        f"    secret_env: BILLWATCH_HOOK_SECRET\n{extra}"
    )


# ------------------------------------------------------------------------- delivery


def test_each_new_change_reaches_each_matching_subscription_once(world):
    world.write(
        f"  - id: privacy-mail\n    notify: {world.mail('privacy@example.org')}\n"
        "    topics: [student-privacy]\n"
        + hook(world, "safety-hook", "/each/safety", "    topics: [school-safety]\n")
        + f"  - id: sb1-chat\n    notify: json://127.0.0.1:{world.rx.port}/each/chat\n"
        "    bills: [2015-SB-1]\n"
        f"  - id: stages\n    notify: {world.mail('stages@example.org')}\n"
        "    kinds: [stage]\n"
        f"  - id: crypto\n    notify: {world.mail('crypto@example.org')}\n"
        '    search: ["encryption"]\n'
    )
    first = world.notify(START)
    assert first.exit_code == 0 and "new subscription, starts now" in first.output
    assert world.ledger() == []  # the back catalogue is never sent
    version = world.add("2015-HB-7017", "version", "new text — File No. 394", ref="2015-HB-7017:v2")
    stage = world.add("2016-HB-5469", "stage", "reported")
    sb1 = world.add("2015-SB-1", "action", "Public Hearing 03/24")
    unwatched = world.add("2015-HB-9", "action", "Referred to JUD")
    world.add("2015-HB-7017", "action", "old news", baseline=1)  # baseline: never sent
    second = world.notify(LATER)
    assert second.exit_code == 0, second.output
    got = {(r["subscription_id"], r["change_id"]) for r in world.ledger()}
    assert got == {
        ("privacy-mail", version),
        ("privacy-mail", stage),
        ("safety-hook", version),  # 2015-HB-7017 is in both topics
        ("safety-hook", sb1),
        ("sb1-chat", sb1),
        ("stages", stage),
        ("crypto", version),  # its testimony speaks of encryption
        ("crypto", unwatched),  # its title does: a search reaches unwatched bills
    }
    assert all(r["status"] == "sent" and r["attempts"] == 1 for r in world.ledger())
    assert [m["Subject"] for m in world.to("privacy@example.org")] == [
        "[sample data] HB 7017: new text (File No. 394), +7/−1 words",
        "[sample data] HB 5469: reported",
    ]
    assert len(world.to("stages@example.org")) == 1 and len(world.to("crypto@example.org")) == 2
    posts = world.rx.of("/each/safety")
    assert sorted(p.json()["change"]["id"] for p in posts) == sorted([version, sb1])
    (chat,) = world.rx.of("/each/chat")
    assert chat.json()["title"] == "[sample data] SB 1: Public Hearing 03/24"
    before = (len(world.box.messages), len(world.rx.received))
    again = world.notify("2015-03-21T13:00:00Z")
    assert again.exit_code == 0
    assert (len(world.box.messages), len(world.rx.received)) == before  # once


def test_an_email_is_multipart_with_a_stable_message_id_and_list_headers(world):
    world.write(
        f"  - id: cea\n    notify: {world.mail('cea@example.org')}\n"
        "    topics: [student-privacy]\n    unsubscribe: list-request@example.org\n"
    )
    world.notify(START)
    world.add("2015-HB-7017", "version", "new text — File No. 394", ref="2015-HB-7017:v2")
    world.notify(LATER, "--public-url", "https://example.org/bw")
    (mail,) = world.to("cea@example.org")
    (row,) = world.ledger()
    assert mail["Message-ID"] == f"<{row['delivery_id']}@example.org>"
    assert mail["X-Billwatch-Delivery"] == row["delivery_id"]
    assert mail["List-Unsubscribe"] == "<mailto:list-request@example.org?subject=unsubscribe>"
    assert mail.get_content_type() == "multipart/alternative"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert (
        "[-share-] {+protect+}" in text and "<https://example.org/bw/bills/2015-HB-7017#v2>" in text
    )
    assert '<ins style="' in html and "<script>" not in html
    assert 'href="https://example.org/bw/bills/2015-HB-7017#v2"' in html
    assert world.box.logins[-1] == (SMTP_USER, SMTP_PASSWORD)  # the secret reached the server


def test_digests_group_by_bill_cap_their_length_and_come_once_a_day(world):
    world.write(
        f"  - id: daily\n    notify: {world.mail('daily@example.org')}\n"
        "    topics: [student-privacy, school-safety]\n    every: daily\n"
    )
    world.notify("2015-03-21T14:00:00Z")  # starts on the 21st (Connecticut)
    for n in range(25):
        world.add("2015-SB-1", "action", f"Action {n}")
    for n in range(15):
        world.add("2016-HB-5469", "action", f"Step {n}")
    world.add("2015-HB-7017", "version", "new text — File No. 394", ref="2015-HB-7017:v2")
    same_day = world.notify("2015-03-21T20:00:00Z")
    assert world.to("daily@example.org") == []
    assert "41 changes queued for its daily digest" in same_day.output
    assert {r["status"] for r in world.ledger()} == {"queued"}
    world.notify("2015-03-22T05:00:00Z", "--public-url", "https://example.org")  # 01:00 CT
    (digest,) = world.to("daily@example.org")
    assert digest["Subject"].startswith(
        "[sample data] Daily digest: HB 7017: new text (File No. 394), +7/−1 words, and 40 more"
    )
    html = digest.get_body(("html",)).get_content()
    bills = [line for line in html.splitlines() if line.startswith("<h2>")]
    names = [b.split(">")[2].split("<")[0] for b in bills]
    assert names == ["HB 7017", "SB 1", "HB 5469"]  # grouped: session, chamber, number
    assert html.count("<h3>") == 30
    assert "11 more changes to 1 bill not shown here" in html  # HB 5469's last 11
    assert 'href="https://example.org/feeds/changes.atom"' in html
    rows = world.ledger()
    assert {r["status"] for r in rows} == {"sent"} and len({r["delivery_id"] for r in rows}) == 1
    world.add("2015-SB-1", "action", "One more")
    world.notify("2015-03-22T18:00:00Z")  # the same day: waits for tomorrow's digest
    assert len(world.to("daily@example.org")) == 1
    world.notify("2015-03-23T05:00:00Z")
    assert len(world.to("daily@example.org")) == 2


def test_the_webhook_signature_verifies_with_the_documented_algorithm(world):
    world.write(hook(world, "signed", "/signed", "    bills: [2016-HB-5469]\n"))
    world.notify(START)
    cid = world.add("2016-HB-5469", "stage", "reported")
    world.notify(LATER)
    (post,) = world.rx.of("/signed")
    expected = "sha256=" + hmac.new(HOOK_SECRET.encode(), post.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(post.headers["X-Billwatch-Signature"], expected)
    payload = json.loads(post.body)
    assert post.headers["X-Billwatch-Delivery"] == payload["delivery_id"]
    assert payload["delivery_id"] == rules.delivery_id("signed", cid)
    assert payload["subscription"] == "signed" and payload["change"]["id"] == cid
    assert payload["change"]["kind"] == "stage" and payload["change"]["bill_id"] == "2016-HB-5469"
    assert post.headers["Content-Type"].startswith("application/json")


def test_a_receiver_failing_twice_then_succeeding_gets_the_change_once(world):
    world.write(hook(world, "flaky", "/flaky", "    bills: [2016-HB-5469]\n"))
    world.notify(START)
    world.add("2016-HB-5469", "stage", "reported")
    world.rx.script["/flaky"] = [503, 500]
    result = world.notify(LATER)
    assert result.exit_code == 0
    assert len(world.rx.of("/flaky")) == 1
    assert len([r for r in world.rx.requests if r.path == "/flaky"]) == 3
    (row,) = world.ledger()
    assert row["status"] == "sent" and row["attempts"] == 3 and row["error"] is None


def test_a_failing_target_is_retried_across_runs_with_backoff_and_alerts_once(world):
    world.write(
        hook(world, "down", "/down", "    bills: [2016-HB-5469]\n")
        + hook(world, "up", "/up", "    bills: [2016-HB-5469]\n")
    )
    world.notify(START)
    cid = world.add("2016-HB-5469", "stage", "reported")
    world.add("2016-HB-5469", "action", "Referred")
    tried = lambda: len([r for r in world.rx.requests if r.path == "/down"])  # noqa: E731
    world.rx.default["/down"] = 503
    first = world.notify(LATER)
    assert first.exit_code == 1  # the first failure alerts
    assert "failed after 3 tries: the receiver answered 503" in first.output
    assert tried() == 3  # the second delivery waits: the target is down
    assert len(world.rx.of("/up")) == 2  # the rest delivered
    state = [r for r in world.ledger() if r["subscription_id"] == "down"]
    assert [r["status"] for r in state] == ["pending", "pending"]
    assert state[0]["error"] == "the receiver answered 503 Service Unavailable"
    soon = world.notify("2015-03-21T12:05:00Z")  # within the backoff (10 min): not tried
    assert soon.exit_code == 0 and tried() == 3 and "wait for the target's backoff" in soon.output
    still = world.notify("2015-03-21T12:15:00Z")  # tried again, still failing: no new alert
    assert still.exit_code == 0 and tried() == 6
    world.rx.default["/down"] = 200
    world.notify("2015-03-21T13:00:00Z")  # the backoff doubled (20 min)
    got = [p.json() for p in world.rx.of("/down")]
    assert got[0]["change"]["id"] == cid and len(got) == 2
    assert got[0]["delivery_id"] == rules.delivery_id("down", cid)
    assert {r["status"] for r in world.ledger()} == {"sent"}


def test_a_4xx_and_a_redirect_are_given_up_with_a_reason_and_the_rest_delivered(world):
    world.write(
        hook(world, "gone", "/gone", "    bills: [2016-HB-5469]\n")
        + hook(world, "moved", "/moved", "    bills: [2016-HB-5469]\n")
        + f"  - id: mail\n    notify: {world.mail('rest@example.org')}\n    bills: [2016-HB-5469]\n"
    )
    world.notify(START)
    world.add("2016-HB-5469", "stage", "reported")
    world.add("2016-HB-5469", "action", "Referred")
    world.rx.default.update({"/gone": 404, "/moved": 302})
    result = world.notify(LATER)
    assert result.exit_code == 1
    rows = {(r["subscription_id"], r["status"]) for r in world.ledger()}
    assert rows == {("gone", "failed"), ("moved", "failed"), ("mail", "sent")}
    errors = {r["subscription_id"]: r["error"] for r in world.ledger()}
    assert errors["gone"] == "the receiver answered 404 Not Found (a 4xx is not retried)"
    assert errors["moved"] == "the receiver answered 302 Found (redirects are not followed)"
    assert [r for r in world.rx.requests if r.path == "/elsewhere"] == []
    assert len([r for r in world.rx.requests if r.path == "/gone"]) == 2  # once each, no retry
    assert len(world.to("rest@example.org")) == 2
    assert world.notify("2015-03-21T13:00:00Z").exit_code == 0  # alerted once


def test_a_hanging_receiver_and_an_unreachable_smtp_server_are_bounded_and_recorded(world):
    world.write(
        hook(world, "hangs", "/hangs", "    bills: [2016-HB-5469]\n")
        + '  - id: nosmtp\n    notify: "mailto://{SMTP_USER}:{SMTP_PASSWORD}@127.0.0.1:9'
        '?to=x@example.org&from=bw@example.org"\n    bills: [2016-HB-5469]\n'
        + hook(world, "fine", "/fine", "    bills: [2016-HB-5469]\n")
    )
    world.notify(START)
    world.add("2016-HB-5469", "stage", "reported")
    world.rx.default["/hangs"] = "hang"
    result = world.notify(LATER, "--timeout", "0.5", "--tries", "1")
    assert result.exit_code == 1
    errors = {r["subscription_id"]: (r["status"], r["error"]) for r in world.ledger()}
    assert errors["hangs"] == ("pending", "no answer within 0.5 s")
    assert errors["nosmtp"] == ("pending", "the SMTP server failed: connection refused")
    assert errors["fine"] == ("sent", None)
    assert SMTP_PASSWORD not in result.output


def test_a_missing_environment_variable_is_a_failure_naming_it(world):
    world.write(hook(world, "nosecret", "/nosecret", "    bills: [2016-HB-5469]\n"))
    world.notify(START)
    world.add("2016-HB-5469", "stage", "reported")
    result = world.notify(LATER, env={"BILLWATCH_HOOK_SECRET": ""})
    assert result.exit_code == 1
    assert "environment variable BILLWATCH_HOOK_SECRET is not set" in result.output
    assert world.ledger()[0]["status"] == "pending" and world.rx.of("/nosecret") == []


def test_a_dry_run_sends_and_records_nothing(world):
    world.write(
        f"  - id: dry\n    notify: {world.mail('dry@example.org')}\n    bills: [2016-HB-5469]\n"
        + hook(world, "dryhook", "/dry", "    bills: [2016-HB-5469]\n")
    )
    new = world.notify(START, "--dry-run")
    assert "would start now" in new.output
    world.notify(START)
    world.add("2016-HB-5469", "stage", "reported")
    db_before = world.db.read_bytes()
    result = world.notify(LATER, "--dry-run")
    assert result.exit_code == 0
    assert "nothing is sent or recorded" in result.output
    assert "would send d-" in result.output and "HB 5469: reported" in result.output
    assert "would POST d-" in result.output
    assert "mailto://…@127.0.0.1:" in result.output and SMTP_PASSWORD not in result.output
    assert world.to("dry@example.org") == [] and world.rx.of("/dry") == []
    assert world.ledger() == [] and world.db.read_bytes() == db_before
    world.notify(LATER)
    assert len(world.to("dry@example.org")) == 1 and len(world.rx.of("/dry")) == 1


def test_one_notify_at_a_time(world):
    world.write(hook(world, "locked", "/locked"))
    with exclusive(world.db, "notify"):
        result = CliRunner().invoke(
            main,
            [
                "notify",
                "--db",
                str(world.db),
                "--subscriptions",
                str(world.subs),
                "--watchlist",
                str(world.watchlist),
            ],
        )
    assert result.exit_code == 3 and "holds the lock" in result.output


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (
            "  - id: a\n    notify: ntfy://x/y\n    kinds: [hearings]\n",
            "line 4: unknown kind 'hearings'",
        ),
        ("  - id: a\n    notify: ntfy://x/y\n    topics: [dogs]\n", "line 4: unknown topic 'dogs'"),
        (
            "  - id: a\n    notify: ntfy://x/y\n    search: ['\"unclosed']\n",
            "line 2 (subscription a): search '\"unclosed'",
        ),
    ],
)
def test_a_bad_subscriptions_file_exits_2_naming_the_line(world, text, says):
    world.write(text)
    result = CliRunner().invoke(
        main,
        [
            "notify",
            "--db",
            str(world.db),
            "--subscriptions",
            str(world.subs),
            "--watchlist",
            str(world.watchlist),
        ],
    )
    assert result.exit_code == 2 and says in result.output, result.output


def test_a_missing_subscriptions_file_or_database_exits_2(world, tmp_path):
    args = ["--watchlist", str(world.watchlist)]
    result = CliRunner().invoke(
        main, ["notify", "--db", str(world.db), "--subscriptions", str(tmp_path / "no.yml"), *args]
    )
    assert result.exit_code == 2 and "no subscriptions file at" in result.output
    world.write("")
    result = CliRunner().invoke(
        main,
        ["notify", "--db", str(tmp_path / "none.db"), "--subscriptions", str(world.subs), *args],
    )
    assert result.exit_code == 2 and "no database at" in result.output
    empty = CliRunner().invoke(
        main, ["notify", "--db", str(world.db), "--subscriptions", str(world.subs), *args]
    )
    assert empty.exit_code == 0 and "no subscriptions in" in empty.output


# ------------------------------------------------- SIGKILL, and secrets in every output


def _command(world: World, *args: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "billwatch",
        "notify",
        "--db",
        str(world.db),
        "--subscriptions",
        str(world.subs),
        "--watchlist",
        str(world.watchlist),
        "--retry-wait",
        "0",
        "--timeout",
        "5",
        *args,
    ]


def _env(now: str) -> dict[str, str]:
    import os

    return {**os.environ, **ENV, "BILLWATCH_NOW": now, "PYTHONUNBUFFERED": "1"}


def test_killed_mid_delivery_and_rerun_loses_nothing_and_repeats_with_the_same_id(world):
    world.write(hook(world, "killed", "/killed", "    bills: [2016-HB-5469]\n"))
    subprocess.run(_command(world), env=_env(START), check=True, capture_output=True)
    ids = [world.add("2016-HB-5469", "action", f"Action {n}") for n in range(5)]
    world.rx.script["/killed"] = [200, 200, "block"]  # the third is received, never answered
    world.rx.blocked.clear()
    proc = subprocess.Popen(
        _command(world), env=_env(LATER), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        assert world.rx.blocked.wait(30), "the third delivery never arrived"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
        world.rx.release.set()
    assert {r["status"] for r in world.ledger()} >= {"pending"}
    rerun = subprocess.run(
        _command(world), env=_env("2015-03-21T12:30:00Z"), capture_output=True, text=True
    )
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    got = [p.json() for p in world.rx.of("/killed")]
    by_change: dict[str, set[str]] = {}
    for g in got:
        by_change.setdefault(g["change"]["id"], set()).add(g["delivery_id"])
    assert set(by_change) == set(ids)  # nothing lost
    assert all(d == {rules.delivery_id("killed", c)} for c, d in by_change.items())
    assert len(got) <= len(ids) + 1  # at most the one in flight is repeated
    assert {r["status"] for r in world.ledger()} == {"sent"}


def test_no_secret_appears_in_the_database_the_output_or_the_logs(world):
    world.write(
        f"  - id: mail\n    notify: {world.mail('secret@example.org')}\n    bills: [2016-HB-5469]\n"
        "  - id: badlogin\n"
        f'    notify: "mailto://{{SMTP_USER}}:wrong-{{SMTP_PASSWORD}}@127.0.0.1:{world.smtp_port}'
        '?to=y@example.org"\n    bills: [2016-HB-5469]\n'
        + hook(world, "sig", "/sig", "    bills: [2016-HB-5469]\n")
        + hook(world, "sig500", "/sig500", "    bills: [2016-HB-5469]\n")
    )
    world.rx.default["/sig500"] = 500
    log = world.dir / "notify.log"
    runs = []
    for now, extra in (
        (START, ()),
        (LATER, ("--dry-run",)),
        (LATER, ()),
        (LATER, ("--retry-now",)),
    ):
        if now == LATER and not runs[1:]:
            world.add("2016-HB-5469", "stage", "reported")
        proc = subprocess.run(
            _command(world, *extra), env=_env(now), capture_output=True, text=True
        )
        runs.append(proc)
        with log.open("a") as f:  # what a cron job keeps
            f.write(proc.stdout + proc.stderr)
    assert [p.returncode for p in runs] == [0, 0, 1, 0]
    assert "mail → email mailto://…@127.0.0.1:" in runs[2].stdout
    assert len(world.to("secret@example.org")) == 1 and len(world.rx.of("/sig")) == 1
    assert any(r["error"] for r in world.ledger())  # the failures were recorded
    files = [world.db, Path(f"{world.db}-wal"), Path(f"{world.db}-shm"), log]
    for secret in (SMTP_PASSWORD, HOOK_SECRET, f"wrong-{SMTP_PASSWORD}"):
        for proc in runs:
            assert secret not in proc.stdout and secret not in proc.stderr
        for path in files:
            if path.exists():
                assert secret.encode() not in path.read_bytes(), path
