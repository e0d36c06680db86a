"""Reading multipart uploads so that an unsafe file name is refused, not renamed.

Django's parser quietly cuts a name like "../../etc/report.pdf" down to "report.pdf"
before any view sees it. An evidence upload refuses such a name instead
(core.evidence.rules.name_problem), and a body far over EVIDENCE_MAX_BYTES before
reading it, with a 400 naming the `file` field:
- pages: decorate the view with `evidence_upload_view` (it parses the body itself,
  then checks the CSRF token as usual);
- the API: `parser_classes = [EvidenceMultiPartParser]` on the view.
"""

from __future__ import annotations

import functools
import html

from django.conf import settings
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from django.utils.html import format_html
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.exceptions import ValidationError as ApiValidationError

from core.evidence import rules

# Room for the form's other fields and the multipart framing around the file.
FORM_OVERHEAD = 64 * 1024


def body_too_large(meta, limit: int | None = None) -> str:
    """Refuse a body far over the limit (EVIDENCE_MAX_BYTES unless given) before reading
    any of it: the message, or ""."""
    try:
        length = int(meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return ""
    limit = limit or settings.EVIDENCE_MAX_BYTES
    return rules.size_problem(length, limit) if length > limit + FORM_OVERHEAD else ""


class UnsafeFileName(MultiPartParserError):
    """An uploaded file's name that the rules refuse; the message says why."""


class NameCheckingMultiPartParser(MultiPartParser):
    """Django's multipart parser, refusing the names it would otherwise rewrite."""

    def sanitize_file_name(self, file_name):
        problem = rules.name_problem(html.unescape(file_name))
        if problem:
            raise UnsafeFileName(problem)
        return super().sanitize_file_name(file_name)


class EvidenceMultiPartParser(parsers.MultiPartParser):
    """For the API: multipart bodies whose unsafe file names are a 400 on `file`."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = parser_context["request"]
        if problem := body_too_large(request.META):
            raise ApiValidationError({"file": [problem]})
        meta = request.META.copy()
        meta["CONTENT_TYPE"] = media_type
        encoding = parsers.get_encoding(parser_context)
        try:
            parser = NameCheckingMultiPartParser(meta, stream, request.upload_handlers, encoding)
            data, files = parser.parse()
        except UnsafeFileName as exc:
            raise ApiValidationError({"file": [str(exc)]}) from exc
        except MultiPartParserError as exc:
            raise ParseError(f"Multipart form parse error - {exc}") from exc
        return parsers.DataAndFiles(data, files)


def evidence_upload_view(view=None, *, max_bytes=None, refused=None):
    """For pages that take an upload: parse a multipart POST with the name check
    before the CSRF check reads it (Django's documented way to change how uploads are
    handled), then check the CSRF token as every page does. An unsafe name is a 400
    with the reason; nothing else runs.

    Used bare (`@evidence_upload_view`) or with options: `max_bytes()` gives a smaller
    limit at request time, `refused(request, message, *args, **kwargs)` answers a
    refusal with the page's own response."""
    if view is None:
        return functools.partial(evidence_upload_view, max_bytes=max_bytes, refused=refused)
    protected = csrf_protect(view)
    answer = refused or (lambda request, problem, *args, **kwargs: _refused(request, problem))

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and request.content_type == "multipart/form-data":
            limit = max_bytes() if max_bytes else None
            if problem := body_too_large(request.META, limit):
                return answer(request, problem, *args, **kwargs)
            parser = NameCheckingMultiPartParser(
                request.META, request, request.upload_handlers, request.encoding
            )
            try:
                request._post, request._files = parser.parse()
            except UnsafeFileName as exc:
                return answer(request, str(exc), *args, **kwargs)
        return protected(request, *args, **kwargs)

    return wrapper


def _refused(request, problem: str) -> HttpResponse:
    """Before the CSRF check and the view, an answer that changes nothing. An htmx form
    gets the message at its top (static/js/portal.js clears it on the next request),
    rather than in place of what it would have swapped."""
    message = f"The file was not accepted: {problem}"
    # django-htmx has read the request already: the guard runs as the view is called,
    # after every middleware (HtmxMiddleware included) has seen the request.
    if not request.htmx:
        return HttpResponse(message, status=400, content_type="text/plain")
    note = format_html('<p class="htmx-error message message-error" role="alert">{}</p>', message)
    response = HttpResponse(note, status=400)
    response["HX-Retarget"] = f'form[hx-post="{request.path}"]'
    response["HX-Reswap"] = "afterbegin"
    return response
