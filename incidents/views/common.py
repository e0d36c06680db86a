"""What the incident views share: the incident for an action, the way back to it, and
the answer to a form posted about it (core's responder: saved, back to the incident
page; refused, the form again in place, or on a page of its own under the incident)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from core.forms import form_submit
from core.views.common import require_can, viewer_time_zone
from core.views.responder import form_refused, form_saved
from incidents.selectors import incident_get_for


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


def incident_crumbs(incident) -> list[tuple[str, str]]:
    """The breadcrumbs back to an incident: the list, then the incident."""
    return [("Incidents", reverse("incidents:list")), (incident.incident_id, detail_url(incident))]


def incident_form_refused(request, incident, form, partial: str, context: dict | None = None):
    """The form again with its errors: in place for htmx, else on a page of its own
    titled with the incident, with the way back to it."""
    return form_refused(
        request,
        partial=partial,
        context={"incident": incident, "form": form, **(context or {})},
        title=f"{incident.incident_id} {incident.title}",
        crumbs=incident_crumbs(incident),
    )


def incident_form_answer(
    request,
    incident,
    form,
    partial: str,
    call: Callable[[dict], object],
    message: str,
    *,
    url: str = "",
    context: dict | None = None,
):
    """Validate `form` and call the service with its cleaned data: saved, the message
    and the incident page (or `url`) loaded afresh, so every clock and line is new;
    refused, the form again with its errors."""
    if form_submit(form, call):
        return form_saved(request, url=url or detail_url(incident), message=message)
    return incident_form_refused(request, incident, form, partial, context)
