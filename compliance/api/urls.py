"""The compliance API's routes, mounted under /api/v1/ by config/api_urls.py."""

from django.urls import re_path
from rest_framework.routers import SimpleRouter

from compliance.api.annex import (
    AnnexIvDownloadView,
    AnnexIvRenderView,
    AnnexIvView,
    AnnexViiiView,
)
from compliance.api.imports import FrameworkImportView, SystemOscalView
from compliance.api.views import FrameworkViewSet, SystemComplianceViewSet
from registry.models import SYSTEM_ID_URL_PATTERN

router = SimpleRouter()
router.register("frameworks", FrameworkViewSet, basename="framework")
SYSTEM = rf"^systems/(?P<system_id>{SYSTEM_ID_URL_PATTERN})"
# Annex VIII and Annex IV (compliance.api.annex), with and without the trailing slash.
ANNEX_URLS = [
    re_path(rf"{SYSTEM}/annex-viii/?$", AnnexViiiView.as_view(), name="system-annex-viii"),
    re_path(rf"{SYSTEM}/annex-iv/?$", AnnexIvView.as_view(), name="system-annex-iv"),
    re_path(
        rf"{SYSTEM}/annex-iv/(?P<render_id>[0-9]{{1,9}})/?$",
        AnnexIvRenderView.as_view(),
        name="system-annex-iv-render",
    ),
    re_path(
        rf"{SYSTEM}/annex-iv/(?P<render_id>[0-9]{{1,9}})/download/?$",
        AnnexIvDownloadView.as_view(),
        name="system-annex-iv-download",
    ),
]

urlpatterns = [
    # Before the router's frameworks/<pk>/ (compliance.api.imports); with and without the
    # trailing slash, as issue 19 writes them.
    re_path(r"^frameworks/import/?$", FrameworkImportView.as_view(), name="framework-import"),
    re_path(
        rf"^systems/(?P<system_id>{SYSTEM_ID_URL_PATTERN})/compliance/oscal/?$",
        SystemOscalView.as_view(),
        name="system-compliance-oscal",
    ),
    *router.urls,
    re_path(
        rf"^systems/(?P<system_id>{SYSTEM_ID_URL_PATTERN})/compliance/$",
        SystemComplianceViewSet.as_view({"get": "retrieve"}, detail=True),
        name="system-compliance",
    ),
    *ANNEX_URLS,
]
