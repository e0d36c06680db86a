"""Filing documents as compliance evidence (the `document` evidence kind): an uploaded
file of a named type with a title, for one system or for the whole organisation, and
taking one off. The file's own dates (applies from, expires on) decide how long it
counts (compliance.selectors.documents); an expired one sends the requirements it met
back to review. Whoever changes a system files its documents; organisation-wide ones
are filed by administrators and the policy roles (compliance.permissions)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from compliance import choices as c
from compliance.models import ComplianceDocument
from compliance.selectors.documents import document_types
from compliance.services.coverage import system_statuses_refresh
from core.evidence.services import evidence_described, evidence_store
from core.permissions import require
from core.writes import link_remove, row_create


def _type_checked(document_type: str, system) -> str:
    """The scope the type must be filed at; a ValidationError on `document_type`."""
    spec = document_types().get(document_type)
    if spec is None:
        raise ValidationError({"document_type": "Choose a type of document from the list."})
    scope = c.DocumentScope.SYSTEM if system is not None else c.DocumentScope.ORGANISATION
    if spec.get("scope") != scope:
        where = "one system" if spec.get("scope") == "system" else "the whole organisation"
        raise ValidationError({"document_type": f"A {spec['label']} is filed for {where}."})
    return scope


@transaction.atomic
def document_file(
    *,
    actor,
    system=None,
    document_type: str,
    title: str,
    upload,
    applies_from: date | None = None,
    expires_on: date | None = None,
) -> ComplianceDocument:
    """Store `upload` (core's evidence checks: name, size, type, dates) and file it as a
    document of `document_type` for `system`, or for the organisation when None."""
    require(actor, "compliance.document.file", system)
    scope = _type_checked(document_type, system)
    if not title.strip():
        raise ValidationError({"title": "Give the document a title."})
    if upload is None:
        raise ValidationError({"file": "Choose a file to upload."})
    evidence = evidence_store(
        actor=actor, upload=upload, applies_from=applies_from, expires_on=expires_on
    )
    document = row_create(
        actor=actor,
        model=ComplianceDocument,
        values={
            "system": system,
            "document_type": document_type,
            "scope": scope,
            "title": title.strip(),
            "evidence": evidence,
            "added_by": actor,
        },
        action="compliance_document.created",
        audit_changes=_described(document_type, title.strip(), system, evidence),
        validate=lambda doc: doc.full_clean(
            exclude=["system", "evidence", "added_by"], validate_constraints=False
        ),
    )
    _refresh_on_commit(system)
    return document


@transaction.atomic
def document_remove(*, actor, document: ComplianceDocument) -> ComplianceDocument:
    """Take a document off: it no longer counts (an acceptance bound to it goes back to
    review). The row stays, stamped, with what it was."""
    require(actor, "compliance.document.file", document.system)
    link_remove(
        actor=actor,
        link=document,
        action="compliance_document.removed",
        audit_changes=_described(
            document.document_type, document.title, document.system, document.evidence
        ),
        already="This document was already taken off.",
    )
    _refresh_on_commit(document.system)
    return document


def _described(document_type: str, title: str, system, evidence) -> dict:
    return {
        "document_type": document_type,
        "title": title,
        "system": system.system_id if system is not None else "",
        **evidence_described(evidence),
    }


def _refresh_on_commit(system) -> None:
    """The stored statuses follow: the system's at once; every system's, for a document
    of the whole organisation, in the background (at 2,000 systems it takes seconds)."""
    from compliance.tasks import coverage_refresh_all_task

    if system is None:
        transaction.on_commit(coverage_refresh_all_task.delay)
    else:
        system_statuses_refresh(system)
