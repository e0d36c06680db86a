"""Deadlines as lists (core.lists): a person's own ("My deadlines") and the portfolio's
(the board's), declared once for the pages, the API and the CSV export.

Core imports no app: a deadline carries its subject's label and link, and apps name
their kinds with `deadline_kind_register` so the filter and the table can say
"System review" rather than "registry.system_review".
"""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from core.lists import (
    Column,
    ListFilterSet,
    ListSpec,
    PersonSearchFilter,
    PlainChoiceFilter,
    person_column,
    time_column,
)
from core.models import Deadline

DUE_SOON = timedelta(days=14)  # "due soon": within the longest usual warning
KIND_LABELS: dict[str, str] = {}
STATES = [
    ("open", "Open"),
    ("due_soon", "Due soon (14 days)"),
    ("overdue", "Overdue"),
    ("met", "Met"),
]
STATE_LABELS = {"open": "Open", "due_soon": "Due soon", "overdue": "Overdue", "met": "Met"}


def deadline_kind_register(kind: str, label: str) -> None:
    """Name a kind of deadline for people (an app calls this from its AppConfig.ready)."""
    KIND_LABELS[kind] = label


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def _kind_choices():
    return sorted(KIND_LABELS.items(), key=lambda item: item[1])


def deadline_state(row: dict, now: datetime) -> str:
    """open, due_soon, overdue, met or cancelled, from a row's times at `now`."""
    if row["cancelled_at"]:
        return "cancelled"
    if row["met_at"]:
        return "met"
    if row["due_at"] <= now:
        return "overdue"
    return "due_soon" if row["due_at"] <= now + DUE_SOON else "open"


class DeadlineFilter(ListFilterSet):
    """Kind, state and, on the portfolio's list, owner and subject."""

    kind = PlainChoiceFilter("Kind", _kind_choices)
    state = PlainChoiceFilter("State", STATES, method="filter_state")

    class Meta:
        model = Deadline
        fields: list[str] = []

    def filter_state(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        now = self.context["now"]
        open_ = Q(met_at__isnull=True, cancelled_at__isnull=True)
        return qs.filter(
            {
                "open": open_,
                "due_soon": open_ & Q(due_at__gt=now, due_at__lte=now + DUE_SOON),
                "overdue": open_ & Q(due_at__lte=now),
                "met": Q(met_at__isnull=False),
            }[value]
        )


class PortfolioDeadlineFilter(DeadlineFilter):
    """The portfolio's list holds open deadlines only: no "met" state to pick."""

    state = PlainChoiceFilter("State", STATES[:3], method="filter_state")
    owner = PersonSearchFilter("Owner", "owner__full_name", "owner__email")
    subject = django_filters.CharFilter(
        label="System or subject",
        method="filter_subject",
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "e.g. SYS-001"}),
    )

    def filter_subject(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(label__icontains=value.strip())


class ApiDeadlineFilter(DeadlineFilter):
    """The API's: a subject by its type ("registry.aisystem") and id (administrators and
    the board see every deadline of the subject; others only their own)."""

    subject_type = django_filters.CharFilter(
        label="Subject type (app_label.model)", method="filter_subject_type", max_length=100
    )
    subject_id = django_filters.CharFilter(label="Subject id", max_length=64)

    def filter_subject_type(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        app_label, _, model = value.strip().lower().partition(".")
        return qs.filter(subject_type__app_label=app_label, subject_type__model=model)


def _state_cell(row, context) -> str:
    state = deadline_state(row, context["now"])
    return f'<span class="badge badge-deadline-{state}">{STATE_LABELS.get(state, state)}</span>'


def _label_cell(row, _context) -> str:
    if row["link"].startswith("/"):
        return f'<a href="{escape(row["link"])}">{escape(row["label"])}</a>'
    return escape(row["label"])


def _state(row, context) -> str:
    return deadline_state(row, context["now"])


STATE_FIELDS = ("due_at", "met_at", "cancelled_at")


def _columns(*, with_owner: bool) -> tuple[Column, ...]:
    owner = (person_column("owner", "Owner", sort="owner__full_name"),)
    return (
        Column("id", "ID", page=False),
        Column(
            "label",
            "What",
            fields=("label", "link"),
            cell=_label_cell,
            sort="label",
            value=lambda row, _: row["label"],
            row_header=True,
        ),
        # Due comes right after what is due, so a phone shows both without scrolling.
        time_column("due_at", "Due", text=lambda row, _: row["due_at"].isoformat()),
        Column("state", "State", fields=STATE_FIELDS, value=_state, cell=_state_cell),
        *(owner if with_owner else ()),
        Column("kind", "Kind", cell=lambda row, _: escape(kind_label(row["kind"])), sort="kind"),
        time_column(
            "met_at",
            "Met",
            sort=None,
            text=lambda row, _: row["met_at"].isoformat() if row["met_at"] else "",
        ),
        Column(
            "subject_type",
            "Subject type",
            fields=("subject_type__app_label", "subject_type__model"),
            page=False,
            value=lambda row, _: f"{row['subject_type__app_label']}.{row['subject_type__model']}",
        ),
        Column("subject_id", "Subject id", page=False),
        Column("link", "Link", page=False),
    )


def _deadline_list(filterset, *, with_owner: bool, filename: str, caption: str) -> ListSpec:
    """One view of the deadlines: every list is due first, whoever it is for."""
    return ListSpec(
        name="core.deadline",
        filterset=filterset,
        columns=_columns(with_owner=with_owner),
        default_ordering="due_at",
        tie_breaker="id",
        filename=filename,
        caption=caption,
    )


MY_DEADLINES = _deadline_list(
    DeadlineFilter, with_owner=False, filename="my-deadlines", caption="My deadlines"
)
PORTFOLIO_DEADLINES = _deadline_list(
    PortfolioDeadlineFilter,
    with_owner=True,
    filename="portfolio-deadlines",
    caption="Due and overdue across the portfolio",
)
API_DEADLINES = _deadline_list(
    ApiDeadlineFilter, with_owner=True, filename="deadlines", caption="Deadlines"
)
