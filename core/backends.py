"""Authentication backends that load a signed-in person's roles, and their unread
notification count, with the person.

Every page asks `can`, which needs the roles, and shows the inbox badge; loading
both with the user makes that one query instead of three on every request
(core.permissions.roles_of, core.context_processors.portal).
"""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend
from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from core.models import Notification, User
from core.permissions import remember_roles


def _unread_count() -> Coalesce:
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(unread, output_field=IntegerField()), 0)


def user_with_roles(user_id) -> User | None:
    """The user with their (role, team) pairs and unread count in one query; None when
    there is none. The count is a subquery: a join would repeat the roles."""
    user = (
        User.objects.annotate(
            unread_notifications=_unread_count(),
            role_names=ArrayAgg("role_assignments__role", order_by="role_assignments__id"),
            role_teams=ArrayAgg("role_assignments__team_id", order_by="role_assignments__id"),
        )
        .filter(pk=user_id)
        .first()
    )
    if user is not None:
        pairs = zip(user.role_names, user.role_teams, strict=True)
        remember_roles(user, [(role, team) for role, team in pairs if role is not None])
    return user


class _RolesWithUser:
    def get_user(self, user_id):
        user = user_with_roles(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class PortalModelBackend(_RolesWithUser, ModelBackend):
    """Django's model backend, with the roles loaded with the user."""


class PortalAllauthBackend(_RolesWithUser, AuthenticationBackend):
    """allauth's backend (login by e-mail), with the roles loaded with the user."""
