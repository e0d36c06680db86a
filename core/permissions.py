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


class ConsoleOperator:
    """Whoever runs a management command on the server (`manage.py load_demo`,
    `issue_token`). They hold the database already; the commands act as them rather
    than as nobody, for the few actions in CONSOLE_ACTIONS, and the audit trail names
    them "console"."""

    is_authenticated = True
    is_active = True
    is_superuser = False
    pk = None
    email = "console"

    def __str__(self) -> str:
        return "console"


CONSOLE = ConsoleOperator()
# Bootstrapping: the first administrator, and tokens for people who cannot log in yet.
CONSOLE_ACTIONS = frozenset(
    {"core.user.create", "core.user.superuser_grant", "core.role.grant", "core.token.issue"}
)


def can(user, action: str, obj: Any = None) -> bool:
    """May this user perform this action (on this object)? Unknown actions: no."""
    if user is CONSOLE:
        return action in CONSOLE_ACTIONS
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


# is_member and is_admin take (and ignore) the object too, so that an app registers
# them as the rule of an action itself: register("x.y.view", is_member).
def is_member(user, _obj: Any = None) -> bool:
    """Any role at all: members of the organisation read the portal."""
    return bool(roles_of(user)) or user.is_superuser


def is_admin(user, _obj: Any = None) -> bool:
    return user.is_superuser or Role.ADMIN in roles_of(user)


def forget_roles(user) -> None:
    """Drop the cached roles after they change."""
    for attr in ("_portal_roles", "_portal_team_roles"):
        if hasattr(user, attr):
            delattr(user, attr)


def _is_self(user, person) -> bool:
    return person is not None and person.pk == user.pk


def may_read_audit(user, _obj=None) -> bool:
    return is_admin(user) or has_role(user, Role.AUDITOR)


register("core.audit.view", may_read_audit)
register("core.audit.export", may_read_audit)
register("core.admin.manage", is_admin)
register("core.organisation.view", is_member)
register("core.organisation.change", is_admin)
register("core.team.create", is_admin)
register("core.user.create", is_admin)
register("core.user.superuser_grant", lambda u, _: u.is_superuser)
register("core.user.time_zone_change", lambda u, person: _is_self(u, person) or is_admin(u))
register("core.role.grant", is_admin)
register("core.role.revoke", is_admin)
register("core.token.manage_own", lambda u, _: True)
# A token acts as its owner: only the owner issues one (the console may, for scripts).
register("core.token.issue", lambda u, owner: _is_self(u, owner))
register(
    "core.token.revoke",
    lambda u, token: (token is not None and token.user_id == u.pk) or is_admin(u),
)
register("core.notification.read_own", lambda u, _: True)
register("core.list.export", is_member)
# Evidence files: every member uploads (an app's link service decides where it may be
# attached) and reads them, as every member reads every system; auditors are members.
register("core.evidence.upload", is_member)
register("core.evidence.view", is_member)


def require(user, action: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless `can(user, action, obj)`; services call this first."""
    from django.core.exceptions import PermissionDenied

    if not can(user, action, obj):
        raise PermissionDenied(f"Not allowed: {action}")


register("core.deadline.view_own", lambda u, _: True)
# "Waiting for me" (core.work): anyone with a role; each source asks only its roles.
register("core.work.view", is_member)
# The portfolio's due and overdue items: the governance board and administrators.
register("core.deadline.view_portfolio", lambda u, _: is_admin(u) or has_role(u, Role.BOARD))
