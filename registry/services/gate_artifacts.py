"""Giving a gate request its artifacts and test results (issue 7).

An artifact is an evidence file, or a portal record of this system (a classification,
an AI Act screening, a control with its evidence) whose hash is the SHA-256 of a
canonical JSON of its content. On a draft, the owner gathers them and nobody is told
(the approvers are asked once, at submission). On a submitted request, adding or
replacing an artifact or a test result changes what the approvers saw: every standing
decision is voided and the approvers are asked again; the contributor's own sign-off
is given again at once, bound to the new contents
(registry.services.gate_common.void_decisions).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.gate_artifact_sources import artifact_source
from core.models import EvidenceFile
from core.permissions import require
from core.writes import row_create, row_update
from registry import rules
from registry.choices import GATE_REQUEST_IN_PROGRESS, ArtifactRecordType, GateRequestStatus
from registry.models import (
    AIActScreening,
    Classification,
    ControlEvidence,
    GateArtifact,
    GateRequest,
    GateTestResult,
    SystemControl,
)
from registry.services.common import clean_except, full_clean_or_raise
from registry.services.gate_common import (
    close_if_passed,
    lock_request,
    notify_requester,
    require_in_progress,
    void_decisions,
)

TEST_SET_BY_THE_SERVICE = ("request", "recorded_by", "report")
RECORD_MODELS = {
    ArtifactRecordType.CLASSIFICATION: Classification,
    ArtifactRecordType.AI_ACT_SCREENING: AIActScreening,
    ArtifactRecordType.CONTROL: SystemControl,
}


@transaction.atomic
def gate_artifact_add(
    *,
    actor,
    request: GateRequest,
    requirement: str,
    upload=None,
    evidence: EvidenceFile | None = None,
    record_type: str = "",
    record_id: int | None = None,
) -> GateArtifact:
    """Give one of the gate's artifacts: an uploaded file (stored through
    core.evidence.services.evidence_store), an evidence file the actor uploaded already,
    or a record of this system. A previous artifact for the requirement is kept,
    marked replaced. The requester or a product owner of the owning team."""
    lock_request(request)
    require(actor, "registry.gate.contribute", request)
    require_in_progress(request)
    name = _requirement_name(request.gate.artifacts, requirement, "requirement")
    source = _source(actor, request, requirement, upload, evidence, record_type, record_id)
    previous = _replace_current(actor, GateArtifact, request, requirement)
    what = "replaced" if previous else "added"
    artifact = row_create(
        actor=actor,
        model=GateArtifact,
        values={"request": request, "requirement": requirement, "added_by": actor, **source},
        action=f"gate_artifact.{what}",
        audit_on=request,
        audit_changes={
            "requirement": requirement,
            "label": source["label"],
            "sha256": source["sha256"],
            "replaces": previous.sha256 if previous else None,
        },
        validate=clean_except("request", "added_by", "evidence"),
    )
    _changed(actor, request, f"Artifact '{name}' was {what}")
    return artifact


def _requirement_name(requirements, key: str, field: str) -> str:
    for item in requirements or ():
        if item["key"] == key:
            return item["name"]
    known = ", ".join(item["key"] for item in requirements or ()) or "none"
    raise ValidationError({field: [f"This gate does not ask for '{key}' (it asks for: {known})."]})


def _source(actor, request, requirement, upload, evidence, record_type, record_id) -> dict:
    """The artifact's source as its fields: a file (stored now or already) or a record."""
    given = [upload is not None, evidence is not None, bool(record_type or record_id)]
    if sum(given) != 1:
        raise ValidationError(
            {"file": ["Give one artifact: a file, an evidence file or a portal record."]}
        )
    if upload is not None:
        from core.evidence.services import evidence_store

        evidence = evidence_store(actor=actor, upload=upload)
    if evidence is not None:
        if evidence.uploaded_by_id != actor.pk:
            raise ValidationError({"evidence": ["Link an evidence file you uploaded yourself."]})
        return {
            "evidence": evidence,
            "sha256": evidence.sha256,
            "label": evidence.original_name[:255],
        }
    contributed = artifact_source(record_type)
    if contributed is not None:
        return _contributed_record(request, contributed, requirement, record_id)
    record = _record_of_system(request, record_type, record_id)
    return {
        "record_type": record_type,
        "record_id": record.pk,
        "sha256": record_sha256(record),
        "label": f"{ArtifactRecordType(record_type).label}: {record}"[:255],
    }


def _contributed_record(request, source, requirement: str, record_id) -> dict:
    """A record a higher app answers the gate with (core.gate_artifact_sources), for
    the artifact keys it answers only: a model card version is no security report."""
    if requirement not in source.requirements:
        raise ValidationError(
            {"record_type": [f"A {source.label.lower()} does not answer this artifact."]}
        )
    try:
        record = source.resolve(request.system, int(record_id))
    except (TypeError, ValueError):
        record = None
    if record is None:
        raise ValidationError({"record_id": [source.refusal]})
    return {
        "record_type": source.record_type,
        "record_id": record.record_id,
        "sha256": record.sha256,
        "label": record.label[:255],
    }


def _record_of_system(request: GateRequest, record_type: str, record_id):
    model = RECORD_MODELS.get(record_type)
    if model is None:
        choices = ", ".join(RECORD_MODELS)
        raise ValidationError({"record_type": [f"Choose one of: {choices}."]})
    try:
        return model.objects.get(pk=int(record_id), system_id=request.system_id)
    except (model.DoesNotExist, TypeError, ValueError):
        raise ValidationError(
            {
                "record_id": [
                    f"No such {ArtifactRecordType(record_type).label.lower()} of "
                    f"{request.system.system_id}."
                ]
            }
        ) from None


