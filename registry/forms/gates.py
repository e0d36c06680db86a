"""Forms of the lifecycle gate pages: they parse what a person typed; the gate services
decide whether it may be saved (and say why not, by field name)."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError

from core.choices import Role
from registry.choices import ApprovalDecision, RiskTier
from registry.forms.systems import long_text
from registry.rules import gate_test_report_problems

REQUIREMENT_HELP = (
    "One per line: a key (letters, digits, dashes), a bar, then the name, e.g. "
    "“model-card | Model card (final)”."
)
IF_APPLICABLE = "if applicable"


def requirements_text(items: list[dict]) -> str:
    """A gate's artifact or test list as the edit form shows it, one per line."""
    lines = []
    for item in items or []:
        parts = [item["key"], item["name"]]
        if item.get("if_applicable"):
            parts.append(IF_APPLICABLE)
        lines.append(" | ".join(parts))
    return "\n".join(lines)


def parse_requirements(text: str) -> list[dict]:
    """'key | name [| if applicable]' per line into [{"key", "name"(, "if_applicable")}]."""
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
            raise ValidationError(f"Line {number}: write “key | name”.")
        if len(parts) == 3 and parts[2].lower() != IF_APPLICABLE:
            raise ValidationError(f"Line {number}: the third part may only be “{IF_APPLICABLE}”.")
        if not parts[0].replace("-", "").replace("_", "").isalnum():
            raise ValidationError(f"Line {number}: a key has letters, digits and dashes only.")
        item = {"key": parts[0], "name": parts[1]}
        if len(parts) == 3:
            item["if_applicable"] = True
        items.append(item)
    return items


class GateDefinitionForm(forms.Form):
    """An administrator's edit of a gate, saved as its next version."""

    name = forms.CharField(label="Name", max_length=120)
    artifacts = forms.CharField(
        label="Artifacts",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=REQUIREMENT_HELP,
    )
    approvals = forms.MultipleChoiceField(
        label="Approvals (one slot per role)",
        required=False,
        choices=[(r, label) for r, label in Role.choices if r != Role.ADMIN],
        widget=forms.CheckboxSelectMultiple,
    )
    tests = forms.CharField(
        label="Tests",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=REQUIREMENT_HELP + f" Add “| {IF_APPLICABLE}” to a test that is not always run.",
    )
    tiers = forms.MultipleChoiceField(
        label="Tiers the gate applies to",
        choices=RiskTier.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="For other tiers the gate passes as “gate not required for this risk tier”.",
    )
    blocking = forms.BooleanField(
        label="Blocking (a failed gate stops the move)",
        required=False,
        help_text="A non-blocking gate lets the system proceed with a remediation plan.",
    )
    requires_checklist = forms.BooleanField(
        label="The pre-deployment checklist must be complete", required=False
    )
    note = long_text("Why this change", rows=3, help_text="Kept with the new version.")

    @classmethod
    def initial_from(cls, gate) -> dict:
        return {
            "name": gate.name,
            "artifacts": requirements_text(gate.artifacts),
            "approvals": list(gate.approvals),
            "tests": requirements_text(gate.tests),
            "tiers": list(gate.tiers),
            "blocking": gate.blocking,
            "requires_checklist": gate.requires_checklist,
        }

    def clean_artifacts(self) -> list[dict]:
        return parse_requirements(self.cleaned_data["artifacts"])

    def clean_tests(self) -> list[dict]:
        return parse_requirements(self.cleaned_data["tests"])


class GateRequestOpenForm(forms.Form):
    summary = long_text(
        "Summary for the approvers",
        help_text="What changes with this move, and anything the approvers should know.",
    )


class ArtifactFileForm(forms.Form):
    requirement = forms.CharField(widget=forms.HiddenInput, max_length=80)
    file = forms.FileField(label="File", help_text="PDF, image, text, CSV, office document…")


class ArtifactRecordForm(forms.Form):
    """Link a portal record: the choices are the system's own records (see gate views)."""

    requirement = forms.CharField(widget=forms.HiddenInput, max_length=80)
    record = forms.ChoiceField(label="Portal record")

    def __init__(self, *args, records: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record"].choices = [("", "Choose a record"), *records]

    def record_ref(self) -> tuple[str, int]:
        record_type, _, record_id = self.cleaned_data["record"].partition(":")
        return record_type, int(record_id)


class TestResultForm(forms.Form):
    requirement = forms.CharField(widget=forms.HiddenInput, max_length=80)
    name = forms.CharField(label="Test name", max_length=200, required=False)
    passed = forms.TypedChoiceField(
        label="Result",
        choices=[("true", "Passed"), ("false", "Failed")],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
    )
    run_on = forms.DateField(label="Run on", widget=forms.DateInput(attrs={"type": "date"}))
    report = forms.FileField(label="Report file", required=False)
    report_url = forms.URLField(
        label="or a link to the report", required=False, max_length=500, assume_scheme="https"
    )

    def clean(self):
        data = super().clean()
        link = data.get("report_url") or ""
        problems = gate_test_report_problems(has_file=bool(data.get("report")), link=link)
        if problems:
            raise ValidationError(problems)
        return data


def gate_test_values(data: Mapping) -> dict:
    """A test result as the page's form and the API both take it (the same fields), in
    the keywords of registry.services.gate_test_record."""
    return {
        "requirement": data["requirement"],
        "passed": data["passed"],
        "run_on": data["run_on"],
        "report_upload": data.get("report"),
        "report_url": data.get("report_url") or "",
        "name": data.get("name") or None,
    }


class ApprovalForm(forms.Form):
    role = forms.ChoiceField(widget=forms.HiddenInput, choices=Role.choices)
    decision = forms.ChoiceField(
        label="Decision",
        choices=[
            (ApprovalDecision.APPROVED, "Approve"),
            (ApprovalDecision.REJECTED, "Reject"),
        ],
        widget=forms.RadioSelect,
    )
    comment = long_text(
        "Comment", rows=3, help_text="Required when you reject: say what must change."
    )


class RemediationForm(forms.Form):
    plan = long_text("Remediation plan", required=True)
    owner = forms.ChoiceField(label="Owner of the plan")
    due = forms.DateField(label="Due", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, owners: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Choose a person"), *owners]


class RemediationCompleteForm(forms.Form):
    outcome = long_text(
        "What was done",
        required=True,
        rows=3,
        help_text="Kept on the request; marking the plan done meets its deadline.",
    )


class WithdrawForm(forms.Form):
    reason = long_text("Why the request is withdrawn", required=True, rows=2)


class SubmitForm(forms.Form):
    """Submitting a draft asks nothing more: the confirmed button is the decision."""
