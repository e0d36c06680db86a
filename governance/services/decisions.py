"""The board's decision on a risk in a review session, and what it does to the risk."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.models import User
from core.permissions import require
from core.writes import row_create, row_lock, row_update
from governance import choices as c
from governance.models import ReviewSession, Risk, RiskDecision
from governance.rules import risks as rules
from governance.services.risk_deadlines import risk_deadlines_sync
from governance.services.risks import risk_snapshot
from governance.services.sessions import session_refuse_if_closed


def _risk_changes(kind: str, today: date, owner: User | None, due: date | None) -> dict:
    """What a decision sets on the risk: its review dates, and for a mitigation its owner
    and due date, for a closing its status."""
    values = {"last_reviewed": today, "next_review": rules.next_review_after(today)}
    if kind == c.DecisionKind.MITIGATE:
        values.update(owner_user=owner, mitigation_due=due)
    if kind == c.DecisionKind.CLOSE:
        values["status"] = c.RiskStatus.CLOSED
    return values


def _corrects_problems(session, risk, corrects) -> dict[str, str]:
    if corrects is None:
        if not session.risks.filter(pk=risk.pk).exists():
            return {"risk": f"{risk.risk_id} is not on this session's agenda."}
        return {}
    if corrects.risk_id != risk.pk:
        return {"corrects": "A correction is about the same risk as the decision it corrects."}
    if RiskDecision.objects.filter(corrects=corrects).exists():
        return {"corrects": "That decision was corrected already: correct the latest one."}
    return {}


def _problems(session, risk, kind, rationale, owner, due, corrects, today) -> dict:
    problems = {
        **_corrects_problems(session, risk, corrects),
        **rules.decision_problems(
            kind=kind,
            rationale=rationale,
            mitigation_owner_id=owner.pk if owner else None,
            mitigation_due=due,
            today=today,
        ),
    }
    if kind not in c.DecisionKind.values:
        problems["kind"] = "Choose accept, require mitigation, escalate or close."
    return problems


def _decision_changes(session, risk, kind, rationale, corrects) -> dict:
    """What the audit trail records of a decision (the risk by its ID)."""
    return {
        "session": [None, session.pk],
        "risk": [None, risk.risk_id],
        "kind": [None, kind],
        "rationale": [None, rationale],
        "corrects": [None, corrects.pk if corrects else None],
    }


@transaction.atomic
def decision_record(
    *,
    actor,
    session: ReviewSession,
    risk: Risk,
    kind: str,
    rationale: str,
    mitigation_owner: User | None = None,
    mitigation_due: date | None = None,
    corrects: RiskDecision | None = None,
) -> RiskDecision:
    """Record the board's decision on `risk` in an open `session`, with its rationale.

    Sets the risk's last review to today and its next one from the cadence
    (rules.REVIEW_CADENCE_MONTHS); "require mitigation" also sets the risk's owner and
    mitigation due date, "close" its status. A correction names the decision it corrects
    (possibly of a closed session); the corrected decision stays in its minutes.
    """
    session = row_lock(session)
    require(actor, "governance.decision.record", session)
    session_refuse_if_closed(session)
    risk = row_lock(risk)
    today = timezone.localdate()
    owner, due = mitigation_owner, mitigation_due
    problems = _problems(session, risk, kind, rationale, owner, due, corrects, today)
    if problems:
        raise ValidationError(problems)
    if kind != c.DecisionKind.MITIGATE:
        owner = due = None
    values = _risk_changes(kind, today, owner, due)
    rationale = rationale.strip()
    decision = row_create(
        actor=actor,
        model=RiskDecision,
        values={
            "session": session,
            "risk": risk,
            "kind": kind,
            "rationale": rationale,
            "mitigation_owner": owner,
            "mitigation_due": due,
            "next_review": values["next_review"],
            "corrects": corrects,
            "decided_by": actor,
        },
        action="risk_decision.recorded",
        audit_changes=_decision_changes(session, risk, kind, rationale, corrects),
    )
    if corrects is not None:
        session.risks.add(risk)  # the minutes list what the session decided on
    row_update(
        actor=actor,
        obj=risk,
        values=values,
        action="risk.reviewed",
        audit_extra={"decision": decision.pk},
        snapshot=risk_snapshot,  # the owner by e-mail, as every other risk event
    )
    risk_deadlines_sync(actor=actor, risk=risk)
    return decision
