"""The gates as administrators keep them: /gates/ for every member, /gates/<slug>/edit/
for administrators, each edit a new version that leaves open requests on theirs."""

import pytest

from core.models import AuditEvent
from registry.models import GateDefinition
from registry.services import gate_request_open
from registry.services.gate_definitions import gate_definition_publish

pytestmark = pytest.mark.django_db
SLUG = "pre-deployment-security-review"
EDIT = f"/gates/{SLUG}/edit/"


def _form(**changes) -> dict:
    data = {
        "name": "Pre-deployment security review",
        "artifacts": "model-card-final | Model card (final)\nred-team-report | Red team report",
        "approvals": ["ciso", "legal", "product_owner"],
        "tests": "bias-benchmark-suite | Bias benchmark suite\n"
        "shadow | Shadow mode | if applicable",
        "tiers": ["critical", "high"],
        "blocking": "on",
        "note": "Fewer artifacts for the pilot.",
    }
    data.update(changes)
    return data


def test_every_member_reads_the_gates_in_force(client, personas):
    client.force_login(personas.auditor)
    page = client.get("/gates/").content.decode()
    for name in (
        "Development authorization",
        "Pre-deployment security review",
        "Production deployment",
        "Annual production review",
        "Deprecation",
    ):
        assert name in page
    assert "Data lineage documentation" in page and "Out-of-distribution behaviour testing" in page
    assert EDIT not in page


@pytest.mark.parametrize("persona", ["auditor", "owner", "ciso", "board"])
def test_only_administrators_edit_a_gate(client, personas, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(EDIT).status_code == 403
    assert client.post(EDIT, _form()).status_code == 403
    assert GateDefinition.objects.filter(slug=SLUG).count() == 1


def test_an_edit_publishes_a_new_version_audited_with_its_diff(client, personas):
    client.force_login(personas.admin)
    assert EDIT in client.get("/gates/").content.decode()
    response = client.post(EDIT, _form())
    assert response.status_code == 302
    current = GateDefinition.objects.filter(slug=SLUG).order_by("-version").first()
    assert current.version == 2
    assert [a["key"] for a in current.artifacts] == ["model-card-final", "red-team-report"]
    assert current.tests[1] == {"key": "shadow", "name": "Shadow mode", "if_applicable": True}
    event = AuditEvent.objects.get(action="gate.definition_published")
    assert event.changes["version"] == [1, 2]
    assert len(event.changes["artifacts"][0]) == 7 and len(event.changes["artifacts"][1]) == 2
    assert "approvals" not in event.changes  # unchanged fields are not in the diff
    page = client.get("/gates/").content.decode()
    assert "v2" in page and "Data lineage documentation" not in page
    trail = client.get("/audit/?action=gate.definition_published").content.decode()
    assert "Published a gate version" in trail and 'href="/gates/"' in trail


def test_a_bad_line_is_refused_beside_its_field_and_nothing_is_published(client, personas):
    client.force_login(personas.admin)
    response = client.post(EDIT, _form(artifacts="just a name without a key", tiers=[]))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Line 1: write “key | name”." in page
    assert GateDefinition.objects.filter(slug=SLUG).count() == 1


def test_duplicate_keys_and_unchanged_edits_are_refused(personas):
    with pytest.raises(Exception) as refused:
        gate_definition_publish(
            actor=personas.admin,
            slug=SLUG,
            name="X",
            artifacts=[{"key": "a", "name": "A"}, {"key": "a", "name": "B"}],
            approvals=["ciso"],
            tests=[],
            tiers=["high"],
            blocking=True,
            requires_checklist=False,
        )
    assert "artifacts" in refused.value.message_dict
    gate = GateDefinition.objects.get(slug=SLUG)
    with pytest.raises(Exception) as unchanged:
        gate_definition_publish(
            actor=personas.admin,
            slug=SLUG,
            name=gate.name,
            artifacts=gate.artifacts,
            approvals=gate.approvals,
            tests=gate.tests,
            tiers=gate.tiers,
            blocking=gate.blocking,
            requires_checklist=gate.requires_checklist,
        )
    assert "Nothing changed" in str(unchanged.value)


def test_a_request_already_open_keeps_the_version_it_was_opened_on(client, personas, screener):
    request = gate_request_open(actor=personas.owner, system=screener, summary="v3")
    gate = request.gate
    published = gate_definition_publish(
        actor=personas.admin,
        slug=SLUG,
        name=gate.name,
        artifacts=gate.artifacts[:2],
        approvals=gate.approvals,
        tests=gate.tests,
        tiers=gate.tiers,
        blocking=True,
        requires_checklist=False,
    )
    request.refresh_from_db()
    assert request.gate.version == 1 and published.version == 2
    client.force_login(personas.owner)
    page = client.get(f"/systems/SYS-001/gate-requests/{request.pk}/").content.decode()
    assert "gate version 1" in page
    assert "Data lineage documentation" in page  # still asked of this request


def test_the_service_itself_refuses_anyone_but_an_administrator(personas):
    from django.core.exceptions import PermissionDenied

    gate = GateDefinition.objects.get(slug=SLUG)
    with pytest.raises(PermissionDenied):
        gate_definition_publish(
            actor=personas.ciso,
            slug=SLUG,
            name="Shorter",
            artifacts=gate.artifacts,
            approvals=gate.approvals,
            tests=gate.tests,
            tiers=gate.tiers,
            blocking=gate.blocking,
            requires_checklist=gate.requires_checklist,
        )
    assert GateDefinition.objects.filter(slug=SLUG).count() == 1
