"""The vendors API's routes, mounted under /api/v1/ by config/api_urls.py."""

from rest_framework.routers import SimpleRouter

from vendors.api.views import AssessmentViewSet, VendorViewSet

router = SimpleRouter()
router.register("vendors", VendorViewSet, basename="vendor")
router.register("assessments", AssessmentViewSet, basename="assessment")

urlpatterns = router.urls
