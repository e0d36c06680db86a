"""A reviewer's forms on a system's compliance page: a decision on one record offered as
an evidence item (accept, or refuse with a note), and a requirement found not
applicable (a justification required). The services check the rest and name the field
they refuse (compliance.services.acceptances)."""

from __future__ import annotations

from django import forms

from core.forms import OneOfSeveral

ACCEPT, REFUSE = "accept", "refuse"


class EvidenceDecisionForm(OneOfSeveral, forms.Form):
    """Accept or refuse one record as one evidence item. The record is named by the
    page (hidden); the note is needed to refuse."""

    record_type = forms.CharField(max_length=60, widget=forms.HiddenInput)
    record_id = forms.CharField(max_length=64, widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[(ACCEPT, "Accept"), (REFUSE, "Refuse")],
        label="Decision",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        required=False,
        max_length=10_000,
        label="Note",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required to refuse: why the record does not stand as this evidence.",
    )
    note.required_when = "required to refuse"

    def __init__(self, *args, ids: str = "", **kwargs):
        self.ids = ids
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("decision") == REFUSE and not (data.get("note") or "").strip():
            self.add_error("note", "Say why the record does not stand as this evidence.")
        return data


class NotApplicableForm(OneOfSeveral, forms.Form):
    """A requirement found not to apply to the system, with the reason (DOMAIN.md 3:
    "not applicable only with a justification")."""

    justification = forms.CharField(
        max_length=10_000,
        label="Why it does not apply",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown on the page and in the audit pack beside the requirement.",
    )

    def __init__(self, *args, ids: str = "", **kwargs):
        self.ids = ids
        super().__init__(*args, **kwargs)
