"""Classifying a system on the six dimensions of DOMAIN.md 2.1."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from registry import rules, services
from registry.forms import (
    DIMENSIONS,
    ClassificationForm,
    add_service_errors,
    dimension_value_label,
)
from registry.views.common import render_form, system_detail_with

TIER_LABELS = {"critical": "Critical", "high": "High", "medium": "Medium", "low": "Low"}


def dimension_rows(classification) -> list[tuple[str, str, int]]:
    """(dimension, chosen value, points) for each of the six dimensions of a classification."""
    rows = []
    for dimension in rules.DIMENSIONS:
        value = getattr(classification, dimension)
        rows.append(
            (
                DIMENSIONS[dimension][0],
                dimension_value_label(dimension, value),
                rules.DIMENSION_POINTS[dimension].get(value, 0),
            )
        )
    return rows


def thresholds() -> list[tuple[str, str]]:
    """The tier thresholds in words, highest first: ('Critical', '17 or more'), ..."""
    rows = [(TIER_LABELS[tier], f"{lowest} or more") for lowest, tier in rules.TIER_THRESHOLDS]
    lowest_medium = rules.TIER_THRESHOLDS[-1][0]
    return [*rows, (TIER_LABELS["low"], f"below {lowest_medium}")]


def outcome_message(outcome) -> str:
    c = outcome.classification
    added, retired = len(outcome.added), len(outcome.retired)
    return (
        f"Classified: score {c.score}, tier {TIER_LABELS[c.tier]}. "
        f"{added} required control{'s' if added != 1 else ''} added, {retired} retired."
    )


def _initial(last) -> dict[str, str]:
    """Start from the last classification: a re-classification usually changes one value."""
    return {d: getattr(last, d) for d in rules.DIMENSIONS} if last else {}


@require_http_methods(["GET", "POST"])
def system_classify(request, system_id: str):
    detail = system_detail_with(request, system_id, "registry.system.classify")
    system = detail.system
    posted = request.method == "POST"
    initial = _initial(detail.current_classification)
    form = ClassificationForm(request.POST if posted else None, initial=initial)
    if posted and form.is_valid():
        try:
            outcome = services.system_classify(
                actor=request.user,
                system=system,
                inputs=form.inputs(),
                rationale=form.cleaned_data["rationale"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, outcome_message(outcome))
            return redirect("registry:system_detail", system_id=system.system_id)
    context = {
        "form": form,
        "system": system,
        "thresholds": thresholds(),
        "min_score": rules.MIN_SCORE,
        "max_score": rules.MAX_SCORE,
        "current": detail.current_classification,
    }
    return render_form(request, "registry/system_classify.html", context, invalid=posted)
