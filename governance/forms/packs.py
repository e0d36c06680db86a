"""The export form of the packs page: it parses what a person picked; the service
decides whether the pack may be made (and says why not, by field name)."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms

from core.forms import OneOfSeveral
from core.permissions import can
from core.widgets import PlainSelectMultiple
from governance.models import AuditPack
from governance.selectors.packs import pack_systems_offered

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SCOPES = [
    (AuditPack.Scope.SYSTEM, "One or more systems"),
    (AuditPack.Scope.PORTFOLIO, "The whole portfolio (the board's pack)"),
]


class PackRequestForm(OneOfSeveral, forms.Form):
    ids = "pack"  # the list's filters beside it have a "scope" too (core.forms.OneOfSeveral)
    scope = forms.ChoiceField(
        label="What the pack covers", widget=forms.RadioSelect, choices=SCOPES
    )
    systems = forms.ModelMultipleChoiceField(
        label="Systems",
        required=False,
        to_field_name="system_id",
        queryset=None,
        help_text="For a systems pack: one or more (hold Ctrl or ⌘ to choose several).",
        widget=PlainSelectMultiple(attrs={"size": 6}),
    )
    date_from = forms.DateField(label="Records from", widget=DATE)
    date_to = forms.DateField(label="Records to", widget=DATE, help_text="Up to today.")

    def __init__(self, *args, user, today: date, **kwargs):
        initial = kwargs.pop("initial", None) or {}
        initial = {
            "scope": AuditPack.Scope.SYSTEM,
            "date_from": today - timedelta(days=365),
            "date_to": today,
            **initial,
        }
        super().__init__(*args, initial=initial, **kwargs)
        offered = pack_systems_offered(user)
        self.fields["systems"].queryset = offered  # what a choice is checked against
        # The options from plain rows: a model instance per system cost most of the
        # page with 2,000 of them (bench/scale.py).
        self.fields["systems"].widget.choices = [
            (system_id, f"{system_id} {name}")
            for system_id, name in offered.values_list("system_id", "name")
        ]
        self.fields["systems"].required_when = "for a systems pack"
        if not can(user, "governance.pack.request_portfolio"):
            self.fields["scope"].choices = SCOPES[:1]

    def service_data(self) -> dict:
        data = self.cleaned_data
        systems = list(data.get("systems") or [])
        return {
            "scope": data["scope"],
            "systems": systems,
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
