"""Evidence files on the system page: a control's files and the checklist's items.

Each upload posts with htmx and the control's row (or the whole checklist section)
comes back in place: with the new file, or with the form and its errors (400).
Without JavaScript the form posts normally and comes back to the system page. The
upload views parse the body themselves (core.evidence.uploads), so that an unsafe
file name is refused rather than silently shortened.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.evidence.uploads import evidence_upload_view
from core.forms import form_submit
from core.views.common import require_can
from core.views.responder import form_refused
from registry.data import CHECKLIST_BY_KEY
from registry.forms.evidence import (
    checklist_evidence_form,
    checklist_section,
    control_evidence_form,
)
from registry.models import ChecklistEvidence
from registry.services.checklist import checklist_evidence_attach, checklist_evidence_detach
from registry.services.control_evidence import control_evidence_attach, control_evidence_detach
from registry.views.common import saved_in_place, system_detail_with, system_for, system_url
from registry.views.controls import control_form

ROW = "registry/_control_row.html"
CHECKLIST = "registry/_checklist.html"
UPLOAD_PAGE = "registry/evidence_upload_page.html"


def _control_of(request, system_id: str, control_id: int):
    detail = system_detail_with(request, system_id, "registry.system.view")
    control = next((c for c in detail.active_controls if c.pk == control_id), None)
    if control is None:
        raise Http404("No such control on this system.")
    require_can(request, "registry.control.change", control)
    return detail, control


def _control_row(request, system_id: str, control_id: int) -> dict:
    """The control's row as it is now (re-read with its files)."""
    detail, control = _control_of(request, system_id, control_id)
    return {"system": detail.system, "control": control, "form": control_form(control)}


def _checklist(request, system, bound=None) -> dict:
    return checklist_section(request.user, system, timezone.localdate(), bound=bound)


def _upload_refused(request, *, partial: str, context: dict, title: str, anchor: str, form):
    """The upload form again with its errors: in place for htmx (the row or the
    checklist), else on a page of its own under the system."""
    page = {**context, "evidence_form": form, "anchor": anchor}
    return form_refused(request, partial=partial, context=page, title=title, page=UPLOAD_PAGE)


def _saved(request, *, partial: str, context, system, anchor: str, message: str):
    """Saved: the row or the checklist again as it now is (htmx), else the system page."""
    url = system_url(system, anchor)
    return saved_in_place(request, partial=partial, context=context, url=url, message=message)


@evidence_upload_view
@require_POST
def control_evidence_add(request, system_id: str, control_id: int):
    detail, control = _control_of(request, system_id, control_id)
    form = control_evidence_form(control, request.POST, request.FILES)

    def attach(data):
        control_evidence_attach(
            actor=request.user,
            control=control,
            upload=data["file"],
            applies_from=data["applies_from"],
            expires_on=data["expires_on"],
        )

    name = control.control.name
    if not form_submit(form, attach):
        row = _control_row(request, system_id, control_id)
        return _upload_refused(
            request, partial=ROW, context=row, title=name, anchor="controls", form=form
        )
    # The new file shows in the row's list; "Saved" stays for the status form.
    return _saved(
        request,
        partial=ROW,
        context=lambda: _control_row(request, system_id, control_id),
        system=detail.system,
        anchor="controls",
        message=f"{name}: file added.",
    )


@require_POST
def control_evidence_remove(request, system_id: str, control_id: int, link_id: int):
    detail, control = _control_of(request, system_id, control_id)
    link = next((link for link in control.attached_evidence if link.pk == link_id), None)
    if link is None:
        raise Http404("No such file on this control.")
    control_evidence_detach(actor=request.user, link=link)
    return _saved(
        request,
        partial=ROW,
        context=lambda: _control_row(request, system_id, control_id),
        system=detail.system,
        anchor="controls",
        message=f"{link.evidence.safe_name} removed.",
    )


@evidence_upload_view
@require_POST
def checklist_evidence_add(request, system_id: str, item: str):
    system = system_for(request, system_id, "registry.system.change")
    if item not in CHECKLIST_BY_KEY:
        raise Http404("No such checklist item.")
    form = checklist_evidence_form(item, request.POST, request.FILES)

    def attach(data):
        checklist_evidence_attach(
            actor=request.user,
            system=system,
            item=item,
            upload=data["file"],
            note=data["note"],
            applies_from=data["applies_from"],
            expires_on=data["expires_on"],
        )

    name = CHECKLIST_BY_KEY[item].name
    if not form_submit(form, attach):
        section = _checklist(request, system, bound=(item, form))
        return _upload_refused(
            request, partial=CHECKLIST, context=section, title=name, anchor="checklist", form=form
        )
    return _saved(
        request,
        partial=CHECKLIST,
        context=lambda: _checklist(request, system),
        system=system,
        anchor="checklist",
        message=f"{name}: file added.",
    )


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
    return _saved(
        request,
        partial=CHECKLIST,
        context=lambda: _checklist(request, system),
        system=system,
        anchor="checklist",
        message=f"{link.evidence.safe_name} removed.",
    )
