"""The questionnaire's answers (DOMAIN.md 8) as one Django form: the public page, the
questionnaire services and the assessor's corrections all validate through it, so an
answer refused on the page is refused by the service too, naming the field."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from vendors.choices import AccessType, EvidenceKind
from vendors.models import LONG_TEXT
from vendors.services.assessments import ANSWER_FIELDS

TEXT_MAX = 2_000  # characters per free-text answer through the link
YES_NO = [("", "Choose…"), ("yes", "Yes"), ("no", "No")]
RETENTION_MAX_DAYS = 36_500

HELP = {
    "access_type": "How we reach the product: your API, self-hosted by us, fine-tuned, "
    "or licensed weights.",
    "data_sent": "What data of ours the product receives (e.g. CVs, support tickets).",
    "use_case": "What the product is used for, as you understand our use.",
    "soc2_type2_certified": "A current SOC 2 Type 2 report; please upload it below.",
    "iso27001_certified": "A current ISO 27001 certificate.",
    "penetration_tested": "An independent penetration test in the last 12 months; "
    "upload its summary.",
    "bug_bounty_program": "A public or private bug bounty programme.",
    "data_retention_days": "How many days you keep our inputs and outputs (0 if not kept).",
    "opt_out_of_training": "Whether we can opt out of our data being used to train your models.",
    "sla_uptime_percentage": "The uptime your SLA commits to, in percent (0 to 100), e.g. 99.9.",
    "has_fallback_provider": "Whether we can fail over to another provider or region "
    "if you are down.",
    "has_dpa": "Whether a data processing agreement (GDPR Art. 28) is signed; upload it below.",
    "eu_data_residency": "Whether our data stays in the EU.",
    "liability_cap": "Your contractual liability cap (e.g. 12 months of fees).",
    "audit_rights": "Whether the contract gives us audit rights.",
    "personal_data_sent": "Whether what we send you includes personal data (names, "
    "e-mails, CVs, tickets about people): then a signed DPA is required.",
}
TEXT_FIELDS = ("data_sent", "use_case", "liability_cap")
OPTIONAL_ON_SUBMIT = ("personal_data_sent",)  # its default (no) is an answer
YES_NO_FIELDS = (
    "soc2_type2_certified",
    "iso27001_certified",
    "penetration_tested",
    "bug_bounty_program",
    "opt_out_of_training",
    "has_fallback_provider",
    "has_dpa",
    "eu_data_residency",
    "audit_rights",
    "personal_data_sent",
)
LABELS = {
    "access_type": "Access type",
    "data_sent": "Data sent to you",
    "use_case": "Use case",
    "soc2_type2_certified": "SOC 2 Type 2 certified",
    "iso27001_certified": "ISO 27001 certified",
    "penetration_tested": "Penetration tested",
    "bug_bounty_program": "Bug bounty programme",
    "data_retention_days": "Data retention (days)",
    "opt_out_of_training": "We can opt out of training",
    "sla_uptime_percentage": "SLA uptime (%)",
    "has_fallback_provider": "Fallback provider available",
    "has_dpa": "Data processing agreement (DPA) signed",
    "eu_data_residency": "EU data residency",
    "liability_cap": "Liability cap",
    "audit_rights": "Audit rights",
    "personal_data_sent": "Personal data sent to you",
}


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class AnswersForm(forms.Form):
    """Every answer of DOMAIN.md 8. `complete=True` (a submit) requires them all; a
    draft takes any subset, each one still checked (retention >= 0, uptime 0-100,
    text lengths)."""

    def __init__(self, *args, complete: bool = False, only: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        for name in ANSWER_FIELDS:
            if only and name not in only:
                continue
            self.fields[name] = _field(name, complete)

    @classmethod
    def initial_from(cls, values: Mapping[str, Any]) -> dict[str, Any]:
        """The form's initial data from stored answers (True -> "yes", ...)."""
        shown = {}
        for name, value in values.items():
            if name in YES_NO_FIELDS and isinstance(value, bool):
                value = "yes" if value else "no"
            shown[name] = value
        return shown


