"""Post-market monitoring pages (DOMAIN.md 11): /assurance/monitoring/ lists every plan
with its latest value, open breaches and silence, the systems that need a plan first;
/assurance/monitoring/<system_id>/ keeps a system's plan and shows its values (an SVG per
metric with the threshold), breach episodes (open the proposed incident, or dismiss it
with a reason) and silence; .../report/<yyyy-mm>/ is the monthly report."""

from __future__ import annotations

from datetime import date

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assurance.forms.monitoring import DismissForm, MetricFormSet, PlanForm, metric_rows
from assurance.rules.monitoring_chart import metric_chart_svg
from assurance.selectors.monitoring import (
    card_metric_suggestions,
    chart_values,
    episode_get_for,
    episodes_of,
    open_breaches_of,
    plan_of,
    plans_visible_to,
    silence_of,
    systems_needing_plan,
)
from assurance.selectors.monitoring_report import monthly_report
from assurance.services.breaches import episode_dismiss, episode_incident_open
from assurance.services.plans import plan_save
from core.dates import user_zone
from core.forms import form_submit, service_call
from core.permissions import can
from core.views.common import require_can, require_can_on_post
from core.views.responder import form_refused, form_saved
from registry.selectors.systems import system_get_for

VIEW = "assurance.view"
MANAGE = "assurance.plan.manage"
DECIDE = "assurance.episode.decide"


def detail_url(system, anchor: str = "") -> str:
    url = reverse("assurance:monitoring_detail", args=[system.system_id])
    return f"{url}#{anchor}" if anchor else url


@require_GET
def monitoring_list(request):
    require_can(request, VIEW)
    now = timezone.now()
    plans = list(plans_visible_to(request.user))
    for plan in plans:
        plan.silent = bool(plan.silence_due_at and plan.silence_due_at <= now)
    context = {"plans": plans, "needing": list(systems_needing_plan(request.user))}
    return render(request, "assurance/monitoring_list.html", context)


def _system(request, system_id: str):
    require_can(request, VIEW)
    return system_get_for(request.user, system_id=system_id)


@require_http_methods(["GET", "POST"])
def monitoring_detail(request, system_id: str):
    system = _system(request, system_id)
    may_manage = require_can_on_post(request, MANAGE, system)
    plan = plan_of(system)
    form = formset = None
    if may_manage:
        form, formset = _plan_forms(request, system, plan)
    if request.method == "POST":
        return _plan_post(request, system, form, formset)
    return render(
        request, "assurance/monitoring_detail.html", _context(request, system, plan, form, formset)
    )


