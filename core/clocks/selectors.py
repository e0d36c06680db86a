"""Reads of the clocks."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils import timezone

from core.deadline_list import API_DEADLINES, DUE_SOON, MY_DEADLINES, PORTFOLIO_DEADLINES
from core.lists import ListQuery
from core.models import Deadline
from core.permissions import can


def deadline_open_for(*, subject, kind: str) -> Deadline | None:
    """The open deadline of `kind` on `subject`, if any: what an app meets or moves."""
    return Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=str(subject.pk),
        kind=kind,
        met_at__isnull=True,
        cancelled_at__isnull=True,
    ).first()


def deadlines_of(user):
    """A person's own deadlines (not cancelled)."""
    return Deadline.objects.filter(owner=user, cancelled_at__isnull=True)


def deadline_list_for(user, params=None, *, now=None, time_zone: str = "UTC") -> ListQuery:
    """My deadlines: the user's own, as `params` filter and sort them (core.deadline_list)."""
    context = {"now": now or timezone.now(), "time_zone": time_zone}
    return MY_DEADLINES.query(deadlines_of(user), params, **context)


def portfolio_deadline_list_for(user, params=None, *, now=None, time_zone="UTC") -> ListQuery:
    """The portfolio's open deadlines, for the board and administrators (none for others)."""
    context = {"now": now or timezone.now(), "time_zone": time_zone}
    visible = Deadline.objects.filter(met_at__isnull=True, cancelled_at__isnull=True)
    if not can(user, "core.deadline.view_portfolio"):
        visible = visible.none()
    return PORTFOLIO_DEADLINES.query(visible, params, **context)


def api_deadline_list_for(user, params=None, *, now=None) -> ListQuery:
    """The API's list: the caller's own deadlines; administrators and the board who name
    a subject (subject_type, subject_id) get every deadline of that subject."""
    params = params if params is not None else {}
    names_subject = any(params.get(name) for name in ("subject_type", "subject_id"))
    if names_subject and can(user, "core.deadline.view_portfolio"):
        visible = Deadline.objects.filter(cancelled_at__isnull=True)
    else:
        visible = deadlines_of(user)
    return API_DEADLINES.query(visible, params, now=now or timezone.now())


def deadline_counts_by(user, field: str, *, now=None, pressing_only=False) -> list[dict]:
    """Open deadlines grouped by `field` ("owner" or "label"), each with how many are
    overdue and due soon, most overdue first (one query; empty for non-board users).
    `pressing_only`: only the groups with something overdue or due soon."""
    if not can(user, "core.deadline.view_portfolio"):
        return []
    now = now or timezone.now()
    keys = {"owner": ("owner__full_name", "owner__email"), "label": ("label", "link")}[field]
    groups = (
        Deadline.objects.filter(met_at__isnull=True, cancelled_at__isnull=True)
        .values(*keys)
        .annotate(
            overdue=Count("pk", filter=Q(due_at__lte=now)),
            due_soon=Count("pk", filter=Q(due_at__gt=now, due_at__lte=now + DUE_SOON)),
            total=Count("pk"),
        )
    )
    if pressing_only:
        groups = groups.filter(Q(overdue__gt=0) | Q(due_soon__gt=0))
    return list(groups.order_by("-overdue", "-due_soon", *keys)[:50])


def overdue_count_for(user) -> int:
    """The nav's count: the user's own open deadlines past due (one query)."""
    return Deadline.objects.filter(
        owner=user, met_at__isnull=True, cancelled_at__isnull=True, due_at__lte=timezone.now()
    ).count()
