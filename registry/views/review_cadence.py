"""The review cadence by tier: read by every member, changed by administrators."""

from __future__ import annotations

from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.forms import form_submit
from core.views.common import require_can, require_can_on_post
from core.views.responder import form_saved
from registry import services
from registry.forms.systems import ReviewCadenceForm
from registry.selectors.reviews import review_cadence_in_force
from registry.views.common import form_page


@require_http_methods(["GET", "POST"])
def review_cadence(request):
    require_can(request, "registry.system.view")
    may_change = require_can_on_post(request, "registry.review_cadence.change")
    posted = request.method == "POST"
    form = ReviewCadenceForm(request.POST if posted else None, initial=review_cadence_in_force())

    def change(data):
        services.review_cadence_change(actor=request.user, months=data)

    if posted and form_submit(form, change):
        message = "Review cadence saved; open reviews moved to it."
        return form_saved(request, url=reverse("registry:review_cadence"), message=message)
    context = {"form": form, "may_change": may_change, "cadence": review_cadence_in_force()}
    return form_page(request, "registry/review_cadence.html", context, refused=posted)
