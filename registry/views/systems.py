"""The AI system pages: the list, one system, registering and editing a system."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from core.choices import Role
from core.forms import add_service_errors, form_submit
from core.guards import CONFIRM_FIELD, change_warnings
from core.lists import ListParamError
from core.lists.views import render_list
from core.permissions import can
from core.views.common import require_can
from core.views.responder import form_saved
from registry import services
from registry.choices import Regulation
from registry.forms.classification import ReopenForm
from registry.forms.systems import SystemForm, SystemReviewForm
from registry.rules import control_approver_role, control_setter_roles
from registry.selectors.classification import classification_history_for, pending_proposal
from registry.selectors.reviews import system_review_deadline, system_reviews_page
from registry.selectors.systems import system_detail_for, system_id_next_free, system_list_for
from registry.views.classify import dimension_rows
from registry.views.common import form_page, system_for, system_url
from registry.views.controls import control_form
from registry.views.gate_request_context import system_gate_context
from registry.views.vendor_links import vendor_block_context
from registry.vocabulary import AI_ACT_ANSWER_KEYS, AI_ACT_SCREENING_QUESTIONS

REGULATIONS = dict(Regulation.choices)


def _review_context(request, system) -> dict:
    """The system's review deadline, its recorded reviews (paged by `reviews_page`) and
    the form to record one for those the RACI names."""
    try:
        reviews = system_reviews_page(system, {"page": request.GET.get("reviews_page", "1")})
    except ListParamError:
        reviews = system_reviews_page(system, {})
    may_review = can(request.user, "registry.system.review_record", system)
    return {
        "review_deadline": system_review_deadline(system),
        "now": timezone.now(),
        "reviews_page": reviews,
        "review_form": SystemReviewForm() if may_review and system.risk_tier else None,
    }


@require_GET
def system_list(request):
    require_can(request, "registry.system.view")
    query = system_list_for(request.user, request.GET)
    return render_list(request, query, "registry/system_list.html")


def control_setter_note(key: str) -> str:
    """Who sets a control that not everyone who changes the system may set, in words:
    an approval's approver, or the RACI's responsible roles (DOMAIN.md 14)."""
    approver = control_approver_role(key)
    if approver:
        return f"An approval: set by the {Role(approver).label}"
    roles = control_setter_roles(key)
    if not roles:
        return ""
    return "Set by the " + " or the ".join(Role(r).label for r in roles)


def _control_rows(request, detail) -> list[tuple]:
    """Each active control with its edit form when the viewer may set it, and who sets
    it when that is not whoever changes the system (control_setter_note)."""
    rows = []
    for control in detail.active_controls:
        editable = can(request.user, "registry.control.change", control)
        rows.append(
            (
                control,
                control_form(control) if editable else None,
                control_setter_note(control.control.key),
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
    status = 200
    try:
        history = classification_history_for(
            request.user, system=detail.system, page=request.GET.get("page")
        )
    except ListParamError as exc:
        # A history page that does not exist: say so and show the newest entries.
        messages.error(request, f"Classification history: {' '.join(exc.errors['page'])}")
        history, status = classification_history_for(request.user, system=detail.system), 400
    context = {
        **_review_context(request, detail.system),
        **system_gate_context(request, detail.system),
        "system": detail.system,
        "detail": detail,
        "current": current,
        "current_points": dimension_rows(current) if current else [],
        "history_page": history,
        "history": [(c, dimension_rows(c)) for c in history.object_list],
        "proposal": pending_proposal(detail.system),
        "reopen_form": ReopenForm(),
        "control_rows": (rows := _control_rows(request, detail)),
        "update_column": any(form for _control, form, _approver in rows),
        "retired_controls": detail.retired_controls,
        "screenings": _screening_rows(detail),
        "max_score": current.scheme.max_score if current else None,
        "regulatory_scope": [REGULATIONS.get(r, r) for r in detail.system.regulatory_scope],
        "change_warnings": change_warnings("registry.system", detail.system),
        **vendor_block_context(request, detail.system),
    }
    return render(request, "registry/system_detail.html", context, status=status)


@require_http_methods(["GET", "POST"])
def system_create(request):
    require_can(request, "registry.system.create")
    posted = request.method == "POST"
    initial = {} if posted else {"system_id": system_id_next_free()}
    form = SystemForm(request.POST if posted else None, actor=request.user, initial=initial)

    def create(_data):
        return services.system_create(actor=request.user, data=form.service_data())

    if posted and (created := form_submit(form, create)):
        system = created.result
        message = f"{system.system_id} {system.name} is registered."
        return form_saved(request, url=system_url(system), message=message)
    context = {"form": form, "system": None}
    return form_page(request, "registry/system_form.html", context, refused=posted)


@require_http_methods(["GET", "POST"])
def system_edit(request, system_id: str):
    system = system_for(request, system_id, "registry.system.change")
    posted = request.method == "POST"
    form = SystemForm(request.POST if posted else None, instance=system, actor=request.user)
    was_flagged = system.reclassification_needed
    confirmed = request.POST.get(CONFIRM_FIELD) == "on"
    confirm_error = ""
    if posted and form.is_valid():
        try:
            services.system_update(
                actor=request.user,
                system=system,
                data=form.service_data(),
                confirm_change=confirmed,
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            confirm_error = " ".join(errors.pop(CONFIRM_FIELD, []))
            if errors:
                add_service_errors(form, ValidationError(errors))
        else:
            messages.success(request, f"Changes to {system.system_id} are saved.")
            if system.reclassification_needed and not was_flagged:
                messages.warning(request, "This system now needs re-classification.")
            return form_saved(request, url=system_url(system))
    context = {
        "form": form,
        "system": system,
        "change_warnings": change_warnings("registry.system", system),
        "confirmed": confirmed,
        "confirm_error": confirm_error,
    }
    return form_page(request, "registry/system_form.html", context, refused=posted)
