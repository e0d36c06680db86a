"""What vendors gives core's contribution points, and the one it offers the apps above.

- Its deadline kinds on core's clocks engine, its work source, its navigation entry and
  the audit trail's words for its actions (registered from VendorsConfig.ready).
- Its `vendor_assessment` evidence kind for the frameworks' requirements
  (core.evidence_kinds), and the operators' gauge of questionnaire links open
  (core.operations.metrics).
- A hook for the apps above vendors, which it cannot import (DESIGN.md 1): registry
  registers a function here that warns the owners of the systems depending on a
  product and flags those systems. Vendors calls it, inside the transaction of the
  write that decided it, when a product must be re-assessed.
"""

from __future__ import annotations

from collections.abc import Callable

REASSESSMENT = "vendors.reassessment"  # yearly, and now after a vendor change
REMEDIATION = "vendors.remediation"  # a high-tier product's contractual remediation plan

ACTION_LABELS = {
    "vendor.created": "Registered a vendor",
    "vendor.updated": "Changed a vendor",
    "vendor_product.created": "Added a vendor product",
    "vendor_change.recorded": "Recorded a vendor change",
    "assessment.created": "Started a vendor assessment",
    "assessment.updated": "Changed a vendor assessment's answers",
    "assessment.evidence_attached": "Attached evidence to a vendor assessment",
    "assessment.scored": "Scored a vendor assessment",
    "assessment.superseded": "Superseded a vendor assessment by a newer one",
    "assessment.ciso_approved": "Approved a vendor product's use on a remediation plan",
    "assessment.remediation_done": "Marked a vendor's remediation done",
    "assessment.answers_corrected": "Corrected a vendor's questionnaire answers",
    "questionnaire.sent": "Sent the vendor questionnaire",
    "questionnaire.draft_saved": "Saved draft answers to the vendor questionnaire",
    "questionnaire.answered": "Submitted the vendor questionnaire",
    "questionnaire.revoked": "Withdrew a vendor questionnaire link",
    "questionnaire.reviewed": "Reviewed a vendor's questionnaire answers",
}


def contributions_register() -> None:
    """Called once by VendorsConfig.ready."""
    from core.audit_display import register_action_labels
    from core.choices import Role
    from core.deadline_list import deadline_kind_register
    from core.navigation import NavEntry, register_nav_entry
    from core.work import WorkSource, register_work_source
    from vendors.selectors.work import assessments_waiting_for

    register_action_labels(ACTION_LABELS)
    deadline_kind_register(REASSESSMENT, "Vendor re-assessment")
    deadline_kind_register(REMEDIATION, "Vendor remediation plan")
    register_work_source(
        WorkSource(
            "vendors.assessments",
            "Vendor assessments waiting for you",
            frozenset(Role.values),  # the assessor may hold any role
            assessments_waiting_for,
            position=30,
        )
    )
    # In the bar's "Systems" menu, beside the systems that depend on the vendors.
    register_nav_entry(
        NavEntry(
            "Vendors", "vendors:vendor_list", "vendors.vendor.view", position=14, group="Systems"
        )
    )
    _evidence_kinds_register()
    _metric_sources_register()


def _metric_sources_register() -> None:
    from core.operations.metrics import MetricSource, register_metric_source
    from vendors.selectors.assessments import questionnaire_links_open_count

    register_metric_source(
        MetricSource(
            "aigov_questionnaire_links_open",
            "Vendor questionnaire links not yet answered, withdrawn or expired.",
            questionnaire_links_open_count,
        )
    )


def _evidence_kinds_register() -> None:
    from core.evidence_kinds import EvidenceKind, register_evidence_kind
    from vendors.selectors import evidence_kinds as found

    register_evidence_kind(
        EvidenceKind(
            "vendor_assessment",
            "Current assessment of each vendor product the system uses",
            "vendors",
            found.vendor_assessments_found,
            found.vendor_assessment_produce_url,
        )
    )


DependentsNotifier = Callable[..., None]  # (*, product, reason: str, actor) -> None
_notifiers: list[DependentsNotifier] = []


def product_dependents_notify_register(notifier: DependentsNotifier) -> None:
    """Called once by an app above vendors (registry's AppConfig.ready)."""
    if notifier not in _notifiers:
        _notifiers.append(notifier)


def product_dependents_notify(*, product, reason: str, actor) -> None:
    """Tell whoever registered that `product` needs re-assessing, and why."""
    for notifier in _notifiers:
        notifier(product=product, reason=reason, actor=actor)
