"""Targets and their secrets: ``{NAME}`` filled from the environment at send time, targets
shown redacted, every secret scrubbed from what is printed or stored.

A target (``mailtos://{SMTP_USER}:{SMTP_PASSWORD}@smtp.example.org?to=list@example.org``) is
kept as written; it is expanded only in memory, just before sending, and never printed,
logged or stored.  ``redact`` shows where a target points without anything that could be a
credential: the scheme, and the host only when it reads as a host name (a dot, an address,
localhost): apprise puts tokens where hosts go (``slack://TokenA/TokenB``,
``discord://ID/TOKEN``, ``ntfy://topic``).  ``Secrets.scrub`` removes, from any text (an error
message, a library's log line), every value the environment gave the target, the webhook's
secret, and the expanded target's credentials, path and query values.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
MASK = "***"
MIN_SECRET = 3  # shorter values are not scrubbed (they would mangle every message)
TOKEN_LENGTH = 12  # a path segment or query value of an expanded target this long may be one


class BadTarget(ValueError):
    """A target whose ``{`` does not open a ``{NAME}`` placeholder."""


class MissingVariable(LookupError):
    """A ``{NAME}`` (or a webhook's secret_env) is not set; the message names it, never a
    value."""


def check_template(target: str) -> None:
    """Raise BadTarget unless every brace belongs to a ``{NAME}`` placeholder."""
    rest = PLACEHOLDER.sub("", target)
    if "{" in rest or "}" in rest:
        raise BadTarget("a brace must belong to a {NAME} placeholder (an environment variable)")


def placeholders(target: str) -> list[str]:
    return list(dict.fromkeys(PLACEHOLDER.findall(target)))


def expand(target: str, env: Mapping[str, str]) -> str:
    """The target with every ``{NAME}`` replaced from ``env``; MissingVariable names the
    first one not set."""
    for name in placeholders(target):
        if not env.get(name):
            raise MissingVariable(f"environment variable {name} is not set")
    return PLACEHOLDER.sub(lambda m: env[m.group(1)], target)


def _looks_like_host(host: str) -> bool:
    if host.lower() == "localhost" or PLACEHOLDER.fullmatch(host):
        return True
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        pass
    return "." in host and re.fullmatch(r"[A-Za-z0-9.-]+", host) is not None


def redact(target: str) -> str:
    """Where a target points, without what could be a credential: ``mailtos://…@smtp.example.org/…``,
    ``https://example.org/…``, ``slack://…``.  Computed from the target as written (before
    expansion), so no value from the environment can appear."""
    scheme, sep, rest = target.partition("://")
    if not sep:
        return "…"
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    tail = rest[len(authority) :]
    userinfo, at, hostport = authority.rpartition("@")
    host, colon, port = hostport.rpartition(":") if ":" in hostport else (hostport, "", "")
    if colon and not port.isdigit():
        host, colon, port = hostport, "", ""
    shown = f"{scheme.lower()}://"
    if at or userinfo:
        shown += "…@"
    if _looks_like_host(host):
        shown += host + (f":{port}" if colon else "")
        if tail.strip("/"):
            shown += "/…"
    else:
        shown += "…"
    return shown


def channel_name(sub_channel: str, target: str) -> str:
    """What a person calls the channel: "webhook", "email", or the apprise service's scheme."""
    if sub_channel == "webhook":
        return "webhook"
    scheme = target.partition("://")[0].lower()
    return "email" if scheme in ("mailto", "mailtos") else scheme


@dataclass
class Secrets:
    """Values that must never appear in output, the database or a log."""

    values: set[str] = field(default_factory=set)

    def add(self, value: str | None) -> None:
        if not value:
            return
        for variant in (value, unquote(value), quote(value, safe=""), quote(value)):
            if len(variant) >= MIN_SECRET:
                self.values.add(variant)

    def add_target(self, expanded: str) -> None:
        """The expanded target itself, its credentials, path segments and query values."""
        self.add(expanded)
        try:
            parts = urlsplit(expanded)
        except ValueError:
            return
        self.add(parts.username)
        self.add(parts.password)
        if "@" in parts.netloc:
            self.add(parts.netloc.rpartition("@")[0])
        for segment in parts.path.split("/"):  # tokens (slack://A/B/C) are long
            self.add(segment if len(segment) >= TOKEN_LENGTH else None)
        for pair in parts.query.split("&"):
            value = pair.partition("=")[2]
            self.add(value if len(value) >= TOKEN_LENGTH else None)

    def scrub(self, text: str) -> str:
        for value in sorted(self.values, key=len, reverse=True):
            text = text.replace(value, MASK)
        return text


def target_secrets(target: str, env: Mapping[str, str], secret_env: str | None) -> Secrets:
    """Every secret a subscription's target and signing secret hold, for scrubbing (what the
    environment does not set is simply absent)."""
    secrets = Secrets()
    for name in placeholders(target):
        secrets.add(env.get(name))
    if secret_env:
        secrets.add(env.get(secret_env))
    with contextlib.suppress(MissingVariable):  # what is not set is no secret
        secrets.add_target(expand(target, env))
    return secrets
