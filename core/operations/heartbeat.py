"""The worker's heartbeat: a Celery bootstep that writes the mark on the worker's timer.

On the worker's own timer (not a thread of ours), so a worker whose event loop hangs
stops beating too. config/celery.py adds it to every worker of the app."""

from __future__ import annotations

import logging

from celery import bootsteps

from core.operations import marks

logger = logging.getLogger("aigov.operations")


class WorkerHeartbeat(bootsteps.StartStopStep):
    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.tref = None

    def start(self, worker):
        self.beat(worker.hostname)  # at once: /healthz need not wait for the first interval
        self.tref = worker.timer.call_repeatedly(
            marks.HEARTBEAT_EVERY, self.beat, (worker.hostname,), priority=10
        )

    def stop(self, worker):
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None

    @staticmethod
    def beat(hostname: str) -> None:
        try:
            marks.worker_heartbeat_write(hostname)
        except Exception:  # Redis away for a moment: the next beat tries again
            logger.warning("The worker heartbeat could not be written", exc_info=True)
