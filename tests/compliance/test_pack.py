"""The compliance section of the audit packs (issue 19 section 2, DESIGN.md 1: a pack in
governance holds a compliance section that compliance contributes through
core.pack_sections). Read from the PDF as an auditor reads it: per system and framework
the percentage, the requirements not met by ref_id with what is missing, the accepted
records with their fingerprints (in the manifest too); the board's pack the systems x
frameworks percentages. Computed from coverage_for on the day of the export."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from compliance.models import Framework
from compliance.selectors.pack import compliance_pack_section
from core.pack_sections import PackSpan, pack_sections
from governance.services.packs.build import pack_build
from governance.services.packs.manifest import MANIFEST_NAME
from tests.compliance.test_system_page import (
    DOC_TYPES,
    accepted,
    filed,
    small_framework,
    system_of,
)
from tests.factories import AISystemFactory, organisation_profile
from tests.governance.packs.conftest import make_pack
from tests.pdf_reading import pdf_attachment, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def covered(personas):
    """SYS-001 under a three-requirement framework: T-1 met by an accepted document
    (expiring in 30 days), T-2 and T-3 gaps."""
    organisation_profile()
    framework = small_framework(personas.admin, requirements=3)
    system = system_of(personas)
    expires = timezone.localdate() + timedelta(days=30)
    document = filed(personas, system, DOC_TYPES[0][0], expires_on=expires)
    accepted(personas, system, framework, "T-1", document)
    return system, document


def build(pack) -> bytes:
    return pack_build(pack=pack, on_progress=lambda *_: None).data


def test_compliance_contributes_its_section_through_core():
    [section] = [s for s in pack_sections() if s.key == "compliance"]
    assert section.owner == "compliance" and section.title == "Compliance coverage"


def test_the_system_pack_shows_the_coverage_gaps_and_accepted_records(personas, covered):
    system, document = covered
    data = build(make_pack(personas.auditor, systems=[system]))
    text = pdf_text(data)
    today = timezone.localdate()
    assert "Compliance coverage" in text
    assert f"as it stood on {today.isoformat()}, the day this pack was exported" in text
    assert "Test framework (1): 33% met (1 of 3 applicable)" in text
    assert f"T-2 Architecture documentation in place: gap; still needed: {DOC_TYPES[1][1]}" in text
    assert f"T-3 Monitoring plan in place: gap; still needed: {DOC_TYPES[2][1]}" in text
    assert f"compliance.compliancedocument {document.pk}" in text
    assert document.evidence.sha256 in text.replace(" ", "")
    manifest = json.loads(pdf_attachment(data, MANIFEST_NAME))
    assert {
        "type": "compliance.compliancedocument",
        "id": str(document.pk),
        "version": document.evidence.sha256,
    } in manifest["records"]


def test_the_portfolio_pack_holds_the_systems_by_frameworks_percentages(personas, covered):
    system, _ = covered
    AISystemFactory(system_id="SYS-002", name="Chat assistant", owner_team=personas.people_ops)
    text = pdf_text(build(make_pack(personas.auditor, scope="portfolio")))
    assert "Compliance coverage" in text
    assert "Test framework (1)" in text
    assert "SYS-001 Resume screener 33% (1/3)" in text
    assert "SYS-002 Chat assistant 0% (0/3)" in text


def test_the_section_states_the_coverage_of_the_export_day_not_a_stored_one(personas, covered):
    """The document expires after 30 days: a pack exported on day 31 shows T-1 back in
    review and the percentage the rule gives then, with nothing refreshed or stored."""
    system, _ = covered
    pack = make_pack(personas.auditor, systems=[system])
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        text = pdf_text(build(pack))
        day = timezone.localdate()
    assert f"as it stood on {day.isoformat()}" in text
    assert "Test framework (1): 0% met (0 of 3 applicable)" in text
    assert "T-1 Human oversight procedure in place: review needed" in text


def test_the_export_day_is_the_organisations_not_utcs(personas, covered):
    """At 23:30 UTC it is already the next day in Berlin, the organisation's zone (the
    zone the pack's cover names): the section states that day."""
    system, _ = covered
    late = datetime.combine(timezone.now().astimezone(UTC).date(), time(23, 30), tzinfo=UTC)
    with time_machine.travel(late):
        text = pdf_text(build(make_pack(personas.auditor, systems=[system])))
    berlin = late.date() + timedelta(days=1)
    assert "Europe/Berlin" in text
    assert f"as it stood on {berlin.isoformat()}, the day this pack was exported" in text


def section_queries(systems) -> int:
    now = timezone.now()
    pks = [system.pk for system in systems]
    with CaptureQueriesContext(connection) as captured:
        compliance_pack_section(pks, PackSpan(now, now, now))
    return len(captured)


def test_the_section_costs_the_same_queries_at_one_and_at_many_systems(personas, covered):
    system, _ = covered
    one = section_queries([system])
    more = [AISystemFactory(owner_team=personas.people_ops) for _ in range(6)]
    framework = Framework.objects.get(key="test-fw")
    for other in more[:3]:
        accepted(personas, other, framework, "T-2", filed(personas, other, DOC_TYPES[1][0]))
    assert section_queries([system, *more]) == one
