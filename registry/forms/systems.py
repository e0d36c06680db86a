"""Forms of the registry's pages. They parse and check what a person typed; the
services decide whether it may be saved (and say why not, by field name).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from core.choices import Role
from core.models import Team, User
from core.permissions import is_admin, teams_where
from registry import rules
from registry.choices import (
    AIActCategory,
    AnnexIIIArea,
    ControlStatus,
    Regulation,
)
from registry.models import LONG_TEXT, AISystem
from registry.services import STAGE_READ_ONLY, SYSTEM_CREATE_FIELDS
from registry.vocabulary import (
    AI_ACT_ANSWER_KEYS,
    AI_ACT_SCREENING_QUESTIONS,
    DIMENSION_INFO,
    DIMENSIONS,
    THRESHOLD_TIERS,
    TIER_ORDER,
    points_label,
    tier_label,
)

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


# --- classification -----------------------------------------------------------------


def dimension_choices(dimension: str, scheme: rules.Scheme) -> list[tuple[str, str]]:
    info = DIMENSION_INFO[dimension]
    return [
        (value, f"{label} ({points_label(scheme.points[dimension][value])})")
        for value, label in info.choices.choices
    ]


class ClassificationForm(forms.Form):
    """The six dimensions of DOMAIN.md 2.1 as radio groups, with their points under the
    scheme in force, and the rationale."""

    rationale = long_text(
        "Rationale",
        required=True,
        help_text="Why these values describe the system; name the evidence you used.",
    )

    def __init__(self, *args, scheme: rules.Scheme, **kwargs):
        super().__init__(*args, **kwargs)
        dimension_fields = {
            name: forms.ChoiceField(
                label=info.label,
                choices=dimension_choices(name, scheme),
                widget=forms.RadioSelect,
                help_text=info.help,
            )
            for name, info in DIMENSION_INFO.items()
        }
        self.fields = {**dimension_fields, "rationale": self.fields["rationale"]}

    def inputs(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in DIMENSIONS}


class ReviewDecisionForm(forms.Form):
    """A reviewer's decision on a waiting proposal; answering differently uses the
    classification form itself."""

    DECISIONS = [("confirm", "Confirm the proposal"), ("reject", "Reject the proposal")]
    decision = forms.ChoiceField(choices=DECISIONS, widget=forms.RadioSelect)
    note = long_text("Note", help_text="Required when rejecting: say why.", rows=2)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why reopen the classification",
        max_length=60,
        help_text="Shown on the system as the reason it needs re-classification.",
    )


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


# --- EU AI Act screening ----------------------------------------------------------------

YES_NO = [("yes", "Yes"), ("no", "No")]
CATEGORY_HELP = (
    "Prohibited: social scoring, manipulation, exploiting vulnerabilities, real-time remote "
    "biometric identification for law enforcement. High-risk: an Annex III area. Limited: "
    "chatbots and emotion recognition (must disclose they are AI). Minimal: forecasting, "
    "recommendations, internal helpers."
)


def _yes(value: str) -> bool:
    return value == "yes"


class AIActScreeningForm(forms.Form):
    """The four screening questions (any yes presumes high-risk) and the decision."""

    category = forms.ChoiceField(
        label="EU AI Act category",
        choices=[c for c in AIActCategory.choices if c[0] != AIActCategory.UNASSESSED],
        widget=forms.RadioSelect,
        help_text=CATEGORY_HELP,
    )
    annex_area = forms.ChoiceField(
        label="Annex III area",
        required=False,
        choices=[("", "None (not high-risk)"), *AnnexIIIArea.choices],
        help_text="Required for high-risk systems; leave empty otherwise.",
    )
    rationale = long_text(
        "Rationale",
        help_text="Required when a presumed high-risk system is decided otherwise (Legal only).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        questions = {
            key: forms.TypedChoiceField(
                label=question, choices=YES_NO, coerce=_yes, widget=forms.RadioSelect
            )
            for key, question in zip(AI_ACT_ANSWER_KEYS, AI_ACT_SCREENING_QUESTIONS, strict=True)
        }
        self.fields = {**questions, **self.fields}

    def answers(self) -> dict[str, bool]:
        return {key: self.cleaned_data[key] for key in AI_ACT_ANSWER_KEYS}


# --- scoring scheme ---------------------------------------------------------------------


def scheme_field_name(path: str) -> str:
    """A service's field path ('points.human_oversight.none') as a form field name."""
    return path.replace(".", "__")


class ScoringSchemeForm(forms.Form):
    """A new version of the scoring scheme: points per value, thresholds, per-tier controls.

    Starts from the version in force. Whole numbers of 0 or more are checked here; the
    service checks the rest (thresholds strictly descending, controls in the library).
    """

    def __init__(self, *args, scheme: rules.Scheme, control_choices, **kwargs):
        super().__init__(*args, **kwargs)
        for dimension, info in DIMENSION_INFO.items():
            for value, label in info.choices.choices:
                name = scheme_field_name(f"points.{dimension}.{value}")
                self.fields[name] = forms.IntegerField(
                    label=f"{info.label}: {label}", min_value=0, max_value=1000
                )
                self.initial.setdefault(name, scheme.points[dimension][value])
        for tier in THRESHOLD_TIERS:
            name = scheme_field_name(f"thresholds.{tier}")
            self.fields[name] = forms.IntegerField(
                label=f"{tier_label(tier)} from score", min_value=0, max_value=10000
            )
            self.initial.setdefault(name, scheme.thresholds[tier])
        for tier in TIER_ORDER[::-1]:
            name = scheme_field_name(f"controls.{tier}")
            self.fields[name] = forms.MultipleChoiceField(
                label=f"Controls a {tier_label(tier)} system requires",
                choices=control_choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            self.initial.setdefault(name, list(scheme.tier_controls.get(tier, ())))
        self.fields["note"] = long_text("What changes and why", required=True, rows=2)

    def dimension_groups(self) -> list[tuple[str, list]]:
        return [
            (info.label, [self[scheme_field_name(f"points.{d}.{v}")] for v in info.choices.values])
            for d, info in DIMENSION_INFO.items()
        ]

    def threshold_fields(self) -> list:
        return [self[scheme_field_name(f"thresholds.{t}")] for t in THRESHOLD_TIERS]

    def control_fields(self) -> list:
        return [self[scheme_field_name(f"controls.{t}")] for t in TIER_ORDER[::-1]]

    def scheme_data(self) -> dict:
        """The cleaned values as `scoring_scheme_publish` takes them."""
        data = self.cleaned_data
        return {
            "points": {
                d: {v: data[scheme_field_name(f"points.{d}.{v}")] for v in info.choices.values}
                for d, info in DIMENSION_INFO.items()
            },
            "thresholds": {t: data[scheme_field_name(f"thresholds.{t}")] for t in THRESHOLD_TIERS},
            "tier_controls": {
                t: list(data[scheme_field_name(f"controls.{t}")]) for t in TIER_ORDER
            },
            "note": data["note"],
        }

    def add_service_errors(self, exc: ValidationError) -> None:
        """The service names fields by path (points.human_oversight.none): each error
        lands on its field here (core.forms.add_service_errors knows plain names only)."""
        for path, messages in exc.message_dict.items():
            name = scheme_field_name(path)
            self.add_error(name if name in self.fields else None, messages)


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
