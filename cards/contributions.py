"""What cards gives core's contribution points: the audit trail's words for its actions,
and its evidence kinds for the frameworks' requirements (registered from
CardsConfig.ready)."""

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
    _panels_register()
    _work_sources_register()
    _evidence_kinds_register()


def _evidence_kinds_register() -> None:
    """model_card and datasheet (core.evidence_kinds, read by compliance)."""
    from django.urls import reverse

    from cards.selectors import evidence_kinds as found
    from core.evidence_kinds import EvidenceKind, register_evidence_kind

    register_evidence_kind(
        EvidenceKind(
            "model_card",
            "Approved model card version",
            "cards",
            found.model_cards_found,
            found.model_card_produce_url,
            details=found.model_card_details,
            help_text="The whole card, one section, or one field of a section filled in.",
        )
    )
    register_evidence_kind(
        EvidenceKind(
            "datasheet",
            "Approved datasheets of the datasets the system's models use",
            "cards",
            found.datasheets_found,
            lambda _system_id: reverse("cards:dataset_list"),
        )
    )


def _integration_register() -> None:
    """Cards in the governance flow (issue 18): the gates' model card artifacts, the
    flag a system change raises, the card review's clock."""
    from cards.services.flags import ACTION_LABELS as FLAG_LABELS
    from cards.services.follow import on_system_change
    from cards.services.gates import gate_source_register
    from cards.services.pdf import ACTION_LABELS as PDF_LABELS
    from cards.services.review_clock import CARD_REVIEW_KIND
    from core.audit_display import register_action_labels
    from core.deadline_list import deadline_kind_register
    from core.system_changes import register_system_change_listener

    gate_source_register()
    register_action_labels(FLAG_LABELS | PDF_LABELS)
    register_system_change_listener("cards.new_version_needed", on_system_change)
    deadline_kind_register(CARD_REVIEW_KIND, "Model card review")
    _pdf_register()


def _pdf_register() -> None:
    """The API's export ?format=pdf (cards.selectors.exports) writes the version's PDF/A."""
    from cards.selectors.exports import exporter_register
    from cards.services.pdf import card_version_pdf_export

    exporter_register("pdf", card_version_pdf_export)


def _work_sources_register() -> None:
    """Waiting for me: versions for the AI safety lead to decide, cards for their owners
    to renew (cards.selectors.work)."""
    from cards.rules.lifecycle import CARD_APPROVER_ROLES
    from cards.selectors.work import card_versions_to_decide_for, cards_to_renew_for
    from core.choices import Role
    from core.work import WorkSource, register_work_source

    register_work_source(
        WorkSource(
            key="cards.versions_to_decide",
            heading="Model card versions to decide",
            roles=CARD_APPROVER_ROLES,
            items=card_versions_to_decide_for,
            position=30,
        )
    )
    register_work_source(
        WorkSource(
            key="cards.to_renew",
            heading="Model cards to renew",
            roles=frozenset({Role.PRODUCT_OWNER}),
            items=cards_to_renew_for,
            position=31,
        )
    )


def _panels_register() -> None:
    """The models panel on the registry's system page (core.panels)."""
    from core.panels import Panel, register_panel

    register_panel(
        Panel(
            slot="registry.system_detail",
            title="Models and their cards",
            url_name="cards:system_models_panel",
            action="cards.model.view",
        )
    )
