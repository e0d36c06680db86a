"""The board's evidence kind (core.evidence_kinds, issue 19): `risk_register`, the
system's risks that carry a board decision, until the review the decision set falls due;
a new decision or a correction changes the fingerprint; a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from core.evidence_kinds import evidence_found, evidence_kind
from governance.services.decisions import decision_record
from governance.services.sessions import session_open
from tests.factories import AISystemFactory, RiskFactory

pytestmark = pytest.mark.django_db

DAY = "2026-11-30 10:00Z"


def ad_hoc(actor, *risks):
    return session_open(
        actor=actor,
        title="Model update",
        kind="ad_hoc",
        reason="model_update",
        held_on=date(2026, 11, 30),
        risks=risks,
    )


def accept(personas, risk, session=None, **fields):
    return decision_record(
        actor=personas.board,
        session=session or ad_hoc(personas.board, risk),
        risk=risk,
        kind=fields.pop("kind", "accept"),
        rationale="Within appetite.",
        **fields,
    )


def find(systems, today=None):
    kind = evidence_kind("risk_register")
    return kind.find([s.pk for s in systems], {""}, today or timezone.localdate())


def test_the_kind_is_registered_with_the_register_filtered_to_the_system():
    kind = evidence_kind("risk_register")
    assert kind.owner == "governance" and kind.details is None
    assert kind.produce_url("SYS-007") == "/risks/?system=SYS-007"


@time_machine.travel(DAY, tick=False)
def test_a_risk_with_a_board_decision_is_found_until_its_review_falls_due(personas):
    system = AISystemFactory()
    risk = RiskFactory(systems=[system], title="Biased ranking")
    RiskFactory(systems=[system])  # no decision yet: not evidence
    decision = accept(personas, risk)

    [item] = find([system])[(system.pk, "")]
    assert (item.record_type, item.record_id) == ("governance.risk", str(risk.pk))
    assert (
        item.label
        == f"{risk.risk_id} Biased ranking: Accept the residual risk (sign-off), 2026-11-30"
    )
    assert item.url == f"/risks/{risk.risk_id}/"
    assert item.current and item.expires_on == decision.next_review

    late = find([system], decision.next_review + timedelta(days=1))[(system.pk, "")][0]
    assert not late.current
    assert late.why_not_current == f"its review was due on {decision.next_review.isoformat()}"


def test_a_system_without_decided_risks_finds_nothing(personas):
    system = AISystemFactory()
    RiskFactory(systems=[system])
    other = AISystemFactory()
    accept(personas, RiskFactory(systems=[other]))
    assert find([system]) == {}
    assert list(find([system, other])) == [(other.pk, "")]


@time_machine.travel(DAY, tick=False)
def test_a_closed_risk_has_no_review_to_wait_for(personas):
    system = AISystemFactory()
    risk = RiskFactory(systems=[system])
    accept(personas, risk, kind="close")
    [item] = find([system], date(2030, 1, 1))[(system.pk, "")]
    assert item.current and item.expires_on is None


@time_machine.travel(DAY, tick=False)
def test_a_correction_changes_the_fingerprint_and_the_decision_shown(personas):
    system = AISystemFactory()
    risk = RiskFactory(systems=[system])
    session = ad_hoc(personas.board, risk)
    first = accept(personas, risk, session=session)
    before = find([system])[(system.pk, "")][0]
    assert find([system])[(system.pk, "")][0].fingerprint == before.fingerprint
    decision_record(
        actor=personas.board,
        session=session,
        risk=risk,
        kind="escalate",
        rationale="Needs the executive committee.",
        corrects=first,
    )
    [after] = find([system])[(system.pk, "")]
    assert after.fingerprint != before.fingerprint
    assert ": Escalate" in after.label


@pytest.mark.parametrize("count", [1, 20])
def test_the_register_answers_in_one_query(personas, count, django_assert_num_queries):
    systems = [AISystemFactory() for _ in range(count)]
    risks = [RiskFactory(systems=[system]) for system in systems]
    shared = RiskFactory(systems=systems)  # one risk on every system
    session = ad_hoc(personas.board, *risks, shared)
    for risk in [*risks, shared]:
        accept(personas, risk, session=session)
    with django_assert_num_queries(1):
        found = evidence_found([("risk_register", "")], [s.pk for s in systems], date.today())
    assert len(found["risk_register"]) == count
    assert all(len(items) == 2 for items in found["risk_register"].values())
