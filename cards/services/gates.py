"""The model card in the lifecycle gates (DOMAIN.md 4 and 7, issue 18): the approved
version is what a gate's "model card (final)" and "model card update" mean.

Cards answers those artifacts through core's gate artifact sources (the registry imports
nothing of cards): the owner links a system's approved card version, kept by the
artifact as the version's `content_hash` (the SHA-256 of its canonical JSON), which the
approvals bind to. When a newer version of that card is approved, every request of the
system in progress that cites an older one gets the new one, and a submitted request's
standing approvals are voided and their makers asked again, exactly as replacing a file
does (registry.services.gate_artifacts.gate_artifact_record_superseded).
"""

from __future__ import annotations

from core.gate_artifact_sources import ArtifactRecord, ArtifactSource, register_artifact_source
from registry.services.gate_artifacts import gate_artifact_record_superseded

RECORD_TYPE = "model_card_version"
# The gate artifact keys (registry/data/gates.yaml) that mean a model card.
MODEL_CARD_REQUIREMENTS = frozenset({"model-card-final", "model-card-update"})
REFUSAL = "Link the approved version of one of this system's model cards."


def _approved_versions(system):
    from cards.choices import CardVersionStatus
    from cards.models import ModelCardVersion

    return (
        ModelCardVersion.objects.filter(
            card__model__system=system, status=CardVersionStatus.APPROVED
        )
        .select_related("card__model")
        .order_by("card__model__name", "card__model__key")
    )


def _as_artifact(version) -> ArtifactRecord:
    model = version.card.model
    approved = f", approved {version.decided_at:%Y-%m-%d}" if version.decided_at else ""
    return ArtifactRecord(
        record_id=version.pk,
        label=f"Model card: {model.name} ({model.key}) v{version.number}{approved}",
        sha256=version.content_hash,
    )


def linkable_versions(system) -> list[ArtifactRecord]:
    """The approved version of each of the system's cards (one query)."""
    return [_as_artifact(version) for version in _approved_versions(system)]


def resolve_version(system, record_id: int) -> ArtifactRecord | None:
    """The approved version `record_id` of one of the system's cards, else None."""
    version = _approved_versions(system).filter(pk=record_id).first()
    return _as_artifact(version) if version is not None else None


SOURCE = ArtifactSource(
    record_type=RECORD_TYPE,
    label="Model card version",
    requirements=MODEL_CARD_REQUIREMENTS,
    linkable=linkable_versions,
    resolve=resolve_version,
    refusal=REFUSAL,
)


def gate_source_register() -> None:
    """Called once from cards' contributions_register (CardsConfig.ready)."""
    register_artifact_source(SOURCE)


def gate_artifacts_follow(*, actor, version) -> list:
    """`version` was just approved: the requests of its system in progress that cite an
    older version of the same card cite this one now, their standing approvals voided
    and the approvers told (in the caller's transaction). Returns those requests."""
    from cards.models import ModelCardVersion

    older = list(
        ModelCardVersion.objects.filter(card_id=version.card_id)
        .exclude(pk=version.pk)
        .values_list("pk", flat=True)
    )
    if not older:
        return []
    model = version.card.model
    return gate_artifact_record_superseded(
        actor=actor,
        system=model.system,
        record_type=RECORD_TYPE,
        old_ids=older,
        new_id=version.pk,
        why=f"model card of {model.name} v{version.number} was approved",
    )
