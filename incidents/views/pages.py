"""The incident pages that read: the list, one incident, the DPO's regulatory clocks,
the metrics and the system page's panel; and the report form."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from core.forms import form_submit
from core.lists import ListParamError, list_export, page_of
from core.lists.views import render_list
from core.views.common import require_can, viewer_time_zone
from core.views.responder import form_saved
from incidents import selectors
from incidents.choices import Audience, IncidentStatus, Severity
from incidents.forms import incident as forms
from incidents.forms.notice_facts import NoticeFactsForm
from incidents.lists.incident import breach_nature_text
from incidents.rules import AWARENESS_FIELDS, FACT_FIELDS, charts, metrics
from incidents.selectors import pages as page_selectors
from incidents.services.report import incident_report
from incidents.views.common import detail_url, in_viewer_time_zone
from registry.selectors.systems import system_get_for, systems_visible_to

# The status step each status leads to: (URL step, button label).
NEXT_STEP = {
    IncidentStatus.REPORTED: ("triage", "Mark triaged"),
    IncidentStatus.TRIAGED: ("contain", "Mark contained"),
    IncidentStatus.CONTAINED: ("resolve", "Mark resolved"),
    IncidentStatus.RESOLVED: ("close", "Close the incident"),
}


def _kit_query(request, list_for):
    """One of the app's lists (its `<list>_list_for` selector) as the request filters and
    sorts it, times in the viewer's zone: the page and its export read the same rows."""
    return list_for(
        request.user, request.GET, now=timezone.now(), time_zone=viewer_time_zone(request.user)
    )


def _list_views(list_for, action: str, template: str, *, export_action: str = ""):
    """The page of a list and its CSV/XLSX export, both behind `action` (the export
    behind `export_action` when it differs)."""

    @require_GET
    def page(request):
        require_can(request, action)
        return render_list(request, _kit_query(request, list_for), template)

    @require_GET
    def export(request, file_format: str):
        require_can(request, export_action or action)
        query = _kit_query(request, list_for)
        return list_export(query, actor=request.user, file_format=file_format)

    return page, export


incident_list, incident_export = _list_views(
    selectors.incident_list_for,
    "incidents.incident.view",
    "incidents/list.html",
    export_action="incidents.incident.export",
)
# Every personal-data breach, notified or not (GDPR Art. 33(5)).
breach_register, breach_export = _list_views(
    selectors.breach_list_for, "incidents.breach_register.view", "incidents/breaches.html"
)


@require_http_methods(["GET", "POST"])
@in_viewer_time_zone
def incident_new(request):
    require_can(request, "incidents.incident.report")
    systems = systems_visible_to(request.user).order_by("system_id")
    posted = request.method == "POST"
    initial = {"system": request.GET.get("system"), "discovered_at": timezone.localtime()}
    form = forms.ReportForm(request.POST if posted else None, systems=systems, initial=initial)

    def report(data):
        return incident_report(
            actor=request.user,
            system=data["system"],
            type=data["type"],
            severity=data["severity"],
            discovered_at=data["discovered_at"],
            title=data["title"],
            description=data["description"],
            **forms.fact_values(data),
            **forms.awareness_values(data),
            reason=data["awareness_reason"],
        )

    # The incident the service reported: its page comes next.
    if posted and (saved := form_submit(form, report)):
        incident = saved.result
        message = f"{incident.incident_id} is reported; its clocks run."
        return form_saved(request, url=detail_url(incident), message=message)
    status = 400 if posted else 200
    return render(request, "incidents/report_form.html", {"form": form}, status=status)


