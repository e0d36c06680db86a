"""Forms of the kernel's pages: API tokens, the profile's time zone (the audit trail's
filters are in core/audit_list.py)."""

from __future__ import annotations

import functools
from zoneinfo import available_timezones

from django import forms


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