def _field(name: str, complete: bool) -> forms.Field:
    # "Personal data sent" defaults to no: never required, even on submit.
    required = complete and name not in OPTIONAL_ON_SUBMIT
    common = {"label": LABELS[name], "help_text": HELP[name], "required": required}
    if name in YES_NO_FIELDS:
        return forms.TypedChoiceField(choices=YES_NO, coerce=_yes_no, empty_value=None, **common)
    if name == "access_type":
        return forms.ChoiceField(choices=[("", "Choose…"), *AccessType.choices], **common)
    if name == "data_retention_days":
        return forms.IntegerField(min_value=0, max_value=RETENTION_MAX_DAYS, **common)
    if name == "sla_uptime_percentage":
        return forms.DecimalField(
            min_value=Decimal(0),
            max_value=Decimal(100),
            max_digits=6,
            decimal_places=3,
            **common,
        )
    return forms.CharField(
        max_length=min(TEXT_MAX, LONG_TEXT), widget=forms.Textarea(attrs={"rows": 3}), **common
    )


def answers_validated(
    answers: Mapping[str, Any], *, complete: bool, only: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The cleaned answers (bool/None, int, Decimal, stripped text), or a ValidationError
    naming each refused field. Accepts stored values (True, 30) as well as the page's
    strings ("yes", "30")."""
    unknown = sorted(set(answers) - set(ANSWER_FIELDS))
    if unknown:
        raise ValidationError({name: ["Not a question of this questionnaire."] for name in unknown})
    form = AnswersForm(AnswersForm.initial_from(answers), complete=complete, only=only)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    cleaned = form.cleaned_data
    for name in OPTIONAL_ON_SUBMIT:  # unanswered is the default, no
        if name in cleaned and cleaned[name] is None:
            cleaned[name] = False
    return cleaned


def answers_stored(cleaned: Mapping[str, Any]) -> dict[str, Any]:
    """Cleaned answers as JSON for the link's draft (a Decimal as its string)."""
    return {
        name: str(value) if isinstance(value, Decimal) else value
        for name, value in cleaned.items()
        if value not in (None, "") and not (name in OPTIONAL_ON_SUBMIT and value is False)
    }


class UploadForm(forms.Form):
    """A document through the link: its kind, the file, when it stops being valid."""

    prefix = "doc"  # its fields and error summary apart from the answers' on one page

    KINDS = [
        (EvidenceKind.SOC2_REPORT, "SOC 2 Type 2 report"),
        (EvidenceKind.DPA, "Data processing agreement (DPA)"),
        (EvidenceKind.PENTEST_SUMMARY, "Penetration test summary"),
    ]
    kind = forms.ChoiceField(choices=KINDS, label="Document")
    file = forms.FileField(label="File", help_text="PDF or image, at most the size shown.")
    expires_on = forms.DateField(
        required=False,
        label="Valid until",
        help_text="The last day the document is valid (required for a SOC 2 report).",
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class SendForm(forms.Form):
    """The assessor sends the questionnaire to a vendor contact."""

    contact_email = forms.EmailField(label="Vendor contact's e-mail")
    days_valid = forms.IntegerField(
        label="Link valid for (days)", initial=14, min_value=1, max_value=90
    )


class ReviewForm(forms.Form):
    """Per answer, an optional correction and the note that says why."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ANSWER_FIELDS:
            field = _field(name, complete=False)
            field.help_text = ""
            field.label = f"Correct: {LABELS[name]}"
            self.fields[f"fix_{name}"] = field
            self.fields[f"note_{name}"] = forms.CharField(
                label=f"Why: {LABELS[name]}", required=False, max_length=TEXT_MAX
            )

    def corrections(self) -> dict[str, tuple[str, str]]:
        """{answer: (raw corrected value, note)} for each answer given a correction."""
        return {
            name: (self.data.get(f"fix_{name}", ""), self.data.get(f"note_{name}", ""))
            for name in ANSWER_FIELDS
            if (self.data.get(f"fix_{name}") or "").strip()
        }
