"""A system's coverage as OSCAL assessment results (issue 19, section 3), built with
compliance-trestle's models, so what is written is what trestle validates (OSCAL
trestle.oscal.OSCAL_VERSION: 1.2.x with trestle 5.2).

One result per framework version assessed; each applicable requirement a finding whose
target is `satisfied` when met and `not-satisfied` otherwise (our own status in its
remarks); each accepted evidence record an observation citing it as relevant evidence
(its label and address) and a back-matter resource carrying the record's SHA-256 where
its fingerprint is one. Times in UTC. Pure: the caller passes the coverage rows
(compliance.selectors.coverage.coverage_for), the organisation's name and the time."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from trestle.oscal import OSCAL_VERSION
from trestle.oscal import assessment_results as ar
from trestle.oscal import common as oc

from compliance.rules import status as s

SHA256 = re.compile(r"^[0-9a-f]{64}$")
NAMESPACE = uuid.UUID("5c1a2f1e-8d0b-4c3e-9a57-1f0c2b7d9e44")  # this portal's OSCAL ids
MET_STATE = oc.ObjectiveStatusStateValidValues.satisfied
UNMET_STATE = oc.ObjectiveStatusStateValidValues.not_satisfied


@dataclass(frozen=True)
class ResultsInput:
    system_id: str
    system_name: str
    organisation: str  # the legal name
    coverage: list  # [FrameworkCoverage]
    now: datetime  # aware
    base_url: str  # "https://portal.example.org", for the records' addresses


def _id(*parts: str) -> str:
    """A stable UUID for one thing of one export (the same run names it the same way)."""
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def _line(text: str) -> str:
    return " ".join(str(text).split()) or "-"


def _token(*parts: str) -> str:
    token = re.sub(r"[^A-Za-z0-9_.\-]+", "-", "_".join(parts)).strip("-")
    return token if token[:1].isalpha() or token[:1] == "_" else f"r-{token}"


def assessment_results(data: ResultsInput) -> ar.AssessmentResults:
    """The system's coverage as trestle's AssessmentResults model."""
    now = data.now.astimezone(UTC)
    run = f"{data.system_id}/{now.isoformat()}"
    resources: list[oc.Resource] = []
    results = [_result(fc, data, now, run, resources) for fc in data.coverage]
    party = oc.Parties(uuid=_id(run, "organisation"), type="organization", name=data.organisation)
    metadata = oc.Metadata(
        title=_line(f"Compliance of {data.system_id} {data.system_name}"),
        last_modified=now,
        version=now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        oscal_version=OSCAL_VERSION,
        parties=[party],
        remarks=f"Assessed for {data.organisation} by the AI governance portal.",
    )
    return ar.AssessmentResults(
        uuid=_id(run),
        metadata=metadata,
        import_ap=ar.ImportAp(
            href=f"{data.base_url}/compliance/systems/{data.system_id}/",
            remarks="No separate assessment plan: the portal's status rule is the plan.",
        ),
        results=results or [_empty_result(data, now, run)],  # OSCAL wants at least one result
        back_matter=oc.BackMatter(resources=resources) if resources else None,
    )


def _result(fc, data: ResultsInput, now, run: str, resources: list) -> ar.Result:
    framework = fc.framework
    run = f"{run}/{framework.key}/{framework.version}"
    observations, findings = [], []
    for row in fc.rows:
        if row.status == s.NOT_APPLICABLE:
            continue
        seen = [_observation(item, row, data, now, run, resources) for item in _accepted(row)]
        observations += seen
        findings.append(_finding(row, framework.key, run, [o.uuid for o in seen]))
    met = fc.met
    return ar.Result(
        uuid=_id(run),
        title=_line(f"{framework.name} ({framework.version})"),
        description=f"{met} of {fc.applicable} applicable requirements met.",
        start=now,
        end=now,
        reviewed_controls=oc.ReviewedControls(
            control_selections=[oc.ControlSelectionsAll(include_all=oc.IncludeAll())]
        ),
        observations=observations or None,
        findings=findings or None,
    )


def _empty_result(data: ResultsInput, now, run: str) -> ar.Result:
    return ar.Result(
        uuid=_id(run, "none"),
        title=_line(f"{data.system_id}: no framework applies"),
        description="No current framework applies to this system.",
        start=now,
        reviewed_controls=oc.ReviewedControls(
            control_selections=[oc.ControlSelectionsAll(include_all=oc.IncludeAll())]
        ),
    )


def _accepted(row) -> list:
    return [item for item in row.items if item.state == s.ACCEPTED and item.record is not None]


def _finding(row, key: str, run: str, observed: list[str]) -> oc.Finding:
    req = row.requirement
    state = MET_STATE if row.status == s.MET else UNMET_STATE
    missing = [i.label or i.kind for i in row.items if i.state != s.ACCEPTED]
    why = f"Status: {row.status.replace('_', ' ')}."
    if row.via:
        why += f" Met through the crosswalk with {row.via}."
    if missing and row.status != s.MET:
        why += " Still needed: " + "; ".join(missing) + "."
    return oc.Finding(
        uuid=_id(run, "finding", req.ref_id),
        title=_line(f"{req.ref_id} {req.title}"),
        description=why,
        target=oc.FindingTarget(
            type=oc.FindingTargetTypeValidValues.objective_id,
            target_id=_token(key, req.ref_id),
            title=_line(req.ref_id),
            status=oc.ObjectiveStatus(state=state, remarks=row.status),
        ),
        related_observations=[oc.RelatedObservation(observation_uuid=u) for u in observed] or None,
    )


def _observation(item, row, data: ResultsInput, now, run: str, resources: list):
    record = item.record
    ref_id = row.requirement.ref_id
    url = f"{data.base_url}{record.url}" if record.url.startswith("/") else record.url
    resource_id = _id(run, "resource", record.record_type, record.record_id)
    if SHA256.match(record.fingerprint or "") and resource_id not in {r.uuid for r in resources}:
        hashes = [oc.Hash(algorithm=oc.Algorithm.SHA_256, value=record.fingerprint)]
        resources.append(
            oc.Resource(
                uuid=resource_id,
                title=_line(record.label),
                rlinks=[oc.Rlink(href=url or f"#{resource_id}", hashes=hashes)],
            )
        )
    hashed = SHA256.match(record.fingerprint or "")
    return oc.Observation(
        uuid=_id(run, "observation", ref_id, str(item.index)),
        title=_line(record.label),
        description=_line(f"Accepted as '{item.label or item.kind}' for {ref_id}."),
        methods=["EXAMINE"],
        relevant_evidence=[
            oc.RelevantEvidence(
                href=url or None,
                description=_line(record.label),
                links=[oc.Link(href=f"#{resource_id}", rel="reference")] if hashed else None,
            )
        ],
        collected=now,
    )


def results_json(model: ar.AssessmentResults) -> str:
    """The document as OSCAL JSON ({"assessment-results": ...})."""
    return model.oscal_serialize_json(pretty=True, wrapped=True)
