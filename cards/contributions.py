"""What cards gives core's contribution points: the audit trail's words for its actions
(registered from CardsConfig.ready)."""

from __future__ import annotations

ACTION_LABELS = {
    "ai_model.created": "Added a model to a system",
    "model_card_version.created": "Started a model card version",
    "model_card_version.updated": "Edited a model card draft",
    "model_card_version.submitted": "Submitted a model card version for review",
    "model_card_version.approved": "Approved a model card version",
    "model_card_version.rejected": "Sent a model card version back to its author",
    "model_card_version.superseded": "Superseded a model card version by a newer one",
    "dataset.created": "Registered a dataset",
    "datasheet_version.created": "Started a datasheet version",
    "datasheet_version.updated": "Edited a datasheet draft",
    "datasheet_version.approved": "Approved a datasheet version",
    "datasheet_version.superseded": "Superseded a datasheet version by a newer one",
}


def contributions_register() -> None:
    """Called once by CardsConfig.ready."""
    from core.audit_display import register_action_labels

    register_action_labels(ACTION_LABELS)
    _integration_register()


def _integration_register() -> None:
    """Cards in the governance flow (issue 18): the gates' model card artifacts."""
    from cards.gates import gate_source_register

    gate_source_register()