def detail_context(request, page) -> dict:
    incident = page.incident
    step = NEXT_STEP.get(incident.status)
    return {
        "page": page,
        "incident": incident,
        "next_step": step,
        "now": timezone.now(),
        "time_zone": viewer_time_zone(request.user),
        "note_form": forms.NoteForm(),
        "step_form": forms.StepForm(),
        "severity_form": forms.SeverityForm(initial={"severity": incident.severity}),
        "awareness_form": forms.AwarenessForm(
            initial={"discovered_at": timezone.localtime(incident.discovered_at)}
        ),
        "facts_form": forms.FactsFields(initial=_facts_initial(incident)),
        "no_risk_form": forms.GdprNoRiskForm(),
        "breach_nature_words": breach_nature_text({"breach_nature": incident.breach_nature}, {}),
        "gdpr_running": any(c.kind == "gdpr_72h" and c.running for c in page.clocks),
        "draft_form": forms.DraftForm(),
        "notice_facts_form": NoticeFactsForm.for_incident(incident),
        "assessment_form": forms.AssessmentForm(),
        "lead_form": forms.LeadForm(initial={"lead": incident.lead_id}),
        "assessment_running": any(
            c.kind == "regulatory_assessment" and c.running for c in page.clocks
        ),
        "review_form": forms.ReviewForm(
            initial=_review_initial(page.review) if page.review else None
        ),
        "audiences": Audience,
    }


def _facts_initial(incident) -> dict:
    """The facts and their moments of awareness (in the viewer's zone, to the minute)."""
    initial = {name: getattr(incident, name) for name in FACT_FIELDS}
    for name in AWARENESS_FIELDS:
        moment = getattr(incident, name)
        initial[name] = timezone.localtime(moment).replace(second=0) if moment else None
    return initial


def _review_initial(review) -> dict:
    fields = ("root_cause", "test_cases", "control_changes", "risk_id", "model_card_change_needed")
    return {name: getattr(review, name) for name in fields}


@require_GET
def incident_detail(request, incident_id: str):
    require_can(request, "incidents.incident.view")
    page = page_selectors.incident_page_for(request.user, incident_id, timezone.now())
    return render(request, "incidents/detail.html", detail_context(request, page))


@require_GET
def regulatory_clocks(request):
    """The DPO's page: every running GDPR and Art. 73 clock, breached first, then those
    met lately; 50 a page (an enterprise has hundreds in the window)."""
    require_can(request, "incidents.clocks.view")
    now = timezone.now()
    try:
        page = page_of(
            selectors.regulatory_deadlines(now),
            request.GET,
            counted=selectors.regulatory_deadlines_counted(now),
        )
    except ListParamError as exc:
        return render(
            request, "incidents/clocks.html", {"rows": [], "errors": exc.errors}, status=400
        )
    rows = selectors.regulatory_clock_rows(page.object_list, now)
    return render(request, "incidents/clocks.html", {"rows": rows, "now": now, "page_obj": page})


@require_GET
def incident_metrics(request):
    require_can(request, "incidents.metrics.view")
    incidents, clocks = page_selectors.metrics_rows(request.user)
    durations = []  # each chart with its numbers, for the table beside it
    for key, (_field, label) in metrics.MEASURES.items():
        rows = metrics.time_to(incidents, key)
        durations.append((label, charts.duration_svg(rows, label=label), _duration_table(rows)))
    compliance = metrics.sla_compliance(clocks, timezone.now())
    per_severity = [
        (
            s.label,
            charts.compliance_svg(
                compliance, severity=s.value, label=f"SLA compliance, {s.label.lower()}, by month"
            ),
        )
        for s in Severity
    ]
    context = {
        "durations": durations,
        "compliance": compliance,
        "per_severity": per_severity,
        "incident_count": len(incidents),
    }
    return render(request, "incidents/metrics.html", context)


def _duration_table(rows: list[metrics.Duration]) -> list[tuple[str, str, int]]:
    """A duration chart's numbers as its table shows them: severity, median, incidents."""
    return [(d.severity, metrics.hours_label(d.median_minutes), d.incidents) for d in rows]


@require_GET
def system_incidents_panel(request, system_id: str):
    """The system's open incidents, for the panel on the registry's system page."""
    require_can(request, "incidents.incident.view")
    system = system_get_for(request.user, system_id=system_id)
    panel = bool(request.htmx)
    context = {
        "system": system,
        "incidents": page_selectors.system_incidents_for(request.user, system),
        "panel": panel,
        "base_template": "incidents/_panel_base.html" if panel else "base.html",
    }
    return render(request, "incidents/system_panel.html", context)
