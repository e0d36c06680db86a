"""One system's coverage as OSCAL assessment results: the coverage reader's rows
(compliance.selectors.coverage, the same the page and the API show) handed to the pure
writer in compliance.exchange.oscal_results."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from compliance.exchange.oscal_results import ResultsInput, assessment_results, results_json
from compliance.selectors.coverage import coverage_for, systems_with_facts
from core.selectors import organisation_profile_get
from registry.models import AISystem


def system_oscal_json(system: AISystem, *, now: datetime, base_url: str) -> str:
    """The system's OSCAL assessment results as JSON, as of `now`."""
    systems = list(systems_with_facts(AISystem.objects.filter(pk=system.pk)))
    coverage = coverage_for(systems, timezone.localdate(now))[system.pk]
    organisation = organisation_profile_get().legal_name or "The organisation"
    data = ResultsInput(
        system_id=system.system_id,
        system_name=system.name,
        organisation=organisation,
        coverage=coverage,
        now=now,
        base_url=base_url.rstrip("/"),
    )
    return results_json(assessment_results(data))
