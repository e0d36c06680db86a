from django.urls import path

from core.api.deadlines import DeadlineListView
from core.api.views import MeView

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("deadlines/", DeadlineListView.as_view(), name="deadline-list"),
]
