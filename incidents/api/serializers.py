"""Thin serializers of the incidents API: they parse input and shape output; the rules
(a discovery in the future, a lowered severity without a reason) are the services'."""

from __future__ import annotations

from rest_framework import serializers

from core.api.serializers import StrictInput
from incidents import choices as c
from registry.models import LONG_TEXT

FACT_HELP = "A fact of the EU AI Act's serious incident (Art. 3(49), Art. 73)."
PERSONAL_AWARE_HELP = (
    "When the organisation learned that personal data was affected (ISO 8601): the GDPR "
    "72-hour clock runs from it. Defaults to now when personal data is first recorded as "
    "affected; earlier than now needs `reason`; never in the future or before discovery."
)
SERIOUS_AWARE_HELP = (
    "When the organisation learned that the incident is serious (ISO 8601): the EU AI Act "
    "Art. 73 clock runs from it. Defaults to now when a serious-incident fact is first "
    "set; earlier than now needs `reason`; never in the future or before discovery."
)
NO_RISK_AT_HELP = "When the DPO decided the breach is unlikely to result in a risk to people."
REASON_HELP = (
    "Why: needed to lower the severity, to correct `discovered_at`, and for an awareness "
    "moment earlier than now."
)


def _breach_nature(required: bool = False) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=c.BreachNature.choices),
        required=required,
        allow_empty=True,
        max_length=len(c.BreachNature.choices),
        help_text="GDPR Art. 4(12): what happened to the personal data.",
    )


def _moment(help_text: str) -> serializers.DateTimeField:
    return serializers.DateTimeField(required=False, help_text=help_text)


def _flag(help_text: str = "") -> serializers.BooleanField:
    return serializers.BooleanField(required=False, default=False, help_text=help_text)


class ClockSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=c.ClockKind.choices)
    due_at = serializers.DateTimeField(help_text="ISO 8601, UTC.")
    met_at = serializers.DateTimeField(allow_null=True)
    breached = serializers.BooleanField(help_text="Past due (met late, or still running).")


class IncidentSerializer(serializers.Serializer):
    """An incident as the API shows it (the list's API columns, incidents/lists/incident.py)."""

    incident_id = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    system = serializers.CharField(read_only=True, help_text="System ID, e.g. SYS-001.")
    type = serializers.ChoiceField(choices=c.IncidentType.choices, read_only=True)
    severity = serializers.ChoiceField(choices=c.Severity.choices, read_only=True)
    status = serializers.ChoiceField(choices=c.IncidentStatus.choices, read_only=True)
    discovered_at = serializers.DateTimeField(read_only=True)
    next_due_at = serializers.DateTimeField(read_only=True, allow_null=True)
    description = serializers.CharField(read_only=True)
    affected_people_estimate = serializers.IntegerField(read_only=True)
    eu_residents_affected = serializers.BooleanField(read_only=True)
    personal_data_exposed = serializers.BooleanField(read_only=True)
    death = serializers.BooleanField(read_only=True)
    critical_infrastructure_disruption = serializers.BooleanField(read_only=True)
    widespread_infringement = serializers.BooleanField(read_only=True)
    other_serious_harm = serializers.BooleanField(read_only=True)
    breach_nature = serializers.ListField(
        child=serializers.ChoiceField(choices=c.BreachNature.choices), read_only=True
    )
    personal_data_aware_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=PERSONAL_AWARE_HELP
    )
    personal_data_aware_by = serializers.EmailField(read_only=True, allow_null=True)
    serious_incident_aware_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=SERIOUS_AWARE_HELP
    )
    serious_incident_aware_by = serializers.EmailField(read_only=True, allow_null=True)
    gdpr_no_risk_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=NO_RISK_AT_HELP
    )
    gdpr_no_risk_reasons = serializers.CharField(read_only=True)
    lead = serializers.EmailField(read_only=True, allow_null=True)
    reported_at = serializers.DateTimeField(read_only=True)
    clocks = ClockSerializer(many=True, read_only=True)


