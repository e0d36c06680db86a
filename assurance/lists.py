"""The red-team exercise list, declared once for its page, the API list and the CSV/XLSX
exports (core.lists).

Query parameters (blank means any):
  q              words in the ID, title, scope or who ran it
  system         a system ID (SYS-001)
  status         planned | running | completed
  method         automated | human | bug_bounty
  started_from, started_to   the start date's range (YYYY-MM-DD)
  ordering       exercise_id, title, status, started_on, ended_on, categories (or -key)
"""

from __future__ import annotations

import functools
from html import escape

import django_filters
from django import forms
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse

from assurance import choices as c
from assurance.models import CategoryResult, Exercise
from core.lists import Column, ListFilterSet, ListSpec, PlainChoiceFilter, WordSearchFilter
from core.widgets import PlainTextInput
from registry.lists.systems import system_link
from registry.models import AISystem

STATUS_LABELS = dict(c.ExerciseStatus.choices)
METHOD_LABELS = dict(c.Method.choices)
STATUS_CSS = {"planned": "badge-info", "running": "badge-warning", "completed": "badge-success"}
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


@functools.cache
def _exercise_url_parts() -> tuple[str, str]:
    return tuple(reverse("assurance:exercise_detail", args=["RT-999"]).split("RT-999"))


def exercise_url(exercise_id: str) -> str:
    """/assurance/exercises/RT-001/, without reversing the URL once a row."""
    start, end = _exercise_url_parts()
    return f"{start}{exercise_id}{end}"


def _results_sum(field: str) -> Coalesce:
    return Coalesce(
        Subquery(
            CategoryResult.objects.filter(exercise=OuterRef("pk"))
            .values("exercise")
            .annotate(total=Sum(field))
            .values("total")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


ANNOTATIONS = {
    "system_ids": ArraySubquery(
        AISystem.objects.filter(red_team_exercises=OuterRef("pk"))
        .order_by("system_id")
        .values("system_id")
    ),
    "categories": Coalesce(
        Subquery(
            CategoryResult.objects.filter(exercise=OuterRef("pk"))
            .values("exercise")
            .annotate(n=Count("id"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    ),
    "attempts_total": _results_sum("attempts"),
    "successes_total": _results_sum("successes"),
}


class ExerciseFilter(ListFilterSet):
    q = WordSearchFilter("exercise_id", "title", "scope", "run_by")
    system = django_filters.CharFilter(
        label="System ID", method="of_system", max_length=20, widget=PlainTextInput
    )
    status = PlainChoiceFilter("Status", c.ExerciseStatus.choices)
    method = PlainChoiceFilter("Method", c.Method.choices, method="with_method")
    started_from = django_filters.DateFilter(
        label="Started on or after", field_name="started_on", lookup_expr="gte", widget=DATE
    )
    started_to = django_filters.DateFilter(
        label="Started on or before", field_name="started_on", lookup_expr="lte", widget=DATE
    )

    class Meta:
        model = Exercise
        fields: list[str] = []

    def of_system(self, queryset, _name, value):
        # A subquery, not a join: an exercise of two systems stays one row.
        ids = Exercise.systems.through.objects.filter(aisystem__system_id=value.strip().upper())
        return queryset.filter(pk__in=ids.values("exercise_id"))

    def with_method(self, queryset, _name, value):
        return queryset.filter(methods__contains=[value])


def _id_link(row, _context) -> str:
    return f'<a href="{exercise_url(row["exercise_id"])}">{escape(row["exercise_id"])}</a>'


def _systems_cell(row, context) -> str:
    if not row["system_ids"]:
        return "—"
    return ", ".join(system_link({"system_id": s}, context) for s in row["system_ids"])


def _status_cell(row, _context) -> str:
    css = STATUS_CSS.get(row["status"], "")
    return f'<span class="badge {css}">{escape(STATUS_LABELS.get(row["status"], ""))}</span>'


def _methods_text(row, _context) -> str:
    return "; ".join(METHOD_LABELS.get(m, m) for m in row["methods"])


def _day(key: str):
    return lambda row, _context: row[key].isoformat() if row[key] else None


def _successes_text(row, _context) -> str:
    if not row["attempts_total"]:
        return "No attacks recorded"
    return f"{row['successes_total']} of {row['attempts_total']}"


EXERCISE_LIST = ListSpec(
    name="assurance.exercise",
    filterset=ExerciseFilter,
    columns=(
        Column("exercise_id", "ID", cell=_id_link, sort="exercise_id", row_header=True),
        Column("title", "Title", sort="title"),
        Column(
            "systems",
            "Systems",
            fields=("system_ids",),
            value=lambda row, _: list(row["system_ids"] or []),
            text=lambda row, _: ", ".join(row["system_ids"] or []),
            cell=_systems_cell,
        ),
        Column(
            "status",
            "Status",
            text=lambda row, _: STATUS_LABELS.get(row["status"], ""),
            cell=_status_cell,
            sort="status",
        ),
        Column("methods", "Methods", value=lambda row, _: list(row["methods"]), text=_methods_text),
        Column("started_on", "Started", value=_day("started_on"), sort="started_on"),
        Column("ended_on", "Ended", value=_day("ended_on"), sort="ended_on"),
        Column("run_by", "Run by", page=False),
        Column("categories", "Categories", sort="categories"),
        Column(
            "successful_attacks",
            "Successful attacks",
            fields=("successes_total", "attempts_total"),
            value=lambda row, _: row["successes_total"],
            text=_successes_text,
        ),
    ),
    default_ordering="-started_on",
    tie_breaker="-id",
    filename="red-team-exercises",
    caption="Red-team exercises",
    annotations=ANNOTATIONS,
)
