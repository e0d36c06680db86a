"""The Annex VIII and Annex IV pages of a system (issue 19 section 3).

/compliance/systems/<id>/annex-viii/ shows the sections of the EU database registration
that concern the system, each item's value or gap; `?format=json` and `?format=pdf`
download it; a post records the registration number once received. A system the annex
does not concern gets a page saying why (409), as the API does.
/compliance/systems/<id>/annex-iv/ starts a render of the technical documentation (a
background job), shows its progress (the row polls itself with htmx) and the downloads.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from compliance.exchange.annex_viii import NotConcerned
from compliance.forms.annex import EuDatabaseNumberForm
from compliance.models import AnnexIvRender
from compliance.selectors import annex as selectors
from compliance.services import annex as services
from core.forms import form_submit
from core.permissions import can
from core.views.common import no_store, require_can, viewer_time_zone
from core.views.responder import form_refused, form_saved
from registry.models import AISystem
from registry.selectors.systems import system_get_for

VIEW = "compliance.view"
CONFLICT = 409


def system_for(request, system_id: str) -> AISystem:
    require_can(request, VIEW)
    return system_get_for(request.user, system_id=system_id)


def viii_url(system: AISystem) -> str:
    return reverse("compliance:annex_viii", args=[system.system_id])


def iv_url(system: AISystem) -> str:
    return reverse("compliance:annex_iv", args=[system.system_id])


def _file_name(system: AISystem, what: str, ext: str) -> str:
    return f"{system.system_id}-{what}-{timezone.localdate():%Y%m%d}.{ext}"


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def annex_viii_page(request, system_id: str):
    system = system_for(request, system_id)
    if request.method == "POST":
        return _number_post(request, system)
    try:
        document = selectors.annex_viii_for(system, timezone.localdate())
    except NotConcerned as why:
        context = {"system": system, "why": str(why), "annex": "VIII"}
        return render(request, "compliance/annex_not_concerned.html", context, status=CONFLICT)
    wanted = request.GET.get("format", "")
    if wanted == "json":
        data = json.dumps(document.as_dict(), indent=2).encode()
        return _download(data, "application/json", _file_name(system, "annex-viii", "json"))
    if wanted == "pdf":
        return _viii_pdf(request, system, document)
    return render(request, "compliance/annex_viii.html", _viii_context(request, system, document))


def _viii_context(request, system, document, form=None) -> dict:
    may_record = can(request.user, "compliance.registration.record", system)
    return {
        "system": system,
        "document": document,
        "form": form or (EuDatabaseNumberForm() if may_record else None),
        "post_url": viii_url(system),
    }


def _viii_pdf(request, system, document):
    try:
        pdf = services.annex_viii_pdf(
            actor=request.user,
            document=document,
            system=system,
            zone=viewer_time_zone(request.user),
        )
    except ValidationError as refused:
        text = " ".join(" ".join(m) for m in refused.message_dict.values())
        return HttpResponse(text, status=CONFLICT, content_type="text/plain; charset=utf-8")
    return _download(pdf, "application/pdf", _file_name(system, "annex-viii", "pdf"))


def _number_post(request, system: AISystem):
    require_can(request, "compliance.registration.record", system)
    form = EuDatabaseNumberForm(request.POST)

    def record(data):
        return services.eu_database_number_record(
            actor=request.user, system=system, number=data["eu_database_number"]
        )

    if form_submit(form, record):
        message = f"EU database registration number of {system.system_id} recorded."
        return form_saved(request, url=viii_url(system), message=message)
    crumbs = [(system.system_id, viii_url(system))]
    context = {"form": form, "post_url": viii_url(system), "system": system}
    return form_refused(
        request, partial="compliance/_annex_number_form.html", context=context, crumbs=crumbs
    )


# --- Annex IV --------------------------------------------------------------------------


@require_GET
def annex_iv_page(request, system_id: str):
    system = system_for(request, system_id)
    why = services.annex_iv_concerns(system)
    if why:
        context = {"system": system, "why": why, "annex": "IV"}
        return render(request, "compliance/annex_not_concerned.html", context, status=CONFLICT)
    context = {
        "system": system,
        "renders": selectors.annex_iv_renders(system),
        "may_render": can(request.user, "compliance.annex.render", system),
    }
    return no_store(render(request, "compliance/annex_iv.html", context))


@require_POST
def annex_iv_start(request, system_id: str):
    system = system_for(request, system_id)
    require_can(request, "compliance.annex.render", system)
    try:
        services.annex_iv_request(actor=request.user, system=system)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return form_saved(request, url=iv_url(system))
    message = "The Annex IV document is being rendered; this page shows its progress."
    return form_saved(request, url=iv_url(system), message=message)


@require_GET
def annex_iv_row(request, system_id: str, render_id: int):
    """htmx (the row polling its progress): that row; otherwise the page."""
    system = system_for(request, system_id)
    item = selectors.annex_iv_render_get(system, render_id)
    if not request.htmx:
        return annex_iv_page(request, system_id)
    response = no_store(
        render(request, "compliance/_annex_iv_row.html", {"render": item, "system": system})
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def annex_iv_download(request, system_id: str, render_id: int):
    system = system_for(request, system_id)
    item = selectors.annex_iv_render_get(system, render_id)
    if item.status != AnnexIvRender.Status.DONE:
        context = {"system": system, "render": item}
        return render(request, "compliance/annex_iv_not_ready.html", context, status=CONFLICT)
    services.annex_iv_download_record(actor=request.user, render=item)
    name = f"{system.system_id}-annex-iv-{item.render_id}.pdf"
    return _download(selectors.annex_iv_pdf(item), "application/pdf", name)
