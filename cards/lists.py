"""The model card, AI model and dataset lists, declared once for their pages, the API
lists and the CSV/XLSX exports (core.lists).

Query parameters (blank means any):
  model cards:  q (words in the model's or system's name or the system ID), system
                (a system ID), status (the latest version's), approved (true/false:
                has an approved version)
  models:       q (words in the name or key), system (a system ID)
  datasets:     q (words in the name or key), team (a team's slug)
"""

from __future__ import annotations

import functools
from html import escape

import django_filters
from django.db.models import OuterRef, Subquery
from django.urls import reverse

from cards.choices import CardVersionStatus, DatasheetStatus
from cards.models import AIModel, Dataset, ModelCard, ModelCardVersion
from cards.rules.completeness import Completeness, card_completeness, card_is_high_risk
from cards.rules.content import CardContentError, card_from_dict
from cards.selectors.completeness import every_approved_datasheet_key
from core.lists import (
    Column,
    ListFilterSet,
    ListSpec,
    PlainChoiceFilter,
    StrictBooleanFilter,
    WordSearchFilter,
    person_column,
    time_column,
)
from core.widgets import PlainTextInput
from registry.lists.systems import system_link

STATUS_LABELS = dict(CardVersionStatus.choices)
SHEET_LABELS = dict(DatasheetStatus.choices)


def _latest(field: str) -> Subquery:
    return Subquery(
        ModelCardVersion.objects.filter(card=OuterRef("pk")).order_by("-number").values(field)[:1]
    )


def _approved(field: str) -> Subquery:
    return Subquery(
        ModelCardVersion.objects.filter(card=OuterRef("pk"), status=CardVersionStatus.APPROVED)
        .order_by("-number")
        .values(field)[:1]
    )


CARD_ANNOTATIONS = {
    "latest_number": _latest("number"),
    "latest_status": _latest("status"),
    "latest_content": _latest("content"),
    "latest_updated_at": _latest("updated_at"),
    "approved_number": _approved("number"),
}


@functools.cache
def _card_url_parts() -> tuple[str, str]:
    return tuple(reverse("cards:card_detail", args=[987654321]).split("987654321"))


def card_url(card_id: int) -> str:
    """/cards/<id>/, without reversing the URL once a row."""
    start, end = _card_url_parts()
    return f"{start}{card_id}{end}"


BADGE_CSS = {"draft": "badge-info", "in_review": "badge-warning", "approved": "badge-success"}


def status_badge(status: str | None, labels: dict = STATUS_LABELS) -> str:
    """A version's status as text in a badge (never colour alone)."""
    if not status:
        return "No version yet"
    css = BADGE_CSS.get(status, "")
    return f'<span class="badge {css}">{escape(labels[status])}</span>'


def _model_link(row, _context) -> str:
    return f'<a href="{card_url(row["id"])}">{escape(row["model__name"])}</a>'


def _status_text(row, _context) -> str:
    return STATUS_LABELS.get(row["latest_status"], "")


def _completeness_value(row, context) -> dict | None:
    return completeness_of_row(row, context)


def _completeness_text(row, context) -> str:
    found = completeness_of_row(row, context)
    if found is None:
        return ""
    if found["complete"]:
        return "Complete"
    return f"{len(found['gaps'])} gap{'s' if len(found['gaps']) != 1 else ''}"


def _completeness_cell(row, context) -> str:
    found = completeness_of_row(row, context)
    if found is None:
        return "—"
    css = "badge-success" if found["complete"] else "badge-warning"
    return f'<span class="badge {css}">{escape(_completeness_text(row, context))}</span>'


class CardFilter(ListFilterSet):
    q = WordSearchFilter("model__name", "model__system__name", "model__system__system_id")
    system = django_filters.CharFilter(
        label="System ID",
        field_name="model__system__system_id",
        max_length=20,
        widget=PlainTextInput,
    )
    status = PlainChoiceFilter(
        "Latest version", CardVersionStatus.choices, method="latest_status_is"
    )
    approved = StrictBooleanFilter(label="Has an approved version", method="has_approved")

    class Meta:
        model = ModelCard
        fields: list[str] = []

    def latest_status_is(self, queryset, _name, value):
        return queryset.annotate(_status=CARD_ANNOTATIONS["latest_status"]).filter(_status=value)

    def has_approved(self, queryset, _name, value):
        approved = {"versions__status": CardVersionStatus.APPROVED}
        return queryset.filter(**approved) if value else queryset.exclude(**approved)


def _renamed(key: str, label: str, source: str, **kw) -> Column:
    return Column(key, label, fields=(source,), value=lambda row, _: row[source], **kw)


CARD_LIST = ListSpec(
    name="cards.modelcard",
    filterset=CardFilter,
    columns=(
        Column("id", "ID", sort="id", page=False),
        Column(
            "system",
            "System",
            fields=("model__system__system_id",),
            value=lambda row, _: row["model__system__system_id"],
            cell=lambda row, c: system_link({"system_id": row["model__system__system_id"]}, c),
            sort="model__system__system_id",
        ),
        _renamed("system_name", "System name", "model__system__name", page=False),
        _renamed("model_key", "Model key", "model__key", page=False),
        Column(
            "model",
            "Model",
            fields=("id", "model__name"),
            value=lambda row, _: row["model__name"],
            cell=_model_link,
            sort="model__name",
            row_header=True,
        ),
        Column("latest_number", "Latest version", sort="latest_number"),
        Column(
            "latest_status",
            "Status",
            sort="latest_status",
            text=_status_text,
            cell=lambda row, _: status_badge(row["latest_status"]),
        ),
        Column("approved_number", "Approved version", sort="approved_number"),
        Column(
            "completeness",
            "Completeness (latest)",
            fields=("latest_content", "model__system__risk_tier", "model__system__ai_act_category"),
            value=_completeness_value,
            text=_completeness_text,
            cell=_completeness_cell,
        ),
        time_column("latest_updated_at", "Last changed"),
    ),
    default_ordering="system",
    tie_breaker="id",
    filename="model-cards",
    caption="Model cards",
    annotations=CARD_ANNOTATIONS,
)


