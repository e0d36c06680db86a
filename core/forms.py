"""Forms of the kernel's pages: audit filters, API tokens, the profile's time zone."""

from __future__ import annotations

import functools
from datetime import date
from zoneinfo import available_timezones

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from core.selectors import AuditFilters

# Days a filter may name; beyond them "the day after" overflows Python's dates.
DATE_RANGE = [
    MinValueValidator(date(1970, 1, 1), "Choose a day from 1970 on."),
    MaxValueValidator(date(9999, 12, 30), "Choose a day before 9999-12-31."),
]


class AuditFilterForm(forms.Form):
    """The audit trail's filters, read from the query string."""

    object_type = forms.CharField(
        required=False,
        max_length=80,
        help_text="e.g. registry.aisystem",
        widget=forms.TextInput(attrs={"list": "object-types"}),
    )
    object_id = forms.CharField(required=False, max_length=64, label="Object id")
    object_name = forms.CharField(
        required=False,
        max_length=200,
        label="Object",
        help_text="A system ID or a whole word of its name, e.g. SYS-001",
        widget=forms.TextInput(attrs={"placeholder": "e.g. SYS-001"}),
    )
    actor = forms.EmailField(required=False, label="Actor (e-mail)")
    action = forms.CharField(
        required=False, max_length=80, help_text="Starts with, e.g. system. or auth.login"
    )
    date_from = forms.DateField(
        required=False,
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=DATE_RANGE,
    )
    date_to = forms.DateField(
        required=False,
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=DATE_RANGE,
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned

    def filters(self, time_zone: str) -> AuditFilters:
        """The filters as read; call only once `is_valid()` said yes, so that no filter
        is silently dropped (the page answers 400 naming the field instead)."""
        data = self.cleaned_data
        return AuditFilters(
            object_type=data.get("object_type") or "",
            object_id=data.get("object_id") or "",
            object_name=data.get("object_name") or "",
            actor=data.get("actor") or "",
            action=data.get("action") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            time_zone=time_zone,
        )


class ApiTokenCreateForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label="Token name",
        help_text="What the token is for, e.g. 'CI pipeline for SYS-007'.",
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Give the token a name.")
        return name


@functools.cache
def _time_zone_choices() -> list[tuple[str, str]]:
    return [(zone, zone.replace("_", " ")) for zone in sorted(available_timezones())]


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(
        choices=_time_zone_choices,
        label="Time zone",
        help_text="Times in the portal are shown in this zone; deadlines are stored in UTC.",
    )
