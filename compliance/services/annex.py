"""Annex VIII and Annex IV (issue 19 section 3): recording the EU database registration
number once received, the Annex VIII record as PDF/A, and the Annex IV technical
documentation rendered in the background with its progress, like an audit pack.

A render is claimed with a conditional update (queued -> running), so a redelivered
task does nothing; its progress and its ending are conditional on the same attempt
still running. The document is regenerated from the records on every request and never
edited: the PDF is kept on the render's row with its SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from compliance.exchange.annex_iv import AnnexIv, annex_iv
from compliance.exchange.annex_viii import AnnexViii
from compliance.models import AnnexIvRender
from compliance.selectors.annex import annex_records
from core.audit import audit_record
from core.pdf import render_pdf, render_pdf_pages
from core.permissions import require
from core.rules import organisation_missing
from core.selectors import organisation_profile_get
from core.signing import pdf_sign
from core.writes import row_create, row_lock, row_update
from registry.models import AISystem

logger = logging.getLogger(__name__)
Status = AnnexIvRender.Status
ORGANISATION = "organisation"
# What a document under the organisation's name needs from its profile (DOMAIN.md 13):
# without them the document is not produced and the missing items are named.
PROFILE_ITEMS = ["legal_name", "address"]
WAITING = "Waiting for the export worker"
DONE_STAGE = "Done"
VIII_TEMPLATE = "compliance/pdf/annex_viii.html"
IV_TEMPLATE = "compliance/pdf/annex_iv.html"
MANIFEST_NAME = "annex-iv-sources.json"
EU_NUMBER_MAX = 40
KILLED = "The render stopped before it finished (its worker ended); ask for it again."

ACTION_LABELS = {
    "system.eu_database_number_recorded": "Recorded a system's EU database registration number",
    "annex_viii.downloaded": "Downloaded a system's EU database registration record",
    "annex_iv.requested": "Asked for a system's Annex IV technical documentation",
    "annex_iv.rendered": "Rendered a system's Annex IV technical documentation",
    "annex_iv.failed": "Annex IV technical documentation could not be rendered",
    "annex_iv.downloaded": "Downloaded a system's Annex IV technical documentation",
}


def _profile_refusal(then: str):
    """A ValidationError naming the profile items missing, or None."""
    missing = organisation_missing(organisation_profile_get(), PROFILE_ITEMS)
    if not missing:
        return None
    return ValidationError(
        {
            ORGANISATION: "The organisation profile lacks what this document needs: "
            f"{', '.join(missing)}. An administrator fills it in on the organisation page, "
            f"then {then}."
        }
    )


@transaction.atomic
def eu_database_number_record(*, actor, system: AISystem, number: str) -> AISystem:
    """Record the number the EU database gave the system (Art. 49), once received."""
    require(actor, "compliance.registration.record", system)
    number = " ".join((number or "").split())
    if not number:
        raise ValidationError({"eu_database_number": ["Enter the registration number."]})
    if len(number) > EU_NUMBER_MAX:
        raise ValidationError(
            {"eu_database_number": [f"At most {EU_NUMBER_MAX} characters ({len(number)} given)."]}
        )
    row_lock(system)
    if system.eu_database_number == number:
        raise ValidationError({"eu_database_number": ["That number is already recorded."]})
    row_update(
        actor=actor,
        obj=system,
        values={"eu_database_number": number},
        action="system.eu_database_number_recorded",
    )
    return system


@transaction.atomic
def annex_viii_pdf(*, actor, document: AnnexViii, system: AISystem, zone: str) -> bytes:
    """The Annex VIII record as PDF/A-3b with its JSON attached; the download audited.
    Refused (ValidationError, "organisation") while the profile lacks its name or address."""
    refused = _profile_refusal("download it again")
    if refused:
        raise refused
    data = document.as_dict()
    pdf = render_pdf(
        VIII_TEMPLATE,
        {"document": document, "system": system, "zone": zone, "now": timezone.now()},
        variant="pdf/a-3b",
        attachments=[("annex-viii.json", json.dumps(data, indent=2).encode())],
    )
    audit_record(
        actor=actor,
        action="annex_viii.downloaded",
        obj=system,
        changes={"format": "pdf", "gaps": [gap["item"] for gap in data["gaps"]]},
    )
    return pdf


# --- Annex IV renders --------------------------------------------------------------------


def _enqueue(render_id: int) -> None:
    from compliance.tasks import annex_iv_render_task

    annex_iv_render_task.apply_async((render_id,), queue=settings.PACK_EXPORT_QUEUE)


def annex_iv_concerns(system: AISystem) -> str:
    """Why Annex IV does not concern the system ("" when it does): it is the technical
    documentation of a high-risk system's provider (Art. 11, Art. 16)."""
    if system.ai_act_category != "high_risk":
        shown = system.get_ai_act_category_display().lower()
        return f"{system.system_id} is not high-risk under the EU AI Act ({shown})."
    if system.ai_act_role not in ("provider", "both"):
        return f"We are only the deployer of {system.system_id}: its provider writes Annex IV."
    return ""


