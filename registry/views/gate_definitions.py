"""The lifecycle gates as administrators keep them: the list of gates in force (every
member reads it) and the edit of one gate, published as its next version."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from core.choices import Role
from core.forms import form_submit
from core.permissions import can
from core.views.common import require_can
from core.views.responder import form_saved
from registry.forms.gates import GateDefinitionForm
from registry.selectors.gate_pages import gate_definition_current_for, gate_definition_versions
from registry.selectors.gates import gate_definitions_current
from registry.services.gate_definitions import gate_definition_publish
from registry.views.common import form_page

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

    def publish(data):
        return gate_definition_publish(actor=request.user, slug=slug, **data)

    if posted and (published := form_submit(form, publish)):
        gate = published.result
        message = (
            f"{gate.name} version {gate.version} is in force for new requests; "
            "requests already open keep the version they were opened on."
        )
        return form_saved(request, url=reverse("gates:gate_list"), message=message)
    context = {"form": form, "gate": current, "versions": gate_definition_versions(slug)}
    return form_page(request, "registry/gates/gate_form.html", context, refused=posted)
