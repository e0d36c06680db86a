"""Forms of the incident pages: they parse what a person typed (times in the viewer's
time zone, which the middleware activates); the services decide and say why not, by
field name."""

from __future__ import annotations

from django import forms

from core.forms import OneOfSeveral
from incidents import choices as c
from incidents.rules import AWARENESS_FIELDS, FACT_FIELDS
from registry.models import LONG_TEXT, AISystem

LOCAL_TIME = "%Y-%m-%dT%H:%M"
AWARE_HELP = (
    "In your time zone. Blank: now, when the fact is first recorded. Its regulatory clock "
    "runs from this moment; an earlier one needs the reason below."
)


def local_time_field(label: str, help_text: str = "", **kw) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        **kw,
        help_text=help_text or "In your time zone (set on your profile).",
        input_formats=[LOCAL_TIME, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_TIME),
    )


def long_text(label: str, *, required: bool = True, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class FactsFields(OneOfSeveral, forms.Form):
    ids = "facts"  # each form of the incident page has its own ids (core.forms.OneOfSeveral)
    affected_people_estimate = forms.IntegerField(
        label="People affected (estimate)", min_value=0, initial=0
    )
    eu_residents_affected = forms.BooleanField(label="EU residents are affected", required=False)
    personal_data_exposed = forms.BooleanField(
        label="Personal data was affected (destroyed, lost, altered, disclosed or accessed)",
        required=False,
    )
    breach_nature = forms.MultipleChoiceField(
        label="What happened to the personal data (GDPR Art. 4(12))",
        choices=c.BreachNature.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    personal_data_aware_at = local_time_field(
        "Aware that personal data was affected", AWARE_HELP, required=False
    )
    death = forms.BooleanField(label="A person died", required=False)
    critical_infrastructure_disruption = forms.BooleanField(
        label="Serious and irreversible disruption of critical infrastructure", required=False
    )
    widespread_infringement = forms.BooleanField(label="Widespread infringement", required=False)
    other_serious_harm = forms.BooleanField(
        label="Other serious harm (health, property, environment, fundamental rights)",
        required=False,
    )
    serious_incident_aware_at = local_time_field(
        "Aware that the incident is serious", AWARE_HELP, required=False
    )
    awareness_reason = forms.CharField(
        label="Why a moment of awareness is earlier than now", max_length=2000, required=False
    )


def fact_values(data: dict) -> dict:
    """The facts of a valid FactsFields form, from its cleaned data."""
    return {name: data[name] for name in FACT_FIELDS}


def awareness_values(data: dict) -> dict:
    """The moments of awareness given (blank ones left out: now, or unchanged)."""
    return {name: data[name] for name in AWARENESS_FIELDS if data.get(name)}


# The report page's sections: legend, a line of help, the fields.
REPORT_SECTIONS = (
    (
        "What happened",
        "",
        ("system", "type", "severity", "discovered_at", "title", "description"),
    ),
    (
        "Who and what is affected",
        "",
        (
            "affected_people_estimate",
            "eu_residents_affected",
            "personal_data_exposed",
            "breach_nature",
            "personal_data_aware_at",
        ),
    ),
    (
        "Serious-incident facts (EU AI Act)",
        "",
        (
            "death",
            "critical_infrastructure_disruption",
            "widespread_infringement",
            "other_serious_harm",
            "serious_incident_aware_at",
        ),
    ),
    (
        "When the organisation learned these facts",
        "The GDPR and Art. 73 clocks run from the moments above; left blank, from now. A "
        "moment earlier than now says why.",
        ("awareness_reason",),
    ),
)


class ReportForm(FactsFields):
    ids = ""  # alone on the report page
    system = forms.ModelChoiceField(
        label="AI system", queryset=AISystem.objects.none(), to_field_name="system_id"
    )
    type = forms.ChoiceField(label="Type", choices=c.IncidentType.choices)
    severity = forms.ChoiceField(label="Severity", choices=c.Severity.choices)
    discovered_at = local_time_field("Discovered at", "When you became aware, in your time zone.")
    title = forms.CharField(label="Title", max_length=200, required=False)
    description = long_text("What happened")
    field_order = ["system", "type", "severity", "discovered_at", "title", "description"]

    def __init__(self, *args, systems=None, **kwargs):
        super().__init__(*args, **kwargs)
        if systems is not None:
            self.fields["system"].queryset = systems
        self.fields["system"].label_from_instance = lambda s: f"{s.system_id} {s.name}"

    def sections(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """Each section's legend, help and fields, for the page's fieldsets."""
        return [(legend, note, [self[n] for n in names]) for legend, note, names in REPORT_SECTIONS]


class GdprNoRiskForm(OneOfSeveral, forms.Form):
    ids = "no-risk"
    reasons = long_text("Why the breach is unlikely to result in a risk to people", rows=3)


class NoteForm(OneOfSeveral, forms.Form):
    ids = "note"
    text = long_text("Note", rows=3)


class StepForm(OneOfSeveral, forms.Form):
    ids = "step"
    note = forms.CharField(label="Note", max_length=2000, required=False)


class SeverityForm(OneOfSeveral, forms.Form):
    ids = "severity"
    severity = forms.ChoiceField(label="New severity", choices=c.Severity.choices)
    reason = forms.CharField(
        label="Reason", max_length=2000, required=False, help_text="Needed to lower it."
    )


class AwarenessForm(OneOfSeveral, forms.Form):
    ids = "awareness"
    discovered_at = local_time_field("Corrected discovery time")
    reason = forms.CharField(label="Reason for the correction", max_length=2000)


class DraftForm(OneOfSeveral, forms.Form):
    ids = "draft"
    audience = forms.ChoiceField(label="Audience", choices=c.Audience.choices)
    phase = forms.ChoiceField(label="Phase", choices=c.NotificationPhase.choices)
    regime = forms.ChoiceField(
        label="Regulatory report",
        required=False,
        choices=[
            ("", "Not a regulator's report"),
            ("gdpr_72h", "GDPR Art. 33"),
            ("ai_act_art73", "EU AI Act Art. 73"),
        ],
    )


class NotificationEditForm(forms.Form):
    recipient = forms.CharField(label="Recipient", max_length=300, required=False)
    subject = forms.CharField(label="Subject", max_length=300)
    body = long_text("Text", rows=14)


class MarkSentForm(forms.Form):
    sent_at = local_time_field("Sent at")
    reference = forms.CharField(
        label="Reference",
        max_length=200,
        required=False,
        help_text="The authority's or the submission's reference (required for a regulator).",
    )
    delay_reasons = long_text("Reasons for the delay", required=False, rows=3)


class ReviewForm(OneOfSeveral, forms.Form):
    ids = "review"
    root_cause = long_text("Root cause")
    test_cases = long_text("Test cases that would have caught it")
    control_changes = long_text("Control or policy changes")
    risk_id = forms.CharField(
        label="Risk register entry",
        max_length=20,
        required=False,
        help_text="The entry created or updated, e.g. RISK-001.",
    )
    model_card_change_needed = forms.BooleanField(
        label="The model card must change", required=False
    )


class AssessmentForm(OneOfSeveral, forms.Form):
    ids = "assessment"
    note = long_text("What the assessment found (to whom it must be reported, or why not)", rows=3)


class LeadForm(OneOfSeveral, forms.Form):
    ids = "lead"
    lead = forms.ModelChoiceField(label="Incident lead", queryset=None)

    def __init__(self, *args, **kwargs):
        from core.selectors import users_with_role

        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = users_with_role(LEAD_ROLES).order_by("full_name", "email")
        self.fields["lead"].label_from_instance = lambda u: u.display_name


# Who may lead (incidents.services.work's may_lead; the system's incident contact too,
# who is named there by e-mail and may hold none of these roles).
LEAD_ROLES = ("responder", "ciso", "ai_safety", "eng_manager")
