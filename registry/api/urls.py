"""The registry's API routes, mounted under /api/v1/ by config/api_urls.py."""

from rest_framework.routers import SimpleRouter

from registry.api.views import SystemViewSet

router = SimpleRouter()
router.register("systems", SystemViewSet, basename="system")

urlpatterns = router.urls
