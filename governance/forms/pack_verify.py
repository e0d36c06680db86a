"""The form of the pack verification page: one PDF, within the evidence size limit."""

from __future__ import annotations

from django import forms
from django.conf import settings

from core.evidence import rules

PDF_MAGIC = b"%PDF-"


class PackVerifyForm(forms.Form):
    file = forms.FileField(
        label="Audit pack (PDF)",
        allow_empty_file=True,  # refused below, with the evidence rules' message
        help_text="The pack's PDF file as it was downloaded or handed to you.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self) -> bytes:
        """The file's bytes: a PDF (by its first bytes, not its name), not too large."""
        upload = self.cleaned_data["file"]
        if problem := rules.size_problem(upload.size, settings.EVIDENCE_MAX_BYTES):
            raise forms.ValidationError(problem)
        data = upload.read()
        if not data.startswith(PDF_MAGIC):
            raise forms.ValidationError("This is not a PDF file: an audit pack is a PDF.")
        return data
