"""What the governance board offers as evidence for a framework's requirement
(core.evidence_kinds, registered by governance.contributions): `risk_register`, the
system's risks that carry a board decision.

One record per risk, newest decision first, for every system asked in one query. It
counts until the review its latest decision set falls due (a closed risk has none to
wait for); its fingerprint covers the risk and every decision on it, so a new decision
or a correction sends an acceptance of it back to review.
"""

from __future__ import annotations

import hashlib
from datetime import date
from urllib.parse import urlencode

from django.db.models import F
from django.urls import reverse

from core.dates import day_text
from core.evidence_kinds import Found, FoundEvidence
from governance.choices import RiskStatus
from governance.models import RiskDecision


def risk_register_produce_url(system_id: str) -> str:
    """The risk register filtered to the system."""
    return f"{reverse('governance:risk_list')}?{urlencode({'system': system_id})}"


def risk_register_found(system_pks: list[int], _details: set[str], today: date) -> Found:
    """Each risk of each system with at least one board decision (one query)."""
    decisions = (
        RiskDecision.objects.filter(risk__systems__in=system_pks)
        .annotate(system_pk=F("risk__systems"))
        .select_related("risk")
        .order_by("-decided_at", "-id")
    )
    by_risk: dict[tuple[int, int], list[RiskDecision]] = {}
    for decision in decisions:
        by_risk.setdefault((decision.system_pk, decision.risk_id), []).append(decision)
    found: Found = {}
    for (system_pk, _risk_pk), made in by_risk.items():  # newest decision first
        found.setdefault((system_pk, ""), []).append(_risk_item(made, today))
    return found


def _risk_item(decisions: list[RiskDecision], today: date) -> FoundEvidence:
    """`decisions` on one risk, newest first; the latest not corrected stands."""
    corrected = {d.corrects_id for d in decisions if d.corrects_id}
    standing = next(d for d in decisions if d.pk not in corrected)
    risk = standing.risk
    due = None if risk.status == RiskStatus.CLOSED else standing.next_review
    why = f"its review was due on {day_text(due)}" if due and due < today else ""
    print_of = f"{risk.pk}:" + ",".join(str(d.pk) for d in sorted(decisions, key=lambda d: d.pk))
    return FoundEvidence(
        record_type="governance.risk",
        record_id=str(risk.pk),
        label=f"{risk.risk_id} {risk.title}: {standing.get_kind_display()}, "
        f"{day_text(standing.decided_at)}",
        fingerprint=hashlib.sha256(print_of.encode()).hexdigest(),
        url=reverse("governance:risk_detail", args=[risk.risk_id]),
        expires_on=due,
        current=not why,
        why_not_current=why,
    )
