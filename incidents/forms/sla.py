"""The SLA policy form: minutes per severity and clock (DOMAIN.md 6's table), which
severities count in business days (in the organisation profile's calendar), and when
warnings go out."""

from __future__ import annotations

from django import forms

from incidents.choices import ClockKind, Severity
from incidents.rules import SLA_KINDS


def minutes_name(severity: str, kind: str) -> str:
    return f"m_{severity}_{kind}"


class SlaPolicyForm(forms.Form):
    business_day_severities = forms.CharField(
        label="Counted in business days",
        required=False,
        max_length=300,
        help_text="Severities, or severity.clock, separated by commas, e.g. "
        "low, medium.regulatory_assessment.",
    )
    warn_fractions = forms.CharField(
        label="Warn when these shares of a window have passed",
        max_length=100,
        help_text="Between 0 and 1, separated by commas, e.g. 0.5, 0.75.",
    )
    gdpr_warn_hours = forms.IntegerField(label="GDPR: warn this many hours before", min_value=1)

    def __init__(self, *args, policy=None, **kwargs):
        super().__init__(*args, **kwargs)
        for severity in Severity:
            for kind in SLA_KINDS:
                self.fields[minutes_name(severity, kind)] = forms.IntegerField(
                    label=f"{severity.label}: {ClockKind(kind).label.lower()} (minutes)",
                    required=False,
                    min_value=0,
                )
        if policy is not None and not self.is_bound:
            self.initial = {
                "business_day_severities": ", ".join(policy.business_day_severities),
                "warn_fractions": ", ".join(str(f) for f in policy.warn_fractions),
                "gdpr_warn_hours": policy.gdpr_warn_hours,
                **{
                    minutes_name(s, k): m
                    for s, row in policy.minutes.items()
                    for k, m in row.items()
                },
            }

    def rows(self):
        """The minutes fields as a table: one row per severity, one column per clock."""
        return [
            (severity.label, [self[minutes_name(severity, kind)] for kind in SLA_KINDS])
            for severity in Severity
        ]

    def clean_warn_fractions(self) -> list[float]:
        try:
            return [float(p) for p in self.cleaned_data["warn_fractions"].split(",") if p.strip()]
        except ValueError:
            raise forms.ValidationError("Numbers between 0 and 1, e.g. 0.5, 0.75.") from None

    def service_data(self) -> dict:
        data = self.cleaned_data
        minutes = {
            severity.value: {
                kind: data[minutes_name(severity, kind)]
                for kind in SLA_KINDS
                if data.get(minutes_name(severity, kind)) is not None
            }
            for severity in Severity
        }
        marks = [m.strip() for m in data["business_day_severities"].split(",") if m.strip()]
        return {
            "minutes": minutes,
            "business_day_severities": marks,
            "warn_fractions": data["warn_fractions"],
            "gdpr_warn_hours": data["gdpr_warn_hours"],
        }
