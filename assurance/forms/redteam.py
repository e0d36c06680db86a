"""Forms of the red-team pages: an exercise, one category's results typed by hand, and
a new thresholds version. They parse what a person typed; the services decide whether
it may be saved (and say why not, by field name)."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from assurance import choices as c
from assurance.rules.results import ResultRow
from assurance.rules.thresholds import TIERS
from registry.forms.systems import long_text
from registry.models import AISystem

__all__ = ["ExerciseForm", "ResultForm", "ThresholdsForm"]

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ExerciseForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    systems = forms.ModelMultipleChoiceField(
        label="Systems tested",
        to_field_name="system_id",
        queryset=AISystem.objects.order_by("system_id"),
        help_text="One or several systems; hold Ctrl (Cmd on a Mac) to choose several.",
    )
    scope = long_text("Scope", required=True)
    attacker_personas = long_text("Attacker personas", rows=2)
    assets = long_text("Assets attackers want", rows=2)
    methods = forms.MultipleChoiceField(
        label="Methods",
        choices=c.Method.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose how the exercise attacked."},
    )
    stack_tested = forms.MultipleChoiceField(
        label="Stack tested",
        choices=c.StackPart.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the parts of the stack tested."},
        help_text="Test the full production stack, not the base model alone.",
    )
    started_on = forms.DateField(label="Started on", widget=DATE)
    ended_on = forms.DateField(
        label="Ended on", required=False, widget=DATE, help_text="Required once completed."
    )
    run_by = forms.CharField(
        label="Run by", max_length=200, help_text="A team, a person or a firm."
    )
    status = forms.ChoiceField(label="Status", choices=c.ExerciseStatus.choices)

    @classmethod
    def for_exercise(cls, exercise, data=None):
        initial = {
            name: getattr(exercise, name)
            for name in (
                "title",
                "scope",
                "attacker_personas",
                "assets",
                "methods",
                "stack_tested",
                "started_on",
                "ended_on",
                "run_by",
                "status",
            )
        }
        initial["systems"] = [s.system_id for s in exercise.systems.all()]
        return cls(data, initial=initial)

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["systems"] = list(data["systems"])
        return data


class ResultForm(forms.Form):
    """One attack category's counts, typed by hand (a second entry for the same category
    replaces the first)."""

    category = forms.CharField(
        label="Attack category", max_length=80, help_text="e.g. jailbreak, prompt injection."
    )
    attempts = forms.IntegerField(label="Attacks attempted", min_value=0)
    successes = forms.IntegerField(label="Attacks that succeeded", min_value=0)
    benign_prompts = forms.IntegerField(
        label="Benign prompts sent", min_value=0, help_text="Legitimate requests, for the FRR."
    )
    refusals = forms.IntegerField(label="Benign prompts refused", min_value=0)
    notes = long_text("Notes", rows=2)

    def row(self) -> ResultRow:
        return ResultRow(**self.cleaned_data)


def _percent(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=0,
        max_value=100,
        decimal_places=2,
        max_digits=5,
        help_text="In percent, e.g. 5 for 5%.",
    )


class ThresholdsForm(forms.Form):
    """A new thresholds version, per tier, in percent (stored as rates)."""

    note = long_text("What changed and why", rows=2)

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        for tier in TIERS:
            for key, name in (("asr_max", "ASR"), ("frr_max", "FRR")):
                field = f"{tier}_{key}"
                self.fields[field] = _percent(f"{tier.capitalize()} tier: {name} at most (%)")
                if current and not self.is_bound:
                    value = current.get(tier, {}).get(key)
                    if value is not None:
                        self.fields[field].initial = round(Decimal(str(value)) * 100, 2)

    def tier_fields(self):
        return [(tier, self[f"{tier}_asr_max"], self[f"{tier}_frr_max"]) for tier in TIERS]

    def limits(self) -> dict:
        data = self.cleaned_data
        return {
            tier: {key: float(data[f"{tier}_{key}"] / 100) for key in ("asr_max", "frr_max")}
            for tier in TIERS
        }
