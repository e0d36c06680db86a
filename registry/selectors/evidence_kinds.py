"""What the registry offers as evidence for a framework's requirement (core.evidence_kinds,
registered by registry.contributions): a control implemented with current evidence, a
passed gate, an artifact of a passed gate, the effective classification, the AI Act
screening.

Each finder answers for every system asked at once, in a fixed number of queries,
{(system pk, detail): [FoundEvidence, newest first]} for the keys that have something.
A record that no longer counts (expired evidence, a superseded screening, a gate passed
again since) is still returned, `current=False` with the reason.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date

from django.db.models import F, Prefetch
from django.urls import reverse

from core.dates import day_text
from core.evidence_kinds import Found, FoundEvidence
from registry import rules
from registry.choices import ClassificationStatus, ControlStatus, GateRequestStatus
from registry.models import (
    AIActScreening,
    Classification,
    ControlDefinition,
    ControlEvidence,
    GateArtifact,
    GateDefinition,
    GateRequest,
    SystemControl,
)

# The results that pass a gate. A remediation result counts once its plan is done.
PASSED = (GateRequestStatus.APPROVED, GateRequestStatus.REMEDIATION)


def fingerprint_of(parts: Iterable[str]) -> str:
    """One SHA-256 over the sorted parts: the same files give the same print, in any
    order, and it fits compliance's column however many files there are."""
    return hashlib.sha256("\n".join(sorted(parts)).encode()).hexdigest()


def system_page(system_id: str, section: str = "") -> str:
    url = reverse("registry:system_detail", args=[system_id])
    return f"{url}#{section}" if section else url


def _add(found: Found, key: tuple[int, str], item: FoundEvidence) -> None:
    found.setdefault(key, []).append(item)


# --- control ----------------------------------------------------------------------------


def control_details() -> dict[str, str]:
    """The library's controls, key -> name (one query)."""
    return dict(ControlDefinition.objects.order_by("key").values_list("key", "name"))


def controls_found(system_pks: list[int], details: set[str], today: date) -> Found:
    """Each asked control of each system that has evidence files attached (two queries):
    current when it is implemented and at least one file counts on `today`."""
    links = ControlEvidence.objects.filter(removed_at__isnull=True).select_related("evidence")
    controls = (
        SystemControl.objects.filter(system_id__in=system_pks, control__key__in=details)
        .select_related("control", "system")
        .prefetch_related(Prefetch("evidence", queryset=links, to_attr="files"))
        .order_by("-updated_at", "-id")
    )
    found: Found = {}
    for control in controls:
        files = [link.evidence for link in control.files]
        if files:
            key = (control.system_id, control.control.key)
            _add(found, key, _control_item(control, files, today))
    return found


def _control_item(control: SystemControl, files: list, today: date) -> FoundEvidence:
    valid = [f for f in files if f.is_current(today)]
    counted = valid or files
    expiries = [f.expires_on for f in counted if f.expires_on is not None]
    status = ControlStatus(control.status)
    if status != ControlStatus.IMPLEMENTED:
        why = f"the control is {status.label.lower()}"
    elif not valid:
        why = _files_not_current(files, today)
    else:
        why = ""
    return FoundEvidence(
        record_type="registry.systemcontrol",
        record_id=str(control.pk),
        label=f"{control.control.name}: {status.label.lower()}, "
        f"{len(valid)} of {len(files)} evidence file(s) current",
        fingerprint=fingerprint_of(f.sha256 for f in counted),
        url=system_page(control.system.system_id, "controls"),
        expires_on=min(expiries) if expiries else None,
        current=not why,
        why_not_current=why,
    )


def _files_not_current(files: list, today: date) -> str:
    expired = [f.expires_on for f in files if f.expires_on is not None and f.expires_on < today]
    if expired:
        return f"its evidence expired on {day_text(max(expired))}"
    return f"its evidence applies from {day_text(min(f.applies_from for f in files))}"


# --- gate_passed and gate_artifact ----------------------------------------------------------


def gate_details() -> dict[str, str]:
    """The gates, slug -> the name of the version in force (one query)."""
    names: dict[str, str] = {}
    for slug, name in GateDefinition.objects.order_by("slug", "-version").values_list(
        "slug", "name"
    ):
        names.setdefault(slug, name)
    return names


def gate_artifact_details() -> dict[str, str]:
    """Every gate's artifact keys -> names, over all gate versions (one query)."""
    names: dict[str, str] = {}
    for artifacts in GateDefinition.objects.order_by("-version").values_list(
        "artifacts", flat=True
    ):
        for item in artifacts or []:
            names.setdefault(item["key"], item["name"])
    return dict(sorted(names.items()))


def _passed_requests(system_pks: list[int]):
    return (
        GateRequest.objects.filter(system_id__in=system_pks, status__in=PASSED)
        .select_related("gate", "system")
        # A passed request with no decision time (an older row) counts as the oldest.
        .order_by(F("decided_at").desc(nulls_last=True), "-id")
    )


