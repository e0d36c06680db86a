"""A model of a system, with its card (which holds no version until one is started)."""

from __future__ import annotations

from django.db import transaction

from cards.models import AIModel, ModelCard
from core.permissions import require
from core.writes import row_create


@transaction.atomic
def model_create(*, actor, system, key: str, name: str, description: str = "") -> AIModel:
    """Add a model to `system` (a product owner of its team): its key is unique within
    the system. Its card is created with it, empty; the first version is started with
    card_version_draft_start."""
    require(actor, "cards.model.create", system)
    refused = {}
    if AIModel.objects.filter(system=system, key=key).exists():
        refused["key"] = f"{system.system_id} already has a model with the key {key}."
    model = row_create(
        actor=actor,
        model=AIModel,
        action="ai_model.created",
        refused=refused,
        values={
            "system": system,
            "key": (key or "").strip(),
            "name": (name or "").strip(),
            "description": (description or "").strip(),
            "created_by": actor,
        },
    )
    row_create(actor=actor, model=ModelCard, values={"model": model}, action=None)
    return model
