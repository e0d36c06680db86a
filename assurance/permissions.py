"""Who may do what in assurance (DOMAIN.md 1, 9, 11, 12; issue 20).

Members read exercises, monitoring and digests. The AI safety lead, the CISO, the
security lead and administrators run red-team exercises on any system; whoever changes
a system (its team's product owners, administrators) runs them on their own systems.
Administrators edit the thresholds. Whoever changes a system keeps its monitoring plan
(the AI safety lead too), issues and revokes its monitoring token, and pushes values
and log digests (a person's token or session); the scoped token pushes for its one
system only, through the views that accept it (core.api.authentication). Anyone who
may read verifies a log batch: it writes nothing.

Actions (obj in brackets):
  assurance.view                                     (none)
  assurance.exercise.create                          (none)
  assurance.exercise.manage                          (Exercise: edit, results, import)
  assurance.thresholds.edit                          (none)
  assurance.plan.manage                              (registry AISystem)
  assurance.token.issue                              (registry AISystem)
  assurance.metrics.push, assurance.digest.record    (registry AISystem)
  assurance.episode.decide                           (registry AISystem: open the
                                                      proposed incident or dismiss it)
  assurance.digest.verify                            (none)
"""

from __future__ import annotations

from core.choices import Role
from core.permissions import has_role, is_admin, is_member, register
from registry.permissions import may_change

RED_TEAM_ROLES = (Role.AI_SAFETY, Role.CISO, Role.SECURITY_LEAD)


def may_create_exercise(user, _obj=None) -> bool:
    return is_admin(user) or has_role(user, *RED_TEAM_ROLES, Role.PRODUCT_OWNER)


def may_manage_exercise(user, exercise) -> bool:
    """Red-team roles on any exercise; others on exercises whose every system they change."""
    if is_admin(user) or has_role(user, *RED_TEAM_ROLES):
        return True
    if exercise is None:
        return False
    systems = list(exercise.systems.all())
    return bool(systems) and all(may_change(user, system) for system in systems)


def may_manage_plan(user, system) -> bool:
    return system is not None and (may_change(user, system) or has_role(user, Role.AI_SAFETY))


def may_push(user, system) -> bool:
    return system is not None and may_change(user, system)


def may_decide_episode(user, system) -> bool:
    return system is not None and (
        may_change(user, system) or has_role(user, Role.AI_SAFETY, Role.RESPONDER)
    )


register("assurance.view", is_member)
register("assurance.exercise.create", may_create_exercise)
register("assurance.exercise.manage", may_manage_exercise)
register("assurance.thresholds.edit", is_admin)
register("assurance.plan.manage", may_manage_plan)
register("assurance.token.issue", may_push)
register("assurance.metrics.push", may_push)
register("assurance.digest.record", may_push)
register("assurance.episode.decide", may_decide_episode)
register("assurance.digest.verify", is_member)
