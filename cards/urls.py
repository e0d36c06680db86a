"""The model card pages under /cards/ and the dataset register under /datasets/, both
included at the site's root by config/urls.py under the namespace "cards"."""

from django.urls import include, path

from cards.views import cards, changes, datasets, datasets_write, drafts, models_new, panels, pdf

app_name = "cards"

# One version of a card, under /cards/<card_id>/versions/<number>/.
VERSION_URLS = [
    path("", cards.version_detail, name="version_detail"),
    path("pdf/", pdf.version_pdf, name="version_pdf"),
    path("edit/<slug:section>/", drafts.version_edit, name="version_edit"),
    path(
        "completeness/<slug:section>/",
        drafts.version_completeness,
        name="version_completeness",
    ),
    path("submit/", drafts.version_submit, name="version_submit"),
    path("approve/", drafts.version_approve, name="version_approve"),
    path("reject/", drafts.version_reject, name="version_reject"),
]
# One card, under /cards/<card_id>/.
CARD_URLS = [
    path("", cards.card_detail, name="card_detail"),
    path("diff/", cards.version_diff, name="version_diff"),
    path("system-change/", changes.system_change, name="system_change"),
    path("versions/new/", drafts.draft_start, name="draft_start"),
    path("versions/<int:number>/", include(VERSION_URLS)),
]

urlpatterns = [
    path("cards/", cards.card_list, name="card_list"),
    path("cards/export.<str:file_format>", cards.card_export, name="card_export"),
    path("cards/new/", models_new.model_new, name="model_new"),
    path(
        "cards/of-system/<str:system_id>/",
        panels.system_models_panel,
        name="system_models_panel",
    ),
    path("cards/<int:card_id>/", include(CARD_URLS)),
    path("datasets/", datasets.dataset_list, name="dataset_list"),
    path("datasets/export.<str:file_format>", datasets.dataset_export, name="dataset_export"),
    path("datasets/new/", datasets_write.dataset_new, name="dataset_new"),
    path("datasets/<slug:key>/", datasets.dataset_detail, name="dataset_detail"),
    path(
        "datasets/<slug:key>/versions/new/",
        datasets_write.datasheet_start,
        name="datasheet_start",
    ),
    path(
        "datasets/<slug:key>/versions/<int:number>/edit/",
        datasets_write.datasheet_edit,
        name="datasheet_edit",
    ),
    path(
        "datasets/<slug:key>/versions/<int:number>/approve/",
        datasets_write.datasheet_approve,
        name="datasheet_approve",
    ),
    path(
        "datasets/<slug:key>/versions/<int:number>/",
        datasets.datasheet_detail,
        name="datasheet_detail",
    ),
]
