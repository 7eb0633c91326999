"""One ``billwatch notify`` run: plan the ledger, then send what is due, subscription by
subscription, recording each outcome as it comes.

A target that fails with something worth retrying (a timeout, a 5xx, no connection) after
the run's tries is left for a later run, with backoff, and the rest of its deliveries wait
with it (they would fail the same way); the other subscriptions go on.  A delivery given
up (a 4xx, a redirect) is recorded with the reason and the target's next delivery is tried.
The exit status is 1 when a target started failing, or a delivery was given up, in this run:
an alert once, not at every run while it lasts.
"""

from __future__ import annotations

import functools
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from cga.clock import iso
from cga.clock import now as clock_now
from publish.site import is_sample

from . import apprise_channel, email_channel, ledger, messages, rules, webhook
from .outcome import Outcome
from .subscriptions import Subscription
from .targets import MissingVariable, Secrets, channel_name, expand, redact, target_secrets


@dataclass
class Options:
    public_url: str = ""
    timeout: float = 15.0
    tries: int = rules.TRIES
    retry_wait: float = rules.RETRY_WAIT
    retry_now: bool = False


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    messages: int = 0  # deliveries acknowledged
    changes: int = 0  # changes in them
    new_failures: int = 0

    def say(self, line: str) -> None:
        self.lines.append(line)


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def describe(sub: Subscription) -> str:
    every = "each change" if sub.every == "each" else f"{sub.every} digest"
    return f"{sub.id} → {channel_name(sub.channel, sub.target)} {redact(sub.target)} ({every})"


def _rows(conn: sqlite3.Connection, d: ledger.Delivery) -> list[dict]:
    found = ledger.entries(conn, d.change_ids)
    return [found[c] for c in d.change_ids if c in found]


def message_for(
    sub: Subscription, d: ledger.Delivery, rows: Sequence[Mapping], base: str, sample: bool
) -> messages.Message:
    if d.digest or len(rows) > 1:
        return messages.digest_message(sub, rows, base, sample)
    return messages.change_message(sub, rows[0], base, sample)


def _tries(send: Callable[[], Outcome], options: Options) -> tuple[Outcome, int]:
    outcome = Outcome(ok=False, retryable=True, reason="not tried")
    tried = 0
    for number in range(1, max(options.tries, 1) + 1):
        wait = rules.wait_before_try(number, options.retry_wait)
        if wait:
            time.sleep(wait)
        outcome = send()
        tried = number
        if outcome.ok or not outcome.retryable:
            break
    return outcome, tried


def deliver(
    sub: Subscription,
    d: ledger.Delivery,
    rows: Sequence[Mapping],
    env: Mapping[str, str],
    options: Options,
    sample: bool,
) -> tuple[Outcome, int]:
    """Send one delivery (with the run's tries); MissingVariable when the environment lacks
    what the target needs."""
    url = expand(sub.target, env)
    base = options.public_url
    if sub.channel == "webhook":
        assert sub.secret_env is not None
        secret = env.get(sub.secret_env)
        if not secret:
            raise MissingVariable(f"environment variable {sub.secret_env} is not set")
        total = 0
        for row in rows:  # one POST per change
            payload = messages.webhook_payload(sub.id, d.delivery_id, row, base)
            outcome, tried = _tries(
                functools.partial(
                    webhook.send, url, secret, payload, d.delivery_id, options.timeout
                ),
                options,
            )
            total += tried
            if not outcome.ok:
                return outcome, total
        return Outcome(ok=True), total
    message = message_for(sub, d, rows, base, sample)
    if email_channel.is_email(url):
        accepted: set[str] = set()
        return _tries(
            lambda: email_channel.send(
                url, message, d.delivery_id, sub.id, sub.unsubscribe, options.timeout, accepted
            ),
            options,
        )
    return _tries(lambda: apprise_channel.send(url, message, options.timeout), options)


def _serve_subscription(
    conn: sqlite3.Connection,
    sub: Subscription,
    state: ledger.State,
    due: list[ledger.Delivery],
    env: Mapping[str, str],
    options: Options,
    now: datetime,
    sample: bool,
    report: Report,
) -> None:
    secrets = target_secrets(sub.target, env, sub.secret_env)
    stamp = iso(now)
    sent = changes = 0
    for d in due:
        rows = _rows(conn, d)
        if not rows:
            ledger.nothing_to_send(conn, d, stamp)
            continue
        try:
            outcome, tried = deliver(sub, d, rows, env, options, sample)
        except MissingVariable as exc:
            outcome, tried = Outcome(ok=False, retryable=True, reason=str(exc)), 0
        reason = secrets.scrub(outcome.reason)
        if outcome.ok:
            ledger.sent(conn, d, tried, stamp)
            sent += 1
            changes += len(rows)
            state.failures = 0
            continue
        if not outcome.retryable:
            ledger.given_up(conn, d, tried, stamp, reason)
            report.new_failures += 1
            report.say(
                f"  {sub.id}: given up {d.delivery_id} ({plural(len(rows), 'change')}): {reason}"
            )
            continue
        was_failing = state.failures > 0
        state = ledger.will_retry(conn, d, tried, now, reason, state)
        if not was_failing:
            report.new_failures += 1
        left = len(due) - due.index(d)
        report.say(
            f"  {sub.id}: failed after {plural(tried, 'try', 'tries')}: {reason}; "
            f"{plural(left, 'delivery', 'deliveries')} wait, "
            f"next try after {state.next_try_at}"
            + ("" if not was_failing else f" (failing since {state.failing_since})")
        )
        break
    report.messages += sent
    report.changes += changes
    if sent:
        report.say(f"  {sub.id}: sent {plural(sent, 'message')} ({plural(changes, 'change')})")


