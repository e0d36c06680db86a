"""The assurance API's routes, mounted under /api/v1/ by config/api_urls.py."""

from django.urls import re_path
from rest_framework.routers import SimpleRouter

from assurance.api.exercises import ExerciseViewSet
from assurance.api.imports import ExerciseImportView
from assurance.api.logs import LogDigestView
from assurance.api.monitoring import MetricsView, MonitoringPlanView
from registry.models import SYSTEM_ID_URL_PATTERN

router = SimpleRouter()
router.register("red-team/exercises", ExerciseViewSet, basename="red-team-exercise")
# Each area adds its own lines to its own list (and router registrations).
RED_TEAM_URLS: list = [
    re_path(
        r"^red-team/exercises/(?P<exercise_id>[A-Za-z]{1,4}-[0-9]{1,8})/import/?$",
        ExerciseImportView.as_view(),
        name="red-team-exercise-import",
    ),
]
MONITORING_URLS: list = [
    re_path(
        rf"^systems/(?P<system_id>{SYSTEM_ID_URL_PATTERN})/monitoring-plan/?$",
        MonitoringPlanView.as_view(),
        name="system-monitoring-plan",
    ),
    re_path(
        rf"^systems/(?P<system_id>{SYSTEM_ID_URL_PATTERN})/metrics/?$",
        MetricsView.as_view(),
        name="system-metrics",
    ),
]
LOG_URLS: list = [
    re_path(
        rf"^systems/(?P<system_id>{SYSTEM_ID_URL_PATTERN})/log-digests/?$",
        LogDigestView.as_view(),
        name="system-log-digests",
    ),
]

urlpatterns = [*router.urls, *RED_TEAM_URLS, *MONITORING_URLS, *LOG_URLS]
