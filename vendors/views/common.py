"""What the vendor pages' forms share: the one form partial, the page it stands on when
it is shown or refused without htmx (core's components/form_page.html), and the way
back. Saving and refusing are core's responder (core.views.responder)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse

from core.views.common import require_can
from core.views.responder import FORM_PAGE, form_refused
from vendors.models import Assessment, Vendor
from vendors.selectors.assessments import assessment_get_for
from vendors.selectors.vendors import vendor_get_for

PARTIAL = "vendors/_form.html"


def vendor_for(request, pk: int, action: str) -> Vendor:
    """The vendor for one who may `action` it (see `_readable_for`)."""
    return _readable_for(request, pk, action, "vendors.vendor.view", vendor_get_for)


def assessment_for(request, pk: int, action: str) -> Assessment:
    """The assessment for one who may `action` it (see `_readable_for`)."""
    return _readable_for(request, pk, action, "vendors.assessment.view", assessment_get_for)


def _readable_for(request, pk, action, view, get_for):
    # 403 first for one who may not see such objects at all, then 404 for a missing
    # one, then 403 for the action on it.
    require_can(request, view)
    found = get_for(request.user, pk)
    require_can(request, action, found)
    return found


def form_context(form, *, action: str, button: str, title: str, upload: bool = False) -> dict:
    """What the partial and its page show: the form, where it posts, its button."""
    crumbs = [("Vendors", reverse("vendors:vendor_list"))]
    shown = {"form": form, "action": action, "button": button, "title": title}
    return {**shown, "upload": upload, "partial": PARTIAL, "crumbs": crumbs}


def form_page(request, context: dict):
    """The form on a page of its own (GET)."""
    return render(request, FORM_PAGE, context)


def form_again(request, context: dict):
    """The form with its errors, 400: the partial for htmx, else its page."""
    return form_refused(
        request, partial=PARTIAL, context=context, title=context["title"], crumbs=context["crumbs"]
    )
