"""What the registry's pages share: permission checks and the form-error response."""

from __future__ import annotations

from django.shortcuts import render

from core.views.common import require_can
from registry.selectors.systems import system_detail_for, system_get_for

BAD_REQUEST = 400


def system_for(request, system_id: str, action: str):
    """The system, after the viewer may read the registry and may do `action` on it.

    403 for people outside the registry, 404 for a system that does not exist,
    403 when the action is not theirs on this system.
    """
    require_can(request, "registry.system.view")
    system = system_get_for(request.user, system_id=system_id)
    require_can(request, action, system)
    return system


def render_form(request, template: str, context: dict, *, invalid: bool = False):
    """Render a form page; 400 when it comes back with errors."""
    return render(request, template, context, status=BAD_REQUEST if invalid else 200)


def system_detail_with(request, system_id: str, action: str):
    """Like `system_for`, with the system's history and controls (`system_detail_for`)."""
    require_can(request, "registry.system.view")
    detail = system_detail_for(request.user, system_id=system_id)
    require_can(request, action, detail.system)
    return detail
