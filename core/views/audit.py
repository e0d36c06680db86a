"""The audit trail: browse, filter, export as CSV, verify the hash chain."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Max
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from core.audit import (
    ChainReport,
    audit_checkpoint_verified,
    audit_verification_record,
    audit_verify,
    chain_walk_words,
)
from core.dates import user_zone
from core.lists import csv_export
from core.lists.views import render_list
from core.models import AuditEvent
from core.selectors import audit_list_for
from core.services import audit_export_record
from core.views.common import require_can, viewer_time_zone


def _trail(request):
    return audit_list_for(request.user, request.GET, time_zone=viewer_time_zone(request.user))


@require_GET
def audit_list(request):
    require_can(request, "core.audit.view")
    return render_list(request, _trail(request), "core/audit_list.html")


@require_GET
def audit_export(request):
    """The filtered events as CSV, in the page's order; the export itself becomes an event."""
    require_can(request, "core.audit.view")
    query = _trail(request)
    if not query.valid:
        return csv_export(query, actor=request.user)  # a 400 naming the parameters
    # Up to the last event now: the export's own event, and later ones, stay out of it.
    upper = AuditEvent.objects.aggregate(top=Max("seq"))["top"] or 0
    rows = query.rows("exported").filter(seq__lte=upper)

    def record(count: int) -> None:
        audit_export_record(actor=request.user, filters=query.applied, up_to_seq=upper, rows=count)

    return csv_export(query, actor=request.user, rows=rows, record=record)


def chain_report_text(report: ChainReport, time_zone=None) -> str:
    """The walk's outcome, naming the part of the chain it covered."""
    walked = chain_walk_words(report, time_zone)
    if report.ok:
        events = "event" if report.checked == 1 else "events"
        return f"{report.checked} {events} verified {walked}, chain intact"
    return f"Chain broken at #{report.first_broken_seq}: {report.problem} (walked {walked})"


@require_POST
def audit_verify_view(request):
    """Walk the chain from the latest verified checkpoint (event #1 when there is none)
    and say whether it holds: the page answers at any size of the chain; the full walk
    from event #1 is `manage.py audit_verify`. A person asked: the trail records it."""
    require_can(request, "core.audit.view")
    report = audit_verify(from_checkpoint=True)
    audit_checkpoint_verified(report=report, label="audit trail page")
    audit_verification_record(actor=request.user, report=report)
    text = chain_report_text(report, user_zone(request.user))
    if request.htmx:
        return render(request, "core/_chain_report.html", {"report": report, "text": text})
    (messages.success if report.ok else messages.error)(request, text)
    return redirect("core:audit_list")
