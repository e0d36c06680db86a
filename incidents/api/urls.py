"""The incidents API's routes, mounted under /api/v1/ by config/api_urls.py."""

from rest_framework.routers import SimpleRouter

from incidents.api.notifications import IncidentNotificationViewSet
from incidents.api.views import INCIDENT_ID_URL_PATTERN, BreachViewSet, IncidentViewSet

router = SimpleRouter()
# Before the incidents: their detail route would read "breaches" as an incident ID.
router.register("incidents/breaches", BreachViewSet, basename="breach")
router.register("incidents", IncidentViewSet, basename="incident")
router.register(
    rf"incidents/(?P<incident_id>{INCIDENT_ID_URL_PATTERN})/notifications",
    IncidentNotificationViewSet,
    basename="incident-notification",
)

urlpatterns = router.urls
