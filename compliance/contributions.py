"""What compliance gives core's contribution points: the audit trail's words for its
actions, its own evidence kind (documents), its navigation, panels and pack sections
(registered from ComplianceConfig.ready)."""

from __future__ import annotations

ACTION_LABELS = {
    "framework.imported": "Added a framework version to the library",
    "framework.updated": "Changed a framework's settings",
    "crosswalk.imported": "Added a crosswalk between two frameworks",
    "evidence_acceptance.created": "Decided on a record as compliance evidence",
    "evidence_acceptance.withdrawn": "Withdrew a compliance evidence decision",
    "not_applicable.created": "Found a requirement not applicable",
    "not_applicable.withdrawn": "Withdrew a not-applicable finding",
    "compliance_document.created": "Filed a compliance document",
    "compliance_document.removed": "Took a compliance document off",
}


def contributions_register() -> None:
    """Called once by ComplianceConfig.ready."""
    from core.audit_display import register_action_labels

    register_action_labels(ACTION_LABELS)
    _evidence_kind_register()
    _matrix_register()
    _system_page_register()
    _pack_section_register()
    _annex_register()
    _demo_register()


def _evidence_kind_register() -> None:
    """Documents filed in compliance stand as evidence of their type."""
    from compliance.selectors.documents import document_produce_url, documents_found
    from core.evidence_kinds import EvidenceKind, register_evidence_kind

    register_evidence_kind(
        EvidenceKind(
            key="document",
            label="Document",
            owner="compliance",
            find=documents_found,
            produce_url=document_produce_url,
            help_text="A document of a named type filed for the system or the organisation.",
        )
    )


def _pack_section_register() -> None:
    """Each system's coverage in its audit pack, the matrix in the board's pack."""
    from compliance.selectors.pack import compliance_pack_section
    from core.pack_sections import PackSection, register_pack_section

    register_pack_section(
        PackSection(
            key="compliance",
            title="Compliance coverage",
            owner="compliance",
            system_template="compliance/pack/system.html",
            portfolio_template="compliance/pack/portfolio.html",
            build=compliance_pack_section,
        )
    )


def _system_page_register() -> None:
    """The compliance panel on the registry's system page: per framework the percentage
    met and a link to the system's compliance page."""
    from core.panels import Panel, register_panel

    register_panel(
        Panel(
            slot="registry.system_detail",
            title="Compliance",
            url_name="compliance:system_panel",
            action="compliance.view",
        )
    )


def _matrix_register() -> None:
    """The board's matrix and the library in the bar, the review clocks' kind and the
    reviewers' "Waiting for me" (issue 19 section 2)."""
    from compliance.selectors.work import REVIEWER_ROLES, reviews_waiting_for
    from compliance.services.review import REVIEW_KIND
    from compliance.views.navigation import navigation_register
    from core.deadline_list import deadline_kind_register
    from core.work import WorkSource, register_work_source

    navigation_register()
    deadline_kind_register(REVIEW_KIND, "Compliance review")
    register_work_source(
        WorkSource(
            key="compliance.reviews",
            heading="Compliance evidence to review again",
            roles=frozenset(REVIEWER_ROLES),
            items=reviews_waiting_for,
            position=40,
            covers_deadline_kinds=frozenset({REVIEW_KIND}),
        )
    )


def _annex_register() -> None:
    """The audit trail's words for Annex VIII and Annex IV (compliance.services.annex)."""
    from compliance.services.annex import ACTION_LABELS as ANNEX_LABELS
    from core.audit_display import register_action_labels

    register_action_labels(ANNEX_LABELS)


def _demo_register() -> None:
    """The demo's policies and decisions, run by load_demo after governance's own."""
    from compliance.services.demo import demo_compliance
    from core.demo_steps import register_demo_step

    register_demo_step("compliance", demo_compliance)
