"""Every app's API router under /api/v1/."""

from django.urls import include, path

urlpatterns = [
    path("", include("core.api.urls")),
    path("", include("registry.api.urls")),
    path("", include("incidents.api.urls")),
    path("", include("governance.api.urls")),
    path("", include("vendors.api.urls")),
    path("", include("cards.api.urls")),
    path("", include("compliance.api.urls")),
    path("", include("assurance.api.urls")),
]
