"""The migration that gives gate requests their draft status (issue 17): a request
opened before drafts existed was submitted when it was opened."""

import pytest

from core.models import User
from tests.registry.migration_steps import back_to_the_latest_schema, migrate  # noqa: F401

BEFORE = [("registry", "0013_system_not_gated")]
AFTER = [("registry", "0014_gate_request_draft")]


@pytest.mark.django_db(transaction=True)
def test_requests_opened_before_drafts_were_submitted_when_opened():
    old = migrate(BEFORE)
    # core keeps its latest schema: the person is made with today's model.
    owner = User.objects.create(email="owner@example.com")
    team = old.get_model("core", "Team").objects.create(name="T", slug="t")
    systems = old.get_model("registry", "AISystem").objects
    gate = old.get_model("registry", "GateDefinition").objects.create(
        slug="g",
        name="G",
        order=1,
        from_stage="development",
        to_stage="pre_deployment",
        tiers=["high"],
    )
    requests = old.get_model("registry", "GateRequest").objects
    for n, status in enumerate(("open", "approved", "withdrawn"), start=1):
        system = systems.create(system_id=f"SYS-00{n}", name="S", description="d", owner_team=team)
        requests.create(
            system=system,
            gate=gate,
            status=status,
            from_stage="development",
            to_stage="pre_deployment",
            requested_by_id=owner.pk,
        )
    new = migrate(AFTER)
    rows = new.get_model("registry", "GateRequest").objects.order_by("system__system_id")
    assert [(r.status, r.submitted_at == r.requested_at) for r in rows] == [
        ("open", True),
        ("approved", True),
        ("withdrawn", True),
    ]
