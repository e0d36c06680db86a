"""Evidence files on the system page: a control's files and the checklist's items.

Each upload posts with htmx and the control's row (or the whole checklist section)
comes back in place: with the new file, or with the form and its errors (400).
Without JavaScript the form posts normally and comes back to the system page. The
upload views parse the body themselves (core.evidence.uploads), so that an unsafe
file name is refused rather than silently shortened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
from registry.models import AISystem, ChecklistEvidence
from registry.services.checklist import checklist_evidence_attach, checklist_evidence_detach
from registry.services.control_evidence import control_evidence_attach, control_evidence_detach
from registry.views.common import saved_in_place, system_detail_with, system_for, system_url
from registry.views.controls import control_form

ROW = "registry/_control_row.html"
CHECKLIST = "registry/_checklist.html"
UPLOAD_PAGE = "registry/evidence_upload_page.html"


@dataclass(frozen=True)
class Place:
    """Where a file lands on the system page: a control's row, or the checklist. The
    part comes back in place for htmx, `read(refused_form)` giving its context as it now
    is; without JavaScript the answer is the system page at `anchor`, or a refusal on
    the upload form's own page."""

    system: AISystem
    partial: str
    anchor: str
    title: str
    read: Callable[..., dict]

    def saved(self, request, message: str):
        url = system_url(self.system, self.anchor)
        return saved_in_place(
            request, partial=self.partial, context=self.read, url=url, message=message
        )

    def upload(self, request, form, attach: Callable[..., object]):
        """Store the form's file through `attach(upload=..., applies_from=...,
        expires_on=..., and the form's other fields)`: the part with the new file, or
        the upload form again with its errors."""

        def call(data):
            attach(upload=data["file"], **{k: v for k, v in data.items() if k != "file"})

        if form_submit(form, call):
            return self.saved(request, f"{self.title}: file added.")
        shown = {**self.read(form), "evidence_form": form, "anchor": self.anchor}
        return form_refused(
            request, partial=self.partial, context=shown, title=self.title, page=UPLOAD_PAGE
        )


def _control_place(request, system_id: str, control_id: int):
    """A control's row, re-read with its files whenever it is shown; and the control."""

    def read(_refused_form=None) -> dict:
        detail = system_detail_with(request, system_id, "registry.system.view")
        control = next((c for c in detail.active_controls if c.pk == control_id), None)
        if control is None:
            raise Http404("No such control on this system.")
        require_can(request, "registry.control.change", control)
        return {"system": detail.system, "control": control, "form": control_form(control)}

    row = read()
    name = row["control"].control.name
    return Place(row["system"], ROW, "controls", name, read), row["control"]


def _checklist_place(request, system_id: str, item: str = "") -> Place:
    """The checklist section; `item`, when given, is the one a file is added to."""
    system = system_for(request, system_id, "registry.system.change")
    if item and item not in CHECKLIST_BY_KEY:
        raise Http404("No such checklist item.")

    def read(refused_form=None) -> dict:
        bound = (item, refused_form) if refused_form is not None else None
        return checklist_section(request.user, system, timezone.localdate(), bound=bound)

    title = CHECKLIST_BY_KEY[item].name if item else "Pre-deployment checklist"
    return Place(system, CHECKLIST, "checklist", title, read)


@evidence_upload_view
@require_POST
def control_evidence_add(request, system_id: str, control_id: int):
    place, control = _control_place(request, system_id, control_id)
    form = control_evidence_form(control, request.POST, request.FILES)
    # The new file shows in the row's list; "Saved" stays for the status form.
    return place.upload(
        request,
        form,
        lambda **upload: control_evidence_attach(actor=request.user, control=control, **upload),
    )


@require_POST
def control_evidence_remove(request, system_id: str, control_id: int, link_id: int):
    place, control = _control_place(request, system_id, control_id)
    link = next((link for link in control.attached_evidence if link.pk == link_id), None)
    if link is None:
        raise Http404("No such file on this control.")
    control_evidence_detach(actor=request.user, link=link)
    return place.saved(request, f"{link.evidence.safe_name} removed.")


@evidence_upload_view
@require_POST
def checklist_evidence_add(request, system_id: str, item: str):
    place = _checklist_place(request, system_id, item)
    form = checklist_evidence_form(item, request.POST, request.FILES)
    return place.upload(
        request,
        form,
        lambda **upload: checklist_evidence_attach(
            actor=request.user, system=place.system, item=item, **upload
        ),
    )


@require_POST
def checklist_evidence_remove(request, system_id: str, link_id: int):
    place = _checklist_place(request, system_id)
    link = get_object_or_404(
        ChecklistEvidence.objects.select_related("evidence"),
        pk=link_id,
        system=place.system,
        removed_at__isnull=True,
    )
    checklist_evidence_detach(actor=request.user, link=link)
    return place.saved(request, f"{link.evidence.safe_name} removed.")
