"""Every human channel apprise knows (Slack, Discord, Matrix, Teams, ntfy, Telegram, …): the
subscription's ``notify`` value is an apprise URL.  E-mail over SMTP has its own module
(``email_channel``) for what apprise's e-mail does not do (a stable Message-ID).

Apprise is held to billwatch's rules: its persistent store kept in memory (nothing written
to disk), each service bounded in time, its log lines captured (never printed: they may name
a target) and used, scrubbed, as the reason of a failure.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import apprise

from .messages import Message
from .outcome import DELIVERED, Outcome, retry


def asset(timeout: float) -> apprise.AppriseAsset:
    return apprise.AppriseAsset(app_id="billwatch", storage_mode="memory", service_timeout=timeout)


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING or "xception" in record.msg:
            try:
                self.lines.append(record.getMessage())
            except (TypeError, ValueError):
                self.lines.append(str(record.msg))


def quiet() -> None:
    """Apprise's logger never writes to the terminal (its lines may name a target)."""
    logger = logging.getLogger(apprise.LOGGER_NAME)
    logger.propagate = False
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())


@contextmanager
def captured() -> Iterator[list[str]]:
    """Apprise's log lines (warnings, and the exceptions it reports) while the block runs."""
    quiet()
    logger = logging.getLogger(apprise.LOGGER_NAME)
    handler = _Lines()
    level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        yield handler.lines
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def reason(lines: list[str], fallback: str) -> str:
    said = [line.strip() for line in lines if line.strip()]
    return "; ".join(dict.fromkeys(said[-3:])) if said else fallback


def send(url: str, message: Message, timeout: float) -> Outcome:
    """One notification to one apprise URL: its title the subject, its body the HTML
    (apprise converts it to what the service takes)."""
    with captured() as lines:
        client = apprise.Apprise(asset=asset(timeout))
        if not client.add(url):  # fixing the configuration sends what waited
            return retry(reason(lines, "not a URL apprise can use (its service, or a part)"))
        result = client.notify(
            body=message.fragment,
            title=message.subject,
            body_format=apprise.NotifyFormat.HTML,
        )
        if result:
            return DELIVERED
        logged = [str(getattr(e, "message", e)) for e in result.logs()]
    return retry(reason(logged + lines, "the service did not accept the notification"))