def record_sha256(record) -> str:
    """SHA-256 of a canonical JSON of a record's stored content; a control's includes
    the hashes of its current evidence files."""
    content = {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields}
    if isinstance(record, SystemControl):
        content["evidence_sha256"] = sorted(
            ControlEvidence.objects.filter(control=record, removed_at__isnull=True).values_list(
                "evidence__sha256", flat=True
            )
        )
    body = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _replace_current(actor, model, request: GateRequest, requirement: str):
    """Mark the current artifact or test result of `requirement` replaced (kept as
    history; the new one's event names what it replaces)."""
    current = model.objects.filter(
        request=request, requirement=requirement, replaced_at__isnull=True
    ).first()
    if current is not None:
        row_update(actor=actor, obj=current, values={"replaced_at": timezone.now()}, action=None)
    return current


def _changed(actor, request: GateRequest, what: str, *, renew_own: bool = True) -> None:
    """What the approvers saw has changed: their decisions are void; then the request may
    have everything it needs (the contributor's own sign-off renewed). A draft has no
    decisions and nobody saw it: nothing to void, and it passes only once submitted."""
    if request.status == GateRequestStatus.DRAFT:
        return
    on = timezone.localdate()
    reason = f"{what} on {on:%Y-%m-%d}: approvals given before were voided"
    void_decisions(actor=actor, request=request, reason=reason, renew_own=renew_own)
    close_if_passed(actor=actor, request=request)


@transaction.atomic
def gate_artifact_record_superseded(
    *, actor, system, record_type: str, old_ids: list[int], new_id: int, why: str
) -> list[GateRequest]:
    """A contributed record that requests cite was superseded (a model card's newer
    version was approved, `why` says so): on every request of `system` in progress whose
    current artifact is one of `old_ids`, the new record replaces it exactly as the owner
    replacing a file does (the old one kept, marked replaced; on a submitted request the
    standing decisions voided and their makers asked again), and the requester is told.
    The actor's own gate decisions are not renewed: approving the record is not deciding
    the gate. No permission check: the consequence of the actor's permitted decision."""
    source = artifact_source(record_type)
    cited = (
        GateArtifact.objects.filter(
            request__system=system,
            request__status__in=GATE_REQUEST_IN_PROGRESS,
            record_type=record_type,
            record_id__in=old_ids,
            replaced_at__isnull=True,
        )
        .exclude(record_id=new_id)
        .select_related("request__gate")
        .order_by("request_id", "requirement")
    )
    changed = []
    for old in cited:
        request = lock_request(old.request)
        values = _contributed_record(request, source, old.requirement, new_id)
        _replace_current(actor, GateArtifact, request, old.requirement)
        row_create(
            actor=actor,
            model=GateArtifact,
            values={"request": request, "requirement": old.requirement, "added_by": actor} | values,
            action="gate_artifact.replaced",
            audit_on=request,
            audit_changes={
                "requirement": old.requirement,
                "label": values["label"],
                "sha256": values["sha256"],
                "replaces": old.sha256,
                "why": why,
            },
            validate=clean_except("request", "added_by", "evidence"),
        )
        name = _requirement_name(request.gate.artifacts, old.requirement, "requirement")
        _changed(actor, request, f"Artifact '{name}' was replaced ({why})", renew_own=False)
        notify_requester(request, title=f"'{name}' now cites {values['label']}", body=why)
        changed.append(request)
    return changed


@transaction.atomic
def gate_test_record(
    *,
    actor,
    request: GateRequest,
    requirement: str,
    passed: bool,
    run_on: date,
    report_upload=None,
    report_url: str = "",
    name: str | None = None,
) -> GateTestResult:
    """Record a test the gate asks for: passed or failed, the date it ran, and its report
    (a file or a link). A newer result replaces the older one (kept, marked)."""
    lock_request(request)
    require(actor, "registry.gate.contribute", request)
    require_in_progress(request)
    test_name = _requirement_name(request.gate.tests, requirement, "requirement")
    values = {
        "request": request,
        "requirement": requirement,
        "name": (name or test_name).strip()[:200],
        "passed": bool(passed),
        "run_on": run_on,
        "report_url": (report_url or "").strip(),
        "recorded_by": actor,
    }
    # Checked before a report file is stored, so a refused result stores nothing.
    _check_test(GateTestResult(**values), report_upload)
    report = None
    if report_upload is not None:
        from core.evidence.services import evidence_store

        report = evidence_store(actor=actor, upload=report_upload)
    previous = _replace_current(actor, GateTestResult, request, requirement)
    result = row_create(
        actor=actor,
        model=GateTestResult,
        values={**values, "report": report},
        action="gate_test_result.recorded",
        audit_on=request,
        audit_changes={
            **{key: values[key] for key in ("requirement", "name", "passed", "run_on")},
            "report": report.sha256 if report else None,
            "report_url": values["report_url"],
            "replaces": previous.pk if previous else None,
        },
        validate=clean_except(*TEST_SET_BY_THE_SERVICE),
    )
    outcome = "passed" if result.passed else "failed"
    _changed(actor, request, f"Test '{test_name}' was recorded ({outcome})")
    return result


def _check_test(result: GateTestResult, report_upload) -> None:
    errors: dict[str, list[str]] = {}
    try:
        full_clean_or_raise(result, exclude=list(TEST_SET_BY_THE_SERVICE))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    has_file, link = report_upload is not None, result.report_url
    for field, problem in rules.gate_test_report_problems(has_file=has_file, link=link).items():
        errors.setdefault(field, []).append(problem)
    if isinstance(result.run_on, date) and result.run_on > timezone.localdate():
        errors.setdefault("run_on", []).append("A test cannot have run in the future.")
    if errors:
        raise ValidationError(errors)
