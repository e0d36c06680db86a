"""What assurance shows on lower apps' pages through core's panels (they import nothing
of assurance): on the registry's system page its red-team trend and latest exercise;
on a governance review session's page the red-team findings on its agenda, with the
model cards flagged for a new version. Each answers htmx with the panel's content and a
browser without JavaScript with a page of its own."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from assurance.selectors.agenda import agenda_findings
from assurance.views.report import VIEW, trend_context
from core.views.common import require_can
from governance.selectors.sessions import session_get_for


def _frame(request) -> dict:
    panel = bool(request.htmx)
    return {"panel": panel, "base_template": "assurance/_panel_base.html" if panel else "base.html"}


@require_GET
def system_red_team_panel(request, system_id: str):
    context = trend_context(request, system_id) | _frame(request)
    return render(request, "assurance/_panel_system.html", context)


@require_GET
def session_red_team_panel(request, pk: int):
    require_can(request, VIEW)
    session = session_get_for(request.user, pk)
    findings = agenda_findings([risk.pk for risk in session.risks.all()])
    context = {"session": session, "findings": findings} | _frame(request)
    return render(request, "assurance/_panel_agenda.html", context)
