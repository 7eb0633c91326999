"""What one try of a delivery came to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    ok: bool
    retryable: bool = False  # a failure worth another try (a timeout, a 5xx, no answer)
    reason: str = ""  # why it failed, never holding a secret (scrubbed by the caller too)


DELIVERED = Outcome(ok=True)


def retry(reason: str) -> Outcome:
    return Outcome(ok=False, retryable=True, reason=reason)


def give_up(reason: str) -> Outcome:
    return Outcome(ok=False, retryable=False, reason=reason)
