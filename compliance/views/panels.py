"""The compliance panel on the registry's system page (core.panels; registry imports
nothing of compliance): per framework that applies, the percentage met and a link to
the system's compliance page at that framework."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from compliance.selectors.systems import system_percentages_for
from compliance.views.systems import system_for


@require_GET
def system_compliance_panel(request, system_id: str):
    """For htmx the panel's content; without it, a page of its own."""
    system = system_for(request, system_id)
    panel = bool(request.htmx)
    context = {
        "system": system,
        "frameworks": system_percentages_for(system, timezone.localdate()),
        "panel": panel,
        "base_template": "compliance/_panel_base.html" if panel else "base.html",
    }
    return render(request, "compliance/system_panel.html", context)
