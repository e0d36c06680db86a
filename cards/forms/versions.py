"""The forms of the card pages: one section of a draft version at a time (its metrics as
rows one may add and remove), built from the card's shape (cards.rules.content), so a
field added there is on the form without a change here; and the decisions on a version.

The form parses what was typed; what the card may hold is `card_from_dict`'s to say,
and its problems land on the fields they name ("performance.metrics[2].value").
"""

from __future__ import annotations

import functools
from dataclasses import fields as dataclass_fields

from django import forms

from cards.rules.content import (
    AT_LEAST,
    AT_MOST,
    SECTIONS,
    TEXT_LIMIT,
    CardContentError,
    card_from_dict,
    card_to_dict,
)
from core.forms import OneOfSeveral
from core.widgets import PlainSelect
from registry.choices import SystemChangeKind

SECTION_TITLES = {
    "identity": "Identity and versioning",
    "uses": "Intended, out-of-scope and prohibited uses",
    "performance": "Performance",
    "technical": "Technical details and data",
    "considerations": "Limitations, biases, risks and mitigations",
    "environment": "Environmental impact and compute",
    "governance": "Governance",
}
LABELS = {
    "model_id": "Model ID",
    "co2e_kg": "CO₂ equivalent (kg)",
    "energy_kwh": "Energy (kWh)",
    "review_months": "Review every (months)",
    "red_team_findings": "Red-team findings",
    "ci_low": "Interval low",
    "ci_high": "Interval high",
}
HELP = {
    "authors": "One a line.",
    "approvers": "One a line: the people or roles who approve this card.",
    "regulations": "One a line, e.g. EU AI Act, GDPR.",
    "training_datasets": "Keys of the dataset register, one a line; each needs a datasheet.",
    "evaluation_datasets": "Keys of the dataset register, one a line; each needs a datasheet.",
    "incident_contact": "Who to tell when the model misbehaves (an e-mail or a team).",
    "review_months": "How often the card is reviewed, 1 to 120 months.",
}
# One-line texts; every other text is a paragraph.
SHORT_TEXTS = {
    "model_id",
    "name",
    "version",
    "previous_version",
    "organisation",
    "model_type",
    "base_model",
    "training_data_size",
    "knowledge_cutoff",
    "compute",
    "hardware",
    "risk_tier",
    "oversight_level",
    "incident_contact",
}
LIST_KINDS = ("tuple[str, ...]",)
DIRECTION_CHOICES = [("", "No threshold"), (AT_LEAST, "At least"), (AT_MOST, "At most")]
METRIC_TEXTS = ("name", "unit", "group", "direction")
METRIC_NUMBERS = ("value", "ci_low", "ci_high", "threshold")


def field_label(name: str) -> str:
    """A field's label in words: "out_of_scope_uses" reads "Out of scope uses"."""
    return LABELS.get(name) or name.replace("_", " ").capitalize()


def _form_field(name: str, kind: str) -> forms.Field:
    common = {"required": False, "label": field_label(name), "help_text": HELP.get(name, "")}
    if kind == "str":
        widget = forms.TextInput if name in SHORT_TEXTS else forms.Textarea(attrs={"rows": 3})
        return forms.CharField(max_length=TEXT_LIMIT, strip=False, widget=widget, **common)
    if kind in LIST_KINDS:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), **common)
    if kind == "date | None":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == "float | None":
        return forms.FloatField(**common)
    if kind == "int | None":
        return forms.IntegerField(min_value=1, max_value=120, **common)
    raise AssertionError(f"no form field for {kind}")  # a new field type needs one


@functools.cache
def section_form_class(section: str) -> type[forms.Form]:
    """The form of one section: a field for each of its fields but the metrics."""
    shape = SECTIONS[section]
    attrs = {
        spec.name: _form_field(spec.name, spec.type)
        for spec in dataclass_fields(shape)
        if spec.type != "tuple[Metric, ...]"
    }
    return type(f"{shape.__name__}Form", (forms.Form,), attrs)


class MetricForm(forms.Form):
    """One metric row; a row left wholly blank is no metric."""

    name = forms.CharField(required=False, max_length=200, label="Metric")
    value = forms.FloatField(required=False, label="Value")
    unit = forms.CharField(required=False, max_length=50, label="Unit")
    group = forms.CharField(
        required=False, max_length=200, label="Group", help_text="Blank: overall."
    )
    ci_low = forms.FloatField(required=False, label=LABELS["ci_low"])
    ci_high = forms.FloatField(required=False, label=LABELS["ci_high"])
    threshold = forms.FloatField(required=False, label="Threshold")
    direction = forms.ChoiceField(
        required=False, choices=DIRECTION_CHOICES, label="Must be", widget=PlainSelect
    )

    def metric(self) -> dict | None:
        """The row as the card stores it, or None for a blank or removed row."""
        data = getattr(self, "cleaned_data", None)
        if (
            data is None
            or data.get("DELETE")
            or not any(data.get(k) not in (None, "") for k in self.fields)
        ):
            return None
        row = {key: (data.get(key) or "").strip() for key in METRIC_TEXTS}
        row |= {key: data.get(key) for key in METRIC_NUMBERS}
        return row


MetricFormSet = forms.formset_factory(MetricForm, extra=0, can_delete=True)
ADD_METRIC = "add_metric"  # the button that asks for one more row


