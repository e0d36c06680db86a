"""The vendors' pages under /vendors/ (so far the CSV exports of its lists)."""

from django.urls import path

from vendors import views

app_name = "vendors"

urlpatterns = [
    path("export.csv", views.vendor_export, name="vendor_export"),
    path("assessments/export.csv", views.assessment_export, name="assessment_export"),
]
