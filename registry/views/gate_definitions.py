"""The lifecycle gates as administrators keep them: the list of gates in force (every
member reads it) and the edit of one gate, published as its next version."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.choices import Role
from core.permissions import can
from core.views.common import require_can
from registry.forms.gates import GateDefinitionForm
from registry.forms.systems import add_service_errors
from registry.selectors.gate_pages import gate_definition_current_for, gate_definition_versions
from registry.selectors.gates import gate_definitions_current
from registry.services.gate_definitions import gate_definition_publish
from registry.views.common import render_form

ROLE_LABELS = dict(Role.choices)


def gate_rows(gates) -> list[dict]:
    """Each gate as the list shows it: its requirements in words."""
    return [
        {
            "gate": gate,
            "approvals": [ROLE_LABELS.get(role, role) for role in gate.approvals],
            "tiers": ", ".join(gate.tiers),
        }
        for gate in gates
    ]


@require_GET
def gate_list(request):
    require_can(request, "registry.gate.view")
    context = {
        "rows": gate_rows(gate_definitions_current()),
        "may_edit": can(request.user, "registry.gate.definition.change"),
    }
    return render(request, "registry/gates/gate_list.html", context)


@require_http_methods(["GET", "POST"])
def gate_edit(request, slug: str):
    require_can(request, "registry.gate.definition.change")
    current = gate_definition_current_for(request.user, slug)
    posted = request.method == "POST"
    form = GateDefinitionForm(
        request.POST if posted else None, initial=GateDefinitionForm.initial_from(current)
    )
    if posted and form.is_valid():
        try:
            published = gate_definition_publish(actor=request.user, slug=slug, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"{published.name} version {published.version} is in force for new requests; "
                "requests already open keep the version they were opened on.",
            )
            return redirect("gates:gate_list")
    context = {"form": form, "gate": current, "versions": gate_definition_versions(slug)}
    return render_form(request, "registry/gates/gate_form.html", context, invalid=posted)
