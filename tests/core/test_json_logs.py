"""JSON logs by setting (LOG_FORMAT=json): every line carries time, level, logger,
message and the request id that the same request's audit events carry (a Celery task's
lines carry the task's id); questionnaire tokens are still redacted."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery import shared_task

from core.logging import JsonFormatter, RequestIdFilter
from core.models import AuditEvent
from tests.factories import PASSWORD
from vendors.rules.log_redaction import RedactQuestionnaireTokens

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def json_lines():
    """The console handler as LOG_FORMAT=json builds it, on the portal's request log."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactQuestionnaireTokens())
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    loggers = [logging.getLogger("aigov.requests"), logging.getLogger("aigov.test")]
    levels = [log.level for log in loggers]
    for log in loggers:
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for log, level in zip(loggers, levels, strict=True):
        log.removeHandler(handler)
        log.setLevel(level)


def test_a_request_id_joins_the_log_line_and_the_audit_event(client, personas, json_lines):
    client.post(
        "/accounts/login/",
        {"login": personas.dpo.email, "password": "wrong-" + PASSWORD},
        HTTP_X_REQUEST_ID="req-42.abc",
    )
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert failed.request_id == "req-42.abc"
    [line] = [line for line in json_lines() if line["logger"] == "aigov.requests"]
    assert line["request_id"] == "req-42.abc"
    assert line["message"] == "POST /accounts/login/ 200"
    assert line["level"] == "INFO"
    assert line["status"] == 200 and line["duration_ms"] >= 0
    assert line["time"].endswith("+00:00") and "T" in line["time"]


def test_a_token_in_a_path_is_redacted_in_the_json_line(client, db, json_lines):
    client.get("/q/secret-token-value/")
    [line] = [line for line in json_lines() if line["logger"] == "aigov.requests"]
    assert "secret-token-value" not in json.dumps(line)
    assert line["message"].startswith("GET /q/<redacted>/ ")
    assert len(line["request_id"]) == 32  # none offered: the portal's own


@shared_task
def log_in_a_task() -> None:
    logging.getLogger("aigov.test").warning("inside a task")


def test_a_task_s_lines_carry_its_task_id(json_lines):
    result = log_in_a_task.apply()
    [line] = json_lines()
    assert line["message"] == "inside a task"
    assert line["request_id"] == result.id


def test_log_format_json_makes_the_settings_write_json_lines(tmp_path):
    """The settings' own wiring, in a fresh process: a warning is one JSON line."""
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('aigov.check').warning('link /q/abc123/ seen')"
    )
    env = {**os.environ, "LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(text) for text in done.stderr.splitlines() if text.startswith("{")]
    [line] = [line for line in lines if line["logger"] == "aigov.check"]
    assert line["message"] == "link /q/<redacted>/ seen"
    assert (line["level"], line["request_id"]) == ("WARNING", "")
    assert set(line) == {"time", "level", "logger", "message", "request_id"}


def test_an_unknown_log_format_is_refused_at_start():
    env = {**os.environ, "LOG_FORMAT": "xml"}
    done = subprocess.run(
        [sys.executable, "-c", "import config.settings_operations"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "LOG_FORMAT must be text or json, not 'xml'" in done.stderr
