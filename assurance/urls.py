"""The assurance pages under /assurance/ (namespace "assurance"): red-team exercises,
post-market monitoring and the systems' log digests."""

from django.urls import path  # noqa: F401

import registry.urls  # noqa: F401 - registers the "system_id" converter

app_name = "assurance"

# Each area adds its own lines to its own list.
RED_TEAM_URLS: list = []
MONITORING_URLS: list = []
LOG_URLS: list = []

urlpatterns = [*RED_TEAM_URLS, *MONITORING_URLS, *LOG_URLS]
