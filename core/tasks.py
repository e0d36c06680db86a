"""Thin Celery tasks of the kernel: take ids, call one service, safe to run twice."""

from celery import shared_task

from core.services import notification_email_deliver


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notification_email(notification_id: int) -> bool:
    return notification_email_deliver(notification_id=notification_id)
