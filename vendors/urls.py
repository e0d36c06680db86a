"""The vendors' pages, mounted at /vendors/ (config/urls.py), and the vendor contact's
questionnaire pages at the site's root (public: the token is the credential), which
config/urls.py includes under the namespace "questionnaire"."""

from django.urls import path

from vendors.views import assessments, exports, questionnaire, review, vendors

app_name = "vendors"

urlpatterns = [
    path("", vendors.vendor_list, name="vendor_list"),
    path("new/", vendors.vendor_new, name="vendor_new"),
    path("export.csv", exports.vendor_export, name="vendor_export"),
    path("<int:pk>/", vendors.vendor_detail, name="vendor_detail"),
    path("<int:pk>/products/", vendors.product_add, name="product_add"),
    path("<int:pk>/changes/", vendors.vendor_change, name="vendor_change"),
    path("assessments/export.csv", exports.assessment_export, name="assessment_export"),
    path("assessments/new/", assessments.assessment_new, name="assessment_new"),
    path("assessments/<int:pk>/", assessments.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/edit/", assessments.assessment_edit, name="assessment_edit"),
    path(
        "assessments/<int:pk>/score/",
        assessments.assessment_score_view,
        name="assessment_score",
    ),
    path(
        "assessments/<int:pk>/approve/",
        assessments.assessment_approve,
        name="assessment_approve",
    ),
    path(
        "assessments/<int:pk>/remediation-done/",
        assessments.assessment_remediation_done,
        name="assessment_remediation_done",
    ),
    path(
        "assessments/<int:pk>/evidence/",
        assessments.assessment_evidence_add,
        name="assessment_evidence_add",
    ),
    path(
        "assessments/<int:pk>/questionnaire/",
        review.questionnaire_send_page,
        name="questionnaire_send",
    ),
    path(
        "assessments/<int:pk>/questionnaire/<int:link_pk>/revoke/",
        review.questionnaire_revoke_page,
        name="questionnaire_revoke",
    ),
    path("assessments/<int:pk>/review/", review.assessment_review, name="assessment_review"),
]

questionnaire_urlpatterns = [
    path("q/<str:token>/", questionnaire.questionnaire_page, name="form"),
    path("q/<str:token>/upload/", questionnaire.questionnaire_upload_page, name="upload"),
]
