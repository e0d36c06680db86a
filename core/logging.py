"""Logs an operator can search: JSON lines by setting (LOG_FORMAT=json), each with the
request id the audit events of the same request carry (core.request_context).

- `RequestIdFilter` puts `request_id` on every record: the request's, or in a Celery
  task the task's id, or "" outside both;
- `JsonFormatter` writes time (UTC, ISO 8601), level, logger, message and request_id,
  and any extra fields a call passes;
- `RequestLogMiddleware` writes one INFO line per request ("GET /path 200"), inside the
  request id's scope, so the line and the audit events can be joined by that id.
The questionnaire-token filter (vendors.rules.log_redaction) still runs on every line:
paths are in the message, where it redacts them, never in an extra field.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

from core.request_context import current_request_id

request_logger = logging.getLogger("aigov.requests")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = current_request_id() or _celery_task_id()
        return True


def _celery_task_id() -> str:
    from celery import current_task

    task = current_task
    return (task.request.id or "") if task else ""


class JsonFormatter(_JsonFormatter):
    """One JSON object a line: time, level, logger, message, request_id (+ extras)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        super().__init__(["time", "levelname", "name", "message", "request_id"], **kwargs)

    def add_fields(self, log_data, record, message_dict) -> None:
        record.time = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
        record.request_id = getattr(record, "request_id", "")
        super().add_fields(log_data, record, message_dict)


class RequestLogMiddleware:
    """One line per request at INFO (silent at the default WARNING level)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_logger.isEnabledFor(logging.INFO):
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        took = round((time.perf_counter() - started) * 1000, 1)
        request_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={"status": response.status_code, "duration_ms": took},
        )
        return response
