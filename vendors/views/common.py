"""What the vendor pages' forms share: the one form partial, the page it stands on when
it is shown or refused without htmx (core's components/form_page.html), and the way
back. Saving and refusing are core's responder (core.views.responder)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse

from core.views.responder import FORM_PAGE, form_refused

PARTIAL = "vendors/_form.html"


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
