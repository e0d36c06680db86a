"""The registry's pages: a system's pages mounted at /systems/ (`urlpatterns`), and the
lifecycle gates' own pages mounted at the root under the namespace "gates"
(`gate_urlpatterns`): the gates in force and their edit (/gates/), and every gate
request as a list (/gate-requests/). One request's page sits under its system."""

from django.urls import path, register_converter

from registry.models import SYSTEM_ID_URL_PATTERN
from registry.views import (
    ai_act,
    classify,
    controls,
    evidence,
    export,
    gate_definitions,
    gate_list,
    gates,
    portfolio,
    review,
    review_cadence,
    scheme,
    system_reviews,
    systems,
    vendor_links,
)

app_name = "registry"


class SystemIdConverter:
    """A system ID in a URL: letters, digits and dashes (SYS-001). Anything else is a 404
    before the database sees it (a NUL byte would make PostgreSQL refuse the query)."""

    regex = SYSTEM_ID_URL_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SystemIdConverter, "system_id")

CONTROL = "controls/<int:control_id>/"
# A system's own pages, under its ID (/systems/SYS-001/...): (the rest of the path, view,
# name). After the registry's other pages, whose first segment an ID could look like.
SYSTEM_PAGES = (
    ("", systems.system_detail, "system_detail"),
    ("edit/", systems.system_edit, "system_edit"),
    ("vendor-products/link/", vendor_links.product_link, "system_product_link"),
    (
        "vendor-products/<int:product_pk>/unlink/",
        vendor_links.product_unlink,
        "system_product_unlink",
    ),
    ("classify/", classify.system_classify, "system_classify"),
    ("classify/preview/", classify.classify_preview, "classify_preview"),
    (
        "classifications/<int:pk>/decide/",
        review.classification_decide,
        "classification_decide",
    ),
    ("classification/reopen/", review.classification_reopen, "classification_reopen"),
    ("reviews/", system_reviews.system_review_record, "system_review_record"),
    ("ai-act/", ai_act.system_ai_act, "system_ai_act"),
    (CONTROL, controls.control_update, "control_update"),
    # Evidence files on controls and on the pre-deployment checklist (views/evidence.py).
    (f"{CONTROL}evidence/", evidence.control_evidence_add, "control_evidence_add"),
    (
        f"{CONTROL}evidence/<int:link_id>/remove/",
        evidence.control_evidence_remove,
        "control_evidence_remove",
    ),
    ("checklist/<slug:item>/evidence/", evidence.checklist_evidence_add, "checklist_evidence_add"),
    (
        "checklist/evidence/<int:link_id>/remove/",
        evidence.checklist_evidence_remove,
        "checklist_evidence_remove",
    ),
    # Lifecycle gates: opening a request, and its page.
    ("gate-requests/new/", gates.gate_request_new, "gate_request_new"),
    ("gate-requests/<int:pk>/", gates.gate_request_detail, "gate_request_detail"),
)
# The forms posted on a gate request's page: (segment, view, name after "gate_request_").
GATE_REQUEST_FORMS = (
    ("artifacts", gates.artifact_add, "artifact_add"),
    ("tests", gates.test_record, "test_record"),
    ("approvals", gates.approval_decide, "approval_decide"),
    ("remediation", gates.remediation, "remediation"),
    ("remediation-done", gates.remediation_complete, "remediation_complete"),
    ("withdraw", gates.withdraw, "withdraw"),
)

urlpatterns = [
    path("", systems.system_list, name="system_list"),
    path("portfolio/", portfolio.portfolio, name="portfolio"),
    path("export.csv", export.system_export, name="system_export"),
    path("new/", systems.system_create, name="system_create"),
    path("review/", review.review_queue, name="review_queue"),
    path("review/export.<str:file_format>", review.review_queue_export, name="review_queue_export"),
    path("review-cadence/", review_cadence.review_cadence, name="review_cadence"),
    path("scoring-scheme/", scheme.scheme_detail, name="scheme_detail"),
    path("scoring-scheme/new/", scheme.scheme_edit, name="scheme_edit"),
    path("scoring-scheme/v<int:version>/", scheme.scheme_detail, name="scheme_version"),
    path(
        "vendors/<int:vendor_pk>/systems-panel/",
        vendor_links.product_dependents_panel,
        name="product_dependents_panel",
    ),
    *(path(f"<system_id:system_id>/{rest}", view, name=name) for rest, view, name in SYSTEM_PAGES),
    *(
        path(
            f"<system_id:system_id>/gate-requests/<int:pk>/{segment}/",
            view,
            name=f"gate_request_{name}",
        )
        for segment, view, name in GATE_REQUEST_FORMS
    ),
]

gate_urlpatterns = [
    path("gates/", gate_definitions.gate_list, name="gate_list"),
    path("gates/<slug:slug>/edit/", gate_definitions.gate_edit, name="gate_edit"),
    path("gate-requests/", gate_list.request_list, name="request_list"),
    path("gate-requests/export.<str:file_format>", gate_list.request_export, name="request_export"),
]
