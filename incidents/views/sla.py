"""The SLA policy page: the table in force for everyone who reads incidents; a new
version for administrators. Clocks already running keep their due times."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.forms import form_submit
from core.permissions import can
from core.selectors import organisation_profile_get
from core.views.common import require_can
from core.views.responder import form_saved
from incidents.choices import ClockKind
from incidents.forms.sla import SlaPolicyForm
from incidents.rules import SLA_KINDS
from incidents.selectors import sla_policy_current
from incidents.services.sla_policy import sla_policy_change


@require_http_methods(["GET", "POST"])
def sla_policy(request):
    require_can(request, "incidents.sla.view")
    policy = sla_policy_current()
    posted = request.method == "POST"
    if posted:
        require_can(request, "incidents.sla.change")
    form = SlaPolicyForm(request.POST if posted else None, policy=policy)
    publish = lambda _data: sla_policy_change(actor=request.user, **form.service_data())  # noqa: E731
    if posted and form_submit(form, publish):
        message = "A new version of the SLA policy is in force."
        return form_saved(request, url=reverse("incidents:sla"), message=message)
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
