"""The reviewer's decision on a card version in review: approve it (the previous
approved version is superseded, the content hashed) or send it back to its author.

`on_version_approved` is the one place where what follows an approval elsewhere is
done (the integration of issue 18 fills it: approvals of gate requests bound to the
older version are voided, flags cleared), inside the approval's transaction.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cards.choices import CardVersionStatus as S
from cards.models import ModelCardVersion
from cards.rules.canonical import content_hash
from cards.selectors.completeness import card_version_completeness
from core.permissions import require
from core.writes import row_lock, row_update


def on_version_approved(
    *, version: ModelCardVersion, superseded: ModelCardVersion | None, actor
) -> None:
    """Called once `version` is approved and `superseded` (the previous approved one,
    if any) superseded, in the same transaction (cards.services.follow)."""
    from cards.services.follow import version_approved_follow

    version_approved_follow(actor=actor, version=version, superseded=superseded)


@transaction.atomic
def card_version_approve(*, actor, version: ModelCardVersion, note: str = "") -> ModelCardVersion:
    """Approve a version in review (the AI safety lead, never its writer or an owner of
    the system). Refused while the card has gaps for the system's tier: an approved card
    is a complete one. Its canonical JSON is hashed; the previous approved version is
    superseded; the database keeps both as they are from now on."""
    row_lock(version)
    require(actor, "cards.version.approve", version)
    _require_in_review(version)
    gaps = card_version_completeness(version).gaps
    if gaps:
        raise ValidationError({"content": [gap.message for gap in gaps]})
    previous = version.card.versions.filter(status=S.APPROVED).first()
    if previous is not None:
        row_update(
            actor=actor,
            obj=previous,
            values={"status": S.SUPERSEDED},
            action="model_card_version.superseded",
            audit_extra={"by_version": version.number},
            touch=False,
        )
    row_update(
        actor=actor,
        obj=version,
        action="model_card_version.approved",
        values={
            "status": S.APPROVED,
            "content_hash": content_hash(version.content),
            "decided_by": actor,
            "decided_at": timezone.now(),
            "decision_note": (note or "").strip(),
        },
    )
    on_version_approved(version=version, superseded=previous, actor=actor)
    return version


@transaction.atomic
def card_version_reject(*, actor, version: ModelCardVersion, note: str) -> ModelCardVersion:
    """Send a version in review back to draft with the reviewer's note (required), for
    its author to fix and submit again."""
    row_lock(version)
    require(actor, "cards.version.reject", version)
    _require_in_review(version)
    refused = {} if (note or "").strip() else {"decision_note": "Say what must change."}
    row_update(
        actor=actor,
        obj=version,
        action="model_card_version.rejected",
        refused=refused,
        values={
            "status": S.DRAFT,
            "decided_by": actor,
            "decided_at": timezone.now(),
            "decision_note": (note or "").strip(),
        },
    )
    return version


def _require_in_review(version: ModelCardVersion) -> None:
    if version.status != S.IN_REVIEW:
        label = S(version.status).label.lower()
        raise ValidationError(
            {
                "status": [
                    f"Only a version in review is decided; version {version.number} is {label}."
                ]
            }
        )
