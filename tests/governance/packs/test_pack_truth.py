"""A pack states the truth as of its export moment (issue 15, "Packs state the truth"):
read back from the PDF with pypdf."""

import io
import re
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from pypdf import PdfReader

from core.audit import audit_record
from core.audit_display import action_label
from core.models import AuditEvent, Deadline, EvidenceFile
from governance.models import AuditPack
from governance.services.packs.build import pack_build
from governance.services.packs.export import pack_run
from incidents.models import Incident
from tests.factories import (
    GateApprovalFactory,
    IncidentFactory,
    UserFactory,
    organisation_profile,
)
from tests.governance.packs.conftest import make_pack

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
HEX_RUN = re.compile(r"(?<![0-9a-f])[0-9a-f]{12,}(?![0-9a-f])")


def pypdf_pages(pdf: bytes) -> list[str]:
    """Each page's text as pypdf extracts it, its lines kept (a hash broken across two
    lines shows as two pieces)."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def folded(text: str) -> str:
    return " ".join(text.split())


def build(pack):
    return pack_build(pack=pack, on_progress=lambda *_: None)


def pack_text(pack) -> str:
    return folded(" ".join(pypdf_pages(build(pack).data)))


def clock(incident, kind, label, due_at, owner, met_at=None):
    return Deadline.objects.create(
        subject_type=ContentType.objects.get_for_model(Incident),
        subject_id=str(incident.pk),
        label=f"{label} for {incident.incident_id}",
        kind=f"incidents.{kind}",
        due_at=due_at,
        owner=owner,
        met_at=met_at,
    )


def when(moment) -> str:
    local = moment.astimezone(BERLIN)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def test_a_pack_exported_while_a_clock_runs_says_running_due(personas, full_system):
    """The finding: 1 h 16 min left, and the pack said "missed (still open)", because the
    clock was judged at the range's end (midnight after its last day)."""
    now = timezone.now()
    incident = IncidentFactory(system=full_system, incident_id="INC-0777")
    running = now + timedelta(hours=1, minutes=16)
    clock(incident, "leadership", "Leadership notification", running, personas.owner)
    text = pack_text(make_pack(personas.auditor, systems=[full_system]))
    assert f"Leadership notification for INC-0777: running, due {when(running)}" in text
    assert "(1 h 16 min left at export)" in text or "(1 h 15 min left at export)" in text
    assert "missed" not in text


def test_only_a_clock_due_before_the_export_and_unmet_says_missed(personas, full_system):
    now = timezone.now()
    incident = IncidentFactory(system=full_system, incident_id="INC-0778")
    missed, met_due = now - timedelta(hours=1), now - timedelta(hours=2)
    met_at = met_due - timedelta(minutes=10)
    clock(incident, "triage", "Triage", missed, personas.owner)
    clock(incident, "containment", "Containment", met_due, personas.owner, met_at=met_at)
    text = pack_text(make_pack(personas.auditor, systems=[full_system]))
    assert f"Triage for INC-0778: missed, due {when(missed)} and not met at export" in text
    assert f"Containment for INC-0778: met at {when(met_at)}, due {when(met_due)}" in text


def test_the_portfolio_pack_judges_its_open_incidents_clocks_at_export_too(personas, full_system):
    now = timezone.now()
    incident = IncidentFactory(system=full_system, incident_id="INC-0779")
    running = now + timedelta(minutes=50)
    clock(incident, "leadership", "Leadership notification", running, personas.owner)
    text = pack_text(make_pack(personas.auditor, scope="portfolio"))
    assert f"Leadership notification for INC-0779: running, due {when(running)}" in text


def test_the_cover_names_the_zone_and_the_export_moment(personas, system_pack):
    text = pack_text(system_pack)
    assert "Times are in the Europe/Berlin time zone" in text
    assert "Generated at (the export moment)" in text
    assert " UTC" not in text


def test_the_audit_slice_is_in_words_with_peoples_names(personas, full_system):
    """Found: `gate_request.approvals_voided` and bare e-mails. The slice says what the
    audit trail's page says (the apps' display registers) and who by name."""
    personas.safety.full_name = "Sam Safety"
    personas.safety.save()
    request = full_system.gate_requests.get()
    audit_record(
        actor=personas.safety,
        action="gate_request.approvals_voided",
        obj=request,
        changes={"reason": "Model card replaced"},
    )
    text = pack_text(make_pack(personas.auditor, systems=[full_system]))
    slice_ = text.split("events on this system in the range.")[1]
    assert f"Sam Safety. {action_label('gate_request.approvals_voided')}: {request}" in slice_
    assert "Sam Safety. Classified a system: SYS-001" in slice_
    assert "gate_request.approvals_voided" not in text
    assert "safety@example.com" not in slice_
    assert "system.classified" not in slice_


def test_voided_sign_offs_are_counted_not_listed(personas, full_system):
    """Three sign-offs voided by a change of evidence read as one line with a count; the
    voided approvers are not listed one by one among those that stand."""
    request = full_system.gate_requests.get()
    reason = "Model card replaced on 2026-12-01: approvals given before were voided"
    voided_at = timezone.now() - timedelta(days=1)
    for name in ("Vic Voided", "Val Voided", "Vera Voided"):
        GateApprovalFactory(
            request=request,
            role="legal",
            approver=UserFactory(full_name=name),
            voided_at=voided_at,
            void_reason=reason,
        )
    text = pack_text(make_pack(personas.auditor, systems=[full_system]))
    day = voided_at.astimezone(BERLIN).date().isoformat()
    assert f"3 earlier sign-offs voided, the last on {day}: {reason}." in text
    for name in ("Vic Voided", "Val Voided", "Vera Voided"):
        assert name not in text
    assert "Ada Approver" in text  # the sign-offs that stand are listed


