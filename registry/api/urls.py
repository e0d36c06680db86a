"""The registry's API routes, mounted under /api/v1/ by config/api_urls.py."""

from rest_framework.routers import DefaultRouter

from registry.api.views import SystemViewSet

router = DefaultRouter()
router.register("systems", SystemViewSet, basename="system")

urlpatterns = router.urls
