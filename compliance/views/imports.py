"""Frameworks in and results out, in the browser (issue 19, section 3).

/compliance/frameworks/import/ (administrators): upload a CISO Assistant library or an
OSCAL catalog, read the preview of what will be created, confirm. The upload waits in
the cache under a token between the two steps (nothing is stored before the
confirmation); a bad file is refused on its field with the line and the reason.
/compliance/systems/<system_id>/oscal.json: the system's OSCAL assessment results."""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from compliance.forms.imports import FrameworkConfirmForm, FrameworkUploadForm
from compliance.selectors.oscal import system_oscal_json
from compliance.services.imports import (
    FORMATS,
    IMPORT,
    MAX_IMPORT_BYTES,
    TOO_LARGE,
    framework_import,
    framework_import_preview,
)
from core.evidence.uploads import evidence_upload_view
from core.forms import form_submit, service_call
from core.views.common import require_can
from core.views.responder import form_refused, form_saved
from registry.selectors.systems import system_get_for

PAGE = "compliance/import.html"
KEPT_SECONDS = 30 * 60


def _cache_key(user, token: str) -> str:
    return f"compliance-import:{user.pk}:{token}"


def _upload_text(form: FrameworkUploadForm) -> str | None:
    """The uploaded file's text, or None with the reason on the `file` field."""
    upload = form.cleaned_data["file"]
    if upload.size > MAX_IMPORT_BYTES:
        form.add_error("file", TOO_LARGE)
        return None
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        form.add_error("file", "The file is not UTF-8 text (a YAML or JSON file).")
        return None


def _refused(request, context: dict):
    return form_refused(request, partial=PAGE, context=context, page=PAGE)


def _preview_step(request):
    form = FrameworkUploadForm(request.POST, request.FILES)
    if not form.is_valid() or (text := _upload_text(form)) is None:
        return _refused(request, {"form": form})
    fmt = form.cleaned_data["format"]
    call = lambda: framework_import_preview(actor=request.user, text=text, fmt=fmt)  # noqa: E731
    previewed = service_call(form, call)
    if previewed and previewed.result.problems:
        form.add_error("file", previewed.result.problems)
    if not previewed or form.errors:
        return _refused(request, {"form": form})
    token = secrets.token_urlsafe(24)
    cache.set(_cache_key(request.user, token), text, KEPT_SECONDS)
    confirm = FrameworkConfirmForm(
        initial={
            "token": token,
            "format": fmt,
            "reviewer_role": form.cleaned_data["reviewer_role"],
            "scope": form.cleaned_data["scope"],
        }
    )
    context = {"preview": previewed.result, "confirm": confirm, "format_label": FORMATS[fmt]}
    return render(request, PAGE, context)


def _confirm_step(request):
    confirm = FrameworkConfirmForm(request.POST)
    text = None
    if confirm.is_valid():
        text = cache.get(_cache_key(request.user, confirm.cleaned_data["token"]))
        if text is None:
            confirm.add_error(None, "The preview has expired: upload the file again.")

    def call(data):
        return framework_import(
            actor=request.user,
            text=text,
            fmt=data["format"],
            reviewer_role=data["reviewer_role"],
            scope=data["scope"],
        )

    if text is not None and (saved := form_submit(confirm, call)):
        cache.delete(_cache_key(request.user, confirm.cleaned_data["token"]))
        imported = saved.result
        framework = imported.framework
        message = f"{framework} imported: {framework.requirements.count()} requirements"
        message += f", {imported.mappings} crosswalk lines." if imported.mappings else "."
        url = reverse("compliance:framework_detail", args=[framework.pk])
        return form_saved(request, url=url, message=message)
    problems = [message for errors in confirm.errors.values() for message in errors]
    return _refused(request, {"form": FrameworkUploadForm(), "refusal": problems})


@require_http_methods(["GET", "POST"])
@evidence_upload_view(max_bytes=lambda: MAX_IMPORT_BYTES)
def framework_import_page(request):
    """/compliance/frameworks/import/: upload, preview, confirm."""
    require_can(request, IMPORT)
    if request.method == "GET":
        return render(request, PAGE, {"form": FrameworkUploadForm()})
    if request.POST.get("step") == "confirm":
        return _confirm_step(request)
    return _preview_step(request)


@require_GET
def system_oscal_download(request, system_id: str):
    """The system's coverage as OSCAL assessment results, as a JSON download."""
    require_can(request, "compliance.view")
    system = system_get_for(request.user, system_id=system_id)
    text = system_oscal_json(system, now=timezone.now(), base_url=request.build_absolute_uri("/"))
    name = f"{system.system_id}-oscal-assessment-results.json"
    return HttpResponse(
        text,
        content_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
