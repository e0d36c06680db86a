"""What compliance puts in "Waiting for me" (core.work): for a reviewer, the systems
whose requirements of a framework they review were met and need their review again
(accepted evidence changed, expired or was superseded), one line per system and
framework, with the earliest review clock they own on it. Never a system their own team
owns (they may not review it). Capped at CAP lines with the true total; three queries."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count

from compliance.lists import system_compliance_url
from compliance.models import StatusSnapshot
from compliance.rules.status import REVIEW_NEEDED
from compliance.services.review import REVIEW_KIND
from core.choices import Role
from core.models import Deadline
from core.permissions import roles_of, teams_where
from core.work import WorkItem, WorkShown

CAP = 20
# Any role an administrator may make a framework's reviewer (not a team's product owner).
REVIEWER_ROLES = frozenset(Role.values) - {Role.PRODUCT_OWNER}


def _waiting(user):
    return (
        StatusSnapshot.objects.filter(
            status=REVIEW_NEEDED,
            framework__is_current=True,
            framework__reviewer_role__in=roles_of(user),
        )
        .exclude(system__owner_team_id__in=teams_where(user, Role.PRODUCT_OWNER))
        .order_by()
    )


def _clocks_due(user) -> dict[tuple[int, int], Deadline]:
    """The person's open review clocks by (system pk, framework pk): the earliest."""
    clocks = list(
        Deadline.objects.filter(
            kind=REVIEW_KIND,
            owner=user,
            subject_type=ContentType.objects.get_for_model(StatusSnapshot),
            met_at__isnull=True,
            cancelled_at__isnull=True,
        ).order_by("due_at")
    )
    if not clocks:
        return {}
    rows = StatusSnapshot.objects.in_bulk([int(c.subject_id) for c in clocks])
    due: dict[tuple[int, int], Deadline] = {}
    for clock in clocks:
        row = rows.get(int(clock.subject_id))
        if row is not None:
            due.setdefault((row.system_id, row.framework_id), clock)
    return due


def reviews_waiting_for(user) -> list[WorkItem]:
    """One line per system and framework with requirements needing review again."""
    waiting = _waiting(user)
    groups = list(
        waiting.values(
            "system_id",
            "framework_id",
            "system__system_id",
            "system__name",
            "framework__name",
            "framework__key",
        )
        .annotate(n=Count("pk"))
        .order_by("system__system_id", "framework__name")[:CAP]
    )
    if len(groups) < CAP:
        total = len(groups)
    else:
        total = waiting.values("system_id", "framework_id").distinct().count()
    due = _clocks_due(user) if groups else {}
    items = []
    for group in groups:
        clock = due.get((group["system_id"], group["framework_id"]))
        n = group["n"]
        items.append(
            WorkItem(
                title=(
                    f"{group['system__system_id']} {group['system__name']}: "
                    f"{group['framework__name']}"
                ),
                url=system_compliance_url(group["system__system_id"], group["framework__key"]),
                why=(
                    f"{n} requirement{'s' if n != 1 else ''} met before need{'s' if n == 1 else ''}"
                    " your review again: the evidence accepted for it changed or expired."
                ),
                due_at=clock.due_at if clock else None,
                warn_before=tuple(clock.warn_before) if clock else (),
            )
        )
    return WorkShown(items, total=total)
