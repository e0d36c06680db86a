"""The dataset register's pages: the list and its exports, one dataset with its datasheet
versions, and one datasheet version field by field with what it still lacks."""

from __future__ import annotations

from dataclasses import fields

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from cards.forms.versions import field_label
from cards.models import DatasheetVersion
from cards.rules.datasheet import datasheet_from_dict, datasheet_gaps
from cards.selectors.datasets import datasets_visible_to, datasheet_versions_of
from cards.selectors.lists import dataset_list_for
from cards.views.display import value_text
from core.lists import list_export
from core.lists.views import render_list
from core.selectors import visible_or_404
from core.views.common import require_can, viewer_time_zone

VIEW = "cards.dataset.view"


@require_GET
def dataset_list(request):
    require_can(request, VIEW)
    query = dataset_list_for(request.user, request.GET, time_zone=viewer_time_zone(request.user))
    return render_list(request, query, "cards/dataset_list.html")


@require_GET
def dataset_export(request, file_format: str):
    require_can(request, VIEW)
    query = dataset_list_for(request.user, request.GET, time_zone=viewer_time_zone(request.user))
    return list_export(query, actor=request.user, file_format=file_format)


def _dataset_for(request, key: str):
    require_can(request, VIEW)
    return visible_or_404(datasets_visible_to(request.user), "No such dataset.", key=key)


@require_GET
def dataset_detail(request, key: str):
    dataset = _dataset_for(request, key)
    versions = list(datasheet_versions_of(request.user, dataset))
    context = {"dataset": dataset, "versions": versions}
    return render(request, "cards/dataset_detail.html", context)


@require_GET
def datasheet_detail(request, key: str, number: int):
    dataset = _dataset_for(request, key)
    version = (
        DatasheetVersion.objects.select_related("created_by", "approved_by")
        .filter(dataset=dataset, number=number)
        .first()
    )
    if version is None:
        raise Http404("No such datasheet version.")
    sheet = datasheet_from_dict(version.content)
    items = []
    for spec in fields(sheet):
        value = getattr(sheet, spec.name)
        text = ("Yes" if value else "No") if isinstance(value, bool) else value_text(value)
        items.append((field_label(spec.name), text))
    context = {
        "dataset": dataset,
        "version": version,
        "items": items,
        "gaps": datasheet_gaps(sheet),
        "crumbs": [
            ("Datasets", reverse("cards:dataset_list")),
            (dataset.name, reverse("cards:dataset_detail", args=[dataset.key])),
        ],
    }
    return render(request, "cards/datasheet_detail.html", context)
