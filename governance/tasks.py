"""The governance layer's Celery tasks: thin, take ids, call one service, safe to run twice."""

from celery import shared_task
from django.conf import settings

# The hard limit kills the worker's child process (the export worker is recycled after
# each render anyway); the soft limit, a little earlier, lets the run record why it failed.
SOFT_LIMIT_SHARE = 0.95


@shared_task(
    acks_late=True,
    time_limit=settings.PACK_RENDER_TIME_LIMIT,
    soft_time_limit=max(1, int(settings.PACK_RENDER_TIME_LIMIT * SOFT_LIMIT_SHARE)),
)
def pack_export(pack_id: int) -> None:
    """Render one audit pack (on settings.PACK_EXPORT_QUEUE, see run_portal's "exports"
    worker). A redelivered or duplicated task finds the pack claimed and does nothing."""
    from governance.services.packs.export import pack_run

    pack_run(pack_id=pack_id)


@shared_task(acks_late=True)
def packs_sweep() -> dict[str, int]:
    """Every minute (CELERY_BEAT_SCHEDULE): fail dead runs, delete expired pack files."""
    from governance.services.packs.export import packs_sweep as sweep

    counts = sweep()
    return {"failed": counts.failed, "deleted": counts.deleted}
