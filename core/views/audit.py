"""The audit trail: browse, filter, export as CSV, verify the hash chain."""

from __future__ import annotations

import csv
import json
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from core.audit import ChainReport, audit_verify
from core.forms import AuditFilterForm
from core.models import AuditEvent
from core.selectors import AUDIT_SORTS, audit_events_for, audit_object_types
from core.services import audit_export_record
from core.views.common import require_can, viewer_time_zone

PAGE_SIZE = 50
LIST_FIELDS = (
    "seq",
    "at",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
    "request_id",
)
SUMMARY_LENGTH = 160
CSV_COLUMNS = [
    "seq",
    "at_local",
    "at_utc",
    "actor",
    "action",
    "object_type",
    "object_id",
    "object",
    "changes",
    "request_id",
    "prev_hash",
    "hash",
]


def changes_summary(changes) -> str:
    """One line for the table: `field: old → new` for diffs, `key: value` otherwise."""
    if not changes:
        return ""
    if not isinstance(changes, dict):
        return _shorten(json.dumps(changes, default=str))
    parts = []
    for key, value in changes.items():
        if isinstance(value, list) and len(value) == 2:
            parts.append(f"{key}: {_plain(value[0])} → {_plain(value[1])}")
        else:
            parts.append(f"{key}: {_plain(value)}")
    return _shorten("; ".join(parts))


def _plain(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, (dict, list)):
        return json.dumps(value, default=str, ensure_ascii=False)
    return str(value)


def _shorten(text: str) -> str:
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "…"


def _filtered(request):
    """The filter form, the filters (None when a field is invalid) and the sort."""
    form = AuditFilterForm(request.GET)
    filters = form.filters(viewer_time_zone(request.user)) if form.is_valid() else None
    sort = request.GET.get("sort", "-seq")
    sort = sort if sort in AUDIT_SORTS else "-seq"
    return form, filters, sort


def _invalid_filters(request, form, sort):
    """400: the page with the fields' errors and no rows, never the unfiltered trail."""
    context = {"form": form, "page_obj": None, "rows": [], "sort": sort, "invalid": True}
    context["object_types"] = audit_object_types()
    return render(request, "core/audit_list.html", context, status=400)


@require_GET
def audit_list(request):
    require_can(request, "core.audit.view")
    form, filters, sort = _filtered(request)
    if filters is None:
        return _invalid_filters(request, form, sort)
    events = audit_events_for(request.user, filters, sort).only(*LIST_FIELDS)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(event, changes_summary(event.changes)) for event in page.object_list]
    context = {
        "form": form,
        "page_obj": page,
        "rows": rows,
        "sort": sort,
        "object_types": audit_object_types(),
        "filtered": bool(filters.as_dict()),
    }
    return render(request, "core/audit_list.html", context)


class _Echo:
    """A file-like object whose write() hands the line back, for streaming CSV."""

    def write(self, value: str) -> str:
        return value


def _csv_safe(value: str) -> str:
    # A cell starting with = + - @ would be run as a formula by spreadsheet programs.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _csv_row(event: AuditEvent, zone: ZoneInfo) -> list[str]:
    values = [
        str(event.seq),
        event.at.astimezone(zone).isoformat(),
        event.at.astimezone(ZoneInfo("UTC")).isoformat(),
        event.actor_label or "system",
        event.action,
        event.object_type,
        event.object_id,
        event.object_repr,
        json.dumps(event.changes, sort_keys=True, default=str, ensure_ascii=False),
        event.request_id,
        event.prev_hash,
        event.hash,
    ]
    return [_csv_safe(value) for value in values]


@require_GET
def audit_export(request):
    """The filtered events as CSV, oldest first; the export itself becomes an event."""
    require_can(request, "core.audit.view")
    form, filters, sort = _filtered(request)
    if filters is None:
        return _invalid_filters(request, form, sort)
    upper = AuditEvent.objects.aggregate(top=Max("seq"))["top"] or 0
    events = audit_events_for(request.user, filters, "seq").filter(seq__lte=upper)
    audit_export_record(
        actor=request.user, filters=filters.as_dict(), up_to_seq=upper, rows=events.count()
    )
    zone = ZoneInfo(viewer_time_zone(request.user))
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(CSV_COLUMNS)
        for event in events.iterator(chunk_size=2000):
            yield writer.writerow(_csv_row(event, zone))

    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.csv"'
    return response


def chain_report_text(report: ChainReport) -> str:
    if report.ok:
        return f"{report.checked} events verified, chain intact"
    return f"Chain broken at #{report.first_broken_seq}: {report.problem}"


@require_POST
def audit_verify_view(request):
    """Walk the whole chain now and say whether it holds."""
    require_can(request, "core.audit.view")
    report = audit_verify()
    text = chain_report_text(report)
    if request.htmx:
        return render(request, "core/_chain_report.html", {"report": report, "text": text})
    (messages.success if report.ok else messages.error)(request, text)
    return redirect("core:audit_list")
