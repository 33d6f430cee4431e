"""Delivery status notifications (RFC 3464) as mail services write them, built with the
:mod:`email` package: :func:`gmail_bounce` (the whole original message returned, Gmail's
``X-Original-Message-ID``) and :func:`postfix_bounce` (only the original headers, or none;
also a delay report)."""

from __future__ import annotations

from email.message import EmailMessage, Message
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, make_msgid

from storage.models import utcnow
from tests.notifications.imap_server import USER

GMAIL_ANSWER = ("550-5.1.1 The email account that you tried to reach does not exist. Please "
                "try double-checking the recipient's email address for typos or unnecessary "
                "spaces. For more information, go to https://support.google.com/mail/"
                "?p=NoSuchUser")
POSTFIX_ANSWER = ("550 5.1.1 <ppid@buku.example.go.id>: Recipient address rejected: User "
                  "unknown in virtual mailbox table")



def report_part(reporting_mta: str, recipient: str, answer: str, *, action: str = "failed",
                status: str = "5.1.1", extra: dict[str, str] | None = None) -> Message:
    """The ``message/delivery-status`` part: the per-message block, one recipient block."""
    per_message = Message()
    per_message["Reporting-MTA"] = f"dns; {reporting_mta}"
    for name, value in (extra or {}).items():
        per_message[name] = value
    per_recipient = Message()
    per_recipient["Final-Recipient"] = f"rfc822; {recipient}"
    per_recipient["Action"] = action
    per_recipient["Status"] = status
    per_recipient["Remote-MTA"] = f"dns; mx.{recipient.split('@')[1]}"
    per_recipient["Diagnostic-Code"] = f"smtp; {answer}"
    part = Message()
    part.set_type("message/delivery-status")
    part.set_payload([per_message, per_recipient])
    return part


def gmail_bounce(original: EmailMessage, answer: str = GMAIL_ANSWER) -> MIMEMultipart:
    """A bounce as Gmail writes it: the whole original message returned."""
    bounce = MIMEMultipart("report", report_type="delivery-status")
    bounce["From"] = "Mail Delivery Subsystem <mailer-daemon@googlemail.com>"
    bounce["To"] = USER
    bounce["Subject"] = "Delivery Status Notification (Failure)"
    bounce["Date"] = format_datetime(utcnow())
    bounce["Message-ID"] = make_msgid("bounce", domain="mx.google.com")
    bounce.attach(MIMEText(f"Address not found\n\nYour message wasn't delivered to "
                           f"{original['To']} because the address couldn't be found."))
    bounce.attach(report_part("googlemail.com", str(original["To"]), answer,
                              extra={"X-Original-Message-ID": str(original["Message-ID"])}))
    bounce.attach(MIMEMessage(original))
    return bounce


def postfix_bounce(headers: EmailMessage | None, recipient: str, answer: str = POSTFIX_ANSWER,
                   *, action: str = "failed", status: str = "5.1.1",
                   written: str | None = None) -> MIMEMultipart:
    """A bounce as Postfix writes it: only the original headers (or none)."""
    bounce = MIMEMultipart("report", report_type="delivery-status")
    bounce["From"] = "MAILER-DAEMON@relay.ki.example.go.id (Mail Delivery System)"
    bounce["To"] = USER
    bounce["Subject"] = ("Delayed Mail (still being retried)" if action == "delayed"
                         else "Undelivered Mail Returned to Sender")
    bounce["Date"] = written or format_datetime(utcnow())
    bounce.attach(MIMEText("This is the mail system at host relay.ki.example.go.id.\n\n"
                           "I'm sorry to have to inform you that your message could not\n"
                           "be delivered to one or more recipients.\n"))
    bounce.attach(report_part("relay.ki.example.go.id", recipient, answer, action=action,
                              status=status, extra={"X-Postfix-Queue-ID": "4Z1xQ2abcdz"}))
    if headers is not None:
        text = "".join(f"{name}: {value}\n" for name, value in headers.items())
        bounce.attach(MIMEText(text, "rfc822-headers"))
    return bounce
