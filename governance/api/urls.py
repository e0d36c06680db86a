"""The risk register's API routes, mounted under /api/v1/ by config/api_urls.py."""

from rest_framework.routers import SimpleRouter

from governance.api.views import RiskViewSet

router = SimpleRouter()
router.register("risks", RiskViewSet, basename="risk")

urlpatterns = router.urls
