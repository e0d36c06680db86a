"""The gate request list, declared once for its page, its API list and its CSV export.

Query parameters (blank means any, see core.lists):
  status     draft | open | approved | remediation | not_required | blocked | withdrawn
  gate       a gate's slug, e.g. pre-deployment-security-review
  system     a system's ID, e.g. SYS-001
  waiting    true: submitted over five days ago and still open (the board's list);
             false: the others
"""

from __future__ import annotations

import functools
from datetime import timedelta
from html import escape
from urllib.parse import quote

import django_filters
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from rest_framework.fields import DateTimeField

from core.dates import day_text
from core.lists import (
    Column,
    ListFilterSet,
    ListSpec,
    StrictBooleanFilter,
    api_column,
    person_column,
)
from core.widgets import PlainSelect, PlainTextInput
from registry import choices as c
from registry.models import GateRequest

WAITING_DAYS = 5  # as registry.rules.WAITING_DAYS: the board's "waiting" threshold
STATUS_LABELS = {k: escape(str(v)) for k, v in c.GateRequestStatus.choices}
STAGE_LABELS = {k: escape(str(v)) for k, v in c.LifecycleStage.choices}
_api_time = DateTimeField().to_representation


def waiting_since(now=None):
    """Requests submitted before this moment and still open are "waiting"."""
    return (now or timezone.now()) - timedelta(days=WAITING_DAYS)


def gate_choices() -> list[tuple[str, str]]:
    """The gates by slug in lifecycle order, each by its newest name (one query, run when
    the filter is shown or checked)."""
    from registry.models import GateDefinition

    rows = GateDefinition.objects.order_by("order", "slug", "-version").values_list("slug", "name")
    names: dict[str, str] = {}
    for slug, name in rows:
        names.setdefault(slug, name)
    return list(names.items())


class GateRequestFilter(ListFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=c.GateRequestStatus.choices, widget=PlainSelect
    )
    gate = django_filters.ChoiceFilter(
        label="Gate", field_name="gate__slug", choices=gate_choices, widget=PlainSelect
    )
    system = django_filters.CharFilter(
        label="System ID",
        field_name="system__system_id",
        lookup_expr="iexact",
        max_length=20,
        widget=PlainTextInput,
    )
    waiting = StrictBooleanFilter(
        label=f"Waiting over {WAITING_DAYS} days", method="filter_waiting"
    )

    class Meta:
        model = GateRequest
        fields: list[str] = []

    def filter_waiting(self, qs: QuerySet, _name: str, value: bool) -> QuerySet:
        waiting = Q(status=c.GateRequestStatus.OPEN, submitted_at__lt=waiting_since())
        return qs.filter(waiting) if value else qs.exclude(waiting)


@functools.cache
def _request_url_parts() -> tuple[str, str, str]:
    url = reverse("registry:gate_request_detail", args=["SYS-0", 987654321])
    start, rest = url.split("SYS-0")
    middle, end = rest.split("987654321")
    return start, middle, end


def request_url(system_id: str, pk: int) -> str:
    start, middle, end = _request_url_parts()
    return f"{start}{quote(system_id)}{middle}{pk}{end}"


def request_link(row, _context) -> str:
    url = request_url(row["system__system_id"], row["id"])
    return f'<a href="{url}">#{row["id"]}</a>'


def system_link(row, _context) -> str:
    start, _middle, _end = _request_url_parts()
    system_id = row["system__system_id"]
    return (
        f'<a href="{start}{quote(system_id)}/">{escape(system_id)}</a> '
        f"{escape(row['system__name'])}"
    )


def _status_cell(row, _context) -> str:
    status = row["status"]
    return (
        f'<span class="badge badge-status badge-gate-{escape(status)}">'
        f"{STATUS_LABELS.get(status, escape(status))}</span>"
    )


def _waiting_days(row, context) -> int | None:
    """Days since it was submitted, while open (a draft waits for its owner)."""
    if row["status"] != c.GateRequestStatus.OPEN or row["submitted_at"] is None:
        return None
    now = context.get("now") or timezone.now()
    return (now - row["submitted_at"]).days


def _waiting_cell(row, context) -> str:
    days = _waiting_days(row, context)
    if days is None:
        return "—"
    badge = ' <span class="badge badge-warning">Waiting</span>' if days > WAITING_DAYS else ""
    return f"{days} day{'s' if days != 1 else ''}{badge}"


def _iso(key: str):
    return lambda row, _context: _api_time(row[key]) if row[key] else None


# Where each request stands and how long it has waited come first after the request and
# its system, so a phone shows them without scrolling; the gate and the move follow.
COLUMNS = (
    Column(
        "id",
        "Request",
        fields=("id", "system__system_id"),
        cell=request_link,
        value=lambda row, _: row["id"],
        sort="id",
        row_header=True,
    ),
    Column(
        "system",
        "System",
        fields=("system__system_id", "system__name"),
        cell=system_link,
        value=lambda row, _: row["system__system_id"],
        text=lambda row, _: row["system__system_id"],
        sort="system__system_id",
    ),
    Column("status", "Status", cell=_status_cell, sort="status"),
    Column(
        "waiting_days",
        "Waiting",
        fields=("status", "submitted_at"),
        value=_waiting_days,
        cell=_waiting_cell,
    ),
    Column(
        "gate",
        "Gate",
        fields=("gate__slug", "gate__name", "gate__version"),
        value=lambda row, _: row["gate__slug"],
        cell=lambda row, _: escape(row["gate__name"]),
        sort="gate__order",
    ),
    Column(
        "move",
        "Move",
        fields=("from_stage", "to_stage"),
        api=False,
        text=lambda row, _: f"{row['from_stage']} -> {row['to_stage']}",
        cell=lambda row, _: (
            f"{STAGE_LABELS.get(row['from_stage'], '')} → {STAGE_LABELS.get(row['to_stage'], '')}"
        ),
    ),
    person_column("requested_by", "Requested by"),
    Column(
        "requested_at",
        "Requested",
        value=_iso("requested_at"),
        cell=lambda row, _: day_text(row["requested_at"]),
        sort="requested_at",
    ),
    api_column("gate_name", fields=("gate__name",), value=lambda row, _: row["gate__name"]),
    api_column(
        "gate_version", fields=("gate__version",), value=lambda row, _: row["gate__version"]
    ),
    api_column("from_stage"),
    api_column("to_stage"),
    api_column("tier"),
    api_column("summary", exported=False),
    api_column("submitted_at", value=_iso("submitted_at")),
    api_column("decided_at", value=_iso("decided_at")),
    api_column(
        "remediation_due",
        value=lambda row, _: row["remediation_due"] and row["remediation_due"].isoformat(),
    ),
    api_column("voided_reason"),
)

GATE_REQUEST_LIST = ListSpec(
    name="registry.gaterequest",
    filterset=GateRequestFilter,
    columns=COLUMNS,
    default_ordering="-id",
    tie_breaker="-id",
    filename="gate-requests",
    caption="Gate requests",
)
