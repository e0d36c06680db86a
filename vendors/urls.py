"""The vendors' pages under /vendors/ (so far the CSV exports of its lists)."""

from django.urls import path

from vendors import review_views, views

app_name = "vendors"

urlpatterns = [
    path("export.csv", views.vendor_export, name="vendor_export"),
    path("assessments/export.csv", views.assessment_export, name="assessment_export"),
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
