"""``billwatch notify``: the change log delivered to e-mail, chat and webhooks.

One job per module:

- ``subscriptions`` reads ``data/subscriptions.yml`` (every error names its line);
- ``targets`` expands ``{NAME}`` from the environment at send time, shows targets redacted
  and scrubs every secret out of what is printed or stored;
- ``rules`` holds the pure rules: which change matches which subscription, delivery ids,
  digest windows by the clock, backoff and what is retried;
- ``ledger`` is the delivery ledger in the database (``deliveries``, ``subscription_state``);
- ``messages`` writes subjects, e-mails, digests and webhook payloads from the feed's own
  wording (``publish.feed_entries``);
- ``email_channel`` (SMTP as apprise configures it), ``apprise_channel`` (every other
  apprise service) and ``webhook`` (signed JSON POSTs) send;
- ``run`` puts it together; ``command`` is the click command.
"""
