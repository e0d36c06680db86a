"""What the vendor pages share: a form that a service refuses, and the answer to htmx."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

BAD_REQUEST = 400


def run_service(form, call) -> bool:
    """Call the service; its ValidationError lands on the fields it names. True if saved."""
    try:
        call()
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            form.add_error(None, exc.messages)
            return False
        for name, errors in exc.message_dict.items():
            known = name in form.fields and name != NON_FIELD_ERRORS
            form.add_error(name if known else None, errors if known or name == NON_FIELD_ERRORS
                           else [f"{name}: {e}" for e in errors])  # fmt: skip
        return False
    return True


def done(request, url: str, message: str):
    """Saved: to `url` (a full load with htmx too, so every block is current)."""
    messages.success(request, message)
    if request.htmx:
        return HttpResponse(status=200, headers={"HX-Redirect": url})
    return redirect(url)


def refused(request, partial: str, context: dict):
    """The form again with its errors in place: the partial for htmx, else a page."""
    if request.htmx:
        return render(request, partial, context, status=BAD_REQUEST)
    page = {**context, "partial": partial}
    return render(request, "vendors/form_page.html", page, status=BAD_REQUEST)
