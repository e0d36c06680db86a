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
    path("<system_id:system_id>/", systems.system_detail, name="system_detail"),
    path(
        "<system_id:system_id>/vendor-products/link/",
        vendor_links.product_link,
        name="system_product_link",
    ),
    path(
        "<system_id:system_id>/vendor-products/<int:product_pk>/unlink/",
        vendor_links.product_unlink,
        name="system_product_unlink",
    ),
    path(
        "vendors/<int:vendor_pk>/systems-panel/",
        vendor_links.product_dependents_panel,
        name="product_dependents_panel",
    ),
    path("<system_id:system_id>/edit/", systems.system_edit, name="system_edit"),
    path("<system_id:system_id>/classify/", classify.system_classify, name="system_classify"),
    path(
        "<system_id:system_id>/classify/preview/",
        classify.classify_preview,
        name="classify_preview",
    ),
    path(
        "<system_id:system_id>/classifications/<int:pk>/decide/",
        review.classification_decide,
        name="classification_decide",
    ),
    path(
        "<system_id:system_id>/classification/reopen/",
        review.classification_reopen,
        name="classification_reopen",
    ),
    path(
        "<system_id:system_id>/reviews/",
        system_reviews.system_review_record,
        name="system_review_record",
    ),
    path("<system_id:system_id>/ai-act/", ai_act.system_ai_act, name="system_ai_act"),
    path(
        "<system_id:system_id>/controls/<int:control_id>/",
        controls.control_update,
        name="control_update",
    ),
    path(
        "<system_id:system_id>/gate-requests/new/",
        gates.gate_request_new,
        name="gate_request_new",
    ),
    path(
        "<system_id:system_id>/gate-requests/<int:pk>/",
        gates.gate_request_detail,
        name="gate_request_detail",
    ),
    *(
        path(
            f"<system_id:system_id>/gate-requests/<int:pk>/{segment}/",
            view,
            name=f"gate_request_{name}",
        )
        for segment, view, name in (
            ("artifacts", gates.artifact_add, "artifact_add"),
            ("tests", gates.test_record, "test_record"),
            ("approvals", gates.approval_decide, "approval_decide"),
            ("remediation", gates.remediation, "remediation"),
            ("remediation-done", gates.remediation_complete, "remediation_complete"),
            ("withdraw", gates.withdraw, "withdraw"),
        )
    ),
    # Evidence files on controls and on the pre-deployment checklist (views/evidence.py).
    path(
        "<system_id:system_id>/controls/<int:control_id>/evidence/",
        evidence.control_evidence_add,
        name="control_evidence_add",
    ),
    path(
        "<system_id:system_id>/controls/<int:control_id>/evidence/<int:link_id>/remove/",
        evidence.control_evidence_remove,
        name="control_evidence_remove",
    ),
    path(
        "<system_id:system_id>/checklist/<slug:item>/evidence/",
        evidence.checklist_evidence_add,
        name="checklist_evidence_add",
    ),
    path(
        "<system_id:system_id>/checklist/evidence/<int:link_id>/remove/",
        evidence.checklist_evidence_remove,
        name="checklist_evidence_remove",
    ),
]

gate_urlpatterns = [
    path("gates/", gate_definitions.gate_list, name="gate_list"),
    path("gates/<slug:slug>/edit/", gate_definitions.gate_edit, name="gate_edit"),
    path("gate-requests/", gate_list.request_list, name="request_list"),
    path("gate-requests/export.<str:file_format>", gate_list.request_export, name="request_export"),
]
