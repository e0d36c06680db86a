"""The governance board's layer: the organisation's risk register (DOMAIN.md section 5).

Review sessions and their decisions are here too; audit packs are in packs.py.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import person_or_team, user_fk
from governance import choices as c
from registry.models import LONG_TEXT, AISystem, SystemControl

RISK_ID_URL_PATTERN = "[A-Za-z0-9-]{1,20}"
risk_id_validator = RegexValidator(
    r"^RISK-\d{3,6}$", "Use the form RISK-001: 'RISK-' and three to six digits."
)


def _in_scale(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 1, f"{field}__lte": 5}), name=f"risk_{field}_1_to_5"
    )


class Risk(models.Model):
    """One entry of the organisational risk register, rated before and after controls.

    Scores and levels are stored (written by the services from governance.rules.risks) so
    the register filters and sorts on them in SQL.
    """

    risk_id = models.CharField(
        "risk ID", max_length=11, unique=True, validators=[risk_id_validator]
    )
    title = models.CharField("short title", max_length=200)
    description = models.TextField(validators=[MaxLengthValidator(LONG_TEXT)])
    affected_stakeholders = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    category = models.CharField(max_length=20, choices=c.RiskCategory.choices)
    status = models.CharField(
        max_length=10, choices=c.RiskStatus.choices, default=c.RiskStatus.OPEN
    )
    inherent_likelihood = models.PositiveSmallIntegerField()
    inherent_impact = models.PositiveSmallIntegerField()
    inherent_score = models.PositiveSmallIntegerField()
    inherent_level = models.CharField(max_length=10, choices=c.RiskLevel.choices)
    residual_likelihood = models.PositiveSmallIntegerField()
    residual_impact = models.PositiveSmallIntegerField()
    residual_score = models.PositiveSmallIntegerField()
    residual_level = models.CharField(max_length=10, choices=c.RiskLevel.choices)
    existing_controls = models.ManyToManyField(SystemControl, blank=True, related_name="risks")
    owner_user, owner_team = person_or_team("owner", related_name="owned_risks")
    mitigation_plan = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    mitigation_due = models.DateField("mitigation due date", null=True, blank=True)
    last_reviewed = models.DateField(null=True, blank=True)
    next_review = models.DateField("next scheduled review", null=True, blank=True)
    regulatory_reference = models.CharField(max_length=200, blank=True)
    systems = models.ManyToManyField(AISystem, blank=True, related_name="risks")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["risk_id"]
        indexes = [
            models.Index(fields=["category"]),
            models.Index(fields=["inherent_level"]),
            models.Index(fields=["residual_level"]),
            models.Index(fields=["next_review"]),
            models.Index(fields=["mitigation_due"]),
            # The board's reads of open risks, each from an index alone (no table rows)
            # at an enterprise's size (issue 21, bench/scale.py): both heat maps' cells
            # in one pass (residual first: the board's page counts it alone), the "due
            # for review" count, and the trend's count of open high and critical risks
            # by creation date (the id for the changed ones it leaves out).
            models.Index(
                fields=[
                    "residual_likelihood",
                    "residual_impact",
                    "inherent_likelihood",
                    "inherent_impact",
                ],
                condition=Q(status="open"),
                name="risk_open_cells",
            ),
            models.Index(
                fields=["next_review"], condition=Q(status="open"), name="risk_open_review"
            ),
            models.Index(
                fields=["created_at"],
                include=["id"],
                condition=Q(status="open", residual_level__in=["high", "critical"]),
                name="risk_open_high_created",
            ),
        ]
        constraints = [
            *(
                _in_scale(f)
                for f in (
                    "inherent_likelihood",
                    "inherent_impact",
                    "residual_likelihood",
                    "residual_impact",
                )
            ),
            models.CheckConstraint(
                condition=Q(owner_user__isnull=False) | Q(owner_team__isnull=False),
                name="risk_has_an_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.risk_id} {self.title}"


class ReviewSession(models.Model):
    """A meeting of the governance board that reviews a list of risks (DOMAIN.md 5): the
    quarterly agenda of everything due, or an ad-hoc review with its reason.

    Its decisions are the minutes; once `closed_at` is set they cannot change (the
    services refuse, and a trigger refuses UPDATE and DELETE of their rows)."""

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=c.SessionKind.choices)
    reason = models.CharField(max_length=20, choices=c.AdHocReason.choices, blank=True)
    reason_detail = models.TextField(
        "what prompted it", blank=True, validators=[MaxLengthValidator(LONG_TEXT)]
    )
    held_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=c.SessionStatus.choices, default=c.SessionStatus.OPEN
    )
    risks = models.ManyToManyField(Risk, related_name="review_sessions")
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="review_sessions"
    )
    opened_by = user_fk()
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = user_fk(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="quarterly", reason="") | Q(kind="ad_hoc") & ~Q(reason=""),
                name="session_ad_hoc_has_a_reason",
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | Q(status="closed", closed_at__isnull=False),
                name="session_closed_has_a_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%Y-%m-%d})"

    @property
    def is_closed(self) -> bool:
        return self.status == c.SessionStatus.CLOSED


class RiskDecision(models.Model):
    """The board's decision on one risk in one session, with its rationale. A correction
    is a new decision that names the one it corrects; the corrected one stays."""

    session = models.ForeignKey(ReviewSession, on_delete=models.PROTECT, related_name="decisions")
    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=10, choices=c.DecisionKind.choices)
    rationale = models.TextField(validators=[MaxLengthValidator(LONG_TEXT)])
    mitigation_owner = user_fk(null=True, blank=True)
    mitigation_due = models.DateField(null=True, blank=True)
    next_review = models.DateField("next review it set")
    corrects = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrected_by"
    )
    decided_by = user_fk()
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided_at", "id"]
        indexes = [models.Index(fields=["risk", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="mitigate")
                | Q(mitigation_owner__isnull=False, mitigation_due__isnull=False),
                name="decision_mitigation_has_owner_and_due",
            ),
        ]

    def __str__(self) -> str:
        # The audit trail's name for it: the risk by its ID, and what was decided.
        return f"{self.risk.risk_id}: {self.get_kind_display()}"
