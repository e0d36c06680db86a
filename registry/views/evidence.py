"""Evidence files on the system page: a control's files and the checklist's items.

Each upload posts with htmx and the control's row (or the whole checklist section)
comes back in place: with the new file, or with the form and its errors (400).
Without JavaScript the form posts normally and comes back to the system page. The
upload views parse the body themselves (core.evidence.uploads), so that an unsafe
file name is refused rather than silently shortened.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.evidence.uploads import evidence_upload_view
from core.views.common import require_can
from registry.data import CHECKLIST_BY_KEY
from registry.forms.evidence import (
    checklist_evidence_form,
    checklist_section,
    control_evidence_form,
)
from registry.forms.systems import add_service_errors
from registry.models import ChecklistEvidence
from registry.services.checklist import checklist_evidence_attach, checklist_evidence_detach
from registry.services.control_evidence import control_evidence_attach, control_evidence_detach
from registry.views.common import BAD_REQUEST, system_detail_with, system_for
from registry.views.controls import control_form


def _control_of(request, system_id: str, control_id: int):
    detail = system_detail_with(request, system_id, "registry.system.view")
    control = next((c for c in detail.active_controls if c.pk == control_id), None)
    if control is None:
        raise Http404("No such control on this system.")
    require_can(request, "registry.control.change", control)
    return detail, control


def _back(request, system_id: str, anchor: str, message: str = ""):
    if message:
        messages.success(request, message)
    url = reverse("registry:system_detail", kwargs={"system_id": system_id})
    return redirect(f"{url}#{anchor}")


def _control_row(request, system_id: str, control_id: int, *, evidence_form=None):
    """The control's row as it is now (re-read with its files)."""
    detail, control = _control_of(request, system_id, control_id)
    context = {
        "system": detail.system,
        "control": control,
        "form": control_form(control),
        "evidence_form": evidence_form,
    }
    status = BAD_REQUEST if evidence_form is not None else 200
    return render(request, "registry/_control_row.html", context, status=status)


def _attach_to_control(request, control, form) -> bool:
    if not form.is_valid():
        return False
    try:
        control_evidence_attach(
            actor=request.user,
            control=control,
            upload=form.cleaned_data["file"],
            applies_from=form.cleaned_data["applies_from"],
            expires_on=form.cleaned_data["expires_on"],
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    return True


@evidence_upload_view
@require_POST
def control_evidence_add(request, system_id: str, control_id: int):
    detail, control = _control_of(request, system_id, control_id)
    form = control_evidence_form(control, request.POST, request.FILES)
    saved = _attach_to_control(request, control, form)
    if request.htmx:
        # The new file shows in the row's list; "Saved" stays for the status form.
        return _control_row(request, system_id, control_id, evidence_form=None if saved else form)
    if saved:
        return _back(request, system_id, "controls", f"{control.control.name}: file added.")
    context = {
        "system": detail.system,
        "title": control.control.name,
        "form": form,
        "anchor": "controls",
    }
    return render(request, "registry/evidence_upload_page.html", context, status=BAD_REQUEST)


@require_POST
def control_evidence_remove(request, system_id: str, control_id: int, link_id: int):
    _detail, control = _control_of(request, system_id, control_id)
    link = next((link for link in control.attached_evidence if link.pk == link_id), None)
    if link is None:
        raise Http404("No such file on this control.")
    control_evidence_detach(actor=request.user, link=link)
    if request.htmx:
        return _control_row(request, system_id, control_id)
    return _back(request, system_id, "controls", f"{link.evidence.safe_name} removed.")


def _checklist(request, system, *, bound=None):
    context = checklist_section(request.user, system, timezone.localdate(), bound=bound)
    status = BAD_REQUEST if bound else 200
    return render(request, "registry/_checklist.html", context, status=status)


@evidence_upload_view
@require_POST
def checklist_evidence_add(request, system_id: str, item: str):
    system = system_for(request, system_id, "registry.system.change")
    if item not in CHECKLIST_BY_KEY:
        raise Http404("No such checklist item.")
    form = checklist_evidence_form(item, request.POST, request.FILES)
    saved = form.is_valid() and _attach_to_checklist(request, system, item, form)
    if request.htmx:
        return _checklist(request, system, bound=None if saved else (item, form))
    if saved:
        return _back(request, system_id, "checklist", f"{CHECKLIST_BY_KEY[item].name}: file added.")
    context = {
        "system": system,
        "title": CHECKLIST_BY_KEY[item].name,
        "form": form,
        "anchor": "checklist",
    }
    return render(request, "registry/evidence_upload_page.html", context, status=BAD_REQUEST)


def _attach_to_checklist(request, system, item: str, form) -> bool:
    try:
        checklist_evidence_attach(
            actor=request.user,
            system=system,
            item=item,
            upload=form.cleaned_data["file"],
            note=form.cleaned_data["note"],
            applies_from=form.cleaned_data["applies_from"],
            expires_on=form.cleaned_data["expires_on"],
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    return True


@require_POST
def checklist_evidence_remove(request, system_id: str, link_id: int):
    system = system_for(request, system_id, "registry.system.change")
    link = get_object_or_404(
        ChecklistEvidence.objects.select_related("evidence"),
        pk=link_id,
        system=system,
        removed_at__isnull=True,
    )
    checklist_evidence_detach(actor=request.user, link=link)
    if request.htmx:
        return _checklist(request, system)
    return _back(request, system_id, "checklist", f"{link.evidence.safe_name} removed.")
