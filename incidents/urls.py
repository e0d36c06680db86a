"""The incident pages, mounted at /incidents/."""

from django.urls import include, path

from incidents.views import actions, evidence, leadership_report, notifications, pages, sla

app_name = "incidents"

# One notification's page and what it posts (views/notifications.py, views/evidence.py),
# under /incidents/<incident_id>/notifications/<pk>/.
NOTIFICATION_URLS = [
    path("", notifications.notification_page, name="notification"),
    path("send/", notifications.notification_send, name="notification_send"),
    path("pdf/", notifications.notification_pdf_download, name="notification_pdf"),
    path("evidence/", evidence.notification_evidence_add, name="notification_evidence_add"),
    path(
        "evidence/<int:link_id>/remove/",
        evidence.notification_evidence_remove,
        name="notification_evidence_remove",
    ),
]
# One incident's page and the forms it posts (views/actions.py), under its ID.
INCIDENT_URLS = [
    path("", pages.incident_detail, name="detail"),
    path("steps/<str:step>/", actions.incident_step, name="step"),
    path("notes/", actions.incident_note, name="note"),
    path("checklist/<int:pk>/", actions.checklist_tick, name="checklist_tick"),
    path("severity/", actions.incident_severity, name="severity"),
    path("awareness/", actions.incident_awareness, name="awareness"),
    path("facts/", actions.incident_facts, name="facts"),
    path("gdpr-no-risk/", actions.incident_gdpr_no_risk, name="gdpr_no_risk"),
    path("review/", actions.incident_review, name="review"),
    path("review/evidence/", evidence.review_evidence_add, name="review_evidence_add"),
    path(
        "review/evidence/<int:link_id>/remove/",
        evidence.review_evidence_remove,
        name="review_evidence_remove",
    ),
    path("lead/", actions.incident_lead, name="lead"),
    path("assessment/", actions.incident_assessment, name="assessment"),
    path("notifications/", notifications.draft_new, name="notification_draft"),
    path("notice-facts/", notifications.notice_facts, name="notice_facts"),
    path("notifications/<int:pk>/", include(NOTIFICATION_URLS)),
]

urlpatterns = [
    path("", pages.incident_list, name="list"),
    path("export.<str:file_format>", pages.incident_export, name="export"),
    path("new/", pages.incident_new, name="new"),
    path("clocks/", pages.regulatory_clocks, name="clocks"),
    path("breaches/", pages.breach_register, name="breaches"),
    path("breaches/export.<str:file_format>", pages.breach_export, name="breach_export"),
    path("metrics/", pages.incident_metrics, name="metrics"),
    path("sla/", sla.sla_policy, name="sla"),
    path("leadership-report/", leadership_report.leadership_report, name="leadership_report"),
    path("systems/<str:system_id>/panel/", pages.system_incidents_panel, name="system_panel"),
    path("<str:incident_id>/", include(INCIDENT_URLS)),
]
