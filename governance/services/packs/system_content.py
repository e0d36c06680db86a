"""What a system pack holds, gathered for one or several systems at once: one query per
kind of record (with `system__in`), grouped by system in Python, so the cost does not
grow with the number of systems or rows.

Which records, and over which time:
- the system card, classification history, required controls, AI Act screenings, gate
  history and vendor assessments: the current state and all of its history up to the
  end of the range (an auditor reads a decision together with the ones before it);
- risks: those linked to the system now, with the board's decisions taken in the range;
- incidents: those open at some moment of the range (discovered before its end and not
  closed before its start), with their notifications and their clocks as they stand at
  the export moment (a clock due after the range's end but still running at export is
  running, not missed), and the files on their sent notifications and post-incident
  reviews now;
- the audit trail: the system's events in the range, up to the pack's checkpoint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, Q

from core.audit_display import action_label
from core.models import AuditEvent, EvidenceFile
from governance.models import Risk, RiskDecision
from governance.rules.packs import VoidedSignOffs, voided_sign_offs
from governance.services.packs.clocks import PackClock, pack_clocks
from governance.services.packs.model_cards import PackModelCard, pack_model_cards
from incidents.models import Incident, IncidentNotification, NotificationEvidence, ReviewEvidence
from incidents.selectors import incident_clocks_many
from registry.models import (
    AIActScreening,
    AISystem,
    ChecklistEvidence,
    Classification,
    ControlEvidence,
    GateApproval,
    GateArtifact,
    GateRequest,
    GateTestResult,
    SystemControl,
    SystemVendorProduct,
)
from vendors.models import Assessment, AssessmentEvidence


@dataclass
class IncidentEntry:
    """An incident as the pack shows it: its clocks, its notifications (each with its
    files, `evidence`) and the files on its post-incident review."""

    incident: Incident
    clocks: list[PackClock]
    notifications: list[IncidentNotification]
    review_evidence: list[ReviewEvidence] = field(default_factory=list)


@dataclass
class GateEntry:
    """A gate request as the pack shows it: the sign-offs that stand, one by one, and
    the voided ones counted by why they were voided."""

    request: GateRequest
    standing: list[GateApproval]
    voided: list[VoidedSignOffs]


def gate_entry(request: GateRequest) -> GateEntry:
    approvals = list(request.approvals.all())
    return GateEntry(
        request=request,
        standing=[a for a in approvals if a.voided_at is None],
        voided=voided_sign_offs((a.void_reason, a.voided_at) for a in approvals if a.voided_at),
    )


@dataclass
class SystemSection:
    """Everything the pack shows about one system."""

    system: AISystem
    classifications: list[Classification] = field(default_factory=list)
    controls: list[SystemControl] = field(default_factory=list)
    screenings: list[AIActScreening] = field(default_factory=list)
    gate_requests: list[GateRequest] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    incidents: list[IncidentEntry] = field(default_factory=list)
    vendor_links: list[SystemVendorProduct] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    checklist: list[ChecklistEvidence] = field(default_factory=list)
    model_cards: list[PackModelCard] = field(default_factory=list)
    evidence: list[EvidenceFile] = field(default_factory=list)
    audit: list[AuditLine] = field(default_factory=list)
    contributed: list = field(default_factory=list)  # core.pack_sections BuiltPart, by section

    @property
    def anchor(self) -> str:
        return f"sys-{self.system.system_id}"

    @property
    def gates(self) -> list[GateEntry]:
        return [gate_entry(request) for request in self.gate_requests]

    @property
    def scheme_versions(self) -> list[int]:
        return sorted({c.scheme.version for c in self.classifications})


@dataclass(frozen=True)
class Range:
    """The pack's range as instants, [start, end); the audit trail up to `upto_seq`; and
    the export moment `as_of`, at which the pack judges its clocks (running or missed)."""

    start: datetime
    end: datetime
    upto_seq: int
    as_of: datetime


def _by_system(rows, key=lambda row: row.system_id) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(key(row), []).append(row)
    return grouped


def _classifications(ids, span: Range):
    rows = Classification.objects.filter(system__in=ids, classified_at__lt=span.end)
    return _by_system(
        rows.select_related("scheme", "classified_by", "reviewer").order_by("classified_at", "id")
    )


def _controls(ids):
    evidence = ControlEvidence.objects.filter(removed_at__isnull=True).select_related(
        "evidence__uploaded_by"
    )
    rows = (
        SystemControl.objects.filter(system__in=ids)
        .select_related("control")
        .prefetch_related(Prefetch("evidence", queryset=evidence.order_by("added_at", "id")))
        .order_by("retired_at", "control__name")
    )
    return _by_system(rows)


def _screenings(ids, span: Range):
    rows = AIActScreening.objects.filter(system__in=ids, decided_at__lt=span.end)
    return _by_system(rows.select_related("decided_by").order_by("decided_at", "id"))


def _gate_requests(ids, span: Range):
    approvals = GateApproval.objects.select_related("approver").order_by("decided_at", "id")
    artifacts = GateArtifact.objects.select_related("evidence__uploaded_by", "added_by")
    tests = GateTestResult.objects.select_related("report__uploaded_by", "recorded_by")
    rows = (
        GateRequest.objects.filter(system__in=ids, requested_at__lt=span.end)
        .select_related("gate", "requested_by", "decided_by")
        .prefetch_related(
            Prefetch("approvals", queryset=approvals),
            Prefetch("artifacts", queryset=artifacts.order_by("requirement", "added_at", "id")),
            Prefetch("test_results", queryset=tests.order_by("requirement", "recorded_at", "id")),
        )
        .order_by("requested_at", "id")
    )
    return _by_system(rows)


def _risks(ids, span: Range) -> dict[int, list[Risk]]:
    decisions = (
        RiskDecision.objects.filter(decided_at__gte=span.start, decided_at__lt=span.end)
        .select_related("session", "decided_by", "mitigation_owner")
        .order_by("decided_at", "id")
    )
    links = Risk.systems.through.objects.filter(aisystem__in=ids).select_related("risk__owner_team")
    links = links.prefetch_related(Prefetch("risk__decisions", queryset=decisions))
    return _by_system(
        sorted(links, key=lambda link: link.risk.risk_id), key=lambda link: link.aisystem_id
    )


def _incidents(ids, span: Range) -> dict[int, list[IncidentEntry]]:
    files = NotificationEvidence.objects.filter(removed_at__isnull=True)
    notifications = IncidentNotification.objects.prefetch_related(
        Prefetch("evidence", queryset=_current_files(files))
    ).order_by("created_at", "id")
    rows = list(
        Incident.objects.filter(system__in=ids, discovered_at__lt=span.end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=span.start))
        .select_related("lead")
        .prefetch_related(Prefetch("notifications", queryset=notifications))
        .order_by("discovered_at", "id")
    )
    clocks = incident_clocks_many(rows, span.as_of) if rows else {}
    reviewed = ReviewEvidence.objects.filter(review__incident__in=rows, removed_at__isnull=True)
    on_review = _by_system(
        _current_files(reviewed.select_related("review")) if rows else [],
        key=lambda link: link.review.incident_id,
    )
    entries = [
        IncidentEntry(
            i,
            pack_clocks(clocks[i.pk], span.as_of),
            list(i.notifications.all()),
            on_review.get(i.pk, []),
        )
        for i in rows
    ]
    return _by_system(entries, key=lambda entry: entry.incident.system_id)


def _current_files(links):
    """Evidence links with their files and uploaders, in the order they were added."""
    return links.select_related("evidence__uploaded_by").order_by("added_at", "id")


def _vendors(ids, span: Range):
    links = list(
        SystemVendorProduct.objects.filter(system__in=ids, added_at__lt=span.end)
        .select_related("product__vendor")
        .order_by("added_at", "id")
    )
    evidence = AssessmentEvidence.objects.select_related("evidence__uploaded_by")
    assessments = (
        Assessment.objects.filter(
            product__in={link.product_id for link in links}, created_at__lt=span.end
        )
        .select_related("product__vendor", "assessor", "ciso_approved_by")
        .prefetch_related(Prefetch("evidence", queryset=evidence.order_by("added_at", "id")))
        .order_by("created_at", "id")
    )
    by_product = _by_system(assessments, key=lambda a: a.product_id)
    return _by_system(links), by_product


def _checklist(ids):
    rows = ChecklistEvidence.objects.filter(system__in=ids, removed_at__isnull=True)
    return _by_system(rows.select_related("evidence__uploaded_by").order_by("item", "id"))


def _gather(ids: list[int], span: Range) -> dict[str, dict]:
    """One query (or one plus its prefetches) per kind of record, for every system."""
    vendor_links, assessments = _vendors(ids, span)
    return {
        "classifications": _classifications(ids, span),
        "controls": _controls(ids),
        "screenings": _screenings(ids, span),
        "gate_requests": _gate_requests(ids, span),
        "risks": _risks(ids, span),
        "incidents": _incidents(ids, span),
        "vendor_links": vendor_links,
        "assessments": assessments,
        "checklist": _checklist(ids),
        "model_cards": pack_model_cards(ids, span),
    }


def _section(system: AISystem, found: dict[str, dict]) -> SystemSection:
    pk = system.pk
    links = found["vendor_links"].get(pk, [])
    section = SystemSection(
        system=system,
        classifications=found["classifications"].get(pk, []),
        controls=found["controls"].get(pk, []),
        screenings=found["screenings"].get(pk, []),
        gate_requests=found["gate_requests"].get(pk, []),
        risks=[link.risk for link in found["risks"].get(pk, [])],
        incidents=found["incidents"].get(pk, []),
        vendor_links=links,
        checklist=found["checklist"].get(pk, []),
        model_cards=found["model_cards"].get(pk, []),
    )
    products = dict.fromkeys(link.product_id for link in links)
    section.assessments = [a for p in products for a in found["assessments"].get(p, [])]
    section.evidence = section_evidence(section)
    return section


def section_evidence(section: SystemSection) -> list[EvidenceFile]:
    """Every evidence file the section references, once each, in the order first seen."""
    files: dict[int, EvidenceFile] = {}
    for request in section.gate_requests:
        for artifact in request.artifacts.all():
            if artifact.evidence_id:
                files.setdefault(artifact.evidence_id, artifact.evidence)
        for result in request.test_results.all():
            if result.report_id:
                files.setdefault(result.report_id, result.report)
    for control in section.controls:
        for link in control.evidence.all():
            files.setdefault(link.evidence_id, link.evidence)
    for link in section.checklist:
        files.setdefault(link.evidence_id, link.evidence)
    for assessment in section.assessments:
        for link in assessment.evidence.all():
            files.setdefault(link.evidence_id, link.evidence)
    for entry in section.incidents:
        for notification in entry.notifications:
            for link in notification.evidence.all():
                files.setdefault(link.evidence_id, link.evidence)
        for link in entry.review_evidence:
            files.setdefault(link.evidence_id, link.evidence)
    return list(files.values())


@dataclass(frozen=True)
class AuditLine:
    """One event of the audit slice in words: who by name, the action as the audit
    trail's page says it (core.audit_display, registered by each app), on what."""

    seq: int
    at: datetime
    who: str
    what: str
    object_repr: str
    hash: str


