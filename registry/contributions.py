"""What the registry gives core's contribution points, registered once from
RegistryConfig.ready() (`contributions_register`):

- the audit trail's words for its actions, and a link from a system, its controls,
  classifications, screenings, gate requests and scoring schemes to their page;
- its deadline kinds (system reviews, proposals waiting, remediation plans, retroactive
  gate reviews) and its navigation entries;
- its "Waiting for me" sources (core.work): gate slots, classifications to review,
  controls the RACI gives a person to set, and a product owner's gaps;
- for vendors, which cannot import registry: the warning to the owners of systems using
  a product that must be re-assessed, and the vendor page's panel of dependent systems;
- its evidence kinds for the frameworks' requirements (core.evidence_kinds): control,
  gate_passed, gate_artifact, classification, ai_act_screening.
"""

from __future__ import annotations

import re

from django.urls import NoReverseMatch, reverse

from core.audit_display import register_action_labels, register_object_link
from core.navigation import NavEntry, register_nav_entry
from core.panels import Panel, register_panel
from registry.models import SYSTEM_ID_URL_PATTERN

# Every registry object names its system first ("SYS-007 Credit scoring",
# "SYS-007: Model card (implemented)"), and a system ID never changes.
LEADING_SYSTEM_ID = re.compile(rf"^({SYSTEM_ID_URL_PATTERN})(?::|\s|$)")
SYSTEM_OBJECT_TYPES = (
    "registry.aisystem",
    "registry.systemcontrol",
    "registry.classification",
    "registry.aiactscreening",
)


def system_page(_object_id: str, object_repr: str) -> str | None:
    match = LEADING_SYSTEM_ID.match(object_repr or "")
    return reverse("registry:system_detail", args=[match.group(1)]) if match else None


def gate_request_page(object_id: str, object_repr: str) -> str | None:
    """A gate request's page (its repr names the system first), else its system's."""
    match = LEADING_SYSTEM_ID.match(object_repr or "")
    if not match:
        return None
    try:
        return reverse("registry:gate_request_detail", args=[match.group(1), int(object_id)])
    except (NoReverseMatch, ValueError):
        return system_page(object_id, object_repr)


SCHEME_VERSION = re.compile(r"^Scoring scheme v(\d+)$")


def scheme_page(_object_id: str, object_repr: str) -> str | None:
    match = SCHEME_VERSION.match(object_repr or "")
    return reverse("registry:scheme_version", args=[int(match.group(1))]) if match else None


def contributions_register() -> None:
    """Called once by RegistryConfig.ready()."""
    _audit_display_register()
    _deadline_kinds_register()
    _navigation_register()
    _work_sources_register()
    _vendor_hooks_register()
    _evidence_kinds_register()


def _evidence_kinds_register() -> None:
    """What a framework's requirement may ask of the registry (read by compliance)."""
    from core.evidence_kinds import EvidenceKind, register_evidence_kind
    from registry.selectors import evidence_kinds as found

    def gate_new(system_id: str) -> str:
        return reverse("registry:gate_request_new", args=[system_id])

    for kind in (
        EvidenceKind(
            "control",
            "Control implemented with current evidence",
            "registry",
            found.controls_found,
            lambda system_id: found.system_page(system_id, "controls"),
            details=found.control_details,
        ),
        EvidenceKind(
            "gate_passed",
            "Lifecycle gate passed",
            "registry",
            found.gates_passed_found,
            gate_new,
            details=found.gate_details,
        ),
        EvidenceKind(
            "gate_artifact",
            "Artifact of a passed gate",
            "registry",
            found.gate_artifacts_found,
            gate_new,
            details=found.gate_artifact_details,
        ),
        EvidenceKind(
            "classification",
            "Effective internal risk classification",
            "registry",
            found.classifications_found,
            lambda system_id: reverse("registry:system_classify", args=[system_id]),
        ),
        EvidenceKind(
            "ai_act_screening",
            "EU AI Act screening",
            "registry",
            found.screenings_found,
            lambda system_id: reverse("registry:system_ai_act", args=[system_id]),
        ),
    ):
        register_evidence_kind(kind)


def _deadline_kinds_register() -> None:
    from core.deadline_list import deadline_kind_register
    from registry.selectors.gates import REMEDIATION_KIND
    from registry.selectors.reviews import PROPOSAL_WAIT_KIND, SYSTEM_REVIEW_KIND
    from registry.services.not_gated import RETROACTIVE_REVIEW_KIND

    deadline_kind_register(SYSTEM_REVIEW_KIND, "System review")
    deadline_kind_register(PROPOSAL_WAIT_KIND, "Classification proposal waiting")
    deadline_kind_register(REMEDIATION_KIND, "Gate remediation plan")
    deadline_kind_register(RETROACTIVE_REVIEW_KIND, "Retroactive gate review (not gated)")


def _navigation_register() -> None:
    from registry.selectors.classification import review_queue_count_for

    # The "Systems" menu of the bar (vendors' list joins it from vendors.contributions).
    for entry in (
        NavEntry(
            "Portfolio", "registry:portfolio", "registry.system.view", position=10, group="Systems"
        ),
        NavEntry(
            "AI systems",
            "registry:system_list",
            "registry.system.view",
            position=11,
            group="Systems",
        ),
        NavEntry(
            "Review queue",
            "registry:review_queue",
            "registry.classification.review_queue",
            count=review_queue_count_for,
            position=12,
            group="Systems",
        ),
        NavEntry(
            "Gate requests",
            "gates:request_list",
            "registry.gate.view",
            position=13,
            group="Systems",
        ),
    ):
        register_nav_entry(entry)


