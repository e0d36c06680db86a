"""The incident's writes from its page: a status step, a note, a checklist tick, the
severity, the awareness time, the facts, the post-incident review. Each posts one
small form (htmx or not) to one service; refused, the form comes back with its errors
in place; saved, the incident page loads afresh."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from incidents.forms import incident as forms
from incidents.models import ChecklistItem
from incidents.services import changes, steps, work
from incidents.services.gdpr import incident_gdpr_no_risk_decide
from incidents.services.meet import incident_regulatory_assessment_record
from incidents.services.review import incident_review_record
from incidents.views.common import (
    detail_url,
    done,
    form_refused,
    in_viewer_time_zone,
    incident_for,
    run_service,
)

STEPS = {
    "triage": (steps.incident_triage, "triaged"),
    "contain": (steps.incident_contain, "contained"),
    "resolve": (steps.incident_resolve, "resolved"),
    "close": (steps.incident_close, "closed"),
}


def _posted(request, incident, form, partial, call, message, context=None):
    if form.is_valid() and run_service(form, lambda: call(form.cleaned_data)):
        return done(request, incident, message)
    return form_refused(request, incident, form, partial, context)


@require_POST
def incident_step(request, incident_id: str, step: str):
    if step not in STEPS:
        raise Http404("No such step.")
    incident = incident_for(request, incident_id, "incidents.incident.work")
    service, word = STEPS[step]
    form = forms.StepForm(request.POST)
    return _posted(
        request, incident, form, "incidents/_step_form.html",
        lambda d: service(actor=request.user, incident=incident, note=d["note"]),
        f"{incident.incident_id} is {word}.", {"next_step": (step, f"Mark {word}")},
    )  # fmt: skip


@require_POST
def incident_note(request, incident_id: str):
    incident = incident_for(request, incident_id, "incidents.incident.work")
    return _posted(
        request, incident, forms.NoteForm(request.POST), "incidents/_note_form.html",
        lambda d: work.incident_note_add(actor=request.user, incident=incident, text=d["text"]),
        "The note is in the timeline.",
    )  # fmt: skip


@require_POST
def checklist_tick(request, incident_id: str, pk: int):
    incident = incident_for(request, incident_id, "incidents.incident.work")
    item = get_object_or_404(ChecklistItem, pk=pk, incident=incident)
    try:
        work.incident_checklist_tick(actor=request.user, item=item)
    except ValidationError as exc:  # ticked already (another tab, a double click)
        messages.error(request, " ".join(exc.messages))
        response = redirect(detail_url(incident))
        response.status_code = 303
        return response
    return done(request, incident, f"Done: {item.text}")


@require_POST
def incident_severity(request, incident_id: str):
    incident = incident_for(request, incident_id, "incidents.incident.change")
    return _posted(
        request, incident, forms.SeverityForm(request.POST), "incidents/_severity_form.html",
        lambda d: changes.incident_severity_change(
            actor=request.user, incident=incident, severity=d["severity"], reason=d["reason"]
        ),
        "The severity is changed; the clocks follow it.",
    )  # fmt: skip


@require_POST
@in_viewer_time_zone
def incident_awareness(request, incident_id: str):
    incident = incident_for(request, incident_id, "incidents.incident.change")
    return _posted(
        request, incident, forms.AwarenessForm(request.POST), "incidents/_awareness_form.html",
        lambda d: changes.incident_awareness_correct(
            actor=request.user, incident=incident, discovered_at=d["discovered_at"],
            reason=d["reason"],
        ),
        "The discovery time is corrected; the clocks that run from it moved with it.",
    )  # fmt: skip


def moments_changed(incident, given: dict) -> dict:
    """The moments of awareness the form changes: the form shows the recorded ones to
    the minute, so one sent back as shown is no correction."""

    def same(old, new) -> bool:
        return old is not None and old.replace(second=0, microsecond=0) == new

    return {name: at for name, at in given.items() if not same(getattr(incident, name), at)}


@require_POST
@in_viewer_time_zone
def incident_facts(request, incident_id: str):
    """The facts and the moments their clocks run from, in one form."""
    incident = incident_for(request, incident_id, "incidents.incident.change")
    form = forms.FactsFields(request.POST)
    return _posted(
        request, incident, form, "incidents/_facts_form.html",
        lambda d: changes.incident_facts_update(
            actor=request.user, incident=incident, **form.facts(),
            awareness=moments_changed(incident, form.awareness()),
            reason=d["awareness_reason"],
        ),
        "The facts are saved; the regulatory clocks follow them.",
    )  # fmt: skip


@require_POST
def incident_gdpr_no_risk(request, incident_id: str):
    """The DPO's decision: unlikely to result in a risk to people (GDPR Art. 33(1))."""
    incident = incident_for(request, incident_id, "incidents.gdpr.no_risk_decide")
    return _posted(
        request, incident, forms.GdprNoRiskForm(request.POST), "incidents/_gdpr_no_risk_form.html",
        lambda d: incident_gdpr_no_risk_decide(
            actor=request.user, incident=incident, reasons=d["reasons"]
        ),
        "Recorded: not notified, unlikely to result in a risk. The GDPR clock is closed.",
    )  # fmt: skip


@require_POST
def incident_review(request, incident_id: str):
    incident = incident_for(request, incident_id, "incidents.review.record")
    return _posted(
        request, incident, forms.ReviewForm(request.POST), "incidents/_review_form.html",
        lambda d: incident_review_record(actor=request.user, incident=incident, **d),
        "The post-incident review is recorded.",
    )  # fmt: skip


@require_POST
def incident_assessment(request, incident_id: str):
    incident = incident_for(request, incident_id, "incidents.regulatory_assessment.record")
    return _posted(
        request, incident, forms.AssessmentForm(request.POST), "incidents/_assessment_form.html",
        lambda d: incident_regulatory_assessment_record(
            actor=request.user, incident=incident, note=d["note"]
        ),
        "The regulatory assessment is recorded; its clock is met.",
    )  # fmt: skip


@require_POST
def incident_lead(request, incident_id: str):
    incident = incident_for(request, incident_id, "incidents.incident.lead_assign")
    return _posted(
        request, incident, forms.LeadForm(request.POST), "incidents/_lead_form.html",
        lambda d: work.incident_lead_assign(actor=request.user, incident=incident, lead=d["lead"]),
        "The incident lead is named; the open clocks are theirs now.",
    )  # fmt: skip
