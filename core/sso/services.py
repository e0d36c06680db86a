"""Writes of single sign-on: a person's roles following their groups at each sign-in,
and the account made for someone the portal did not know. Each change is an identity
event (core.identity) naming the person, the group and the provider."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from core.identity import identity_change_record
from core.models import RoleAssignment, SsoGroupMapping, SsoRoleGrant, Team, User
from core.permissions import forget_roles
from core.sso.rules import RoleChanges, RoleKey, role_changes, roles_wanted
from core.writes import row_create, row_delete, row_lock


@transaction.atomic
def sso_roles_sync(*, user: User, groups: Iterable[str], provider: str) -> RoleChanges:
    """Bring the roles single sign-on gave `user` in line with their `groups` at this
    sign-in (SsoGroupMapping): give the roles their groups map to that they do not hold
    yet, take away those single sign-on gave that no group maps to any more. Roles an
    administrator gave by hand are never taken away here.

    The person is the actor: the provider vouched for their groups as they signed in."""
    row_lock(user)  # two sign-ins at once: the second sees the first one's roles
    wanted = roles_wanted(groups, SsoGroupMapping.objects.values_list("group", "role", "team"))
    held = {
        (a.role, a.team_id): a
        for a in RoleAssignment.objects.filter(user=user).select_related("team", "sso_grant")
    }
    by_sso = {key for key, assignment in held.items() if _given_by_sso(assignment)}
    changes = role_changes(wanted, by_sso=by_sso, by_hand=set(held) - by_sso)
    teams = Team.objects.in_bulk({team for _, team in changes.grant if team is not None})
    for (role, team_id), group in sorted(changes.grant.items(), key=lambda kv: _order(kv[0])):
        _grant(user, role, teams.get(team_id), group=group, provider=provider)
    for key in sorted(changes.revoke, key=_order):
        _revoke(user, held[key], provider=provider)
    forget_roles(user)
    return changes


def _order(key: RoleKey) -> tuple[str, int]:
    """Events in a stable order: by role, then team."""
    return key[0], key[1] or 0


def _given_by_sso(assignment: RoleAssignment) -> bool:
    try:
        return assignment.sso_grant is not None
    except SsoRoleGrant.DoesNotExist:
        return False


def _role_words(role: str, team: Team | None) -> dict:
    return {"role": role, "team": team.name if team else None}


def _grant(user: User, role: str, team: Team | None, *, group: str, provider: str) -> None:
    assignment = row_create(
        actor=user,
        model=RoleAssignment,
        values={"user": user, "role": role, "team": team},
        action=None,  # one identity event below says what and why
    )
    row_create(
        actor=user,
        model=SsoRoleGrant,
        values={"assignment": assignment, "group": group},
        action=None,
    )
    identity_change_record(
        actor=user,
        user=user,
        action="sso.role_granted",
        changes={**_role_words(role, team), "group": group, "provider": provider},
    )


def _revoke(user: User, assignment: RoleAssignment, *, provider: str) -> None:
    group = assignment.sso_grant.group
    words = _role_words(assignment.role, assignment.team)
    row_delete(actor=user, obj=assignment, action=None)  # its SsoRoleGrant goes with it
    identity_change_record(
        actor=user,
        user=user,
        action="sso.role_revoked",
        changes={**words, "former_group": group, "provider": provider},
    )


@transaction.atomic
def sso_account_created_record(*, user: User, provider: str) -> None:
    """Record the account allauth made for someone the portal did not know, at their
    first single sign-on, with the address the provider vouched for."""
    identity_change_record(
        actor=user,
        user=user,
        action="sso.account_created",
        changes={"address": user.email, "provider": provider},
    )
