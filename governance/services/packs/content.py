"""What a pack shows: the template and its context, the evidence files it references and
the records it includes with their versions (for the manifest).

A record's version is its own version number where it has one (scoring schemes, gate
definitions); else its `updated_at` where the row keeps one (systems, controls, risks,
incidents, vendor assessments); else, for rows that never change or change without a
timestamp (classifications, screenings, gate requests, approvals, results, decisions,
notifications, sessions), "sha256:" and the hash of its fields' values, so a row
edited after the export no longer matches the manifest."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from django.db import models

from core.audit import ChainReport
from core.models import AuditCheckpoint, EvidenceFile, OrganisationProfile
from core.pack_sections import PackSpan, pack_sections_built, portfolio_parts, system_parts
from core.views.common import viewer_time_zone
from governance.models import AuditPack
from governance.services.packs.portfolio_content import PortfolioContent, portfolio_content
from governance.services.packs.system_content import Range, SystemSection, system_sections

SYSTEM_TEMPLATE = "governance/packs/system.html"
PORTFOLIO_TEMPLATE = "governance/packs/portfolio.html"


@dataclass
class PackContent:
    template: str
    context: dict
    evidence: list[EvidenceFile] = field(default_factory=list)
    # [{"type": "registry.aisystem", "id": "SYS-001", "version": "..."}]
    records: list[dict] = field(default_factory=list)


def pack_range(pack: AuditPack, upto_seq: int, as_of: datetime) -> Range:
    """The pack's dates as instants (UTC): from the start of its first day to the end of
    its last; `as_of` is the export moment."""
    start = datetime.combine(pack.date_from, time.min, tzinfo=UTC)
    end = datetime.combine(pack.date_to + timedelta(days=1), time.min, tzinfo=UTC)
    return Range(start, end, upto_seq, as_of)


def record_version(obj: models.Model) -> str:
    """The version the manifest gives a record (see the module's docstring)."""
    if isinstance(getattr(obj, "version", None), int):
        return f"v{obj.version}"
    updated = getattr(obj, "updated_at", None)
    if isinstance(updated, datetime):
        return updated.isoformat()
    values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    canonical = json.dumps(values, sort_keys=True, default=str, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def record(obj: models.Model, record_id: str | None = None) -> dict:
    return {
        "type": obj._meta.label_lower,
        "id": record_id or str(obj.pk),
        "version": record_version(obj),
    }


def _section_objects(section: SystemSection):
    """Every record the section shows, with the ID the manifest names it by."""
    yield section.system, section.system.system_id
    seen_schemes = {}
    for classification in section.classifications:
        yield classification, None
        seen_schemes.setdefault(classification.scheme_id, classification.scheme)
    for scheme in seen_schemes.values():
        yield scheme, str(scheme.version)
    yield from ((control, None) for control in section.controls)
    yield from ((screening, None) for screening in section.screenings)
    gates = {}
    for request in section.gate_requests:
        yield request, None
        gates.setdefault(request.gate_id, request.gate)
        yield from ((a, None) for a in request.approvals.all())
        yield from ((t, None) for t in request.test_results.all())
    yield from ((gate, f"{gate.slug}@{gate.version}") for gate in gates.values())
    for risk in section.risks:
        yield risk, risk.risk_id
        yield from ((d, None) for d in risk.decisions.all())
    for entry in section.incidents:
        yield entry.incident, entry.incident.incident_id
        yield from ((n, None) for n in entry.notifications)
    yield from ((a, None) for a in section.assessments)
    for entry in section.model_cards:
        model = entry.model
        yield entry.version, f"{section.system.system_id}/{model.key}/v{entry.version.number}"


def _unique_records(objects) -> list[dict]:
    """The manifest's records of (object, ID) pairs, each record once (a system in two
    sections, a risk both overdue and unmitigated), in the order first seen."""
    found: dict[tuple[str, str], dict] = {}
    for obj, record_id in objects:
        entry = record(obj, record_id)
        found.setdefault((entry["type"], entry["id"]), entry)
    return list(found.values())


def system_records(sections: list[SystemSection]) -> list[dict]:
    return _unique_records(pair for section in sections for pair in _section_objects(section))


def portfolio_records(content: PortfolioContent) -> list[dict]:
    objects = [(s, s.system_id) for s in content.systems]
    overdue = content.overdue_risk_reviews.shown + content.overdue_mitigations.shown
    objects += [(r, r.risk_id) for r in overdue]
    objects += [(i, i.incident_id) for i, _ in content.open_incidents]
    for session in content.sessions:
        objects.append((session, None))
        objects += [(d, None) for d in session.decisions.all()]
    return _unique_records(objects)


def _contributed(span: Range, system_pks: list[int], org: OrganisationProfile):
    """Every section a higher app contributes (core.pack_sections), built for the pack."""
    zone = pack_time_zone(org)
    return pack_sections_built(system_pks, PackSpan(span.start, span.end, span.as_of, zone))


def _with_contributed(records: list[dict], built) -> list[dict]:
    """The manifest's records and, after them, those of the contributed sections (each
    record once)."""
    seen = {(entry["type"], entry["id"]) for entry in records}
    merged = list(records)
    for _, data in built:
        for entry in data.records:
            if (entry["type"], entry["id"]) not in seen:
                seen.add((entry["type"], entry["id"]))
                merged.append(entry)
    return merged


def pack_time_zone(organisation: OrganisationProfile) -> str:
    """The zone every time in the pack is written in (named on its cover): the
    organisation's, as its profile gives it, so the same pack reads the same whoever
    asked for it."""
    return viewer_time_zone(organisation)


def _common_context(pack, checkpoint: AuditCheckpoint, chain: ChainReport, now, org) -> dict:
    return {
        "organisation": org,
        "time_zone": pack_time_zone(org),
        "pack": pack,
        "checkpoint": checkpoint,
        "chain": chain,
        "generated_at": now,
        "requester": pack.requested_by.full_name or pack.requested_by.email,
    }


def _system_pack(pack, checkpoint, chain, now, org) -> PackContent:
    systems = list(pack.systems.select_related("owner_team").order_by("system_id"))
    span = pack_range(pack, checkpoint.seq, now)
    sections = system_sections(systems, span)
    built = _contributed(span, [system.pk for system in systems], org)
    evidence: dict[int, EvidenceFile] = {}
    for section in sections:
        section.contributed = system_parts(built, section.system.pk)
        for file in section.evidence:
            evidence.setdefault(file.pk, file)
    for file in (file for _, data in built for file in data.evidence):
        evidence.setdefault(file.pk, file)
    context = _common_context(pack, checkpoint, chain, now, org) | {
        "systems": systems,
        "sections": sections,
    }
    records = _with_contributed(system_records(sections), built)
    return PackContent(SYSTEM_TEMPLATE, context, list(evidence.values()), records)


def _portfolio_pack(pack, checkpoint, chain, now, org) -> PackContent:
    span = pack_range(pack, checkpoint.seq, now)
    content = portfolio_content(
        start=span.start,
        end=span.end,
        date_from=pack.date_from,
        date_to=pack.date_to,
        now=now,
    )
    built = _contributed(span, [system.pk for system in content.systems], org)
    context = _common_context(pack, checkpoint, chain, now, org) | {
        "portfolio": content,
        "parts": portfolio_parts(built),
    }
    evidence = list({file.pk: file for _, data in built for file in data.evidence}.values())
    records = _with_contributed(portfolio_records(content), built)
    return PackContent(PORTFOLIO_TEMPLATE, context, evidence, records)


def pack_content(
    *,
    pack: AuditPack,
    checkpoint: AuditCheckpoint,
    chain: ChainReport,
    now: datetime,
    organisation: OrganisationProfile,
) -> PackContent:
    """The pack's template, context, evidence and records, for its scope: "system" (one
    section per system of the pack) or "portfolio" (the board's pack), as they stand at
    `now`, the export moment, for `organisation` (named on the cover; its zone is the
    pack's). A fixed number of queries whatever the number of rows."""
    if pack.scope == AuditPack.Scope.PORTFOLIO:
        return _portfolio_pack(pack, checkpoint, chain, now, organisation)
    return _system_pack(pack, checkpoint, chain, now, organisation)
