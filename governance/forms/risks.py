"""Forms of the risk register's pages: they parse what a person typed; the services
decide whether it may be saved (and say why not, by field name)."""

from __future__ import annotations

from django import forms

from core.models import Team, User
from governance import choices as c
from governance.models import Risk
from registry.forms.systems import long_text
from registry.models import AISystem, SystemControl

__all__ = ["RiskCloseForm", "RiskForm", "RiskImportForm"]

SCALE = [(n, str(n)) for n in range(1, 6)]
MAX_IMPORT_BYTES = 1_000_000
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _scale(label: str, help_text: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=SCALE, coerce=int, help_text=help_text)


class ControlChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: SystemControl) -> str:
        return f"{obj.system.system_id}: {obj.control.name} ({obj.get_status_display()})"


class RiskForm(forms.Form):
    risk_id = forms.CharField(
        label="Risk ID",
        max_length=11,
        required=False,
        help_text="RISK-001 and so on; leave blank for the next free one.",
    )
    title = forms.CharField(label="Short title", max_length=200)
    description = long_text("Description", required=True)
    affected_stakeholders = long_text("Affected stakeholders", rows=2)
    category = forms.ChoiceField(choices=c.RiskCategory.choices)
    inherent_likelihood = _scale(
        "Inherent likelihood", "Before controls: 1 rare to 5 almost certain."
    )
    inherent_impact = _scale("Inherent impact", "Before controls: 1 negligible to 5 severe.")
    residual_likelihood = _scale("Residual likelihood", "After the existing controls.")
    residual_impact = _scale("Residual impact", "After the existing controls.")
    systems = forms.ModelMultipleChoiceField(
        label="Linked AI systems",
        required=False,
        to_field_name="system_id",
        queryset=AISystem.objects.order_by("system_id"),
    )
    existing_controls = ControlChoiceField(
        label="Existing controls",
        required=False,
        queryset=SystemControl.objects.filter(retired_at__isnull=True)
        .select_related("system", "control")
        .order_by("system__system_id", "control__name"),
        help_text="Controls of the linked systems that lower this risk.",
    )
    owner_user = forms.ModelChoiceField(
        label="Owner (person)",
        required=False,
        queryset=User.objects.order_by("full_name"),
        help_text="A named person, or a team below.",
    )
    owner_team = forms.ModelChoiceField(
        label="Owner (team)", required=False, queryset=Team.objects.order_by("name")
    )
    mitigation_plan = long_text("Mitigation plan", rows=3)
    mitigation_due = forms.DateField(label="Mitigation due date", required=False, widget=DATE)
    last_reviewed = forms.DateField(label="Last reviewed", required=False, widget=DATE)
    next_review = forms.DateField(label="Next scheduled review", required=False, widget=DATE)
    regulatory_reference = forms.CharField(
        label="Regulatory reference",
        max_length=200,
        required=False,
        help_text="e.g. EU AI Act Art. 9, or an internal policy.",
    )

    def __init__(self, *args, risk: Risk | None = None, **kwargs):
        if risk is not None and "initial" not in kwargs:
            kwargs["initial"] = risk_initial(risk)
        super().__init__(*args, **kwargs)
        self.risk = risk
        if risk is not None:
            self.fields["risk_id"].disabled = True

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["systems"] = list(data["systems"])
        data["existing_controls"] = list(data["existing_controls"])
        if self.risk is not None:
            data.pop("risk_id")
        return data


def risk_initial(risk: Risk) -> dict:
    fields = [f for f in RiskForm.base_fields if f not in ("systems", "existing_controls")]
    initial = {f: getattr(risk, f) for f in fields}
    initial["systems"] = [s.system_id for s in risk.systems.all()]
    initial["existing_controls"] = [ctl.pk for ctl in risk.existing_controls.all()]
    return initial


class RiskCloseForm(forms.Form):
    note = forms.CharField(label="Why it is closed", max_length=2000, widget=forms.Textarea)


class RiskImportForm(forms.Form):
    """A CSV upload (first step) or the same text sent back from the preview (second)."""

    file = forms.FileField(label="CSV file", required=False)
    # A hidden textarea rather than a hidden input: it keeps the file's line breaks.
    text = forms.CharField(
        required=False,
        max_length=MAX_IMPORT_BYTES,
        widget=forms.Textarea(attrs={"hidden": True, "aria-hidden": "true"}),
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > MAX_IMPORT_BYTES:
                raise forms.ValidationError({"file": "The file is over 1 MB."})
            try:
                cleaned["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError({"file": "Save the file as UTF-8 CSV."}) from None
        if not cleaned.get("text"):
            raise forms.ValidationError({"file": "Choose a CSV file."})
        return cleaned
