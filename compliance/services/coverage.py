"""Keeping the stored statuses the board's matrix reads in step with the rule
(compliance.selectors.coverage): computed, never set by hand, so these rows carry no
audit event of their own; the decisions that move them (an acceptance, a finding of
not applicable) and the evidence's own changes are audited where they are made.

A refresh recomputes a batch of systems in the same fixed number of queries as the
page, writes only what changed, drops rows of requirements that no longer apply, and
keeps the month's trend row. It returns the requirements that went from met to review
needed, for their reviewers to be told (compliance.services.review)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from compliance.models import CoverageMonth, StatusSnapshot
from compliance.rules.status import MET, NOT_APPLICABLE, REVIEW_NEEDED
from compliance.selectors.coverage import coverage_for, systems_with_facts
from registry.models import AISystem

BATCH = 200


@dataclass
class Refreshed:
    systems: int = 0
    changed: int = 0
    # (system pk, requirement pk) that were met and now need review
    back_to_review: list[tuple[int, int]] = field(default_factory=list)


@transaction.atomic
def coverage_refresh(*, system_pks: list[int], today: date, now: datetime) -> Refreshed:
    """Recompute and store the statuses of these systems (any number, in batches)."""
    result = Refreshed()
    for start in range(0, len(system_pks), BATCH):
        _refresh_batch(system_pks[start : start + BATCH], today, now, result)
    return result


def system_statuses_refresh(system) -> Refreshed:
    """One system after a decision or a document on it: its statuses and its review
    clocks at once, in the caller's transaction (one system costs the page's fixed
    number of queries), so no reader sees the change without its effect."""
    from compliance.services.review import review_clocks_update

    now = timezone.now()
    result = coverage_refresh(system_pks=[system.pk], today=timezone.localdate(now), now=now)
    review_clocks_update(back_to_review=result.back_to_review, now=now)
    return result


def coverage_refresh_all(*, today: date, now: datetime) -> Refreshed:
    pks = list(AISystem.objects.order_by("pk").values_list("pk", flat=True))
    return coverage_refresh(system_pks=pks, today=today, now=now)


def _refresh_batch(pks: list[int], today: date, now: datetime, result: Refreshed) -> None:
    systems = list(systems_with_facts(AISystem.objects.filter(pk__in=pks)))
    coverage = coverage_for(systems, today)
    stored = {
        (row.system_id, row.requirement_id): row
        for row in StatusSnapshot.objects.select_for_update().filter(system__in=pks)
    }
    new, changed, keep = [], [], set()
    for system_pk, frameworks in coverage.items():
        for fc in frameworks:
            for row in fc.rows:
                key = (system_pk, row.requirement.pk)
                keep.add(key)
                old = stored.get(key)
                if old is None:
                    new.append(_snapshot(system_pk, row, fc.framework.pk, now))
                elif old.status != row.status:
                    if old.status == MET and row.status == REVIEW_NEEDED:
                        result.back_to_review.append(key)
                    old.status, old.computed_at = row.status, now
                    changed.append(old)
    gone = [row.pk for key, row in stored.items() if key not in keep]
    StatusSnapshot.objects.filter(pk__in=gone).delete()
    StatusSnapshot.objects.bulk_create(new)
    StatusSnapshot.objects.bulk_update(changed, ["status", "computed_at"])
    _months_store(coverage, today, now)
    result.systems += len(systems)
    result.changed += len(new) + len(changed) + len(gone)


def _snapshot(system_pk, row, framework_pk, now) -> StatusSnapshot:
    return StatusSnapshot(
        system_id=system_pk,
        requirement_id=row.requirement.pk,
        framework_id=framework_pk,
        status=row.status,
        computed_at=now,
    )


def _months_store(coverage, today: date, now: datetime) -> None:
    """This month's trend row per system and framework: the last refresh of the month
    is what the month shows."""
    month = today.replace(day=1)
    rows = [
        CoverageMonth(
            system_id=system_pk,
            framework_id=fc.framework.pk,
            month=month,
            applicable=sum(1 for r in fc.rows if r.status != NOT_APPLICABLE),
            met=sum(1 for r in fc.rows if r.status == MET),
            computed_at=now,
        )
        for system_pk, frameworks in coverage.items()
        for fc in frameworks
    ]
    CoverageMonth.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["system", "framework", "month"],
        update_fields=["applicable", "met", "computed_at"],
    )