def _request_not_passed(request: GateRequest) -> str:
    """Why a remediation result does not pass the gate yet ("" when it does)."""
    if request.status == GateRequestStatus.REMEDIATION and request.remediation_done_at is None:
        due = day_text(request.remediation_due)
        return f"passed on a remediation plan due {due}, not yet done"
    return ""


def _moment_text(moment) -> str:
    # A request recorded as passed without its decision time (imported or older rows)
    # still reads: its fingerprint is then its id alone.
    return moment.isoformat() if moment else ""


def gates_passed_found(system_pks: list[int], details: set[str], _today: date) -> Found:
    """The requests that passed each asked gate, newest first (one query): the latest
    stands; an earlier one is returned as passed again since."""
    found: Found = {}
    for request in _passed_requests(system_pks).filter(gate__slug__in=details):
        key = (request.system_id, request.gate.slug)
        why = "the gate was passed again since" if key in found else _request_not_passed(request)
        decided = day_text(request.decided_at)
        _add(
            found,
            key,
            FoundEvidence(
                record_type="registry.gaterequest",
                record_id=str(request.pk),
                label=f"{request.gate.name}: {request.get_status_display().lower()}, {decided}",
                fingerprint=f"{request.pk}:{_moment_text(request.decided_at)}",
                url=_request_page(request),
                current=not why,
                why_not_current=why,
            ),
        )
    return found


def _request_page(request: GateRequest) -> str:
    return reverse("registry:gate_request_detail", args=[request.system.system_id, request.pk])


def gate_artifacts_found(system_pks: list[int], details: set[str], today: date) -> Found:
    """Each asked artifact as given on the passed requests, the latest request's first
    (one query): it stands while its file counts on `today`."""
    artifacts = (
        GateArtifact.objects.filter(
            request__system_id__in=system_pks,
            request__status__in=PASSED,
            requirement__in=details,
            replaced_at__isnull=True,
        )
        .select_related("request__gate", "request__system", "evidence")
        .order_by(F("request__decided_at").desc(nulls_last=True), "-request_id", "-id")
    )
    found: Found = {}
    for artifact in artifacts:
        key = (artifact.request.system_id, artifact.requirement)
        _add(found, key, _artifact_item(artifact, later=key in found, today=today))
    return found


def _artifact_item(artifact: GateArtifact, *, later: bool, today: date) -> FoundEvidence:
    request, file = artifact.request, artifact.evidence
    if later:
        why = "a later passed request carries a newer one"
    elif file is not None and not file.is_current(today):
        why = _files_not_current([file], today)
    else:
        why = _request_not_passed(request)
    return FoundEvidence(
        record_type="registry.gateartifact",
        record_id=str(artifact.pk),
        label=f"{artifact.label} ({request.gate.name}, {day_text(request.decided_at)})",
        fingerprint=artifact.sha256,
        url=_request_page(request),
        expires_on=file.expires_on if file is not None else None,
        current=not why,
        why_not_current=why,
    )


# --- classification and ai_act_screening ------------------------------------------------


def classifications_found(system_pks: list[int], _details: set[str], _today: date) -> Found:
    """Each system's effective internal classification (one query); it no longer stands
    once the system is flagged for re-classification."""
    found: Found = {}
    rows = Classification.objects.filter(
        system_id__in=system_pks, status=ClassificationStatus.EFFECTIVE
    ).select_related("system")
    for row in rows:
        decided = row.reviewed_at or row.classified_at
        why = "re-classification needed" if row.system.reclassification_needed else ""
        _add(
            found,
            (row.system_id, ""),
            FoundEvidence(
                record_type="registry.classification",
                record_id=str(row.pk),
                label=f"Classified {row.get_tier_display().lower()} "
                f"({row.score} points), {day_text(decided)}",
                fingerprint=f"{row.pk}:{decided.isoformat()}",
                url=system_page(row.system.system_id),
                current=not why,
                why_not_current=why,
            ),
        )
    return found


def screenings_found(system_pks: list[int], _details: set[str], _today: date) -> Found:
    """Each system's AI Act screenings, the latest first (one query): the latest stands
    while it still describes the system (registry.rules.ai_act_screening_current)."""
    found: Found = {}
    rows = (
        AIActScreening.objects.filter(system_id__in=system_pks)
        .select_related("system")
        .order_by("-decided_at", "-id")
    )
    for row in rows:
        key = (row.system_id, "")
        _add(found, key, _screening_item(row, later=key in found))
    return found


def _screening_item(row: AIActScreening, *, later: bool) -> FoundEvidence:
    system = row.system
    if later:
        why = "superseded by a later screening"
    elif not rules.ai_act_screening_current(
        category=system.ai_act_category,
        legal_effect_recorded=system.legal_effect_decisions,
        screened_legal_effect=row.legal_effect,
    ):
        why = "the system has changed since: screen it again"
    else:
        why = ""
    return FoundEvidence(
        record_type="registry.aiactscreening",
        record_id=str(row.pk),
        label=f"EU AI Act screening: {row.get_category_display()}, {day_text(row.decided_at)}",
        fingerprint=f"{row.pk}:{row.decided_at.isoformat()}",
        url=system_page(system.system_id),
        current=not why,
        why_not_current=why,
    )
