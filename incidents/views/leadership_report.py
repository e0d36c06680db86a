"""The weekly leadership report's page (what it lists: incidents.selectors.leadership_report)."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.permissions import can
from core.views.common import require_can
from core.views.responder import form_saved
from incidents.selectors.leadership_report import leadership_report_for, week_of
from incidents.services.leadership_report import leadership_report_present
from incidents.views.common import in_viewer_time_zone


def _week(request) -> date | None:
    raw = (request.POST.get("week") or request.GET.get("week") or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({"week": f"'{raw[:20]}' is not a date (YYYY-MM-DD)."}) from None


@require_http_methods(["GET", "POST"])
@in_viewer_time_zone
def leadership_report(request):
    require_can(request, "incidents.incident.view")
    try:
        week = _week(request)
        report = leadership_report_for(request.user, week)
    except ValidationError as refused:
        text = "; ".join(f"{k}: {' '.join(v)}" for k, v in refused.message_dict.items())
        return HttpResponseBadRequest(text)
    monday = week_of(report.report_at, report.zone)
    if request.method == "POST":
        met = leadership_report_present(actor=request.user, week=monday)
        url = f"{reverse('incidents:leadership_report')}?week={monday.isoformat()}"
        message = f"Recorded as presented: {met} leadership notice(s) met."
        return form_saved(request, url=url, message=message)
    may_present = bool(report.open_notices) and all(
        can(request.user, "incidents.notification.send", line.incident)
        for line in report.open_notices
    )
    context = {
        "report": report,
        "monday": monday,
        "previous_week": monday - timedelta(days=7),
        "next_week": monday + timedelta(days=7),
        "may_present": may_present,
    }
    return render(request, "incidents/leadership_report.html", context)