def completeness_of_row(row, context) -> dict | None:
    """The completeness of a row's latest version as the API shows it (None without a
    version): the rule on its content, the system's tier and the datasets that have an
    approved datasheet (the list's context, read once: `datasheet_context()`)."""
    if row["latest_content"] is None:
        return None
    try:
        card = card_from_dict(row["latest_content"])
    except CardContentError:
        return None
    found = card_completeness(
        card,
        high_risk=card_is_high_risk(
            risk_tier=row["model__system__risk_tier"] or "",
            ai_act_category=row["model__system__ai_act_category"] or "",
        ),
        datasets_with_datasheet=context.get("datasheets", frozenset()),
    )
    return completeness_shown(found)


def completeness_shown(found: Completeness) -> dict:
    """The rule's answer as the API and the pages show it."""
    return {
        "complete": found.complete,
        "gaps": [{"key": gap.key, "message": gap.message} for gap in found.gaps],
        "suitable_for_high_risk_gate": found.suitable_for_high_risk_gate,
    }


def datasheet_context() -> dict:
    """What the card list's completeness reads besides its rows: the keys of the datasets
    with an approved datasheet (one query, whatever the number of cards)."""
    return {"datasheets": every_approved_datasheet_key()}


class ModelFilter(ListFilterSet):
    q = WordSearchFilter("name", "key")
    system = django_filters.CharFilter(
        label="System ID", field_name="system__system_id", max_length=20, widget=PlainTextInput
    )

    class Meta:
        model = AIModel
        fields: list[str] = []


MODEL_LIST = ListSpec(
    name="cards.aimodel",
    filterset=ModelFilter,
    columns=(
        Column("id", "ID", sort="id", row_header=True),
        _renamed("system", "System", "system__system_id", sort="system__system_id"),
        Column("key", "Key", sort="key"),
        Column("name", "Name", sort="name"),
        Column("description", "Description", page=False),
        _renamed("card", "Model card", "card__id"),
        time_column("created_at", "Added"),
    ),
    default_ordering="system",
    tie_breaker="id",
    filename="models",
    caption="AI models",
)


@functools.cache
def _dataset_url_parts() -> tuple[str, str]:
    return tuple(reverse("cards:dataset_detail", args=["key-0"]).split("key-0"))


def dataset_url(key: str) -> str:
    start, end = _dataset_url_parts()
    return f"{start}{key}{end}"


class DatasetFilter(ListFilterSet):
    q = WordSearchFilter("name", "key", "description")
    team = django_filters.CharFilter(
        label="Team", field_name="owner_team__slug", max_length=80, widget=PlainTextInput
    )

    class Meta:
        model = Dataset
        fields: list[str] = []


DATASET_LIST = ListSpec(
    name="cards.dataset",
    filterset=DatasetFilter,
    columns=(
        Column("id", "ID", sort="id", page=False),
        Column(
            "key",
            "Dataset",
            fields=("key", "name"),
            value=lambda row, _: row["key"],
            cell=lambda row, _: f'<a href="{dataset_url(row["key"])}">{escape(row["name"])}</a>',
            sort="key",
            row_header=True,
        ),
        Column("name", "Name", page=False),
        Column("description", "Description", page=False),
        _renamed("team", "Owning team", "owner_team__name", sort="owner_team__name"),
        Column("latest_number", "Latest datasheet", sort="latest_number"),
        Column(
            "latest_status",
            "Status",
            sort="latest_status",
            text=lambda row, _: SHEET_LABELS.get(row["latest_status"], ""),
            cell=lambda row, _: status_badge(row["latest_status"], SHEET_LABELS),
        ),
        Column("approved_number", "Approved datasheet", sort="approved_number"),
    ),
    default_ordering="key",
    tie_breaker="id",
    filename="datasets",
    caption="Datasets",
)


class VersionFilter(ListFilterSet):
    status = PlainChoiceFilter("Status", CardVersionStatus.choices)

    class Meta:
        model = ModelCardVersion
        fields: list[str] = []


VERSION_LIST = ListSpec(
    name="cards.modelcardversion",
    filterset=VersionFilter,
    columns=(
        Column("number", "Version", sort="number", row_header=True),
        Column("status", "Status", sort="status"),
        Column("changelog", "Changelog"),
        Column("content", "Content", page=False, exported=False),
        Column("content_hash", "Content hash"),
        person_column("created_by", "Written by"),
        time_column("created_at", "Started"),
        time_column("updated_at", "Last edited"),
        person_column("submitted_by", "Submitted by"),
        time_column("submitted_at", "Submitted"),
        person_column("decided_by", "Decided by"),
        time_column("decided_at", "Decided"),
        Column("decision_note", "Reviewer's note"),
    ),
    default_ordering="-number",
    tie_breaker="-id",
    filename="model-card-versions",
    caption="Model card versions",
)
