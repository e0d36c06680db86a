"""The vendors' pages, mounted at /vendors/ (config/urls.py)."""

from django.urls import path

from vendors import assessment_pages, pages, review_views, views

app_name = "vendors"

urlpatterns = [
    path("", pages.vendor_list, name="vendor_list"),
    path("new/", pages.vendor_new, name="vendor_new"),
    path("export.csv", views.vendor_export, name="vendor_export"),
    path("<int:pk>/", pages.vendor_detail, name="vendor_detail"),
    path("<int:pk>/products/", pages.product_add, name="product_add"),
    path("<int:pk>/changes/", pages.vendor_change, name="vendor_change"),
    path("assessments/export.csv", views.assessment_export, name="assessment_export"),
    path("assessments/new/", assessment_pages.assessment_new, name="assessment_new"),
    path("assessments/<int:pk>/", assessment_pages.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/edit/", assessment_pages.assessment_edit, name="assessment_edit"),
    path(
        "assessments/<int:pk>/score/",
        assessment_pages.assessment_score_view,
        name="assessment_score",
    ),
    path(
        "assessments/<int:pk>/approve/",
        assessment_pages.assessment_approve,
        name="assessment_approve",
    ),
    path(
        "assessments/<int:pk>/remediation-done/",
        assessment_pages.assessment_remediation_done,
        name="assessment_remediation_done",
    ),
    path(
        "assessments/<int:pk>/evidence/",
        assessment_pages.assessment_evidence_add,
        name="assessment_evidence_add",
    ),
    path(
        "assessments/<int:pk>/questionnaire/",
        review_views.questionnaire_send_page,
        name="questionnaire_send",
    ),
    path(
        "assessments/<int:pk>/questionnaire/<int:link_pk>/revoke/",
        review_views.questionnaire_revoke_page,
        name="questionnaire_revoke",
    ),
    path("assessments/<int:pk>/review/", review_views.assessment_review, name="assessment_review"),
]
