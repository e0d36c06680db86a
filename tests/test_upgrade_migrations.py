"""Upgrading a portal of the previous release (issue 21, section 3): a database at that
release's schema, filled through the historical models of that schema, is migrated to
today's, and its data are checked after: every row kept, new fields at their defaults,
the audit chain still whole.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.audit import GENESIS_HASH, audit_verify, canonical_payload, chain_hash
from core.models import AuditCheckpoint, AuditEvent, Deadline, Team, User
from governance.models import Risk
from incidents.models import Incident
from registry.models import AISystem
from tests.registry.migration_steps import back_to_the_latest_schema, migrate  # noqa: F401

# Each app's newest migration in the previous release, commit 330e608 (listed with
# `git ls-tree --name-only 330e608 <app>/migrations/`). Migrations added since then are
# what this test upgrades through.
PREVIOUS_RELEASE = [
    ("core", "0014_api_token_scope"),
    ("vendors", "0003_assessment_personal_data_and_remediation_done"),
    ("registry", "0016_system_changes"),
    ("cards", "0002_card_new_version_needed"),
    ("incidents", "0006_review_and_notification_evidence"),
    ("governance", "0003_audit_packs"),
    ("assurance", "0002_default_thresholds"),
    ("compliance", "0004_red_team_report_evidence"),
]
AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def chained_events(apps, actor, system) -> list:
    """Three events appended as the previous release did: each hash over its content and
    the one before (core.audit's canonical form, which the upgrade must not change)."""
    event_model, prev, events = apps.get_model("core", "AuditEvent"), GENESIS_HASH, []
    for seq, action in enumerate(["team.created", "system.created", "risk.created"], 1):
        event = event_model(
            seq=seq,
            at=AT + timedelta(minutes=seq),
            actor=actor,
            actor_label=actor.email,
            action=action,
            object_type="registry.aisystem",
            object_id=str(system.pk),
            object_repr=system.name,
            changes={"name": [None, system.name]},
            request_id=f"req-{seq}",
            prev_hash=prev,
        )
        event.hash = chain_hash(prev, canonical_payload(event))
        event.save()
        prev = event.hash
        events.append(event)
    return events


def populate(apps) -> dict:
    """A team, two users, a system, a risk, an incident, a deadline, a chained trail and
    a checkpoint, through the previous release's models."""
    team = apps.get_model("core", "Team").objects.create(name="People Ops", slug="people-ops")
    user_model = apps.get_model("core", "User")
    owner = user_model.objects.create(email="owner@example.com", full_name="Omar Owner")
    user_model.objects.create(email="dpo@example.com", full_name="Dana Privacy")
    system = apps.get_model("registry", "AISystem").objects.create(
        system_id="SYS-001", name="Hiring resume screener", description="d", owner_team=team
    )
    risk = apps.get_model("governance", "Risk").objects.create(
        risk_id="RISK-001",
        title="Biased shortlists",
        description="d",
        category="fairness",
        inherent_likelihood=4,
        inherent_impact=4,
        inherent_score=16,
        inherent_level="high",
        residual_likelihood=2,
        residual_impact=3,
        residual_score=6,
        residual_level="medium",
        owner_team=team,
    )
    risk.systems.set([system])
    apps.get_model("incidents", "Incident").objects.create(
        incident_id="INC-0001",
        system=system,
        type="privacy_violation",
        severity="high",
        title="CVs shown to the wrong team",
        description="d",
        discovered_at=AT,
        reported_by=owner,
    )
    subject_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="registry", model="aisystem"
    )
    apps.get_model("core", "Deadline").objects.create(
        subject_type=subject_type,
        subject_id=str(system.pk),
        label="Review of SYS-001",
        kind="system_review",
        due_at=AT + timedelta(days=90),
        owner=owner,
    )
    events = chained_events(apps, owner, system)
    apps.get_model("core", "AuditCheckpoint").objects.create(
        seq=events[-1].seq, hash=events[-1].hash, label="pack P-1"
    )
    return {"system": system.pk, "risk": risk.pk, "head": (events[-1].seq, events[-1].hash)}


def plan_to_today() -> list:
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_a_previous_release_database_upgrades_with_its_data_kept():
    old = migrate(PREVIOUS_RELEASE)
    assert "verified_at" not in {
        f.name for f in old.get_model("core", "AuditCheckpoint")._meta.get_fields()
    }
    made = populate(old)

    upgrade = [migration for migration, _backwards in plan_to_today()]
    assert ("core", "0015_audit_checkpoint_verified") in [(m.app_label, m.name) for m in upgrade]
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert plan_to_today() == []  # today's schema, nothing left to apply

    assert Team.objects.get().name == "People Ops"
    assert sorted(User.objects.values_list("email", flat=True)) == [
        "dpo@example.com",
        "owner@example.com",
    ]
    system = AISystem.objects.get(pk=made["system"])
    assert (system.system_id, system.name, system.owner_team.name) == (
        "SYS-001",
        "Hiring resume screener",
        "People Ops",
    )
    risk = Risk.objects.get(pk=made["risk"])
    assert (risk.risk_id, risk.residual_level, list(risk.systems.all())) == (
        "RISK-001",
        "medium",
        [system],
    )
    incident = Incident.objects.get()
    assert (incident.incident_id, incident.system, incident.discovered_at) == (
        "INC-0001",
        system,
        AT,
    )
    deadline = Deadline.objects.get()
    assert (deadline.subject_id, deadline.kind, deadline.due_at.date()) == (
        str(system.pk),
        "system_review",
        date(2027, 1, 31),
    )
    # The fields added since (core 0015): a checkpoint of the old release was never
    # recorded as verified, so the next incremental walk starts from event #1.
    checkpoint = AuditCheckpoint.objects.get()
    assert (checkpoint.seq, checkpoint.verified_at, checkpoint.verified_from) == (3, None, None)
    report = audit_verify()
    assert (report.ok, report.checked) == (True, 3)
    head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    assert head == made["head"]
