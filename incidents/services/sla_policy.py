"""Changing the SLA policy (administrators): a new version, audited. Clocks already
running keep the due times they were given; new incidents and later changes (severity,
awareness, facts) use the new version."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.permissions import require
from core.selectors import organisation_profile_get
from core.writes import row_create
from incidents.choices import ClockKind, Severity
from incidents.models import SlaPolicy
from incidents.rules import SLA_KINDS
from incidents.selectors import sla_policy_current


def sla_policy_problems(
    *, minutes, business_day_severities, warn_fractions, gdpr_warn_hours, **_recorded
) -> dict[str, str]:
    problems = {}
    if not isinstance(minutes, dict) or set(minutes) - set(Severity.values):
        problems["minutes"] = "Give minutes by severity (critical, high, medium, low)."
    else:
        for severity, clocks in minutes.items():
            if not isinstance(clocks, dict) or set(clocks) - {str(k) for k in SLA_KINDS}:
                problems["minutes"] = f"{severity}: give minutes by clock ({', '.join(SLA_KINDS)})."
            elif any(not isinstance(m, int) or m < 0 or m > 60 * 24 * 60 for m in clocks.values()):
                problems["minutes"] = f"{severity}: whole minutes from 0 to 60 days."
    marks = {*Severity.values, *(f"{s}.{k}" for s in Severity.values for k in ClockKind.values)}
    if set(business_day_severities) - marks:
        problems["business_day_severities"] = "Name severities, or severity.clock."
    if not warn_fractions or any(not 0 < f < 1 for f in warn_fractions):
        problems["warn_fractions"] = "Fractions of the window between 0 and 1, e.g. 0.5."
    if not 1 <= gdpr_warn_hours <= 71:
        problems["gdpr_warn_hours"] = "Between 1 and 71 hours."
    return problems


def calendar_in_force() -> str:
    """The organisation profile's holiday calendar as a short code: "DE", "US-NY"."""
    profile = organisation_profile_get()
    region = f"-{profile.holiday_subdivision}" if profile.holiday_subdivision else ""
    return f"{profile.holiday_country}{region}"[:10]


@transaction.atomic
def sla_policy_change(
    *,
    actor,
    minutes: dict,
    business_day_severities: list[str],
    warn_fractions: list[float],
    gdpr_warn_hours: int,
) -> SlaPolicy:
    """Publish the next version of the SLA policy (administrators). Business days follow
    the organisation profile's calendar (DOMAIN.md 13); the version records the holiday
    country (and region) in force when it was published, for the record only."""
    require(actor, "incidents.sla.change")
    terms = {
        "minutes": minutes,
        "business_day_severities": list(business_day_severities),
        "holiday_country": calendar_in_force(),
        "warn_fractions": sorted(float(f) for f in warn_fractions),
        "gdpr_warn_hours": gdpr_warn_hours,
    }
    problems = sla_policy_problems(**terms)
    if problems:
        raise ValidationError({k: [v] for k, v in problems.items()})
    # Serialise publishers; an empty table means version 1's defaults are in force.
    SlaPolicy.objects.select_for_update().order_by("-version").first()
    before = sla_policy_current()
    changes = {
        name: [getattr(before, name), value]
        for name, value in terms.items()
        if getattr(before, name) != value
    }
    return row_create(
        actor=actor,
        model=SlaPolicy,
        values={
            "version": before.version + 1,
            "changed_by": actor,
            "changed_at": timezone.now(),
            **terms,
        },
        action="incident_sla.changed",
        audit_changes=changes,  # what changed from the version before
        validate=_terms_checked,
    )


def _terms_checked(policy: SlaPolicy) -> None:
    """sla_policy_problems judged the terms, where empty is a choice (no business-day
    severities, no minutes changed from the defaults), not a blank field."""
    policy.full_clean(
        exclude=["minutes", "business_day_severities", "changed_by"], validate_unique=False
    )
