"""The registry's Celery tasks: thin, safe to run twice."""

from celery import shared_task


@shared_task(acks_late=True)
def vendor_reassessments_warn() -> int:
    """Daily: warn the owners of systems whose vendor products fall due for their yearly
    re-assessment (a warning is sent once per deadline, so a rerun sends nothing)."""
    from registry.services.vendor_links import vendor_reassessments_warn as warn

    return warn()