def test_every_hash_is_set_whole_on_one_line(personas, full_system):
    """A SHA-256 never breaks across lines: in the pages' text with its lines kept, every
    run of hex digits is a whole hash (64), never a piece of one at a line's end or start;
    and each hash the pack prints (the chain head, the audit slice's events, the evidence
    files) is found whole."""
    pack = make_pack(personas.auditor, systems=[full_system])
    built = build(pack)
    lines = [line for page in pypdf_pages(built.data) for line in page.splitlines()]
    pieces = [run for line in lines for run in HEX_RUN.findall(line) if len(run) != 64]
    assert pieces == []
    text = "\n".join(lines)
    hashes = {built.checkpoint.hash}
    events = AuditEvent.objects.filter(object_repr__startswith="SYS-001")
    hashes |= set(events.values_list("hash", flat=True))
    hashes |= set(EvidenceFile.objects.values_list("sha256", flat=True))
    assert len(hashes) >= 4
    assert [h for h in hashes if h not in text] == []


def test_a_range_from_0001_01_01_is_written_as_such(client, personas, full_system):
    """ISO 8601 with four-digit years, on the packs list and on the pack's cover alike
    (strftime's %Y wrote "1-01-01")."""
    pack = make_pack(personas.auditor, systems=[full_system])
    AuditPack.objects.filter(pk=pack.pk).update(date_from=date(1, 1, 1), date_to=date(5, 1, 1))
    pack.refresh_from_db()
    client.force_login(personas.auditor)
    listed = client.get("/packs/").content.decode()
    assert "0001-01-01 to 0005-01-01" in listed
    assert "1-01-01 to 5-01-01" not in listed.replace("0001-01-01 to 0005-01-01", "")
    assert "Date range 0001-01-01 to 0005-01-01" in pack_text(pack)


def test_the_pack_names_the_organisation_by_its_legal_name(personas, system_pack):
    text = pack_text(system_pack)
    assert "Organisation Example Marketplace GmbH" in text
    assert "(Our organisation)" not in text


def test_times_are_in_the_organisations_zone_whoever_asks(personas, full_system):
    organisation_profile(time_zone="America/New_York")
    now = timezone.now()
    incident = IncidentFactory(system=full_system, incident_id="INC-0780")
    running = now + timedelta(hours=3)
    clock(incident, "leadership", "Leadership notification", running, personas.owner)
    text = pack_text(make_pack(personas.auditor, systems=[full_system]))  # asked in Berlin
    local = running.astimezone(ZoneInfo("America/New_York"))
    assert "Times are in the America/New_York time zone" in text
    assert f"running, due {local:%Y-%m-%d %H:%M} {local.tzname()}" in text


def test_a_pack_without_the_organisations_legal_name_fails_naming_it(personas, full_system):
    organisation_profile(legal_name="")
    pack = make_pack(personas.auditor, systems=[full_system])
    AuditPack.objects.filter(pk=pack.pk).update(status="queued")
    pack_run(pack_id=pack.pk)
    pack.refresh_from_db()
    assert pack.status == "failed" and pack.checkpoint_id is None
    assert pack.error.startswith("The organisation profile lacks its legal name")
    assert "/organisation/" in pack.error
    assert AuditEvent.objects.get(action="pack.failed").changes["error"] == pack.error


SYSTEM_HEADINGS = (
    "System card",
    "Classification history",
    "Required controls",
    "Description",
    "EU AI Act category and screening",
    "Gate history",
    "Approvals",
    "Artifacts",
    "Test results",
    "Risks and the board's decisions",
    "Incidents",
    "Clocks",
    "Notifications",
    "Vendor assessments",
    "Evidence index",
    "Audit trail",
    "Pre-deployment checklist evidence",
)
PORTFOLIO_HEADINGS = (
    "Executive summary",
    "Heat maps",
    "Residual risk (after controls)",
    "Inherent risk",
    "Tiers and AI Act categories",
    "Overdue reviews and mitigations",
    "System reviews overdue",
    "Risk reviews overdue",
    "Mitigations overdue",
    "Open incidents and clock performance",
    "Review sessions' minutes",
)


def body_lines(pack, page: str) -> list[str]:
    """A page's lines without its running head and foot (the lines starting with the
    pack's ID)."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    return [line for line in lines if not line.startswith(pack.pack_id)]


def near_blank_pages(pack, headings) -> list[tuple[int, list[str]]]:
    """Pages holding fewer than three lines, or ending with a heading."""
    pages = pypdf_pages(build(pack).data)
    found = []
    for number, page in enumerate(pages, start=1):
        lines = body_lines(pack, page)
        if len(lines) < 3 or lines[-1] in headings:
            found.append((number, lines))
    return found


def test_a_system_pack_has_no_near_blank_page(personas, full_system):
    """Found: the last audit event (with its hash) alone on the pack's last page."""
    pack = make_pack(personas.auditor, systems=[full_system])
    assert near_blank_pages(pack, SYSTEM_HEADINGS) == []


def test_the_board_pack_has_no_near_blank_page(personas, full_system):
    """Found: one part a page, so a page held "Review sessions' minutes" and one line."""
    pack = make_pack(personas.auditor, scope="portfolio")
    assert near_blank_pages(pack, PORTFOLIO_HEADINGS) == []
