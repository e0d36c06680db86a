"""The compliance pages under /compliance/ (namespace "compliance"): a system's
compliance page with the reviewer's decisions, its panel on the registry's system page,
and the documents filed as evidence for a system or for the whole organisation."""

from django.urls import include, path

import registry.urls  # noqa: F401 - registers the "system_id" converter used below
from compliance.views import annex, documents, frameworks, imports, matrix, panels, systems

app_name = "compliance"

# One requirement of a system, under /compliance/systems/<system_id>/requirements/<pk>/.
REQUIREMENT_URLS = [
    path("items/<int:item>/decide/", systems.evidence_decision, name="evidence_decision"),
    path("not-applicable/", systems.not_applicable, name="not_applicable"),
    path(
        "not-applicable/withdraw/",
        systems.not_applicable_undo,
        name="not_applicable_withdraw",
    ),
]
# One system, under /compliance/systems/<system_id>/.
SYSTEM_URLS = [
    path("", systems.system_compliance, name="system_compliance"),
    path("oscal.json", imports.system_oscal_download, name="system_oscal"),
    path("panel/", panels.system_compliance_panel, name="system_panel"),
    path("documents/", documents.system_documents, name="system_documents"),
    path(
        "documents/<int:document_id>/remove/",
        documents.system_document_remove,
        name="system_document_remove",
    ),
    path("requirements/<int:requirement_id>/", include(REQUIREMENT_URLS)),
    path("annex-viii/", annex.annex_viii_page, name="annex_viii"),
    path("annex-iv/", annex.annex_iv_page, name="annex_iv"),
    path("annex-iv/render/", annex.annex_iv_start, name="annex_iv_start"),
    path("annex-iv/<int:render_id>/", annex.annex_iv_row, name="annex_iv_row"),
    path("annex-iv/<int:render_id>/download/", annex.annex_iv_download, name="annex_iv_download"),
]

urlpatterns = [
    # The board's matrix and the framework library (compliance.views.matrix, .frameworks).
    path("", matrix.matrix, name="matrix"),
    path("export.<str:file_format>", matrix.matrix_export, name="matrix_export"),
    path("refresh/", matrix.matrix_refresh, name="matrix_refresh"),
    path("frameworks/", frameworks.framework_list, name="framework_list"),
    path(
        "frameworks/export.<str:file_format>",
        frameworks.framework_export,
        name="framework_export",
    ),
    path("frameworks/import/", imports.framework_import_page, name="framework_import"),
    path("frameworks/<int:pk>/", frameworks.framework_detail_page, name="framework_detail"),
    path("systems/<system_id:system_id>/", include(SYSTEM_URLS)),
    path("documents/", documents.organisation_documents, name="documents"),
    path(
        "documents/<int:document_id>/remove/",
        documents.organisation_document_remove,
        name="organisation_document_remove",
    ),
]
