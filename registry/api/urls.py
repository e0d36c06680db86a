"""The registry's API routes, mounted under /api/v1/ by config/api_urls.py."""

from django.urls import re_path
from rest_framework.routers import SimpleRouter

from registry.api.evidence import ControlEvidenceViewSet
from registry.api.gates import GateCheckView, GateRequestViewSet
from registry.api.views import SystemViewSet
from registry.models import SYSTEM_ID_URL_PATTERN

router = SimpleRouter()
router.register("systems", SystemViewSet, basename="system")
router.register("gate-requests", GateRequestViewSet, basename="gate-request")

urlpatterns = [
    re_path(
        rf"^systems/(?P<system_id>{SYSTEM_ID_URL_PATTERN})/gates/(?P<gate_slug>[-a-zA-Z0-9_]+)/check$",
        GateCheckView.as_view(),
        name="gate-check",
    ),
    *router.urls,
    re_path(
        # Any key segment: an unknown one is a 404 from the view, after authentication,
        # so an anonymous caller learns nothing before signing in.
        rf"^systems/(?P<system_id>{SYSTEM_ID_URL_PATTERN})/controls/(?P<control_key>[^/]+)"
        r"/evidence/$",
        ControlEvidenceViewSet.as_view({"post": "create"}, detail=True),
        name="system-control-evidence",
    ),
]
