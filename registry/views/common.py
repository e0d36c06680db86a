"""What the registry's pages share: permission checks, and the answers to a posted form
beyond core's responder (core.views.responder) for the two shapes the registry has:

- a form that is a page of its own (registering a system, classifying it, publishing a
  gate version): refused, the page again with its errors (`form_page`);
- a form inside the system page or a gate request's page, posted with htmx (a control's
  row, the checklist, the vendor block, the request's body): saved, the part again as it
  now is, in place (`saved_in_place`); refused, core's `form_refused` with that part.
Without JavaScript a save goes back to the page with a message (core's `form_saved`).
A one-field form on the system page refuses with a message there (`refused_as_message`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from core.views.common import require_can
from core.views.responder import form_refused, form_saved
from registry.selectors.systems import system_detail_for, system_get_for


def system_for(request, system_id: str, action: str):
    """The system, after the viewer may read the registry and may do `action` on it.

    403 for people outside the registry, 404 for a system that does not exist,
    403 when the action is not theirs on this system.
    """
    require_can(request, "registry.system.view")
    system = system_get_for(request.user, system_id=system_id)
    require_can(request, action, system)
    return system


def system_detail_with(request, system_id: str, action: str):
    """Like `system_for`, with the system's history and controls (`system_detail_for`)."""
    require_can(request, "registry.system.view")
    detail = system_detail_for(request.user, system_id=system_id)
    require_can(request, action, detail.system)
    return detail


def system_url(system, anchor: str = "") -> str:
    """The system's page, at `anchor` when given (#controls)."""
    url = reverse("registry:system_detail", kwargs={"system_id": system.system_id})
    return f"{url}#{anchor}" if anchor else url


def system_crumbs(system) -> list[tuple[str, str]]:
    """The breadcrumbs back to a system: the list, then the system."""
    return [("AI systems", reverse("registry:system_list")), (system.system_id, system_url(system))]


def form_page(request, template: str, context: dict, *, refused: bool = False):
    """A form that is a page of its own: the page; refused, the page again with its
    errors, 400 (core's form_refused, the page being its own partial)."""
    if refused:
        return form_refused(request, partial=template, context=context, page=template)
    return render(request, template, context)


def saved_in_place(request, *, partial: str, context: Callable[[], dict], url: str, message: str):
    """Saved from a form inside a page: for htmx the part again (`partial`, its
    `context` read now, after the save), 200; otherwise the message, then `url`."""
    if request.htmx:
        return render(request, partial, context())
    return form_saved(request, url=url, message=message)


def refused_as_message(request, *, url: str, message: str):
    """A one-field form on another page (a reason, a note) refused: the problem as a
    message at the top of that page, where the form is shown again."""
    messages.error(request, message)
    return redirect(url)
