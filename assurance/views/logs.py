"""The log digest pages (issue 20 section 3): the overview of the systems expecting
daily digests, one system's digests with their place in the audit chain, and the upload
page that checks a batch file against its recorded digest (as verify_log_batch does)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from assurance.forms.logs import BatchVerifyForm
from assurance.selectors.logs import WINDOW_DAYS, digest_overview, system_digests
from assurance.services.log_digests import log_batch_verify
from core.permissions import can
from core.views.common import require_can
from registry.selectors.systems import system_get_for

VIEW = "assurance.view"


@require_GET
def digest_list(request):
    """Every system expecting digests: last one, missing days, retention."""
    require_can(request, VIEW)
    rows = digest_overview(now=timezone.now())
    return render(request, "assurance/log_list.html", {"rows": rows, "window": WINDOW_DAYS})


@require_GET
def digest_system(request, system_id: str):
    """One system's digests, corrections, missing days and retention."""
    require_can(request, VIEW)
    system = system_get_for(request.user, system_id=system_id)
    context = {
        "shown": system_digests(system, now=timezone.now()),
        "window": WINDOW_DAYS,
        "may_issue": can(request.user, "assurance.token.issue", system),
    }
    return render(request, "assurance/log_system.html", context)


@require_http_methods(["GET", "POST"])
def digest_verify(request, system_id: str):
    """Upload a batch file: does it match the digest recorded for its day?"""
    require_can(request, "assurance.digest.verify")
    system = system_get_for(request.user, system_id=system_id)
    form = BatchVerifyForm(request.POST or None, request.FILES or None)
    check = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data["batch"].read()
            check = log_batch_verify(
                actor=request.user, system=system, day=form.cleaned_data["date"], data=data
            )
        else:
            status = 400
    context = {"system": system, "form": form, "check": check}
    return render(request, "assurance/log_verify.html", context, status=status)
