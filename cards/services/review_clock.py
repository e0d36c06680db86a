"""The model card's review on core's clocks (DOMAIN.md 7, issue 18): each approved
version opens a deadline (kind "cards.card_review") due by the review schedule it
declares (cards.rules.review), owned by a product owner of the system's team, who sees
it in Waiting for me through core's deadlines source. Approving the next version is
that review: it meets the previous version's deadline and opens its own."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from cards.rules.content import CardContentError, card_from_dict
from cards.rules.review import card_review_due_at, card_review_months
from core.choices import Role
from core.clocks.selectors import deadline_open_for
from core.clocks.services import deadline_meet, deadline_open
from core.models import Deadline
from registry.rules import REVIEW_ESCALATE_DAYS, REVIEW_WARN_DAYS
from registry.selectors.reviews import review_cadence_in_force
from registry.services.reviews import review_owner

CARD_REVIEW_KIND = "cards.card_review"


def _declared_months(version) -> int | None:
    try:
        return card_from_dict(version.content).governance.review_months
    except CardContentError:
        return None


def card_review_open(*, actor, version) -> Deadline | None:
    """Open the review clock of the just approved `version` (None when nobody owns the
    system's reviews: no product owner and no person as actor)."""
    system = version.card.model.system
    months = card_review_months(
        declared=_declared_months(version),
        tier=system.risk_tier,
        cadence=review_cadence_in_force(),
    )
    owner = review_owner(system, actor)
    if owner is None:
        return None
    return deadline_open(
        actor=actor,
        subject=version,
        kind=CARD_REVIEW_KIND,
        label=f"Review the model card of {system.system_id} {version.card.model.name} "
        f"(v{version.number})",
        due_at=card_review_due_at(approved_at=version.decided_at, months=months),
        owner=owner,
        warn_before=[timedelta(days=d) for d in REVIEW_WARN_DAYS],
        escalate_after=timedelta(days=REVIEW_ESCALATE_DAYS),
        escalation_role=Role.AI_SAFETY,
        link=reverse("cards:version_detail", args=[version.card_id, version.number]),
    )


def card_review_meet(*, actor, superseded, by_version) -> Deadline | None:
    """The approval of `by_version` is the review of `superseded`: its clock is met."""
    if superseded is None:
        return None
    current = deadline_open_for(subject=superseded, kind=CARD_REVIEW_KIND)
    if current is None:
        return None
    return deadline_meet(actor=actor, deadline=current, at=by_version.decided_at)
