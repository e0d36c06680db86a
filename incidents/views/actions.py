"""The incident's writes from its page: a status step, a note, a checklist tick, the
severity, the awareness time, the facts, the DPO's no-risk decision, the post-incident
review, the regulatory assessment, the lead. Each posts one small form (htmx or not) to
one service; refused, the form comes back with its errors in place; saved, the incident
page loads afresh (views.common.incident_form_answer)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from core.views.responder import form_saved
from incidents.forms import incident as forms
from incidents.models import ChecklistItem
from incidents.services import changes, steps, work
from incidents.services.gdpr import incident_gdpr_no_risk_decide
from incidents.services.meet import incident_regulatory_assessment_record
from incidents.services.review import incident_review_record
from incidents.views.common import (
    detail_url,
    in_viewer_time_zone,
    incident_for,
    incident_form_answer,
)

STEPS = {
    "triage": (steps.incident_triage, "triaged"),
    "contain": (steps.incident_contain, "contained"),
    "resolve": (steps.incident_resolve, "resolved"),
    "close": (steps.incident_close, "closed"),
}


@require_POST
def incident_step(request, incident_id: str, step: str):
    if step not in STEPS:
        raise Http404("No such step.")
    incident = incident_for(request, incident_id, "incidents.incident.work")
    service, word = STEPS[step]
    return incident_form_answer(
        request,
        incident,
        forms.StepForm(request.POST),
        "incidents/_step_form.html",
        lambda data: service(actor=request.user, incident=incident, **data),
        f"{incident.incident_id} is {word}.",
        context={"next_step": (step, f"Mark {word}")},
    )


@require_POST
def checklist_tick(request, incident_id: str, pk: int):
    incident = incident_for(request, incident_id, "incidents.incident.work")
    item = get_object_or_404(ChecklistItem, pk=pk, incident=incident)
    try:
        work.incident_checklist_tick(actor=request.user, item=item)
    except ValidationError as exc:  # ticked already (another tab, a double click)
        messages.error(request, " ".join(exc.messages))
        response = redirect(detail_url(incident))
        response.status_code = 303  # see the page again, as a GET
        return response
    return form_saved(request, url=detail_url(incident), message=f"Done: {item.text}")


def moments_changed(incident, given: dict) -> dict:
    """The moments of awareness the form changes: the form shows the recorded ones to
    the minute, so one sent back as shown is no correction."""

    def same(old, new) -> bool:
        return old is not None and old.replace(second=0, microsecond=0) == new

    return {name: at for name, at in given.items() if not same(getattr(incident, name), at)}


def incident_facts_save(*, actor, incident, awareness_reason: str, **data):
    """The facts and the moments their clocks run from, in one form."""
    return changes.incident_facts_update(
        actor=actor,
        incident=incident,
        **forms.fact_values(data),
        awareness=moments_changed(incident, forms.awareness_values(data)),
        reason=awareness_reason,
    )


# The small forms of the incident page, by name: what must be allowed on the incident,
# the form, and the service it posts to (the form's fields are the service's arguments).
# Each is templates/incidents/_<name>_form.html and comes back there when refused.
FORM_POSTS = {
    "note": ("incidents.incident.work", forms.NoteForm, work.incident_note_add),
    "severity": ("incidents.incident.change", forms.SeverityForm, changes.incident_severity_change),
    "awareness": (
        "incidents.incident.change",
        forms.AwarenessForm,
        changes.incident_awareness_correct,
    ),
    "facts": ("incidents.incident.change", forms.FactsFields, incident_facts_save),
    # The DPO's decision: unlikely to result in a risk to people (GDPR Art. 33(1)).
    "gdpr_no_risk": (
        "incidents.gdpr.no_risk_decide",
        forms.GdprNoRiskForm,
        incident_gdpr_no_risk_decide,
    ),
    "review": ("incidents.review.record", forms.ReviewForm, incident_review_record),
    "assessment": (
        "incidents.regulatory_assessment.record",
        forms.AssessmentForm,
        incident_regulatory_assessment_record,
    ),
    "lead": ("incidents.incident.lead_assign", forms.LeadForm, work.incident_lead_assign),
}
SAVED = {
    "note": "The note is in the timeline.",
    "severity": "The severity is changed; the clocks follow it.",
    "awareness": "The discovery time is corrected; the clocks that run from it moved with it.",
    "facts": "The facts are saved; the regulatory clocks follow them.",
    "gdpr_no_risk": "Recorded: not notified, unlikely to result in a risk. The GDPR clock "
    "is closed.",
    "review": "The post-incident review is recorded.",
    "assessment": "The regulatory assessment is recorded; its clock is met.",
    "lead": "The incident lead is named; the open clocks are theirs now.",
}


def incident_form_view(name: str):
    """The view of the incident page's form `name` (FORM_POSTS)."""
    action, form_class, service = FORM_POSTS[name]

    @require_POST
    def view(request, incident_id: str):
        incident = incident_for(request, incident_id, action)
        return incident_form_answer(
            request,
            incident,
            form_class(request.POST),
            f"incidents/_{name}_form.html",
            lambda data: service(actor=request.user, incident=incident, **data),
            SAVED[name],
        )

    view.__name__ = view.__qualname__ = f"incident_{name}"
    return view


incident_note = incident_form_view("note")
incident_severity = incident_form_view("severity")
# Times typed in these two are in the viewer's zone.
incident_awareness = in_viewer_time_zone(incident_form_view("awareness"))
incident_facts = in_viewer_time_zone(incident_form_view("facts"))
incident_gdpr_no_risk = incident_form_view("gdpr_no_risk")
incident_review = incident_form_view("review")
incident_assessment = incident_form_view("assessment")
incident_lead = incident_form_view("lead")
