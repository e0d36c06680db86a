"""The system list as CSV, with the same filters and sorting as the page."""

from __future__ import annotations

import csv

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.services import list_export_record
from core.views.common import require_can
from registry.filters import SystemFilter
from registry.selectors import system_filter_errors, system_list_for

CSV_COLUMNS = (
    "system_id",
    "name",
    "owner_team",
    "lifecycle_stage",
    "risk_tier",
    "risk_score",
    "ai_act_category",
    "ai_act_annex_area",
    "regulatory_scope",
    "processes_eu_personal_data",
    "legal_effect_decisions",
    "reclassification_needed",
    "reclassification_reasons",
    "model_version",
    "vendor",
    "deployment_date",
    "gate_status",
    "incident_contact",
    "controls_required",
    "controls_implemented",
    "updated_at",
)


class _Echo:
    """A file-like object whose write() hands the line back, for streaming CSV."""

    def write(self, value: str) -> str:
        return value


def csv_safe(value) -> str:
    """Text for a cell; a leading = + - @ would run as a formula in a spreadsheet."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_row(system) -> list[str]:
    values = [
        system.system_id,
        system.name,
        system.owner_team.name,
        system.lifecycle_stage,
        system.risk_tier or "unclassified",
        system.risk_score,
        system.ai_act_category,
        system.ai_act_annex_area,
        ";".join(system.regulatory_scope),
        "yes" if system.processes_eu_personal_data else "no",
        "yes" if system.legal_effect_decisions else "no",
        "yes" if system.reclassification_needed else "no",
        "; ".join(system.reclassification_reasons),
        system.model_version,
        system.vendor.name if system.vendor_id else "",
        system.deployment_date.isoformat() if system.deployment_date else "",
        system.gate_status,
        system.incident_contact,
        system.controls_required,
        system.controls_implemented,
        system.updated_at.isoformat(),
    ]
    return [csv_safe(value) for value in values]


@require_GET
def system_export(request):
    require_can(request, "registry.system.export")
    errors = system_filter_errors(request.GET)
    if errors:
        text = "\n".join(f"{name}: {' '.join(msgs)}" for name, msgs in errors.items())
        return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")
    systems = system_list_for(request.user, params=request.GET)
    list_export_record(
        actor=request.user,
        object_type="registry.aisystem",
        # Only what the list understood: nothing else goes into the hash chain.
        filters={
            name: request.GET[name] for name in SystemFilter.base_filters if request.GET.get(name)
        },
        rows=systems.count(),
    )
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(CSV_COLUMNS)
        for system in systems.iterator(chunk_size=2000):
            yield writer.writerow(csv_row(system))

    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ai-systems-{stamp}.csv"'
    return response