def notify(
    conn: sqlite3.Connection,
    subs: Sequence[Subscription],
    env: Mapping[str, str],
    options: Options,
) -> Report:
    """The real run (the caller holds the notify lock): plan and write the ledger in one
    transaction, then send what is due."""
    now = clock_now()
    apprise_channel.quiet()
    report = Report()
    with ledger.transaction(conn):  # the plan read and written in one transaction
        plan, _ = ledger.plan(conn, subs, now)
        ledger.apply(conn, plan, subs)
    for sub_id in plan.started:
        report.say(
            f"  {sub_id}: new subscription, starts now (the {plan.top_rowid} changes already "
            "logged are not sent to it)"
        )
    sample = is_sample(conn)
    states = ledger.states(conn)
    stamp = iso(now)
    for sub in subs:
        state = states[sub.id]
        if state.next_try_at and state.next_try_at > stamp and not options.retry_now:
            waiting = sum(1 for d in ledger.pending(conn) if d.subscription_id == sub.id)
            if waiting:
                report.say(
                    f"  {sub.id}: {plural(waiting, 'delivery', 'deliveries')} wait for the "
                    f"target's backoff (next try after {state.next_try_at}; failing since "
                    f"{state.failing_since}: {state.error})"
                )
            continue
        old = ledger.give_up_old(conn, sub.id, now)
        if old:
            report.say(
                f"  {sub.id}: gave up {plural(old, 'change')} not delivered within "
                f"{rules.GIVE_UP_AFTER.days} days"
            )
        due = [d for d in ledger.pending(conn) if d.subscription_id == sub.id]
        if plan.waiting.get(sub.id):
            report.say(
                f"  {sub.id}: {plural(plan.waiting[sub.id], 'change')} queued for its "
                f"{sub.every} digest"
            )
        if due:
            _serve_subscription(conn, sub, state, due, env, options, now, sample, report)
    return report


# ------------------------------------------------------------------------------ dry run


def dry_run(
    conn: sqlite3.Connection,
    subs: Sequence[Subscription],
    env: Mapping[str, str],
    options: Options,
) -> list[str]:
    """What a run would send where, on a read-only connection: nothing sent, nothing
    recorded."""
    now = clock_now()
    stamp = iso(now)
    conn.execute("BEGIN")  # one snapshot for the whole plan
    try:
        plan, known = ledger.plan(conn, subs, now)
        due = ledger.pending(conn, [*plan.inserts, *plan.promotions])
        sample = is_sample(conn)
        out = [f"billwatch notify --dry-run: nothing is sent or recorded ({stamp})"]
        for sub in subs:
            out.append(describe(sub))
            missing = _missing(sub, env)
            if missing:
                out.append(f"  would fail: {missing}")
            if sub.id in plan.started:
                out.append(
                    f"  new subscription: would start now; the {plan.top_rowid} changes already "
                    "logged would never be sent to it"
                )
                continue
            state = known[sub.id]
            if state.next_try_at and state.next_try_at > stamp and not options.retry_now:
                out.append(f"  target failing: no try before {state.next_try_at} ({state.error})")
            if plan.waiting.get(sub.id):
                out.append(
                    f"  {plural(plan.waiting[sub.id], 'change')} queued for its {sub.every} digest"
                )
            mine = [d for d in due if d.subscription_id == sub.id]
            if not mine:
                out.append("  nothing to send")
            for d in mine:
                rows = _rows(conn, d)
                if not rows:
                    continue
                if sub.channel == "webhook":
                    for row in rows:
                        words = messages.one_line(messages.subject(row, sample))
                        out.append(f"  would POST {d.delivery_id}: {words}")
                    continue
                msg = message_for(sub, d, rows, options.public_url, sample)
                count = f" ({len(rows)} changes)" if len(rows) > 1 else ""
                out.append(f"  would send {d.delivery_id}{count}: {msg.subject}")
    finally:
        conn.rollback()
    return out


def _missing(sub: Subscription, env: Mapping[str, str]) -> str | None:
    try:
        expand(sub.target, env)
    except MissingVariable as exc:
        return str(exc)
    if sub.secret_env and not env.get(sub.secret_env):
        return f"environment variable {sub.secret_env} is not set"
    return None


def all_secrets(subs: Sequence[Subscription], env: Mapping[str, str]) -> Secrets:
    """Every secret of every subscription, to scrub whatever the command prints."""
    out = Secrets()
    for sub in subs:
        out.values |= target_secrets(sub.target, env, sub.secret_env).values
    return out
