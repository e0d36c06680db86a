"""The enterprise set of bench/scale.py at a thousandth of its size: every count it
promises, on top of the demo, and an audit chain that still verifies from event #1."""

import pytest
from django.core.management import call_command

from bench.scale_data import Counts, build_enterprise
from core.audit import audit_verify
from core.models import AuditEvent, Deadline
from governance.models import Risk
from incidents.models import Incident
from registry.models import AISystem, Classification, GateArtifact, GateRequest
from vendors.models import Assessment, Vendor

pytestmark = pytest.mark.django_db

MODELS = {
    "systems": AISystem,
    "risks": Risk,
    "incidents": Incident,
    "deadlines": Deadline,
    "gate_requests": GateRequest,
    "vendors": Vendor,
    "audit_events": AuditEvent,
}


class _Sink:
    def write(self, _text):
        pass

    def flush(self):
        pass


def test_a_thousandth_of_the_enterprise_adds_what_it_promises_and_the_chain_holds():
    call_command("load_demo", stdout=_Sink())
    before = {kind: model.objects.count() for kind, model in MODELS.items()}
    artifacts = GateArtifact.objects.count()
    counts = Counts.at(0.001)
    assert (counts.systems, counts.incidents, counts.audit_events) == (2, 100, 5_000)

    took = build_enterprise(0.001)

    for kind, model in MODELS.items():
        assert model.objects.count() - before[kind] == getattr(counts, kind), kind
    assert set(took) >= {"systems", "incidents + clocks", "audit events", "total"}
    added = AISystem.objects.filter(owner_team__isnull=False).exclude(
        system_id__regex=r"^SYS-\d{3}$"
    )
    assert Classification.objects.filter(system__in=added).exists()  # classified, as promised
    assert GateArtifact.objects.count() - artifacts == 2 * counts.gate_requests
    assert Assessment.objects.filter(product__vendor__name__startswith="Bench vendor").count() == 2
    # Each incident has its clocks: triage and containment, and GDPR's on a quarter.
    clocks = Deadline.objects.filter(kind__startswith="incidents.", label__regex=r"^INC-\d{7} ")
    assert clocks.count() == 2 * counts.incidents + counts.incidents // 4
    report = audit_verify()
    assert report.ok and report.checked == AuditEvent.objects.count()
