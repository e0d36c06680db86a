"""Thin Celery tasks of the kernel: take ids, call one service, safe to run twice."""

from celery import shared_task

from core.services import notification_email_deliver


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notification_email(notification_id: int) -> bool:
    return notification_email_deliver(notification_id=notification_id)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def outbound_mail_send(mail_id: int) -> bool:
    """One mail to an address outside the portal's people (core.mail); a failing mail
    server (an OSError, smtplib's errors included) is retried with a growing pause."""
    from core.mail import outbound_mail_deliver

    return outbound_mail_deliver(mail_id=mail_id)


@shared_task(acks_late=True, bind=True)
def deadlines_sweep(self) -> int:
    """The one beat entry of the clocks: safe to run twice, or to die halfway. Its end
    is marked for /healthz ("beat": the last sweep's age)."""
    from core.clocks.sweep import deadlines_sweep_run
    from core.operations.marks import sweep_done_write

    sent = deadlines_sweep_run()
    sweep_done_write(self.request.id or "")
    return sent


@shared_task(acks_late=True)
def audit_chain_verify() -> bool:
    """Beat's nightly full walk of the audit chain (core.audit_nightly): True if intact.
    Safe to run twice: a second walk records the same head again, or the same notice."""
    from core.audit_nightly import audit_chain_verify_nightly

    return audit_chain_verify_nightly().ok
