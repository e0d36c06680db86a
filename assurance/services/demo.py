"""The demo's assurance (issue 20), written through the assurance services and run by
`manage.py load_demo` as a contributed step (core.demo_steps), so every assurance page
has something to show:

- the AI safety lead's completed red-team exercise of churn prediction (SYS-007), with
  results per attack category: no attack got through, but the guardrails refuse 18% of
  legitimate requests in one category, above the medium tier's 15% (a finding, and the
  trade-off the trend page warns of). No successful attack, so the loop adds nothing to
  the demo's register of twenty risks; the browser journey imports its own garak report
  with successful jailbreaks into a new exercise of the hiring screener;
- a monitoring plan on the hiring screener (SYS-001): accuracy overall and for
  applicants over 60, 72 hourly values, the last six for the over-60s under their
  threshold (one open breach episode, its incident proposed), daily log digests expected,
  a year's retention declared (short of the ten years a high-risk provider keeps);
- ten days of its log digests with one day missing, and a monitoring token.

`now` is a parameter (the step passes none: the present); the data is the same for the
same `now`. Idempotent: once the screener has a plan, a second run changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta

from django.utils import timezone

from assurance.choices import BreachKind, Direction, ExerciseStatus, Method, StackPart
from assurance.models import MonitoringPlan
from assurance.rules.logs import batch_digest
from assurance.rules.results import ResultRow
from assurance.services.exercises import exercise_create
from assurance.services.log_digests import log_digest_record
from assurance.services.metrics import Value, metrics_ingest
from assurance.services.plans import plan_save
from assurance.services.results import results_record
from assurance.services.tokens import monitoring_token_issue
from core.models import User
from core.writes import row_lock, row_update
from registry.models import AISystem

SCREENER, CHURN = "SYS-001", "SYS-007"
DIGEST_DAYS = 10
MISSING_DAY = 4  # days before yesterday: the one day without a digest
RETENTION_DAYS = 365
RESULTS = [  # category, attempts, successes, benign prompts, refusals
    ResultRow("jailbreak", 200, 0, 150, 27),
    ResultRow("prompt_injection", 120, 0, 150, 6),
    ResultRow("data_exfiltration", 80, 0, 100, 4),
]


def demo_assurance(now: datetime | None = None) -> str:
    """The step; its console line."""
    now = now or timezone.now()
    screener = AISystem.objects.filter(system_id=SCREENER).first()
    if screener is None or MonitoringPlan.objects.filter(system=screener).exists():
        return "Assurance: already loaded."
    owner = User.objects.get(email="owner@example.com")
    exercise = _exercise(now)
    episodes = _monitoring(screener, owner, now)
    digests = _digests(screener, owner, now)
    monitoring_token_issue(actor=owner, system=screener, name="screener production")
    return (
        f"Assurance: {exercise} with {len(RESULTS)} categories, a monitoring plan on "
        f"{SCREENER} ({episodes} breach episode), {digests} days of log digests."
    )


def _exercise(now: datetime) -> str:
    """A completed quarterly exercise of churn prediction, with its results."""
    safety = User.objects.get(email="safety@example.com")
    churn = AISystem.objects.get(system_id=CHURN)
    exercise = exercise_create(
        actor=safety,
        data={
            "title": "Quarterly jailbreak and injection sweep",
            "systems": [churn],
            "scope": "The churn assistant's chat front end with retrieval and guardrails.",
            "attacker_personas": "A customer trying to extract other customers' scores.",
            "assets": "Customer churn scores; the retention offers' rules.",
            "methods": [Method.AUTOMATED, Method.HUMAN],
            "stack_tested": [StackPart.BASE_MODEL, StackPart.RETRIEVAL, StackPart.GUARDRAILS],
            "started_on": (now - timedelta(days=20)).date(),
            "ended_on": (now - timedelta(days=14)).date(),
            "run_by": "AI safety team",
            "status": ExerciseStatus.COMPLETED,
        },
    )
    results_record(actor=safety, exercise=exercise, rows=RESULTS, source="manual")
    return exercise.exercise_id


def _monitoring(screener: AISystem, owner: User, now: datetime) -> int:
    """The screener's plan and 72 hourly values; the over-60s' accuracy falls below its
    threshold for the last six hours (one breach episode)."""
    plan = plan_save(
        actor=owner,
        system=screener,
        interval=timedelta(hours=2),
        metrics=[
            {
                "metric": "accuracy",
                "group": "",
                "direction": Direction.AT_LEAST,
                "threshold": 0.85,
                "breach_kind": BreachKind.PERFORMANCE_REGRESSION,
            },
            {
                "metric": "accuracy",
                "group": "age_60_plus",
                "direction": Direction.AT_LEAST,
                "threshold": 0.8,
                "breach_kind": BreachKind.BIAS_HARM,
            },
        ],
        notes="Accuracy overall and for applicants over 60 (the card's fairness metric).",
    )
    row_lock(plan)
    row_update(
        actor=owner,
        obj=plan,
        values={"log_digests_expected": True, "log_retention_days": RETENTION_DAYS},
        action="monitoring_plan.updated",
    )
    start = now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=72)
    values = []
    for hour in range(72):
        at = start + timedelta(hours=hour)
        values.append(Value("accuracy", "", 0.9 + (hour % 5) / 100, at))
        older = 0.84 + (hour % 3) / 100 if hour < 66 else 0.74 + (hour % 3) / 100
        values.append(Value("accuracy", "age_60_plus", older, at))
    return metrics_ingest(actor=owner, system=screener, values=values).episodes_opened


def _digests(screener: AISystem, owner: User, now: datetime) -> int:
    """The digests of the ten days before today but one (MISSING_DAY)."""
    today = now.date()
    sent = 0
    for back in range(DIGEST_DAYS, 0, -1):
        day = today - timedelta(days=back)
        if back == MISSING_DAY + 1:
            continue
        batch = _batch(day)
        digest = batch_digest(batch)
        log_digest_record(
            actor=owner,
            system=screener,
            day=day,
            records=digest.records,
            sha256=digest.sha256,
            merkle_root=digest.merkle_root,
            location=f"s3://screener-logs/{day:%Y/%m/%d}.jsonl",
            now=now,
        )
        sent += 1
    return sent


def _batch(day) -> bytes:
    """A day's batch of the screener's own records (the same bytes for the same day)."""
    rows = []
    for n in range(24):
        seed = hashlib.sha256(f"{day}-{n}".encode()).hexdigest()
        rows.append(
            {
                "at": f"{day}T{n:02d}:00:00Z",
                "session": seed[:12],
                "model": "screener-2.3",
                "prompt_template": "rank-v7",
                "decision": "advance" if int(seed[12], 16) % 2 else "review",
            }
        )
    return b"".join(json.dumps(row, sort_keys=True).encode() + b"\n" for row in rows)
