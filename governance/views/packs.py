"""The audit packs' pages: the list with the export form, one pack (its row, live, for
htmx; a page otherwise), the download and the retry."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.lists.views import render_list
from core.permissions import can
from core.views.common import no_store, require_can, viewer_time_zone
from governance.forms.packs import PackRequestForm
from governance.forms.risks import add_service_errors
from governance.models import AuditPack
from governance.rules import packs as pack_rules
from governance.selectors import packs as selectors
from governance.services.packs.export import (
    ORGANISATION,
    pack_download_record,
    pack_request,
    pack_retry,
)

BAD_REQUEST = 400
CONFLICT = 409
GONE = 410


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


def _add_request_errors(form: PackRequestForm, exc: ValidationError) -> None:
    """The service's refusal on the form: each field's beside it; a missing organisation
    profile item (no field of the form) above it, in its own words."""
    errors = exc.message_dict
    organisation = errors.pop(ORGANISATION, None)
    if organisation:
        form.add_error(None, organisation)
    if errors:
        add_service_errors(form, ValidationError(errors))


@require_http_methods(["GET", "POST"])
def pack_list(request):
    """The packs the user may see; the export form for those who may export."""
    require_can(request, "governance.pack.view")
    may_request = can(request.user, "governance.pack.request")
    posted = request.method == "POST"
    if posted:
        require_can(request, "governance.pack.request")
    today = timezone.localdate()
    form = None
    if may_request:
        form = PackRequestForm(
            request.POST if posted else None, user=request.user, today=today,
            initial=_prefill(request),
        )  # fmt: skip
    if posted and form.is_valid():
        try:
            pack = pack_request(actor=request.user, **form.service_data())
        except ValidationError as exc:
            _add_request_errors(form, exc)
        else:
            messages.success(request, f"{pack.pack_id} is queued: its progress shows below.")
            return redirect("governance:pack_list")
    params = request.GET if not posted else {}
    query = selectors.pack_list_for(request.user, params, **_list_context(request))
    response = render_list(
        request, query, "governance/packs/list.html",
        {"form": form, "retention_days": settings.PACK_RETENTION_DAYS},
    )  # fmt: skip
    if posted:
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
    if request.headers.get("HX-Request"):
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
        selectors.pack_open(pack=pack), as_attachment=True, content_type="application/pdf",
        filename=pack_rules.pack_file_name(pack.pack_id, pack.scope, system_ids),
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def pack_retry_view(request, pk: int):
    pack = selectors.pack_get_for(request.user, pk=pk)
    require_can(request, "governance.pack.retry", pack)
    try:
        pack_retry(actor=request.user, pack=pack)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{pack.pack_id} is queued again.")
    return redirect("governance:pack_list")
