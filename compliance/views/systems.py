"""A system's compliance page (issue 19, section 2) and the reviewer's decisions on it.

The page computes live through compliance.selectors.systems (the one coverage reader),
so a decision shows in the percentage as soon as the page loads again. Each decision
posts with htmx (saved: the page loads again at the requirement; refused: the form
comes back in place with its errors, 400) or as a plain form without JavaScript. Only
the framework's reviewer who does not own the system sees the forms; the server
refuses anyone else (403) whatever the page showed.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from compliance.forms.decisions import REFUSE, EvidenceDecisionForm, NotApplicableForm
from compliance.models import NotApplicable, Requirement
from compliance.permissions import ReviewSubject
from compliance.selectors.coverage import applicable_requirements
from compliance.selectors.systems import (
    STATUS_ORDER,
    STATUS_WORDS,
    system_compliance_for,
    system_with_facts_get_for,
)
from compliance.services.acceptances import (
    evidence_decide,
    not_applicable_record,
    not_applicable_withdraw,
)
from core.forms import form_submit
from core.views.common import require_can
from core.views.responder import form_refused, form_saved
from registry.models import AISystem

VIEW = "compliance.view"
REVIEW = "compliance.evidence.review"


def system_for(request, system_id: str) -> AISystem:
    require_can(request, VIEW)
    return system_with_facts_get_for(request.user, system_id=system_id)


def page_url(system: AISystem, anchor: str = "") -> str:
    url = reverse("compliance:system_compliance", args=[system.system_id])
    return f"{url}#{anchor}" if anchor else url


def crumbs(system: AISystem) -> list[tuple[str, str]]:
    return [
        (system.system_id, reverse("registry:system_detail", args=[system.system_id])),
        ("Compliance", page_url(system)),
    ]


@require_GET
def system_compliance(request, system_id: str):
    """Per framework that applies: the percentage, the counts, each requirement with its
    evidence items; `?status=gap` narrows the rows to one status."""
    system = system_for(request, system_id)
    status = request.GET.get("status", "")
    if status not in STATUS_ORDER:
        status = ""
    frameworks = system_compliance_for(request.user, system, timezone.localdate(), status=status)
    for frame in frameworks:
        if frame.may_review:
            _forms_attach(frame)
    context = {
        "system": system,
        "frameworks": frameworks,
        "status": status,
        "status_choices": [(key, STATUS_WORDS[key]) for key in STATUS_ORDER],
    }
    return render(request, "compliance/system_compliance.html", context)


def _forms_attach(frame) -> None:
    """A decision form per candidate record and a not-applicable form per requirement,
    for the framework's reviewer; ids unique on the page (core.forms.OneOfSeveral)."""
    for row in frame.rows:
        pk = row.requirement.pk
        if row.not_applicable is None:
            row.na_form = NotApplicableForm(ids=f"na-{pk}")
        for item in row.items:
            item.decisions = [
                (
                    candidate,
                    EvidenceDecisionForm(
                        ids=f"decide-{pk}-{item.result.index}-{n}",
                        initial={
                            "record_type": candidate.record_type,
                            "record_id": candidate.record_id,
                        },
                    ),
                )
                for n, candidate in enumerate(item.result.candidates)
            ]


def _requirement(system: AISystem, requirement_id: int) -> Requirement:
    """A requirement of a current framework that applies to the system; 404 otherwise
    (a decision on one the page does not show would count nowhere)."""
    found = (
        Requirement.objects.select_related("framework")
        .filter(pk=requirement_id, framework__is_current=True, assessable=True)
        .first()
    )
    if found is None:
        raise Http404("No such requirement.")
    if not applicable_requirements(system, [found.framework], [found])[found.framework_id]:
        raise Http404(f"{found.ref_id} does not apply to {system.system_id}.")
    return found


def _reviewer_only(request, system: AISystem, requirement: Requirement) -> None:
    require_can(request, REVIEW, ReviewSubject(system, requirement.framework))


@require_POST
def evidence_decision(request, system_id: str, requirement_id: int, item: int):
    """Accept or refuse (a note needed) one record as one evidence item."""
    system = system_for(request, system_id)
    requirement = _requirement(system, requirement_id)
    _reviewer_only(request, system, requirement)
    if not 0 <= item < len(requirement.evidence):
        raise Http404("No such evidence item.")
    form = EvidenceDecisionForm(request.POST, ids=f"decide-{requirement.pk}-{item}")

    def call(data):
        return evidence_decide(
            actor=request.user,
            system=system,
            requirement=requirement,
            item=item,
            record_type=data["record_type"],
            record_id=data["record_id"],
            accepted=data["decision"] != REFUSE,
            note=data["note"],
        )

    if saved := form_submit(form, call):
        word = "accepted" if saved.result.decision == "accepted" else "refused"
        message = f"{requirement.ref_id}: {saved.result.label} {word}."
        return _saved(request, system, requirement, message)
    context = {
        "form": form,
        "system": system,
        "requirement": requirement,
        "label": requirement.evidence[item].get("label", ""),
        "post_url": request.path,
    }
    return _refused(request, "compliance/_decision_form.html", context, system, requirement)


@require_POST
def not_applicable(request, system_id: str, requirement_id: int):
    """Find the requirement not applicable to the system, with the justification."""
    system = system_for(request, system_id)
    requirement = _requirement(system, requirement_id)
    _reviewer_only(request, system, requirement)
    form = NotApplicableForm(request.POST, ids=f"na-{requirement.pk}")

    def call(data):
        return not_applicable_record(
            actor=request.user,
            system=system,
            requirement=requirement,
            justification=data["justification"],
        )

    if form_submit(form, call):
        message = f"{requirement.ref_id} found not applicable to {system.system_id}."
        return _saved(request, system, requirement, message)
    context = {
        "form": form,
        "system": system,
        "requirement": requirement,
        "post_url": request.path,
    }
    return _refused(request, "compliance/_not_applicable_form.html", context, system, requirement)


@require_POST
def not_applicable_undo(request, system_id: str, requirement_id: int):
    """Withdraw the not-applicable finding: the requirement is assessed again."""
    system = system_for(request, system_id)
    requirement = _requirement(system, requirement_id)
    _reviewer_only(request, system, requirement)
    finding = (
        NotApplicable.objects.select_related("system", "requirement__framework")
        .filter(system=system, requirement=requirement, withdrawn_at__isnull=True)
        .first()
    )
    if finding is None:
        raise Http404("This requirement has no open not-applicable finding.")
    not_applicable_withdraw(actor=request.user, finding=finding)
    message = f"{requirement.ref_id} applies to {system.system_id} again."
    return _saved(request, system, requirement, message)


def _saved(request, system: AISystem, requirement: Requirement, message: str):
    """Saved: for htmx the page reloads where the reviewer is (an HX-Redirect to the
    same page at an anchor would only scroll, leaving the old percentage shown);
    without JavaScript, to the page at the requirement."""
    if request.htmx:
        messages.success(request, message)
        return HttpResponse(headers={"HX-Refresh": "true"})
    return form_saved(request, url=page_url(system, f"req-{requirement.pk}"), message=message)


def _refused(request, partial: str, context: dict, system, requirement):
    return form_refused(
        request,
        partial=partial,
        context=context,
        title=f"{requirement.framework.name} {requirement.ref_id}: correct the form",
        crumbs=crumbs(system),
    )
