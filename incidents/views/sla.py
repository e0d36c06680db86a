"""The SLA policy page: the table in force for everyone who reads incidents; a new
version for administrators. Clocks already running keep their due times."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.permissions import can
from core.selectors import organisation_profile_get
from core.views.common import require_can
from incidents.choices import ClockKind
from incidents.forms.sla import SlaPolicyForm
from incidents.rules import SLA_KINDS
from incidents.selectors import sla_policy_current
from incidents.services.sla_policy import sla_policy_change
from incidents.views.common import run_service


@require_http_methods(["GET", "POST"])
def sla_policy(request):
    require_can(request, "incidents.sla.view")
    policy = sla_policy_current()
    posted = request.method == "POST"
    if posted:
        require_can(request, "incidents.sla.change")
    form = SlaPolicyForm(request.POST if posted else None, policy=policy)
    publish = lambda: sla_policy_change(actor=request.user, **form.service_data())  # noqa: E731
    if posted and form.is_valid() and run_service(form, publish):
        messages.success(request, "A new version of the SLA policy is in force.")
        return redirect("incidents:sla")
    context = {
        "policy": policy,
        "organisation": organisation_profile_get(),
        "form": form,
        "may_change": can(request.user, "incidents.sla.change"),
        "clock_labels": [ClockKind(k).label for k in SLA_KINDS],
        "table": [
            (severity, [row.get(k) for k in SLA_KINDS]) for severity, row in policy.minutes.items()
        ],
    }
    return render(request, "incidents/sla.html", context, status=400 if posted else 200)
