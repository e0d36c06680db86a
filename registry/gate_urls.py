"""The lifecycle gates' own pages, mounted at the root (config/urls.py): the gates in
force and their edit (/gates/), and every gate request as a list (/gate-requests/).
One request's page sits under its system (registry/urls.py)."""

from django.urls import path

from registry.views import gate_definitions, gate_list

app_name = "gates"

urlpatterns = [
    path("gates/", gate_definitions.gate_list, name="gate_list"),
    path("gates/<slug:slug>/edit/", gate_definitions.gate_edit, name="gate_edit"),
    path("gate-requests/", gate_list.request_list, name="request_list"),
    path("gate-requests/export.<str:file_format>", gate_list.request_export, name="request_export"),
]
