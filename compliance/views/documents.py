"""Documents filed as compliance evidence: a system's (/compliance/systems/<id>/
documents/) and the organisation's (/compliance/documents/). Each page lists what is in
force with its dates, and for those who may file (compliance.document.file) a form: a
type from compliance/data/document_types.yaml, a title, the file and the dates it counts
between. The upload goes through core's evidence checks; an unsafe file name is refused,
not renamed (core.evidence.uploads)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from compliance.forms.documents import DocumentFileForm
from compliance.selectors.documents import document_type_label, document_types
from compliance.selectors.systems import documents_filed_for
from compliance.services.documents import document_file, document_remove
from compliance.views.systems import VIEW, system_for
from core.evidence.uploads import evidence_upload_view
from core.forms import form_submit
from core.views.common import require_can, require_can_on_post
from core.views.responder import form_refused, form_saved

FILE = "compliance.document.file"
FORM = "compliance/_document_form.html"


def documents_url(system=None) -> str:
    if system is None:
        return reverse("compliance:documents")
    return reverse("compliance:system_documents", args=[system.system_id])


@evidence_upload_view
@require_http_methods(["GET", "POST"])
def system_documents(request, system_id: str):
    system = system_for(request, system_id)
    return _documents_page(request, system)


@evidence_upload_view
@require_http_methods(["GET", "POST"])
def organisation_documents(request):
    require_can(request, VIEW)
    return _documents_page(request, None)


def _documents_page(request, system):
    """The list and, for those who may file, the form; a POST files the document."""
    may_file = require_can_on_post(request, FILE, system)
    scope = "system" if system is not None else "organisation"
    form = None
    if may_file:
        chosen = {"document_type": request.GET.get("type", "")}
        form = DocumentFileForm(
            request.POST or None, request.FILES or None, scope=scope, initial=chosen
        )
    if request.method == "POST":

        def call(data):
            return document_file(
                actor=request.user,
                system=system,
                document_type=data["document_type"],
                title=data["title"],
                upload=data["file"],
                applies_from=data["applies_from"],
                expires_on=data["expires_on"],
            )

        if saved := form_submit(form, call):
            kind = document_type_label(saved.result.document_type)
            message = f"{saved.result.title} filed as {kind}."
            return form_saved(request, url=documents_url(system), message=message)
        context = {"form": form, "post_url": request.path, "system": system}
        crumbs = [("Documents", documents_url(system))]
        title = "Correct the document"
        return form_refused(request, partial=FORM, context=context, title=title, crumbs=crumbs)
    return render(request, "compliance/documents.html", _context(request, system, form, scope))


def _context(request, system, form, scope: str) -> dict:
    today = timezone.localdate()
    shared = documents_filed_for(None) if system is not None else []
    return {
        "system": system,
        "rows": [_row(doc, today) for doc in documents_filed_for(system)],
        "shared": [_row(doc, today) for doc in shared],
        "form": form,
        "post_url": request.path,
        "types": [t for t in document_types().values() if t.get("scope") == scope],
    }


def _row(doc, today) -> dict:
    """A document as the list shows it: its type's label and whether it counts today."""
    return {
        "doc": doc,
        "type_label": document_type_label(doc.document_type),
        "current": doc.evidence.is_current(today),
        "expired": bool(doc.evidence.expires_on and today > doc.evidence.expires_on),
    }


@require_POST
def system_document_remove(request, system_id: str, document_id: int):
    system = system_for(request, system_id)
    return _remove(request, system, document_id)


@require_POST
def organisation_document_remove(request, document_id: int):
    require_can(request, VIEW)
    return _remove(request, None, document_id)


def _remove(request, system, document_id: int):
    require_can(request, FILE, system)
    document = next((d for d in documents_filed_for(system) if d.pk == document_id), None)
    if document is None:
        raise Http404("No such document in force here.")
    document_remove(actor=request.user, document=document)
    return form_saved(request, url=documents_url(system), message=f"{document.title} taken off.")