def _initial(section: str, stored: dict) -> dict:
    initial = {}
    for spec in dataclass_fields(SECTIONS[section]):
        value = stored.get(spec.name)
        initial[spec.name] = "\n".join(value) if spec.type in LIST_KINDS and value else value
    return initial


def plain_value(value, kind: str):
    if kind in LIST_KINDS:
        return [line.strip() for line in (value or "").splitlines() if line.strip()]
    if kind == "date | None":
        return value.isoformat() if value else None
    if kind == "str":
        return value or ""
    return value


class SectionEdit:
    """One section of a draft's content on a form: its fields, and for the performance
    section the metrics as rows. `content` is the version's stored content (its JSON)."""

    def __init__(self, section: str, *, content: dict, data=None):
        if section not in SECTIONS:
            raise KeyError(section)
        self.section, self.title = section, SECTION_TITLES[section]
        self.content = card_to_dict(card_from_dict(content))  # every field present
        stored = self.content[section]
        self.adding = bool(data) and ADD_METRIC in data
        self.form = section_form_class(section)(
            data=data, initial=_initial(section, stored), prefix=section
        )
        self.metrics = None
        if section == "performance":
            if self.adding:  # the same rows again, and one more
                data = data.copy()
                data["metrics-TOTAL_FORMS"] = str(int(data.get("metrics-TOTAL_FORMS", 0)) + 1)
            rows = [{**m, "direction": m.get("direction") or ""} for m in stored.get("metrics", [])]
            self.metrics = MetricFormSet(data=data, initial=rows, prefix="metrics")

    @property
    def errors_count(self) -> int:
        count = len(self.form.errors)
        if self.metrics is not None and self.metrics.is_bound:
            count += sum(len(f.errors) for f in self.metrics.forms) + bool(
                self.metrics.non_form_errors()
            )
        return count

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        if self.metrics is not None:
            valid = self.metrics.is_valid() and valid
        return valid and not self.adding

    def merged(self) -> dict:
        """The stored content with this section as typed: a field that could not be read
        keeps its stored value, a metric row that could not be read is left out."""
        if not self.form.is_bound:
            return self.content
        section = dict(self.content[self.section])
        cleaned = getattr(self.form, "cleaned_data", {})
        for spec in dataclass_fields(SECTIONS[self.section]):
            if spec.name in cleaned:
                section[spec.name] = plain_value(cleaned[spec.name], spec.type)
        if self.metrics is not None:
            self.metrics.is_valid()
            rows = [f.metric() for f in self.metrics.forms if not f.errors]
            section["metrics"] = [row for row in rows if row is not None]
        return {**self.content, self.section: section}

    def card_problems(self) -> dict[str, str]:
        """What `card_from_dict` refuses in the merged content ({} when it reads)."""
        try:
            card_from_dict(self.merged())
        except CardContentError as exc:
            return exc.problems
        return {}

    def add_problems(self, problems: dict[str, str]) -> None:
        """Put the card's problems on the fields they name; the rest on the form."""
        kept = []
        if self.metrics is not None:
            kept = [f for f in self.metrics.forms if not f.errors and f.metric() is not None]
        for where, why in problems.items():
            section, _, rest = where.partition(".")
            name = rest.split(".")[0]
            if section == self.section and name in self.form.fields:
                self.form.add_error(name, why)
            elif section == self.section and rest.startswith("metrics[") and self.metrics:
                self._metric_problem(kept, rest, why)
            else:
                self.form.add_error(None, f"{where}: {why}")

    def _metric_problem(self, kept: list, rest: str, why: str) -> None:
        index_text, _, field = rest.removeprefix("metrics[").partition("]")
        index, field = int(index_text), field.lstrip(".")
        if index < len(kept) and field in kept[index].fields:
            kept[index].add_error(field, why)
        else:
            self.form.add_error(None, f"Metric {index + 1}: {why}")


class DecisionForm(OneOfSeveral, forms.Form):
    """Approving (a note if one likes) or sending back (a note required) a version in
    review; each has its own form on the version's page (`ids`)."""

    decision_note = forms.CharField(
        required=False,
        max_length=10_000,
        label="Note",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, ids: str, help_text: str = "", **kwargs):
        self.ids = ids
        super().__init__(*args, **kwargs)
        self.fields["decision_note"].help_text = help_text


def approve_form(data=None) -> DecisionForm:
    return DecisionForm(data, ids="approve", help_text="Optional: recorded with the approval.")


def reject_form(data=None) -> DecisionForm:
    return DecisionForm(
        data, ids="reject", help_text="Required: what the author must change before resubmitting."
    )


class ChangelogForm(forms.Form):
    """What changes in a draft version since the previous one."""

    changelog = forms.CharField(
        required=False,
        max_length=10_000,
        label="What changes in this version",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The changelog, required from version 2: e.g. 'Retrained on the 2026 "
        "applications; accuracy for age 60+ now meets its threshold'.",
    )


class SystemChangeForm(forms.Form):
    """A change of what the card's system runs, recorded from the card page (registry's
    SystemChange); every card of the system then needs a new version."""

    kind = forms.ChoiceField(
        label="What changed", choices=SystemChangeKind.choices, widget=PlainSelect
    )
    description = forms.CharField(
        max_length=10_000,
        label="Describe the change",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="E.g. 'Retrained on the 2026 applications' or 'New refusal guardrail'.",
    )
