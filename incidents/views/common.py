"""What the incident views share: the incident for an action, and the answer to a
form posted with htmx or without (errors in place; done: back to the incident)."""

from __future__ import annotations

from functools import wraps
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from core.views.common import require_can, viewer_time_zone
from incidents.forms.incident import add_service_errors
from incidents.selectors import incident_get_for

BAD_REQUEST = 400


def in_viewer_time_zone(view):
    """Parse and show times in the viewer's time zone: a form's "10:00" is 10:00 where
    they are (base.html shows pages in it; this covers forms and htmx fragments)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        with timezone.override(ZoneInfo(viewer_time_zone(request.user))):
            return view(request, *args, **kwargs)

    return wrapped


def incident_for(request, incident_id: str, action: str):
    """The visible incident (404 otherwise), and 403 unless `action` is allowed on it."""
    require_can(request, "incidents.incident.view")
    incident = incident_get_for(request.user, incident_id)
    require_can(request, action, incident)
    return incident


def detail_url(incident) -> str:
    return reverse("incidents:detail", args=[incident.incident_id])


def form_refused(request, incident, form, partial: str, context: dict | None = None):
    """The form again with its errors: in place for htmx, else on a page of its own."""
    context = {"incident": incident, "form": form, **(context or {})}
    if request.htmx:
        return render(request, partial, context, status=BAD_REQUEST)
    return render(
        request, "incidents/form_page.html", {**context, "partial": partial}, status=BAD_REQUEST
    )


def done(request, incident, message: str, url: str | None = None):
    """Saved: back to the incident page (a full load, so every clock and line is new)."""
    messages.success(request, message)
    url = url or detail_url(incident)
    if request.htmx:
        return HttpResponse(status=200, headers={"HX-Redirect": url})
    return redirect(url)


def run_service(form, call) -> bool:
    """Call the service; its ValidationError lands on the form's fields. True if saved."""
    try:
        call()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    return True
