"""The scoring scheme: its versions (readable by every member) and publishing a new one
(administrators), with the systems it would move listed before it is published."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from core.permissions import can
from core.views.common import require_can
from core.views.responder import form_saved
from registry import rules, services
from registry.forms.classification import ScoringSchemeForm
from registry.models import ControlDefinition
from registry.selectors.classification import (
    scheme_get_for,
    scheme_in_force,
    scheme_moves,
    scheme_versions_for,
)
from registry.views.common import form_page
from registry.vocabulary import DIMENSION_INFO, TIER_ORDER, tier_label


def scheme_tables(scheme) -> dict:
    """A version as the page shows it: points by dimension, thresholds, controls by tier."""
    names = dict(ControlDefinition.objects.values_list("key", "name"))
    return {
        "points": [
            (info.label, [(label, scheme.points[d].get(v)) for v, label in info.choices.choices])
            for d, info in DIMENSION_INFO.items()
        ],
        "thresholds": [(tier_label(t), n) for n, t in scheme.as_rules().descending_thresholds()],
        "controls": [
            (tier_label(t), [names.get(k, k) for k in scheme.tier_controls.get(t, [])])
            for t in TIER_ORDER[::-1]
        ],
    }


@require_GET
def scheme_detail(request, version: int | None = None):
    require_can(request, "registry.scheme.view")
    scheme = scheme_in_force() if version is None else scheme_get_for(request.user, version=version)
    context = {
        "scheme": scheme,
        "in_force": scheme_in_force().version == scheme.version,
        "tables": scheme_tables(scheme),
        "versions": scheme_versions_for(request.user),
        "may_publish": can(request.user, "registry.scheme.publish"),
    }
    return render(request, "registry/scheme_detail.html", context)


@require_http_methods(["GET", "POST"])
def scheme_edit(request):
    """Edit a copy of the version in force; "Preview" lists what it would move,
    "Publish" saves the new version and flags those systems."""
    require_can(request, "registry.scheme.publish")
    current = scheme_in_force()
    controls = list(ControlDefinition.objects.order_by("name").values_list("key", "name"))
    posted = request.method == "POST"
    form = ScoringSchemeForm(
        request.POST if posted else None, scheme=current.as_rules(), control_choices=controls
    )
    moves, previewed = None, False
    if posted and form.is_valid():
        data = form.scheme_data()
        problems = _problems(data, [key for key, _ in controls])
        if problems:
            form.add_service_errors(ValidationError(problems))
        elif request.POST.get("action") == "publish":
            try:
                publication = services.scoring_scheme_publish(actor=request.user, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                url = reverse("registry:scheme_detail")
                return form_saved(request, url=url, message=_published_message(publication))
        else:
            moves, previewed = _moves(data, current.version + 1), True
    context = {"form": form, "current": current, "moves": moves, "previewed": previewed}
    return form_page(request, "registry/scheme_form.html", context, refused=bool(form.errors))


def _problems(data: dict, known_controls: list[str]) -> dict[str, list[str]]:
    found = rules.scheme_problems(
        points=data["points"],
        thresholds=data["thresholds"],
        tier_controls=data["tier_controls"],
        known_controls=known_controls,
    )
    return {field: [message] for field, message in found.items()}


def _moves(data: dict, version: int) -> list[rules.SchemeMove]:
    candidate = rules.Scheme(
        version=version,
        points=data["points"],
        thresholds=data["thresholds"],
        tier_controls=data["tier_controls"],
    )
    return scheme_moves(candidate)


def _published_message(publication) -> str:
    flagged = len(publication.flagged)
    return (
        f"Scoring scheme version {publication.scheme.version} is in force. "
        f"{flagged} system{'s are' if flagged != 1 else ' is'} flagged for re-classification; "
        "no tier changed."
    )
