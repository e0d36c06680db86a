"""Mail to an address outside the portal's people (a vendor's contact), with the same
guarantees as a notification's e-mail (core.services.notification_send):

- `mail_send` writes an OutboundMail row in the caller's transaction and enqueues core's
  retried task when it commits: a transaction that rolls back sends nothing.
- `outbound_mail_deliver` (the task's one call) sends it once: the row stays locked
  while the mail goes out, a failing mail server rolls back and the task retries, a
  second delivery of the same task finds it sent.

A person of the portal gets a notification instead (inbox and e-mail, with a link).
"""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from core.models import OutboundMail
from core.writes import row_create, row_update


@transaction.atomic
def mail_send(
    *, to: str, subject: str, body: str, reason: str, keep_body: bool = True
) -> OutboundMail:
    """Send `body` to the address `to` after commit; `reason` says why (kept on the row).

    With `keep_body=False` (a body carrying a secret, such as a link's token) the body
    is erased once the mail is sent. No actor and no permission check: the service that
    decided to mail has checked them and records its own audit event."""
    text = {"subject": subject[:200], "body": body, "reason": reason[:200]}
    mail = row_create(
        actor=None,
        model=OutboundMail,
        values={"to": to, **text, "keep_body": keep_body},
        action=None,  # the calling service's event says what was sent, and to whom
    )
    transaction.on_commit(lambda: _enqueue(mail.pk))
    return mail


def _enqueue(mail_id: int) -> None:
    from core.tasks import outbound_mail_send

    outbound_mail_send.delay(mail_id)


def outbound_mail_deliver(*, mail_id: int) -> bool:
    """Send one outbound mail, once. True if it was sent now."""
    with transaction.atomic():
        mail = (
            OutboundMail.objects.select_for_update(skip_locked=True)
            .filter(pk=mail_id, sent_at__isnull=True)
            .first()
        )
        if mail is None:
            return False
        send_mail(mail.subject, mail.body, None, [mail.to])
        values = {"sent_at": timezone.now()}
        if not mail.keep_body:
            values["body"] = ""
        row_update(actor=None, obj=mail, values=values, action=None)
    return True