@transaction.atomic
def annex_iv_request(*, actor, system: AISystem) -> AnnexIvRender:
    """Ask for the document: checked, saved as queued, audited, handed to the export worker
    once the transaction commits. One render at a time per system."""
    require(actor, "compliance.annex.render", system)
    why = annex_iv_concerns(system)
    if why:
        raise ValidationError({"system": [why]})
    refused = _profile_refusal("ask again")
    if refused:
        raise refused
    row_lock(system)  # two requests at once: the second sees the first
    now = timezone.now()
    _dead_runs_fail(system, now)
    live = AnnexIvRender.objects.filter(system=system).filter(
        Q(status=Status.QUEUED) | Q(status=Status.RUNNING, running_until__gt=now)
    )
    if live.exists():
        raise ValidationError({"system": ["A render of this document is already under way."]})
    render = row_create(
        actor=actor,
        model=AnnexIvRender,
        values={"system": system, "requested_by": actor, "requested_at": now, "stage": WAITING},
        action="annex_iv.requested",
        audit_changes={"system": system.system_id},
    )
    transaction.on_commit(lambda: _enqueue(render.pk))
    return render


def _dead_runs_fail(system: AISystem, now) -> None:
    """Runs past their time (a killed worker) are failed, audited, before a new one."""
    dead = AnnexIvRender.objects.filter(
        system=system, status=Status.RUNNING, running_until__lte=now
    ).defer("pdf")
    for render in dead:
        row_update(
            actor=None,
            obj=render,
            values={"status": Status.FAILED, "error": KILLED, "finished_at": now},
            also={"running_until": None},
            action="annex_iv.failed",
            audit_changes={"error": KILLED, "attempt": render.attempts},
        )


@transaction.atomic
def annex_iv_download_record(*, actor, render: AnnexIvRender) -> None:
    """Downloads are part of the record: who fetched which document, when."""
    audit_record(
        actor=actor,
        action="annex_iv.downloaded",
        obj=render,
        changes={"sha256": render.sha256, "system": render.system.system_id},
    )


class RenderAbandoned(Exception):
    """The run is no longer this attempt's: stop."""


def _claim(render_id: int) -> int | None:
    now = timezone.now()
    claimed = AnnexIvRender.objects.filter(pk=render_id, status=Status.QUEUED).update(
        status=Status.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        running_until=now + timedelta(seconds=settings.PACK_RENDER_TIME_LIMIT + 60),
        progress=0,
        stage="Starting",
    )
    if not claimed:
        return None
    return AnnexIvRender.objects.filter(pk=render_id).values_list("attempts", flat=True).get()


def _progress(render_id: int, attempt: int):
    def on_progress(percent: int, stage: str) -> None:
        moved = AnnexIvRender.objects.filter(
            pk=render_id, status=Status.RUNNING, attempts=attempt
        ).update(progress=max(0, min(int(percent), 99)), stage=stage[:100])
        if not moved:
            raise RenderAbandoned(render_id)

    return on_progress


def annex_iv_build(system: AISystem, on_progress) -> tuple[AnnexIv, bytes, int]:
    """The document from today's records, as signed PDF/A-3b with its sources attached."""
    on_progress(10, "Gathering the records")
    now = timezone.now()
    records = annex_records(system, timezone.localdate(now))
    document = annex_iv(records)
    manifest = {**document.as_dict(), "generated_at": now.isoformat()}
    on_progress(40, "Laying out the pages")
    # Every time in the organisation's zone, as the audit packs print them.
    with timezone.override(organisation_profile_get().time_zone):
        rendered = render_pdf_pages(
            IV_TEMPLATE,
            {"document": document, "system": system, "now": now},
            variant="pdf/a-3b",
            attachments=[(MANIFEST_NAME, json.dumps(manifest, indent=2).encode())],
            on_laid_out=lambda pages: on_progress(80, f"Writing {pages} pages"),
        )
    on_progress(90, "Signing")
    return document, pdf_sign(rendered.data), rendered.pages


def annex_iv_run(*, render_id: int) -> None:
    """Render a queued document and record it (what the task calls). Not one transaction:
    the progress must be seen while it renders."""
    attempt = _claim(render_id)
    if attempt is None:
        return  # done, failed, running elsewhere or gone: a redelivery does nothing
    render = AnnexIvRender.objects.select_related("system").defer("pdf").get(pk=render_id)
    try:
        document, data, pages = annex_iv_build(render.system, _progress(render_id, attempt))
    except RenderAbandoned:
        return
    except Exception:
        logger.exception("Annex IV render %s failed", render_id)
        _finish(render_id, attempt, error="The render failed; ask for it again.")
        return
    _finish(render_id, attempt, document=document, data=data, pages=pages)


@transaction.atomic
def _finish(render_id, attempt, *, document=None, data=b"", pages=None, error="") -> bool:
    render = AnnexIvRender.objects.filter(pk=render_id).defer("pdf").first()
    if render is None:
        return False
    row_lock(render)
    if render.status != Status.RUNNING or render.attempts != attempt:
        return False
    now = timezone.now()
    if error:
        values = {
            "status": Status.FAILED,
            "error": error,
            "finished_at": now,
            "running_until": None,
        }
        row_update(
            actor=None,
            obj=render,
            values=values,
            action="annex_iv.failed",
            audit_changes={"error": error, "attempt": attempt},
        )
        return True
    sha = hashlib.sha256(data).hexdigest()
    values = {
        "status": Status.DONE,
        "progress": 100,
        "stage": DONE_STAGE,
        "finished_at": now,
        "running_until": None,
        "size": len(data),
        "pages": pages,
        "sha256": sha,
        "gaps": document.gap_count,
    }
    row_update(
        actor=None,
        obj=render,
        values=values,
        also={"pdf": data},
        action="annex_iv.rendered",
        audit_changes={"sha256": sha, "pages": pages, "gaps": document.gap_count},
    )
    return True
