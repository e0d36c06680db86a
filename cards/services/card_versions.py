"""A card version's writing: start a draft, edit it, submit it for review.

A new version starts from the content of the latest one (or empty for the first), so
each version is a full card and any two can be compared. Content is stored in the
normalised JSON form of cards.rules.content (card_to_dict of card_from_dict), so equal
cards are stored, hashed and compared alike.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cards.choices import CardVersionStatus as S
from cards.models import ModelCard, ModelCardVersion
from cards.rules import lifecycle
from cards.rules.content import CardContentError, card_from_dict, card_to_dict
from cards.rules.diff import card_diff
from core.permissions import require
from core.writes import row_create, row_lock, row_update


def normalised_content(content: object, *, field: str = "content") -> dict:
    """The content as stored; ValidationError naming every refused field
    ("content.performance.metrics[2].value") when it does not fit a card."""
    try:
        return card_to_dict(card_from_dict(content))
    except CardContentError as error:
        raise ValidationError(
            {f"{field}.{where}": [why] for where, why in error.problems.items()}
        ) from None


@transaction.atomic
def card_version_draft_start(*, actor, card: ModelCard) -> ModelCardVersion:
    """Open version n+1 as a draft, a copy of version n's content (empty for v1).
    Refused while a version is open (a draft or in review): that one is edited."""
    row_lock(card)
    require(actor, "cards.version.edit", card)
    latest = card.versions.order_by("-number").first()
    if latest is not None and latest.status in (S.DRAFT, S.IN_REVIEW):
        label = S(latest.status).label.lower()
        raise ValidationError({"card": [f"Version {latest.number} is open ({label}): edit it."]})
    return row_create(
        actor=actor,
        model=ModelCardVersion,
        action="model_card_version.created",
        audit_changes={"number": [None, 1 if latest is None else latest.number + 1]},
        values={
            "card": card,
            "number": 1 if latest is None else latest.number + 1,
            "content": dict(latest.content) if latest else card_to_dict(card_from_dict({})),
            "created_by": actor,
        },
    )


@transaction.atomic
def card_version_update(
    *, actor, version: ModelCardVersion, content: object = None, changelog: str | None = None
) -> ModelCardVersion:
    """Edit a draft: its content (the whole card, in its JSON form) and/or its
    changelog; None leaves one as it is. The audit event names each changed field."""
    row_lock(version)
    require(actor, "cards.version.edit", version)
    _require_draft(version)
    values = {}
    if content is not None:
        values["content"] = normalised_content(content)
    if changelog is not None:
        values["changelog"] = changelog.strip()
    changes = _shown_changes(version, values)
    row_update(
        actor=actor,
        obj=version,
        values=values,
        action="model_card_version.updated",
        audit_changes=changes,
    )
    return version


def _shown_changes(version: ModelCardVersion, values: dict) -> dict:
    """The card's changed fields by path ({path: [before, after]}), not the whole JSON."""
    changes = {}
    if "content" in values:
        old, new = card_from_dict(version.content), card_from_dict(values["content"])
        changes = {change.path: [change.before, change.after] for change in card_diff(old, new)}
    if "changelog" in values and values["changelog"] != version.changelog:
        changes["changelog"] = [version.changelog, values["changelog"]]
    return changes


@transaction.atomic
def card_version_submit(*, actor, version: ModelCardVersion) -> ModelCardVersion:
    """Submit a draft for review: from version 2 on, it says what changed (changelog).
    Gaps of completeness do not stop a submission; the reviewer sees them."""
    row_lock(version)
    require(actor, "cards.version.edit", version)
    _require_draft(version)
    refused = {}
    if lifecycle.changelog_required(version.number) and not version.changelog.strip():
        refused["changelog"] = "Say what changed since the previous version."
    row_update(
        actor=actor,
        obj=version,
        action="model_card_version.submitted",
        refused=refused,
        values={"status": S.IN_REVIEW, "submitted_by": actor, "submitted_at": timezone.now()},
    )
    return version


def _require_draft(version: ModelCardVersion) -> None:
    if version.status != S.DRAFT:
        label = S(version.status).label.lower()
        raise ValidationError(
            {
                "status": [
                    f"Only a draft is edited or submitted; version {version.number} is {label}."
                ]
            }
        )
