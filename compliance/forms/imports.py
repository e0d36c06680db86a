"""The framework import page's forms: the upload (file, its format, who reviews), then
the confirmation of the preview (the upload kept under a token for half an hour)."""

from __future__ import annotations

from django import forms

from compliance.rules.library import ROLES
from compliance.services.imports import DEFAULT_REVIEWER, FORMATS
from core.choices import Role
from registry.choices import Regulation

ROLE_CHOICES = [(value, label) for value, label in Role.choices if value in ROLES]


def _reviewer_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Reviewer",
        choices=ROLE_CHOICES,
        initial=DEFAULT_REVIEWER,
        help_text="Who accepts evidence for this framework's requirements (never for a "
        "system of their own team). You can change it later.",
    )


def _scope_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Applies to",
        choices=[("", "Every system"), *Regulation.choices],
        required=False,
        help_text="A framework tied to a regulation applies only to the systems whose "
        "regulatory scope holds it (as the shipped EU AI Act does); otherwise to every system.",
    )


class FrameworkUploadForm(forms.Form):
    file = forms.FileField(
        label="Library or catalog file",
        help_text="A CISO Assistant framework library (.yaml) or an OSCAL catalog "
        "(.json, OSCAL 1.1 or 1.2), at most 20 MB. Nothing is stored before you confirm.",
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,.json"}),
    )
    format = forms.ChoiceField(
        label="Format",
        choices=list(FORMATS.items()),
        initial="ciso_assistant",
        widget=forms.RadioSelect,
    )
    reviewer_role = _reviewer_field()
    scope = _scope_field()


class FrameworkConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    format = forms.ChoiceField(choices=list(FORMATS.items()), widget=forms.HiddenInput)
    reviewer_role = _reviewer_field()
    scope = _scope_field()
