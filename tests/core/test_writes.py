"""The write helper (core/writes.py) and the permission check of every core service."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import services
from core.choices import Role
from core.models import ApiToken, AuditEvent, RoleAssignment, Team, User
from core.permissions import CONSOLE
from core.writes import row_lock, row_update
from registry.models import AISystem
from tests.factories import AISystemFactory

pytestmark = pytest.mark.django_db


def locks(queries) -> list[str]:
    return [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]


def test_row_update_locks_saves_the_changed_fields_and_audits_the_diff(personas):
    system = AISystemFactory(name="Old name", owner_team=personas.people_ops)
    stamp = system.updated_at
    with CaptureQueriesContext(connection) as queries:
        change = row_update(
            actor=personas.admin,
            obj=system,
            values={"name": "New name", "description": system.description},
            action="system.updated",
            audit_extra={"why": "test"},
        )
    assert len(locks(queries)) == 1 and '"registry_aisystem"' in locks(queries)[0]
    assert change.changes == {"name": ["Old name", "New name"]}
    stored = AISystem.objects.get(pk=system.pk)
    assert stored.name == "New name" and stored.updated_at > stamp
    event = AuditEvent.objects.get(action="system.updated")
    assert event.changes == {"name": ["Old name", "New name"], "why": "test"}
    assert event.actor == personas.admin


def test_a_row_the_service_locked_is_not_locked_twice(personas):
    system = AISystemFactory(owner_team=personas.people_ops)
    with CaptureQueriesContext(connection) as queries:
        row_lock(system)
        row_update(actor=personas.admin, obj=system, values={"name": "Renamed"}, action=None)
    assert len(locks(queries)) == 1
    assert not AuditEvent.objects.exists()  # action=None: the caller records the event


def test_nothing_changed_means_no_save_and_no_event(personas):
    system = AISystemFactory(name="Same", owner_team=personas.people_ops)
    stamp = AISystem.objects.get(pk=system.pk).updated_at
    change = row_update(actor=personas.admin, obj=system, values={"name": "Same"}, action="x.y")
    assert not change.changed
    assert AISystem.objects.get(pk=system.pk).updated_at == stamp
    assert not AuditEvent.objects.exists()


def test_a_refused_value_saves_nothing_and_restores_the_instance(personas):
    system = AISystemFactory(name="Kept", owner_team=personas.people_ops)
    with pytest.raises(ValidationError) as refused:
        row_update(
            actor=personas.admin,
            obj=system,
            values={"name": "x" * 201, "lifecycle_stage": "nowhere"},
            action="system.updated",
            also={"reclassification_needed": True},
        )
    assert set(refused.value.message_dict) == {"name", "lifecycle_stage"}
    assert (system.name, system.lifecycle_stage, system.reclassification_needed) == (
        "Kept",
        "conception",
        False,
    )
    assert AISystem.objects.get(pk=system.pk).name == "Kept"
    assert not AuditEvent.objects.exists()


def test_the_services_rule_problems_come_with_the_field_errors(personas):
    system = AISystemFactory(owner_team=personas.people_ops)
    with pytest.raises(ValidationError) as refused:
        row_update(
            actor=personas.admin,
            obj=system,
            values={"lifecycle_stage": "nowhere"},
            action="system.updated",
            refused={"description": "A rule of the service says no."},
        )
    assert set(refused.value.message_dict) == {"description", "lifecycle_stage"}


def test_bookkeeping_fields_are_saved_but_not_audited(personas):
    system = AISystemFactory(name="Small", owner_team=personas.people_ops)
    row_update(
        actor=personas.admin,
        obj=system,
        values={"name": "Grown"},
        also={"reclassification_needed": True},
        action="system.updated",
    )
    assert AISystem.objects.get(pk=system.pk).reclassification_needed
    assert AuditEvent.objects.get().changes == {"name": ["Small", "Grown"]}


# --- every core write service checks its permission ---------------------------------------


def refusals(personas) -> dict:
    """Each core write, called by someone who may not do it."""
    stranger_token = services.api_token_issue(
        actor=personas.dpo, user=personas.dpo, name="dpo's"
    ).token
    grant = RoleAssignment.objects.get(user=personas.dpo)
    owner = personas.owner
    return {
        "team_create": lambda: services.team_create(actor=owner, name="Rogue"),
        "user_create": lambda: services.user_create(
            actor=owner, email="new@example.com", password=None
        ),
        "role_grant": lambda: services.role_grant(actor=owner, user=owner, role=Role.ADMIN),
        "role_revoke": lambda: services.role_revoke(actor=owner, assignment=grant),
        "api_token_issue": lambda: services.api_token_issue(
            actor=owner, user=personas.dpo, name="as someone else"
        ),
        "api_token_revoke": lambda: services.api_token_revoke(actor=owner, token=stranger_token),
        "user_time_zone_set": lambda: services.user_time_zone_set(
            actor=owner, user=personas.dpo, time_zone="UTC"
        ),
        "audit_export_record": lambda: services.audit_export_record(
            actor=owner, filters={}, up_to_seq=0, rows=0
        ),
        "list_export_record": lambda: services.list_export_record(
            actor=personas.outsider, object_type="registry.aisystem", filters={}, rows=0
        ),
        "notifications_mark_read (by nobody)": lambda: services.notifications_mark_read(
            user=CONSOLE
        ),
    }


def test_every_core_write_refuses_someone_who_may_not_do_it(personas):
    calls = refusals(personas)
    before = AuditEvent.objects.count()
    for name, call in calls.items():
        with pytest.raises(PermissionDenied):
            call()
        assert AuditEvent.objects.count() == before, name
    assert not Team.objects.filter(name="Rogue").exists()
    assert not User.objects.filter(email="new@example.com").exists()
    assert RoleAssignment.objects.filter(user=personas.dpo).exists()
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 1
    personas.dpo.refresh_from_db()
    assert personas.dpo.time_zone != "UTC"


def test_administrators_do_the_administrative_writes(personas):
    team = services.team_create(actor=personas.admin, name="New team")
    user = services.user_create(actor=personas.admin, email="new@example.com", password=None)
    grant = services.role_grant(actor=personas.admin, user=user, role=Role.PRODUCT_OWNER, team=team)
    services.user_time_zone_set(actor=personas.admin, user=user, time_zone="Asia/Tokyo")
    services.role_revoke(actor=personas.admin, assignment=grant)
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions == [
        "team.created",
        "user.created",
        "role.granted",
        "user.time_zone_changed",
        "role.revoked",
    ]


def test_people_issue_and_revoke_their_own_tokens_and_set_their_own_zone(personas):
    issued = services.api_token_issue(actor=personas.dpo, user=personas.dpo, name="mine")
    services.api_token_revoke(actor=personas.dpo, token=issued.token)
    services.user_time_zone_set(actor=personas.dpo, user=personas.dpo, time_zone="UTC")
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is not None
    assert User.objects.get(pk=personas.dpo.pk).time_zone == "UTC"


def test_the_console_bootstraps_but_does_nothing_else(personas):
    first = services.user_create(actor=CONSOLE, email="first@example.com", password=None)
    services.role_grant(actor=CONSOLE, user=first, role=Role.ADMIN)
    services.api_token_issue(actor=CONSOLE, user=first, name="script")
    with pytest.raises(PermissionDenied):
        services.team_create(actor=CONSOLE, name="Console team")
    events = AuditEvent.objects.order_by("seq")
    assert {(e.actor_id, e.actor_label) for e in events} == {(None, "console")}
