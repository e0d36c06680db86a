"""Forms of a system's classification (DOMAIN.md 2.1 and 2.2): the six dimensions, a
reviewer's decision on a proposal, reopening, the EU AI Act screening and a new version
of the scoring scheme. They parse what a person typed; the services decide.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from registry import rules
from registry.choices import AIActCategory, AnnexIIIArea
from registry.forms.systems import long_text
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
