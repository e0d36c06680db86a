"""The registry's pages, mounted at /systems/ (config/urls.py)."""

from django.urls import path

from registry.views import ai_act, classify, controls, export, portfolio, systems

app_name = "registry"

urlpatterns = [
    path("", systems.system_list, name="system_list"),
    path("portfolio/", portfolio.portfolio, name="portfolio"),
    path("export.csv", export.system_export, name="system_export"),
    path("new/", systems.system_create, name="system_create"),
    path("<str:system_id>/", systems.system_detail, name="system_detail"),
    path("<str:system_id>/edit/", systems.system_edit, name="system_edit"),
    path("<str:system_id>/classify/", classify.system_classify, name="system_classify"),
    path("<str:system_id>/ai-act/", ai_act.system_ai_act, name="system_ai_act"),
    path(
        "<str:system_id>/controls/<int:control_id>/",
        controls.control_update,
        name="control_update",
    ),
]
