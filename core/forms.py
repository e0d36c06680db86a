"""Forms: how a service's refusal lands on a form (every app), and the kernel's own
forms: API tokens, the profile's time zone (the audit trail's filters are in
core/audit_list.py)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from core.models import OrganisationProfile


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names; the rest on the form,
    prefixed with the name the service gave them so nothing is lost."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, messages in exc.message_dict.items():
        if name in form.fields and name != NON_FIELD_ERRORS:
            form.add_error(name, messages)
        elif name == NON_FIELD_ERRORS:
            form.add_error(None, messages)
        else:
            form.add_error(None, [f"{name}: {message}" for message in messages])


class OneOfSeveral:
    """Mixed into a form that shares its page with other forms: its fields' ids begin with
    the form's `ids` ("severity-reason", not "id_reason"), so no two controls of a page share
    an id and each label names its own control. The names posted stay the fields' own."""

    ids = ""  # "" keeps Django's "id_<name>" (a subclass alone on its page)

    def __init__(self, *args, **kwargs):
        if self.ids:
            kwargs.setdefault("auto_id", f"{self.ids}-%s")
        super().__init__(*args, **kwargs)


@dataclass(frozen=True)
class Submitted:
    """A service call that saved: truthy, with what the service returned."""

    result: Any = None


def service_call(form: forms.Form, call: Callable[[], Any]) -> Submitted | None:
    """Call the service; its ValidationError lands on the form. `Submitted(result)` when
    it saved, None when it refused."""
    try:
        result = call()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    return Submitted(result)


def form_submit(form: forms.Form, call: Callable[[dict], Any]) -> Submitted | None:
    """Validate `form`, then call the service with its cleaned data. `Submitted(result)`
    when saved; otherwise None, and the form carries every problem, its own and the
    service's::

        if saved := form_submit(form, lambda data: risk_create(actor=user, **data)):
            return form_saved(request, url=risk_url(saved.result), message="Risk added.")
    """
    if not form.is_valid():
        return None
    return service_call(form, lambda: call(form.cleaned_data))


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


class EvidenceUploadForm(forms.Form):
    """One evidence file with the dates it counts between; the service checks the file
    (core.evidence.services.evidence_store). Apps prefix it per row when a page holds
    several, and add their own fields (a note) by subclassing."""

    file = forms.FileField(
        label="Evidence file",
        allow_empty_file=True,  # the service refuses it, with the same message as the API
        help_text="PDF, image, text, CSV, JSON, Markdown or office document.",
    )
    applies_from = forms.DateField(
        required=False,
        label="Applies from",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty for today.",
    )
    expires_on = forms.DateField(
        required=False,
        label="Expires on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Optional. After this date it no longer counts; you are warned 30 days before.",
    )

    def clean(self):
        data = super().clean()
        applies, expires = data.get("applies_from"), data.get("expires_on")
        if applies and expires and expires < applies:
            self.add_error("expires_on", "The expiry date is before the date it applies from.")
        return data


# The profile page's sections, in the page's order: each a legend and its items.
ORGANISATION_SECTIONS = (
    ("The organisation", ("legal_name", "address", "establishment_country")),
    ("Business days", ("time_zone", "holiday_country", "holiday_subdivision")),
    ("Data protection officer", ("dpo_name", "dpo_email", "dpo_phone")),
    (
        "Authorities and support",
        (
            "supervisory_authority_name",
            "supervisory_authority_contact",
            "market_surveillance_authority_name",
            "market_surveillance_authority_contact",
            "support_contact",
        ),
    ),
)


class OrganisationProfileForm(forms.ModelForm):
    """The organisation profile's page (administrators): every item with its help text.
    Items may stay empty; the documents that need them name what is missing."""

    time_zone = forms.ChoiceField(
        choices=_time_zone_choices,
        label="Time zone",
        help_text="Business days and the weekly leadership report (Monday 09:00) are counted "
        "in this zone.",
    )

    class Meta:
        model = OrganisationProfile
        fields = [name for _, names in ORGANISATION_SECTIONS for name in names]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "address",
                "supervisory_authority_contact",
                "market_surveillance_authority_contact",
                "support_contact",
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.label = field.label[:1].upper() + field.label[1:]
            if name != "time_zone":
                field.required_when = "needed by notices and reports"

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Each section's legend with its fields, for the page's fieldsets."""
        return [(legend, [self[name] for name in names]) for legend, names in ORGANISATION_SECTIONS]

    def clean_establishment_country(self) -> str:
        return self.cleaned_data["establishment_country"].strip().upper()

    def clean_holiday_country(self) -> str:
        return self.cleaned_data["holiday_country"].strip().upper()
