"""The audit packs' pages: the list with the export form, one pack (its row, live, for
htmx; a page otherwise), the download and the retry."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import FileResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import form_submit
from core.lists.views import render_list
from core.permissions import can
from core.views.common import no_store, require_can, require_can_on_post, viewer_time_zone
from core.views.responder import form_refused, form_saved
from governance.forms.packs import PackRequestForm
from governance.models import AuditPack
from governance.rules import packs as pack_rules
from governance.selectors import packs as selectors
from governance.services.packs.export import (
    ORGANISATION,
    pack_download_record,
    pack_request,
    pack_retry,
)
from governance.views.common import button_answer

BAD_REQUEST = 400
CONFLICT = 409
GONE = 410
REQUEST_FORM = "governance/packs/_request_form.html"


def _list_context(request) -> dict:
    """What the packs list's cells need besides the row: time zone, retry button."""
    return {
        "time_zone": viewer_time_zone(request.user),
        "csrf_token": get_token(request),
        "may_retry": can(request.user, "governance.pack.retry"),
    }


def _prefill(request) -> dict:
    system = request.GET.get("system", "")
    if not system:
        return {}
    return {"scope": AuditPack.Scope.SYSTEM, "systems": [system]}


def _pack_request(*, actor, **data) -> AuditPack:
    """The service, with a missing organisation profile item (no field of the form) as
    the form's own error, above it in its own words; every other beside its field."""
    try:
        return pack_request(actor=actor, **data)
    except ValidationError as exc:
        errors = exc.message_dict
        organisation = errors.pop(ORGANISATION, None)
        if organisation:
            errors[NON_FIELD_ERRORS] = organisation + errors.get(NON_FIELD_ERRORS, [])
        raise ValidationError(errors) from None


@require_http_methods(["GET", "POST"])
def pack_list(request):
    """The packs the user may see; the export form for those who may export."""
    require_can(request, "governance.pack.view")
    may_request = require_can_on_post(request, "governance.pack.request")
    posted = request.method == "POST"
    form = None
    if may_request:
        form = PackRequestForm(
            request.POST if posted else None,
            user=request.user,
            today=timezone.localdate(),
            initial=_prefill(request),
        )
    if posted:
        asked = form_submit(
            form, lambda _data: _pack_request(actor=request.user, **form.service_data())
        )
        if asked:
            message = f"{asked.result.pack_id} is queued: its progress shows below."
            return form_saved(request, url=reverse("governance:pack_list"), message=message)
    return _list_page(request, form, refused=posted)


def _list_page(request, form, *, refused: bool):
    """The list with the export form; 400 with the form's errors when it was refused
    (the form is part of the list's page, so the page comes again, or the form alone
    for htmx)."""
    context = {"form": form, "retention_days": settings.PACK_RETENTION_DAYS}
    if refused and request.htmx:
        return form_refused(request, partial=REQUEST_FORM, context=context)
    params = request.GET if not refused else {}
    query = selectors.pack_list_for(request.user, params, **_list_context(request))
    response = render_list(request, query, "governance/packs/list.html", context)
    if refused:
        response.status_code = BAD_REQUEST
    return response


def _row_html(query, pack: AuditPack) -> str:
    """The pack's row of the packs list, as the list itself writes it."""
    rows = list(query.rows().filter(pk=pack.pk))
    return mark_safe(f"<tr>{query.table_rows(rows)[0]}</tr>")


@require_GET
def pack_detail(request, pk: int):
    """htmx (a row polling its progress): that row only. Otherwise the pack's own page,
    so that a fragment is never shown as a page (from history or a bookmark)."""
    pack = selectors.pack_get_for(request.user, pk=pk)
    query = selectors.pack_list_for(request.user, {}, **_list_context(request))
    context = {"pack": pack, "row": _row_html(query, pack)}
    if request.htmx:
        template = "governance/packs/_row.html"
    else:
        context["headers"] = query.headers()
        template = "governance/packs/detail.html"
    response = no_store(render(request, template, context))
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def pack_download(request, pk: int):
    """The PDF, as an attachment; 410 once retention deleted it; audited."""
    pack = selectors.pack_get_for(request.user, pk=pk)
    if pack.deleted_at is not None:
        context = {"pack": pack, "retention_days": settings.PACK_RETENTION_DAYS}
        return render(request, "governance/packs/gone.html", context, status=GONE)
    if pack.status != AuditPack.Status.DONE:
        context = {"pack": pack}
        return render(request, "governance/packs/not_ready.html", context, status=CONFLICT)
    return pack_file_response(request.user, pack)


def pack_file_response(user, pack: AuditPack) -> FileResponse:
    """The pack's bytes as a download (the page and the API alike), its download audited."""
    pack_download_record(actor=user, pack=pack)
    system_ids = list(pack.systems.order_by("system_id").values_list("system_id", flat=True))
    response = FileResponse(
        selectors.pack_open(pack=pack),
        as_attachment=True,
        content_type="application/pdf",
        filename=pack_rules.pack_file_name(pack.pack_id, pack.scope, system_ids),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def pack_retry_view(request, pk: int):
    pack = selectors.pack_get_for(request.user, pk=pk)
    require_can(request, "governance.pack.retry", pack)
    return button_answer(
        request,
        lambda: pack_retry(actor=request.user, pack=pack),
        url=reverse("governance:pack_list"),
        message=f"{pack.pack_id} is queued again.",
    )
