"""The assessment pages' forms: the answers, the CISO's approval, an evidence file."""

from django import forms

from core.forms import EvidenceUploadForm
from vendors import choices as c
from vendors.models import Assessment, VendorProduct
from vendors.services.assessments import ANSWER_FIELDS

NOT_SENT = "This answer was not sent with the form; nothing was changed."


class AssessmentForm(forms.ModelForm):
    """The answers of DOMAIN.md 8; yes/no answers may stay unanswered until scoring.

    Editing, the page posts every answer it shows, so a POST that lacks some is refused
    naming them rather than read as blanking them (the API's PATCH is the way to change
    only some answers)."""

    product = forms.ModelChoiceField(queryset=VendorProduct.objects.select_related("vendor"))

    class Meta:
        model = Assessment
        fields = ["product", *ANSWER_FIELDS]
        # Yes/no answers are null booleans: Django's select offers "Unknown" (unanswered).
        widgets = {
            **{
                n: forms.Textarea(attrs={"rows": 2})
                for n in ("data_sent", "use_case", "liability_cap")
            },
            # A select rather than a checkbox: an unticked box is not posted at all, so
            # "no" could not be told from "not sent".
            "personal_data_sent": forms.Select(choices=[(False, "No"), (True, "Yes")]),
        }

    def clean(self):
        data = super().clean()
        if self.instance.pk is not None:
            for name in self.fields_not_sent():
                self.add_error(name, NOT_SENT)
        return data

    def fields_not_sent(self) -> list[str]:
        """The fields the POST does not carry at all (Django's own test, per widget)."""
        return [
            name
            for name, field in self.fields.items()
            if field.widget.value_omitted_from_data(self.data, self.files, self.add_prefix(name))
        ]

    def answers(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ANSWER_FIELDS}


class CisoApprovalForm(forms.Form):
    remediation_plan = forms.CharField(
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The contractual remediation the vendor committed to.",
    )
    remediation_due_on = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), help_text="Becomes a deadline."
    )
    comment = forms.CharField(
        required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssessmentEvidenceForm(EvidenceUploadForm):
    kind = forms.ChoiceField(choices=c.EvidenceKind.choices, label="Document")
    field_order = ["kind", "file", "applies_from", "expires_on"]
