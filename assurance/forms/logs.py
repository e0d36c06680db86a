"""The log batch verification form (/assurance/logs/<system_id>/verify/)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

MAX_BATCH_BYTES = 50 * 1024 * 1024  # a day's batch checked in the browser; larger: the command


class BatchVerifyForm(forms.Form):
    """A day and the batch file (JSON lines) kept for it."""

    date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day of the batch (YYYY-MM-DD, UTC), as the digest names it.",
    )
    batch = forms.FileField(
        label="Batch file",
        help_text="The day's JSON lines file exactly as kept; at most 50 MB (larger files: "
        "manage.py verify_log_batch).",
    )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.now().date():
            raise forms.ValidationError("The date is in the future: no digest can be recorded.")
        return day

    def clean_batch(self):
        upload = self.cleaned_data["batch"]
        if upload.size > MAX_BATCH_BYTES:
            raise forms.ValidationError("The file is larger than 50 MB: use verify_log_batch.")
        return upload
