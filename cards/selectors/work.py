"""What cards put in "Waiting for me" (core.work): the model card versions in review that
the AI safety lead may decide, and, for a product owner, their team's cards that need a
new version (a retraining, a fine-tune, a retrieval or guardrail change, a post-incident
review) or whose latest version was sent back. One query a source."""

from __future__ import annotations

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.text import Truncator

from cards.choices import CardVersionStatus
from cards.models import ModelCard, ModelCardVersion
from cards.permissions import may_decide_card_version
from core.choices import Role
from core.permissions import teams_where
from core.work import WorkItem

NOTE_SHOWN = 200  # characters of a reason or a reviewer's note in the line


def card_versions_to_decide_for(user) -> list[WorkItem]:
    """Versions in review the person may approve or send back: never one they wrote or
    submitted, never for a system their team owns (cards.permissions)."""
    versions = (
        ModelCardVersion.objects.filter(status=CardVersionStatus.IN_REVIEW)
        .select_related("card__model__system")
        .order_by("submitted_at", "pk")
    )
    return [
        WorkItem(
            title=f"{_card_title(version.card)}: version {version.number}",
            url=_version_url(version),
            why=f"In review since {version.submitted_at:%Y-%m-%d}: approve it or send it back.",
        )
        for version in versions
        if may_decide_card_version(user, version)
    ]


def cards_to_renew_for(user) -> list[WorkItem]:
    """The owner's cards flagged "a new version is needed" with no version open yet, and
    those whose latest version was sent back (a draft with the reviewer's note)."""
    latest = ModelCardVersion.objects.filter(card=OuterRef("pk")).order_by("-number")
    cards = (
        ModelCard.objects.filter(
            model__system__owner_team_id__in=teams_where(user, Role.PRODUCT_OWNER)
        )
        .annotate(
            latest_status=Subquery(latest.values("status")[:1]),
            latest_note=Subquery(latest.values("decision_note")[:1]),
        )
        .filter(
            Q(new_version_needed_at__isnull=False)
            & ~Q(latest_status__in=[CardVersionStatus.DRAFT, CardVersionStatus.IN_REVIEW])
            | Q(latest_status=CardVersionStatus.DRAFT) & ~Q(latest_note="")
        )
        .select_related("model__system")
        .order_by("model__system__system_id", "model__key")
    )
    return [_renew_item(card) for card in cards]


def _renew_item(card: ModelCard) -> WorkItem:
    if card.latest_status == CardVersionStatus.DRAFT:
        why = f"Sent back: “{Truncator(card.latest_note).chars(NOTE_SHOWN)}”"
    else:
        reason = Truncator(card.new_version_needed_reason).chars(NOTE_SHOWN)
        why = f"A new version is needed: {reason}"
    return WorkItem(
        title=_card_title(card),
        url=reverse("cards:card_detail", args=[card.pk]),
        why=why,
    )


def _card_title(card: ModelCard) -> str:
    system = card.model.system
    return f"{system.system_id} {system.name}: model card of {card.model.name}"


def _version_url(version: ModelCardVersion) -> str:
    return reverse("cards:version_detail", args=[version.card_id, version.number])
