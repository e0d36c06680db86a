"""/assurance/exercises/<exercise_id>/import/: a red-team tool's result file into the
exercise (issue 20 section 1). Choose the tool and upload; read the preview (each
category's counts, whether it is created or replaces what the exercise has, what was
left out); confirm.

Between the two steps the server keeps the upload's bytes and the options it was read
with (tool, what an Inspect score measures, category) in the cache for half an hour,
under a random token bound to the person and the exercise; the confirmation sends the
token alone. The bytes are read again on confirmation, so what is recorded is what the
file says and nothing the browser sends can change the counts; the kept bytes' SHA-256
is checked against the previewed one before they are stored as evidence. Nothing is
stored before the confirmation."""

from __future__ import annotations

import hashlib
import secrets

from django.core.cache import cache
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from assurance.forms.imports import ResultConfirmForm, ResultFileForm
from assurance.selectors.exercises import exercise_get_for
from assurance.services.result_import import (
    MANAGE,
    max_import_bytes,
    result_import,
    result_import_preview,
    too_large,
)
from core.evidence.uploads import evidence_upload_view
from core.forms import service_call
from core.views.common import require_can
from core.views.responder import form_refused, form_saved

PAGE = "assurance/import.html"
KEPT_SECONDS = 30 * 60
EXPIRED = "The preview has expired: upload the file again."


def _exercise(request, exercise_id: str):
    require_can(request, "assurance.view")
    exercise = exercise_get_for(request.user, exercise_id=exercise_id)
    require_can(request, MANAGE, exercise)
    return exercise


def _key(request, exercise, token: str) -> str:
    return f"assurance-import:{request.user.pk}:{exercise.pk}:{token}"


def _refused(request, context: dict):
    crumbs = [("Red teaming", reverse("assurance:exercise_list"))]
    return form_refused(request, partial=PAGE, context=context, page=PAGE, crumbs=crumbs)


def _upload_bytes(form: ResultFileForm) -> bytes | None:
    """The uploaded file's bytes, or None with the reason on the `file` field."""
    upload = form.cleaned_data["file"]
    if upload.size > max_import_bytes():
        form.add_error("file", too_large())
        return None
    return upload.read()


def _preview_step(request, exercise):
    form = ResultFileForm(request.POST, request.FILES)
    if not form.is_valid() or (data := _upload_bytes(form)) is None:
        return _refused(request, {"form": form, "exercise": exercise})
    options = {
        "source": form.cleaned_data["source"],
        "measures": form.cleaned_data["measures"],
        "category": form.cleaned_data["category"],
    }
    name = form.cleaned_data["file"].name
    previewed = service_call(
        form,
        lambda: result_import_preview(
            actor=request.user, exercise=exercise, data=data, name=name, **options
        ),
    )
    if not previewed:
        return _refused(request, {"form": form, "exercise": exercise})
    preview = previewed.result
    token = secrets.token_urlsafe(24)
    kept = {"data": data, "name": name, "sha256": preview.sha256, **options}
    cache.set(_key(request, exercise, token), kept, KEPT_SECONDS)
    confirm = ResultConfirmForm(initial={"token": token})
    return render(request, PAGE, {"exercise": exercise, "preview": preview, "confirm": confirm})


def _kept_upload(request, exercise, confirm: ResultConfirmForm) -> dict | None:
    if not confirm.is_valid():
        return None
    kept = cache.get(_key(request, exercise, confirm.cleaned_data["token"]))
    if kept is None or hashlib.sha256(kept["data"]).hexdigest() != kept["sha256"]:
        confirm.add_error(None, EXPIRED)
        return None
    return kept


def _confirm_step(request, exercise):
    confirm = ResultConfirmForm(request.POST)
    if (kept := _kept_upload(request, exercise, confirm)) is not None:
        imported = service_call(
            confirm,
            lambda: result_import(
                actor=request.user,
                exercise=exercise,
                data=kept["data"],
                name=kept["name"],
                source=kept["source"],
                measures=kept["measures"],
                category=kept["category"],
            ),
        )
        if imported:
            cache.delete(_key(request, exercise, confirm.cleaned_data["token"]))
            names = ", ".join(result.category for result in imported.result.results)
            message = f"Imported from {kept['name']} into {exercise.exercise_id}: {names}."
            url = reverse("assurance:exercise_detail", args=[exercise.exercise_id])
            return form_saved(request, url=url, message=message)
    problems = [message for errors in confirm.errors.values() for message in errors]
    context = {"form": ResultFileForm(), "exercise": exercise, "refusal": problems}
    return _refused(request, context)


@require_http_methods(["GET", "POST"])
@evidence_upload_view(max_bytes=max_import_bytes)
def exercise_import(request, exercise_id: str):
    """Upload, preview, confirm."""
    exercise = _exercise(request, exercise_id)
    if request.method == "GET":
        return render(request, PAGE, {"form": ResultFileForm(), "exercise": exercise})
    if request.POST.get("step") == "confirm":
        return _confirm_step(request, exercise)
    return _preview_step(request, exercise)
