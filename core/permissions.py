"""One permission policy for the whole portal: `can(user, action, obj)`.

Each app registers the rules for its own actions in its permissions.py; views,
the API, templates and selectors all ask `can`. An action nobody registered is
denied, so a new endpoint without rules fails closed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.choices import Role

Rule = Callable[[Any, Any], bool]
_rules: dict[str, Rule] = {}


def register(action: str, rule: Rule) -> None:
    if action in _rules:
        raise ValueError(f"permission rule for {action!r} registered twice")
    _rules[action] = rule


def registered_actions() -> list[str]:
    return sorted(_rules)


def can(user, action: str, obj: Any = None) -> bool:
    """May this user perform this action (on this object)? Unknown actions: no."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    rule = _rules.get(action)
    return bool(rule and rule(user, obj))


def roles_of(user) -> frozenset[str]:
    """The roles a user holds, loaded once per user object (one query)."""
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        remember_roles(user, list(user.role_assignments.values_list("role", "team_id")))
        cached = user._portal_roles
    return cached


def remember_roles(user, pairs: list[tuple[str, int | None]]) -> None:
    """Keep the user's (role, team id) pairs on the user object for this request."""
    user._portal_roles = frozenset(role for role, _ in pairs)
    user._portal_team_roles = frozenset(pairs)


def teams_where(user, role: str) -> frozenset[int]:
    """Ids of the teams in which the user holds a team-scoped role."""
    roles_of(user)
    return frozenset(team for r, team in user._portal_team_roles if r == role and team)


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles)) or (Role.ADMIN in roles and user.is_superuser)


def is_member(user) -> bool:
    """Any role at all: members of the organisation read the portal."""
    return bool(roles_of(user)) or user.is_superuser


def is_admin(user) -> bool:
    return user.is_superuser or Role.ADMIN in roles_of(user)


def forget_roles(user) -> None:
    """Drop the cached roles after they change."""
    for attr in ("_portal_roles", "_portal_team_roles"):
        if hasattr(user, attr):
            delattr(user, attr)


register("core.audit.view", lambda u, _: is_admin(u) or has_role(u, Role.AUDITOR))
register("core.admin.manage", lambda u, _: is_admin(u))
register("core.token.manage_own", lambda u, _: True)
register("core.notification.read_own", lambda u, _: True)


def require(user, action: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless `can(user, action, obj)`; services call this first."""
    from django.core.exceptions import PermissionDenied

    if not can(user, action, obj):
        raise PermissionDenied(f"Not allowed: {action}")
