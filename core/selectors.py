"""Reads of the kernel that pages and endpoints need, each at a fixed query cost."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.db.models import Case, CharField, F, Max, Model, QuerySet, Value, When, Window
from django.db.models.functions import Cast, Concat
from django.http import Http404
from django.shortcuts import get_object_or_404

from core.audit_list import AUDIT_LIST
from core.lists import ListQuery
from core.models import (
    ApiToken,
    AuditEvent,
    Notification,
    OrganisationProfile,
    RoleAssignment,
    User,
)
from core.permissions import can

M = TypeVar("M", bound=Model)


def audit_list_for(user, params=None, *, time_zone: str = "UTC") -> ListQuery:
    """The audit trail as `params` filter and sort it (see core/audit_list.py): the only
    way into the trail for its page and its export. Days are calendar days in
    `time_zone`, the viewer's."""
    events = all_or_none(user, "core.audit.view", AuditEvent)
    return AUDIT_LIST.query(events, params, time_zone=time_zone)


def all_or_none(user, action: str, model: type[M]) -> QuerySet[M]:
    """Every `model` row to whoever `can(user, action)`, none to anyone else: the
    `<entity>s_visible_to` of a list that everyone with the right reads whole (the
    register, the sessions, the incidents), so who sees what is decided in one line."""
    return model.objects.all() if can(user, action) else model.objects.none()


def notifications_for(user, *, unread_only: bool = False, kind: str = "") -> QuerySet[Notification]:
    """A person's own inbox, grouped by what each notification is about: the subject
    heard from most recently first, its notifications newest first. `subject_key` names
    the group (a notification about nothing in particular is a group of its own)."""
    notes = Notification.objects.filter(recipient=user)
    if unread_only:
        notes = notes.filter(read_at__isnull=True)
    if kind:
        notes = notes.filter(subject_type=kind)
    subject = [F("subject_type"), F("subject_id")]
    return notes.annotate(
        subject_latest=Window(Max("created_at"), partition_by=subject),
        subject_key=Case(
            When(subject_type="", then=Concat(Value("note-"), Cast("pk", CharField()))),
            default=Concat("subject_type", Value(":"), "subject_id"),
        ),
    ).order_by("-subject_latest", "subject_type", "subject_id", "-created_at", "-id")


def notification_kinds_for(user) -> list[tuple[str, str]]:
    """What the person's notifications are about, as (subject type, plural label) for
    the inbox's filter (one query)."""
    types = (
        Notification.objects.filter(recipient=user)
        .exclude(subject_type="")
        .values_list("subject_type", flat=True)
        .distinct()
        .order_by("subject_type")
    )
    return sorted(((label, _kind_label(label)) for label in types), key=lambda k: k[1])


def _kind_label(model_label: str) -> str:
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        return model_label
    return str(model._meta.verbose_name_plural).capitalize()


def visible_or_404(rows: QuerySet, missing: str, /, **lookup):
    """The one row of `rows` (already narrowed to what the user may see) that matches
    `lookup`, or Http404(`missing`): a forbidden row and a missing one answer alike, so
    the answer tells nobody what exists. Every app's `<entity>_get_for` ends here."""
    found = rows.filter(**lookup).first()
    if found is None:
        raise Http404(missing)
    return found


def notification_get_for(user, pk: int) -> Notification:
    """One of the user's own notifications; 404 for someone else's, as for a missing one."""
    return get_object_or_404(Notification, pk=pk, recipient=user)


def role_assignments_of(user: User) -> list[RoleAssignment]:
    """The roles a person holds, with their teams (one query)."""
    return list(
        RoleAssignment.objects.filter(user=user).select_related("team").order_by("role", "team")
    )


def api_tokens_for(user) -> QuerySet[ApiToken]:
    """A person's own API tokens, newest first (revoked ones too, for the record)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def api_token_get_for(user, pk: int) -> ApiToken:
    return get_object_or_404(ApiToken.objects.select_related("user"), pk=pk, user=user)


def organisation_profile_get() -> OrganisationProfile:
    """The organisation's one profile (DOMAIN.md 13), created on first use with the
    time zone and holiday country the settings give (ORGANISATION_TIME_ZONE,
    INCIDENT_HOLIDAY_COUNTRY) and every other item blank. One query once it exists."""
    profile, _ = OrganisationProfile.objects.get_or_create(
        pk=1,
        defaults={
            "time_zone": settings.ORGANISATION_TIME_ZONE,
            "holiday_country": settings.INCIDENT_HOLIDAY_COUNTRY,
        },
    )
    return profile


def users_with_role(role: str | Iterable[str], *, team=None, active: bool = True) -> QuerySet[User]:
    """The people who hold `role` (or any of several roles), each once, by id.

    `team` (a Team or its id) narrows a team-scoped role (a product owner of the team
    that owns a system); inactive accounts are left out unless `active` is False.
    The answer is a queryset: one query when read, and callers may narrow it further.
    """
    roles = [role] if isinstance(role, str) else list(role)
    assignments = RoleAssignment.objects.filter(role__in=roles)
    if team is not None:
        assignments = assignments.filter(team=team)
    people = User.objects.filter(pk__in=assignments.values("user_id"))
    if active:
        people = people.filter(is_active=True)
    return people.order_by("pk")
