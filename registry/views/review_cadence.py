"""The review cadence by tier: read by every member, changed by administrators."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.permissions import can
from core.views.common import require_can
from registry import services
from registry.forms.systems import ReviewCadenceForm, add_service_errors
from registry.selectors.reviews import review_cadence_in_force


@require_http_methods(["GET", "POST"])
def review_cadence(request):
    require_can(request, "registry.system.view")
    may_change = can(request.user, "registry.review_cadence.change")
    form = ReviewCadenceForm(initial=review_cadence_in_force())
    status = 200
    if request.method == "POST":
        require_can(request, "registry.review_cadence.change")
        form = ReviewCadenceForm(request.POST)
        if form.is_valid():
            try:
                services.review_cadence_change(actor=request.user, months=form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Review cadence saved; open reviews moved to it.")
                return redirect("registry:review_cadence")
        status = 400
    context = {"form": form, "may_change": may_change, "cadence": review_cadence_in_force()}
    return render(request, "registry/review_cadence.html", context, status=status)
