"""The monitoring plan's form (DOMAIN.md 11): its interval, who is told, and one row per
metric with its threshold; rows prefilled from the plan, or offered from the approved
model card's metrics for the owner to confirm. A breach's dismissal with its reason."""

from __future__ import annotations

from django import forms

from assurance import choices as c
from core.forms import OneOfSeveral
from core.models import User

EXTRA_ROWS = 3


class PlanForm(OneOfSeveral, forms.Form):
    ids = "plan"
    interval_minutes = forms.IntegerField(
        label="Longest gap between values (minutes)",
        min_value=1,
        max_value=60 * 24 * 366,
        help_text="No value for longer than this is a finding: the owner is told.",
    )
    recipients = forms.ModelMultipleChoiceField(
        queryset=User.objects.filter(is_active=True).order_by("email"),
        required=False,
        label="Also told of breaches",
        help_text="Besides the product owners of the system's team.",
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class MetricRowForm(forms.Form):
    metric = forms.CharField(max_length=80, help_text="The name the system sends, e.g. accuracy.")
    group = forms.CharField(
        max_length=80, required=False, help_text="Blank for overall; else the group's name."
    )
    direction = forms.ChoiceField(choices=c.Direction.choices)
    threshold = forms.FloatField()
    breach_kind = forms.ChoiceField(
        choices=c.BreachKind.choices, label="A breach proposes", initial="performance_regression"
    )
    card_metric = forms.CharField(widget=forms.HiddenInput, required=False)


MetricFormSet = forms.formset_factory(
    MetricRowForm, extra=EXTRA_ROWS, can_delete=True, max_num=100, validate_max=True
)


def metric_rows(formset) -> list[dict]:
    """The rows kept (filled, not marked for removal), as plan_save takes them."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if data and not data.get("DELETE") and data.get("metric"):
            rows.append({k: v for k, v in data.items() if k != "DELETE"})
    return rows


class DismissForm(OneOfSeveral, forms.Form):
    ids = "dismiss"
    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why no incident is needed (a known data delay, a test system).",
    )
