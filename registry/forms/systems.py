"""Forms of a system, its required controls and its reviews, and the registry's long
text field. They parse and check what a person typed; the services decide whether it
may be saved (and say why not, by field name). A system's classification and screening:
registry.forms.classification.
"""

from __future__ import annotations

from django import forms

from core.choices import Role
from core.models import Team, User
from core.permissions import is_admin, teams_where
from registry import rules
from registry.choices import ControlStatus, Regulation
from registry.models import LONG_TEXT, AISystem
from registry.services import STAGE_READ_ONLY, SYSTEM_CREATE_FIELDS

LONG_TEXT_HELP = f"Up to {LONG_TEXT:,} characters."
RECLASSIFY_HELP = "Changing this on a classified system flags it for re-classification."


def long_text(label: str, *, required: bool = False, help_text: str = "", rows: int = 4):
    return forms.CharField(
        label=label,
        required=required,
        max_length=LONG_TEXT,
        help_text=" ".join(filter(None, [help_text, LONG_TEXT_HELP])),
        widget=forms.Textarea(attrs={"rows": rows}),
    )


# --- systems ------------------------------------------------------------------------


def owner_teams_for(user):
    """The teams a person may place a system in: all for administrators, else their own."""
    if is_admin(user):
        return Team.objects.all()
    return Team.objects.filter(pk__in=teams_where(user, Role.PRODUCT_OWNER))


# The system form's sections, in the page's order: each a legend and its fields.
SYSTEM_SECTIONS = (
    (
        "Identity",
        (
            "system_id",
            "name",
            "description",
            "owner_team",
            "incident_contact_user",
            "incident_contact_team",
            "incident_contact",
        ),
    ),
    ("What runs, and where", ("lifecycle_stage", "deployment_date", "model_version")),
    (
        "Use and the people it affects",
        (
            "intended_uses",
            "prohibited_uses",
            "user_population",
            "decision_type",
            "deployment_scale",
        ),
    ),
    (
        "Regulation",
        (
            "processes_eu_personal_data",
            "legal_effect_decisions",
            "regulatory_scope",
            "ai_act_role",
            "eu_database_number",
        ),
    ),
)


class SystemForm(forms.ModelForm):
    """Register or edit an AI system. On edit the system ID is shown but fixed."""

    description = long_text(
        "Description", required=True, help_text="What the system does and for whom.", rows=5
    )
    intended_uses = long_text("Intended uses", help_text=RECLASSIFY_HELP)
    prohibited_uses = long_text("Prohibited uses", help_text="Uses the system must not be put to.")
    regulatory_scope = forms.MultipleChoiceField(
        label="Regulatory scope",
        required=False,
        choices=Regulation.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Every regulation and framework that applies to this system.",
    )

    class Meta:
        model = AISystem
        fields = SYSTEM_CREATE_FIELDS
        widgets = {"deployment_date": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "system_id": (
                "The next free ID is filled in; any unused 'SYS-' and three to six digits "
                "will do. It cannot change later."
            ),
            "owner_team": "The team that owns and maintains the system.",
            "deployment_date": "When it went (or goes) live, if known.",
            "model_version": "The model or API version actually running, e.g. gpt-4o-2024-08-06.",
            "user_population": f"Who the output affects. {RECLASSIFY_HELP}",
            "decision_type": f"The kind of decision the output makes or shapes. {RECLASSIFY_HELP}",
            "deployment_scale": f"How many people it reaches. {RECLASSIFY_HELP}",
            "incident_contact_user": (
                "The person who works its incidents with the responders (optional)."
            ),
            "incident_contact_team": (
                "Or the team whose members work its incidents with the responders."
            ),
            "incident_contact": (
                "An on-call alias or mailbox to show people. It gives nobody any rights: "
                "name a person or a team above for that."
            ),
            "legal_effect_decisions": "E.g. hiring, credit, benefits, insurance decisions.",
        }

    def clean_ai_act_role(self) -> str:
        return self.cleaned_data["ai_act_role"] or self.instance.ai_act_role

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = self.instance.pk is not None
        team = self.fields["owner_team"]
        team.queryset = owner_teams_for(actor)
        team.empty_label = "Choose a team"
        if not self.editing and not self.is_bound and len(teams := list(team.queryset)) == 1:
            self.initial["owner_team"] = teams[0].pk
        contact = self.fields["incident_contact_user"]
        contact.queryset = User.objects.filter(is_active=True).order_by("full_name", "email")
        contact.label_from_instance = lambda person: f"{person.display_name} ({person.email})"
        for name in ("user_population", "decision_type", "deployment_scale"):
            field = self.fields[name]
            field.choices = [("", "Not recorded"), *[c for c in field.choices if c[0] != ""]]
        # Our AI Act role keeps its value (provider by default) when a form leaves it out.
        self.fields["ai_act_role"].required = False
        if self.editing:
            self.fields["system_id"].disabled = True
            self.fields["system_id"].help_text = "The system ID of a registered system is fixed."
            # Shown, never taken from the form: a stage changes only by passing a gate.
            self.fields["lifecycle_stage"].disabled = True
            self.fields["lifecycle_stage"].help_text = f"Read-only. {STAGE_READ_ONLY}"

    def _post_clean(self):
        # The services validate the system as a whole (ID format, uniqueness, limits);
        # the form only parses what was typed.
        pass

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Each section's legend with its fields, for the page's fieldsets."""
        return [(legend, [self[name] for name in names]) for legend, names in SYSTEM_SECTIONS]

    def service_data(self) -> dict:
        """The cleaned values as the services take them (the fixed ID left out on edit)."""
        return {
            name: self.cleaned_data.get(name)
            for name in SYSTEM_CREATE_FIELDS
            if not self.fields[name].disabled
        }


# --- required controls ----------------------------------------------------------------


class ControlUpdateForm(forms.Form):
    """A required control's status, justification and evidence (registry.rules decides
    what a status needs, here and in the service alike)."""

    status = forms.ChoiceField(label="Status", choices=ControlStatus.choices)
    justification = long_text(
        "Justification",
        help_text="Why the control does not apply to this system.",
        rows=2,
    )
    evidence_links = long_text(
        "Evidence links", help_text="One link or reference per line.", rows=2
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Shown beside the label in place of "(optional)" (components/field.html).
        self.fields["justification"].required_when = "required if not applicable"

    def clean(self):
        cleaned = super().clean()
        if "status" in cleaned:
            problems = rules.control_status_problems(
                status=cleaned["status"], justification=cleaned.get("justification", "")
            )
            for field, message in problems.items():
                if field not in self.errors:
                    self.add_error(field, message)
        return cleaned


# --- reviews ------------------------------------------------------------------------------


class SystemReviewForm(forms.Form):
    note = forms.CharField(
        label="What the review found",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept on the system as a dated record; the next review is set from the tier.",
    )


class ReviewCadenceForm(forms.Form):
    """Months between system reviews, one field per tier."""

    critical = forms.IntegerField(
        label="Critical: months between reviews", min_value=1, max_value=36
    )
    high = forms.IntegerField(label="High: months between reviews", min_value=1, max_value=36)
    medium = forms.IntegerField(label="Medium: months between reviews", min_value=1, max_value=36)
    low = forms.IntegerField(label="Low: months between reviews", min_value=1, max_value=36)
