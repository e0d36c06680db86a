"""Setting the status and evidence of a system's required control.

The detail page posts each control's form here with htmx and swaps the table row; a
refused save comes back as the same row with the form and its errors (400), a saved
one also refreshes the page's "n of m implemented" summary out of band. Without
JavaScript the same form posts normally and comes back to the detail page.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from core.forms import form_submit
from core.views.common import require_can
from core.views.responder import form_refused
from registry import services
from registry.forms.systems import ControlUpdateForm
from registry.selectors.systems import system_get_for
from registry.views.common import saved_in_place, system_detail_with, system_url

ROW = "registry/_control_row.html"
PAGE = "registry/control_form.html"


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


def _saved_row(request, system, control) -> dict:
    """The row after a save: a fresh form, and the summary above the table re-counted
    (one query) to swap out of band."""
    return {
        "system": system,
        "control": control,
        "form": control_form(control),
        "saved": True,
        "summary": system_get_for(request.user, system_id=system.system_id),
    }


@require_http_methods(["GET", "POST"])
def control_update(request, system_id: str, control_id: int):
    detail = system_detail_with(request, system_id, "registry.system.view")
    control = next((c for c in detail.controls if c.pk == control_id), None)
    if control is None:
        raise Http404("No such control on this system.")
    require_can(request, "registry.control.change", control)
    system = detail.system
    if request.method == "GET":
        context = {"system": system, "control": control, "form": control_form(control)}
        return render(request, ROW if request.htmx else PAGE, context)
    form = control_form(control, request.POST)

    def update(data):  # the form's fields are the service's arguments
        services.control_update(actor=request.user, control=control, **data)

    if form_submit(form, update):
        return saved_in_place(
            request,
            partial=ROW,
            context=lambda: _saved_row(request, system, control),
            url=system_url(system, "controls"),
            message=f"{control.control.name}: {control.get_status_display()}.",
        )
    context = {"system": system, "control": control, "form": form, "saved": False}
    return form_refused(request, partial=ROW, context=context, page=PAGE)
