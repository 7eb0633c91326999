"""E-mail over SMTP, as apprise configures it (``mailto://``, ``mailtos://``).

Apprise reads the URL (server, port, TLS mode, login, sender, recipients, cc, bcc, the
providers' defaults) and its SMTP controller makes the connection (TLS, login, timeouts):
no hand-written SMTP client.  The message itself is composed here, because apprise's e-mail
gives every send a new random Message-ID and writes the plain text itself: billwatch's is
multipart/alternative (the plain text and the HTML with the redline), with
``Message-ID: <DELIVERY_ID@sender's domain>`` (the same on every attempt, so a receiver can
drop a repeat), ``X-Billwatch-Delivery``, and ``List-Unsubscribe`` when the subscription
gives an address (``unsubscribe:``).  Each ``to`` recipient gets their own copy (as apprise
does); a recipient that accepted is not sent to again within the run.

Every socket operation is bounded by the timeout (smtplib's).  Every failure is retried
with backoff: an SMTP refusal is often temporary, and a URL apprise cannot use is fixed in
the subscriptions file, after which what waited is sent.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr

import apprise
from apprise.exception import AppriseException
from apprise.plugins.email.base import NotifyEmail
from apprise.plugins.email.smtp import (
    SMTP_DEFAULT_PORTS,
    SMTP_EXCEPTIONS,
    AppriseSMTPController,
)

from cga.clock import now

from .apprise_channel import asset, captured, reason
from .messages import Message
from .outcome import DELIVERED, Outcome, retry

SCHEMES = ("mailto", "mailtos")
# The body is encoded under SMTP's 78-character lines; headers are written unfolded (up to
# RFC 5322's 998): a folded encoded-word subject reads back with a doubled space.
HEADERS_UNFOLDED = SMTP.clone(max_line_length=998)
RESERVED = {"subject", "from", "to", "cc", "bcc", "date", "message-id", "reply-to"}


def is_email(url: str) -> bool:
    return url.partition("://")[0].lower() in SCHEMES


def _name(value: object) -> str | None:
    """A display name as apprise keeps it (False when none)."""
    return value if isinstance(value, str) and value else None


def unsubscribe_header(address: str | None) -> str | None:
    if not address:
        return None
    if "://" in address:
        return f"<{address}>"
    return f"<mailto:{address}?subject=unsubscribe>"


def compose(
    message: Message,
    sender: tuple[str | None, str],
    recipient: tuple[str | None, str],
    delivery_id: str,
    list_id: str,
    unsubscribe: str | None,
    extra: dict[str, str],
) -> EmailMessage:
    name, address = sender
    domain = address.rpartition("@")[2] or "billwatch.invalid"
    mail = EmailMessage(policy=SMTP)
    for key, value in extra.items():  # the URL's own +Header=value
        if key.lower() not in RESERVED:
            mail[key] = value
    mail["Subject"] = message.subject
    mail["From"] = formataddr((name or "billwatch", address))
    to_name, to_address = recipient
    mail["To"] = formataddr((to_name or "", to_address)) if to_name else to_address
    mail["Date"] = format_datetime(now())
    mail["Message-ID"] = f"<{delivery_id}@{domain}>"
    mail["X-Billwatch-Delivery"] = delivery_id
    mail["List-Id"] = f"billwatch {list_id} <{list_id}.billwatch.{domain}>"
    header = unsubscribe_header(unsubscribe)
    if header and "List-Unsubscribe" not in mail:
        mail["List-Unsubscribe"] = header
    mail.set_content(message.text)
    mail.add_alternative(message.html, subtype="html")
    return mail


def send(
    url: str,
    message: Message,
    delivery_id: str,
    list_id: str,
    unsubscribe: str | None,
    timeout: float,
    accepted: set[str],
) -> Outcome:
    """One delivery to every recipient of the URL; ``accepted`` (kept by the caller across
    the tries of a run) holds the recipients that took it."""
    with captured() as lines:
        try:
            plugin = apprise.Apprise.instantiate(url, asset=asset(timeout))
        except (AppriseException, TypeError, ValueError):
            plugin = None
        if not isinstance(plugin, NotifyEmail):  # fixing the configuration sends it all
            return retry(reason(lines, "not an e-mail URL apprise can use"))
        if not plugin.targets:
            return retry("the e-mail URL names no recipient")
        sender = (_name(plugin.from_addr[0]), str(plugin.from_addr[1]))
        copies = plugin.cc | plugin.bcc
        refused = []
        try:
            with AppriseSMTPController(
                host=plugin.smtp_host,
                port=int(plugin.port or SMTP_DEFAULT_PORTS[str(plugin.secure_mode)]),
                secure_mode=str(plugin.secure_mode),
                user=plugin.user,
                password=plugin.password,
                verify_certificate=plugin.verify_certificate,
                socket_connect_timeout=timeout,  # type: ignore[arg-type]  # a float works
            ) as smtp:
                for to_name, to_address in plugin.targets:
                    if to_address in accepted:
                        continue
                    mail = compose(
                        message,
                        sender,
                        (_name(to_name), to_address),
                        delivery_id,
                        list_id,
                        unsubscribe,
                        dict(plugin.headers),
                    )
                    envelope = [to_address, *sorted(copies - {to_address})]
                    text = mail.as_string(policy=HEADERS_UNFOLDED)
                    if smtp.sendmail(sender[1], envelope, text):
                        accepted.add(to_address)
                    else:
                        refused.append(to_address)
        except (*SMTP_EXCEPTIONS, AppriseException) as exc:
            said = str(exc).strip() or type(exc).__name__
            if isinstance(exc, TimeoutError):
                said = f"no answer within {timeout:g} s"
            elif isinstance(exc, ConnectionRefusedError):
                said = "connection refused"
            return retry(f"the SMTP server failed: {said}")
        if refused:
            return retry(
                reason(
                    lines,
                    f"the SMTP server refused the message for {len(refused)} of "
                    f"{len(plugin.targets)} recipients",
                )
            )
    return DELIVERED
