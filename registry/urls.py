"""The registry's pages: a system's pages mounted at /systems/ (`urlpatterns`), and the
lifecycle gates' own pages mounted at the root under the namespace "gates"
(`gate_urlpatterns`): the gates in force and their edit (/gates/), and every gate
request as a list (/gate-requests/). One request's page sits under its system."""

from django.urls import include, path, register_converter

from core.url_ids import IdConverter
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


class SystemIdConverter(IdConverter):
    """A system ID in a URL: letters, digits and dashes (SYS-001)."""

    regex = SYSTEM_ID_URL_PATTERN


register_converter(SystemIdConverter, "system_id")

# One required control's form and its evidence files (views/evidence.py), under
# /systems/<system_id>/controls/<control_id>/.
CONTROL_URLS = [
    path("", controls.control_update, name="control_update"),
    path("evidence/", evidence.control_evidence_add, name="control_evidence_add"),
    path(
        "evidence/<int:link_id>/remove/",
        evidence.control_evidence_remove,
        name="control_evidence_remove",
    ),
]
# One gate request's page and the forms it posts, under
# /systems/<system_id>/gate-requests/<pk>/.
GATE_REQUEST_URLS = [
    path("", gates.gate_request_detail, name="gate_request_detail"),
    path("artifacts/", gates.artifact_add, name="gate_request_artifact_add"),
    path("tests/", gates.test_record, name="gate_request_test_record"),
    path("approvals/", gates.approval_decide, name="gate_request_approval_decide"),
    path("remediation/", gates.remediation, name="gate_request_remediation"),
    path(
        "remediation-done/",
        gates.remediation_complete,
        name="gate_request_remediation_complete",
    ),
    path("submit/", gates.submit, name="gate_request_submit"),
    path("withdraw/", gates.withdraw, name="gate_request_withdraw"),
]
# A system's own pages, under its ID (/systems/SYS-001/...).
SYSTEM_URLS = [
    path("", systems.system_detail, name="system_detail"),
    path("edit/", systems.system_edit, name="system_edit"),
    path("vendor-products/link/", vendor_links.product_link, name="system_product_link"),
    path(
        "vendor-products/<int:product_pk>/unlink/",
        vendor_links.product_unlink,
        name="system_product_unlink",
    ),
    path("classify/", classify.system_classify, name="system_classify"),
    path("classify/preview/", classify.classify_preview, name="classify_preview"),
    path(
        "classifications/<int:pk>/decide/",
        review.classification_decide,
        name="classification_decide",
    ),
    path("classification/reopen/", review.classification_reopen, name="classification_reopen"),
    path("reviews/", system_reviews.system_review_record, name="system_review_record"),
    path("ai-act/", ai_act.system_ai_act, name="system_ai_act"),
    path("controls/<int:control_id>/", include(CONTROL_URLS)),
    # Evidence files on the pre-deployment checklist (views/evidence.py).
    path(
        "checklist/<slug:item>/evidence/",
        evidence.checklist_evidence_add,
        name="checklist_evidence_add",
    ),
    path(
        "checklist/evidence/<int:link_id>/remove/",
        evidence.checklist_evidence_remove,
        name="checklist_evidence_remove",
    ),
    # Lifecycle gates: opening a request, and its page.
    path("gate-requests/new/", gates.gate_request_new, name="gate_request_new"),
    path("gate-requests/<int:pk>/", include(GATE_REQUEST_URLS)),
]

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
    # After the registry's other pages, whose first segment an ID could look like.
    path("<system_id:system_id>/", include(SYSTEM_URLS)),
]

gate_urlpatterns = [
    path("gates/", gate_definitions.gate_list, name="gate_list"),
    path("gates/<slug:slug>/edit/", gate_definitions.gate_edit, name="gate_edit"),
    path("gate-requests/", gate_list.request_list, name="request_list"),
    path("gate-requests/export.<str:file_format>", gate_list.request_export, name="request_export"),
]
