"""The assurance API's routes, mounted under /api/v1/ by config/api_urls.py."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()
# Each area adds its own lines to its own list (and router registrations).
RED_TEAM_URLS: list = []
MONITORING_URLS: list = []
LOG_URLS: list = []

urlpatterns = [*router.urls, *RED_TEAM_URLS, *MONITORING_URLS, *LOG_URLS]
