"""The Celery application: one worker pool and one beat, both on Redis."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("aigov")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every worker writes a heartbeat that /healthz reads (core.operations).
from core.operations.heartbeat import WorkerHeartbeat  # noqa: E402

app.steps["worker"].add(WorkerHeartbeat)
