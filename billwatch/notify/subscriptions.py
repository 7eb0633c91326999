"""The subscriptions file (``data/subscriptions.yml``): who gets which changes, where, how often.

Read from YAML nodes, so every error names the line it is about
(``data/subscriptions.yml, line 7: unknown kind 'hearings'``).  Pure apart from reading the
file: no environment, no database (search queries are checked against the database by the
command, secrets are read at send time by ``targets``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from cga.ids import BadBillId, split_bill_id
from cga.vocab import CHANGE_KINDS

from .targets import PLACEHOLDER, BadTarget, check_template

EVERY = ("each", "daily", "weekly")
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
KEYS = (
    "id",
    "notify",
    "webhook",
    "secret_env",
    "topics",
    "bills",
    "search",
    "kinds",
    "every",
    "unsubscribe",
)
MAX_SEARCH_CHARS = 500  # as the search feed's q
NULL_TAG = "tag:yaml.org,2002:null"


class SubscriptionsError(ValueError):
    """The file is missing or invalid; the message names the file and the line."""


@dataclass(frozen=True)
class Subscription:
    id: str
    channel: str  # "apprise" (a notify URL: e-mail, chat…) or "webhook"
    target: str  # the URL as written, {NAME} placeholders unexpanded
    line: int  # where it starts in the file
    secret_env: str | None = None  # webhook: the variable holding the signing secret
    topics: tuple[str, ...] = ()
    bills: tuple[str, ...] = ()
    search: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()  # empty: every kind
    every: str = "each"
    unsubscribe: str | None = None  # e-mail: the List-Unsubscribe address or URL

    @property
    def digest(self) -> bool:
        return self.every != "each"

    @property
    def selects_bills(self) -> bool:
        """False when it names no topic, bill or search: then every watched bill."""
        return bool(self.topics or self.bills or self.search)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _scalar(node: yaml.Node, what: str, where: str) -> str | None:
    if not isinstance(node, yaml.ScalarNode):
        raise SubscriptionsError(f"{where}, line {_line(node)}: {what} must be a single value")
    if node.tag == NULL_TAG:
        return None
    return str(node.value).strip()


def _text(node: yaml.Node, what: str, where: str) -> str:
    value = _scalar(node, what, where)
    if not value:
        raise SubscriptionsError(f"{where}, line {_line(node)}: {what} is empty")
    return value


def _list(node: yaml.Node, what: str, where: str) -> list[tuple[str, int]]:
    """(value, line) of a list of strings; a single string is a list of one."""
    if isinstance(node, yaml.ScalarNode):
        value = _scalar(node, what, where)
        return [(value, _line(node))] if value else []
    if not isinstance(node, yaml.SequenceNode):
        raise SubscriptionsError(f"{where}, line {_line(node)}: {what} must be a list")
    return [(_text(item, f"an item of {what}", where), _line(item)) for item in node.value]


def _mapping(node: yaml.Node, where: str) -> dict[str, tuple[yaml.Node, int]]:
    """key → (value node, line of the key); an unknown or repeated key is an error."""
    if not isinstance(node, yaml.MappingNode):
        raise SubscriptionsError(
            f"{where}, line {_line(node)}: a subscription is a mapping (id: …, notify: …)"
        )
    out: dict[str, tuple[yaml.Node, int]] = {}
    for key_node, value_node in node.value:
        key = _text(key_node, "a key", where)
        line = _line(key_node)
        if key in out:
            raise SubscriptionsError(f"{where}, line {line}: {key!r} is given twice")
        if key not in KEYS:
            raise SubscriptionsError(
                f"{where}, line {line}: unknown key {key!r} (known: {', '.join(KEYS)})"
            )
        out[key] = (value_node, line)
    return out


def _subscription(node: yaml.Node, where: str, topics: frozenset[str]) -> Subscription:
    fields = _mapping(node, where)
    start = _line(node)
    if "id" not in fields:
        raise SubscriptionsError(f"{where}, line {start}: a subscription needs an id")
    sub_id = _text(fields["id"][0], "id", where)
    if not ID_PATTERN.fullmatch(sub_id):
        raise SubscriptionsError(
            f"{where}, line {fields['id'][1]}: id {sub_id!r} must be lower-case-with-dashes "
            "(at most 64 characters)"
        )
    channels = [key for key in ("notify", "webhook") if key in fields]
    if len(channels) != 1:
        raise SubscriptionsError(
            f"{where}, line {start}: subscription {sub_id} needs exactly one of notify "
            "(an apprise URL) or webhook (an http(s) URL)"
        )
    key = channels[0]
    value_node, line = fields[key]
    target = _text(value_node, key, where)
    try:
        check_template(target)
    except BadTarget as exc:
        raise SubscriptionsError(f"{where}, line {line}: {key}: {exc}") from None
    if key == "webhook" and not target.lower().startswith(("http://", "https://", "{")):
        raise SubscriptionsError(f"{where}, line {line}: webhook must be an http(s) URL")
    if key == "notify" and "://" not in target:
        raise SubscriptionsError(
            f"{where}, line {line}: notify must be an apprise URL (mailtos://…, ntfy://…, "
            "slack://…)"
        )

    secret_env = None
    if "secret_env" in fields:
        node_, line_ = fields["secret_env"]
        secret_env = _text(node_, "secret_env", where)
        if key != "webhook":
            raise SubscriptionsError(
                f"{where}, line {line_}: secret_env signs webhooks; a notify URL takes its "
                "secrets as {NAME} placeholders"
            )
        if not ENV_NAME.fullmatch(secret_env):
            raise SubscriptionsError(
                f"{where}, line {line_}: secret_env must name an environment variable"
            )
    elif key == "webhook":
        raise SubscriptionsError(
            f"{where}, line {start}: webhook subscription {sub_id} needs secret_env, the "
            "environment variable holding the secret its requests are signed with"
        )

    chosen_topics = []
    for topic, line_ in _list(fields["topics"][0], "topics", where) if "topics" in fields else []:
        if topic not in topics:
            known = ", ".join(sorted(topics)) or "none"
            raise SubscriptionsError(
                f"{where}, line {line_}: unknown topic {topic!r} (the watchlist's: {known})"
            )
        chosen_topics.append(topic)
    bills = []
    for text, line_ in _list(fields["bills"][0], "bills", where) if "bills" in fields else []:
        try:
            bills.append(str(split_bill_id(text)))
        except BadBillId as exc:
            raise SubscriptionsError(f"{where}, line {line_}: {exc}") from None
    searches = []
    for q, line_ in _list(fields["search"][0], "search", where) if "search" in fields else []:
        if len(q) > MAX_SEARCH_CHARS:
            raise SubscriptionsError(
                f"{where}, line {line_}: a search is at most {MAX_SEARCH_CHARS} characters"
            )
        searches.append(q)
    kinds = []
    for kind, line_ in _list(fields["kinds"][0], "kinds", where) if "kinds" in fields else []:
        if kind not in CHANGE_KINDS:
            raise SubscriptionsError(
                f"{where}, line {line_}: unknown kind {kind!r} (known: {', '.join(CHANGE_KINDS)})"
            )
        kinds.append(kind)
    every = "each"
    if "every" in fields:
        node_, line_ = fields["every"]
        every = _text(node_, "every", where)
        if every not in EVERY:
            raise SubscriptionsError(
                f"{where}, line {line_}: every must be one of {', '.join(EVERY)}, not {every!r}"
            )
        if key == "webhook" and every != "each":
            raise SubscriptionsError(
                f"{where}, line {line_}: a webhook receives each change as it is found "
                "(every: each); digests are for people"
            )
    unsubscribe = None
    if "unsubscribe" in fields:
        node_, line_ = fields["unsubscribe"]
        unsubscribe = _text(node_, "unsubscribe", where)
        if not (
            re.fullmatch(r"[^@\s<>]+@[^@\s<>]+", unsubscribe)
            or re.fullmatch(r"https?://[^\s<>]+", unsubscribe)
        ):
            raise SubscriptionsError(
                f"{where}, line {line_}: unsubscribe must be an e-mail address or an http(s) URL"
            )
        if PLACEHOLDER.search(unsubscribe):
            raise SubscriptionsError(f"{where}, line {line_}: unsubscribe takes no {{NAME}}")
    return Subscription(
        id=sub_id,
        channel="webhook" if key == "webhook" else "apprise",
        target=target,
        line=start,
        secret_env=secret_env,
        topics=tuple(dict.fromkeys(chosen_topics)),
        bills=tuple(dict.fromkeys(bills)),
        search=tuple(dict.fromkeys(searches)),
        kinds=tuple(dict.fromkeys(kinds)),
        every=every,
        unsubscribe=unsubscribe,
    )


def parse_subscriptions(
    text: str, where: str, topics: frozenset[str] | set[str]
) -> list[Subscription]:
    """The subscriptions of a file's text; ``topics`` are the watchlist's topic names."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f", line {mark.line + 1}" if mark else ""
        raise SubscriptionsError(f"{where}{line}: not valid YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise SubscriptionsError(f"{where}: not valid YAML: {exc}") from None
    if root is None:
        raise SubscriptionsError(f"{where}: empty; expected 'subscriptions:' and a list")
    if not isinstance(root, yaml.MappingNode):
        raise SubscriptionsError(f"{where}, line {_line(root)}: expected 'subscriptions:'")
    found = None
    for key_node, value_node in root.value:
        key = _scalar(key_node, "a key", where)
        if key != "subscriptions":
            raise SubscriptionsError(
                f"{where}, line {_line(key_node)}: unknown key {key!r} (expected subscriptions)"
            )
        found = value_node
    if found is None:
        raise SubscriptionsError(f"{where}: expected 'subscriptions:' and a list")
    if isinstance(found, yaml.ScalarNode) and found.tag == NULL_TAG:
        return []
    if not isinstance(found, yaml.SequenceNode):
        raise SubscriptionsError(
            f"{where}, line {_line(found)}: subscriptions must be a list (- id: …)"
        )
    subs: list[Subscription] = []
    seen: dict[str, int] = {}
    known = frozenset(topics)
    for node in found.value:
        sub = _subscription(node, where, known)
        if sub.id in seen:
            raise SubscriptionsError(
                f"{where}, line {sub.line}: id {sub.id!r} is already used on line {seen[sub.id]}"
            )
        seen[sub.id] = sub.line
        subs.append(sub)
    return subs


def load_subscriptions(path: str | Path, topics: frozenset[str] | set[str]) -> list[Subscription]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SubscriptionsError(
            f"no subscriptions file at {path} (the format: data/subscriptions.yml in the "
            "checkout, and the README's 'Notifications')"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SubscriptionsError(f"{path}: cannot be read: {exc}") from None
    return parse_subscriptions(text, str(path), topics)
