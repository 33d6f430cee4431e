"""Telling people what they need to know: notifications, e-mail, messages, password links.

- :mod:`notifications.settings` — the configuration (``MONEV_SMTP_URL``, ``MONEV_MAIL_FROM``,
  ``MONEV_PUBLIC_URL``, reminder days, retries), read from the environment.
- :mod:`notifications.templates` — the texts in Bahasa Indonesia: defaults shipped here,
  versions saved by the admin (Jinja2 in a sandbox, previewed before saving, with history).
- :mod:`notifications.events` — an event of a cycle (a submission received, the masa sanggah
  open, an appeal decided, results published, a message) written as a *notice* in the
  transaction of the event itself: one in-app notification per account and one e-mail per
  address in the outbox. Nothing is lost when mail is down.
- :mod:`notifications.reminders` — deadline reminders, computed by a tick (idempotent: once
  per body, stage and threshold).
- :mod:`notifications.sender` — the worker that sends the outbox over SMTP (STARTTLS), with
  retries and exponential back-off; without ``MONEV_SMTP_URL`` nothing is sent and nothing
  crashes (the notifications stay in the app).
- :mod:`notifications.outbox` — the outbox for the admin: list, resend.
- :mod:`notifications.inbox` — the bell: unread counts, the list, marking read; one's own
  e-mail address.
- :mod:`notifications.messages` — a thread per badan publik and cycle between the KI and the
  body's PPID, with attachments (checked and stored as evidence files), unread markers and
  an e-mail copy.
- :mod:`notifications.passwords` — password reset by e-mail (single-use, expiring links,
  throttled, never telling whether an address exists) and a new account's first password.

The app and the CLI call these use cases; rights are checked in :mod:`monev.permissions`.
Only :mod:`notifications.events` is imported by ``monev`` (inside the transactions of its use
cases); it imports nothing of ``monev`` that imports ``monev`` back.
"""
