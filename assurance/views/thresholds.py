"""The red-team thresholds page: the version in force and its history for everyone,
the form that sets a new version for administrators."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from assurance.forms.redteam import ThresholdsForm
from assurance.rules.rates import percent
from assurance.rules.thresholds import TIERS
from assurance.selectors.exercises import thresholds_current, thresholds_history
from assurance.services.thresholds import thresholds_set
from core.forms import form_submit
from core.views.common import require_can, require_can_on_post
from core.views.responder import form_refused, form_saved

PAGE = "assurance/thresholds.html"
PARTIAL = "assurance/_thresholds_form.html"


def _rows(current) -> list[tuple[str, str, str]]:
    """(tier, ASR limit, FRR limit) as percentages, strictest tier first."""
    if current is None:
        return []
    return [
        (
            tier,
            percent(current.limits.get(tier, {}).get("asr_max")),
            percent(current.limits.get(tier, {}).get("frr_max")),
        )
        for tier in TIERS
    ]


@require_http_methods(["GET", "POST"])
def thresholds_page(request):
    require_can(request, "assurance.view")
    may_edit = require_can_on_post(request, "assurance.thresholds.edit")
    current = thresholds_current()
    data = request.POST if request.method == "POST" else None
    form = ThresholdsForm(data, current=current.limits if current else None)
    context = {
        "current": current,
        "history": thresholds_history(),
        "current_rows": _rows(current),
        "form": form if may_edit else None,
    }
    if request.method != "POST":
        return render(request, PAGE, context)

    def save(data):
        return thresholds_set(actor=request.user, limits=form.limits(), note=data["note"])

    if saved := form_submit(form, save):
        return form_saved(
            request,
            url=reverse("assurance:thresholds"),
            message=f"Thresholds version {saved.result.version} is in force.",
        )
    return form_refused(request, partial=PARTIAL, context=context, page=PAGE)
