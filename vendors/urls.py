"""The vendors' pages, mounted at /vendors/ (config/urls.py), and the vendor contact's
questionnaire pages at the site's root (public: the token is the credential), which
config/urls.py includes under the namespace "questionnaire"."""

from django.urls import include, path

from vendors.views import assessments, exports, questionnaire, review, vendors

app_name = "vendors"

# One vendor's page and the forms it posts, under /vendors/<pk>/.
VENDOR_URLS = [
    path("", vendors.vendor_detail, name="vendor_detail"),
    path("products/", vendors.product_add, name="product_add"),
    path("changes/", vendors.vendor_change, name="vendor_change"),
]
# One assessment's page, the forms it posts and its questionnaire links, under
# /vendors/assessments/<pk>/.
ASSESSMENT_URLS = [
    path("", assessments.assessment_detail, name="assessment_detail"),
    path("edit/", assessments.assessment_edit, name="assessment_edit"),
    path("score/", assessments.assessment_score_view, name="assessment_score"),
    path("approve/", assessments.assessment_approve, name="assessment_approve"),
    path(
        "remediation-done/",
        assessments.assessment_remediation_done,
        name="assessment_remediation_done",
    ),
    path("evidence/", assessments.assessment_evidence_add, name="assessment_evidence_add"),
    path("questionnaire/", review.questionnaire_send_page, name="questionnaire_send"),
    path(
        "questionnaire/<int:link_pk>/revoke/",
        review.questionnaire_revoke_page,
        name="questionnaire_revoke",
    ),
    path("review/", review.assessment_review, name="assessment_review"),
]

urlpatterns = [
    path("", vendors.vendor_list, name="vendor_list"),
    path("new/", vendors.vendor_new, name="vendor_new"),
    path("export.csv", exports.vendor_export, name="vendor_export"),
    path("<int:pk>/", include(VENDOR_URLS)),
    path("assessments/export.csv", exports.assessment_export, name="assessment_export"),
    path("assessments/new/", assessments.assessment_new, name="assessment_new"),
    path("assessments/<int:pk>/", include(ASSESSMENT_URLS)),
]

questionnaire_urlpatterns = [
    path("q/<str:token>/", questionnaire.questionnaire_page, name="form"),
]
