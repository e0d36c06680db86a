"""Forms of the review sessions' pages: they parse; the services decide and name the
field of any refusal (core.forms.add_service_errors puts it on the form)."""

from __future__ import annotations

from django import forms

from core.choices import Role
from core.models import User
from core.selectors import users_with_role
from governance import choices as c
from governance.models import Risk, RiskDecision
from registry.models import LONG_TEXT


def board_people():
    """Who can attend or own a mitigation: board members and administrators first."""
    return User.objects.filter(is_active=True).order_by("email")


def _board_members():
    """Board members, administrators and superusers (active), by e-mail."""
    superusers = User.objects.filter(is_superuser=True, is_active=True)
    return (users_with_role([Role.BOARD, Role.ADMIN]) | superusers).order_by("email")


class SessionOpenForm(forms.Form):
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(
        choices=c.SessionKind.choices,
        widget=forms.RadioSelect,
        help_text="A quarterly review takes every open risk due on the day.",
    )
    held_on = forms.DateField(label="Held on", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.ChoiceField(
        choices=[("", "—"), *c.AdHocReason.choices], required=False, label="Ad-hoc reason"
    )
    reason_detail = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=LONG_TEXT,
        label="What prompted it",
    )
    risks = forms.ModelMultipleChoiceField(
        queryset=Risk.objects.filter(status=c.RiskStatus.OPEN).order_by("risk_id"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Risks to review (ad-hoc)",
    )
    attendees = forms.ModelMultipleChoiceField(
        queryset=_board_members(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required_when = "required for an ad-hoc review"
        self.fields["risks"].required_when = "required for an ad-hoc review"


class AttendeesForm(forms.Form):
    attendees = forms.ModelMultipleChoiceField(
        queryset=_board_members(), required=False, widget=forms.CheckboxSelectMultiple
    )


class SessionCloseForm(forms.Form):
    """Closing is for good (the minutes become final): it is confirmed, not one click."""

    confirm = forms.BooleanField(
        label="The minutes are complete: close the session and make them final",
        error_messages={
            "required": "Tick the box to confirm: once closed, the minutes cannot change."
        },
    )


class DecisionForm(forms.Form):
    risk = forms.ModelChoiceField(queryset=Risk.objects.none(), label="Risk")
    kind = forms.ChoiceField(choices=c.DecisionKind.choices, label="Decision")
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT, label="Rationale"
    )
    mitigation_owner = forms.ModelChoiceField(
        queryset=board_people(), required=False, label="Mitigation owner"
    )
    mitigation_due = forms.DateField(
        required=False, label="Mitigation due", widget=forms.DateInput(attrs={"type": "date"})
    )
    corrects = forms.ModelChoiceField(
        queryset=RiskDecision.objects.none(),
        required=False,
        label="Corrects an earlier decision",
        help_text="Only for a correction: the earlier decision stays in its minutes.",
    )

    def __init__(self, *args, risks=None, **kwargs):
        super().__init__(*args, **kwargs)
        risks = risks if risks is not None else Risk.objects.all()
        self.fields["risk"].queryset = risks
        self.fields["corrects"].queryset = (
            RiskDecision.objects.filter(risk__in=risks, corrected_by__isnull=True)
            .select_related("risk", "session")
            .order_by("-decided_at")
        )
        self.fields["corrects"].label_from_instance = lambda d: (
            f"{d.risk.risk_id}: {d.get_kind_display()} ({d.session.title}, {d.decided_at:%Y-%m-%d})"
        )
        self.fields["mitigation_owner"].required_when = "required for mitigation"
        self.fields["mitigation_due"].required_when = "required for mitigation"
