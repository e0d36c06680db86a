"""The red-team pages for readers (issue 20, DOMAIN.md 9): an exercise's report as a
PDF/A document (/assurance/exercises/<exercise_id>/report.pdf, anyone who reads
assurance, times in their zone, the download audited), and a system's red-team page
(/assurance/systems/<system_id>/red-team/): both rates over its exercises, as a chart
and a table, with the latest exercise's categories."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from assurance.models import Exercise
from assurance.selectors.trend import system_trend, trend_chart
from assurance.services.exercise_report import exercise_report_name, exercise_report_pdf
from core.views.common import require_can, viewer_time_zone
from registry.selectors.systems import system_get_for

VIEW = "assurance.view"


@require_GET
def exercise_report_download(request, exercise_id: str):
    require_can(request, VIEW)
    exercise = get_object_or_404(
        Exercise.objects.select_related("thresholds"), exercise_id=exercise_id
    )
    try:
        pdf = exercise_report_pdf(
            exercise=exercise, zone=viewer_time_zone(request.user), actor=request.user
        )
    except ValidationError as refused:
        # The organisation profile lacks its legal name: say so, produce nothing.
        text = " ".join(" ".join(m) for m in refused.message_dict.values())
        return HttpResponse(text, status=409, content_type="text/plain; charset=utf-8")
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{exercise_report_name(exercise)}"'},
    )


def trend_context(request, system_id: str) -> dict:
    """The system and its trend, for the page and for its panel."""
    require_can(request, VIEW)
    system = system_get_for(request.user, system_id=system_id)
    trend = system_trend(system)
    return {"system": system, "trend": trend, "chart": trend_chart(trend)}


@require_GET
def system_red_team(request, system_id: str):
    return render(request, "assurance/report_system.html", trend_context(request, system_id))
