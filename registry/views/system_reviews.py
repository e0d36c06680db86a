"""Recording a system review (the RACI's "annual AI system review")."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from core.dates import day_text
from core.views.responder import form_saved
from registry import services
from registry.forms.systems import SystemReviewForm
from registry.views.common import system_for, system_url


@require_POST
def system_review_record(request, system_id: str):
    system = system_for(request, system_id, "registry.system.review_record")
    form = SystemReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say what the review found (a note is required).")
        return redirect("registry:system_detail", system_id=system.system_id)
    try:
        review = services.system_review_record(
            actor=request.user, system=system, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(system_url(system))
    message = f"Review recorded. The next one is due {day_text(review.next_due_at)}."
    return form_saved(request, url=system_url(system), message=message)
