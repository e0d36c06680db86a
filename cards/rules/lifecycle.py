"""A version's way from draft to approved (DOMAIN.md 7 and 14), as pure predicates.

Model card versions: draft -> in review -> approved -> superseded; a reviewer sends a
version in review back to draft with a note. Datasheet versions: draft -> approved ->
superseded. The approver of a model card version is the AI safety lead (the RACI's A/R
for bias evaluation, which the card carries); of a datasheet, the AI safety lead or
the DPO (personal data and special categories). Never the person who wrote or
submitted the version, and never a product owner of the team that owns the system or
the dataset, whatever other role they hold (separation of duties).
"""

from __future__ import annotations

from core.choices import Role

DRAFT, IN_REVIEW, APPROVED, SUPERSEDED = "draft", "in_review", "approved", "superseded"

CARD_TRANSITIONS: dict[str, frozenset[str]] = {
    DRAFT: frozenset({IN_REVIEW}),
    IN_REVIEW: frozenset({APPROVED, DRAFT}),
    APPROVED: frozenset({SUPERSEDED}),
    SUPERSEDED: frozenset(),
}
DATASHEET_TRANSITIONS: dict[str, frozenset[str]] = {
    DRAFT: frozenset({APPROVED}),
    APPROVED: frozenset({SUPERSEDED}),
    SUPERSEDED: frozenset(),
}
CARD_APPROVER_ROLES = frozenset({Role.AI_SAFETY.value})
DATASHEET_APPROVER_ROLES = frozenset({Role.AI_SAFETY.value, Role.DPO.value})


def card_transition_allowed(current: str, target: str) -> bool:
    return target in CARD_TRANSITIONS.get(current, frozenset())


def datasheet_transition_allowed(current: str, target: str) -> bool:
    return target in DATASHEET_TRANSITIONS.get(current, frozenset())


def may_decide_version(
    *,
    approver_roles: frozenset[str],
    approver_roles_allowed: frozenset[str],
    approver_id: int,
    writer_ids: frozenset[int | None],
    approver_owns_subject: bool,
) -> bool:
    """Approve (or send back) a version: a holder of an allowed role who neither wrote nor
    submitted it (`writer_ids`) nor owns what it describes."""
    return (
        bool(approver_roles & approver_roles_allowed)
        and approver_id not in writer_ids
        and not approver_owns_subject
    )


def changelog_required(number: int) -> bool:
    """Version 1 starts the card; every later one says what changed."""
    return number > 1
