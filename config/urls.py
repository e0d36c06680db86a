from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core.sso import views as sso_views
from core.views.metrics import metrics
from governance.views.board import home
from registry.urls import gate_urlpatterns
from vendors.urls import questionnaire_urlpatterns

urlpatterns = [
    path("admin/", admin.site.urls),
    # Prometheus's scrape, behind METRICS_TOKEN / METRICS_ALLOWED_NETWORKS (404 when off).
    path("metrics", metrics, name="metrics"),
    # Two of allauth's addresses answered by the portal first (core.sso.views): single
    # sign-on's callback keeps the sign-in's ID token, and "Log out" uses it to end the
    # session at the identity provider too. allauth's names still reverse to them.
    path("accounts/oidc/<str:provider_id>/login/callback/", sso_views.callback),
    path("accounts/logout/", sso_views.logout),
    path("accounts/", include("allauth.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file of its own: the
    # Content-Security-Policy runs no inline script. Swagger UI sets inline styles as it
    # draws, so this one page allows them (scripts stay 'self').
    path(
        "api/docs/",
        csp_update({"style-src": [SELF, UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
    path("api/v1/", include("config.api_urls")),
    path("", home, name="home"),
    path("", include("core.urls")),
    path("systems/", include("registry.urls")),
    path("incidents/", include("incidents.urls")),
    path("vendors/", include("vendors.urls")),
    path("", include("cards.urls")),
    path("", include((questionnaire_urlpatterns, "questionnaire"))),
    path("", include((gate_urlpatterns, "gates"))),
    path("", include("governance.urls")),
    path("compliance/", include("compliance.urls")),
    path("assurance/", include("assurance.urls")),
]
