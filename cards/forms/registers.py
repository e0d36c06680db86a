"""The forms of the pages that add a model, register a dataset and write a datasheet
(cards.views models_new and datasets_write). Each parses what was typed; the services
say what may be saved, and their problems land on the fields they name."""

from __future__ import annotations

import functools
from dataclasses import fields as dataclass_fields

from django import forms

from cards.forms.versions import LIST_KINDS, ChangelogForm, field_label, plain_value
from cards.rules.content import TEXT_LIMIT
from cards.rules.datasheet import REQUIRED_SECTIONS, Datasheet, dataset_key_problem

KEY_HELP = "Lower-case letters, digits and hyphens, e.g. 'resume-ranker'."


class ModelCreateForm(forms.Form):
    """A model added to a system: the system (among those the viewer may change), a key
    unique within it, a name and what the model does."""

    system = forms.ModelChoiceField(
        queryset=None, to_field_name="system_id", label="System", empty_label="Choose a system"
    )
    key = forms.SlugField(max_length=80, label="Model key", help_text=KEY_HELP)
    name = forms.CharField(max_length=200, label="Name")
    description = forms.CharField(
        required=False,
        max_length=10_000,
        label="Description",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the model does in the system, in a sentence or two.",
    )

    def __init__(self, data=None, *, systems, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["system"].queryset = systems
        self.fields["system"].label_from_instance = lambda s: f"{s.system_id} {s.name}"


class DatasetCreateForm(forms.Form):
    """A dataset registered for a team the viewer owns."""

    key = forms.SlugField(max_length=80, label="Dataset key", help_text=KEY_HELP)
    name = forms.CharField(max_length=200, label="Name")
    owner_team = forms.ModelChoiceField(
        queryset=None, label="Owning team", empty_label="Choose a team"
    )
    description = forms.CharField(
        required=False,
        max_length=10_000,
        label="Description",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, data=None, *, teams, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["owner_team"].queryset = teams

    def clean_key(self) -> str:
        key = self.cleaned_data["key"]
        if problem := dataset_key_problem(key):
            raise forms.ValidationError(problem)
        return key


SHEET_SHORT = {"size", "time_span", "licence"}
SHEET_REQUIRED = frozenset(name for name, _ in REQUIRED_SECTIONS)
SHEET_HELP = {
    "size": "E.g. '48,000 applications'.",
    "time_span": "E.g. '2019-2024'.",
    "special_categories": "GDPR Art. 9 categories present, one a line (e.g. health data).",
    "personal_data": "The data relates to identified or identifiable people.",
}


def _sheet_field(name: str, kind: str) -> forms.Field:
    common = {"required": False, "label": field_label(name), "help_text": SHEET_HELP.get(name, "")}
    if kind == "bool":
        return forms.BooleanField(**common)
    if kind in LIST_KINDS:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), **common)
    widget = forms.TextInput if name in SHEET_SHORT else forms.Textarea(attrs={"rows": 3})
    field = forms.CharField(max_length=TEXT_LIMIT, strip=False, widget=widget, **common)
    if name in SHEET_REQUIRED:  # a draft saves without it; approval needs it
        field.required_when = "needed to approve"
    return field


@functools.cache
def datasheet_form_class() -> type[forms.Form]:
    """The draft datasheet's form: the changelog, then a field for each field of
    cards.rules.datasheet.Datasheet (a field added there is on the form)."""
    attrs = {"changelog": ChangelogForm.base_fields["changelog"]}
    attrs |= {spec.name: _sheet_field(spec.name, spec.type) for spec in dataclass_fields(Datasheet)}
    attrs["sheet_fields"] = tuple(spec.name for spec in dataclass_fields(Datasheet))
    return type("DatasheetForm", (forms.Form,), attrs)


def datasheet_initial(content: dict, changelog: str) -> dict:
    """A stored datasheet as the form shows it (lists one a line)."""
    initial = {"changelog": changelog}
    for name, value in content.items():
        initial[name] = "\n".join(value) if isinstance(value, list) else value
    return initial


def datasheet_content(form: forms.Form) -> dict:
    """The form's fields as the datasheet stores them (lists split by line)."""
    content = {}
    for spec in dataclass_fields(Datasheet):
        value = form.cleaned_data.get(spec.name)
        content[spec.name] = plain_value(value, spec.type) if spec.type != "bool" else bool(value)
    return content