def _work_sources_register() -> None:
    from core.choices import Role
    from core.work import WorkSource, register_work_source
    from registry import rules
    from registry.permissions import CLASSIFIERS
    from registry.selectors.reviews import PROPOSAL_WAIT_KIND
    from registry.selectors.work import (
        classifications_waiting_for,
        controls_to_set_for,
        gate_slots_waiting_for,
    )
    from registry.selectors.work_owner import (
        owner_classifications_for,
        owner_controls_missing_for,
        owner_gate_requests_for,
    )

    # The roles the RACI of controls names (approvers and responsible roles alike).
    control_setters = {*rules.APPROVAL_CONTROL_ROLES.values()}
    control_setters.update(*rules.RACI_CONTROL_ROLES.values())
    owners = frozenset({Role.PRODUCT_OWNER})
    for source in (
        WorkSource(
            key="registry.gate_slots",
            heading="Gate requests waiting for your approval",
            # Any role may hold a slot: an administrator's gate edit can ask any.
            roles=frozenset(Role.values),
            items=gate_slots_waiting_for,
            position=20,
        ),
        WorkSource(
            key="registry.review_queue",
            heading="Classifications to review",
            roles=frozenset(CLASSIFIERS),
            items=classifications_waiting_for,
            position=21,
            covers_deadline_kinds=frozenset({PROPOSAL_WAIT_KIND}),
        ),
        WorkSource(
            key="registry.controls_to_set",
            heading="Controls for you to set",
            roles=frozenset(control_setters),
            items=controls_to_set_for,
            position=22,
        ),
        WorkSource(
            key="registry.owner_gate_requests",
            heading="Your gate requests to submit or redo",
            roles=owners,
            items=owner_gate_requests_for,
            position=23,
        ),
        WorkSource(
            key="registry.owner_classifications",
            heading="Your systems' classifications to propose",
            roles=owners,
            items=owner_classifications_for,
            position=24,
        ),
        WorkSource(
            key="registry.owner_controls",
            heading="Required controls your systems still miss",
            roles=owners,
            items=owner_controls_missing_for,
            position=25,
        ),
    ):
        register_work_source(source)


def _vendor_hooks_register() -> None:
    from core.clocks.recipients import deadline_recipients_register
    from registry.services.vendor_links import (
        product_dependents_warn,
        reassessment_warning_recipients,
    )
    from vendors.contributions import REASSESSMENT, product_dependents_notify_register

    product_dependents_notify_register(product_dependents_warn)
    # The yearly re-assessment's warning also tells the owners of the systems using it.
    deadline_recipients_register(REASSESSMENT, reassessment_warning_recipients)
    register_panel(
        Panel(
            "vendors.vendor_detail",
            "Systems using its products",
            "registry:product_dependents_panel",
            "registry.system.view",
        )
    )


def _audit_display_register() -> None:
    for object_type in SYSTEM_OBJECT_TYPES:
        register_object_link(object_type, system_page)
    register_object_link("registry.scoringscheme", scheme_page)
    register_object_link("registry.gaterequest", gate_request_page)
    register_object_link("registry.gatedefinition", lambda _id, _repr: reverse("gates:gate_list"))
    register_action_labels({"gate.definition_published": "Published a gate version"})
    register_action_labels(
        {
            "system.created": "Registered a system",
            "system.updated": "Changed a system",
            "system.change_recorded": "Recorded a change of what a system runs",
            "system.vendor_product_linked": "Linked a system to a vendor product",
            "system.vendor_product_unlinked": "Ended a system's use of a vendor product",
            "system.classified": "Classified a system",
            "classification.proposed": "Proposed a classification",
            "classification.rejected": "Rejected a proposed classification",
            "system.classification_reopened": "Reopened a classification",
            "scoring_scheme.published": "Published a scoring scheme version",
            "system.reclassification_flagged": "Flagged for re-classification",
            "system.ai_act_screened": "Screened under the EU AI Act",
            "control.updated": "Updated a control",
            "control_definition.created": "Added a control to the library",
            "control_definition.changed": "Changed a library control",
            "system.reviewed": "Recorded a system review",
            "review_cadence.changed": "Changed the review cadence",
            "system_reviews.scheduled": "Scheduled missing system reviews",
            "gate_request.opened": "Opened a gate request",
            "gate_request.submitted": "Submitted a gate request for approval",
            "gate_request.approved": "Gate passed: approved",
            "gate_request.not_required": "Gate passed: not required for this risk tier",
            "gate_request.blocked": "Gate blocked",
            "gate_request.remediation": "Gate passed with a remediation plan",
            "gate_request.remediation_plan": "Recorded a remediation plan",
            "gate_request.remediation_completed": "Marked a remediation plan done",
            "gate_request.withdrawn": "Withdrew a gate request",
            "gate_request.approvals_voided": "Voided a gate request's approvals",
            "gate_artifact.added": "Added a gate artifact",
            "gate_artifact.replaced": "Replaced a gate artifact",
            "gate_test_result.recorded": "Recorded a gate test result",
            "gate_approval.approved": "Approved a gate request",
            "gate_approval.sign_off": "Signed off a gate request",
            "gate_approval.rejected": "Rejected a gate request",
            "system.stage_changed": "Moved a system to its next stage",
            "system.gate_passed": "Passed a gate (the stage stays)",
            "system.gated": "Cleared a system's not-gated flag: it passed a gate",
            "control.evidence_attached": "Attached evidence to a control",
            "control.evidence_detached": "Removed evidence from a control",
            "checklist.evidence_attached": "Attached evidence to a checklist item",
            "checklist.evidence_detached": "Removed evidence from a checklist item",
        }
    )