def _plan_forms(request, system, plan):
    if plan is not None:
        initial = {
            "interval_minutes": int(plan.interval.total_seconds() // 60),
            "recipients": list(plan.recipients.all()),
            "notes": plan.notes,
        }
        rows = [
            {
                f: getattr(m, f)
                for f in ("metric", "group", "direction", "threshold", "breach_kind", "card_metric")
            }
            for m in plan.metrics.all()
        ]
    else:
        initial, rows = {"interval_minutes": 60}, card_metric_suggestions(system)
    data = request.POST if request.method == "POST" else None
    return PlanForm(data, initial=initial), MetricFormSet(data, initial=rows, prefix="metrics")


def _plan_post(request, system, form, formset):
    valid_rows = formset.is_valid()

    def call(data):
        from datetime import timedelta

        return plan_save(
            actor=request.user,
            system=system,
            interval=timedelta(minutes=data["interval_minutes"]),
            metrics=metric_rows(formset),
            recipients=data["recipients"],
            notes=data["notes"],
        )

    if valid_rows and form_submit(form, call):
        return form_saved(request, url=detail_url(system), message="Monitoring plan saved.")
    context = {"form": form, "formset": formset, "post_url": request.path, "system": system}
    crumbs = [
        ("Monitoring", reverse("assurance:monitoring_list")),
        (system.system_id, detail_url(system)),
    ]
    return form_refused(
        request,
        partial="assurance/_monitoring_plan_form.html",
        context=context,
        title="Correct the monitoring plan",
        crumbs=crumbs,
    )


def _context(request, system, plan, form, formset) -> dict:
    now = timezone.now()
    context = {
        "system": system,
        "plan": plan,
        "form": form,
        "formset": formset,
        "post_url": request.path,
        "suggested": plan is None and formset is not None and bool(formset.initial),
        "may_decide": can(request.user, DECIDE, system),
        "month": now.strftime("%Y-%m"),
    }
    if plan is None:
        return context
    values = chart_values(plan, now)
    context["charts"] = [
        {
            "metric": m,
            "count": len(values.get((m.metric, m.group), [])),
            "svg": metric_chart_svg(
                values.get((m.metric, m.group), []),
                threshold=m.threshold,
                direction=m.direction,
                label=str(m),
                zone=user_zone(request.user),
            ),
        }
        for m in plan.metrics.all()
    ]
    context["episodes"] = [
        {"episode": e, "form": DismissForm(auto_id=f"dismiss-{e.pk}-%s")} for e in episodes_of(plan)
    ]
    context["silence"] = silence_of(plan, now)
    return context


@require_POST
def episode_incident(request, system_id: str, episode_id: int):
    system = _system(request, system_id)
    require_can(request, DECIDE, system)
    episode = episode_get_for(request.user, system, episode_id)
    form = forms.Form({})  # no field: it carries the service's refusal
    form.is_valid()
    saved = service_call(form, lambda: episode_incident_open(actor=request.user, episode=episode))
    if saved:
        message = f"{saved.result.incident_id} opened for {episode.plan_metric}."
        return form_saved(
            request,
            url=reverse("incidents:detail", args=[saved.result.incident_id]),
            message=message,
        )
    return _decide_refused(request, system, form)


@require_POST
def episode_dismiss_view(request, system_id: str, episode_id: int):
    system = _system(request, system_id)
    require_can(request, DECIDE, system)
    episode = episode_get_for(request.user, system, episode_id)
    form = DismissForm(request.POST)
    if form_submit(
        form, lambda d: episode_dismiss(actor=request.user, episode=episode, reason=d["reason"])
    ):
        return form_saved(request, url=detail_url(system, "episodes"), message="Breach dismissed.")
    return _decide_refused(request, system, form)


def _decide_refused(request, system, form):
    context = {"dismiss_form": form, "system": system, "post_url": request.path}
    crumbs = [(system.system_id, detail_url(system, "episodes"))]
    return form_refused(
        request,
        partial="assurance/_monitoring_dismiss_form.html",
        context=context,
        title="The breach could not be decided",
        crumbs=crumbs,
    )


@require_GET
def monitoring_report(request, system_id: str, month: str):
    system = _system(request, system_id)
    try:
        first = date.fromisoformat(f"{month}-01")
    except ValueError:
        raise Http404("No such month.") from None
    plan = plan_of(system)
    if plan is None:
        return redirect(detail_url(system))
    report = monthly_report(plan, first, user_zone(request.user))
    return render(
        request,
        "assurance/monitoring_report.html",
        {"system": system, "plan": plan, "report": report},
    )


@require_GET
def system_monitoring_panel(request, system_id: str):
    """The monitoring panel on the registry's system page (core.panels): the plan's
    state in a line, or that a high-risk system in production still needs one; a page of
    its own without JavaScript."""
    system = _system(request, system_id)
    plan = plan_of(system)
    panel = bool(request.htmx)
    context = {
        "system": system,
        "plan": plan,
        "silence": silence_of(plan, timezone.now()) if plan else None,
        "open_breaches": open_breaches_of(plan) if plan else 0,
        "panel": panel,
        "base_template": "assurance/_panel_base.html" if panel else "base.html",
    }
    return render(request, "assurance/_panel_monitoring.html", context)
