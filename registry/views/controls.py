"""Setting the status and evidence of a system's required control.

The detail page posts each control's form here with htmx and swaps the table row;
without JavaScript the same form posts normally and comes back to the detail page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from registry import services
from registry.forms import ControlUpdateForm, add_service_errors
from registry.views.common import BAD_REQUEST, system_detail_with


def _form_for(control, data=None) -> ControlUpdateForm:
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


@require_http_methods(["GET", "POST"])
def control_update(request, system_id: str, control_id: int):
    detail = system_detail_with(request, system_id, "registry.control.change")
    control = next((c for c in detail.controls if c.pk == control_id), None)
    if control is None:
        raise Http404("No such control on this system.")
    posted = request.method == "POST"
    form = _form_for(control, request.POST if posted else None)
    saved = posted and _save(request, control, form)
    if request.htmx:
        context = {"system": detail.system, "control": control}
        context["form"] = _form_for(control) if saved else form
        context["saved"] = saved
        status = BAD_REQUEST if posted and not saved else 200
        return render(request, "registry/_control_row.html", context, status=status)
    if saved:
        messages.success(request, f"{control.control.name}: {control.get_status_display()}.")
        url = reverse("registry:system_detail", kwargs={"system_id": system_id})
        return redirect(f"{url}#controls")
    context = {"system": detail.system, "control": control, "form": form}
    status = BAD_REQUEST if posted else 200
    return render(request, "registry/control_form.html", context, status=status)
