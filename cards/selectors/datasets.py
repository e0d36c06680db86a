"""Reads of the dataset register and its datasheet versions."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery

from cards.models import Dataset, DatasheetVersion
from cards.selectors.models import number_or_404
from core.selectors import all_or_none, visible_or_404


def datasets_visible_to(user) -> QuerySet[Dataset]:
    """Every dataset with its team, the latest version's number and status and the
    approved version's number: one query for any number."""
    versions = DatasheetVersion.objects.filter(dataset=OuterRef("pk"))
    latest = versions.order_by("-number")
    rows = all_or_none(user, "cards.dataset.view", Dataset).select_related("owner_team")
    return rows.annotate(
        latest_number=Subquery(latest.values("number")[:1]),
        latest_status=Subquery(latest.values("status")[:1]),
        approved_number=Subquery(versions.filter(status="approved").values("number")[:1]),
    )


def dataset_get_for(user, pk) -> Dataset:
    return visible_or_404(datasets_visible_to(user), "No such dataset.", pk=number_or_404(pk))


def datasheet_versions_of(user, dataset: Dataset) -> QuerySet[DatasheetVersion]:
    """A dataset's datasheet versions, newest first (content left out)."""
    rows = DatasheetVersion.objects.filter(
        dataset__in=all_or_none(user, "cards.dataset.view", Dataset), dataset=dataset
    )
    return rows.select_related("created_by", "approved_by").defer("content")


def datasheet_version_get_for(user, dataset_id, number) -> DatasheetVersion:
    rows = DatasheetVersion.objects.filter(
        dataset__in=all_or_none(user, "cards.dataset.view", Dataset)
    )
    return visible_or_404(
        rows.select_related("dataset__owner_team", "created_by", "approved_by"),
        "No such datasheet version.",
        dataset_id=number_or_404(dataset_id),
        number=number_or_404(number),
    )
