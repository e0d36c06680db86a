"""The risk register's pages: the list and its exports, one risk with its history, the
create, edit and close forms, the CSV import, and the panel on a system's page."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.audit_display import action_label
from core.forms import form_submit
from core.lists import ListParamError, list_export
from core.lists.views import render_list
from core.views.common import require_can, viewer_time_zone
from core.views.responder import form_refused, form_saved
from governance.forms.risks import RiskCloseForm, RiskForm, RiskImportForm
from governance.selectors import risks as selectors
from governance.selectors.risk_history import change_sentences
from governance.services.risk_import import risk_import
from governance.services.risks import risk_close, risk_create, risk_id_next_free, risk_update
from governance.views.common import button_answer
from registry.selectors.systems import system_get_for

BAD_REQUEST = 400


@require_GET
def risk_list(request):
    require_can(request, "governance.risk.view")
    query = selectors.risk_list_for(
        request.user, request.GET, time_zone=viewer_time_zone(request.user)
    )
    return render_list(request, query, "governance/risk_list.html")


@require_GET
def risk_export(request, file_format: str):
    require_can(request, "governance.risk.export")
    query = selectors.risk_list_for(
        request.user, request.GET, time_zone=viewer_time_zone(request.user)
    )
    return list_export(query, actor=request.user, file_format=file_format)


def _risk_for(request, risk_id: str, action: str):
    require_can(request, "governance.risk.view")
    risk = selectors.risk_get_for(request.user, risk_id=risk_id)
    require_can(request, action, risk)
    return risk


@require_GET
def risk_detail(request, risk_id: str):
    risk = _risk_for(request, risk_id, "governance.risk.view")
    status = 200
    try:
        history = selectors.risk_history_for(request.user, risk=risk, params=request.GET)
    except ListParamError as exc:
        messages.error(request, f"History: {' '.join(exc.errors['page'])}")
        history, status = selectors.risk_history_for(request.user, risk=risk, params={}), 400
    events = list(history.object_list)
    names = selectors.risk_history_names(events)
    context = {
        "risk": risk,
        "decision": selectors.risk_latest_decision(risk),
        "history_page": history,
        "history": [
            (event, action_label(event.action), change_sentences(event.changes, names))
            for event in events
        ],
        "close_form": RiskCloseForm(),
        "today": timezone.localdate(),
        "time_zone": viewer_time_zone(request.user),
    }
    return render(request, "governance/risk_detail.html", context, status=status)


RISK_FORM = "governance/_risk_form.html"
RISK_FORM_PAGE = "governance/risk_form.html"


def _risk_form_answer(request, form, risk, save):
    """GET: the form's page. POST: `save(data)` through the form; saved, the risk's page;
    refused, the form again with its errors (core's responder)."""
    context = {"form": form, "risk": risk}
    if request.method != "POST":
        return render(request, RISK_FORM_PAGE, context)
    if saved := form_submit(form, lambda _data: save(form.service_data())):
        risk, message = saved.result
        url = reverse("governance:risk_detail", args=[risk.risk_id])
        return form_saved(request, url=url, message=message)
    return form_refused(request, partial=RISK_FORM, context=context, page=RISK_FORM_PAGE)


@require_http_methods(["GET", "POST"])
def risk_create_view(request):
    require_can(request, "governance.risk.create")
    if request.method == "POST":
        form = RiskForm(request.POST)
    else:
        form = RiskForm(initial={"risk_id": risk_id_next_free()})

    def create(data):
        risk = risk_create(actor=request.user, data=data)
        return risk, f"{risk.risk_id} {risk.title} is in the register."

    return _risk_form_answer(request, form, None, create)


@require_http_methods(["GET", "POST"])
def risk_edit(request, risk_id: str):
    risk = _risk_for(request, risk_id, "governance.risk.change")
    form = RiskForm(request.POST if request.method == "POST" else None, risk=risk)

    def change(data):
        risk_update(actor=request.user, risk=risk, data=data)
        return risk, f"Changes to {risk.risk_id} are saved."

    return _risk_form_answer(request, form, risk, change)


@require_POST
def risk_close_view(request, risk_id: str):
    risk = _risk_for(request, risk_id, "governance.risk.close")
    url = reverse("governance:risk_detail", args=[risk.risk_id])
    form = RiskCloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the risk is closed.")
        return redirect(url)
    note = form.cleaned_data["note"]
    return button_answer(
        request,
        lambda: risk_close(actor=request.user, risk=risk, note=note),
        url=url,
        message=f"{risk.risk_id} is closed.",
    )


@require_http_methods(["GET", "POST"])
def risk_import_view(request):
    """Upload shows a preview (nothing saved); "Import all rows" applies all or none."""
    require_can(request, "governance.risk.import")
    if request.method == "GET":
        return render(request, "governance/risk_import.html", {"form": RiskImportForm()})
    form = RiskImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "governance/risk_import.html", {"form": form}, status=BAD_REQUEST)
    text = form.cleaned_data["text"]
    apply = request.POST.get("apply") == "yes" and not form.cleaned_data.get("file")
    result = risk_import(actor=request.user, text=text, apply=apply)
    if result.applied:
        url = reverse("governance:risk_list")
        return form_saved(request, url=url, message=f"{len(result.rows)} risks imported.")
    context = {"form": RiskImportForm(initial={"text": text}), "result": result, "text": text}
    status = 200 if result.ok else BAD_REQUEST
    return render(request, "governance/risk_import.html", context, status=status)


@require_GET
def system_risks_panel(request, system_id: str):
    """The risks of one system, for the panel on the registry's system page."""
    require_can(request, "governance.risk.view")
    system = system_get_for(request.user, system_id=system_id)
    risks = selectors.risks_of_system_for(request.user, system=system)
    panel = bool(request.htmx)
    context = {
        "system": system,
        "risks": risks,
        "panel": panel,
        "base_template": "governance/_panel_base.html" if panel else "base.html",
    }
    return render(request, "governance/system_risks_panel.html", context)
