"""The assurance pages under /assurance/ (namespace "assurance"): red-team exercises,
post-market monitoring and the systems' log digests."""

from django.urls import path

import registry.urls  # noqa: F401 - registers the "system_id" converter
from assurance.views import exercises as exercise_views
from assurance.views import imports as import_views
from assurance.views import logs as log_views
from assurance.views import monitoring
from assurance.views import panels as panel_views
from assurance.views import report as report_views
from assurance.views import thresholds as threshold_views
from assurance.views import tokens as token_views

app_name = "assurance"

# Each area adds its own lines to its own list.
RED_TEAM_URLS: list = [
    path("", exercise_views.exercise_list, name="exercise_list"),
    path(
        "exercises/export.<str:file_format>",
        exercise_views.exercise_export,
        name="exercise_export",
    ),
    path("exercises/new/", exercise_views.exercise_create_view, name="exercise_create"),
    path("exercises/<str:exercise_id>/", exercise_views.exercise_detail, name="exercise_detail"),
    path("exercises/<str:exercise_id>/edit/", exercise_views.exercise_edit, name="exercise_edit"),
    path(
        "exercises/<str:exercise_id>/results/",
        exercise_views.exercise_result_add,
        name="exercise_result_add",
    ),
    path(
        "exercises/<str:exercise_id>/import/",
        import_views.exercise_import,
        name="exercise_import",
    ),
    path("thresholds/", threshold_views.thresholds_page, name="thresholds"),
    # What red-team results become for other readers (report, trend, panels).
    path(
        "exercises/<str:exercise_id>/report.pdf",
        report_views.exercise_report_download,
        name="exercise_report_pdf",
    ),
    path(
        "systems/<system_id:system_id>/red-team/",
        report_views.system_red_team,
        name="system_red_team",
    ),
    path(
        "systems/<system_id:system_id>/red-team/panel/",
        panel_views.system_red_team_panel,
        name="system_red_team_panel",
    ),
    path(
        "sessions/<int:pk>/red-team/",
        panel_views.session_red_team_panel,
        name="session_red_team_panel",
    ),
]
MONITORING_URLS: list = [
    path("monitoring/", monitoring.monitoring_list, name="monitoring_list"),
    path(
        "monitoring/<system_id:system_id>/", monitoring.monitoring_detail, name="monitoring_detail"
    ),
    path(
        "monitoring/<system_id:system_id>/episodes/<int:episode_id>/incident/",
        monitoring.episode_incident,
        name="monitoring_episode_incident",
    ),
    path(
        "monitoring/<system_id:system_id>/episodes/<int:episode_id>/dismiss/",
        monitoring.episode_dismiss_view,
        name="monitoring_episode_dismiss",
    ),
    path(
        "monitoring/<system_id:system_id>/panel/",
        monitoring.system_monitoring_panel,
        name="system_monitoring_panel",
    ),
    path(
        "monitoring/<system_id:system_id>/report/<str:month>/",
        monitoring.monitoring_report,
        name="monitoring_report",
    ),
]
LOG_URLS: list = [
    path("logs/", log_views.digest_list, name="digest_list"),
    path("logs/<system_id:system_id>/", log_views.digest_system, name="digest_system"),
    path("logs/<system_id:system_id>/verify/", log_views.digest_verify, name="digest_verify"),
    path("systems/<system_id:system_id>/tokens/", token_views.system_tokens, name="system_tokens"),
    path(
        "systems/<system_id:system_id>/tokens/<int:token_id>/revoke/",
        token_views.token_revoke,
        name="token_revoke",
    ),
    path(
        "systems/<system_id:system_id>/tokens/panel/",
        token_views.token_panel,
        name="token_panel",
    ),
]

urlpatterns = [*RED_TEAM_URLS, *MONITORING_URLS, *LOG_URLS]
