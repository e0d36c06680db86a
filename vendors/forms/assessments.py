"""The assessment pages' forms: the answers, the CISO's approval, an evidence file."""

from django import forms

from core.forms import EvidenceUploadForm
from vendors import choices as c
from vendors.models import Assessment, VendorProduct
from vendors.services.assessments import ANSWER_FIELDS


class AssessmentForm(forms.ModelForm):
    """The answers of DOMAIN.md 8; yes/no answers may stay unanswered until scoring."""

    product = forms.ModelChoiceField(queryset=VendorProduct.objects.select_related("vendor"))

    class Meta:
        model = Assessment
        fields = ["product", *ANSWER_FIELDS]
        # Yes/no answers are null booleans: Django's select offers "Unknown" (unanswered).
        widgets = {
            n: forms.Textarea(attrs={"rows": 2}) for n in ("data_sent", "use_case", "liability_cap")
        }

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
