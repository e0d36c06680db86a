"""pack_content: what a pack references (evidence, records with versions) and what it
costs to gather (a fixed number of queries, whatever the number of rows)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.audit import ChainReport
from core.models import AuditCheckpoint
from core.pack_sections import PackSpan, pack_sections_built
from core.selectors import organisation_profile_get
from governance.services.packs.content import pack_content
from tests.factories import AISystemFactory, IncidentFactory, RiskFactory
from tests.governance.packs.conftest import (
    add_control_evidence,
    add_gate_history,
    add_vendor,
    make_pack,
)

pytestmark = pytest.mark.django_db

INTACT = ChainReport(checked=0, first_broken_seq=None)


def checkpoint():
    return AuditCheckpoint.objects.create(seq=0, hash="0" * 64, label="test")


def content_of(pack):
    return pack_content(
        pack=pack,
        checkpoint=checkpoint(),
        chain=INTACT,
        now=timezone.now(),
        organisation=organisation_profile_get(),
    )


def test_evidence_lists_every_file_the_pack_references_once(system_pack, full_system):
    content = content_of(system_pack)
    names = sorted(f.original_name for f in content.evidence)
    request = full_system.gate_requests.get()
    artifact = request.artifacts.get()
    assert artifact.evidence.original_name in names
    assert {"dpia.pdf", "rollback-drill.pdf"} <= set(names)
    assert len(names) == len(set(names))


def test_records_name_each_record_with_its_version(system_pack, full_system):
    records = {(r["type"], r["id"]): r["version"] for r in content_of(system_pack).records}
    assert records[("registry.aisystem", "SYS-001")] == full_system.updated_at.isoformat()
    assert records[("registry.scoringscheme", "1")] == "v1"
    approvals = [key for key in records if key[0] == "registry.gateapproval"]
    assert len(approvals) == 3
    assert all(records[key].startswith("sha256:") for key in approvals)
    assert any(key[0] == "governance.risk" for key in records)
    assert any(key[0] == "incidents.incident" for key in records)


def test_a_changed_row_changes_its_version(system_pack, full_system):
    before = {(r["type"], r["id"]): r["version"] for r in content_of(system_pack).records}
    approval = full_system.gate_requests.get().approvals.first()
    approval.comment = "Rewritten afterwards"
    approval.save()
    after = {(r["type"], r["id"]): r["version"] for r in content_of(system_pack).records}
    key = ("registry.gateapproval", str(approval.pk))
    assert before[key] != after[key]


def _grow(personas, systems: int):
    """`systems` more systems, each with some of everything."""
    made = []
    for _ in range(systems):
        system = AISystemFactory(owner_team=personas.people_ops)
        add_gate_history(system, personas.owner)
        add_gate_history(system, personas.owner, approvers=("Dee", "Eve"))
        RiskFactory.create_batch(2, systems=[system])
        IncidentFactory.create_batch(2, system=system)
        add_vendor(system, personas.owner)
        made.append(system)
    return made


def queries_for(pack) -> int:
    with CaptureQueriesContext(connection) as captured:
        content_of(pack)
    return len(captured)


def contributed_queries(systems) -> int:
    """What the sections higher apps contribute (core.pack_sections) cost, themselves a
    fixed number of queries: the pack's own budget comes on top."""
    now = timezone.now()
    with CaptureQueriesContext(connection) as captured:
        pack_sections_built([system.pk for system in systems], PackSpan(now, now, now))
    return len(captured)


def test_system_pack_costs_the_same_queries_at_one_and_at_many_rows(personas, full_system):
    small = make_pack(personas.auditor, systems=[full_system])
    content_of(small)  # warm the content-type cache
    add_control_evidence(full_system, personas.owner)
    large = make_pack(personas.auditor, systems=[full_system, *_grow(personas, 4)])
    contributed = contributed_queries([full_system])
    assert contributed == contributed_queries(list(large.systems.all()))
    assert queries_for(small) == queries_for(large) <= 25 + contributed


def test_portfolio_pack_costs_the_same_queries_at_one_and_at_many_rows(personas, full_system):
    pack = make_pack(personas.auditor, scope="portfolio")
    content_of(pack)
    small = queries_for(pack)
    contributed = contributed_queries([full_system])
    _grow(personas, 4)
    assert queries_for(pack) == small <= 20 + contributed
