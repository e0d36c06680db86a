"""The incident pages, mounted at /incidents/."""

from django.urls import path

from incidents.views import actions, evidence, leadership_report, notifications, pages, sla

app_name = "incidents"

urlpatterns = [
    path("", pages.incident_list, name="list"),
    path("export.<str:file_format>", pages.incident_export, name="export"),
    path("new/", pages.incident_new, name="new"),
    path("clocks/", pages.regulatory_clocks, name="clocks"),
    path("breaches/", pages.breach_register, name="breaches"),
    path("breaches/export.<str:file_format>", pages.breach_export, name="breach_export"),
    path("metrics/", pages.incident_metrics, name="metrics"),
    path("sla/", sla.sla_policy, name="sla"),
    path(
        "leadership-report/",
        leadership_report.leadership_report,
        name="leadership_report",
    ),
    path("systems/<str:system_id>/panel/", pages.system_incidents_panel, name="system_panel"),
    path("<str:incident_id>/", pages.incident_detail, name="detail"),
    path("<str:incident_id>/steps/<str:step>/", actions.incident_step, name="step"),
    path("<str:incident_id>/notes/", actions.incident_note, name="note"),
    path("<str:incident_id>/checklist/<int:pk>/", actions.checklist_tick, name="checklist_tick"),
    path("<str:incident_id>/severity/", actions.incident_severity, name="severity"),
    path("<str:incident_id>/awareness/", actions.incident_awareness, name="awareness"),
    path("<str:incident_id>/facts/", actions.incident_facts, name="facts"),
    path("<str:incident_id>/gdpr-no-risk/", actions.incident_gdpr_no_risk, name="gdpr_no_risk"),
    path("<str:incident_id>/review/", actions.incident_review, name="review"),
    # Files behind the review and the sent notifications (views/evidence.py).
    path(
        "<str:incident_id>/review/evidence/",
        evidence.review_evidence_add,
        name="review_evidence_add",
    ),
    path(
        "<str:incident_id>/review/evidence/<int:link_id>/remove/",
        evidence.review_evidence_remove,
        name="review_evidence_remove",
    ),
    path(
        "<str:incident_id>/notifications/<int:pk>/evidence/",
        evidence.notification_evidence_add,
        name="notification_evidence_add",
    ),
    path(
        "<str:incident_id>/notifications/<int:pk>/evidence/<int:link_id>/remove/",
        evidence.notification_evidence_remove,
        name="notification_evidence_remove",
    ),
    path("<str:incident_id>/lead/", actions.incident_lead, name="lead"),
    path("<str:incident_id>/assessment/", actions.incident_assessment, name="assessment"),
    path("<str:incident_id>/notifications/", notifications.draft_new, name="notification_draft"),
    path("<str:incident_id>/notice-facts/", notifications.notice_facts, name="notice_facts"),
    path(
        "<str:incident_id>/notifications/<int:pk>/",
        notifications.notification_page,
        name="notification",
    ),
    path(
        "<str:incident_id>/notifications/<int:pk>/send/",
        notifications.notification_send,
        name="notification_send",
    ),
    path(
        "<str:incident_id>/notifications/<int:pk>/pdf/",
        notifications.notification_pdf_download,
        name="notification_pdf",
    ),
]
