""" "Waiting for me" (core.work): one queue per person from every app's sources, its
page, its count in the navigation, and a fixed number of queries at any size."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from core import work
from core.clocks.services import deadline_meet, deadline_open
from core.work import WorkItem, WorkSource, register_work_source, work_count_for, work_for
from incidents.services.notifications import notification_draft
from incidents.services.report import incident_report
from registry import services
from registry.services.gate_approvals import gate_approval_decide
from tests.factories import (
    VENDOR_ANSWERS_HIGH,
    AssessmentFactory,
    GateRequestFactory,
    hiring_screener_in_development,
    organisation_profile,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped_incident_defaults(db) -> None:
    """SLA policy v1 and the playbook (a transactional test's flush may remove them)."""
    from incidents.models import PlaybookItem, SlaPolicy
    from incidents.services.library import install_playbook, install_sla_policy

    install_playbook(PlaybookItem)
    install_sla_policy(SlaPolicy)


NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def sources(monkeypatch):
    """The registered sources; this test's additions stay here."""
    monkeypatch.setattr(work, "_sources", list(work._sources))


def headings(person) -> dict[str, list[str]]:
    return {group.heading: [item.title for item in group.items] for group in work_for(person)}


def test_nothing_waits_for_someone_new(client, personas):
    client.force_login(personas.auditor)
    page = client.get("/waiting/").content.decode()
    assert "Nothing waits for you now." in page
    assert client.get("/waiting/count/").content.decode().strip() == ""


def test_someone_without_a_role_may_not_open_the_queue(client, personas):
    client.force_login(personas.outsider)
    assert client.get("/waiting/").status_code == 403


def test_the_ciso_reaches_the_slot_acts_and_sees_the_count_drop(client, personas):
    screener = hiring_screener_in_development(personas)
    request = services.gate_request_open(actor=personas.owner, system=screener, summary="v3")
    client.force_login(personas.ciso)
    # A draft waits for its owner: the approvers are asked once it is submitted.
    assert "Gate requests waiting for your approval" not in client.get("/waiting/").content.decode()
    assert work_count_for(personas.ciso) == 0
    services.gate_request_submit(actor=personas.owner, request=request)
    page = client.get("/waiting/").content.decode()
    assert "Gate requests waiting for your approval" in page
    assert f"/systems/SYS-001/gate-requests/{request.pk}/" in page
    assert "Your approval as CISO" in page
    assert (
        '1<span class="visually-hidden"> waiting for you'
        in client.get("/waiting/count/").content.decode()
    )

    gate_approval_decide(
        actor=personas.ciso,
        request=request,
        role="ciso",
        decision="rejected",
        comment="No penetration test yet.",
    )
    assert work_count_for(personas.ciso) == 0
    assert "Nothing waits for you now." in client.get("/waiting/").content.decode()


def test_a_slot_waits_for_nobody_who_may_not_fill_it(personas):
    screener = hiring_screener_in_development(personas)
    request = services.gate_request_open(actor=personas.owner, system=screener, summary="v3")
    services.gate_request_submit(actor=personas.owner, request=request)
    # The security lead holds no slot of this gate; another team's product owner may
    # not sign off for the owning team.
    assert "Gate requests waiting for your approval" not in headings(personas.security)
    assert "Gate requests waiting for your approval" not in headings(personas.owner2)
    assert "Gate requests waiting for your approval" in headings(personas.legal)


def test_the_dpo_sees_the_breach_to_decide_with_its_gdpr_due_time_and_the_unsent_draft(
    personas, shipped_incident_defaults
):
    screener = hiring_screener_in_development(personas)
    organisation_profile()  # a regulator's notice names the organisation
    with time_machine.travel(NOW, tick=False):
        incident = incident_report(
            actor=personas.responder,
            system=screener,
            type="privacy_violation",
            severity="high",
            discovered_at=NOW - timedelta(hours=2),
            description="Candidate files readable by other candidates.",
            eu_residents_affected=True,
            personal_data_exposed=True,
            personal_data_aware_at=NOW - timedelta(hours=1),
            reason="The responder confirmed the exposure an hour ago.",
        )
        notification_draft(
            actor=personas.dpo,
            incident=incident,
            audience="regulator",
            phase="initial",
            regime="gdpr_72h",
        )
        groups = {group.heading: group.items for group in work_for(personas.dpo)}
    # No decision yet: the GDPR clock waits as the breach to decide (not twice).
    assert "Regulatory clocks running" not in groups
    clock = groups["Personal-data breaches to decide"][0]
    assert clock.title == f"GDPR 72 h notification for {incident.incident_id}"
    assert clock.due_at == NOW - timedelta(hours=1) + timedelta(hours=72)
    assert clock.url == f"/incidents/{incident.incident_id}/"
    assert [i.title.split(":")[0] for i in groups["Notifications drafted, not sent"]] == [
        incident.incident_id
    ]
    # Legal files Art. 73 reports, not GDPR notifications.
    assert "Regulatory clocks running" not in headings(personas.legal)
    assert "Personal-data breaches to decide" not in headings(personas.legal)


def test_the_responder_sees_incidents_without_a_lead(personas, shipped_incident_defaults):
    screener = hiring_screener_in_development(personas)
    incident = incident_report(
        actor=personas.owner,
        system=screener,
        type="performance_regression",
        severity="medium",
        discovered_at=timezone.now() - timedelta(hours=1),
        description="Scores drift.",
    )
    (item,) = {g.key: g for g in work_for(personas.responder)}["incidents.no_lead"].items
    assert item.title.startswith(incident.incident_id)
    assert item.why == "No lead yet: take it."
    assert item.due_at is not None  # its triage clock


def test_the_ciso_is_asked_to_approve_a_high_risk_vendor_use(personas):
    assessment = AssessmentFactory(
        status="scored", risk_tier="high", scored_at=timezone.now(), **VENDOR_ANSWERS_HIGH
    )
    (item,) = {g.key: g for g in work_for(personas.ciso)}["vendors.assessments"].items
    assert item.url == f"/vendors/assessments/{assessment.pk}/"
    assert "vendors.assessments" not in {g.key for g in work_for(personas.legal)}


def test_deadlines_due_within_two_weeks_are_listed_once(personas, sources):
    # The deadline's subject is the team: a system would bring its owner's gaps along.
    soon = deadline_open(
        actor=personas.owner,
        subject=personas.people_ops,
        kind="test.soon",
        label="Review of SYS-001",
        due_at=timezone.now() + timedelta(days=3),
        owner=personas.owner,
        link="/systems/SYS-001/",
    )
    deadline_open(
        actor=personas.owner,
        subject=personas.people_ops,
        kind="test.later",
        label="Later",
        due_at=timezone.now() + timedelta(days=30),
        owner=personas.owner,
    )
    # Another source listing the same thing: it shows once, in the first source.
    register_work_source(
        WorkSource(
            "test.same",
            "Reviews",
            frozenset({"product_owner"}),
            lambda user: [WorkItem("Review of SYS-001", "/systems/SYS-001/", "Also here.")],
            position=0,
        )
    )
    assert headings(personas.owner) == {"Reviews": ["Review of SYS-001"]}
    deadline_meet(actor=personas.owner, deadline=soon)
    assert work_count_for(personas.owner) == 1  # the other source's item stays


def test_items_come_soonest_due_first_and_untimed_last(personas, sources):
    now = timezone.now()
    register_work_source(
        WorkSource(
            "test.mixed",
            "Mixed",
            frozenset({"dpo"}),
            lambda user: [
                WorkItem("untimed", "/a/", "x"),
                WorkItem("later", "/b/", "x", due_at=now + timedelta(hours=5)),
                WorkItem("sooner", "/c/", "x", due_at=now + timedelta(hours=1)),
            ],
        )
    )
    assert headings(personas.dpo)["Mixed"] == ["sooner", "later", "untimed"]


def test_a_source_asks_only_the_roles_it_names(personas, sources):
    asked = []
    register_work_source(
        WorkSource("test.dpo", "DPO only", frozenset({"dpo"}), lambda u: asked.append(u) or [])
    )
    work_for(personas.legal)
    assert asked == []
    work_for(personas.dpo)
    assert asked == [personas.dpo]


def test_the_queue_costs_the_same_queries_for_one_item_or_twenty(
    personas, django_assert_num_queries
):
    def queries_for(count: int) -> int:
        GateRequestFactory.create_batch(count)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        ciso = type(personas.ciso).objects.get(pk=personas.ciso.pk)  # roles not yet loaded
        # The content-type cache lives for the process: whether an earlier test warmed it
        # must not decide the count, so both measurements start cold.
        ContentType.objects.clear_cache()
        with CaptureQueriesContext(connection) as captured:
            work_for(ciso)
        return len(captured)

    assert queries_for(1) == queries_for(20)
