"""The cards API's routes, mounted under /api/v1/ by config/api_urls.py."""

from rest_framework.routers import SimpleRouter

from cards.api.versions import CardVersionViewSet
from cards.api.views import DatasetViewSet, ModelCardViewSet, ModelViewSet

router = SimpleRouter()
router.register("models", ModelViewSet, basename="model")
router.register("model-cards", ModelCardViewSet, basename="model-card")
router.register(
    r"model-cards/(?P<card_pk>[0-9]{1,18})/versions",
    CardVersionViewSet,
    basename="model-card-version",
)
router.register("datasets", DatasetViewSet, basename="dataset")

urlpatterns = router.urls
