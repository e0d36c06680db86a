"""The demo's compliance (load_demo's contributed step): policies filed, reviewers'
decisions made through the services, every system's statuses computed, and the hiring
screener's model card left for Legal to accept for Art. 11 (the browser journey)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from compliance.models import ComplianceDocument, EvidenceAcceptance, StatusSnapshot
from compliance.selectors.coverage import coverage_for, systems_with_facts
from registry.models import AISystem

pytestmark = pytest.mark.django_db


def test_the_demo_files_policies_decides_and_leaves_art_11_to_legal():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Compliance: 6 policies filed" in out.getvalue()
    assert ComplianceDocument.objects.filter(system__isnull=True).count() == 6
    assert EvidenceAcceptance.objects.filter(decided_by__email="legal@example.com").exists()
    assert StatusSnapshot.objects.values("system").distinct().count() == AISystem.objects.count()

    screener = systems_with_facts(AISystem.objects.filter(system_id="SYS-001"))
    [act] = [
        fc
        for fc in coverage_for(list(screener), timezone.localdate())[screener[0].pk]
        if fc.framework.key == "eu-ai-act"
    ]
    art11 = next(r for r in act.rows if r.requirement.ref_id == "Art. 11")
    states = {item.label: item.state for item in art11.items}
    assert states["Architecture documentation"] == "accepted"
    assert states["Approved model or system card"] == "awaiting_review"
    assert art11.status == "partial"

    again = io.StringIO()
    call_command("load_demo", stdout=again)
    assert "Compliance: already filed." in again.getvalue()
    assert ComplianceDocument.objects.count() == 7
