"""Setting the status and evidence of a system's required control.

The detail page posts each control's form here with htmx and swaps the table row; a
refused save comes back as the same row with the form and its errors (400), a saved
one also refreshes the page's "n of m implemented" summary out of band. Without
JavaScript the same form posts normally and comes back to the detail page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.views.common import require_can
from registry import services
from registry.forms.systems import ControlUpdateForm, add_service_errors
from registry.selectors.systems import system_get_for
from registry.views.common import BAD_REQUEST, system_detail_with


def control_form(control, data=None) -> ControlUpdateForm:
    """The inline form of one control row, prefixed so that rows do not collide."""
    return ControlUpdateForm(
        data,
        prefix=f"control-{control.pk}",
        initial={
            "status": control.status,
            "justification": control.justification,
            "evidence_links": control.evidence_links,
        },
    )


def _save(request, control, form) -> bool:
    """Call the service with the form's values; False (errors on the form) when it refuses."""
    if not form.is_valid():
        return False
    try:
        services.control_update(
            actor=request.user,
            control=control,
            status=form.cleaned_data["status"],
            justification=form.cleaned_data["justification"],
            evidence_links=form.cleaned_data["evidence_links"],
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    return True


def _row(request, detail, control, form, *, saved: bool, refused: bool):
    context = {"system": detail.system, "control": control, "saved": saved}
    context["form"] = control_form(control) if saved else form
    if saved:  # the summary above the table, re-counted (one query)
        context["summary"] = system_get_for(request.user, system_id=detail.system.system_id)
    status = BAD_REQUEST if refused else 200
    return render(request, "registry/_control_row.html", context, status=status)


@require_http_methods(["GET", "POST"])
def control_update(request, system_id: str, control_id: int):
    detail = system_detail_with(request, system_id, "registry.system.view")
    control = next((c for c in detail.controls if c.pk == control_id), None)
    if control is None:
        raise Http404("No such control on this system.")
    require_can(request, "registry.control.change", control)
    posted = request.method == "POST"
    form = control_form(control, request.POST if posted else None)
    saved = posted and _save(request, control, form)
    if request.htmx:
        return _row(request, detail, control, form, saved=saved, refused=posted and not saved)
    if saved:
        messages.success(request, f"{control.control.name}: {control.get_status_display()}.")
        url = reverse("registry:system_detail", kwargs={"system_id": system_id})
        return redirect(f"{url}#controls")
    context = {"system": detail.system, "control": control, "form": form}
    status = BAD_REQUEST if posted else 200
    return render(request, "registry/control_form.html", context, status=status)
