"""The AI system pages: the list, one system, registering and editing a system."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.choices import Role
from core.permissions import can
from core.views.common import require_can
from registry import services
from registry.choices import Regulation
from registry.forms import SystemForm, add_service_errors
from registry.rules import AI_ACT_SCREENING_QUESTIONS, MAX_SCORE, control_approver_role
from registry.selectors import (
    system_detail_for,
    system_filterset_for,
    system_id_next_free,
    system_list_rows,
)
from registry.services import AI_ACT_ANSWER_KEYS
from registry.views.classify import dimension_rows
from registry.views.common import BAD_REQUEST, render_form, system_for
from registry.views.controls import control_form

REGULATIONS = dict(Regulation.choices)
PAGE_SIZE = 50
FILTER_FIELDS = (
    "q",
    "tier",
    "stage",
    "team",
    "regulation",
    "ai_act",
    "reclassification",
    "eu_personal_data",
)
# (ordering key, column heading)
SORTABLE_COLUMNS = (
    ("system_id", "System ID"),
    ("name", "Name"),
    ("owner_team__name", "Team"),
    ("risk_tier", "Tier"),
    ("risk_score", "Score"),
    ("lifecycle_stage", "Stage"),
)


def sort_columns(ordering: str) -> dict[str, dict]:
    """Per sortable column: its aria-sort state and the ordering its heading link asks for."""
    current = (ordering or "system_id").split(",")[0].strip()
    columns = {}
    for key, label in SORTABLE_COLUMNS:
        if current == key:
            state, link = "ascending", f"-{key}"
        elif current == f"-{key}":
            state, link = "descending", key
        else:
            state, link = "", key
        columns[key] = {"label": label, "sort": state, "ordering": link}
    return columns


def filter_fields(form) -> list:
    """The filter bar's fields, where an empty choice reads "Any" rather than dashes."""
    for name in FILTER_FIELDS:
        field = form.fields[name]
        if getattr(field, "empty_label", None) is not None:
            field.empty_label = "Any"
            field.widget.choices = field.choices  # the widget keeps its own copy
    return [form[name] for name in FILTER_FIELDS]


@require_GET
def system_list(request):
    require_can(request, "registry.system.view")
    # One bound filter set gives the form, its errors and the rows (as system_list_for
    # does), so a team filter is looked up once.
    filterset = system_filterset_for(request.user, request.GET)
    systems = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(system_list_rows(systems), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "systems": page.object_list,
        "filter_fields": filter_fields(filterset.form),
        "filter_errors": filterset.errors,
        "filtered": any(request.GET.get(name) for name in FILTER_FIELDS),
        "ordering": request.GET.get("ordering", ""),
        "columns": sort_columns(request.GET.get("ordering", "")),
    }
    status = BAD_REQUEST if filterset.errors else 200
    return render(request, "registry/system_list.html", context, status=status)


def _control_rows(request, detail) -> list[tuple]:
    """Each active control with its edit form when the viewer may set it, and the role
    whose approval it is (registry.rules.APPROVAL_CONTROL_ROLES) for an approval."""
    rows = []
    for control in detail.active_controls:
        editable = can(request.user, "registry.control.change", control)
        approver = control_approver_role(control.control.key)
        rows.append(
            (
                control,
                control_form(control) if editable else None,
                Role(approver).label if approver else "",
            )
        )
    return rows


def _screening_rows(detail) -> list[tuple]:
    questions = list(zip(AI_ACT_SCREENING_QUESTIONS, AI_ACT_ANSWER_KEYS, strict=True))
    return [
        (screening, [(q, getattr(screening, key)) for q, key in questions])
        for screening in detail.ai_act_screenings
    ]


@require_GET
def system_detail(request, system_id: str):
    require_can(request, "registry.system.view")
    detail = system_detail_for(request.user, system_id=system_id)
    current = detail.current_classification
    context = {
        "system": detail.system,
        "detail": detail,
        "current": current,
        "current_points": dimension_rows(current) if current else [],
        "history": [(c, dimension_rows(c)) for c in detail.classifications],
        "control_rows": (rows := _control_rows(request, detail)),
        "update_column": any(form for _control, form, _approver in rows),
        "retired_controls": detail.retired_controls,
        "screenings": _screening_rows(detail),
        "max_score": MAX_SCORE,
        "regulatory_scope": [REGULATIONS.get(r, r) for r in detail.system.regulatory_scope],
    }
    return render(request, "registry/system_detail.html", context)


@require_http_methods(["GET", "POST"])
def system_create(request):
    require_can(request, "registry.system.create")
    posted = request.method == "POST"
    initial = {} if posted else {"system_id": system_id_next_free()}
    form = SystemForm(request.POST if posted else None, actor=request.user, initial=initial)
    if posted and form.is_valid():
        try:
            system = services.system_create(actor=request.user, data=form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{system.system_id} {system.name} is registered.")
            return redirect("registry:system_detail", system_id=system.system_id)
    context = {"form": form, "system": None}
    return render_form(request, "registry/system_form.html", context, invalid=posted)


@require_http_methods(["GET", "POST"])
def system_edit(request, system_id: str):
    system = system_for(request, system_id, "registry.system.change")
    posted = request.method == "POST"
    form = SystemForm(request.POST if posted else None, instance=system, actor=request.user)
    was_flagged = system.reclassification_needed
    if posted and form.is_valid():
        try:
            services.system_update(actor=request.user, system=system, data=form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Changes to {system.system_id} are saved.")
            if system.reclassification_needed and not was_flagged:
                messages.warning(request, "This system now needs re-classification.")
            return redirect("registry:system_detail", system_id=system.system_id)
    context = {"form": form, "system": system}
    return render_form(request, "registry/system_form.html", context, invalid=posted)
