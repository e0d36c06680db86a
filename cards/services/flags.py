""" "A new version is needed" (DOMAIN.md 7, issue 18): a model card is flagged after a
retraining, a new fine-tune, a retrieval or guardrail change recorded on its system, or
when a post-incident review says so; the system's owners are told. The flag says why
and since when, gathers every reason until a newer version is approved, and is cleared
by that approval (on_version_approved).

No permission check here: the flag follows a change or a review its actor was allowed to
record, inside that record's transaction.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cards.models import LONG_TEXT, ModelCard
from core.choices import Role
from core.selectors import users_with_role
from core.services import notification_send_each
from core.writes import row_lock, row_update

ACTION_LABELS = {
    "model_card.new_version_needed": "Flagged a model card as needing a new version",
    "model_card.new_version_flag_cleared": (
        "Cleared a model card's 'new version needed' by approving a new version"
    ),
}


@transaction.atomic
def card_new_version_needed(*, actor, system, reason: str) -> list[ModelCard]:
    """Flag every card of `system`'s models with `reason` (added to the reasons already
    given) and tell the owning team's product owners, once per card and reason."""
    cards = list(
        ModelCard.objects.filter(model__system=system)
        .select_related("model")
        .order_by("model__key")
    )
    now = timezone.now()
    for card in cards:
        row_lock(card)
        reasons = [line for line in card.new_version_needed_reason.splitlines() if line]
        line = f"{now:%Y-%m-%d}: {reason.strip()}"
        row_update(
            actor=actor,
            obj=card,
            values={
                "new_version_needed_reason": "\n".join([*reasons, line])[-LONG_TEXT:],
                "new_version_needed_at": card.new_version_needed_at or now,
            },
            action="model_card.new_version_needed",
            audit_extra={"reason": reason.strip(), "system": system.system_id},
        )
        _tell_owners(card, system, reason.strip())
    return cards


def _tell_owners(card: ModelCard, system, reason: str) -> None:
    owners = users_with_role(Role.PRODUCT_OWNER, team=system.owner_team_id)
    notification_send_each(
        owners,
        title=f"{system.system_id} {card.model.name}: the model card needs a new version",
        reason="You are a product owner of the team that owns this system.",
        body=reason,
        link=reverse("cards:card_detail", args=[card.pk]),
        subject=card,
    )


@transaction.atomic
def card_new_version_flag_clear(*, actor, version) -> bool:
    """`version` was approved: its card no longer needs a new version (True when it
    did)."""
    card = row_lock(ModelCard.objects.get(pk=version.card_id))
    if card.new_version_needed_at is None:
        return False
    row_update(
        actor=actor,
        obj=card,
        values={"new_version_needed_reason": "", "new_version_needed_at": None},
        action="model_card.new_version_flag_cleared",
        audit_extra={"by_version": version.number},
    )
    return True
