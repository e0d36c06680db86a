"""Who may do what with models, their cards and datasets (DOMAIN.md 1, 7 and 14).

Members of the organisation read every model, card, version and datasheet (as they read
every system). A product owner of the team that owns the system adds its models and
writes its card versions (administrators too, as for the system); the AI safety lead
approves a version or sends it back, never one they wrote or submitted and never for a
system their team owns (cards.rules.lifecycle). Datasets: a product owner of the
dataset's team registers it and writes its datasheet; the AI safety lead or the DPO
approves a datasheet version, on the same terms.

Actions (obj in brackets):
  cards.model.view, cards.dataset.view                       (none)
  cards.model.create                                          (registry AISystem, or none)
  cards.version.edit  start, edit and submit a version        (ModelCard or ModelCardVersion)
  cards.version.approve, cards.version.reject                 (ModelCardVersion)
  cards.dataset.create                                        (core Team, or none: any team)
  cards.datasheet.edit                                        (Dataset or DatasheetVersion)
  cards.datasheet.approve                                     (DatasheetVersion)
"""

from __future__ import annotations

from cards.rules import lifecycle
from core.choices import Role
from core.models import Team
from core.permissions import is_admin, is_member, register, roles_of, teams_where
from registry.permissions import may_change, owns


def _system_of(obj):
    """The system a card, a version or a model describes."""
    card = getattr(obj, "card", obj)  # a version's card, or the card itself
    return card.model.system


def may_create_model(user, system) -> bool:
    """For a given system: whoever changes it; with none (the card list's "Add a model"):
    whoever could for some system."""
    if system is None:
        return is_admin(user) or bool(teams_where(user, Role.PRODUCT_OWNER))
    return may_change(user, system)


def may_edit_card(user, obj) -> bool:
    return obj is not None and may_change(user, _system_of(obj))


def may_decide_card_version(user, version) -> bool:
    if version is None:
        return False
    return lifecycle.may_decide_version(
        approver_roles=roles_of(user),
        approver_roles_allowed=lifecycle.CARD_APPROVER_ROLES,
        approver_id=user.pk,
        writer_ids=frozenset({version.created_by_id, version.submitted_by_id}),
        approver_owns_subject=owns(user, _system_of(version)),
    )


def owns_team(user, team_id: int | None) -> bool:
    return team_id is not None and team_id in teams_where(user, Role.PRODUCT_OWNER)


def may_create_dataset(user, team: Team | None) -> bool:
    """For a given team: a product owner of it; with none: whoever could for some team."""
    if team is None:
        return is_admin(user) or bool(teams_where(user, Role.PRODUCT_OWNER))
    return is_admin(user) or owns_team(user, team.pk)


def may_edit_datasheet(user, obj) -> bool:
    dataset = getattr(obj, "dataset", obj)
    return dataset is not None and (is_admin(user) or owns_team(user, dataset.owner_team_id))


def may_approve_datasheet(user, version) -> bool:
    if version is None:
        return False
    return lifecycle.may_decide_version(
        approver_roles=roles_of(user),
        approver_roles_allowed=lifecycle.DATASHEET_APPROVER_ROLES,
        approver_id=user.pk,
        writer_ids=frozenset({version.created_by_id}),
        approver_owns_subject=owns_team(user, version.dataset.owner_team_id),
    )


register("cards.model.view", is_member)
register("cards.model.create", may_create_model)
register("cards.version.edit", may_edit_card)
register("cards.version.approve", may_decide_card_version)
register("cards.version.reject", may_decide_card_version)
register("cards.dataset.view", is_member)
register("cards.dataset.create", may_create_dataset)
register("cards.datasheet.edit", may_edit_datasheet)
register("cards.datasheet.approve", may_approve_datasheet)
