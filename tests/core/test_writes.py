"""The write helper (core/writes.py) and the permission check of every core service."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core import services
from core.choices import Role
from core.models import ApiToken, AuditEvent, RoleAssignment, Team, User
from core.permissions import CONSOLE
from core.writes import link_remove, row_create, row_delete, row_insert, row_lock, row_update
from registry.models import AISystem, SystemVendorProduct
from tests.factories import AISystemFactory, TeamFactory, VendorProductFactory

pytestmark = pytest.mark.django_db


def locks(queries) -> list[str]:
    return [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]


def problems(write, **arguments) -> dict[str, list[str]]:
    """What a refused write says, by field (it must refuse)."""
    with pytest.raises(ValidationError) as refused:
        write(**arguments)
    return refused.value.message_dict


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
    found = problems(
        row_update,
        actor=personas.admin,
        obj=system,
        values={"name": "x" * 201, "lifecycle_stage": "nowhere"},
        action="system.updated",
        also={"reclassification_needed": True},
    )
    assert set(found) == {"name", "lifecycle_stage"}
    assert (system.name, system.lifecycle_stage, system.reclassification_needed) == (
        "Kept",
        "conception",
        False,
    )
    assert AISystem.objects.get(pk=system.pk).name == "Kept"
    assert not AuditEvent.objects.exists()


def test_the_services_rule_problems_come_with_the_field_errors(personas):
    system = AISystemFactory(owner_team=personas.people_ops)
    found = problems(
        row_update,
        actor=personas.admin,
        obj=system,
        values={"lifecycle_stage": "nowhere"},
        action="system.updated",
        refused={"description": "A rule of the service says no."},
    )
    assert set(found) == {"description", "lifecycle_stage"}


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


# --- row_create ------------------------------------------------------------------------


def test_row_create_inserts_and_audits_each_value_it_was_given(personas):
    team = row_create(
        actor=personas.admin,
        model=Team,
        values={"name": "Risk office", "slug": "risk-office"},
        action="team.created",
    )
    assert Team.objects.get(pk=team.pk).name == "Risk office"
    event = AuditEvent.objects.get(action="team.created")
    assert (event.object_type, event.object_id) == ("core.team", str(team.pk))
    assert event.changes == {"name": [None, "Risk office"], "slug": [None, "risk-office"]}
    assert event.actor == personas.admin


def test_row_create_audits_on_the_object_acted_on_with_the_changes_given(personas):
    grant = row_create(
        actor=personas.admin,
        model=RoleAssignment,
        values={"user": personas.outsider, "role": Role.AUDITOR},
        action="role.granted",
        audit_on=personas.outsider,
        audit_changes={"role": [None, "auditor"]},
    )
    assert RoleAssignment.objects.get(pk=grant.pk).user == personas.outsider
    event = AuditEvent.objects.get(action="role.granted")
    assert (event.object_type, event.object_id) == ("core.user", str(personas.outsider.pk))
    assert event.changes == {"role": [None, "auditor"]}


def test_row_create_without_an_action_records_no_event(personas):
    row_create(
        actor=personas.admin, model=Team, values={"name": "Quiet", "slug": "quiet"}, action=None
    )
    assert Team.objects.filter(slug="quiet").exists()
    assert not AuditEvent.objects.exists()


def test_row_create_refuses_with_every_problem_by_field_and_saves_nothing(personas):
    found = problems(
        row_create,
        actor=personas.admin,
        model=Team,
        values={"name": "x" * 121, "slug": "not a slug!"},
        action="team.created",
        refused={"description": "A rule of the service says no."},
    )
    assert set(found) == {"name", "slug", "description"}
    assert found["description"] == ["A rule of the service says no."]
    assert not Team.objects.filter(slug="not a slug!").exists()
    assert not AuditEvent.objects.exists()


def test_row_create_runs_the_services_own_validation_instead_of_full_clean(personas):
    def no_risk_teams(team):
        if "risk" in team.name.lower():
            raise ValidationError({"name": "Risk belongs to the board."})

    found = problems(
        row_create,
        actor=personas.admin,
        model=Team,
        values={"name": "Risk", "slug": "risk"},
        action="team.created",
        validate=no_risk_teams,
    )
    assert found == {"name": ["Risk belongs to the board."]}
    assert not Team.objects.filter(slug="risk").exists()


def test_row_create_refuses_to_run_outside_a_transaction(personas):
    # As a service without @atomic would be called: no block open. (A transactional test
    # would flush the shipped libraries out of the reused test database.)
    database = transaction.get_connection()
    database.in_atomic_block = False
    try:
        with pytest.raises(RuntimeError, match="needs a transaction"):
            row_create(actor=personas.admin, model=Team, values={"slug": "loose"}, action=None)
    finally:
        database.in_atomic_block = True
    assert not Team.objects.filter(slug="loose").exists()


# --- link_remove ------------------------------------------------------------------------


def vendor_link(personas) -> SystemVendorProduct:
    system = AISystemFactory(owner_team=personas.people_ops)
    return SystemVendorProduct.objects.create(
        system=system, product=VendorProductFactory(), added_by=personas.owner
    )


def test_link_remove_locks_stamps_the_removal_and_audits_on_the_owner(personas):
    link = vendor_link(personas)
    with CaptureQueriesContext(connection) as queries:
        link_remove(
            actor=personas.owner,
            link=link,
            action="system.vendor_product_removed",
            audit_on=link.system,
            audit_changes={"product": [link.product_id, None]},
        )
    assert len(locks(queries)) == 1 and '"registry_systemvendorproduct"' in locks(queries)[0]
    stored = SystemVendorProduct.objects.get(pk=link.pk)
    assert stored.removed_at is not None
    event = AuditEvent.objects.get(action="system.vendor_product_removed")
    assert (event.object_type, event.object_id) == ("registry.aisystem", str(link.system_id))
    assert event.changes == {"product": [link.product_id, None]}


def test_a_second_removal_is_refused_with_the_message_and_changes_nothing(personas):
    link = vendor_link(personas)
    link_remove(actor=personas.owner, link=link, action="link.removed")
    removed_at = SystemVendorProduct.objects.get(pk=link.pk).removed_at
    with pytest.raises(ValidationError) as refused:
        link_remove(
            actor=personas.owner,
            link=SystemVendorProduct.objects.get(pk=link.pk),
            action="link.removed",
            already="This product was already unlinked.",
        )
    assert refused.value.messages == ["This product was already unlinked."]
    assert SystemVendorProduct.objects.get(pk=link.pk).removed_at == removed_at
    assert AuditEvent.objects.filter(action="link.removed").count() == 1


# --- row_update with the caller's changes, row_insert, row_delete ------------------------


def test_row_update_records_the_callers_changes_instead_of_the_diff(personas):
    system = AISystemFactory(name="Old name", owner_team=personas.people_ops)
    row_update(
        actor=personas.admin,
        obj=system,
        values={"name": "New name"},
        action="aisystem.changed",
        audit_changes={"name": "New name"},
    )
    assert AuditEvent.objects.get(action="aisystem.changed").changes == {"name": "New name"}
    row_update(
        actor=personas.admin,
        obj=system,
        values={"name": "New name"},
        action="aisystem.changed",
        audit_changes={"name": "New name"},
    )
    assert AuditEvent.objects.filter(action="aisystem.changed").count() == 1  # nothing changed


def test_row_insert_saves_the_instance_a_form_built(personas):
    team = Team(name="Risk office", slug="risk-office")
    assert row_insert(actor=personas.admin, obj=team, action="team.created") is team
    assert team.pk and Team.objects.get(pk=team.pk).slug == "risk-office"
    assert AuditEvent.objects.get(action="team.created").changes == {
        "name": [None, "Risk office"],
        "slug": [None, "risk-office"],
        "description": [None, ""],
    }


def test_row_delete_locks_audits_while_the_row_has_its_id_and_deletes(personas):
    grant = RoleAssignment.objects.get(user=personas.dpo)
    with CaptureQueriesContext(connection) as queries:
        row_delete(
            actor=personas.admin,
            obj=grant,
            action="role.revoked",
            audit_on=personas.dpo,
            audit_changes={"role": "dpo"},
        )
    assert len(locks(queries)) == 1 and '"core_roleassignment"' in locks(queries)[0]
    assert not RoleAssignment.objects.filter(user=personas.dpo).exists()
    event = AuditEvent.objects.get(action="role.revoked")
    assert (event.object_id, event.changes) == (str(personas.dpo.pk), {"role": "dpo"})
    team = TeamFactory(name="Mistake")
    team_id = str(team.pk)
    row_delete(actor=personas.admin, obj=team, action="team.deleted")
    assert AuditEvent.objects.get(action="team.deleted").object_id == team_id


def test_row_update_keeps_updated_at_for_a_change_that_is_no_edit_and_audits_elsewhere(personas):
    system = AISystemFactory(name="Screener", owner_team=personas.people_ops)
    link = SystemVendorProduct.objects.create(
        system=system, product=VendorProductFactory(), added_by=personas.admin
    )
    stamp = system.updated_at
    row_update(
        actor=personas.admin,
        obj=system,
        values={"name": "Screener v2"},
        action="system.flagged",
        touch=False,
        audit_on=link,
    )
    stored = AISystem.objects.get(pk=system.pk)
    assert stored.name == "Screener v2" and stored.updated_at == stamp
    event = AuditEvent.objects.get(action="system.flagged")
    assert event.object_type == "registry.systemvendorproduct"
    assert event.object_id == str(link.pk)
