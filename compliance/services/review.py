"""Who reviews a framework's evidence, and the clock that brings a reviewer back when
accepted evidence moves (issue 19: "a change to the evidence (new version, expiry, a
voided approval) sends the requirement back to review, on the clocks engine").

After each refresh (compliance.tasks), every requirement that went from met to review
needed gets a core deadline of kind "compliance_review", due in 14 days, owned by a
holder of the framework's reviewer role who may review that system (never its owner),
and the role's holders are told. The deadline is met when a later refresh finds the
requirement met again, and cancelled when it no longer applies. The subject of the
clock is the stored status row (system, requirement), one open clock per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from compliance.lists import system_compliance_url
from compliance.models import Framework, StatusSnapshot
from compliance.permissions import ReviewSubject, may_review
from compliance.rules.status import MET
from core.choices import Role
from core.clocks.services import deadline_cancel, deadline_meet, deadline_open
from core.models import Deadline
from core.permissions import require
from core.selectors import users_with_role
from core.services import notification_send_each
from core.writes import row_update

REVIEW_KIND = "compliance_review"
REVIEW_DUE = timedelta(days=14)
REVIEW_WARNINGS = (timedelta(days=7), timedelta(days=2))
ROLE_LABELS = dict(Role.choices)


@transaction.atomic
def framework_reviewer_set(*, actor, framework: Framework, reviewer_role: str) -> Framework:
    """Give the review of `framework`'s evidence to another role (administrators;
    compliance.framework.edit). An unknown role is refused on its field."""
    require(actor, "compliance.framework.edit", framework)
    row_update(
        actor=actor,
        obj=framework,
        values={"reviewer_role": reviewer_role},
        action="framework.updated",
        touch=False,
    )
    return framework


@dataclass
class ReviewClocks:
    opened: int = 0
    met: int = 0
    cancelled: int = 0


def _snapshot_type() -> ContentType:
    return ContentType.objects.get_for_model(StatusSnapshot)


def _open_clocks():
    return Deadline.objects.filter(
        kind=REVIEW_KIND,
        subject_type=_snapshot_type(),
        met_at__isnull=True,
        cancelled_at__isnull=True,
    )


@transaction.atomic
def review_clocks_update(*, back_to_review: list[tuple[int, int]], now: datetime) -> ReviewClocks:
    """Open a review clock for each (system pk, requirement pk) that went from met to
    review needed, and settle the open ones: met when the requirement is met again,
    cancelled when it no longer applies. Safe to run twice: one open clock per row."""
    result = ReviewClocks()
    _settle(result, now)
    if back_to_review:
        _open(back_to_review, result, now)
    return result


def _settle(result: ReviewClocks, now: datetime) -> None:
    clocks = list(_open_clocks())
    rows = StatusSnapshot.objects.in_bulk([int(c.subject_id) for c in clocks])
    for clock in clocks:
        row = rows.get(int(clock.subject_id))
        if row is None:
            deadline_cancel(actor=None, deadline=clock, reason="The requirement no longer applies.")
            result.cancelled += 1
        elif row.status == MET:
            deadline_meet(actor=None, deadline=clock, at=now)
            result.met += 1


def _open(keys: list[tuple[int, int]], result: ReviewClocks, now: datetime) -> None:
    wanted = set(keys)
    rows = [
        row
        for row in StatusSnapshot.objects.filter(
            system_id__in={s for s, _ in wanted}, requirement_id__in={r for _, r in wanted}
        ).select_related("system", "requirement", "framework")
        if (row.system_id, row.requirement_id) in wanted
    ]
    already = set(_open_clocks().values_list("subject_id", flat=True))
    holders: dict[str, list] = {}
    for row in sorted(rows, key=lambda r: (r.system_id, r.requirement.order)):
        if str(row.pk) in already:
            continue
        role = row.framework.reviewer_role
        if role not in holders:
            holders[role] = list(users_with_role(role))
        if _open_one(row, holders[role], now):
            result.opened += 1


def _open_one(row: StatusSnapshot, holders: list, now: datetime) -> bool:
    subject = ReviewSubject(row.system, row.framework)
    reviewers = [person for person in holders if may_review(person, subject)]
    owner = reviewers[0] if reviewers else users_with_role(Role.ADMIN).first()
    if owner is None:
        return False  # nobody to give it to: the status itself still says "review needed"
    system, framework, req = row.system, row.framework, row.requirement
    label = f"{system.system_id} {framework.name} {req.ref_id}: review the evidence again"
    link = system_compliance_url(system.system_id, framework.key)
    deadline = deadline_open(
        actor=None,
        subject=row,
        kind=REVIEW_KIND,
        label=label,
        due_at=now + REVIEW_DUE,
        owner=owner,
        warn_before=REVIEW_WARNINGS,
        link=link,
    )
    notification_send_each(
        reviewers or [owner],
        title=f"{system.system_id}: {framework.name} {req.ref_id} needs review again",
        reason=(
            f"You hold the {ROLE_LABELS.get(framework.reviewer_role, framework.reviewer_role)}"
            f" role, which reviews {framework.name} evidence."
        ),
        body=(
            f"{req.ref_id} {req.title} was met; evidence accepted for it changed, expired or "
            f"was superseded. It counts as met again once a reviewer accepts the evidence "
            f"(due {deadline.due_at:%Y-%m-%d})."
        ),
        link=link,
        subject=row,
        dedupe_key=lambda person: f"{REVIEW_KIND}:{deadline.pk}:{person.pk}",
    )
    return True
