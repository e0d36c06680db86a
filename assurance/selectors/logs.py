"""Reads of the log digests (DOMAIN.md 12): the overview of the systems expecting them,
one system's digests with their place in the audit chain, and the digest in force for
a day. Each reads a fixed number of queries whatever the number of systems or digests."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import F, Max, Min

from assurance.models import LogDigest, MonitoringPlan
from assurance.rules import logs as rules
from core.models import ApiToken, AuditEvent
from registry.models import AISystem

SCOPE = "monitoring"  # the monitoring token's scope (core.api.authentication)
WINDOW_DAYS = 30  # the overview's missing days are counted over the last 30 days


def digest_in_force(system: AISystem, day: date) -> LogDigest | None:
    """The digest that counts for a day: the latest, i.e. the one no correction replaced."""
    return (
        LogDigest.objects.filter(system=system, date=day, corrected_by__isnull=True)
        .select_related("corrects")
        .order_by("-id")
        .first()
    )


@dataclass(frozen=True)
class Retention:
    declared: int | None
    required: int
    span: int  # days the digests cover, first to last
    problem: str  # "" when the declared retention is enough


@dataclass(frozen=True)
class DigestRow:
    """One system expecting digests, on the overview."""

    system: AISystem
    last_date: date | None
    missing: list[date]
    retention: Retention


def _window(now: datetime, since: date) -> tuple[date, date]:
    last = rules.last_day_due(now)
    return max(last - timedelta(days=WINDOW_DAYS - 1), since), last


def _since(plan: MonitoringPlan | None, first_digest: date | None) -> date | None:
    """Digests are expected from the plan's start, or from the first one if earlier."""
    known = [d for d in (plan.created_at.date() if plan else None, first_digest) if d]
    return min(known, default=None)


def _retention(plan: MonitoringPlan, system: AISystem, first, last) -> Retention:
    required = rules.required_retention_days(role=system.ai_act_role, tier=system.risk_tier)
    declared = plan.log_retention_days if plan else None
    return Retention(
        declared=declared,
        required=required,
        span=rules.span_days(first, last),
        problem=rules.retention_problem(declared=declared, required=required),
    )


def digest_overview(*, now: datetime) -> list[DigestRow]:
    """Every system whose plan expects daily digests: its last digest, the days missing
    in the last 30 (from its plan's start or its first digest, whichever is earlier),
    the retention it declares against the one required. Two queries."""
    plans = list(
        MonitoringPlan.objects.filter(log_digests_expected=True)
        .select_related("system__owner_team")
        .annotate(
            first_date=Min("system__log_digests__date"), last_date=Max("system__log_digests__date")
        )
        .order_by("system__system_id")
    )
    oldest = rules.last_day_due(now) - timedelta(days=WINDOW_DAYS)
    received = defaultdict(set)
    for system_id, day in LogDigest.objects.filter(
        system__in=[p.system_id for p in plans], date__gte=oldest
    ).values_list("system_id", "date"):
        received[system_id].add(day)
    rows = []
    for plan in plans:
        first, last = _window(now, _since(plan, plan.first_date))
        missing = rules.missing_days(received=received[plan.system_id], first=first, last=last)
        retention = _retention(plan, plan.system, plan.first_date, plan.last_date)
        rows.append(DigestRow(plan.system, plan.last_date, missing, retention))
    return rows


@dataclass(frozen=True)
class ShownDigest:
    digest: LogDigest
    event_hash: str  # "" when the event is not (or no longer) in the trail
    corrected: bool  # a later correction replaced it


@dataclass(frozen=True)
class SystemDigests:
    system: AISystem
    plan: MonitoringPlan | None
    digests: list[ShownDigest]  # newest day first, corrections before what they correct
    missing: list[date]
    retention: Retention


def system_digests(system: AISystem, *, now: datetime) -> SystemDigests:
    """One system's digests with their audit events' hashes, its missing days in the
    last 30 and its retention. Three queries."""
    plan = MonitoringPlan.objects.filter(system=system).first()
    digests = list(
        LogDigest.objects.filter(system=system).select_related("corrects").order_by("-date", "-id")
    )
    hashes = dict(
        AuditEvent.objects.filter(
            seq__in=[d.audit_sequence for d in digests if d.audit_sequence]
        ).values_list("seq", "hash")
    )
    corrected = {d.corrects_id for d in digests if d.corrects_id}
    shown = [ShownDigest(d, hashes.get(d.audit_sequence, ""), d.pk in corrected) for d in digests]
    days = {d.date for d in digests}
    first, last = _window(now, _since(plan, min(days, default=None)) or rules.last_day_due(now))
    expected = plan is not None and plan.log_digests_expected
    missing = rules.missing_days(received=days, first=first, last=last) if expected or days else []
    retention = _retention(plan, system, min(days, default=None), max(days, default=None))
    return SystemDigests(system, plan, shown, missing, retention)


def monitoring_tokens(system: AISystem):
    """The system's monitoring tokens, active ones first, newest first, with their
    holders (one query)."""
    return (
        ApiToken.objects.filter(scope=SCOPE, scope_object=str(system.pk))
        .select_related("user")
        .order_by(F("revoked_at").asc(nulls_first=True), "-created_at")
    )
