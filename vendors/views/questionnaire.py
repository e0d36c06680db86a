"""The vendor contact's pages under /q/<token>/: no login, the link is the credential.

They reach the link's one assessment only, through the questionnaire services; they
extend a minimal base without the portal's navigation. Every answer is kept out of
caches (`no-store`) and the token out of Referer headers and of Django's request log.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from core.evidence.uploads import evidence_upload_view
from core.forms import form_submit
from core.views.common import no_store
from vendors.forms.questionnaire import AnswersForm, UploadForm
from vendors.services.assessments import ANSWER_FIELDS
from vendors.services.questionnaire import (
    LinkClosed,
    questionnaire_link_for_token,
    questionnaire_save,
    questionnaire_submit,
    questionnaire_upload,
)

GONE = {"unknown": 404, "used": 410, "expired": 410, "revoked": 410}


def _private(response):
    no_store(response)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response._has_been_logged = True  # django.request would log the path, token and all
    return response


def _closed(request, exc: LinkClosed):
    context = {"state": exc.state, "message": str(exc)}
    response = render(request, "vendors/questionnaire/closed.html", context, status=GONE[exc.state])
    return _private(response)


def _page(request, link, *, form=None, upload_form=None, status=200, upload_error=""):
    context = {
        "link": link,
        "assessment": link.assessment,
        "form": form or AnswersForm(initial=AnswersForm.initial_from(link.draft_answers)),
        "upload_form": upload_form or UploadForm(),
        "upload_error": upload_error,
        "documents": link.assessment.evidence.filter(added_by__isnull=True)
        .select_related("evidence")
        .filter(evidence__uploaded_by_label=link.contact_email),
        "max_bytes": settings.VENDOR_UPLOAD_MAX_BYTES,
        "saved": request.GET.get("saved") == "1",
        "uploaded": request.GET.get("uploaded") == "1",
    }
    return _private(render(request, "vendors/questionnaire/form.html", context, status=status))


def _own_origin_for_null(request) -> None:
    """A page served with `Referrer-Policy: no-referrer` makes the browser post its forms
    with `Origin: null` (and no Referer), which Django's CSRF check refuses. Such a POST
    is taken as coming from this site: what guards it is the link's secret token in the
    path (there is no ambient login to abuse) and Django's CSRF token, still checked."""
    if request.META.get("HTTP_ORIGIN") == "null":
        request.META["HTTP_ORIGIN"] = f"{request.scheme}://{request.get_host()}"


def _link_first(view, *, protect: bool = True):
    """A closed or unknown link answers its clear page to every method before anything
    else, the CSRF check included: it accepts nothing, so a POST gets the same 404/410
    as a GET. An open link's requests are CSRF-checked as usual."""
    inner = csrf_protect(view) if protect else view

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, token: str):
        try:
            questionnaire_link_for_token(token)
        except LinkClosed as exc:
            return _closed(request, exc)
        _own_origin_for_null(request)
        return inner(request, token)

    return wrapper


@require_http_methods(["GET", "POST"])
@_link_first
def questionnaire_page(request, token: str):
    """The questionnaire: GET shows the draft; POST saves it or submits it."""
    try:
        link = questionnaire_link_for_token(token)
        if request.method == "GET":
            return _page(request, link)
        return _answer(request, link)
    except LinkClosed as exc:  # closed since the check above (a concurrent submit)
        return _closed(request, exc)


def _answer(request, link):
    submit = request.POST.get("action") == "submit"
    answers = {name: request.POST.get(name, "") for name in ANSWER_FIELDS}
    form = AnswersForm(request.POST, complete=submit)
    if submit and request.POST.get("confirm") != "yes":
        form.is_valid()
        form.add_error(None, "Tick the confirmation to submit; your answers are not lost.")
        return _page(request, link, form=form, status=400)
    try:
        if submit:
            questionnaire_submit(link=link, answers=answers)
        else:
            questionnaire_save(link=link, answers=answers)
    except ValidationError:
        form.is_valid()  # the same validation as the service's: the same field errors
        return _page(request, link, form=form, status=400)
    if submit:
        context = {"assessment": link.assessment}
        return _private(render(request, "vendors/questionnaire/submitted.html", context))
    return _private(redirect(f"{request.path}?saved=1"))


def _upload_refused(request, problem: str, token: str):
    try:
        link = questionnaire_link_for_token(token)
    except LinkClosed as exc:
        return _closed(request, exc)
    return _page(request, link, status=400, upload_error=f"The file was not accepted: {problem}")


def _upload_page(request, token: str):
    """A document through the link; answers are untouched, on success or refusal."""
    try:
        link = questionnaire_link_for_token(token)
        form = UploadForm(request.POST, request.FILES)

        def store(data):
            questionnaire_upload(
                link=link, kind=data["kind"], upload=data["file"], expires_on=data["expires_on"]
            )

        if not form_submit(form, store):
            return _page(request, link, upload_form=form, status=400)
        return _private(redirect(request.path.removesuffix("upload/") + "?uploaded=1#documents"))
    except LinkClosed as exc:
        return _closed(request, exc)


questionnaire_upload_page = require_http_methods(["POST"])(
    _link_first(
        evidence_upload_view(
            _upload_page,
            max_bytes=lambda: settings.VENDOR_UPLOAD_MAX_BYTES,
            refused=_upload_refused,
        ),
        protect=False,  # evidence_upload_view checks CSRF after its own multipart parse
    )
)
