"""The dataset register and its datasheets: register a dataset, start a datasheet
version (a copy of the latest), edit the draft, approve it (the previous approved one
is superseded; the database keeps both as they are from then on)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cards.choices import DatasheetStatus as S
from cards.models import Dataset, DatasheetVersion
from cards.rules import lifecycle
from cards.rules.canonical import content_hash
from cards.rules.datasheet import (
    DatasheetContentError,
    dataset_key_problem,
    datasheet_from_dict,
    datasheet_gaps,
    datasheet_to_dict,
)
from core.permissions import require
from core.writes import row_create, row_lock, row_update


@transaction.atomic
def dataset_create(*, actor, key: str, name: str, owner_team, description: str = "") -> Dataset:
    """Register a dataset owned by `owner_team` (a product owner of that team)."""
    require(actor, "cards.dataset.create", owner_team)
    key = (key or "").strip()
    refused = {}
    if problem := dataset_key_problem(key):
        refused["key"] = problem
    elif Dataset.objects.filter(key=key).exists():
        refused["key"] = f"A dataset with the key {key} is already registered."
    return row_create(
        actor=actor,
        model=Dataset,
        action="dataset.created",
        refused=refused,
        values={
            "key": key,
            "name": (name or "").strip(),
            "description": (description or "").strip(),
            "owner_team": owner_team,
            "created_by": actor,
        },
    )


@transaction.atomic
def datasheet_version_draft_start(*, actor, dataset: Dataset) -> DatasheetVersion:
    """Open datasheet version n+1 as a draft, a copy of version n (empty for v1).
    Refused while a draft is open: that one is edited."""
    row_lock(dataset)
    require(actor, "cards.datasheet.edit", dataset)
    latest = dataset.versions.order_by("-number").first()
    if latest is not None and latest.status == S.DRAFT:
        raise ValidationError({"dataset": [f"Version {latest.number} is a draft: edit it."]})
    number = 1 if latest is None else latest.number + 1
    return row_create(
        actor=actor,
        model=DatasheetVersion,
        action="datasheet_version.created",
        audit_changes={"number": [None, number]},
        values={
            "dataset": dataset,
            "number": number,
            "content": dict(latest.content)
            if latest
            else datasheet_to_dict(datasheet_from_dict({})),
            "created_by": actor,
        },
    )


@transaction.atomic
def datasheet_version_update(
    *, actor, version: DatasheetVersion, content: object = None, changelog: str | None = None
) -> DatasheetVersion:
    """Edit a draft datasheet: its content (JSON form) and/or changelog."""
    row_lock(version)
    require(actor, "cards.datasheet.edit", version)
    _require_draft(version)
    values = {}
    if content is not None:
        try:
            values["content"] = datasheet_to_dict(datasheet_from_dict(content))
        except DatasheetContentError as error:
            raise ValidationError(
                {f"content.{where}": [why] for where, why in error.problems.items()}
            ) from None
    if changelog is not None:
        values["changelog"] = changelog.strip()
    row_update(
        actor=actor,
        obj=version,
        values=values,
        action="datasheet_version.updated",
        audit_changes=_shown_changes(version, values),
    )
    return version


def _shown_changes(version: DatasheetVersion, values: dict) -> dict:
    changes = {}
    new = values.get("content", version.content)
    for key in new:
        if version.content.get(key) != new[key]:
            changes[f"content.{key}"] = [version.content.get(key), new[key]]
    if "changelog" in values and values["changelog"] != version.changelog:
        changes["changelog"] = [version.changelog, values["changelog"]]
    return changes


@transaction.atomic
def datasheet_version_approve(*, actor, version: DatasheetVersion) -> DatasheetVersion:
    """Approve a draft datasheet (the AI safety lead or the DPO, never its writer or a
    product owner of the dataset's team): it covers every section of DOMAIN.md 7 and,
    from version 2 on, says what changed. The previous approved version is superseded."""
    row_lock(version)
    require(actor, "cards.datasheet.approve", version)
    _require_draft(version)
    refused = {gap.key: gap.message for gap in datasheet_gaps(datasheet_from_dict(version.content))}
    refused = {f"content.{key}": message for key, message in refused.items()}
    if lifecycle.changelog_required(version.number) and not version.changelog.strip():
        refused["changelog"] = "Say what changed since the previous version."
    if refused:
        raise ValidationError({key: [message] for key, message in refused.items()})
    previous = version.dataset.versions.filter(status=S.APPROVED).first()
    if previous is not None:
        row_update(
            actor=actor,
            obj=previous,
            values={"status": S.SUPERSEDED},
            action="datasheet_version.superseded",
            audit_extra={"by_version": version.number},
            touch=False,
        )
    row_update(
        actor=actor,
        obj=version,
        action="datasheet_version.approved",
        values={
            "status": S.APPROVED,
            "content_hash": content_hash(version.content),
            "approved_by": actor,
            "approved_at": timezone.now(),
        },
    )
    return version


def _require_draft(version: DatasheetVersion) -> None:
    if version.status != S.DRAFT:
        label = S(version.status).label.lower()
        raise ValidationError(
            {
                "status": [
                    f"Only a draft is edited or approved; version {version.number} is {label}."
                ]
            }
        )
