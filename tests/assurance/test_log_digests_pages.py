"""The log digest pages (issue 20 section 3): the overview at 1 and 20 systems in a fixed
number of queries, a system's digests with corrections, chain position, missing days and
retention, and the upload page that checks a batch."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assurance.models import LogDigest, MonitoringPlan
from assurance.rules.logs import batch_digest
from assurance.services.log_digests import log_digest_record
from core.models import AuditEvent
from tests.factories import AISystemFactory, people_ops_system

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 12, 9, 0, tzinfo=UTC)
BATCH = b'{"tool": "rank", "ms": 41}\n{"tool": "rank", "ms": 39}\n'


def plan(system, owner, **fields):
    values = {"interval": timedelta(hours=1), "log_digests_expected": True} | fields
    return MonitoringPlan.objects.create(
        system=system, created_by=owner, created_at=NOW - timedelta(days=11), **values
    )


def digests(owner, system, days, sha=None):
    digest = batch_digest(BATCH)
    for day in days:
        log_digest_record(
            actor=owner,
            system=system,
            day=day,
            records=digest.records,
            sha256=sha or digest.sha256,
            location=f"s3://logs/{day}.jsonl",
            now=NOW,
        )


def ten_days_but_one(personas, system):
    days = [date(2026, 12, 10) - timedelta(days=n) for n in range(10) if n != 4]
    digests(personas.owner, system, days)


def test_the_overview_lists_last_digest_missing_days_and_retention(client, personas):
    system = people_ops_system(personas, risk_tier="high", ai_act_role="provider")
    plan(system, personas.owner, log_retention_days=365)
    ten_days_but_one(personas, system)
    client.force_login(personas.auditor)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/assurance/logs/").content.decode()
    assert "SYS-001 Resume screener" in page
    assert "2026-12-10" in page
    assert "1 missing</span> 2026-12-06" in page
    assert "365 days" in page and "Too short" in page and "3653 days" in page


def upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("2026-12-10.jsonl", data)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_overview_reads_the_same_queries_at_1_and_20_systems(client, personas):
    first = people_ops_system(personas)
    plan(first, personas.owner, log_retention_days=200)
    digests(personas.owner, first, [date(2026, 12, 9)])
    client.force_login(personas.board)
    with time_machine.travel(NOW, tick=False):
        client.get("/assurance/logs/")
        one = _count(client, "/assurance/logs/")
        for _ in range(19):
            system = AISystemFactory(owner_team=personas.people_ops)
            plan(system, personas.owner)
            digests(personas.owner, system, [date(2026, 12, 9), date(2026, 12, 8)])
        twenty = _count(client, "/assurance/logs/")
        page = client.get("/assurance/logs/").content.decode()
    assert page.count('href="/assurance/logs/SYS-') == 20
    assert one == twenty


def test_a_system_s_page_shows_corrections_chain_position_and_missing_days(client, personas):
    system = people_ops_system(personas)
    plan(system, personas.owner, log_retention_days=400)
    ten_days_but_one(personas, system)
    log_digest_record(
        actor=personas.owner,
        system=system,
        day=date(2026, 12, 10),
        records=2,
        sha256="e" * 64,
        location="s3://logs/again.jsonl",
        correction_reason="The batch was re-exported",
        now=NOW,
    )
    corrected = LogDigest.objects.get(corrects__isnull=False)
    event = AuditEvent.objects.get(seq=corrected.audit_sequence)
    client.force_login(personas.auditor)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/assurance/logs/SYS-001/").content.decode()
    assert "Replaced" in page and "Correction" in page
    assert "Why: The batch was re-exported" in page
    assert f"#{event.seq}" in page and event.hash[:10] in page
    assert "1 day without a digest:</strong> 2026-12-06" in page
    assert "400 days" in page and "183 days" in page
    assert "The digests span</dt><dd>10 days" in page


def test_empty_states(client, personas):
    people_ops_system(personas)
    client.force_login(personas.auditor)
    assert "No system expects log digests yet." in client.get("/assurance/logs/").content.decode()
    page = client.get("/assurance/logs/SYS-001/").content.decode()
    assert "No digest received yet." in page and "No monitoring plan" in page


def test_the_upload_page_checks_a_batch_and_records_the_check(client, personas):
    system = people_ops_system(personas)
    digests(personas.owner, system, [date(2026, 12, 10)])
    client.force_login(personas.auditor)
    url = "/assurance/logs/SYS-001/verify/"
    with time_machine.travel(NOW, tick=False):
        same = client.post(url, {"date": "2026-12-10", "batch": upload(BATCH)})
        changed = BATCH.replace(b"41", b"42")
        other = client.post(url, {"date": "2026-12-10", "batch": upload(changed)})
    assert "The batch of 2026-12-10 matches its recorded digest" in same.content.decode()
    assert "the chain verifies up to it." in same.content.decode()
    assert "The batch of 2026-12-10 does not match" in other.content.decode()
    assert "2026-12-10: the file&#x27;s SHA-256 is" in other.content.decode()
    assert (
        AuditEvent.objects.filter(action="log_batch.verified", actor=personas.auditor).count() == 2
    )
    missing = client.post(url, {"date": "2026-12-10"})
    assert missing.status_code == 400
    assert "Batch file: This field is required." in missing.content.decode()


def test_outsiders_are_refused(client, personas):
    people_ops_system(personas)
    client.force_login(personas.outsider)
    for url in ("/assurance/logs/", "/assurance/logs/SYS-001/", "/assurance/logs/SYS-001/verify/"):
        assert client.get(url).status_code == 403
