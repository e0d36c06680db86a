"""Classifying a system on the six dimensions of DOMAIN.md 2.1.

A product owner proposes; a reviewer classifies (effective at once) or, when a proposal
waits, confirms it, rejects it, or records their own answers in reply to it.
"""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from core.forms import form_submit
from core.permissions import can
from core.views.responder import form_saved
from registry import rules, services
from registry.forms.classification import ClassificationForm, ReviewDecisionForm
from registry.selectors.classification import pending_proposal, scheme_in_force
from registry.views.common import form_page, system_detail_with, system_for, system_url
from registry.vocabulary import (
    DIMENSION_INFO,
    DIMENSIONS,
    SYSTEM_FIELD_FOR_DIMENSION,
    tier_label,
)


def dimension_rows(classification) -> list[tuple[str, str, int]]:
    """(dimension, chosen value, points) of a classification, under the scheme it used."""
    points = classification.scheme.points
    return [
        (
            DIMENSION_INFO[d].label,
            DIMENSION_INFO[d].value_label(getattr(classification, d)),
            points.get(d, {}).get(getattr(classification, d), 0),
        )
        for d in DIMENSIONS
    ]


def thresholds(scheme) -> list[tuple[str, str]]:
    """The tier thresholds in words, highest first: ('Critical', '17 or more'), ..."""
    rows = [(tier_label(t), f"{lowest} or more") for lowest, t in scheme.descending_thresholds()]
    return [*rows, (tier_label("low"), f"below {scheme.thresholds['medium']}")]


def outcome_message(outcome) -> str:
    c = outcome.classification
    if outcome.proposed:
        return (
            f"Proposed: score {c.score}, tier {tier_label(c.tier)}. The system's tier and "
            "controls change when an AI safety lead or engineering manager confirms it."
        )
    added, retired = len(outcome.added), len(outcome.retired)
    return (
        f"Classified: score {c.score}, tier {tier_label(c.tier)}. "
        f"{added} required control{'s' if added != 1 else ''} added, {retired} retired."
    )


def initial_answers(system, *, proposal, current) -> dict[str, str]:
    """Start from the waiting proposal, else the last classification, else what the
    system records about itself (decision type, population, scale)."""
    start = proposal or current
    if start is not None:
        return {d: getattr(start, d) for d in DIMENSIONS}
    recorded = {d: getattr(system, f) for d, f in SYSTEM_FIELD_FOR_DIMENSION.items()}
    return {d: v for d, v in recorded.items() if v}


@require_http_methods(["GET", "POST"])
def system_classify(request, system_id: str):
    detail = system_detail_with(request, system_id, "registry.system.classify")
    system, current = detail.system, detail.current_classification
    scheme = scheme_in_force()
    proposal = pending_proposal(system)
    reviewing = can(request.user, "registry.classification.decide", system)
    posted = request.method == "POST"
    initial = initial_answers(system, proposal=proposal, current=current)
    form = ClassificationForm(
        request.POST if posted else None, initial=initial, scheme=scheme.as_rules()
    )

    def classify(_data):
        return _classify(request, system, form, proposal if reviewing else None)

    if posted and (classified := form_submit(form, classify)):
        message = outcome_message(classified.result)
        return form_saved(request, url=system_url(system), message=message)
    context = {
        "form": form,
        "system": system,
        "scheme": scheme,
        "thresholds": thresholds(scheme.as_rules()),
        "current": current,
        "proposal": proposal,
        "proposal_points": dimension_rows(proposal) if proposal else [],
        "proposal_stale": _stale_reason(proposal, system, scheme),
        "reviewing": reviewing,
        "decision_form": ReviewDecisionForm() if reviewing and proposal else None,
    }
    return form_page(request, "registry/system_classify.html", context, refused=posted)


def _stale_reason(proposal, system, scheme) -> str | None:
    """Said before a reviewer tries to confirm: why this proposal cannot be, if so."""
    if proposal is None:
        return None
    return rules.proposal_stale_reason(
        proposed_at=proposal.classified_at,
        system_changed_at=system.updated_at,
        scheme_version=proposal.scheme.version,
        current_scheme_version=scheme.version,
    )


def _classify(request, system, form, proposal):
    """A reviewer answering a waiting proposal replaces it; otherwise a plain classification."""
    rationale = form.cleaned_data["rationale"]
    if proposal is not None:
        return services.classification_amend(
            actor=request.user, proposal=proposal, inputs=form.inputs(), rationale=rationale
        )
    return services.system_classify(
        actor=request.user, system=system, inputs=form.inputs(), rationale=rationale
    )


@require_GET
def classify_preview(request, system_id: str):
    """The classify page's live score while its six answers are chosen (htmx sends the
    chosen values): scored here by the rule that classifies, under the scheme in force,
    so the page never computes a tier of its own."""
    system_for(request, system_id, "registry.system.classify")
    preview = rules.score_preview(request.GET, scheme_in_force().as_rules())
    context = {"preview": preview, "tier": tier_label(preview.tier), "dimensions": len(DIMENSIONS)}
    return render(request, "registry/_classify_preview.html", context)