class IncidentReportSerializer(StrictInput, serializers.Serializer):
    """A report: `system` is the system ID; `title` defaults from type and system."""

    system = serializers.CharField(max_length=20, help_text="System ID, e.g. SYS-001.")
    type = serializers.ChoiceField(choices=c.IncidentType.choices)
    severity = serializers.ChoiceField(choices=c.Severity.choices)
    discovered_at = serializers.DateTimeField(help_text="When you became aware (ISO 8601).")
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(max_length=LONG_TEXT)
    affected_people_estimate = serializers.IntegerField(
        min_value=0, max_value=2**31 - 1, required=False, default=0
    )
    eu_residents_affected = _flag()
    personal_data_exposed = _flag()
    death = _flag(FACT_HELP)
    critical_infrastructure_disruption = _flag(FACT_HELP)
    widespread_infringement = _flag(FACT_HELP)
    other_serious_harm = _flag(FACT_HELP)
    breach_nature = _breach_nature()
    personal_data_aware_at = _moment(PERSONAL_AWARE_HELP)
    serious_incident_aware_at = _moment(SERIOUS_AWARE_HELP)
    reason = serializers.CharField(
        max_length=LONG_TEXT, required=False, allow_blank=True, help_text=REASON_HELP
    )


class IncidentUpdateSerializer(StrictInput, serializers.Serializer):
    """A change: facts; `severity` (lowering it needs `reason`); `discovered_at` (a
    correction, with `reason`). Only the fields given change."""

    severity = serializers.ChoiceField(choices=c.Severity.choices, required=False)
    discovered_at = serializers.DateTimeField(required=False)
    reason = serializers.CharField(
        max_length=LONG_TEXT, required=False, allow_blank=True, help_text=REASON_HELP
    )
    personal_data_aware_at = _moment(PERSONAL_AWARE_HELP)
    serious_incident_aware_at = _moment(SERIOUS_AWARE_HELP)
    breach_nature = _breach_nature()
    affected_people_estimate = serializers.IntegerField(
        min_value=0, max_value=2**31 - 1, required=False
    )
    eu_residents_affected = serializers.BooleanField(required=False)
    personal_data_exposed = serializers.BooleanField(required=False)
    death = serializers.BooleanField(required=False)
    critical_infrastructure_disruption = serializers.BooleanField(required=False)
    widespread_infringement = serializers.BooleanField(required=False)
    other_serious_harm = serializers.BooleanField(required=False)


class GdprNoRiskSerializer(StrictInput, serializers.Serializer):
    """The DPO's decision that a breach is unlikely to result in a risk to people."""

    reasons = serializers.CharField(max_length=LONG_TEXT, allow_blank=True)


class StepSerializer(StrictInput, serializers.Serializer):
    note = serializers.CharField(max_length=LONG_TEXT, required=False, allow_blank=True)


class BreachSerializer(serializers.Serializer):
    """A personal-data breach as the breach register shows it (GDPR Art. 33(5); the
    register's API columns, incidents/lists/breach.py)."""

    incident_id = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    system = serializers.CharField(read_only=True, help_text="System ID, e.g. SYS-001.")
    discovered_at = serializers.DateTimeField(read_only=True)
    personal_data_aware_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When the organisation became aware of it."
    )
    breach_nature = serializers.ListField(
        child=serializers.ChoiceField(choices=c.BreachNature.choices), read_only=True
    )
    eu_residents_affected = serializers.BooleanField(read_only=True)
    affected_people_estimate = serializers.IntegerField(read_only=True)
    affected_records_estimate = serializers.IntegerField(read_only=True, allow_null=True)
    data_subject_categories = serializers.CharField(read_only=True)
    personal_data_categories = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True, help_text="The facts.")
    likely_consequences = serializers.CharField(read_only=True, help_text="Its effects.")
    measures_taken = serializers.CharField(read_only=True, help_text="The remedial action.")
    status = serializers.ChoiceField(choices=c.IncidentStatus.choices, read_only=True)
    notification = serializers.CharField(
        read_only=True,
        help_text="Notified to the supervisory authority or not, and when, or why not, in "
        "words (times in UTC).",
    )
    notified_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When the GDPR report was first sent."
    )
    gdpr_no_risk_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=NO_RISK_AT_HELP
    )
    gdpr_no_risk_reasons = serializers.CharField(read_only=True)