def audit_line(event: AuditEvent) -> AuditLine:
    if event.actor is not None:
        who = event.actor.display_name
    else:  # the console by its label; nobody: the portal's own work (the clock sweep)
        who = event.actor_label or "The portal (automatic)"
    return AuditLine(
        seq=event.seq,
        at=event.at,
        who=who,
        what=action_label(event.action),
        object_repr=event.object_repr,
        hash=event.hash,
    )


def _linked_objects(section: SystemSection) -> dict[str, set[str]]:
    """Risks, incidents and assessments of the section, by audit object type."""
    return {
        "governance.risk": {str(r.pk) for r in section.risks},
        "incidents.incident": {str(e.incident.pk) for e in section.incidents},
        "vendors.assessment": {str(a.pk) for a in section.assessments},
    }


def _audit_filter(sid: str, linked: dict[str, set[str]]) -> Q:
    """The system's events: every registry object names its system first in its repr
    (registry.contributions); risks, incidents and assessments by their pk."""
    condition = Q(object_repr=sid) | Q(object_repr__startswith=f"{sid} ")
    condition |= Q(object_repr__startswith=f"{sid}:")
    for object_type, pks in linked.items():
        if pks:
            condition |= Q(object_type=object_type, object_id__in=sorted(pks))
    return condition


def _concerns(sid: str, linked: dict[str, set[str]], event: AuditEvent) -> bool:
    name = event.object_repr
    if name == sid or name.startswith((f"{sid} ", f"{sid}:")):
        return True
    return event.object_id in linked.get(event.object_type, ())


def _attach_audit(sections: list[SystemSection], span: Range) -> None:
    """The audit slice of every section in one query, each event given to the sections
    it concerns."""
    if not sections:
        return
    keys = [(s, s.system.system_id, _linked_objects(s)) for s in sections]
    combined = Q()
    for _, sid, linked in keys:
        combined |= _audit_filter(sid, linked)
    events = AuditEvent.objects.filter(
        combined, at__gte=span.start, at__lt=span.end, seq__lte=span.upto_seq
    ).select_related("actor")
    rows = list(events.order_by("seq"))
    for section, sid, linked in keys:
        section.audit = [audit_line(e) for e in rows if _concerns(sid, linked, e)]


def system_sections(systems: list[AISystem], span: Range) -> list[SystemSection]:
    """One section per system, in the order given: a fixed number of queries."""
    found = _gather([s.pk for s in systems], span) if systems else {}
    sections = [_section(system, found) for system in systems]
    _attach_audit(sections, span)
    return sections
