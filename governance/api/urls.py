"""The risk register's and the audit packs' API routes, mounted under /api/v1/ by
config/api_urls.py."""

from rest_framework.routers import SimpleRouter

from governance.api.exports import ExportViewSet
from governance.api.views import RiskViewSet

router = SimpleRouter()
router.register("risks", RiskViewSet, basename="risk")
router.register("exports", ExportViewSet, basename="export")

urlpatterns = router.urls
