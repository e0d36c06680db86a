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
from django.views.decorators.csrf import csrf_exempt
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


def _page(request, link, *, form=None, upload_form=None, status=200, **shown):
    """The questionnaire: the answers (the draft unless `form` brings what was typed),
    the documents uploaded so far, then the confirmation and "Submit answers".
    `shown` sets the messages (saved, uploaded, upload_error)."""
    context = {
        "link": link,
        "assessment": link.assessment,
        "form": form or AnswersForm(initial=AnswersForm.initial_from(link.draft_answers)),
        "upload_form": upload_form or UploadForm(),
        "documents": link.assessment.evidence.filter(added_by__isnull=True)
        .select_related("evidence")
        .filter(evidence__uploaded_by_label=link.contact_email),
        "max_bytes": settings.VENDOR_UPLOAD_MAX_BYTES,
        "saved": request.GET.get("saved") == "1",
        "uploaded": request.GET.get("uploaded") == "1",
        "upload_error": "",
        **shown,
    }
    return _private(render(request, "vendors/questionnaire/form.html", context, status=status))


def _own_origin_for_null(request) -> None:
    """A page served with `Referrer-Policy: no-referrer` makes the browser post its forms
    with `Origin: null` (and no Referer), which Django's CSRF check refuses. Such a POST
    is taken as coming from this site: what guards it is the link's secret token in the
    path (there is no ambient login to abuse) and Django's CSRF token, still checked."""
    if request.META.get("HTTP_ORIGIN") == "null":
        request.META["HTTP_ORIGIN"] = f"{request.scheme}://{request.get_host()}"


def _link_first(view):
    """A closed or unknown link answers its clear page to every method before anything
    else, the CSRF check included: it accepts nothing, so a POST gets the same 404/410
    as a GET. An open link's requests go on to `view`, which checks CSRF (after its
    own multipart parse: evidence_upload_view)."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, token: str):
        try:
            questionnaire_link_for_token(token)
        except LinkClosed as exc:
            return _closed(request, exc)
        _own_origin_for_null(request)
        return view(request, token)

    return wrapper


def _questionnaire(request, token: str):
    """The questionnaire: GET shows the draft; POST saves it, uploads a document with
    it, or submits it."""
    try:
        link = questionnaire_link_for_token(token)
        if request.method == "GET":
            return _page(request, link)
        return _answer(request, link)
    except LinkClosed as exc:  # closed since the check above (a concurrent submit)
        return _closed(request, exc)


def _posted_answers(request) -> dict[str, str]:
    return {name: request.POST.get(name, "") for name in ANSWER_FIELDS}


def _answer(request, link):
    """One form carries the answers and a document, so uploading loses nothing typed:
    whichever button was pressed, a chosen file is uploaded (a file chosen before
    "Save draft" is not dropped either), then the answers are saved as the draft, or
    submitted."""
    action = request.POST.get("action")
    document = _document(request, link, wanted=action == "upload")
    if action == "submit":
        return _submit(request, link, document)
    form = AnswersForm(request.POST)
    try:
        questionnaire_save(link=link, answers=_posted_answers(request))
    except ValidationError:
        form.is_valid()  # the same validation as the service's: the same field errors
        return _page(request, link, form=form, status=400, **_document_shown(document))
    if document is not None and document.errors:
        return _page(request, link, status=400, saved=True, **_document_shown(document))
    if document is not None:
        return _private(redirect(f"{request.path}?uploaded=1#documents"))
    return _private(redirect(f"{request.path}?saved=1"))


def _document(request, link, *, wanted: bool) -> UploadForm | None:
    """The document sent with the answers, stored (the form without errors) or refused
    (the form with them); None when none was sent."""
    if not wanted and not request.FILES:
        return None
    form = UploadForm(request.POST, request.FILES)

    def store(data):
        questionnaire_upload(
            link=link, kind=data["kind"], upload=data["file"], expires_on=data["expires_on"]
        )

    form_submit(form, store)
    return form


def _document_shown(document: UploadForm | None) -> dict:
    """What the page says about the document sent with the answers."""
    if document is None:
        return {}
    if document.errors:
        return {"upload_form": document}
    return {"uploaded": True}


def _submit(request, link, document):
    """The final answers, once the confirmation is ticked and any document sent with
    them is stored; a refusal shows what was typed, with the reasons."""
    refusal = _submit_refusal(request, document)
    if not refusal:
        try:
            questionnaire_submit(link=link, answers=_posted_answers(request))
        except ValidationError:
            pass  # the fields' own errors say why, below
        else:
            context = {"assessment": link.assessment}
            return _private(render(request, "vendors/questionnaire/submitted.html", context))
    form = AnswersForm(request.POST, complete=True)
    form.is_valid()  # the same validation as the service's: the same field errors
    if refusal:
        form.add_error(None, refusal)
    return _page(request, link, form=form, status=400, **_document_shown(document))


def _submit_refusal(request, document: UploadForm | None) -> str:
    if request.POST.get("confirm") != "yes":
        return "Tick the confirmation to submit; your answers are not lost."
    if document is not None and document.errors:
        return "The document was not accepted, so nothing was submitted; your answers are not lost."
    return ""


def _upload_refused(request, problem: str, token: str):
    """A body refused before it is read (too large, an unsafe file name): nothing of it
    is kept, so the page shows the draft as last saved."""
    try:
        link = questionnaire_link_for_token(token)
    except LinkClosed as exc:
        return _closed(request, exc)
    return _page(request, link, status=400, upload_error=f"The file was not accepted: {problem}")


questionnaire_page = require_http_methods(["GET", "POST"])(
    _link_first(
        evidence_upload_view(
            _questionnaire,
            max_bytes=lambda: settings.VENDOR_UPLOAD_MAX_BYTES,
            refused=_upload_refused,
        )
    )
)
