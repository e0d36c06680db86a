"""The incidents API's routes, mounted under /api/v1/ by config/api_urls.py."""

from rest_framework.routers import SimpleRouter

from incidents.api.views import IncidentViewSet

router = SimpleRouter()
router.register("incidents", IncidentViewSet, basename="incident")

urlpatterns = router.urls
