"""The compliance API's routes, mounted under /api/v1/ by config/api_urls.py."""

from django.urls import re_path
from rest_framework.routers import SimpleRouter

from compliance.api.views import FrameworkViewSet, SystemComplianceViewSet
from registry.models import SYSTEM_ID_URL_PATTERN

router = SimpleRouter()
router.register("frameworks", FrameworkViewSet, basename="framework")

urlpatterns = [
    *router.urls,
    re_path(
        rf"^systems/(?P<system_id>{SYSTEM_ID_URL_PATTERN})/compliance/$",
        SystemComplianceViewSet.as_view({"get": "retrieve"}, detail=True),
        name="system-compliance",
    ),
]
