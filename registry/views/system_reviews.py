"""Recording a system review (the RACI's "annual AI system review")."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.views.decorators.http import require_POST

from core.dates import day_text
from core.views.responder import form_saved
from registry import services
from registry.forms.systems import SystemReviewForm
from registry.views.common import refused_as_message, system_for, system_url


@require_POST
def system_review_record(request, system_id: str):
    system = system_for(request, system_id, "registry.system.review_record")
    form = SystemReviewForm(request.POST)
    url = system_url(system)
    if not form.is_valid():
        message = "Say what the review found (a note is required)."
        return refused_as_message(request, url=url, message=message)
    try:
        review = services.system_review_record(
            actor=request.user, system=system, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        return refused_as_message(request, url=url, message=" ".join(exc.messages))
    message = f"Review recorded. The next one is due {day_text(review.next_due_at)}."
    return form_saved(request, url=url, message=message)
