"""Two approvers deciding at the same moment, in two real transactions on two database
connections: the system passes its gate once (issue 7, must show)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, connections, transaction

from core.choices import Role
from core.models import AuditEvent
from registry import services
from registry.models import AISystem, GateApproval, GateRequest
from tests.factories import gate_request_filled, hiring_screener_in_development, user_with_roles


def decide_together(decisions) -> list[Exception]:
    """Run each (person, role) decision in its own thread and transaction, released
    together; returns the errors raised."""
    start, errors = threading.Barrier(len(decisions)), []

    def decide(person, role, request_pk):
        try:
            start.wait(timeout=10)
            services.gate_approval_decide(
                actor=person,
                request=GateRequest.objects.get(pk=request_pk),
                role=role,
                decision="approved",
                comment="",
            )
        except Exception as error:  # noqa: BLE001 - reported to the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=args) for args in decisions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def ready_for_the_last_approvals(personas) -> GateRequest:
    system = hiring_screener_in_development(personas)
    request = services.gate_request_open(actor=personas.owner, system=system)
    gate_request_filled(request, personas.owner)
    return services.gate_request_submit(actor=personas.owner, request=request)


def stage_changed_events(system) -> int:
    return AuditEvent.objects.filter(
        action="system.stage_changed", object_type="registry.aisystem", object_id=str(system.pk)
    ).count()


@pytest.mark.django_db(transaction=True)
def test_the_ciso_and_legal_approving_at_the_same_moment_advance_the_system_once(
    shipped_libraries, personas
):
    request = ready_for_the_last_approvals(personas)
    errors = decide_together(
        [(personas.ciso, "ciso", request.pk), (personas.legal, "legal", request.pk)]
    )
    assert errors == []
    request.refresh_from_db()
    system = AISystem.objects.get(pk=request.system_id)
    assert (request.status, system.lifecycle_stage) == ("approved", "pre_deployment")
    assert stage_changed_events(system) == 1
    assert AuditEvent.objects.filter(action="gate_request.approved").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_cisos_filling_the_last_slot_at_once_leave_one_decision_and_one_move(
    shipped_libraries, personas
):
    request = ready_for_the_last_approvals(personas)
    services.gate_approval_decide(
        actor=personas.legal, request=request, role="legal", decision="approved"
    )
    second_ciso = user_with_roles("ciso2@example.com", Role.CISO)
    errors = decide_together(
        [(personas.ciso, "ciso", request.pk), (second_ciso, "ciso", request.pk)]
    )
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert GateApproval.objects.filter(request=request, role="ciso").count() == 1
    system = AISystem.objects.get(pk=request.system_id)
    assert system.lifecycle_stage == "pre_deployment" and stage_changed_events(system) == 1


@pytest.mark.django_db(transaction=True)
def test_a_decision_is_judged_only_once_it_holds_the_systems_row(shipped_libraries, personas):
    """While another transaction holds the system's row, a decision waits (here: gives up
    after its lock timeout) and records nothing: it never judges a stale request."""
    request = ready_for_the_last_approvals(personas)
    locked, release = threading.Event(), threading.Event()

    def hold_the_system_row():
        try:
            with transaction.atomic():
                AISystem.objects.select_for_update().get(pk=request.system_id)
                locked.set()
                release.wait(timeout=10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_system_row)
    holder.start()
    assert locked.wait(timeout=10)
    try:
        with pytest.raises(OperationalError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '300ms'")
            services.gate_approval_decide(
                actor=personas.ciso, request=request, role="ciso", decision="approved"
            )
    finally:
        release.set()
        holder.join(timeout=10)
    assert not GateApproval.objects.filter(request=request, role="ciso").exists()
