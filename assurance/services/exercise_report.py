"""A red-team exercise's report as a PDF/A-3b document (issue 20, DOMAIN.md 9), through
core.pdf: evidence for the pre-deployment gate's "Red team report", NIST AI RMF MEASURE
2.5 and 2.7 and EU AI Act Art. 15.

It says what was tested and how (scope, threat model, methods, the stack), and per
attack category the attack success rate and the false refusal rate, each with its
sample size and 95% Wilson interval, the findings against the threshold version that
judged the exercise, and the risks the results created or updated. It carries the
results' canonical JSON as an attachment (its SHA-256 is what the gate binds to). It is
produced under the organisation's legal name (refused, naming it, while the profile
lacks it), times in the reader's zone. Rendered on request, as a model card's PDF is:
a few pages, well under a second. A download by a person is audited.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assurance import choices as c
from assurance.models import Exercise, ThresholdSet
from assurance.rules.rates import percent
from assurance.rules.thresholds import FRR_TRADE_OFF_WARNING
from assurance.selectors.artifacts import results_json, results_sha256
from assurance.selectors.trend import (
    exercise_rates,
    limits_of,
    overall,
    rate_view,
    strictest_tier,
)
from core.audit import audit_record
from core.pdf import render_pdf
from core.rules import organisation_missing
from core.selectors import organisation_profile_get

TEMPLATE = "assurance/report_pdf.html"
ACTION_LABELS = {"red_team_exercise.report_downloaded": "Downloaded a red-team exercise report"}


def exercise_report_name(exercise: Exercise) -> str:
    return f"{exercise.exercise_id}-red-team-report.pdf"


def exercise_report_context(exercise: Exercise) -> dict:
    """What the report shows (five queries: systems, results with their risks, imports,
    the newest thresholds, the threshold version)."""
    systems = list(exercise.systems.order_by("system_id"))
    results = list(exercise.results.select_related("risk").order_by("category"))
    latest = ThresholdSet.objects.order_by("-version").first()
    judged_by = exercise.thresholds or latest
    tier = strictest_tier(systems)
    limits = limits_of(exercise, latest)
    rows = exercise_rates(exercise, results, tier=tier, limits=limits)
    asr, frr = overall(results)
    risks = {r.risk.risk_id: r.risk for r in results if r.risk_id}
    row = limits.get(tier) or limits.get("high") or {}
    return {
        "exercise": exercise,
        "systems": systems,
        "methods": [c.Method(m).label for m in exercise.methods if m in c.Method.values],
        "stack": [c.StackPart(p).label for p in exercise.stack_tested if p in c.StackPart.values],
        "rows": rows,
        "overall_asr": rate_view(asr),
        "overall_frr": rate_view(frr),
        "refuses_too_much": frr.value is not None and frr.value >= FRR_TRADE_OFF_WARNING,
        "tier": tier,
        "limit_texts": {key: percent(value) for key, value in row.items()},
        "thresholds_version": judged_by.version if judged_by else None,
        "findings": [row for row in rows if row.findings],
        "risks": [risks[key] for key in sorted(risks)],
        "imports": list(exercise.imports.select_related("file").order_by("imported_at")),
        "results_sha256": results_sha256(exercise, results),
        "results_json": results_json(exercise, results),
    }


@transaction.atomic
def exercise_report_pdf(*, exercise: Exercise, zone: str, actor=None) -> bytes:
    """The report as PDF/A-3b, times in `zone` (the reader's). The caller has checked
    that the reader may see the exercise; `actor`, when given, is audited as
    downloading it."""
    organisation = organisation_profile_get()
    missing = organisation_missing(organisation, ["legal_name"])
    if missing:
        raise ValidationError(
            {
                "organisation": "The organisation profile lacks what this document needs: "
                f"{', '.join(missing)}. An administrator fills it in on the organisation page."
            }
        )
    context = exercise_report_context(exercise)
    context.update(organisation=organisation, zone=zone)
    with timezone.override(ZoneInfo(zone)):
        pdf = render_pdf(
            TEMPLATE,
            context,
            variant="pdf/a-3b",
            attachments=[("results.json", context["results_json"].encode("utf-8"))],
        )
    if actor is not None:
        audit_record(
            actor=actor,
            action="red_team_exercise.report_downloaded",
            obj=exercise,
            changes={"format": "pdf", "results_sha256": context["results_sha256"]},
        )
    return pdf
